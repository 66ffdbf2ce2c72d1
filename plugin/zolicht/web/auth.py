"""Who is asking, and the web's own calls to Nextcloud.

People sign in with Nextcloud's Login Flow v2: they type their password at Nextcloud, in
their own browser, and zolicht only polls for the app password Nextcloud then makes. No
password passes through zolicht, and a wrong one counts against the person's address, not
zolicht's: Nextcloud (32) refuses every login, the service account's too, from an address
with more than 10 failed logins in 30 minutes. A pending poll is no failed login
(``ClientFlowLoginV2Controller::poll`` has no brute-force protection).

As an external app, AppAPI vouches for the user on every request; and the CSRF tokens bind
a form to that person.

Every call to Nextcloud is one small function here, with a timeout; ``NextcloudUnavailable``
means Nextcloud did not give a usable answer, which is never taken as a yes.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

SESSION_COOKIE = "zolicht_session"
LOGIN_COOKIE = "zolicht_login"
SIGN_IN_COOKIE = "zolicht_signin"
APPAPI_HEADER = "AUTHORIZATION-APP-API"
APP_ID = "zolicht"
CLIENT_NAME = "zolicht"
"""Sent as ``User-Agent`` when starting a login flow: the name Nextcloud shows on its grant
page and gives the app password (Instellingen, Beveiliging)."""
TIMEOUT = 10
OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}


class NextcloudUnavailable(Exception):
    """Nextcloud gave no usable answer: unreachable, busy, rate limited (429)."""


@dataclass(frozen=True)
class LoginFlow:
    login_url: str
    """Where the person signs in and grants access, in their own browser."""
    poll_token: str


@dataclass(frozen=True)
class Credentials:
    login: str
    app_password: str


def _call(method: str, url: str, **options: Any) -> requests.Response:
    try:
        answer = requests.request(method, url, timeout=TIMEOUT, **options)
    except requests.RequestException as error:
        raise NextcloudUnavailable(str(error)) from error
    if answer.status_code == 429 or answer.status_code >= 500:
        raise NextcloudUnavailable(f"HTTP {answer.status_code}")
    return answer


def start_login_flow(nextcloud_url: str) -> LoginFlow:
    """Ask Nextcloud for a Login Flow v2 (``POST /index.php/login/v2``)."""
    answer = _call("POST", f"{nextcloud_url}/index.php/login/v2",
                   headers={"User-Agent": CLIENT_NAME, "Accept": "application/json"})
    try:
        found = answer.json()
        return LoginFlow(str(found["login"]), str(found["poll"]["token"]))
    except (ValueError, KeyError, TypeError) as error:
        raise NextcloudUnavailable(f"login flow: HTTP {answer.status_code}") from error


def poll_login_flow(nextcloud_url: str, flow: LoginFlow) -> Credentials | None:
    """The login name and app password once the person granted access (Nextcloud hands
    them out once); None while they have not (or the flow expired). Polled at the configured
    address, not the endpoint Nextcloud names (that may be its public name)."""
    answer = _call("POST", f"{nextcloud_url}/index.php/login/v2/poll",
                   data={"token": flow.poll_token}, headers={"Accept": "application/json"})
    if answer.status_code == 404:
        return None
    try:
        found = answer.json()
        return Credentials(str(found["loginName"]), str(found["appPassword"]))
    except (ValueError, KeyError, TypeError) as error:
        raise NextcloudUnavailable(f"login flow poll: HTTP {answer.status_code}") from error


def nextcloud_user(nextcloud_url: str, login: str, app_password: str) -> str | None:
    """The user id Nextcloud gives for this login and app password; None when Nextcloud
    refuses them (a revoked app password counts as one failed login at Nextcloud, a
    disabled account does not)."""
    answer = _call("GET", f"{nextcloud_url}/ocs/v2.php/cloud/user", params={"format": "json"},
                   auth=(login, app_password), headers=OCS)
    if answer.status_code in (401, 403):
        return None
    uid = _ocs_data(answer).get("id")
    if not uid:
        raise NextcloudUnavailable(f"cloud/user: HTTP {answer.status_code}")
    return str(uid)


def account_enabled(nextcloud_url: str, service: tuple[str, str], uid: str) -> bool:
    """Whether account ``uid`` exists and is enabled, asked by the service account (so a
    gone or disabled account is found without using its app password)."""
    answer = _call("GET", f"{nextcloud_url}/ocs/v2.php/cloud/users/{quote(uid, safe='')}",
                   params={"format": "json"}, auth=service, headers=OCS)
    if answer.status_code == 404:
        return False
    enabled = _ocs_data(answer).get("enabled")
    if enabled is None:
        raise NextcloudUnavailable(f"cloud/users: HTTP {answer.status_code}")
    return bool(enabled)


def revoke_app_password(nextcloud_url: str, login: str, app_password: str) -> None:
    """Delete this app password at Nextcloud (``DELETE /ocs/v2.php/core/apppassword``);
    what goes wrong is ignored (the session is over either way)."""
    with contextlib.suppress(NextcloudUnavailable):
        _call("DELETE", f"{nextcloud_url}/ocs/v2.php/core/apppassword",
              auth=(login, app_password), headers=OCS)


def _ocs_data(answer: requests.Response) -> dict[str, object]:
    try:
        data = answer.json().get("ocs", {}).get("data", {})
    except (ValueError, AttributeError):
        return {}
    return data if isinstance(data, dict) else {}


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
