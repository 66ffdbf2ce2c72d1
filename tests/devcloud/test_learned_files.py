"""Accounts, files and sharing as a real Nextcloud 32 showed them (tests/contract recordings).

Each test names the behaviour devcloud had wrong or lacked before the contract suite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.devcloud.conftest import Cloud

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
JSON = {"OCS-APIRequest": "true", "Accept": "application/json"}
PERMISSIONS = (b'<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>'
               b"<oc:permissions/><oc:fileid/></d:prop></d:propfind>")


@pytest.fixture
def person(cloud: Cloud) -> Iterator[Callable[[str], httpx.Client]]:
    """Make a user with an e-mail address; returns a client acting as them."""
    clients: list[httpx.Client] = []

    def make(uid: str) -> httpx.Client:
        with cloud.client() as admin:
            admin.post("/ocs/v2.php/cloud/users", data={
                "userid": uid, "password": f"{uid}-password-1", "email": f"{uid}@example.test",
                "displayName": uid.title()}).raise_for_status()
        clients.append(httpx.Client(base_url=cloud.url, auth=(uid, f"{uid}-password-1"),
                                    headers=JSON))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


People = Callable[[str], httpx.Client]


def data(answer: httpx.Response) -> object:
    return answer.json()["ocs"]["data"]


def propfind(client: httpx.Client, path: str, depth: str) -> list[tuple[str, str, str]]:
    """(href, permissions, fileid) of each entry."""
    text = client.request("PROPFIND", path, headers={"Depth": depth}, content=PERMISSIONS).text
    return re.findall(r"<d:href>([^<]*)</d:href>.*?<oc:permissions>([^<]*)</oc:permissions>"
                      r"<oc:fileid>(\d+)</oc:fileid>", text)


def test_a_new_account_gets_the_skeleton_and_two_calendars_at_first_login(cloud: Cloud) -> None:
    with cloud.client() as admin:
        admin.post("/ocs/v2.php/cloud/users", data={"userid": "new", "password": "New-pass-12"})
        before = data(admin.get("/ocs/v2.php/cloud/users/new?format=json"))
    assert isinstance(before, dict) and before["firstLoginTimestamp"] == 0
    with httpx.Client(base_url=cloud.url, auth=("new", "New-pass-12")) as new:
        files = new.request("PROPFIND", "/remote.php/dav/files/new/", headers={"Depth": "1"})
        calendars = new.request("PROPFIND", "/remote.php/dav/calendars/new/",
                                headers={"Depth": "1"})
    assert "Nextcloud%20intro.mp4" in files.text and "/Templates/" in files.text
    for name in ("personal", "contact_birthdays", "inbox", "outbox", "trashbin"):
        assert f"/remote.php/dav/calendars/new/{name}/" in calendars.text
    with cloud.client() as admin:
        after = data(admin.get("/ocs/v2.php/cloud/users/new?format=json"))
    assert isinstance(after, dict) and after["firstLoginTimestamp"] > 0


def test_capabilities_of_sharing_are_only_for_logged_in_users(cloud: Cloud) -> None:
    with httpx.Client(base_url=cloud.url, headers=JSON) as anonymous:
        public = anonymous.get("/ocs/v2.php/cloud/capabilities")
    with cloud.client() as admin:
        mine = admin.get("/ocs/v2.php/cloud/capabilities?format=json")
    assert public.json()["ocs"]["data"]["capabilities"] == {}
    assert mine.json()["ocs"]["data"]["capabilities"]["provisioning_api"]["version"] == "1.22.0"
    assert public.headers["etag"] != mine.headers["etag"]


def test_passwords_need_ten_characters(cloud: Cloud) -> None:
    cloud.user("short", "Long-enough-1")
    with cloud.client() as admin:
        answer = admin.put("/ocs/v2.php/cloud/users/short?format=json",
                           data={"key": "password", "value": "Xq7#k"})
    assert answer.status_code == 400
    assert answer.json()["ocs"]["meta"]["statuscode"] == 107


def test_a_user_share_mails_the_sharee_unless_told_not_to(cloud: Cloud, person: People) -> None:
    owner, _ = person("owner"), person("sharee")
    owner.put("/remote.php/dav/files/owner/plan.txt", content=b"plan")
    owner.put("/remote.php/dav/files/owner/quiet.txt", content=b"quiet")
    mailed = owner.post(SHARES, data={"path": "/plan.txt", "shareType": 0,
                                      "shareWith": "sharee", "permissions": 1})
    quiet = owner.post(SHARES, data={"path": "/quiet.txt", "shareType": 0,
                                     "shareWith": "sharee", "permissions": 1,
                                     "sendMail": "false"})
    shares = [m for m in cloud.server.outbox() if m.kind == "share"]
    assert [(m.recipient, m.subject) for m in shares] == [
        ("sharee@example.test", "Owner shared plan.txt with you")]
    assert data(mailed)["mail_send"] == 1 and data(quiet)["mail_send"] == 0  # type: ignore[index]
    listed = data(owner.get(SHARES))
    assert isinstance(listed, list) and {s["mail_send"] for s in listed} == {0}


def test_a_group_share_mails_nobody(cloud: Cloud, person: People) -> None:
    owner, _ = person("owner"), person("member")
    with cloud.client() as admin:
        admin.post("/ocs/v2.php/cloud/groups", data={"groupid": "family"})
        admin.post("/ocs/v2.php/cloud/users/member/groups", data={"groupid": "family"})
    owner.put("/remote.php/dav/files/owner/plan.txt", content=b"plan")
    answer = owner.post(SHARES, data={"path": "/plan.txt", "shareType": 1,
                                      "shareWith": "family", "permissions": 1})
    assert data(answer)["mail_send"] == 1  # type: ignore[index]
    assert [m for m in cloud.server.outbox() if m.kind == "share"] == []


def test_shares_other_than_links_always_allow_reading(person: People) -> None:
    owner, _ = person("owner"), person("sharee")
    owner.put("/remote.php/dav/files/owner/plan.txt", content=b"plan")
    answer = owner.post(SHARES, data={"path": "/plan.txt", "shareType": 0,
                                      "shareWith": "sharee", "permissions": 2})
    assert answer.status_code == 200 and data(answer)["permissions"] == 3  # type: ignore[index]
    changed = owner.put(f"{SHARES}/{data(answer)['id']}",  # type: ignore[index]
                        data={"permissions": 15})
    assert (changed.status_code, changed.json()["ocs"]["meta"]["message"]) == (
        400, "Failed to update share.")


def test_a_sharee_sees_the_owners_file_id_and_nextclouds_letters(person: People) -> None:
    owner, sharee = person("owner"), person("sharee")
    put = owner.put("/remote.php/dav/files/owner/plan.txt", content=b"plan")
    owner.post(SHARES, data={"path": "/plan.txt", "shareType": 0, "shareWith": "sharee",
                             "permissions": 1})
    fileid = str(int(put.headers["oc-fileid"][:8]))
    listed = [e for e in propfind(sharee, "/remote.php/dav/files/sharee/", "1")
              if e[0].endswith("plan.txt")]
    direct = propfind(sharee, "/remote.php/dav/files/sharee/plan.txt", "0")
    assert listed == [("/remote.php/dav/files/sharee/plan.txt", "SGDNV", fileid)]
    assert direct == [("/remote.php/dav/files/sharee/plan.txt", "SGD", fileid)]


def test_what_a_recipient_reads_of_a_share(person: People) -> None:
    owner, sharee = person("owner"), person("sharee")
    owner.request("MKCOL", "/remote.php/dav/files/owner/Gezin")
    owner.put("/remote.php/dav/files/owner/Gezin/plan.txt", content=b"plan")
    owner.post(SHARES, data={"path": "/Gezin/plan.txt", "shareType": 0,
                             "shareWith": "sharee", "permissions": 3})
    incoming = data(sharee.get(SHARES, params={"shared_with_me": "true"}))
    assert isinstance(incoming, list)
    assert {k: incoming[0][k] for k in ("path", "can_edit", "can_delete", "item_permissions",
                                        "is-mount-root", "mount-type", "storage_id")} == {
        "path": "/plan.txt", "can_edit": False, "can_delete": True, "item_permissions": 11,
        "is-mount-root": True, "mount-type": "shared", "storage_id": "shared::/plan.txt"}
    assert incoming[0]["has_preview"] is True and "status" not in incoming[0]


def test_an_ordinary_user_finds_other_accounts_but_not_themself(person: People) -> None:
    for uid in ("finder", "found-one", "found-two"):
        person(uid)
    finder = person("finder-self")
    answer = finder.get("/ocs/v2.php/apps/files_sharing/api/v1/sharees",
                        params={"search": "found", "itemType": "file"})
    users = data(answer)["users"]  # type: ignore[index]
    assert [u["value"]["shareWith"] for u in users] == ["found-one", "found-two"]
    assert users[0]["shareWithDisplayNameUnique"] == "found-one@example.test"


def test_missing_files_are_named_from_the_root(person: People) -> None:
    owner = person("owner")
    owner.request("MKCOL", "/remote.php/dav/files/owner/Gezin")
    top = owner.get("/remote.php/dav/files/owner/plan.txt")
    deep = owner.put("/remote.php/dav/files/owner/Missing/plan.txt", content=b"x")
    other = owner.get("/remote.php/dav/files/admin/Gezin/plan.txt")
    assert "File with name //plan.txt could not be located" in top.text
    assert deep.status_code == 404 and "File with name //Missing could not" in deep.text
    assert "File not found: Gezin in &apos;admin&apos;" in other.text or \
        "File not found: Gezin in 'admin'" in other.text


def test_dav_answers_carry_nextclouds_headers(person: People) -> None:
    owner = person("owner")
    put = owner.put("/remote.php/dav/files/owner/plan.txt", content=b"plan")
    got = owner.get("/remote.php/dav/files/owner/plan.txt")
    found = owner.request("PROPFIND", "/remote.php/dav/files/owner/", headers={"Depth": "0"})
    assert put.headers["content-type"].startswith("text/html")
    assert "oc-fileid" not in got.headers
    assert got.headers["content-disposition"] == \
        "attachment; filename*=UTF-8''plan.txt; filename=\"plan.txt\""
    assert "nc-paginate" in found.headers["dav"] and "calendar-access" not in found.headers["dav"]
