"""The files_sharing API as zolicht uses it, and what sharees see of it."""

from __future__ import annotations

from tests.contract.scenarios.common import SHAREE_PROPS, SHARES, XML, data
from tests.contract.session import Actor, Check, Session

DEPTH0 = {"Depth": "0", **XML}
DEPTH1 = {"Depth": "1", **XML}
SHAREES = "/ocs/v2.php/apps/files_sharing/api/v1/sharees"


def prepare(s: Session, owner: Actor) -> None:
    s.dav(owner, "MKCOL", "Gezin", "a family folder")
    for name in ("plan.txt", "afspraken.txt", "notes.txt"):
        s.dav(owner, "PUT", f"Gezin/{name}", f"upload {name}", content=name.encode())


def share(s: Session, who: Actor, label: str, path: str, kind: int, with_: str | None,
          permissions: int | None = None, **more: str) -> str:
    body: dict[str, object] = {"path": path, "shareType": kind, **more}
    if with_ is not None:
        body["shareWith"] = with_
    if permissions is not None:
        body["permissions"] = permissions
    return str(data(s.ocs(who, "POST", SHARES, label, data=body), "id"))


def scenario(s: Session) -> None:
    owner, sharee, stranger = s.user("owner"), s.user("sharee"), s.user("stranger")
    prepare(s, owner)
    s.ocs(owner, "GET", SHARES, "no shares yet", params={"reshares": "true"})
    read = share(s, owner, "user share, read, mail by default", "/Gezin/plan.txt", 0,
                 sharee.uid, 1)
    s.mails("the sharee is mailed about plan.txt")
    share(s, owner, "user share, edit, sendMail=false", "/Gezin/afspraken.txt", 0,
          sharee.uid, 3, sendMail="false")
    s.mails("no mail with sendMail=false")
    share(s, owner, "the same file to the same user again", "/Gezin/plan.txt", 0,
          sharee.uid, 1)
    link = share(s, owner, "link share asked with permissions 1", "/Gezin/notes.txt", 3,
                 None, 1)
    share_errors(s, owner, sharee)
    s.ocs(owner, "GET", SHARES, "all shares of the owner", params={"reshares": "true"})
    s.ocs(owner, "GET", SHARES, "shares of one file", params={
        "path": "/Gezin/plan.txt", "reshares": "true", "subfiles": "false"})
    s.ocs(owner, "GET", SHARES, "shares inside the folder", params={
        "path": "/Gezin", "reshares": "true", "subfiles": "true"})
    s.ocs(owner, "GET", SHARES, "shares of a missing path", params={
        "path": "/Gezin/missing.txt", "reshares": "true", "subfiles": "false"})
    s.ocs(owner, "PUT", f"{SHARES}/{read}", "raise a share to edit", data={"permissions": 3})
    s.ocs(owner, "PUT", f"{SHARES}/{read}", "create and delete rights on a file",
          data={"permissions": 15})
    s.ocs(sharee, "GET", SHARES, "what was shared with the sharee",
          params={"shared_with_me": "true"})
    s.dav(sharee, "PROPFIND", "", "the sharee's home", content=SHAREE_PROPS, headers=DEPTH1)
    s.ocs(stranger, "GET", f"{SHARES}/{read}", "a stranger reads the share")
    s.ocs(stranger, "DELETE", f"{SHARES}/{read}", "a stranger deletes the share")
    s.ocs(sharee, "PUT", f"{SHARES}/{read}", "the sharee edits the incoming share",
          data={"permissions": 1})
    s.ocs(owner, "DELETE", f"{SHARES}/{read}", "delete the share")
    s.ocs(owner, "DELETE", f"{SHARES}/{read}", "delete it again")
    s.ocs(owner, "DELETE", f"{SHARES}/{link}", "delete the link share")
    s.dav(sharee, "PROPFIND", "plan.txt", "plan.txt is gone for the sharee",
          content=SHAREE_PROPS, headers=DEPTH0)
    # by this run's id: Nextcloud returns the first 200 matches by display name, so what a
    # short search finds depends on everyone else on the server
    s.ocs(sharee, "GET", SHAREES, "the sharees search of an ordinary user",
          params={"search": s.run, "itemType": "file"},
          check=Check(select=("json.ocs.data.users", "json.ocs.data.groups")))


def share_errors(s: Session, owner: Actor, sharee: Actor) -> None:
    share(s, owner, "share with yourself", "/Gezin/plan.txt", 0, owner.uid, 1)
    share(s, owner, "share with nobody", "/Gezin/plan.txt", 0, s.uid("nobody"), 1)
    share(s, owner, "share a missing file", "/Gezin/missing.txt", 0, sharee.uid, 1)
    share(s, owner, "an unknown share type", "/Gezin/plan.txt", 99, sharee.uid, 1)
    share(s, owner, "share without read permission", "/Gezin/notes.txt", 0, sharee.uid, 2)
    share(s, s.user("stranger"), "a stranger shares the owner's file", "/Gezin/plan.txt",
          0, sharee.uid, 1)


def group_shares(s: Session) -> None:
    owner, member, other = s.user("owner"), s.user("member"), s.user("other")
    readers = s.group("readers", "member")
    editors = s.group("editors", "member")
    prepare(s, owner)
    s.drop_mails()
    share(s, owner, "group share, read, mail by default", "/Gezin/plan.txt", 1, readers, 1)
    s.mails("who is mailed about a group share")
    share(s, owner, "the same file to the same group again", "/Gezin/plan.txt", 1, readers,
          1)
    share(s, owner, "group share, edit, same file", "/Gezin/plan.txt", 1, editors, 3)
    share(s, owner, "group share of another file", "/Gezin/afspraken.txt", 1, readers, 1,
          sendMail="false")
    share(s, owner, "share with a missing group", "/Gezin/notes.txt", 1, s.uid("nogroup"), 1)
    s.ocs(member, "GET", SHARES, "a member's incoming shares",
          params={"shared_with_me": "true"})
    s.dav(member, "PROPFIND", "", "a member's home", content=SHAREE_PROPS, headers=DEPTH1)
    s.dav(member, "PROPFIND", "plan.txt", "the file in both a read and an edit share",
          content=SHAREE_PROPS, headers=DEPTH0)
    s.next_second()
    s.dav(member, "PUT", "plan.txt", "the member writes through the edit share",
          content=b"member\n")
    s.dav(other, "PROPFIND", "plan.txt", "not a member: nothing", content=SHAREE_PROPS,
          headers=DEPTH0)
    s.ocs(s.admin, "DELETE", f"/ocs/v2.php/cloud/users/{member.uid}/groups",
          "take the member out of the edit group", params={"groupid": editors})
    s.dav(member, "PROPFIND", "plan.txt", "after leaving the edit group",
          content=SHAREE_PROPS, headers=DEPTH0)
    s.dav(member, "PUT", "plan.txt", "writing is refused now", content=b"again\n")
    s.ocs(s.admin, "DELETE", f"/ocs/v2.php/cloud/users/{member.uid}/groups",
          "take the member out of the read group", params={"groupid": readers})
    s.dav(member, "PROPFIND", "plan.txt", "the file is gone at once", content=SHAREE_PROPS,
          headers=DEPTH0)
    s.ocs(member, "GET", SHARES, "no incoming shares left", params={"shared_with_me": "true"})
