"""Login Flow v2 (``/index.php/login/v2``), as Nextcloud 32 runs it.

A client starts a flow and polls it with the poll token: 404 ``[]`` while it is pending
(polling does not count as a failed login), the credentials once, then 404 again. The user
opens the login URL in a browser, which is redirected to the flow's page; there they grant
access, here with an app password of theirs (the page's "alternative log in"), and the
client receives that login name and app password.
"""

from __future__ import annotations

import html
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

PAGE = "text/html; charset=UTF-8"
JSON = "application/json; charset=utf-8"
SESSION = "nc_devcloud_session"
ALPHABET = string.ascii_letters + string.digits


def token(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


@dataclass
class Flow:
    poll: str
    login: str
    client: str
    login_name: str = ""
    app_password: str = ""


@dataclass
class LoginFlows:
    base_url: str
    app_password_of: Callable[[str, str], bool]
    """Whether this app password belongs to this login name."""
    flows: dict[str, Flow] = field(default_factory=dict)
    """By poll token."""
    sessions: dict[str, dict[str, str]] = field(default_factory=dict)

    async def handle(self, request: Request, rest: str) -> Response:
        """``rest`` is what follows ``/index.php/login/v2``."""
        method = request.method
        if rest == "" and method == "POST":
            return self.start(request)
        if rest == "/poll" and method == "POST":
            return self.poll(await form(request))
        if rest.startswith("/flow/") and method == "GET":
            return self.landing(request, rest[len("/flow/"):])
        if rest == "/flow" and method == "GET":
            return self.page(request)
        if rest == "/apptoken" and method == "POST":
            return self.grant(request, await form(request))
        return page("Page not found", 404)

    def start(self, request: Request) -> Response:
        flow = Flow(token(128), token(128), request.headers.get("user-agent", ""))
        self.flows[flow.poll] = flow
        return JSONResponse({
            "poll": {"token": flow.poll, "endpoint": f"{self.base_url}/index.php/login/v2/poll"},
            "login": f"{self.base_url}/index.php/login/v2/flow/{flow.login}"},
            media_type=JSON)

    def poll(self, given: dict[str, str]) -> Response:
        flow = self.flows.get(given.get("token", ""))
        if flow is None or not flow.app_password:
            return JSONResponse([], 404, media_type=JSON)
        del self.flows[flow.poll]  # the credentials are handed out once
        return JSONResponse({"server": self.base_url, "loginName": flow.login_name,
                             "appPassword": flow.app_password}, media_type=JSON)

    def by_login(self, login: str) -> Flow | None:
        return next((f for f in self.flows.values() if f.login == login), None)

    def landing(self, request: Request, login: str) -> Response:
        if self.by_login(login) is None:
            return page("Your login token is invalid or has expired", 403)
        session, sid = self.session(request)
        session["login"] = login
        response = Response(status_code=303, media_type=PAGE, headers={
            "Location": f"{self.base_url}/index.php/login/v2/flow?user=&direct=0"})
        response.set_cookie(SESSION, sid, httponly=True, samesite="lax")
        return response

    def page(self, request: Request) -> Response:
        session, _ = self.session(request)
        flow = self.by_login(session.get("login", ""))
        if flow is None:
            return page("Your login token is invalid or has expired", 403)
        session["state"], session["request"] = token(64), token(44)
        return page("", 200, grant_form(self.base_url, flow.client, session["state"],
                                        session["request"]))

    def grant(self, request: Request, given: dict[str, str]) -> Response:
        session, _ = self.session(request)
        flow = self.by_login(session.get("login", ""))
        if given.get("requesttoken") != session.get("request") or flow is None:
            return page("Access forbidden", 403)
        if given.get("stateToken") != session.pop("state", None):
            return page("State token does not match", 403)
        session.pop("login", None)
        user, password = given.get("user", ""), given.get("password", "")
        if not self.app_password_of(user, password):
            return page("Invalid app password", 403)
        flow.login_name, flow.app_password = user, password
        return page("Account connected", 200)

    def session(self, request: Request) -> tuple[dict[str, str], str]:
        sid = request.cookies.get(SESSION, "")
        if sid not in self.sessions:
            sid = token(26)
            self.sessions[sid] = {}
        return self.sessions[sid], sid


async def form(request: Request) -> dict[str, str]:
    parsed = parse_qs((await request.body()).decode("utf-8", "replace"))
    return {key: values[0] for key, values in parsed.items()}


def page(text: str, status: int, markup: str = "") -> Response:
    body = (f"<!DOCTYPE html><html><head><title>Nextcloud</title></head><body>"
            f"{markup or '<p>' + html.escape(text) + '</p>'}</body></html>")
    return Response(body, status, media_type=PAGE)


def grant_form(base: str, client: str, state: str, request_token: str) -> str:
    """The flow's page: its "alternative log in using app password" form."""
    return (f"<p>Please log in before granting {html.escape(client)} access to your Nextcloud "
            f'account.</p><form action="{base}/index.php/login/v2/apptoken" method="post">'
            '<input type="text" name="user"><input type="password" name="password">'
            f'<input type="hidden" name="stateToken" value="{state}" />'
            f'<input type="hidden" name="requesttoken" value="{request_token}">'
            '<input type="submit" value="Grant access"></form>')
