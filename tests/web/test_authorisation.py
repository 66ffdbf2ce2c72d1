"""Every route against every kind of person: exactly the allowed answer, nothing more.
Plus the attacks on sessions: forged forms (CSRF) and planted session ids (fixation)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from tests.web.conftest import OTHER, Web
from zolicht.web.app import create_app
from zolicht.web.auth import SESSION_COOKIE
from zolicht.web.server import running
from zolicht.web.site import Site, WebSettings

PEOPLE: dict[str, tuple[str, str] | None] = {
    "parent": ("petra", "jansen"),
    "parent without authority": ("mark", "jansen"),
    "youth (14)": ("sanne", "jansen"),
    "network member": ("oma-ria", "jansen"),
    "professional": ("lotte", "jansen"),
    "other family's parent": ("petra", OTHER),
    "anonymous": None,
}
"""Who asks: (person, family)."""
CONSENT = "/api/v1/families/jansen/consents/school-concentratie/kevin"
TOGGLE = ("/gezin/jansen/toestemming", {"document": "school-concentratie", "member": "kevin",
                                         "aan": "1"})
CONTACT = ("/hulpverlener/jansen/contactplan/afspraak", {"title": "Contactmoment",
                                                        "start": "2026-12-01 16:00",
                                                        "minutes": "60"})
# route: answers in the order of PEOPLE
TABLE: list[tuple[str, str, object, tuple[int, ...]]] = [
    ("GET", "/gezin/jansen", None, (200, 200, 200, 403, 403, 403, 303)),
    ("POST", *TOGGLE, (303, 403, 303, 403, 403, 403, 303)),
    ("GET", "/gezin/jansen/logboek", None, (200, 403, 200, 403, 200, 403, 303)),
    ("GET", "/netwerk/jansen", None, (403, 403, 403, 200, 403, 403, 303)),
    ("POST", "/netwerk/jansen/akkoord", {"task": "woensdag"},
     (403, 403, 403, 303, 403, 403, 303)),
    ("POST", "/netwerk/jansen/akkoord", {"task": "wekelijks-praten"},
     (403, 403, 403, 403, 403, 403, 303)),
    ("GET", "/hulpverlener", None, (403, 403, 403, 403, 200, 403, 303)),
    ("GET", "/hulpverlener/jansen/document?soort=afspraken", None,
     (403, 403, 403, 403, 200, 403, 303)),
    ("POST", *CONTACT, (403, 403, 403, 403, 303, 403, 303)),
    ("GET", "/hulpverlener/jansen/contactplan", None, (403, 403, 403, 403, 200, 403, 303)),
    ("POST", "/hulpverlener/jansen/contactplan/strip", {}, (403, 403, 403, 403, 400, 403, 303)),
    ("GET", "/api/v1/families/jansen/contacts", None, (403, 403, 403, 403, 200, 403, 401)),
    ("POST", "/api/v1/families/jansen/contacts/moments/nothing/cancel", None,
     (403, 403, 403, 403, 404, 403, 401)),
    ("GET", "/hulpverlener/jansen/controle", None, (403, 403, 403, 403, 200, 403, 303)),
    ("POST", "/hulpverlener/jansen/bijwerken", {}, (403, 403, 403, 403, 303, 403, 303)),
    ("GET", "/api/v1/families/jansen/check", None, (403, 403, 403, 403, 200, 403, 401)),
    ("GET", "/hulpverlener/jansen/mensen", None, (403, 403, 403, 403, 200, 403, 303)),
    ("GET", "/hulpverlener/jansen/voorstellen", None, (403, 403, 403, 403, 200, 403, 303)),
    ("POST", "/hulpverlener/jansen/mensen/joost/aanpassen", {"role": "leerkracht"},
     (403, 403, 403, 403, 303, 403, 303)),
    ("POST", "/hulpverlener/jansen/mensen/toestaan", {"name": "Niemand"},
     (403, 403, 403, 403, 404, 403, 303)),
    ("POST", "/hulpverlener/jansen/voorstellen/999/afwijzen", {},
     (403, 403, 403, 403, 404, 403, 303)),
    ("GET", "/api/v1/families/jansen/people", None, (403, 403, 403, 403, 200, 403, 401)),
    ("GET", "/api/v1/families/jansen/proposals", None, (403, 403, 403, 403, 200, 403, 401)),
    ("DELETE", "/api/v1/families/jansen/people/nobody", None,
     (403, 403, 403, 403, 404, 403, 401)),
    ("DELETE", "/api/v1/families/jansen/never/nobody", None,
     (403, 403, 403, 403, 404, 403, 401)),
    ("POST", "/api/v1/families/jansen/proposals/999/reject", None,
     (403, 403, 403, 403, 404, 403, 401)),
    ("GET", "/api/v1/me", None, (200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/families", None, (403, 403, 403, 403, 200, 403, 401)),
    ("GET", "/api/v1/families/jansen/sharing", None, (200, 200, 200, 403, 403, 403, 401)),
    ("GET", "/api/v1/families/nobody/sharing", None, (403, 403, 403, 403, 403, 403, 401)),
    ("PUT", CONSENT, None, (200, 403, 200, 403, 403, 403, 401)),
    ("DELETE", CONSENT, None, (200, 403, 200, 403, 403, 403, 401)),
    ("GET", "/api/v1/families/jansen/shared-with-me", None, (403, 403, 403, 200, 403, 403, 401)),
    ("GET", "/api/v1/families/jansen/audit", None, (200, 403, 200, 403, 200, 403, 401)),
    ("GET", "/heartbeat", None, (200,) * 7),
    ("POST", "/init", None, (401,) * 7),
    ("PUT", "/enabled?enabled=1", None, (401,) * 7),
]


def ask(web: Web, client: httpx.Client, method: str, path: str, form: object) -> int:
    token = web.csrf(client) if client.cookies.get(SESSION_COOKIE) else "no-session"
    if form is not None:
        data = {**form, "csrf": token}  # type: ignore[dict-item]
        return client.request(method, path, data=data).status_code
    return client.request(method, path, headers={"X-CSRF-Token": token}).status_code


def test_every_route_answers_every_person_exactly_as_allowed(web: Web) -> None:
    clients = {kind: web.signed_in(*who) if who else web.anonymous()
               for kind, who in PEOPLE.items()}
    wrong = []
    for method, path, form, expected in TABLE:
        for (kind, client), want in zip(clients.items(), expected, strict=True):
            got = ask(web, client, method, path, form)
            if got != want:
                wrong.append(f"{method} {path} as {kind}: {got}, expected {want}")
    assert wrong == []


def test_a_form_without_the_right_token_changes_nothing(web: Web) -> None:
    petra, sanne = web.signed_in("petra"), web.signed_in("sanne")
    path, form = TOGGLE
    before = web.world.family()
    assert petra.post(path, data={**form, "csrf": "guessed"}).status_code == 403
    assert petra.post(path, data={**form, "csrf": web.csrf(sanne)}).status_code == 403
    assert petra.post(path, data=form).status_code == 422  # no token at all
    assert petra.put(CONSENT).status_code == 403
    assert web.world.family() == before


def test_a_planted_session_id_never_becomes_a_signed_in_session(web: Web) -> None:
    client = web.anonymous()
    client.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker")
    assert client.get("/gezin/jansen").status_code == 303
    signed_in = web.signed_in("petra")
    attacker = web.anonymous()
    attacker.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker")
    assert attacker.get("/gezin/jansen").status_code == 303
    assert signed_in.cookies.get(SESSION_COOKIE) != "chosen-by-an-attacker"
    # the cookie cannot be read by scripts or sent along by other sites' forms
    page = web.anonymous().get("/inloggen")
    assert "httponly" in page.headers["set-cookie"].lower()
    assert "samesite=lax" in page.headers["set-cookie"].lower()


def test_signing_out_ends_the_session_and_a_wrong_password_signs_nobody_in(web: Web) -> None:
    client = web.signed_in("petra")
    sid = client.cookies.get(SESSION_COOKIE)
    assert client.post("/uitloggen", data={"csrf": web.csrf(client)}).status_code == 303
    replay = web.anonymous()
    replay.cookies.set(SESSION_COOKIE, sid or "")
    assert replay.get("/gezin/jansen").status_code == 303
    stranger = web.anonymous()
    token, login_url = web.start_sign_in(stranger)
    wrong = web.grant_at_nextcloud(login_url, web.uid("petra"), "wrong")
    assert wrong.status_code == 403 and "Invalid app password" in wrong.text
    answer = stranger.post("/inloggen/klaar", data={"login_token": token})
    assert answer.status_code == 200 and "nog geen toegang gegeven" in answer.text
    assert stranger.cookies.get(SESSION_COOKIE) is None
    assert stranger.get("/gezin/jansen").status_code == 303


def appapi(uid: str, secret: str) -> dict[str, str]:
    token = base64.b64encode(f"{uid}:{secret}".encode()).decode()
    return {"EX-APP-ID": "zolicht", "EX-APP-VERSION": "1.0.0", "AA-VERSION": "5.0.0",
            "AUTHORIZATION-APP-API": token}


class AppAPI(BaseHTTPRequestHandler):
    """Nextcloud's AppAPI top-menu endpoint (nextcloud-api.md §8.5), recording each call."""

    calls: list[tuple[str, str, dict[str, str], bytes]] = []

    def handle_any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        AppAPI.calls.append((self.command, self.path,
                             {k.lower(): v for k, v in self.headers.items()}, body))
        answer = b'{"ocs":{"meta":{"status":"ok","statuscode":100},"data":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_POST = do_DELETE = handle_any

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def appapi_site(web: Web) -> Iterator[str]:
    """zolicht as an external app, with AppAPI's secret, next to a recording AppAPI."""
    nextcloud = HTTPServer(("127.0.0.1", 0), AppAPI)
    threading.Thread(target=nextcloud.serve_forever, daemon=True).start()
    AppAPI.calls = []
    settings = WebSettings(web.site.settings.database_url, replace(
        web.world.config(), url=f"http://127.0.0.1:{nextcloud.server_port}"),
        app_secret="s3cret")
    site = Site(settings, web.site.clock)
    with running(create_app(site)) as url:
        yield url
    site.close()
    nextcloud.shutdown()
    nextcloud.server_close()


