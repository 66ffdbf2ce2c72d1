"""The FastAPI app: pages for families, network members and professionals, the JSON API
(``/api/v1``, with its OpenAPI schema), and AppAPI's lifecycle endpoints.

Pages work without JavaScript: server-rendered HTML forms, POST-redirect-GET (behind
AppAPI's proxy: POST and a page that sends the browser on), and a CSRF token in every form
(``X-CSRF-Token`` for the API). Every family route checks that the person is in that
family and may see that page; anything else gets the same 403, whether or not the family,
the document or the member exists.
"""

import math
import secrets
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, Header, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from zolicht import messages as M
from zolicht.clock import local
from zolicht.documents.render import KINDS
from zolicht.domain.contacts import occurrences
from zolicht.domain.errors import InvalidInput, NotFound
from zolicht.domain.model import Circle
from zolicht.services import audit
from zolicht.services import contacts as contact_plans
from zolicht.services import documents as word
from zolicht.store.remote import Remote
from zolicht.web import auth, views
from zolicht.web.auth import (
    APPAPI_HEADER,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    appapi_user,
    csrf_ok,
    csrf_token,
    top_menu,
)
from zolicht.web.headers import SecurityHeaders
from zolicht.web.site import Change, Forbidden, Membership, Site
from zolicht.web.state import SIGN_IN_KEEP, PendingSignIn
from zolicht.wording import cell_text

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAFE = {"GET", "HEAD", "OPTIONS"}


class SignIn(Exception):
    """Nobody is signed in: pages send people to the sign-in page, the API answers 401."""


class Identity:
    """The signed-in person, and what their CSRF tokens are bound to."""

    def __init__(self, uid: str, bound_to: str) -> None:
        self.uid = uid
        self.bound_to = bound_to


