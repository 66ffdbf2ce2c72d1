"""The professional's contact plan: the page ``/hulpverlener/{slug}/contactplan`` and the same
actions in the JSON API under ``/api/v1/families/{slug}/contacts``. Only the family's
professionals; anyone else gets the one 403.

Bad input on the page shows the service's rule next to the form it came from (form ids:
``moment``, ``series``, ``move-<key>``, ``cancel-<key>``, ``taper``, ``plan``, ``strip``,
``evaluation``), with nothing changed; in the API it is a 400 (404: no such moment or
series), as every route declares in the OpenAPI schema. After each change the family is
applied to Nextcloud at once, so the calendar follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput
from zolicht.services import method
from zolicht.web import contactplan, deps, people
from zolicht.web.deps import ApiChecked, Identity, Professional, SiteDep, Who, form_checked
from zolicht.web.errors import status_of
from zolicht.web.openapi import answering_with
from zolicht.web.responses import jsonable, page
from zolicht.web.site import Site

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["professional"])

answering = answering_with({
    403: "Not one of this family's professionals, or no valid X-CSRF-Token",
    404: "No such moment or series in this family's contact plan",
})


# -- the page ------------------------------------------------------------------------------------
def _path(slug: str) -> str:
    return f"/hulpverlener/{slug}/contactplan"


def _page(request: Request, who: Identity, site: Site, slug: str, status: int = 200,
          error: str = "", where: str = "", given: dict[str, Any] | None = None) -> Response:
    deps.professional(slug, who, site)
    notice = site.notices.take(who.bound_to, _path(slug))
    view = contactplan.load_page(site, who.uid, slug)
    forms = {"moment", "series", "taper", "plan", "strip", "evaluation"}
    keys = [s.key for s in view.series] + [m.key for m in view.moments]
    forms |= {f"{action}-{key}" for key in keys for action in ("move", "cancel")}
    return page(request, "contacts.html", who, status, view=view, slug=slug, notice=notice,
                error=error if where in forms else "", where=where,
                top_error="" if where in forms else error, given=given or {},
                soon=contactplan.soon(site),
                kinds=[(k, M.WEB_CONTACTS_KINDS[k]) for k in contactplan.PLANNED_KINDS])

def _refused(request: Request, who: Identity, site: Site, slug: str, error: InvalidInput,
             where: str, given: dict[str, Any] | None = None) -> Response:
    return _page(request, who, site, slug, status_of(error), people.error_text(error), where,
                 given)


def _act(request: Request, who: Identity, site: Site, slug: str, csrf: str,
         action: Callable[[], str], where: str, anchor: str,
         given: dict[str, Any] | None = None) -> Response:
    """A form of the page: ``action`` (which says what was done) for the family's
    professional only; bad input is shown next to form ``where``, ``given`` filled in."""
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        text = action()
    except InvalidInput as error:
        return _refused(request, who, site, slug, error, where, given)
    return people.applied_and_back(request, who, site, slug, _path(slug), text, anchor)


@pages.get("/hulpverlener/{slug}/contactplan", response_class=HTMLResponse)
def contacts_page(request: Request, slug: str, who: Who, _me: Professional,
                  site: SiteDep) -> Response:
    return _page(request, who, site, slug)


Participants = Annotated[list[str], Form()]


@pages.post("/hulpverlener/{slug}/contactplan/afspraak")
def plan_moment(request: Request, slug: str, title: Annotated[str, Form()],
                start: Annotated[str, Form()], csrf: Annotated[str, Form()], who: Who,
                site: SiteDep, minutes: Annotated[str, Form()] = "60",
                kind: Annotated[str, Form()] = "contact",
                participants: Participants = [],  # noqa: B006
                location: Annotated[str, Form()] = "") -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.plan_moment(
        site, who.uid, slug, title, start, minutes, kind, participants, location),
        "moment", "#afspraken", {
            "title": title, "start": start, "minutes": minutes, "kind": kind,
            "participants": participants, "location": location})


@pages.post("/hulpverlener/{slug}/contactplan/reeks")
def plan_series(request: Request, slug: str, title: Annotated[str, Form()],
                start: Annotated[str, Form()], every_weeks: Annotated[str, Form()],
                csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                until: Annotated[str, Form()] = "", minutes: Annotated[str, Form()] = "60",
                participants: Participants = [],  # noqa: B006
                location: Annotated[str, Form()] = "") -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.plan_series(
        site, who.uid, slug, title, start, every_weeks, until, minutes, participants,
        location), "series", "#reeksen", {
            "title": title, "start": start, "every_weeks": every_weeks, "until": until,
            "minutes": minutes, "participants": participants, "location": location})


@pages.post("/hulpverlener/{slug}/contactplan/afspraak/{key}/afzeggen")
def cancel_moment(request: Request, slug: str, key: str, csrf: Annotated[str, Form()],
                  who: Who, site: SiteDep) -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.cancel_moment(
        site, who.uid, slug, key), f"cancel-{key}", f"#m-{key}")


@pages.post("/hulpverlener/{slug}/contactplan/afspraak/{key}/verzetten")
def move_moment(request: Request, slug: str, key: str, start: Annotated[str, Form()],
                csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.move_moment(
        site, who.uid, slug, key, start), f"move-{key}", f"#m-{key}")


@pages.post("/hulpverlener/{slug}/contactplan/reeks/{key}/afzeggen")
def cancel_occurrence(request: Request, slug: str, key: str, day: Annotated[str, Form()],
                      csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.cancel_occurrence(
        site, who.uid, slug, key, day), f"cancel-{key}", f"#s-{key}")


@pages.post("/hulpverlener/{slug}/contactplan/reeks/{key}/verzetten")
def move_occurrence(request: Request, slug: str, key: str, day: Annotated[str, Form()],
                    start: Annotated[str, Form()], csrf: Annotated[str, Form()], who: Who,
                    site: SiteDep) -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.move_occurrence(
        site, who.uid, slug, key, day, start), f"move-{key}", f"#s-{key}")


@pages.post("/hulpverlener/{slug}/contactplan/afbouwen")
def taper(request: Request, slug: str, csrf: Annotated[str, Form()], who: Who,
          site: SiteDep) -> Response:
    return _act(request, who, site, slug, csrf,
                lambda: contactplan.taper(site, who.uid, slug), "taper", "#afbouwen")


@pages.post("/hulpverlener/{slug}/contactplan/nazorg")
def set_plan(request: Request, slug: str, csrf: Annotated[str, Form()], who: Who,
             site: SiteDep, closing: Annotated[str, Form()] = "",
             taper: Annotated[str, Form()] = "",
             strips: Annotated[str, Form()] = "") -> Response:
    return _act(request, who, site, slug, csrf, lambda: contactplan.set_plan(
        site, who.uid, slug, closing, taper, strips), "plan", "#nazorg",
        {"closing": closing, "taper": taper, "strips": strips})


@pages.post("/hulpverlener/{slug}/contactplan/strip")
def use_strip(request: Request, slug: str, csrf: Annotated[str, Form()], who: Who,
              site: SiteDep) -> Response:
    return _act(request, who, site, slug, csrf,
                lambda: contactplan.use_strip(site, who.uid, slug), "strip", "#strippenkaart")


@pages.post("/hulpverlener/{slug}/contactplan/evaluatie")
def evaluate(request: Request, slug: str, csrf: Annotated[str, Form()], who: Who,
             site: SiteDep, held_on: Annotated[str, Form()] = "",
             moment: Annotated[str, Form()] = "", notes: Annotated[str, Form()] = "",
             next_time: Annotated[str, Form()] = "",
             network_person: Participants = [],  # noqa: B006
             network_text: Participants = [],  # noqa: B006
             independence: Annotated[str, Form()] = "") -> Response:
    """The evaluation form; ``network_person`` and ``network_text`` come in pairs: what
    each person of the network did."""
    network = dict(zip(network_person, network_text, strict=False))
    return _act(request, who, site, slug, csrf, lambda: contactplan.evaluate(
        site, who.uid, slug, held_on, moment, notes, next_time, network, independence),
        "evaluation", "#evaluaties", {
            "held_on": held_on, "moment": moment, "notes": notes, "next_time": next_time,
            "network": network, "independence": independence})


# -- the JSON API --------------------------------------------------------------------------------
class NewMoment(BaseModel):
    title: str
    """Neutral: everyone in the calendar sees it (no diagnosis, no never-involved name)."""
    start: str
    """Local time in the Netherlands, ``YYYY-MM-DD HH:MM`` (or ``YYYY-MM-DDTHH:MM``);
    not in the past."""
    minutes: int = 60
    kind: str = "contact"
    """``contact``, ``evaluation`` or ``network_meeting``."""
    participants: list[str] = []
    """Person keys; never-involved people are refused."""
    location: str = ""


class NewSeries(BaseModel):
    title: str
    start: str
    """The first occurrence, as ``NewMoment.start``."""
    every_weeks: int
    """1 to 8."""
    until: str
    """The last day (YYYY-MM-DD)."""
    minutes: int = 60
    participants: list[str] = []
    location: str = ""


class NewStart(BaseModel):
    start: str
    """The new local start, as ``NewMoment.start``."""


class PlanChanges(BaseModel):
    """Only the fields given change."""

    closing: str | None = None
    """The last day of care (YYYY-MM-DD)."""
    taper: list[str] | None = None
    """Aftercare offsets after the closing date, such as ``["2w", "1m", "3m", "6m"]``."""
    strips: int | None = None
    """Calls the family may make after closure (0 to 50)."""


class NewEvaluation(BaseModel):
    held_on: str = ""
    """YYYY-MM-DD; empty: today."""
    moment: str = ""
    """The key of the series or single moment it belongs to, if any."""
    notes: str = ""
    next_time: str = ""
    network: dict[str, str] = {}
    """Per person key, what they did ("inzet van het netwerk")."""
    independence: int | None = None
    """1-10: how well family and network manage on their own."""

@api.get("/families/{slug}/contacts", responses=answering(401, 403))
def api_contacts(slug: str, who: Who, _me: Professional, site: SiteDep) -> Any:
    """The contact plan: series with their coming occurrences (moved and cancelled ones
    marked), single moments, the closing date and aftercare, the strippenkaart, what
    afbouwen would do, whom a moment may have as participant, and the evaluations."""
    return jsonable(contactplan.load_page(site, who.uid, slug))


@api.post("/families/{slug}/contacts/moments", status_code=201,
          responses=answering(400, 401, 403, 422))
def api_plan_moment(slug: str, body: NewMoment, who: ApiChecked, _me: Professional,
                    site: SiteDep) -> dict[str, Any]:
    """Plan a single moment; then the family is applied to Nextcloud (``applied``)."""
    return people.applied_json(site, slug, contactplan.plan_moment(
        site, who.uid, slug, body.title, body.start, body.minutes, body.kind,
        body.participants, body.location))


@api.post("/families/{slug}/contacts/series", status_code=201,
          responses=answering(400, 401, 403, 422))
def api_plan_series(slug: str, body: NewSeries, who: ApiChecked, _me: Professional,
                    site: SiteDep) -> dict[str, Any]:
    """Plan a series: every ``every_weeks`` weeks from ``start`` until ``until``."""
    return people.applied_json(site, slug, contactplan.plan_series(
        site, who.uid, slug, body.title, body.start, body.every_weeks, body.until,
        body.minutes, body.participants, body.location))


@api.post("/families/{slug}/contacts/moments/{key}/cancel",
          responses=answering(401, 403, 404))
def api_cancel_moment(slug: str, key: str, who: ApiChecked, _me: Professional,
                      site: SiteDep) -> dict[str, Any]:
    """Cancel a single moment; it stays in everyone's calendar, marked as cancelled."""
    return people.applied_json(site, slug, contactplan.cancel_moment(site, who.uid, slug, key))


