"""A development Nextcloud on a free loopback port, served by uvicorn in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from zolicht.devcloud import create_app
from zolicht.devcloud.app import Server

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data: Path) -> Iterator[Cloud]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(data, base_url=url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "devcloud did not start"
        time.sleep(0.02)
    try:
        yield Cloud(url, app, data)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.conn.close()


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    yield from serve(tmp_path / "devcloud")
