"""The pages: "Wie mag wat zien?" and the sharing history for the family, "Wat is met jou
gedeeld?" for network members, and the professional's overview and check (the
professional's documents: ``paperwork.py``).

Form posts check their CSRF token and who may do it in the route, after FastAPI validated
the form (a form missing a field is a 422 for anyone, as ever).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from zolicht import messages as M
from zolicht.domain.model import Access
from zolicht.services import contacts as contact_plans
from zolicht.services import method
from zolicht.services.decisions import Terms
from zolicht.web import deps, guide, views
from zolicht.web.deps import (
    AuditReader,
    FamilyMember,
    NetworkMember,
    Professional,
    SiteDep,
    Who,
    form_checked,
)
from zolicht.web.reads import sharing_history
from zolicht.web.responses import go, page
from zolicht.web.site import Forbidden
from zolicht.web.state import UNDO, Undo

router = APIRouter(include_in_schema=False)


@router.get("/gezin/{slug}", response_class=HTMLResponse)
def family_page(request: Request, slug: str, who: Who, me: FamilyMember,
                site: SiteDep) -> Response:
    view = views.family_page(me.family, me.person, site.today(), site.unapplied(slug),
                             site.document_links(me.family), site.accounts(me.family))
    notice = site.notices.take(who.bound_to, f"/gezin/{slug}")
    if notice is not None and notice.card not in {c.document for c in view.cards}:
        notice = replace(notice, card="")  # its card is gone: at the top then
    return page(request, "family.html", who, view=view, notice=notice, slug=slug,
                network_map=views.network_map(me.family, site.today(), me.person))


@router.get("/gezin/{slug}/persoon/{member}", response_class=HTMLResponse)
def person_page(request: Request, slug: str, member: str, who: Who, me: FamilyMember,
                site: SiteDep) -> Response:
    """"Wat kan Oma Ria zien?": one network member's state on every card the viewer has;
    404 for anyone without a row there (never to be involved, not in the network)."""
    view = views.person_page(views.family_page(
        me.family, me.person, site.today(), site.unapplied(slug),
        site.document_links(me.family), site.accounts(me.family)), member)
    if view is None:
        return page(request, "message.html", who, 404, message=M.WEB_PERSON_UNKNOWN)
    return page(request, "person.html", who, view=view, slug=slug)


@router.post("/gezin/{slug}/toestemming")
def family_decide(request: Request, slug: str, document: Annotated[str, Form()],
                  member: Annotated[str, Form()], aan: Annotated[int, Form()],
                  csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                  aanpassen: Annotated[int, Form()] = 0,
                  tot: Annotated[str, Form()] = "") -> Response:
    """The viewer's yes (``aan`` 1) or stop, recorded and applied; said once on the page,
    in the document's card. A yes is for reading, or changing too (``aanpassen`` 1), until
    day ``tot`` (ISO, empty: without end); a day that is no day or is past changes
    nothing and says so."""
    form_checked(site, who, csrf)
    back = go(request, f"/gezin/{slug}#{quote(document)}")
    terms = None
    if aan:
        until = _day(tot, site.today())
        if until is False:
            deps.family_member(slug, who, site)
            site.notices.put(who.bound_to, f"/gezin/{slug}",
                             views.Notice(M.WEB_BAD_DAY, problem=True, card=document))
            return back
        terms = Terms(Access.EDIT if aanpassen else Access.READ, until or None)
    decided = site.decide(who.uid, slug, document, member, bool(aan), terms)
    token = site.undos.offer(Undo(who.bound_to, slug, document, member, bool(aan),
                                  site.clock.now() + UNDO))
    site.notices.put(who.bound_to, f"/gezin/{slug}",
                     replace(views.decided_notice(decided), undo=token))
    return back


@router.post("/gezin/{slug}/ongedaan")
def family_undo(request: Request, slug: str, token: Annotated[str, Form()],
                csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    """"Ongedaan maken": the viewer's own last yes or stop reversed by the same person on
    the same consent rules (a yes by a stop, a stop by a yes on the terms asked), once
    and only within ``UNDO``; else nothing changes and the page says so."""
    form_checked(site, who, csrf)
    deps.family_member(slug, who, site)
    undo = site.undos.take(token, who.bound_to, slug, site.clock.now())
    if undo is None:
        site.notices.put(who.bound_to, f"/gezin/{slug}",
                         views.Notice(M.WEB_UNDO_GONE, problem=True))
        return go(request, f"/gezin/{slug}")
    decided = site.decide(who.uid, slug, undo.document, undo.member, not undo.on)
    site.notices.put(who.bound_to, f"/gezin/{slug}", views.decided_notice(decided))
    return go(request, f"/gezin/{slug}#{quote(undo.document)}")


def _day(text: str, today: date) -> date | None | Literal[False]:
    """The end day of a form: None when empty, False when it is no day or already past."""
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return False
    return day if day >= today else False


@router.get("/gezin/{slug}/logboek", response_class=HTMLResponse)
def audit_page(request: Request, slug: str, who: Who, me: AuditReader, site: SiteDep,
               maand: str = "") -> Response:
    lines = sharing_history(site, me, who.uid)
    return page(request, "audit.html", who, family=me.family, slug=slug, month=maand,
                lines=views.lines_in(lines, maand), months=views.audit_months(lines))


@router.get("/netwerk/{slug}", response_class=HTMLResponse)
def member_page(request: Request, slug: str, who: Who, me: NetworkMember,
                site: SiteDep) -> Response:
    plan = contact_plans.load(site.context(who.uid), slug)
    view = views.member_page(me.family, me.person, plan, site.today(),
                             site.document_links(me.family))
    return page(request, "member.html", who, view=view, slug=slug,
                guide=guide.for_network())


@router.post("/netwerk/{slug}/akkoord")
def member_agree(request: Request, slug: str, task: Annotated[str, Form()],
                 csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    """The member's "akkoord" to a task they do, recorded once with the day; a task that
    is not theirs is the one 403, whether or not it exists."""
    form_checked(site, who, csrf)
    me = deps.network_member(slug, who, site)
    if task not in {t.key for t in views.member_tasks(me.family, me.person)}:
        raise Forbidden(slug)
    method.agree_task(site.context(who.uid), slug, task, me.person.key)
    return go(request, f"/netwerk/{slug}#taak-{quote(task)}")


@router.get("/hulpverlener/{slug}/controle", response_class=HTMLResponse)
def check_page(request: Request, slug: str, who: Who, me: Professional,
               site: SiteDep) -> Response:
    notice = site.notices.take(who.bound_to, f"/hulpverlener/{slug}/controle")
    return page(request, "check.html", who, family=me.family, check=site.check(slug),
                notice=notice, network_map=views.network_map(me.family, site.today()))


@router.post("/hulpverlener/{slug}/bijwerken")
def apply_now(request: Request, slug: str, csrf: Annotated[str, Form()], who: Who,
              site: SiteDep) -> Response:
    """"Nu bijwerken": apply the whole family now, and say how it went."""
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    site.notices.put(who.bound_to, f"/hulpverlener/{slug}/controle",
                     views.apply_notice(site.apply(slug)))
    return go(request, f"/hulpverlener/{slug}/controle")