@api.post("/families/{slug}/contacts/moments/{key}/move",
          responses=answering(400, 401, 403, 404, 422))
def api_move_moment(slug: str, key: str, body: NewStart, who: ApiChecked, _me: Professional,
                    site: SiteDep) -> dict[str, Any]:
    """Move a single moment to ``start``."""
    return people.applied_json(site, slug, contactplan.move_moment(
        site, who.uid, slug, key, body.start))


@api.post("/families/{slug}/contacts/series/{key}/occurrences/{day}/cancel",
          responses=answering(400, 401, 403, 404))
def api_cancel_occurrence(slug: str, key: str, day: str, who: ApiChecked, _me: Professional,
                          site: SiteDep) -> dict[str, Any]:
    """Cancel the occurrence of the series on ``day`` (YYYY-MM-DD, the day its rule
    gives); the other occurrences stay."""
    return people.applied_json(site, slug, contactplan.cancel_occurrence(
        site, who.uid, slug, key, day))


@api.post("/families/{slug}/contacts/series/{key}/occurrences/{day}/move",
          responses=answering(400, 401, 403, 404, 422))
def api_move_occurrence(slug: str, key: str, day: str, body: NewStart, who: ApiChecked,
                        _me: Professional, site: SiteDep) -> dict[str, Any]:
    """Move the occurrence of the series on ``day`` to ``start``; the others stay."""
    return people.applied_json(site, slug, contactplan.move_occurrence(
        site, who.uid, slug, key, day, body.start))


