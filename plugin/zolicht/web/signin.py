"""Signing in with Nextcloud's Login Flow v2, signing out, and the start page that sends
each person to their own page."""

from __future__ import annotations

import math
import secrets
from dataclasses import replace
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from zolicht import messages as M
from zolicht.clock import local
from zolicht.domain.model import Circle
from zolicht.web import auth, views
from zolicht.web.auth import LOGIN_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE
from zolicht.web.deps import SiteDep, Who, form_checked
from zolicht.web.responses import go, page, set_cookie
from zolicht.web.site import Forbidden, Site
from zolicht.web.state import SIGN_IN_KEEP, PendingSignIn

router = APIRouter(include_in_schema=False)
USER_MAX = 254
"""A login name is an account id (at most 64 characters) or an e-mail address (at most 254);
a longer ``gebruiker`` is cut."""


@router.get("/")
def home(request: Request, who: Who, site: SiteDep) -> Response:
    """Where a signed-in person starts: the professional's desk (also for a member of the
    professionals' group without a family yet), else their family's or network page."""
    mine = site.memberships(who.uid)
    if any(m.person.circle is Circle.PROFESSIONAL for m in mine):
        return go(request, "/hulpverlener")
    for m in mine:
        target = "gezin" if m.person.circle is Circle.FAMILY else "netwerk"
        return go(request, f"/{target}/{m.family.slug}")
    if site.may_create_families(who.uid):
        return go(request, "/hulpverlener")
    raise Forbidden("nothing")


@router.get("/inloggen", response_class=HTMLResponse)
def sign_in_page(request: Request, naar: str = "/", gebruiker: str = "") -> Response:
    return start_page(request, _local(naar), user=gebruiker[:USER_MAX])


@router.post("/inloggen")
def sign_in(request: Request, site: SiteDep, login_token: Annotated[str, Form()],
            naar: Annotated[str, Form()] = "/",
            gebruiker: Annotated[str, Form()] = "") -> Response:
    """Start a sign-in: zolicht's own throttle first, then a login flow at Nextcloud. With
    ``gebruiker``, Nextcloud's login form comes with that login name filled in (the flow's
    login URL passes ``user`` on to it)."""
    _login_form_checked(request, login_token)
    nextcloud, next_path = site.settings.nextcloud, _local(naar)
    unreachable = views.Notice(M.WEB_NEXTCLOUD_UNREACHABLE, problem=True)
    if nextcloud is None:
        return start_page(request, next_path, unreachable, 503)
    wait = site.sign_in_throttle.attempt(_client_address(request))
    if wait:
        return _too_many(start_page(request, next_path, _too_many_notice(site, wait), 429),
                         wait)
    try:
        flow = auth.start_login_flow(nextcloud.url)
    except auth.NextcloudUnavailable:
        return start_page(request, next_path, unreachable, 503)
    if gebruiker:
        flow = replace(flow, login_url=f"{flow.login_url}?"
                       + urlencode({"user": gebruiker[:USER_MAX]}))
    site.sign_ins.end(request.cookies.get(SIGN_IN_COOKIE))
    response = go(request, "/inloggen/nextcloud")
    set_cookie(request, response, SIGN_IN_COOKIE, site.sign_ins.start(flow, next_path),
               max_age=int(SIGN_IN_KEEP))
    return response


@router.get("/inloggen/nextcloud", response_class=HTMLResponse)
def sign_in_at_nextcloud(request: Request, site: SiteDep) -> Response:
    pending = site.sign_ins.get(request.cookies.get(SIGN_IN_COOKIE))
    if pending is None:
        return start_page(request, "/", views.Notice(M.WEB_SIGN_IN_AGAIN, problem=True))
    return _waiting_page(request, pending)


@router.post("/inloggen/klaar")
def sign_in_done(request: Request, site: SiteDep,
                 login_token: Annotated[str, Form()]) -> Response:
    """Ask Nextcloud whether the person granted access; if so, start a session."""
    _login_form_checked(request, login_token)
    key = request.cookies.get(SIGN_IN_COOKIE)
    pending, nextcloud = site.sign_ins.get(key), site.settings.nextcloud
    if pending is None or nextcloud is None:
        return start_page(request, "/", views.Notice(M.WEB_SIGN_IN_AGAIN, problem=True))
    wait = site.poll_throttle.attempt(_client_address(request))
    if wait:
        return _too_many(_waiting_page(request, pending, _too_many_notice(site, wait), 429),
                         wait)
    try:
        given = auth.poll_login_flow(nextcloud.url, pending.flow)
        uid = given and auth.nextcloud_user(nextcloud.url, given.login, given.app_password)
    except auth.NextcloudUnavailable:
        return _waiting_page(request, pending, views.Notice(
            M.WEB_NEXTCLOUD_UNREACHABLE, problem=True), 503)
    if given is None or not uid:
        return _waiting_page(request, pending, views.Notice(M.WEB_SIGN_IN_NOT_YET, True))
    site.sign_ins.end(key)
    site.sign_out(request.cookies.get(SESSION_COOKIE))
    response = go(request, pending.next)
    set_cookie(request, response, SESSION_COOKIE,
               site.sessions.start(uid, given.login, given.app_password))
    response.delete_cookie(LOGIN_COOKIE)
    response.delete_cookie(SIGN_IN_COOKIE)
    return response


@router.post("/uitloggen")
def sign_out(request: Request, csrf: Annotated[str, Form()], who: Who,
             site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    site.sign_out(request.cookies.get(SESSION_COOKIE))
    response = go(request, "/inloggen")
    response.delete_cookie(SESSION_COOKIE)
    return response


def start_page(request: Request, next_path: str, notice: views.Notice | None = None,
               status: int = 200, user: str = "") -> Response:
    """The sign-in page: one button that starts Nextcloud's login flow."""
    token = secrets.token_urlsafe(24)
    response = page(request, "login.html", None, status, login_token=token, next=next_path,
                    notice=notice, user=user)
    set_cookie(request, response, LOGIN_COOKIE, token, max_age=1800)
    return response


def _waiting_page(request: Request, pending: PendingSignIn,
                  notice: views.Notice | None = None, status: int = 200) -> Response:
    """Sign in at Nextcloud (a link), then come back and press the button."""
    return page(request, "login_wait.html", None, status, login_url=pending.flow.login_url,
                login_token=request.cookies.get(LOGIN_COOKIE, ""), notice=notice)


def _login_form_checked(request: Request, token: str) -> None:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, token):
        raise Forbidden("csrf")


def _too_many(response: Response, wait: float) -> Response:
    response.headers["Retry-After"] = str(math.ceil(wait))
    return response


def _too_many_notice(site: Site, wait: float) -> views.Notice:
    then = local(site.clock.now() + timedelta(seconds=wait + 59))
    return views.Notice(M.WEB_TOO_MANY.format(time=f"{then:%H:%M}"), problem=True)


def _client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def _local(target: str) -> str:
    """Only paths on this site, so a sign-in link cannot send someone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
