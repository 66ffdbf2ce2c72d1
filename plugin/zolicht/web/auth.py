"""Who is asking: a zolicht session after signing in with a Nextcloud app password, or the
user Nextcloud's AppAPI vouches for; and the CSRF tokens that bind a form to that person.

Sessions live on the server (the cookie holds only a random id). Signing in always makes a
new id, so an id planted before sign-in (session fixation) never becomes a signed-in
session. Sessions end after ``IDLE`` without use and ``LIFETIME`` at most.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

import requests

SESSION_COOKIE = "zolicht_session"
LOGIN_COOKIE = "zolicht_login"
IDLE = 30 * 60
LIFETIME = 12 * 60 * 60
APPAPI_HEADER = "AUTHORIZATION-APP-API"
APP_ID = "zolicht"


@dataclass
class Session:
    uid: str
    created: float
    seen: float


class Sessions:
    """Signed-in sessions by random id; thread-safe, in memory (a restart signs people out)."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, uid: str) -> str:
        sid = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            self._sessions[sid] = Session(uid, now, now)
        return sid

    def user(self, sid: str | None) -> str | None:
        if not sid:
            return None
        now = time.monotonic()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if now - session.seen > IDLE or now - session.created > LIFETIME:
                del self._sessions[sid]
                return None
            session.seen = now
            return session.uid

    def end(self, sid: str | None) -> None:
        with self._lock:
            self._sessions.pop(sid or "", None)


def nextcloud_user(url: str, login: str, app_password: str) -> str | None:
    """The user id Nextcloud gives for this login and app password, or None."""
    try:
        answer = requests.get(f"{url.rstrip('/')}/ocs/v2.php/cloud/user",
                              params={"format": "json"}, auth=(login, app_password),
                              headers={"OCS-APIRequest": "true"}, timeout=10)
    except requests.RequestException:
        return None
    if answer.status_code != 200:
        return None
    uid = answer.json().get("ocs", {}).get("data", {}).get("id")
    return str(uid) if uid else None


def appapi_user(headers: dict[str, str], secret: str) -> str | None:
    """The user id AppAPI sends (``""`` for Nextcloud itself), or None when the request
    does not carry AppAPI's shared secret for this app."""
    if headers.get("ex-app-id") != APP_ID or not headers.get("ex-app-version"):
        return None
    try:
        decoded = base64.b64decode(headers.get(APPAPI_HEADER.lower(), ""), validate=True)
        uid, _, given = decoded.decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return None
    return uid


def csrf_token(key: bytes, bound_to: str) -> str:
    """A token for forms, bound to one session (or one AppAPI user)."""
    return hmac.new(key, b"csrf:" + bound_to.encode(), hashlib.sha256).hexdigest()


def csrf_ok(key: bytes, bound_to: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(key, bound_to), given or "")


def appapi_headers(secret: str, version: str, uid: str = "") -> dict[str, str]:
    """Headers for zolicht's own calls to AppAPI (``uid`` empty: as the app itself)."""
    token = base64.b64encode(f"{uid}:{secret}".encode()).decode()
    return {"EX-APP-ID": APP_ID, "EX-APP-VERSION": version, APPAPI_HEADER: token,
            "OCS-APIRequest": "true", "Accept": "application/json"}


def top_menu(nextcloud_url: str, secret: str, version: str, enabled: bool) -> str:
    """Add (or remove) zolicht's entry in Nextcloud's top menu; "" or what went wrong."""
    url = f"{nextcloud_url.rstrip('/')}/ocs/v1.php/apps/app_api/api/v1/ui/top-menu"
    body: dict[str, str | int] = {"name": "main"}
    if enabled:
        body |= {"displayName": "zolicht", "icon": "", "adminRequired": 0}
    try:
        answer = requests.request("POST" if enabled else "DELETE", url, json=body,
                                  headers=appapi_headers(secret, version), timeout=10)
    except requests.RequestException as error:
        return f"top menu: {error}"
    return "" if answer.status_code == 200 else f"top menu: HTTP {answer.status_code}"
