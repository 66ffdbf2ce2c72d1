"""Login Flow v2 (core/Controller/ClientFlowLoginV2Controller.php): an app asks for a flow,
the person signs in at Nextcloud in their own browser and grants access, and the app polls
until it gets an app password.

- ``POST /index.php/login/v2`` (public, no CSRF): ``{"poll": {"token", "endpoint"},
  "login"}``; the client's ``User-Agent`` becomes the app password's name.
- ``GET /index.php/login/v2/flow/{token}``: the page where the person signs in (real
  Nextcloud spreads this over an account picker, its login page and a grant page; here it
  is one form) and ``POST /index.php/login/v2/grant`` grants. A wrong password counts as a
  failed login for the *browser's* address, as on Nextcloud's login page.
- ``POST /index.php/login/v2/poll`` with ``token``: ``{"server", "loginName",
  "appPassword"}`` once when granted, else 404 with body ``[]``; never a failed login.
- A flow lives 20 minutes (``LoginFlowV2Mapper::lifetime``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from zolicht.devcloud.accounts import Accounts

LIFETIME = 1200
SCHEMA = """
CREATE TABLE IF NOT EXISTS login_flows (
    poll_hash TEXT PRIMARY KEY,
    login_token TEXT NOT NULL UNIQUE,
    client TEXT NOT NULL,
    created REAL NOT NULL,
    login_name TEXT,
    server TEXT,
    app_password TEXT
);
"""
INVALID = "Your login token is invalid or has expired"


class LoginFlows:
    def __init__(self, conn: sqlite3.Connection, accounts: Accounts, action: str) -> None:
        self.conn = conn
        self.accounts = accounts
        self.action = action
        """The brute-force action a wrong password counts under (Nextcloud's ``login``)."""
        conn.executescript(SCHEMA)

    async def handle(self, request: Request, rest: str, ip: str) -> Response:
        """``rest``: the path after ``/login/v2``."""
        self.conn.execute("DELETE FROM login_flows WHERE created < ?", (time.time() - LIFETIME,))
        if rest == "" and request.method == "POST":
            return self.start(request)
        if rest == "/poll" and request.method == "POST":
            return self.poll((await form(request)).get("token", ""))
        if rest.startswith("/flow/") and request.method == "GET":
            return self.page(rest[len("/flow/"):], "")
        if rest == "/grant" and request.method == "POST":
            return self.grant(await form(request), ip, base(request))
        return HTMLResponse("<h1>Page not found</h1>", 404)

    def start(self, request: Request) -> Response:
        poll, login = secrets.token_urlsafe(96)[:128], secrets.token_urlsafe(96)[:128]
        self.conn.execute("INSERT INTO login_flows (poll_hash, login_token, client, created) "
                          "VALUES (?, ?, ?, ?)", (digest(poll), login,
                                                  request.headers.get("user-agent", ""),
                                                  time.time()))
        root = f"{base(request)}/index.php/login/v2"
        return JSONResponse({"poll": {"token": poll, "endpoint": f"{root}/poll"},
                             "login": f"{root}/flow/{login}"})

    def poll(self, token: str) -> Response:
        row = self.conn.execute("SELECT * FROM login_flows WHERE poll_hash = ?",
                                (digest(token),)).fetchone()
        if row is None or row["app_password"] is None:
            return Response("[]", 404, media_type="application/json")
        self.conn.execute("DELETE FROM login_flows WHERE poll_hash = ?", (row["poll_hash"],))
        return JSONResponse({"server": row["server"], "loginName": row["login_name"],
                             "appPassword": row["app_password"]})

    def flow(self, login_token: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM login_flows WHERE login_token = ? AND app_password IS NULL",
            (login_token,)).fetchone()
        return row

    def page(self, login_token: str, warning: str) -> Response:
        row = self.flow(login_token)
        if row is None:
            return HTMLResponse(f"<!DOCTYPE html><html><body><p>{INVALID}</p></body></html>", 403)
        shown = f"<p class='warning'>{warning}</p>" if warning else ""
        return HTMLResponse(
            "<!DOCTYPE html><html><head><title>Nextcloud</title></head><body>"
            "<h2>Connect to your account</h2>"
            f"<p>Please log in before granting <strong>{escape(row['client'])}</strong> access "
            f"to your Nextcloud account.</p>{shown}"
            "<form method='post' action='/index.php/login/v2/grant'>"
            f"<input type='hidden' name='token' value='{escape(login_token)}'>"
            "<input id='user' name='user' autocomplete='username'>"
            "<input id='password' name='password' type='password'>"
            "<button type='submit' id='grant'>Grant access</button></form></body></html>")

    def grant(self, given: dict[str, str], ip: str, server: str) -> Response:
        login_token = given.get("token", "")
        row = self.flow(login_token)
        if row is None:
            return self.page(login_token, "")
        if self.accounts.blocked(self.action, ip):
            return HTMLResponse("<!DOCTYPE html><html><body><p>Too many requests</p>"
                                "</body></html>", 429)
        user, password = given.get("user", ""), given.get("password", "")
        found = self.accounts.login(user, password)
        if found is None:
            self.accounts.register_attempt(self.action, ip)
            return self.page(login_token, "Wrong login or password.")
        app_password = self.accounts.new_app_password(found[0], row["client"])
        self.conn.execute("UPDATE login_flows SET login_name = ?, server = ?, app_password = ? "
                          "WHERE login_token = ?", (user, server, app_password, login_token))
        return HTMLResponse("<!DOCTYPE html><html><body><h2>Account connected</h2>"
                            "<p>Your client should now be connected!<br>You can close this "
                            "window.</p></body></html>")


def digest(token: str) -> str:
    return hashlib.sha512(token.encode()).hexdigest()


def base(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


async def form(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", "replace")
    if "json" in request.headers.get("content-type", ""):
        loaded = json.loads(body or "{}")
        return {k: str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
