"""The professional's desk: ``/hulpverlener`` with every family, its status (changed there)
and "Nieuw gezin"; and per family the answers of the forms step by step
(``/hulpverlener/{slug}/antwoorden``, with "Antwoorden ophalen") and the network map with
its history (``/hulpverlener/{slug}/netwerkkaart``). The same actions in the JSON API.

Who may create families: the members of the Nextcloud group named by
``ZOLICHT_PROFESSIONALS_GROUP``, asked through the service account. They see
``/hulpverlener`` also before they have a family; everyone else who is a professional in
no family gets the one 403. The new family's first person is the one who made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from zolicht import messages as M
from zolicht.clock import local
from zolicht.documents.render import KINDS
from zolicht.domain.errors import InvalidInput
from zolicht.domain.method import change_between
from zolicht.domain.model import Circle, Family, FamilyStatus, Person
from zolicht.domain.proposals import Submission, member_key
from zolicht.forms.definitions import FormDefinition
from zolicht.forms.export import private_answer
from zolicht.forms.instance import definition_of
from zolicht.nextcloud.provisioning import Account
from zolicht.services import family as families
from zolicht.services import forms as answers
from zolicht.services import validation as check
from zolicht.web import deps, people, views
from zolicht.web.auth import NextcloudUnavailable
from zolicht.web.deps import (
    ApiChecked,
    Identity,
    Professional,
    ProfessionalDesk,
    SiteDep,
    Who,
    form_checked,
)
from zolicht.web.errors import status_of
from zolicht.web.openapi import answering
from zolicht.web.reads import overview
from zolicht.web.responses import go, jsonable, page
from zolicht.web.site import Forbidden, Membership, Site
from zolicht.web.views import Notice
from zolicht.wording import day

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["professional"])

DESK = "/hulpverlener"
SVG = "image/svg+xml"


def _answers_path(slug: str) -> str:
    return f"/hulpverlener/{slug}/antwoorden"


# -- what the pages show (pure) ------------------------------------------------------------------
@dataclass(frozen=True)
class AnswerLine:
    question: str
    value: str
    private: bool
    """Why someone must never be involved: the professional's alone."""


@dataclass(frozen=True)
class Filled:
    form: str
    id: int
    by: str
    """The name of who filled it in (their account id when they are in no family's record)."""
    at: str
    answers: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class StepAnswers:
    form: str
    title: str
    filled: tuple[Filled, ...]
    """Newest first."""


def answers_by_step(family: Family, definitions: Sequence[FormDefinition],
                    found: Sequence[Submission]) -> tuple[StepAnswers, ...]:
    """The answers per form definition, in the order of the steps; forms no longer deployed
    come last, under their own key."""
    names = {p.uid: p.name for p in family.people}

    def filled(s: Submission) -> Filled:
        lines = tuple(AnswerLine(a.text or a.question or M.EXPORT_REMOVED_QUESTION,
                                 a.value, private_answer(a.question)) for a in s.answers)
        return Filled(s.form, s.id, names.get(s.user_id, s.user_id),
                      local(s.submitted_at).strftime(M.PAGE_DATE_TIME), lines)

    titles = {d.form: d.title for d in definitions}
    order = [*titles, *sorted({definition_of(s.form) for s in found} - set(titles))]
    return tuple(StepAnswers(form, titles.get(form, form), tuple(
        filled(s) for s in sorted(found, key=lambda s: s.submitted_at, reverse=True)
        if definition_of(s.form) == form)) for form in order)


@dataclass(frozen=True)
class MapLine:
    on: date
    source: str
    count: int
    joined: tuple[str, ...]
    left: tuple[str, ...]


