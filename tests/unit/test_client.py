"""The Nextcloud client's transport and wire rules, against a scripted server at the transport
level (a requests adapter): what is repeated after a lost answer or a 429, what each answer
becomes, and the rules of Nextcloud a real server showed (Forms' ``state``, share mails)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
from requests.adapters import HTTPAdapter

from zolicht.nextcloud import (
    AlreadyExists,
    Gone,
    Nextcloud,
    NextcloudConfig,
    RateLimited,
    Refused,
    ServerError,
    Unreachable,
)
from zolicht.nextcloud.shares import GROUP

URL = "http://nextcloud.test"
Answer = requests.Response | Exception


def ocs(statuscode: int = 100, data: Any = None, http: int = 200, message: str = "") -> \
        requests.Response:
    status = "ok" if statuscode in (100, 200) else "failure"
    return response(http, json.dumps({"ocs": {"meta": {"status": status, "statuscode":
                                                       statuscode, "message": message},
                                              "data": data if data is not None else []}}))


def response(status: int, body: str = "", headers: dict[str, str] | None = None) -> \
        requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer._content = body.encode()
    answer.headers.update(headers or {})
    return answer


@dataclass
class Scripted(HTTPAdapter):
    """Answers requests from a script, one answer per request, and keeps what was sent."""

    script: list[Answer]
    sent: list[requests.PreparedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def send(self, request: requests.PreparedRequest, *args: object,  # type: ignore[override]
             **kwargs: object) -> requests.Response:
        self.sent.append(request)
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        answer.request = request
        answer.url = request.url or ""
        return answer


def client(*script: Answer, **settings: Any) -> tuple[Nextcloud, Scripted, list[float]]:
    adapter = Scripted(list(script))
    session = requests.Session()
    session.mount("http://", adapter)
    slept: list[float] = []
    config = NextcloudConfig(URL, "zolicht", "app-password", **settings)
    return Nextcloud(config, session, sleep=slept.append), adapter, slept


def form(request: requests.PreparedRequest) -> dict[str, list[str]]:
    body = request.body
    text = body.decode() if isinstance(body, bytes) else str(body or "")
    return parse_qs(text)


LOST = requests.ReadTimeout("the answer never came")


def test_a_create_whose_answer_was_lost_is_not_sent_again() -> None:
    nc, server, _ = client(LOST, ocs(data={"id": 7}))
    with pytest.raises(Unreachable):
        nc.forms.create()
    assert len(server.sent) == 1  # a second POST would make a second form


def test_a_read_whose_answer_was_lost_is_asked_again() -> None:
    nc, server, slept = client(LOST, ocs(data={"users": ["a"]}))
    assert nc.users.group_members("g") == ["a"]
    assert len(server.sent) == 2 and len(slept) == 1


def test_a_refused_connection_carried_nothing_so_even_a_create_is_tried_again() -> None:
    refused = requests.ConnectionError("[Errno 111] Connection refused")
    nc, server, _ = client(refused, ocs(data={"id": 7}))
    assert nc.forms.create() == 7
    assert len(server.sent) == 2


def test_a_server_error_is_repeated_for_reads_only() -> None:
    nc, server, _ = client(response(502), ocs(data={"groups": ["zl-a"]}))
    assert nc.users.groups("zl-") == ["zl-a"]
    nc, server, _ = client(response(502))
    with pytest.raises(ServerError):
        nc.users.create_group("zl-a-g", "zl-a-g")
    assert len(server.sent) == 1


def test_a_429_without_a_body_is_rate_limited_not_an_ocs_error() -> None:
    nc, server, slept = client(response(429))
    with pytest.raises(RateLimited) as raised:
        nc.shares.create("zl-a/x.md", GROUP, "zl-a-r", 1)
    assert raised.value.retry_after is None and slept == [] and len(server.sent) == 1


def test_a_short_retry_after_is_waited_for_and_a_long_one_left_to_the_caller() -> None:
    nc, server, slept = client(response(429, headers={"Retry-After": "2"}),
                               ocs(data={"id": "5", "share_type": 1, "path": "/x",
                                         "share_with": "g", "permissions": 1,
                                         "uid_owner": "zolicht"}))
    assert nc.shares.create("x", GROUP, "g", 1).id == "5"
    assert slept == [2.0]
    nc, server, slept = client(response(429, headers={"Retry-After": "600"}))
    with pytest.raises(RateLimited) as raised:
        nc.shares.create("x", GROUP, "g", 1)
    assert raised.value.retry_after == 600.0 and slept == []


@pytest.mark.parametrize(("answer", "error"), [
    (ocs(102, http=400, message="group exists"), AlreadyExists),
    (ocs(404, http=404, message="not found"), Gone),
    (ocs(998, http=404), Gone),
    (ocs(403, http=403, message="State may only be changed on its own"), Refused),
    (response(200, "<html>not OCS</html>"), Refused),
])
def test_each_refusal_becomes_the_error_of_its_cause(answer: requests.Response,
                                                     error: type[Exception]) -> None:
    nc, _, _ = client(answer)
    with pytest.raises(error):
        nc.users.create_group("zl-a-g", "zl-a-g")


def test_forms_state_is_only_ever_patched_on_its_own() -> None:
    nc, server, _ = client(ocs(data=1), ocs(data=1), ocs(data=1))
    nc.forms.update(3, {"title": "Stap 1", "state": 1, "isAnonymous": False})
    nc.forms.update(3, {"state": 0})
    bodies = [json.loads(r.body or b"{}")["keyValuePairs"] for r in server.sent]
    assert bodies == [{"title": "Stap 1", "isAnonymous": False}, {"state": 1}, {"state": 0}]


def test_shares_never_let_nextcloud_send_a_mail() -> None:
    made = {"id": "9", "share_type": 1, "path": "/zl-a/x.md", "share_with": "zl-a-r",
            "permissions": 1, "uid_owner": "zolicht", "item_source": 42}
    nc, server, _ = client(ocs(data=made))
    share = nc.shares.create("zl-a/x.md", GROUP, "zl-a-r", 1)
    assert form(server.sent[0])["sendMail"] == ["false"]
    assert (share.file_id, share.path) == (42, "zl-a/x.md")


class CookieJarServer(BaseHTTPRequestHandler):
    """Hands out a session cookie, as Nextcloud does after Basic auth, and answers with the
    cookie it was sent (if any)."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server asks for)
        body = json.dumps({"ocs": {"meta": {"status": "ok", "statuscode": 200},
                                   "data": {"users": [self.headers.get("Cookie") or ""]}}})
        self.send_response(200)
        self.send_header("Set-Cookie", "nc_session=someone; Path=/")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_args: object) -> None:
        pass


