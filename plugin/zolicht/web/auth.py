"""Who is asking, and the web's own calls to Nextcloud.

People sign in with Nextcloud's Login Flow v2: they type their password at Nextcloud, in
their own browser, and zolicht only polls for the app password Nextcloud then makes. No
password passes through zolicht, and a wrong one counts against the person's address, not
zolicht's: Nextcloud (32) refuses every login, the service account's too, from an address
with more than 10 failed logins in 30 minutes. A pending poll is no failed login
(``ClientFlowLoginV2Controller::poll`` has no brute-force protection).

As an external app, AppAPI vouches for the user on every request; and the CSRF tokens bind
a form to that person.

Every call to Nextcloud is one small function here, through zolicht's Nextcloud client
(the same transport, timeouts and typed errors as provisioning); ``NextcloudUnavailable``
means Nextcloud did not give a usable answer, which is never taken as a yes.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager

from zolicht.nextcloud import Nextcloud, NextcloudConfig, NextcloudError, Refused
from zolicht.nextcloud.appapi import APP_ID, AppAPI
from zolicht.nextcloud.appapi import HEADER as APPAPI_HEADER
from zolicht.nextcloud.login import Credentials, LoginFlow
from zolicht.nextcloud.provisioning import Account

__all__ = ["APPAPI_HEADER", "APP_ID", "Credentials", "LoginFlow", "NextcloudUnavailable"]

SESSION_COOKIE = "zolicht_session"
LOGIN_COOKIE = "zolicht_login"
SIGN_IN_COOKIE = "zolicht_signin"
TIMEOUT = 10


class NextcloudUnavailable(Exception):
    """Nextcloud gave no usable answer: unreachable, busy, rate limited (429)."""


@contextmanager
def _nextcloud(url: str, login: str = "", app_password: str = "") -> Iterator[Nextcloud]:
    """A short-lived client (as ``login``, or anonymous); every call has a timeout, and any
    failure that is not a refusal of the credentials is ``NextcloudUnavailable``."""
    client = Nextcloud(NextcloudConfig(url, login, app_password, read_timeout=TIMEOUT))
    try:
        yield client
    except NextcloudError as error:
        raise NextcloudUnavailable(str(error)) from error
    finally:
        client.close()


def start_login_flow(nextcloud_url: str) -> LoginFlow:
    """Ask Nextcloud for a Login Flow v2 (``POST /index.php/login/v2``)."""
    with _nextcloud(nextcloud_url) as nextcloud:
        return nextcloud.login.start()


def poll_login_flow(nextcloud_url: str, flow: LoginFlow) -> Credentials | None:
    """The login name and app password once the person granted access (Nextcloud hands
    them out once); None while they have not (or the flow expired)."""
    with _nextcloud(nextcloud_url) as nextcloud:
        return nextcloud.login.poll(flow)


def nextcloud_user(nextcloud_url: str, login: str, app_password: str) -> str | None:
    """The user id Nextcloud gives for this login and app password; None when Nextcloud
    refuses them (a revoked app password counts as one failed login at Nextcloud, a
    disabled account does not)."""
    with _nextcloud(nextcloud_url, login, app_password) as nextcloud:
        try:
            return nextcloud.users.me().id
        except Refused as refused:
            if refused.http_status in (401, 403):
                return None
            raise


def account_of(nextcloud_url: str, service: tuple[str, str], uid: str) -> Account | None:
    """Account ``uid`` with its display name and groups, asked by the service account
    (``GET /ocs/v2.php/cloud/users/{uid}``); None when there is no such account."""
    with _nextcloud(nextcloud_url, *service) as nextcloud:
        return nextcloud.users.account(uid)


def account_enabled(nextcloud_url: str, service: tuple[str, str], uid: str) -> bool:
    """Whether account ``uid`` exists and is enabled, asked by the service account (so a
    gone or disabled account is found without using its app password)."""
    account = account_of(nextcloud_url, service, uid)
    return account is not None and account.enabled


def revoke_app_password(nextcloud_url: str, login: str, app_password: str) -> None:
    """Delete this app password at Nextcloud; what goes wrong is ignored (the session is
    over either way)."""
    with contextlib.suppress(NextcloudUnavailable), \
            _nextcloud(nextcloud_url, login, app_password) as nextcloud:
        nextcloud.users.forget_app_password()


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


def top_menu(nextcloud_url: str, secret: str, version: str, enabled: bool) -> str:
    """Add (or remove) zolicht's entry in Nextcloud's top menu; "" or what went wrong."""
    try:
        with _nextcloud(nextcloud_url) as nextcloud:
            AppAPI(nextcloud.transport, secret, version).top_menu(enabled)
    except NextcloudUnavailable as error:
        return f"top menu: {error}"
    return ""
