"""Users, groups and memberships, as the service account manages them; new accounts."""

from __future__ import annotations

from tests.contract.scenarios.common import FILE_PROPS, XML
from tests.contract.session import Check, Session

USERS = "/ocs/v2.php/cloud/users"
GROUPS = "/ocs/v2.php/cloud/groups"


def scenario(s: Session) -> None:
    admin, user = s.admin, s.user("user")
    uid, gid = s.uid("person"), s.uid("family")
    person = {"userid": uid, "email": f"{uid}@example.test", "displayName": "Person Test"}
    s.ocs(admin, "POST", USERS, "create a user by e-mail, without a password", data=person)
    s.mails("the new user gets a welcome mail")
    s.ocs(admin, "POST", USERS, "create the same user again", data=person)
    s.ocs(admin, "GET", f"{USERS}/{uid}", "get the user")
    s.ocs(admin, "GET", f"{USERS}/{s.uid('nobody')}", "get a user that does not exist")
    s.ocs(admin, "GET", f"{USERS}/details", "users with details (this run's)",
          check=Check(select=("json.ocs.data.users",)))
    s.ocs(admin, "PUT", f"{USERS}/{uid}", "change the e-mail address",
          data={"key": "email", "value": f"{uid}.new@example.test"})
    s.ocs(admin, "PUT", f"{USERS}/{uid}", "an e-mail address that is not one",
          data={"key": "email", "value": "not-an-address"})
    s.ocs(admin, "PUT", f"{USERS}/{uid}", "set a password",
          data={"key": "password", "value": "Fresh-Password-For-Person-9"})
    s.ocs(admin, "PUT", f"{USERS}/{uid}", "a password that is too short",
          data={"key": "password", "value": "Xq7#k"})
    s.ocs(admin, "PUT", f"{USERS}/{s.uid('nobody')}", "edit a user that does not exist",
          data={"key": "email", "value": "x@example.test"})
    s.mails("mails after the edits")
    s.ocs(admin, "GET", GROUPS, "search groups (none yet)", params={"search": s.run})
    s.ocs(admin, "POST", GROUPS, "create a group",
          data={"groupid": gid, "displayname": "Family Test"})
    s.ocs(admin, "POST", GROUPS, "create the same group again",
          data={"groupid": gid, "displayname": "Family Test"})
    s.ocs(admin, "GET", GROUPS, "search groups", params={"search": s.run})
    s.ocs(admin, "GET", f"{GROUPS}/{gid}/users", "members of an empty group")
    s.ocs(admin, "GET", f"{GROUPS}/{s.uid('nogroup')}/users", "members of a missing group")
    memberships(s, uid, gid)
    s.ocs(user, "POST", USERS, "an ordinary user creates a user",
          data={"userid": s.uid("other"), "email": f"{s.uid('other')}@example.test"})
    s.ocs(user, "GET", f"{USERS}/{uid}", "an ordinary user reads another user")
    s.ocs(user, "GET", f"{USERS}/{user.uid}", "an ordinary user reads themself")
    s.ocs(user, "POST", GROUPS, "an ordinary user creates a group",
          data={"groupid": s.uid("theirs")})
    s.ocs(admin, "DELETE", f"{GROUPS}/{gid}", "delete the group")
    s.ocs(admin, "DELETE", f"{GROUPS}/{gid}", "delete the group again")


def memberships(s: Session, uid: str, gid: str) -> None:
    admin, url = s.admin, f"{USERS}/{uid}/groups"
    s.ocs(admin, "POST", url, "add the user to the group", data={"groupid": gid})
    s.ocs(admin, "POST", url, "add the user to the group again", data={"groupid": gid})
    s.ocs(admin, "POST", url, "add the user to a missing group",
          data={"groupid": s.uid("nogroup")})
    s.ocs(admin, "GET", f"{GROUPS}/{gid}/users", "members of the group")
    s.ocs(admin, "GET", f"{USERS}/{uid}", "the user now lists the group")
    s.ocs(admin, "DELETE", url, "remove the user from the group", params={"groupid": gid})
    s.ocs(admin, "DELETE", url, "remove a non-member from the group", params={"groupid": gid})
    s.ocs(admin, "DELETE", url, "remove the user from a missing group",
          params={"groupid": s.uid("nogroup")})


def new_account(s: Session) -> None:
    """What a fresh account holds: skeleton files and the default calendars."""
    uid = s.uid("fresh")
    s.ocs(s.admin, "POST", USERS, "create an account with a password",
          data={"userid": uid, "password": "Fresh-Account-Password-7", "email":
                f"{uid}@example.test"})
    s.ocs(s.admin, "GET", f"{USERS}/{uid}", "the account before its first login")
    s.drop_mails()
    fresh = s.adopt("fresh", "Fresh-Account-Password-7")
    s.dav(fresh, "PROPFIND", "", "their files after the first login", content=FILE_PROPS,
          headers={"Depth": "1", **XML})
    s.call(fresh, "PROPFIND", f"/remote.php/dav/calendars/{uid}/", "their calendar home",
           content=CALENDAR_NAMES, headers={"Depth": "1", **XML})
    s.ocs(s.admin, "GET", f"{USERS}/{uid}", "the account after its first login")


CALENDAR_NAMES = (
    b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/>'
    b"<d:displayname/></d:prop></d:propfind>"
)
