"""Rate limits (createShare, editUser; group membership has none) and brute-force
protection of logins."""

from __future__ import annotations

from tests.contract.scenarios.common import SHARES, XML
from tests.contract.session import Session

SHARE_LIMIT = 20
EDIT_USER_LIMIT = 50


def share_rate_limit(s: Session) -> None:
    shell, owner, sharee = s.shell, s.user("owner"), s.user("sharee")
    s.dav(owner, "PUT", "limit.txt", "a file to share", content=b"limit\n")
    request = {"path": "/limit.txt", "shareType": 0, "shareWith": sharee.uid,
               "permissions": 1, "sendMail": "false"}
    for n in range(1, SHARE_LIMIT + 2):
        s.ocs(owner, "POST", SHARES, f"createShare #{n}", data=request)
    s.ocs(owner, "GET", SHARES, "listing shares is not limited", params={"reshares": "true"})
    other = s.user("other")
    s.ocs(other, "POST", SHARES, "another user's first share is not limited",
          data={**request, "path": "/nothing.txt"})
    shell.allowlist(True)
    try:
        s.ocs(owner, "POST", SHARES, "allow-listed address with apply_allowlist_to_ratelimit",
              data=request)
    finally:
        shell.allowlist(False)
    s.ocs(owner, "POST", SHARES, "limited again without the allow-list", data=request)
    group = s.group("members")
    url = f"/ocs/v2.php/cloud/users/{sharee.uid}/groups"
    for n in range(1, SHARE_LIMIT + 2):
        if n % 2:
            s.ocs(s.admin, "POST", url, f"group membership change #{n}",
                  data={"groupid": group})
        else:
            s.ocs(s.admin, "DELETE", url, f"group membership change #{n}",
                  params={"groupid": group})


def edit_user_rate_limit(s: Session) -> None:
    user = s.user("user")
    url = f"/ocs/v2.php/cloud/users/{user.uid}"
    for n in range(1, EDIT_USER_LIMIT + 2):
        s.ocs(s.admin, "PUT", url, f"editUser #{n}",
              data={"key": "email", "value": f"{user.uid}.{n}@example.test"})
    s.ocs(s.admin, "GET", url, "reading the user is not limited")


def bruteforce(s: Session) -> None:
    """More than ten failed logins from one address lock that address out."""
    shell, user = s.shell, s.user("user")
    s.reset_bruteforce()
    wrong = (user.uid, "wrong-password")
    for n in range(1, 13):
        s.ocs(user, "GET", "/ocs/v2.php/cloud/user", f"wrong password #{n}", auth=wrong)
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "the right app password now")
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "the right login password now",
          auth=(user.uid, user.password))
    s.dav(user, "PROPFIND", "", "WebDAV now", headers={"Depth": "0", **XML})
    s.call(s.anonymous, "GET", "/status.php", "status.php still answers")
    shell.reset_bruteforce()
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "after the administrator's reset")
