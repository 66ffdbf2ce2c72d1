"""devcloud's ``webhook_listeners`` as Nextcloud 32's source has it (tests/contract/FINDINGS.md,
"Webhooks"): who may register, which events are accepted, and the calls the job runner
makes afterwards."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract.exapp import ExApp, Seen, serving
from tests.devcloud.conftest import Cloud, serve
from zolicht.devcloud.settings import for_tests

API = "/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks"
WRITTEN = "OCP\\Files\\Events\\Node\\NodeWrittenEvent"
CREATED = "OCP\\Files\\Events\\Node\\NodeCreatedEvent"
SHARE_CREATED = "OCP\\Share\\Events\\ShareCreatedEvent"


@pytest.fixture
def quick(tmp_path: Any) -> Iterator[Cloud]:
    """A devcloud set up for tests, with a background-job worker (webhooks within 0.1 s)."""
    settings = for_tests()
    settings.webhook_delay = 0.1
    yield from serve(tmp_path / "devcloud", settings)


@pytest.fixture
def receiver() -> Iterator[ExApp]:
    with serving("receiver", "receiver-secret-0123456789") as app:
        yield app


def register(client: httpx.Client, uri: str, event: str = WRITTEN, **more: Any
             ) -> httpx.Response:
    return client.post(f"{API}?format=json", json={"httpMethod": "POST", "uri": uri,
                                                   "event": event, **more})


def calls(app: ExApp, count: int, seconds: float = 5.0) -> list[Seen]:
    seen: list[Seen] = []
    deadline = time.monotonic() + seconds
    while len(seen) < count and time.monotonic() < deadline:
        seen += app.take()
        time.sleep(0.05)
    return seen


def test_only_an_administrator_registers(quick: Cloud, receiver: ExApp) -> None:
    password = quick.user("user")
    uri = f"http://127.0.0.1:{receiver.port}/hook"
    with quick.client(("user", password)) as user, quick.client(None) as nobody:
        assert register(user, uri).status_code == 403
        assert register(nobody, uri).status_code == 401
        assert user.get(f"{API}?format=json").status_code == 403
    with quick.client() as admin:
        made = register(admin, uri)
        assert made.status_code == 200, made.text
        data = made.json()["ocs"]["data"]
        assert (data["event"], data["userId"], data["appId"]) == (WRITTEN, "admin", None)
        listed = admin.get(API, params={"uri": uri, "format": "json"}).json()["ocs"]["data"]
        assert [r["id"] for r in listed] == [data["id"]]
        assert admin.get(API, params={"uri": uri + "x", "format": "json"}
                         ).json()["ocs"]["data"] == []


def test_share_events_and_unknown_auth_methods_are_refused(quick: Cloud) -> None:
    with quick.client() as admin:
        share = register(admin, "http://127.0.0.1:9/x", SHARE_CREATED)
        assert share.status_code == 400
        assert "is not an event class compatible with webhooks" in share.text
        assert register(admin, "http://127.0.0.1:9/x", authMethod="basic").status_code == 400
        assert register(admin, "http://127.0.0.1:9/x", authMethod="header").status_code == 400
        assert admin.get(f"{API}?format=json").json()["ocs"]["data"] == []


def test_a_written_file_is_posted_later_with_the_registered_and_secret_headers(
        quick: Cloud, receiver: ExApp) -> None:
    uri = f"http://127.0.0.1:{receiver.port}/hook"
    with quick.client() as admin:
        made = register(admin, uri, headers={"X-Plain": "p"}, authMethod="header",
                        authData={"X-Secret": "geheim"},
                        eventFilter={"event.node.path": "/^\\/admin\\/files\\/mine\\//"})
        assert made.status_code == 200, made.text
        assert "geheim" not in made.text  # the auth data is never shown back
        register(admin, uri, CREATED)
        admin.request("MKCOL", "/remote.php/dav/files/admin/mine")
        put = admin.put("/remote.php/dav/files/admin/mine/a.txt", content=b"x")
        admin.put("/remote.php/dav/files/admin/other.txt", content=b"y")  # filtered out
    fileid = int(put.headers["OC-FileId"][:8])
    seen = calls(receiver, 4, seconds=3.0)
    bodies = sorted((json.loads(s.body) for s in seen),
                    key=lambda b: (b["event"]["class"], b["event"]["node"]["path"]))
    assert [(b["event"]["class"], b["event"]["node"]["path"]) for b in bodies] == [
        (CREATED, "/admin/files/mine"), (CREATED, "/admin/files/mine/a.txt"),
        (CREATED, "/admin/files/other.txt"), (WRITTEN, "/admin/files/mine/a.txt")]
    written = next(s for s in seen if json.loads(s.body)["event"]["class"] == WRITTEN)
    body = json.loads(written.body)
    assert body["event"]["node"] == {"id": fileid, "path": "/admin/files/mine/a.txt"}
    assert body["user"] == {"uid": "admin", "displayName": "admin"}
    assert isinstance(body["time"], int)
    assert (written.method, written.path) == ("POST", "/hook")
    assert (written.headers["x-plain"], written.headers["x-secret"]) == ("p", "geheim")


def test_an_exapp_registers_without_a_user_and_is_called_through_appapi(quick: Cloud,
                                                                         receiver: ExApp
                                                                         ) -> None:
    quick.server.appapi.register("receiver", f"http://127.0.0.1:{receiver.port}",
                                 receiver.secret, "1.0.0", [])
    receiver.take()
    token = base64.b64encode(f":{receiver.secret}".encode()).decode()
    headers = {"EX-APP-ID": "receiver", "EX-APP-VERSION": "1.0.0",
               "AUTHORIZATION-APP-API": token}
    with httpx.Client(base_url=quick.url, headers=headers) as app:
        made = register(app, "/hook", authMethod="header", authData={"X-Secret": "s"})
        assert made.status_code == 200, made.text
        assert made.json()["ocs"]["data"]["appId"] == "receiver"
    with quick.client() as admin:
        admin.put("/remote.php/dav/files/admin/b.txt", content=b"x")
    (seen,) = calls(receiver, 1)
    assert (seen.method, seen.path, seen.headers["x-secret"]) == ("POST", "/hook", "s")
    assert seen.headers["authorization-app-api"] == token
