"""AppAPI (app_api 32.0.0) for ExApps registered with the manual-install daemon.

* Registering an ExApp calls its ``/init`` and then ``PUT /enabled?enabled=1`` with
  AppAPI's headers (unregistering: ``enabled=0``); an ExApp without an init step answers
  ``/init`` with 404 or 501, and devcloud never waits for a reported progress.
* Requests signed with ``AUTHORIZATION-APP-API`` (base64 of ``<user>:<secret>``) act as
  that user, or as the app itself when the user part is empty.
* The top-menu OCS API registers and removes the app's menu entries.
* The proxy ``/index.php/apps/app_api/proxy/<appid>/<path>`` hands a request to the first
  of the app's routes whose pattern, verbs and access level allow it, with the caller's
  own headers plus AppAPI's, and follows the ExApp's redirects itself (``redirects.py``);
  the browser gets only the final answer.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import string
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response

from zolicht.devcloud.call import Call, route
from zolicht.devcloud.ocs import UNAUTHORISED, OCSError
from zolicht.devcloud.redirects import Forward, exactly, follow

VERSION = "32.0.0"
PAGE = "text/html; charset=UTF-8"
NO_CACHE = "no-cache, no-store, must-revalidate"
CACHED = "private, max-age=3600, must-revalidate"
APPAPI_HEADERS = {"aa-version", "ex-app-id", "authorization-app-api", "ex-app-version",
                  "aa-request-id"}
PUBLIC, USER, ADMIN = 0, 1, 2
ID_ALPHABET = string.ascii_letters + string.digits


@dataclass
class ExApp:
    app_id: str
    url: str
    secret: str
    version: str
    routes: list[dict[str, Any]]
    top_menu: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Signed:
    """A request carrying AppAPI's headers: which app, acting as which user ("": itself)."""

    app: ExApp
    uid: str


def request_id() -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(20))


def auth_headers(app: ExApp, uid: str) -> dict[str, str]:
    token = base64.b64encode(f"{uid}:{app.secret}".encode()).decode()
    return {"AA-VERSION": VERSION, "EX-APP-ID": app.app_id, "EX-APP-VERSION": app.version,
            "AUTHORIZATION-APP-API": token, "AA-REQUEST-ID": request_id()}


