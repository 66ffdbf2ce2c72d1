"""Login Flow v2 (``/index.php/login/v2``), as Nextcloud 32 runs it.

A client starts a flow and polls it with the poll token: 404 ``[]`` while it is pending
(polling does not count as a failed login), the credentials once, then 404 again. The user
opens the login URL in a browser, which is redirected to the flow's page. There they either
press "Log in": the grant page, which sends someone not logged in to the login form (login
name pre-filled from the login URL's ``user``, carried along as Nextcloud's
``SecurityMiddleware`` does), where their normal password (or an app password, as
``Session::login`` accepts) logs them in; granting access then creates a fresh app password
for the client. Or they use the page's "alternative log in" with an app password of theirs,
which the client receives as it is.
"""

from __future__ import annotations

import html
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

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
    log_in: Callable[[str, str], str | None]
    """The user id for this login name and password (or app password), else None."""
    new_app_password: Callable[[str, str], str]
    """A fresh app password for this user id, named for the client."""
    failed_login: Callable[[Request], None]
    """Count a failed login from this request's address (brute-force protection)."""
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
        if rest == "/grant" and method == "GET":
            return self.grant_page(request)
        if rest == "/grant" and method == "POST":
            return self.grant_logged_in(request, await form(request))
        return page("Page not found", 404)

    async def login(self, request: Request) -> Response:
        """``/index.php/login``: Nextcloud's login form, and logging in with it."""
        if request.method == "GET":
            return self.login_form(request)
        if request.method == "POST":
            return self.log_in_with(request, await form(request))
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
        user = request.query_params.get("user", "")
        query = urlencode({"user": user, "direct": request.query_params.get("direct", "0")})
        response = Response(status_code=303, media_type=PAGE, headers={
            "Location": f"{self.base_url}/index.php/login/v2/flow?{query}"})
        response.set_cookie(SESSION, sid, httponly=True, samesite="lax")
        return response

    def page(self, request: Request) -> Response:
        session, _ = self.session(request)
        flow = self.by_login(session.get("login", ""))
        if flow is None:
            return page("Your login token is invalid or has expired", 403)
        session["state"], session["request"] = token(64), token(44)
        log_in = f"{self.base_url}/index.php/login/v2/grant?" + urlencode({
            "stateToken": session["state"], "user": request.query_params.get("user", ""),
            "direct": request.query_params.get("direct", "0")})
        return page("", 200, grant_form(self.base_url, flow.client, session["state"],
                                        session["request"], log_in))

    def grant_page(self, request: Request) -> Response:
        """"Log in" on the flow's page: to the login form first unless logged in."""
        session, _ = self.session(request)
        if not session.get("uid"):
            target = urlsplit(str(request.url))
            query = {"redirect_url": f"{target.path}?{target.query}"}
            if request.query_params.get("user"):
                query["user"] = request.query_params["user"]
            return Response(status_code=303, media_type=PAGE, headers={
                "Location": f"{self.base_url}/index.php/login?{urlencode(query)}"})
        flow = self.by_login(session.get("login", ""))
        if flow is None:
            return page("Your login token is invalid or has expired", 403)
        if request.query_params.get("stateToken") != session.get("state"):
            return page("State token does not match", 403)
        session["request"] = token(44)
        return page("", 200, confirm_form(self.base_url, flow.client, session["uid"],
                                          session["state"], session["request"]))

    def grant_logged_in(self, request: Request, given: dict[str, str]) -> Response:
        """"Grant access": a fresh app password for the client, in the logged-in name."""
        session, _ = self.session(request)
        flow = self.by_login(session.get("login", ""))
        if (given.get("requesttoken") != session.get("request") or flow is None
                or not session.get("uid")):
            return page("Access forbidden", 403)
        if given.get("stateToken") != session.pop("state", None):
            return page("State token does not match", 403)
        session.pop("login", None)
        flow.login_name = session["login_name"]
        flow.app_password = self.new_app_password(session["uid"], flow.client)
        return page("Account connected", 200)

    def login_form(self, request: Request) -> Response:
        session, sid = self.session(request)
        session["request"] = token(44)
        wrong = bool(session.pop("wrong", ""))
        response = page("", 200, login_form(
            self.base_url, request.query_params.get("user", ""),
            request.query_params.get("redirect_url", ""), session["request"], wrong))
        response.set_cookie(SESSION, sid, httponly=True, samesite="lax")
        return response

    def log_in_with(self, request: Request, given: dict[str, str]) -> Response:
        session, _ = self.session(request)
        if given.get("requesttoken") != session.get("request"):
            return page("Access forbidden", 403)
        user, target = given.get("user", ""), given.get("redirect_url", "")
        uid = self.log_in(user, given.get("password", ""))
        if uid is None:
            self.failed_login(request)
            session["wrong"] = "1"
            query = urlencode({"user": user, "redirect_url": target})
            return Response(status_code=303, media_type=PAGE, headers={
                "Location": f"{self.base_url}/index.php/login?{query}"})
        # by e-mail, Nextcloud's login chain goes on with the account id as the login name
        session["uid"], session["login_name"] = uid, user if "@" not in user else uid
        local = target if target.startswith("/") and not target.startswith("//") else "/"
        return Response(status_code=303, media_type=PAGE,
                        headers={"Location": f"{self.base_url}{local}"})

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


def grant_form(base: str, client: str, state: str, request_token: str, log_in: str) -> str:
    """The flow's page: "Log in", and the "alternative log in using app password" form."""
    return (f"<p>Please log in before granting {html.escape(client)} access to your Nextcloud "
            f'account.</p><p><a id="log-in" href="{html.escape(log_in)}">Log in</a></p>'
            f'<form action="{base}/index.php/login/v2/apptoken" method="post">'
            '<input type="text" name="user"><input type="password" name="password">'
            f'<input type="hidden" name="stateToken" value="{state}" />'
            f'<input type="hidden" name="requesttoken" value="{request_token}">'
            '<input type="submit" value="Grant access"></form>')


def login_form(base: str, user: str, target: str, request_token: str, wrong: bool) -> str:
    """Nextcloud's login form, the login name pre-filled from ``user``."""
    return (('<p class="warning">Wrong login or password.</p>' if wrong else "")
            + f'<form action="{base}/index.php/login" method="post" name="login">'
            f'<input type="text" name="user" value="{html.escape(user)}">'
            '<input type="password" name="password">'
            f'<input type="hidden" name="redirect_url" value="{html.escape(target)}">'
            f'<input type="hidden" name="requesttoken" value="{request_token}">'
            '<input type="submit" value="Log in"></form>')


def confirm_form(base: str, client: str, uid: str, state: str, request_token: str) -> str:
    """The grant page of someone logged in: "Grant access"."""
    return (f"<p>Currently logged in as {html.escape(uid)}.</p><p>You are about to grant "
            f"{html.escape(client)} access to your Nextcloud account.</p>"
            f'<form action="{base}/index.php/login/v2/grant" method="post">'
            f'<input type="hidden" name="stateToken" value="{state}" />'
            f'<input type="hidden" name="requesttoken" value="{request_token}">'
            '<input type="submit" value="Grant access"></form>')
