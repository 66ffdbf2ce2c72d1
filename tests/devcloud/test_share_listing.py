"""A listing of shares renders each share exactly as asking for it alone does.

A listing looks up what its shares have in common once (``sharing.Lookups``); these
shares have several owners, initiators (a reshare), types and viewers, and one whose file
is gone from the disk behind devcloud's back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.devcloud.conftest import Cloud, serve

OCS = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
LISTINGS = ({}, {"reshares": "true"}, {"shared_with_me": "true"})


def share(client: httpx.Client, **params: object) -> None:
    answer = client.post(f"{OCS}?format=json", data=params)
    assert answer.status_code == 200, answer.text


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[dict[str, httpx.Client]]:
    for cloud in serve(tmp_path / "devcloud"):
        yield from _shared(cloud)


def _shared(cloud: Cloud) -> Iterator[dict[str, httpx.Client]]:
    users = {"owner": (), "other": (), "reader": (), "member": ("helpers",)}
    clients = {uid: cloud.client((uid, cloud.user(uid, groups=groups)))
               for uid, groups in users.items()}
    for uid, paths in {"owner": ("Tree", "Tree/Sub"), "other": ("Notes",)}.items():
        dav = clients[uid].base_url.join(f"/remote.php/dav/files/{uid}")
        for path in paths:
            assert clients[uid].request("MKCOL", f"{dav}/{path}").status_code == 201
        clients[uid].put(f"{dav}/{paths[-1]}/doc.md", content=b"# hallo")
        clients[uid].put(f"{dav}/{paths[-1]}/gone.txt", content=b"weg")
    owner, other = clients["owner"], clients["other"]
    share(owner, path="/Tree", shareType=0, shareWith="reader", permissions=31)
    share(owner, path="/Tree", shareType=1, shareWith="helpers", permissions=15)
    share(owner, path="/Tree", shareType=3, password="geheim-wachtwoord")
    share(owner, path="/Tree/Sub/doc.md", shareType=4, shareWith="iemand@example.org")
    share(owner, path="/Tree/Sub/gone.txt", shareType=0, shareWith="member")
    share(owner, path="/Tree/Sub", shareType=0, shareWith="other", permissions=1)
    share(other, path="/Notes", shareType=1, shareWith="helpers", permissions=17)
    share(other, path="/Notes/doc.md", shareType=0, shareWith="owner")
    share(other, path="/Notes/gone.txt", shareType=3)
    share(clients["reader"], path="/Tree/Sub", shareType=0, shareWith="member", permissions=1)
    share(clients["member"], path="/Notes/doc.md", shareType=3)  # a reshare of a group share
    for uid, folder in (("owner", "Tree/Sub"), ("other", "Notes")):
        (cloud.data / "files" / uid / folder / "gone.txt").unlink()
    yield clients
    for client in clients.values():
        client.close()


@pytest.mark.parametrize("params", LISTINGS, ids=lambda p: ",".join(p) or "own")
@pytest.mark.parametrize("viewer", ["owner", "other", "reader", "member"])
def test_a_listing_renders_each_share_as_asking_for_it_alone(
        clients: dict[str, httpx.Client], viewer: str, params: dict[str, str]) -> None:
    client = clients[viewer]
    listing = client.get(OCS, params={**params, "format": "json"}).json()["ocs"]["data"]
    assert listing
    for shared in listing:
        alone = client.get(f"{OCS}/{shared['id']}", params={"format": "json"})
        assert alone.json()["ocs"]["data"] == [shared]


def test_the_listings_cover_several_owners_initiators_and_types(
        clients: dict[str, httpx.Client]) -> None:
    seen = [s for uid, client in clients.items() for p in LISTINGS
            for s in client.get(OCS, params={**p, "format": "json"}).json()["ocs"]["data"]]
    assert {s["uid_file_owner"] for s in seen} == {"owner", "other"}
    assert {s["uid_owner"] for s in seen} == {"owner", "other", "reader", "member"}
    assert {s["share_type"] for s in seen} == {0, 1, 3, 4}
    assert {s["path"] for s in seen} >= {"/", "/Tree", "/Notes", "/Sub"}  # "/": gone