@dataclass
class AppApi:
    apps: dict[str, ExApp] = field(default_factory=dict)

    # -- registration (occ app_api:app:register / unregister) ----------------------------------
    def register(self, app_id: str, url: str, secret: str, version: str,
                 routes: list[dict[str, Any]]) -> None:
        app = ExApp(app_id, url.rstrip("/"), secret, version, routes)
        self.apps[app_id] = app
        self.call(app, "POST", "/init", language=False)
        self.call(app, "PUT", "/enabled?enabled=1")

    def unregister(self, app_id: str) -> None:
        app = self.apps.pop(app_id, None)
        if app is not None:
            self.call(app, "PUT", "/enabled?enabled=0")

    def call(self, app: ExApp, method: str, path: str, language: bool = True) -> None:
        """Nextcloud calling its ExApp, as AppAPI does: only AppAPI's own headers."""
        headers = {**auth_headers(app, ""), "User-Agent": "Nextcloud Server Crawler",
                   "Accept-Encoding": "gzip"}
        if language:
            headers["Accept-Language"] = "en"
        with httpx.Client(timeout=30) as client:
            built = client.build_request(method, app.url + path, headers=headers, content=b"")
            client.send(exactly(built, headers))

    # -- requests signed by an ExApp -----------------------------------------------------------
    def signed(self, request: Request, user_exists: Any) -> Signed | None:
        """The app and user of a correctly signed request; None if unsigned or wrong."""
        app = self.apps.get(request.headers.get("ex-app-id", ""))
        token = request.headers.get("authorization-app-api")
        if app is None or token is None or not request.headers.get("ex-app-version"):
            return None
        try:
            uid, _, secret = base64.b64decode(token, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        if not secrets.compare_digest(secret, app.secret) or (uid and not user_exists(uid)):
            return None
        return Signed(app, uid)

    # -- the proxy -----------------------------------------------------------------------------
    async def proxy(self, request: Request, rest: str, uid: str, is_admin: bool) -> Response:
        """``rest`` is ``<appid>/<path>``; ``uid`` the logged-in user ("" for nobody)."""
        app_id, _, other = rest.partition("/")
        app = self.apps.get(app_id)
        if app is None:
            return not_found(uid)
        route = self.route(app, other, request.method, uid, is_admin)
        if route is None:
            return not_found(uid)
        excluded = {h.lower() for h in route.get("headers_to_exclude") or []}
        query = f"?{request.url.query}" if request.url.query else ""
        answer = await follow(Forward(request.method, f"{app.url}/{other}{query}",
                                      outgoing(request, excluded, auth_headers(app, uid)),
                                      await request.body()))
        if answer is None:
            return Response(status_code=500, media_type=PAGE, headers={"Cache-Control": NO_CACHE})
        return passed_back(answer, other)

    def route(self, app: ExApp, other: str, method: str, uid: str,
              is_admin: bool) -> dict[str, Any] | None:
        """The first route matching the path and verb that the caller may use."""
        allowed = {PUBLIC} | ({USER} if uid else set()) | ({ADMIN} if is_admin else set())
        for candidate in app.routes:
            if re.search(str(candidate["url"]), other, re.IGNORECASE) and \
                    method.lower() in str(candidate["verb"]).lower() and \
                    int(candidate.get("access_level", USER)) in allowed:
                return candidate
        return None


def outgoing(request: Request, excluded: set[str], appapi: dict[str, str]) -> dict[str, str]:
    """The caller's headers, less the ones AppAPI drops, plus AppAPI's own."""
    dropped = excluded | {"content-length", "x-origin-ip", "authorization-app-api"}
    headers = {name: value for name, value in request.headers.items() if name not in dropped}
    headers["x-origin-ip"] = request.client.host if request.client else ""
    headers.update({name.lower(): value for name, value in appapi.items()})
    headers.setdefault("accept-language", "en")
    return headers


# -- the top menu (OCS, signed by the app itself) ----------------------------------------------
TOP_MENU = r"/apps/app_api/api/v1/ui/top-menu"


def signed_app(call: Call) -> ExApp:
    if call.signed is None:
        raise OCSError(UNAUTHORISED, "AppAPI authentication failed")
    return call.signed.app


@route("POST", TOP_MENU, public=True)
def add_top_menu(call: Call) -> Any:
    app = signed_app(call)
    name = call.param("name") or ""
    app.top_menu[name] = {"name": name, "displayName": call.param("displayName") or "",
                          "icon": call.param("icon") or "",
                          "adminRequired": call.int_param("adminRequired") or 0}
    return None


@route("DELETE", TOP_MENU, public=True)
def remove_top_menu(call: Call) -> Any:
    app = signed_app(call)
    if app.top_menu.pop(call.param("name") or "", None) is None:
        raise OCSError(404, "No such Top Menu entry")
    return None


def passed_back(answer: httpx.Response, other: str) -> Response:
    """The ExApp's final answer with its headers (the first value of each); answers that are
    not HTML pages by their name, not JSON and not marked otherwise are cached an hour."""
    headers: dict[str, str] = {}
    for name in answer.headers:
        if name not in APPAPI_HEADERS | {"transfer-encoding", "content-length", "date",
                                         "server", "connection"}:
            headers[name] = answer.headers.get_list(name)[0]
    kind = headers.pop("content-type", "")
    if kind.startswith("text/") and "charset" not in kind:
        kind += "; charset=UTF-8"
    if "cache-control" not in headers:
        cached = not other.endswith(".html") and kind not in ("application/json",
                                                               "application/x-tar")
        headers["cache-control"] = CACHED if cached else NO_CACHE
    return Response(answer.content, answer.status_code, headers=headers,
                    media_type=kind or None)


def not_found(uid: str) -> Response:
    body = "<!DOCTYPE html><html><body><h2>Page not found</h2></body></html>"
    headers = {} if uid else {"Cache-Control": NO_CACHE}
    return Response(body, 404, headers=headers, media_type=PAGE)
