"""Clients written for a real Nextcloud work against devcloud unchanged.

nc-py-api is Nextcloud's own Python framework; webdav4 is a generic WebDAV client. If one
of these fails because devcloud differs from Nextcloud, devcloud is what gets fixed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest
from nc_py_api import Nextcloud, NextcloudException
from webdav4.client import Client as WebDAVClient
from webdav4.client import ResourceNotFound

from tests.devcloud.conftest import Cloud
from zolicht.devcloud.skeleton import TOP

OPENED: list[Nextcloud] = []


@pytest.fixture(autouse=True)
def close_sessions() -> Iterator[None]:
    """nc-py-api has no public close; its sessions are closed here, inside the test."""
    yield
    while OPENED:
        session = OPENED.pop()._session
        session.adapter.close()
        session.adapter_dav.close()


def nc(cloud: Cloud, user: str = "admin", password: str = "admin") -> Nextcloud:
    client = Nextcloud(nextcloud_url=cloud.url, nc_auth_user=user, nc_auth_pass=password)
    OPENED.append(client)
    return client


def test_nc_py_api_users_and_groups(cloud: Cloud) -> None:
    admin = nc(cloud)
    assert admin.srv_version["major"] >= 32
    admin.users_groups.create("familie", display_name="Gezin Jansen")
    admin.users.create("petra", password="petra-password-1", email="petra@example.nl",
                       display_name="Petra Jansen")
    admin.users.add_to_group("petra", "familie")
    assert "petra" in admin.users.get_list()
    assert "familie" in admin.users_groups.get_list()
    info = admin.users.get_user("petra")
    assert info.display_name == "Petra Jansen"
    assert info.email == "petra@example.nl"
    assert info.groups == ["familie"]
    assert admin.users_groups.get_members("familie") == ["petra"]
    admin.users.edit("petra", displayname="Petra J.")
    assert admin.users.get_user("petra").display_name == "Petra J."
    admin.users.disable("petra")
    assert not admin.users.get_user("petra").enabled
    admin.users.enable("petra")
    with pytest.raises(NextcloudException) as duplicate:
        admin.users.create("petra", password="another-password-2")
    assert duplicate.value.status_code == 102 or "already exists" in str(duplicate.value)
    petra = nc(cloud, "petra", "petra-password-1")
    assert petra.user == "petra"
    admin.users.remove_from_group("petra", "familie")
    admin.users.delete("petra")
    assert "petra" not in admin.users.get_list()


def test_nc_py_api_files_and_shares(cloud: Cloud) -> None:
    cloud.user("oma", "oma-password-1")
    admin = nc(cloud)
    admin.files.makedirs("Gezin Jansen/Psycho-educatie", exist_ok=True)
    uploaded = admin.files.upload("Gezin Jansen/Psycho-educatie/uitleg.md", b"# Uitleg\n")
    stored = admin.files.by_path("Gezin Jansen/Psycho-educatie/uitleg.md")
    assert stored is not None and stored.info.size == 9 and stored.file_id == uploaded.file_id
    names = [n.name for n in admin.files.listdir("Gezin Jansen/Psycho-educatie")]
    assert names == ["uitleg.md"]
    assert admin.files.download("Gezin Jansen/Psycho-educatie/uitleg.md") == b"# Uitleg\n"

    share = admin.files.sharing.create("Gezin Jansen/Psycho-educatie/uitleg.md", 0, 1,
                                       share_with="oma")
    assert share.share_with == "oma" and share.permissions == 1
    again = admin.files.sharing.create("Gezin Jansen/Psycho-educatie/uitleg.md", 0, 1,
                                       share_with="oma")
    assert again.share_id == share.share_id
    listed = admin.files.sharing.get_list(path="Gezin Jansen/Psycho-educatie", subfiles=True)
    assert [s.share_id for s in listed] == [share.share_id]

    oma = nc(cloud, "oma", "oma-password-1")
    assert [n.name for n in oma.files.listdir() if n.name not in TOP] == ["uitleg.md"]
    assert oma.files.download("uitleg.md") == b"# Uitleg\n"
    assert [s.share_id for s in oma.files.sharing.get_list(shared_with_me=True)] == [
        share.share_id]
    with pytest.raises(NextcloudException):
        oma.files.upload("uitleg.md", b"changed")

    admin.files.sharing.delete(share)
    assert [n.name for n in oma.files.listdir() if n.name not in TOP] == []
    with pytest.raises(NextcloudException) as gone:
        oma.files.download("uitleg.md")
    assert gone.value.status_code == 404


def test_webdav4_client(cloud: Cloud) -> None:
    password = cloud.user("lotte")
    with httpx.Client(auth=("lotte", password)) as http:
        webdav4_session(WebDAVClient(f"{cloud.url}/remote.php/dav/files/lotte", http_client=http))


def webdav4_session(client: WebDAVClient) -> None:
    client.mkdir("Dossier")
    client.upload_fileobj(io.BytesIO(b"hallo"), "Dossier/notitie.txt")
    assert client.exists("Dossier/notitie.txt")
    assert [e["name"] for e in client.ls("Dossier")] == ["Dossier/notitie.txt"]
    assert client.info("Dossier/notitie.txt")["content_length"] == 5
    client.copy("Dossier/notitie.txt", "Dossier/kopie.txt")
    client.move("Dossier/kopie.txt", "verplaatst.txt")
    buffer = io.BytesIO()
    client.download_fileobj("verplaatst.txt", buffer)
    assert buffer.getvalue() == b"hallo"
    client.remove("verplaatst.txt")
    with pytest.raises(ResourceNotFound):
        client.info("verplaatst.txt")
    assert sorted(e["name"] for e in client.ls("") if e["name"] not in TOP) == ["Dossier"]