@api.get("/families/{slug}/contacts/taper", responses=answering(401, 403))
def api_taper_proposal(slug: str, who: Who, me: Professional, site: SiteDep) -> Any:
    """What afbouwen would do now (nothing changes): the thinner rhythm per series and the
    tasks ready to go to the network, in words, and the pace the family agreed."""
    view = contactplan.load_page(site, who.uid, slug)
    return {"series": list(view.proposal), "tasks": list(view.hand_over),
            "pace": me.family.method.pace,
            "tasks_ready": [t.key for t in method.ready_to_hand_over(me.family)]}


@api.post("/families/{slug}/contacts/taper", responses=answering(401, 403))
def api_taper(slug: str, who: ApiChecked, _me: Professional, site: SiteDep) -> dict[str, Any]:
    """Afbouwen as proposed: meet half as often from the next occurrence on, and hand the
    tasks that are ready over to the network."""
    return people.applied_json(site, slug, contactplan.taper(site, who.uid, slug))


@api.patch("/families/{slug}/contacts/plan", responses=answering(400, 401, 403, 422))
def api_set_plan(slug: str, body: PlanChanges, who: ApiChecked, _me: Professional,
                 site: SiteDep) -> dict[str, Any]:
    """Set the closing date, the aftercare taper and the strippenkaart (what is given)."""
    return people.applied_json(site, slug, contactplan.set_plan(
        site, who.uid, slug, body.closing, body.taper, body.strips))


@api.post("/families/{slug}/contacts/strips/use", responses=answering(400, 401, 403))
def api_use_strip(slug: str, who: ApiChecked, _me: Professional,
                  site: SiteDep) -> dict[str, Any]:
    """Count one call from the strippenkaart; 400 when it is used up."""
    return people.applied_json(site, slug, contactplan.use_strip(site, who.uid, slug))


@api.post("/families/{slug}/contacts/evaluations", status_code=201,
          responses=answering(400, 401, 403, 404, 422))
def api_evaluate(slug: str, body: NewEvaluation, who: ApiChecked, _me: Professional,
                 site: SiteDep) -> dict[str, Any]:
    """Record an evaluation: notes, what to look at next time, what the network did and
    the independence score; 404 for an unknown moment or person."""
    return people.applied_json(site, slug, contactplan.evaluate(
        site, who.uid, slug, body.held_on, body.moment, body.notes, body.next_time,
        body.network, body.independence))