def map_history(family: Family) -> tuple[MapLine, ...]:
    """The network maps, oldest first, with who joined and left each time (as ``zolicht
    method maps``); never-involved people are left out."""
    record = family.method
    ordered = sorted(enumerate(record.maps), key=lambda m: (m[1].made_on, m[0]))
    lines, before = [], None
    for _, made in ordered:
        change = change_between(before, made)

        def kept(names: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(n for n in names if not record.never_involved("", n))

        count = sum(1 for e in made.entries if not record.never_involved(e.person, e.name))
        lines.append(MapLine(made.made_on, made.source, count,
                             kept(change.joined) if before else (),
                             kept(change.left) if before else ()))
        before = made
    return tuple(lines)


def source_name(source: str, definitions: Sequence[FormDefinition]) -> str:
    """Where a map came from, in words: a form's title, or what the professional did."""
    titles = {d.form: d.title for d in definitions}
    return titles.get(definition_of(source)) or M.WEB_MAP_SOURCES.get(
        source, M.WEB_MAP_SOURCE_FORM.format(form=source))


def status_value(value: str) -> FamilyStatus:
    """A status given in Dutch (actief, afschalen, nazorg, gesloten) or as the record has
    it; anything else is refused with the Dutch choices."""
    dutch = M.CHOICES["status"]
    found = dutch.get(value.strip(), value.strip())
    if found not in dutch.values():
        raise InvalidInput("status", M.CHOICE_RULE.format(choices=", ".join(dutch),
                                                          value=check.shown(value)))
    return FamilyStatus(found)


# -- actions -------------------------------------------------------------------------------------
def creator_or_forbidden(site: Site, uid: str) -> Account:
    """``uid``'s account when they may create families; else the one 403.
    ``NextcloudUnavailable`` when Nextcloud cannot say."""
    account = site.creator(uid)
    if account is None:
        raise Forbidden("professional")
    return account


def create(site: Site, uid: str, account: Account, name: str, slug: str = "") -> Family:
    """A new family with the signed-in professional (their Nextcloud account and display
    name) as its first person."""
    shown = account.display_name.strip() or uid
    professional = Person(member_key(shown, set()), shown, M.WEB_NEW_FAMILY_ROLE,
                          Circle.PROFESSIONAL, email=account.email or None,
                          nextcloud_user=uid)
    return families.create_with_professional(site.context(uid), name, slug, professional)


def set_status(site: Site, uid: str, slug: str, status: str) -> Notice:
    """Change the status as ``zolicht family status`` does (ending care sets the closing
    day), then apply the family (a closed family's forms close)."""
    new = families.set_status(site.context(uid), slug, status_value(status).value)
    name = families.load_family(site.context(uid), slug).name
    return people.applied(site, slug, M.WEB_STATUS_SET.format(
        name=name, status=M.WEB_STATUS_NAMES[new.value]))


def pulled_notice(site: Site, uid: str, slug: str) -> Notice:
    report = site.pull_answers(uid, slug)
    if report is None:
        return Notice(M.WEB_NEXTCLOUD_UNREACHABLE, problem=True)
    text = M.WEB_ANSWERS_PULLED.format(read=report.read, proposals=report.proposals)
    if report.problems:
        problems = M.WEB_ANSWERS_PULL_PROBLEMS.format(problems="; ".join(report.problems))
        return Notice(f"{text} {problems}", problem=True)
    return Notice(text)


# -- pages ---------------------------------------------------------------------------------------
def _desk_page(request: Request, who: Identity, site: Site, mine: list[Membership],
               status: int = 200, error: str = "", where: str = "",
               given: dict[str, str] | None = None) -> Response:
    rows = [overview(site, m) for m in mine]
    return page(request, "professional.html", who, status, rows=rows, kinds=KINDS,
                notice=site.notices.take(who.bound_to, DESK),
                may_create=site.may_create_families(who.uid), error=error, where=where,
                new_error=error if where == "new" else "",
                given=given or {}, statuses=M.WEB_STATUS_NAMES)


def _mine(site: Site, uid: str) -> list[Membership]:
    return [m for m in site.memberships(uid) if m.person.circle is Circle.PROFESSIONAL]


@pages.get("/hulpverlener", response_class=HTMLResponse)
def professional_page(request: Request, who: Who, mine: ProfessionalDesk,
                      site: SiteDep) -> Response:
    return _desk_page(request, who, site, mine)


@pages.post("/hulpverlener/gezinnen")
def family_create(request: Request, name: Annotated[str, Form()],
                  csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                  slug: Annotated[str, Form()] = "") -> Response:
    form_checked(site, who, csrf)
    given = {"name": name, "slug": slug}
    try:
        account = creator_or_forbidden(site, who.uid)
    except NextcloudUnavailable:
        return _desk_page(request, who, site, _mine(site, who.uid), 503,
                          M.WEB_NEXTCLOUD_UNREACHABLE, "new", given)
    try:
        family = create(site, who.uid, account, name, slug)
    except InvalidInput as error:
        return _desk_page(request, who, site, _mine(site, who.uid), status_of(error),
                          people.error_text(error), "new", given)
    path = f"/hulpverlener/{family.slug}/mensen"
    site.notices.put(who.bound_to, path, people.applied(
        site, family.slug, M.WEB_FAMILY_CREATED.format(name=family.name)))
    return go(request, path)


@pages.post("/hulpverlener/{slug}/status")
def family_status(request: Request, slug: str, status: Annotated[str, Form()],
                  csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        notice = set_status(site, who.uid, slug, status)
    except InvalidInput as error:
        return _desk_page(request, who, site, _mine(site, who.uid), status_of(error),
                          people.error_text(error), slug)
    site.notices.put(who.bound_to, DESK, notice)
    return go(request, f"{DESK}#f-{slug}")


def _steps(site: Site, uid: str, family: Family) -> tuple[StepAnswers, ...]:
    return answers_by_step(family, site.definitions(),
                           answers.submissions(site.context(uid), family.slug))


@pages.get("/hulpverlener/{slug}/antwoorden", response_class=HTMLResponse)
def answers_page(request: Request, slug: str, who: Who, me: Professional,
                 site: SiteDep) -> Response:
    waiting = len(answers.proposals(site.context(who.uid), slug))
    return page(request, "answers.html", who, family=me.family, slug=slug,
                notice=site.notices.take(who.bound_to, _answers_path(slug)),
                steps=_steps(site, who.uid, me.family), waiting=waiting)


@pages.post("/hulpverlener/{slug}/antwoorden/ophalen")
def answers_pull(request: Request, slug: str, csrf: Annotated[str, Form()], who: Who,
                 site: SiteDep) -> Response:
    """"Antwoorden ophalen": read the new answers now (as ``zolicht forms pull``)."""
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    site.notices.put(who.bound_to, _answers_path(slug), pulled_notice(site, who.uid, slug))
    return go(request, _answers_path(slug))


@pages.get("/hulpverlener/{slug}/netwerkkaart", response_class=HTMLResponse)
def map_page(request: Request, slug: str, who: Who, me: Professional,
             site: SiteDep) -> Response:
    definitions = site.definitions()
    history = [(line, source_name(line.source, definitions), day(line.on))
               for line in map_history(me.family)]
    return page(request, "network.html", who, family=me.family, slug=slug,
                network_map=views.network_map(me.family, site.today()), history=history)


# -- the JSON API --------------------------------------------------------------------------------
class NewFamily(BaseModel):
    name: str
    """The family's name, e.g. "Gezin Bakker"."""
    slug: str = ""
    """Short name in addresses (lower-case letters, digits, hyphens); empty: made from the
    name, free (another family of the same name gets ``-2``)."""


class NewStatus(BaseModel):
    status: str
    """``active``, ``scaling_down``, ``aftercare`` or ``closed`` (or in Dutch: actief,
    afschalen, nazorg, gesloten)."""

@api.post("/families", status_code=201, responses=answering(400, 401, 403, 409, 422, 503))
def api_create_family(body: NewFamily, who: ApiChecked, site: SiteDep) -> dict[str, Any]:
    """Create a family with the signed-in professional as its first person; for members
    of the professionals' group in Nextcloud only. Then it is applied to Nextcloud."""
    try:
        account = creator_or_forbidden(site, who.uid)
    except NextcloudUnavailable:
        raise HTTPException(503, M.WEB_NEXTCLOUD_UNREACHABLE) from None
    family = create(site, who.uid, account, body.name, body.slug)
    notice = people.applied(site, family.slug, M.WEB_FAMILY_CREATED.format(name=family.name))
    return {"family": family.slug, "name": family.name, "person": family.people[0].key,
            **people.notice_json(notice)}


@api.put("/families/{slug}/status", responses=answering(400, 401, 403, 422))
def api_status(slug: str, body: NewStatus, who: ApiChecked, _me: Professional,
               site: SiteDep) -> dict[str, Any]:
    """Change the family's status as ``zolicht family status`` does: ending care
    (aftercare, closed) without a closing day sets it to today."""
    notice = set_status(site, who.uid, slug, body.status)
    status = families.load_family(site.context(who.uid), slug).status.value
    return {"status": status, **people.notice_json(notice)}


@api.get("/families/{slug}/answers", responses=answering(401, 403))
def api_answers(slug: str, who: Who, me: Professional, site: SiteDep) -> Any:
    """The answers read from the family's forms, per step (newest first), with the number
    of open proposals. A never-involve reason (``private``) is for the professional only."""
    return {"steps": jsonable(list(_steps(site, who.uid, me.family))),
            "open_proposals": len(answers.proposals(site.context(who.uid), slug))}


@api.post("/families/{slug}/answers/pull", responses=answering(401, 403, 503))
def api_pull(slug: str, who: ApiChecked, _me: Professional, site: SiteDep) -> dict[str, Any]:
    """Read the new answers from Nextcloud Forms now and turn them into proposals (as
    ``zolicht forms pull``); 503 when Nextcloud cannot be read."""
    report = site.pull_answers(who.uid, slug)
    if report is None:
        raise HTTPException(503, M.WEB_NEXTCLOUD_UNREACHABLE)
    return {"read": report.read, "proposals": report.proposals, "problems": report.problems,
            "open_proposals": len(answers.proposals(site.context(who.uid), slug))}


@api.get("/families/{slug}/maps", responses=answering(401, 403))
def api_maps(slug: str, me: Professional, site: SiteDep) -> dict[str, Any]:
    """The network map now, ring by ring, and every map made, oldest first, with who
    joined and left."""
    current = views.network_map(me.family, site.today())
    return {"intro": current.intro, "rings": jsonable(current.rings),
            "maps": jsonable(list(map_history(me.family)))}


@api.get("/families/{slug}/map", responses={
    200: {"content": {SVG: {}}, "description": "The network map now, as a picture"},
    **answering(401, 403)})
def api_map(slug: str, me: Professional, site: SiteDep) -> Response:
    """The network map as it stands today, as an SVG picture."""
    return Response(views.network_map(me.family, site.today()).svg, media_type=SVG)