@pytest.mark.parametrize(("person", "slug", "secret", "status"), [
    ("petra", "jansen", "s3cret", 200), ("petra", "jansen", "wrong", 401),
    ("petra", OTHER, "s3cret", 403), ("oma-ria", "jansen", "s3cret", 403)])
def test_as_external_app_appapi_vouches_for_the_user(web: Web, appapi_site: str, person: str,
                                                     slug: str, secret: str,
                                                     status: int) -> None:
    headers = appapi(web.uid(person, slug), secret)
    with httpx.Client(base_url=appapi_site) as client:
        assert client.get("/gezin/jansen", headers=headers).status_code == status


def test_the_lifecycle_calls_need_the_secret_and_enabling_adds_the_top_menu(
        appapi_site: str) -> None:
    with httpx.Client(base_url=appapi_site) as client:
        assert client.get("/heartbeat").json() == {"status": "ok"}
        assert client.post("/init", headers=appapi("", "s3cret")).status_code == 501
        assert client.put("/enabled?enabled=1", headers=appapi("", "nope")).status_code == 401
        assert AppAPI.calls == []
        enabled = client.put("/enabled?enabled=1", headers=appapi("", "s3cret"))
        assert (enabled.status_code, enabled.json()) == (200, {"error": ""})
        disabled = client.put("/enabled?enabled=0", headers=appapi("", "s3cret"))
        assert disabled.json() == {"error": ""}
    (method, path, headers, body), (method2, _path, _headers, body2) = AppAPI.calls
    assert (method, path) == ("POST", "/ocs/v1.php/apps/app_api/api/v1/ui/top-menu")
    assert headers["authorization-app-api"] == base64.b64encode(b":s3cret").decode()
    assert headers["ex-app-id"] == "zolicht" and headers["ocs-apirequest"] == "true"
    assert json.loads(body)["name"] == "main" and json.loads(body)["displayName"] == "zolicht"
    assert (method2, json.loads(body2)) == ("DELETE", {"name": "main"})