def test_no_cookie_is_kept_between_requests() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CookieJarServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        nc = Nextcloud(NextcloudConfig(f"http://127.0.0.1:{server.server_port}", "zolicht",
                                       "app-password"))
        assert nc.users.group_members("g") == [""]
        assert nc.users.group_members("g") == [""]  # the session cookie was not sent back
        nc.close()
    finally:
        server.shutdown()
        server.server_close()


def test_known_advisories_refuse_unless_each_is_accepted_by_name() -> None:
    from zolicht.nextcloud.advisories import refusal

    assert refusal("32.0.9") is None and refusal("33.0.3.1") is None
    refused = refusal("32.0.1")
    assert refused is not None and "CVE-2026-45285" in refused and "CVE-2026-45281" in refused
    partly = refusal("32.0.1", frozenset({"CVE-2026-45285"}))
    assert partly is not None and "CVE-2026-45285" not in partly
    assert refusal("32.0.1", frozenset({"CVE-2026-45285", "CVE-2026-45281"})) is None
    assert refusal("31.0.9", frozenset({"CVE-2026-45285", "CVE-2026-45281"})) is not None


def test_provisioning_reads_each_calls_own_status_codes() -> None:
    """Seen on Nextcloud 32: 101 deleting a group that is not there, 102 leaving a group that
    is not there (done, both), but 102 joining one is no "exists"."""
    nc, _, _ = client(ocs(101, http=400), ocs(102, http=400), ocs(102, http=400))
    nc.users.delete_group("zl-gone")
    nc.users.remove_from_group("zl-someone", "zl-gone")
    with pytest.raises(Refused) as refused:
        nc.users.add_to_group("zl-someone", "zl-gone")
    assert not isinstance(refused.value, AlreadyExists)