def create_app(site: Site) -> FastAPI:
    app = FastAPI(title="zolicht", version="1", openapi_url="/api/v1/openapi.json",
                  docs_url="/api/v1/docs", redoc_url=None)
    app.add_middleware(SecurityHeaders)
    key = site.settings.key
    root = site.settings.root_path

    def go(request: Request, path: str) -> Response:
        """Send the browser on to ``path`` on this site (behind AppAPI's proxy prefix when
        there is one): a 303 See Other, or, for a request that came through AppAPI's
        proxy, a page that sends the browser on by itself (meta refresh) with a visible
        link. AppAPI's proxy follows redirects itself, against zolicht's own address, where
        the prefixed path does not exist; so it must never get one."""
        if not through_appapi(request, site.settings.app_secret):
            return RedirectResponse(root + path, 303)
        return page(request, "continue.html", None, target=root + path)

    def identity(request: Request) -> Identity:
        secret = site.settings.app_secret
        headers = {k.lower(): v for k, v in request.headers.items()}
        if secret and "authorization-app-api" in headers:
            uid = appapi_user(headers, secret)
            if not uid:
                raise SignIn()
            return Identity(uid, f"appapi:{uid}")
        sid = request.cookies.get(SESSION_COOKIE)
        uid = site.signed_in(sid)
        if uid is None or sid is None:
            raise SignIn()
        return Identity(uid, f"session:{sid}")

    Who = Annotated[Identity, Depends(identity)]

    def checked(request: Request, who: Who,
                csrf: Annotated[str | None, Header(alias="X-CSRF-Token")] = None) -> Identity:
        """The identity, with the CSRF token checked for every unsafe API request."""
        if request.method not in SAFE and not csrf_ok(key, who.bound_to, csrf):
            raise Forbidden("csrf")
        return who

    def form_checked(token: str, who: Identity) -> None:
        if not csrf_ok(key, who.bound_to, token):
            raise Forbidden("csrf")

    def page(request: Request, name: str, who: Identity | None, status: int = 200,
             **values: Any) -> HTMLResponse:
        values["csrf"] = csrf_token(key, who.bound_to) if who else ""
        values["root"] = root
        return TEMPLATES.TemplateResponse(request, name, {"M": M, **values},
                                          status_code=status)

    def today() -> date:
        return site.today()

    def member_where(who: Identity, slug: str,
                     allowed: Callable[[Membership], bool]) -> Membership:
        """Who ``who`` is in family ``slug``, if ``allowed``; else the one 403."""
        me = site.membership(who.uid, slug)
        if not allowed(me):
            raise Forbidden(slug)
        return me

    def family_member(who: Identity, slug: str) -> Membership:
        return member_where(who, slug, lambda m: views.may_open_family_page(m.person))

    def network_member(who: Identity, slug: str) -> Membership:
        return member_where(who, slug, lambda m: m.person.circle is Circle.NETWORK)

    def audit_reader(who: Identity, slug: str) -> Membership:
        return member_where(who, slug,
                            lambda m: views.may_read_audit(m.family, m.person, today()))

    def professional(who: Identity, slug: str) -> Membership:
        return member_where(who, slug, lambda m: m.person.circle is Circle.PROFESSIONAL)

    def professional_families(who: Identity) -> list[Membership]:
        mine = [m for m in site.memberships(who.uid) if m.person.circle is Circle.PROFESSIONAL]
        if not mine:
            raise Forbidden("professional")
        return mine

    # -- errors ------------------------------------------------------------------------------
    @app.exception_handler(SignIn)
    def sign_in_first(request: Request, _error: SignIn) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "sign in first"}, 401)
        if through_appapi(request, site.settings.app_secret):  # AppAPI did not vouch
            return page(request, "message.html", None, 401, message=M.WEB_NOT_VOUCHED)
        if request.method not in SAFE:
            return go(request, "/inloggen")
        return go(request, f"/inloggen?naar={quote(request.url.path)}")

    @app.exception_handler(Forbidden)
    def forbidden(request: Request, _error: Forbidden) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "forbidden"}, 403)
        return page(request, "message.html", None, 403, message=M.WEB_NOT_FOR_YOU)

    @app.exception_handler(InvalidInput)
    def invalid(request: Request, error: InvalidInput) -> Response:
        status = 404 if isinstance(error, NotFound) else 400
        if request.url.path.startswith("/api/"):
            return JSONResponse({"field": error.field, "error": error.message}, status)
        return page(request, "message.html", None, status,
                    message=f"{error.field}: {error.message}")

    # -- signing in ----------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def home(request: Request, who: Who) -> Response:
        mine = site.memberships(who.uid)
        if any(m.person.circle is Circle.PROFESSIONAL for m in mine):
            return go(request, "/hulpverlener")
        for m in mine:
            target = "gezin" if m.person.circle is Circle.FAMILY else "netwerk"
            return go(request, f"/{target}/{m.family.slug}")
        raise Forbidden("nothing")

    @app.get("/inloggen", response_class=HTMLResponse, include_in_schema=False)
    def sign_in_page(request: Request, naar: str = "/") -> Response:
        return start_page(request, _local(naar))

    def start_page(request: Request, next_path: str, notice: views.Notice | None = None,
                   status: int = 200) -> Response:
        """The sign-in page: one button that starts Nextcloud's login flow."""
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", None, status, login_token=token, next=next_path,
                        notice=notice)
        _cookie(response, LOGIN_COOKIE, token, site.settings.secure_cookies, max_age=1800)
        return response

    def waiting_page(request: Request, pending: PendingSignIn,
                     notice: views.Notice | None = None, status: int = 200) -> Response:
        """Sign in at Nextcloud (a link), then come back and press the button."""
        return page(request, "login_wait.html", None, status, login_url=pending.flow.login_url,
                    login_token=request.cookies.get(LOGIN_COOKIE, ""), notice=notice)

    def login_form_checked(request: Request, token: str) -> None:
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not secrets.compare_digest(expected, token):
            raise Forbidden("csrf")

    def too_many(response: Response, wait: float) -> Response:
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response

    def too_many_notice(wait: float) -> views.Notice:
        then = local(site.clock.now() + timedelta(seconds=wait + 59))
        return views.Notice(M.WEB_TOO_MANY.format(time=f"{then:%H:%M}"), problem=True)

    @app.post("/inloggen", include_in_schema=False)
    def sign_in(request: Request, login_token: Annotated[str, Form()],
                naar: Annotated[str, Form()] = "/") -> Response:
        """Start a sign-in: zolicht's own throttle first, then a login flow at Nextcloud."""
        login_form_checked(request, login_token)
        nextcloud, next_path = site.settings.nextcloud, _local(naar)
        unreachable = views.Notice(M.WEB_NEXTCLOUD_UNREACHABLE, problem=True)
        if nextcloud is None:
            return start_page(request, next_path, unreachable, 503)
        wait = site.sign_in_throttle.attempt(client_address(request))
        if wait:
            return too_many(start_page(request, next_path, too_many_notice(wait), 429), wait)
        try:
            flow = auth.start_login_flow(nextcloud.url)
        except auth.NextcloudUnavailable:
            return start_page(request, next_path, unreachable, 503)
        site.sign_ins.end(request.cookies.get(SIGN_IN_COOKIE))
        response = go(request, "/inloggen/nextcloud")
        _cookie(response, SIGN_IN_COOKIE, site.sign_ins.start(flow, next_path),
                site.settings.secure_cookies, max_age=int(SIGN_IN_KEEP))
        return response

    @app.get("/inloggen/nextcloud", response_class=HTMLResponse, include_in_schema=False)
    def sign_in_at_nextcloud(request: Request) -> Response:
        pending = site.sign_ins.get(request.cookies.get(SIGN_IN_COOKIE))
        if pending is None:
            return start_page(request, "/", views.Notice(M.WEB_SIGN_IN_AGAIN, problem=True))
        return waiting_page(request, pending)

    @app.post("/inloggen/klaar", include_in_schema=False)
    def sign_in_done(request: Request, login_token: Annotated[str, Form()]) -> Response:
        """Ask Nextcloud whether the person granted access; if so, start a session."""
        login_form_checked(request, login_token)
        key = request.cookies.get(SIGN_IN_COOKIE)
        pending, nextcloud = site.sign_ins.get(key), site.settings.nextcloud
        if pending is None or nextcloud is None:
            return start_page(request, "/", views.Notice(M.WEB_SIGN_IN_AGAIN, problem=True))
        wait = site.poll_throttle.attempt(client_address(request))
        if wait:
            return too_many(waiting_page(request, pending, too_many_notice(wait), 429), wait)
        try:
            given = auth.poll_login_flow(nextcloud.url, pending.flow)
            uid = given and auth.nextcloud_user(nextcloud.url, given.login, given.app_password)
        except auth.NextcloudUnavailable:
            return waiting_page(request, pending, views.Notice(
                M.WEB_NEXTCLOUD_UNREACHABLE, problem=True), 503)
        if given is None or not uid:
            return waiting_page(request, pending, views.Notice(M.WEB_SIGN_IN_NOT_YET, True))
        site.sign_ins.end(key)
        site.sign_out(request.cookies.get(SESSION_COOKIE))
        response = go(request, pending.next)
        _cookie(response, SESSION_COOKIE, site.sessions.start(uid, given.login,
                                                              given.app_password),
                site.settings.secure_cookies)
        response.delete_cookie(LOGIN_COOKIE)
        response.delete_cookie(SIGN_IN_COOKIE)
        return response

    @app.post("/uitloggen", include_in_schema=False)
    def sign_out(request: Request, csrf: Annotated[str, Form()],
                 who: Who) -> Response:
        form_checked(csrf, who)
        site.sign_out(request.cookies.get(SESSION_COOKIE))
        response = go(request, "/inloggen")
        response.delete_cookie(SESSION_COOKIE)
        return response

    # -- the family page -----------------------------------------------------------------------
    @app.get("/gezin/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def family_page(request: Request, slug: str, who: Who) -> Response:
        me = family_member(who, slug)
        view = views.family_page(me.family, me.person, today(), site.unapplied(slug))
        notice = site.notices.take(who.bound_to, f"/gezin/{slug}")
        return page(request, "family.html", who, view=view, notice=notice, slug=slug)

    @app.post("/gezin/{slug}/toestemming", include_in_schema=False)
    def family_decide(request: Request, slug: str, document: Annotated[str, Form()],
                      member: Annotated[str, Form()], aan: Annotated[int, Form()],
                      csrf: Annotated[str, Form()],
                      who: Who) -> Response:
        form_checked(csrf, who)
        change = site.decide(family_member(who, slug), document, member, bool(aan))
        site.notices.put(who.bound_to, f"/gezin/{slug}", notice_of(change))
        return go(request, f"/gezin/{slug}#{quote(document)}")

    @app.get("/gezin/{slug}/logboek", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, slug: str, who: Who, maand: str = "") -> Response:
        me = audit_reader(who, slug)
        lines = sharing_history(me, who)
        return page(request, "audit.html", who, family=me.family, slug=slug, month=maand,
                    lines=views.lines_in(lines, maand), months=views.audit_months(lines))

    def sharing_history(me: Membership, who: Identity) -> list[tuple[datetime, str]]:
        return views.audit_lines(me.family, [e.event for e in audit.events(
            site.context(who.uid), me.family.slug)], me.person, today())

    # -- the network member page ----------------------------------------------------------------
    @app.get("/netwerk/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def member_page(request: Request, slug: str, who: Who) -> Response:
        me = network_member(who, slug)
        plan = contact_plans.load(site.context(who.uid), slug)
        view = views.member_page(me.family, me.person, plan, today())
        return page(request, "member.html", who, view=view)

    # -- the professional's pages -------------------------------------------------------------
    @app.get("/hulpverlener", response_class=HTMLResponse, include_in_schema=False)
    def professional_page(request: Request, who: Who) -> Response:
        rows = [overview(m) for m in professional_families(who)]
        return page(request, "professional.html", who, rows=rows, kinds=KINDS)

    def overview(m: Membership) -> dict[str, Any]:
        family = m.family
        waiting = views.waiting(family, today())
        with site.store.reading() as tx:
            last = Remote(tx.families.conn, family.slug).last_change()
        last = local(last) if last else None
        plan = contact_plans.load(site.context("overview"), family.slug)
        upcoming = [o for o in occurrences(plan, today(), today() + views.UPCOMING)
                    if not o.cancelled]
        return {"slug": family.slug, "name": family.name, "status": family.status.value,
                "waiting": [f"{c.member.name} · {c.document.title}: "
                            f"{cell_text(family, c)}" for c in waiting],
                "last_apply": last, "next": upcoming[0] if upcoming else None}

    @app.get("/hulpverlener/{slug}/controle", response_class=HTMLResponse,
             include_in_schema=False)
    def check_page(request: Request, slug: str, who: Who) -> Response:
        me = professional(who, slug)
        notice = site.notices.take(who.bound_to, f"/hulpverlener/{slug}/controle")
        return page(request, "check.html", who, family=me.family, check=site.check(slug),
                    notice=notice)

    @app.post("/hulpverlener/{slug}/bijwerken", include_in_schema=False)
    def apply_now(request: Request, slug: str, csrf: Annotated[str, Form()],
                  who: Who) -> Response:
        form_checked(csrf, who)
        professional(who, slug)
        site.notices.put(who.bound_to, f"/hulpverlener/{slug}/controle",
                         views.apply_notice(site.apply(slug)))
        return go(request, f"/hulpverlener/{slug}/controle")

    @app.get("/hulpverlener/{slug}/document", include_in_schema=False)
    def render_document(slug: str, soort: str, who: Who) -> Response:
        professional(who, slug)
        rendered = word.render_for(site.context(who.uid), slug, soort)
        return Response(rendered.content, media_type=DOCX, headers={
            "Content-Disposition": f'attachment; filename="{soort}-{slug}.docx"'})

    @app.post("/hulpverlener/{slug}/contact", include_in_schema=False)
    def plan_contact(request: Request, slug: str, title: Annotated[str, Form()],
                     start: Annotated[str, Form()],
                     minutes: Annotated[int, Form()], csrf: Annotated[str, Form()],
                     who: Who) -> Response:
        form_checked(csrf, who)
        professional(who, slug)
        ctx = site.context(who.uid)
        key = f"web-{site.clock.now():%Y%m%d%H%M%S}-{secrets.token_hex(2)}"
        contact_plans.add(ctx, slug, key, title, contact_plans.parse_start(start), minutes)
        site.apply(slug)
        return go(request, "/hulpverlener")

    # -- the JSON API --------------------------------------------------------------------------
    @app.get("/api/v1/me", tags=["people"])
    def api_me(who: Who) -> dict[str, Any]:
        """Who is signed in, their families, and the token for changing requests."""
        return {"user": who.uid, "csrf_token": csrf_token(key, who.bound_to),
                "families": [{"family": m.family.slug, "person": m.person.key,
                              "name": m.person.name, "circle": m.person.circle.value}
                             for m in site.memberships(who.uid)]}

    @app.get("/api/v1/families", tags=["professional"])
    def api_families(who: Who) -> list[dict[str, Any]]:
        """The professional's families: status, consents still missing, last change."""
        return [_jsonable(overview(m)) for m in professional_families(who)]

    @app.get("/api/v1/families/{slug}/check", tags=["professional"])
    def api_check(slug: str, who: Who) -> Any:
        """Read Nextcloud now: shares nobody in the family decided on (drift), changes still
        to be made, and problems in the record. Changes nothing; 503 when Nextcloud cannot
        be read."""
        professional(who, slug)
        found = site.check(slug)
        if found is None:
            raise HTTPException(503, M.WEB_NEXTCLOUD_UNREACHABLE)
        return {"drift": _jsonable(list(found.drift)), "pending": len(found.ops),
                "problems": list(found.problems)}

    @app.get("/api/v1/families/{slug}/sharing", tags=["family"])
    def api_sharing(slug: str, who: Who) -> Any:
        """The family page: per document, who may see it and what the viewer can switch."""
        me = family_member(who, slug)
        return _jsonable(views.family_page(me.family, me.person, today(),
                                           site.unapplied(slug)))

    @app.put("/api/v1/families/{slug}/consents/{document}/{member}", tags=["family"])
    def api_allow(slug: str, document: str, member: str,
                  who: Annotated[Identity, Depends(checked)]) -> dict[str, Any]:
        """Record the signed-in person's yes for ``member`` to see ``document``; applied at once.
        ``pending`` says what still waits: ``no_account`` or ``nextcloud`` (tried again)."""
        return _change_json(site.decide(family_member(who, slug), document, member, True))

    @app.delete("/api/v1/families/{slug}/consents/{document}/{member}", tags=["family"])
    def api_stop(slug: str, document: str, member: str,
                 who: Annotated[Identity, Depends(checked)]) -> dict[str, Any]:
        """Stop sharing: ``member`` no longer sees ``document``, at once."""
        return _change_json(site.decide(family_member(who, slug), document, member, False))

    @app.get("/api/v1/families/{slug}/shared-with-me", tags=["network"])
    def api_shared_with_me(slug: str, who: Who) -> Any:
        """The network member page: what this person was given, and their moments."""
        me = network_member(who, slug)
        plan = contact_plans.load(site.context(who.uid), slug)
        return _jsonable(views.member_page(me.family, me.person, plan, today()))

    @app.get("/api/v1/families/{slug}/audit", tags=["family"])
    def api_audit(slug: str, who: Who, month: str = "") -> list[dict[str, str]]:
        """Who shared what, when; newest first; only ``month`` (YYYY-MM) when given."""
        lines = views.lines_in(sharing_history(audit_reader(who, slug), who), month)
        return [{"at": at.isoformat(), "text": text} for at, text in lines]

    # -- AppAPI lifecycle ----------------------------------------------------------------------
    def nextcloud_itself(request: Request) -> None:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if appapi_user(headers, site.settings.app_secret) is None:
            raise HTTPException(401, "AppAPI's shared secret is required")

    @app.get("/heartbeat", tags=["appapi"])
    def heartbeat() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/init", tags=["appapi"], dependencies=[Depends(nextcloud_itself)])
    def init() -> Response:
        """Nothing to prepare: AppAPI then sets the progress to 100 itself."""
        return JSONResponse({"error": "no init step"}, 501)

    @app.put("/enabled", tags=["appapi"], dependencies=[Depends(nextcloud_itself)])
    def enabled(enabled: int = 1) -> dict[str, str]:
        """Add the top-menu entry when enabled, remove it when disabled."""
        nextcloud = site.settings.nextcloud
        if nextcloud is None:
            return {"error": "no NEXTCLOUD_URL"}
        return {"error": top_menu(nextcloud.url, site.settings.app_secret,
                                  site.settings.app_version, bool(enabled))}

    return app


def notice_of(change: Change) -> views.Notice:
    return views.change_notice(change.outcome.family, change.document, change.member,
                               change.on, change.outcome.decision, change.pending, change.at)


def _change_json(change: Change) -> dict[str, Any]:
    decision = change.outcome.decision
    return {"allowed": decision.allowed, "reason": decision.reason.value,
            "missing": sorted(decision.missing), "refused_by": sorted(decision.refused_by),
            "applied": change.applied,
            "pending": change.pending.value if change.pending else None,
            "message": notice_of(change).text}


def _jsonable(value: Any) -> Any:
    """Dataclasses and datetimes as plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def through_appapi(request: Request, app_secret: str) -> bool:
    """Whether the request came through AppAPI's proxy: zolicht runs as an external app and
    the request carries AppAPI's header (valid or not)."""
    return bool(app_secret) and APPAPI_HEADER in request.headers


def _local(target: str) -> str:
    """Only paths on this site, so a sign-in link cannot send someone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _cookie(response: Response, name: str, value: str, secure: bool,
            max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=secure, path="/")

