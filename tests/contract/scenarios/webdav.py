"""WebDAV as the owner, as a sharee with an edit share, and as a stranger."""

from __future__ import annotations

from tests.contract.scenarios.common import FILE_PROPS, SHAREE_PROPS, SHARES, XML, data
from tests.contract.session import Actor, Session

DEPTH0 = {"Depth": "0", **XML}
DEPTH1 = {"Depth": "1", **XML}


def scenario(s: Session) -> None:
    owner = s.user("owner")
    s.dav(owner, "PROPFIND", "", "the home, depth 0", content=FILE_PROPS, headers=DEPTH0)
    s.dav(owner, "MKCOL", "Gezin", "a new folder")
    s.dav(owner, "MKCOL", "Gezin", "the same folder again")
    s.dav(owner, "MKCOL", "Missing/Child", "a folder in a missing folder")
    s.dav(owner, "PUT", "Gezin/plan.txt", "upload a new file", content=b"plan v1\n")
    s.next_second()
    s.dav(owner, "PUT", "Gezin/plan.txt", "overwrite it", content=b"plan, version 2\n")
    s.dav(owner, "PUT", "Missing/plan.txt", "upload into a missing folder", content=b"x")
    s.dav(owner, "GET", "Gezin/plan.txt", "download it")
    s.dav(owner, "GET", "Gezin/nothing.txt", "download a missing file")
    s.dav(owner, "PROPFIND", "Gezin", "the folder, depth 1", content=FILE_PROPS,
          headers=DEPTH1)
    s.dav(owner, "PROPFIND", "Gezin/nothing.txt", "a missing file", content=FILE_PROPS,
          headers=DEPTH0)
    s.dav(owner, "OPTIONS", "", "OPTIONS on the home")
    sharee_edits(s, owner)
    move_keeps_shares(s, owner)
    s.dav(owner, "DELETE", "Gezin/plan.txt", "delete a file")
    s.dav(owner, "DELETE", "Gezin/plan.txt", "delete it again")


def sharee_edits(s: Session, owner: Actor) -> None:
    sharee, stranger = s.user("sharee"), s.user("stranger")
    s.dav(owner, "PUT", "Gezin/afspraken.txt", "upload a file to share", content=b"a\n")
    s.ocs(owner, "POST", SHARES, "share it for editing", data={
        "path": "/Gezin/afspraken.txt", "shareType": 0, "shareWith": sharee.uid,
        "permissions": 3, "sendMail": "false"})
    s.ocs(owner, "POST", SHARES, "share plan.txt read-only", data={
        "path": "/Gezin/plan.txt", "shareType": 0, "shareWith": sharee.uid,
        "permissions": 1, "sendMail": "false"})
    s.dav(sharee, "PROPFIND", "", "the sharee's home, depth 1", content=SHAREE_PROPS,
          headers=DEPTH1)
    s.dav(owner, "PROPFIND", "Gezin/afspraken.txt", "owner's etag before the edit",
          content=FILE_PROPS, headers=DEPTH0)
    s.next_second()
    s.dav(sharee, "PUT", "afspraken.txt", "the sharee edits the shared file",
          content=b"afspraken, edited by the sharee\n")
    s.dav(owner, "PROPFIND", "Gezin/afspraken.txt", "owner's etag after the edit",
          content=FILE_PROPS, headers=DEPTH0)
    s.dav(owner, "GET", "Gezin/afspraken.txt", "owner reads the sharee's edit")
    s.dav(sharee, "PUT", "plan.txt", "the sharee writes to a read-only share", content=b"c")
    s.dav(sharee, "PUT", "new.txt", "the sharee writes in their own home", content=b"d")
    s.call(stranger, "PROPFIND", f"/remote.php/dav/files/{owner.uid}/Gezin",
           "a stranger looks into the owner's folder", content=FILE_PROPS, headers=DEPTH0)
    s.call(stranger, "GET", f"/remote.php/dav/files/{owner.uid}/Gezin/plan.txt",
           "a stranger downloads the owner's file")
    s.dav(stranger, "GET", "plan.txt", "the stranger has no such file")


def move_keeps_shares(s: Session, owner: Actor) -> None:
    destination = f"{s.target.url}/remote.php/dav/files/{owner.uid}/Gezin%20Jansen"
    s.dav(owner, "MKCOL", "Other", "a folder in the way")
    s.dav(owner, "MOVE", "Gezin", "move onto an existing folder without overwrite",
          headers={"Destination": f"{s.target.url}/remote.php/dav/files/{owner.uid}/Other",
                   "Overwrite": "F"})
    moved = s.dav(owner, "MOVE", "Gezin", "rename the folder with shared files inside",
                  headers={"Destination": destination, "Overwrite": "F"})
    if moved.status_code >= 300:
        return
    s.dav(owner, "MOVE", "Gezin%20Jansen", "move it back",
          headers={"Destination": f"{s.target.url}/remote.php/dav/files/{owner.uid}/Gezin",
                   "Overwrite": "F"})
    listing = s.ocs(owner, "GET", SHARES, "the shares after the moves",
                    params={"path": "/Gezin", "reshares": "true", "subfiles": "true"})
    if not data(listing):
        return
    s.dav(s.user("sharee"), "PROPFIND", "afspraken.txt", "the sharee still has the file",
          content=SHAREE_PROPS, headers=DEPTH0)
