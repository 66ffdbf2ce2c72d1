"""A development Nextcloud on a free loopback port, served by uvicorn in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from zolicht.devcloud.app import Server
from zolicht.devcloud.server import running
from zolicht.devcloud.settings import Settings, for_tests

ADMIN = ("admin", "admin")


@dataclass
class Cloud:
    url: str
    server: Server
    data: Path

    def client(self, auth: tuple[str, str] | None = ADMIN, ocs: bool = True) -> httpx.Client:
        headers = {"OCS-APIRequest": "true"} if ocs else {}
        return httpx.Client(base_url=self.url, auth=auth, headers=headers, timeout=10)

    def user(self, uid: str, password: str | None = None, groups: tuple[str, ...] = ()) -> str:
        """Create a user (and their groups) as admin; returns the password."""
        password = password or f"{uid}-secret-pw"
        with self.client() as admin:
            for gid in groups:
                admin.post("/ocs/v2.php/cloud/groups", data={"groupid": gid})
            answer = admin.post("/ocs/v2.php/cloud/users?format=json",
                                data={"userid": uid, "password": password,
                                      "groups[]": list(groups)})
            assert answer.status_code == 200, answer.text
        return password


def serve(data: Path, settings: Settings | None = None) -> Iterator[Cloud]:
    """A devcloud set up as for automated tests (see ``for_tests``), unless ``settings``
    say otherwise."""
    with running(data, settings=settings or for_tests()) as (url, server):
        yield Cloud(url, server, data)


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    """A devcloud with Nextcloud's own defaults (rate limits, skeleton files)."""
    yield from serve(tmp_path / "devcloud", Settings())
