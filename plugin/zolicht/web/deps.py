"""What routes depend on: the site, the signed-in person, the CSRF checks, and who the
viewer is in the family of the address (anything else is the one 403, whether or not the
family exists)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from zolicht.domain.model import Circle
from zolicht.web import views
from zolicht.web.auth import SESSION_COOKIE, appapi_user, csrf_ok
from zolicht.web.site import Forbidden, Membership, Site

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


class SignIn(Exception):
    """Nobody is signed in: pages send people to the sign-in page, the API answers 401."""


class Identity:
    """The signed-in person, and what their CSRF tokens are bound to."""

    def __init__(self, uid: str, bound_to: str) -> None:
        self.uid = uid
        self.bound_to = bound_to


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


SiteDep = Annotated[Site, Depends(site_of)]


def identity(request: Request, site: SiteDep) -> Identity:
    """Who AppAPI vouches for (its header, checked against the shared secret), else the
    person of the session cookie; SignIn when neither."""
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


def api_checked(request: Request, who: Who, site: SiteDep,
                csrf: Annotated[str | None, Header(alias="X-CSRF-Token")] = None) -> Identity:
    """The identity, with the CSRF token checked for every unsafe API request."""
    if request.method not in SAFE and not csrf_ok(site.settings.key, who.bound_to, csrf):
        raise Forbidden("csrf")
    return who


ApiChecked = Annotated[Identity, Depends(api_checked)]


def form_checked(site: Site, who: Identity, token: str) -> None:
    """The CSRF token of a page's form. Called in the route, after FastAPI validated the
    form, so a form with a missing field is a 422 before it is a 403, as ever."""
    if not csrf_ok(site.settings.key, who.bound_to, token):
        raise Forbidden("csrf")


def _member_where(site: Site, who: Identity, slug: str,
                  allowed: Callable[[Membership], bool]) -> Membership:
    """Who ``who`` is in family ``slug``, if ``allowed``; else the one 403."""
    me = site.membership(who.uid, slug)
    if not allowed(me):
        raise Forbidden(slug)
    return me


def family_member(slug: str, who: Who, site: SiteDep) -> Membership:
    return _member_where(site, who, slug, lambda m: views.may_open_family_page(m.person))


def network_member(slug: str, who: Who, site: SiteDep) -> Membership:
    """A network member of the family, not on its never-involve list: someone the family
    said must never be involved gets the stranger's answer, whatever their account still
    holds."""
    return _member_where(site, who, slug, lambda m: m.person.circle is Circle.NETWORK
                         and not m.family.never_involved(m.person.key))


def audit_reader(slug: str, who: Who, site: SiteDep) -> Membership:
    return _member_where(site, who, slug, lambda m: views.may_read_audit(
        m.family, m.person, site.today()))


def professional(slug: str, who: Who, site: SiteDep) -> Membership:
    return _member_where(site, who, slug, lambda m: m.person.circle is Circle.PROFESSIONAL)


def professional_families(who: Who, site: SiteDep) -> list[Membership]:
    """The families in which the signed-in person is a professional; 403 when none."""
    mine = [m for m in site.memberships(who.uid) if m.person.circle is Circle.PROFESSIONAL]
    if not mine:
        raise Forbidden("professional")
    return mine


def professional_desk(who: Who, site: SiteDep) -> list[Membership]:
    """The families in which the signed-in person is a professional, which may be none for
    someone who may create families (the professionals' group in Nextcloud); the one 403
    for anyone else."""
    mine = [m for m in site.memberships(who.uid) if m.person.circle is Circle.PROFESSIONAL]
    if not mine and not site.may_create_families(who.uid):
        raise Forbidden("professional")
    return mine


FamilyMember = Annotated[Membership, Depends(family_member)]
NetworkMember = Annotated[Membership, Depends(network_member)]
AuditReader = Annotated[Membership, Depends(audit_reader)]
Professional = Annotated[Membership, Depends(professional)]
ProfessionalFamilies = Annotated[list[Membership], Depends(professional_families)]
ProfessionalDesk = Annotated[list[Membership], Depends(professional_desk)]
