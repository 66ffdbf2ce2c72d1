"""status.php, capabilities, the current user, and how logins fail."""

from __future__ import annotations

from tests.contract.session import Check, Session

CAPABILITIES = Check(only=(
    "json.ocs.meta", "json.ocs.data.version", "json.ocs.data.capabilities.core",
    "json.ocs.data.capabilities.files_sharing", "json.ocs.data.capabilities.dav",
    "json.ocs.data.capabilities.provisioning_api",
))
"""What a client reads: the version and the parts zolicht and its sharing rely on."""


def scenario(s: Session) -> None:
    user = s.user("user")
    s.call(s.anonymous, "GET", "/status.php", "status.php needs no login")
    s.ocs(s.anonymous, "GET", "/ocs/v2.php/cloud/capabilities", "capabilities, anonymous",
          check=CAPABILITIES)
    s.ocs(s.admin, "GET", "/ocs/v2.php/cloud/capabilities", "capabilities, admin",
          check=CAPABILITIES)
    s.ocs(s.admin, "GET", "/ocs/v2.php/cloud/user", "current user: admin (app password)")
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "current user: user (app password)")
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "current user: user (login password)",
          auth=(user.uid, user.password))
    s.ocs(user, "GET", "/ocs/v1.php/cloud/user", "current user over OCS v1")
    s.call(user, "GET", "/ocs/v2.php/cloud/user", "without OCS-APIRequest: CSRF check",
           headers={"Accept": "application/json"})
    s.ocs(s.anonymous, "GET", "/ocs/v2.php/cloud/user", "no credentials")
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "wrong password",
          auth=(user.uid, "not-the-password"))
    s.ocs(user, "GET", "/ocs/v2.php/cloud/users", "ordinary user lists users")
    s.ocs(user, "GET", "/ocs/v2.php/cloud/nothing-here", "unknown OCS route")
    s.ocs(user, "GET", "/ocs/v2.php/core/getapppassword",
          "app password asked with an app password")
    s.reset_bruteforce()
