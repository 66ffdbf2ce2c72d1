"""A tree shared in several ways; every kind of user reads, lists, writes and deletes.

Expected outcomes follow the reference (nextcloud-api.md §3-4): recipients see the shared
folder at its file_target with the union of their shares' permissions, everyone else gets
404, and public links work with (and only with) their password.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.devcloud.conftest import Cloud

OCS = "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json"


@dataclass
class Actor:
    name: str
    base: str
    auth: tuple[str, str] | None


@dataclass
class Setup:
    cloud: Cloud
    actors: dict[str, Actor]
    shares: dict[str, dict]  # type: ignore[type-arg]


def share(admin: httpx.Client, **params: object) -> dict:  # type: ignore[type-arg]
    answer = admin.post(OCS, data=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["ocs"]["data"]  # type: ignore[no-any-return]


@pytest.fixture
def setup(cloud: Cloud) -> Iterator[Setup]:
    passwords = {
        "owner": cloud.user("owner"),
        "reader": cloud.user("reader"),
        "member": cloud.user("member", groups=("helpers",)),
        "both": cloud.user("both", groups=("helpers",)),
        "stranger": cloud.user("stranger"),
    }
    owner = cloud.client(("owner", passwords["owner"]), ocs=False)
    dav = "/remote.php/dav/files/owner"
    for folder in ("Tree", "Tree/Sub"):
        assert owner.request("MKCOL", f"{dav}/{folder}").status_code == 201
    owner.put(f"{dav}/Tree/doc.txt", content=b"original")
    for name in ("owner", "reader", "member", "both", "stranger", "link", "protected"):
        owner.put(f"{dav}/Tree/Sub/del-{name}.txt", content=b"x")
    with cloud.client(("owner", passwords["owner"])) as ocs:
        shares = {
            "reader": share(ocs, path="/Tree", shareType=0, shareWith="reader", permissions=1),
            "group": share(ocs, path="/Tree", shareType=1, shareWith="helpers", permissions=15),
            "both": share(ocs, path="/Tree", shareType=0, shareWith="both", permissions=1),
            "link": share(ocs, path="/Tree", shareType=3),
            "protected": share(ocs, path="/Tree", shareType=3, password="geheim-wachtwoord"),
        }
    owner.close()
    actors = {uid: Actor(uid, f"/remote.php/dav/files/{uid}", (uid, pw))
              for uid, pw in passwords.items()}
    actors["link"] = Actor("link", f"/public.php/dav/files/{shares['link']['token']}", None)
    protected = f"/public.php/dav/files/{shares['protected']['token']}"
    actors["protected"] = Actor("protected", protected, ("anonymous", "geheim-wachtwoord"))
    actors["protected-nopass"] = Actor("protected-nopass", protected, None)
    actors["protected-wrong"] = Actor("protected-wrong", protected, ("anonymous", "fout"))
    yield Setup(cloud, actors, shares)


# Paths are relative to each actor's root: users see the folder as "Tree"; a link's root
# is the shared folder itself.
OPERATIONS = {
    "read": ("GET", "{tree}doc.txt"),
    "list": ("PROPFIND", "{tree}Sub"),
    "create": ("PUT", "{tree}new-{actor}.txt"),
    "overwrite": ("PUT", "{tree}doc.txt"),
    "delete": ("DELETE", "{tree}Sub/del-{actor}.txt"),
}

EXPECTED = {
    #                  read  list  create overwrite delete
    "owner":            (200, 207, 201, 204, 204),
    "reader":           (200, 207, 403, 403, 403),  # user share, read only
    "member":           (200, 207, 201, 204, 204),  # group share with 15
    "both":             (200, 207, 201, 204, 204),  # read-only user share ∪ group share
    "stranger":         (404, 404, 404, 404, 404),  # nothing shared: the tree does not exist
    "link":             (200, 207, 403, 403, 403),  # read-only link
    "protected":        (200, 207, 403, 403, 403),  # link with its password
    "protected-nopass": (401, 401, 401, 401, 401),
    "protected-wrong":  (401, 401, 401, 401, 401),
}


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_every_actor_gets_exactly_the_reference_outcome(setup: Setup, actor: str) -> None:
    who = setup.actors[actor]
    tree = "" if who.base.startswith("/public.php") else "Tree/"
    outcomes = []
    with httpx.Client(base_url=setup.cloud.url, auth=who.auth, timeout=10) as client:
        for operation, (method, template) in OPERATIONS.items():
            path = template.format(tree=tree, actor=who.name.split("-")[0])
            body = b"new content" if method == "PUT" else None
            headers = {"Depth": "1"} if method == "PROPFIND" else {}
            answer = client.request(method, f"{who.base}/{path}", content=body, headers=headers)
            outcomes.append(answer.status_code)
            assert answer.status_code < 500, (operation, answer.text)
    assert tuple(outcomes) == EXPECTED[actor]


def test_effective_permissions_are_the_union_of_all_shares(setup: Setup) -> None:
    letters = {}
    for uid in ("reader", "member", "both"):
        who = setup.actors[uid]
        with httpx.Client(base_url=setup.cloud.url, auth=who.auth) as client:
            answer = client.request("PROPFIND", f"{who.base}/Tree", headers={"Depth": "0"},
                                    content=b'<d:propfind xmlns:d="DAV:" xmlns:oc="http://'
                                            b'owncloud.org/ns"><d:prop><oc:permissions/>'
                                            b'</d:prop></d:propfind>')
        letters[uid] = answer.text.split("<oc:permissions>")[1].split("<")[0]
    assert "CK" not in letters["reader"] and "S" in letters["reader"]
    assert "CK" in letters["member"] and letters["both"] == letters["member"]


def test_resharing_needs_the_share_bit_and_never_raises_permissions(setup: Setup) -> None:
    cloud = setup.cloud
    passwords = {"resharer": cloud.user("resharer")}
    with cloud.client(setup.actors["owner"].auth) as owner:
        share(owner, path="/Tree", shareType=0, shareWith="resharer", permissions=17)
    with cloud.client(setup.actors["reader"].auth) as reader:
        denied = reader.post(OCS, data={"path": "/Tree", "shareType": 0,
                                        "shareWith": "stranger", "permissions": 1})
        assert denied.status_code == 404
        assert denied.json()["ocs"]["meta"]["message"] == "You are not allowed to share Tree"
    with cloud.client(("resharer", passwords["resharer"])) as resharer:
        more = resharer.post(OCS, data={"path": "/Tree", "shareType": 0,
                                        "shareWith": "stranger", "permissions": 3})
        assert more.status_code == 404
        assert more.json()["ocs"]["meta"]["message"] == "Cannot increase permissions of Tree"
        same = resharer.post(OCS, data={"path": "/Tree", "shareType": 0,
                                        "shareWith": "stranger", "permissions": 1})
        assert same.status_code == 200
        assert same.json()["ocs"]["data"]["uid_file_owner"] == "owner"
    stranger = setup.actors["stranger"]
    with httpx.Client(base_url=cloud.url, auth=stranger.auth) as client:
        assert client.get(f"{stranger.base}/Tree/doc.txt").status_code == 200


def test_creating_an_existing_share_returns_it(setup: Setup) -> None:
    with setup.cloud.client(setup.actors["owner"].auth) as owner:
        again = share(owner, path="/Tree", shareType=0, shareWith="reader", permissions=1)
    assert again["id"] == setup.shares["reader"]["id"]


def test_a_recipient_sees_only_what_reaches_them(setup: Setup) -> None:
    for uid, expected in (("reader", {setup.shares["reader"]["id"]}),
                          ("member", {setup.shares["group"]["id"]}),
                          ("both", {setup.shares["group"]["id"], setup.shares["both"]["id"]}),
                          ("stranger", set())):
        with setup.cloud.client(setup.actors[uid].auth) as client:
            mine = client.get(OCS + "&shared_with_me=true").json()["ocs"]["data"]
        assert {s["id"] for s in mine} == expected
        assert all(s["file_target"] == "/Tree" for s in mine)


def test_revoking_a_share_removes_access_at_once(setup: Setup) -> None:
    reader = setup.actors["reader"]
    with setup.cloud.client(setup.actors["owner"].auth) as owner:
        gone = owner.delete(f"/ocs/v2.php/apps/files_sharing/api/v1/shares/"
                            f"{setup.shares['reader']['id']}?format=json")
        assert gone.status_code == 200
    with httpx.Client(base_url=setup.cloud.url, auth=reader.auth) as client:
        assert client.get(f"{reader.base}/Tree/doc.txt").status_code == 404
        listing = client.request("PROPFIND", f"{reader.base}/", headers={"Depth": "1"})
        assert "Tree" not in listing.text


def test_public_link_page_and_download(setup: Setup) -> None:
    cloud = setup.cloud
    with cloud.client(setup.actors["owner"].auth) as owner:
        file_link = share(owner, path="/Tree/doc.txt", shareType=3, password="ander-wachtwoord",
                          label="Uitleg", note="Voor oma", expireDate="2099-01-01",
                          hideDownload="false")
    assert file_link["permissions"] == 17 and file_link["label"] == "Uitleg"
    assert file_link["expiration"] == "2099-01-01 00:00:00"
    token = file_link["token"]
    with httpx.Client(base_url=cloud.url) as browser:
        assert browser.get(f"/s/{token}").status_code == 303
        assert browser.post(f"/s/{token}/authenticate/showShare",
                            data={"password": "fout"}).status_code == 403
        assert browser.post(f"/s/{token}/authenticate/showShare",
                            data={"password": "ander-wachtwoord"}).status_code == 303
        assert browser.get(f"/s/{token}/download").content == b"original"
        assert browser.get("/s/nonexistenttoken1").status_code == 404
