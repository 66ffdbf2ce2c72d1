"""The professional's people and proposals: the pages ``/hulpverlener/{slug}/mensen`` and
``/hulpverlener/{slug}/voorstellen``, and the same actions in the JSON API. Only the
family's professionals; anyone else gets the one 403.

Bad input on a page shows the service's rule next to the form it came from, with nothing
changed; in the API it is a 400 (404: no such person or proposal, 409: a clash with the
record), as every route declares in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput
from zolicht.services import forms as answers
from zolicht.web import deps, people
from zolicht.web.deps import ApiChecked, Identity, Professional, SiteDep, Who, form_checked
from zolicht.web.errors import status_of
from zolicht.web.openapi import answering_with
from zolicht.web.responses import go, jsonable, page
from zolicht.web.site import Site
from zolicht.web.views import Notice

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["professional"])

answering = answering_with({
    403: "Not one of this family's professionals, or no valid X-CSRF-Token",
    404: "No such person or proposal in this family",
})


# -- pages ---------------------------------------------------------------------------------------
def _people_path(slug: str) -> str:
    return f"/hulpverlener/{slug}/mensen"


def _proposals_path(slug: str) -> str:
    return f"/hulpverlener/{slug}/voorstellen"


def _people_page(request: Request, who: Identity, site: Site, slug: str, status: int = 200,
                 error: str = "", where: str = "", confirm: str = "",
                 given: dict[str, str] | None = None) -> Response:
    me = deps.professional(slug, who, site)
    notice = site.notices.take(who.bound_to, _people_path(slug))
    view = people.people_page(me.family, site.accounts(me.family))
    confirming = next((p for p in view.people if p.key == confirm), None)
    return page(request, "people.html", who, status, view=view, slug=slug, notice=notice,
                error=error, where=where, confirming=confirming, given=given or {},
                add_error=error if where == "add" else "",
                never_error=error if where == "never" else "",
                circles=sorted(M.CHOICES["circle"],
                               key=lambda c: M.CHOICES["circle"][c] != "network"))

@pages.get("/hulpverlener/{slug}/mensen", response_class=HTMLResponse)
def people_page(request: Request, slug: str, who: Who, _me: Professional, site: SiteDep,
                verwijderen: str = "") -> Response:
    return _people_page(request, who, site, slug, confirm=verwijderen)


@pages.post("/hulpverlener/{slug}/mensen/toevoegen")
def people_add(request: Request, slug: str, name: Annotated[str, Form()],
               role: Annotated[str, Form()], circle: Annotated[str, Form()],
               csrf: Annotated[str, Form()], who: Who, site: SiteDep,
               email: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "",
               born: Annotated[str, Form()] = "", authority: Annotated[str, Form()] = ""
               ) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        person = people.add(site, who.uid, slug, name, role, circle, email, phone, born,
                            bool(authority))
    except InvalidInput as error:
        given = {"name": name, "role": role, "circle": circle, "email": email,
                 "phone": phone, "born": born, "authority": authority}
        return _people_page(request, who, site, slug, status_of(error),
                            people.error_text(error), "add", given=given)
    return people.applied_and_back(request, who, site, slug, _people_path(slug),
                                   M.WEB_PERSON_ADDED.format(name=person.name),
                                   f"#p-{person.key}")


@pages.post("/hulpverlener/{slug}/mensen/{key}/aanpassen")
def people_change(request: Request, slug: str, key: str, role: Annotated[str, Form()],
                  csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                  email: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "",
                  authority: Annotated[str, Form()] = "",
                  notify: Annotated[str, Form()] = "",
                  notify_shown: Annotated[str, Form()] = "") -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:  # an unticked box sends nothing: notify is changed only by a form that showed it
        person = people.change(site, who.uid, slug, key, {
            "role": role, "email": email, "phone": phone, "authority": bool(authority),
            "notify": bool(notify) if notify_shown else None})
    except InvalidInput as error:
        return _people_page(request, who, site, slug, status_of(error),
                            people.error_text(error), key)
    return people.applied_and_back(request, who, site, slug, _people_path(slug),
                                   M.WEB_PERSON_CHANGED.format(name=person.name), f"#p-{key}")


@pages.post("/hulpverlener/{slug}/mensen/{key}/verwijderen")
def people_remove(request: Request, slug: str, key: str, csrf: Annotated[str, Form()],
                  who: Who, site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        person = people.remove(site, who.uid, slug, key)
    except InvalidInput as error:
        return _people_page(request, who, site, slug, status_of(error),
                            people.error_text(error), key)
    return people.applied_and_back(request, who, site, slug, _people_path(slug),
                                   M.WEB_PERSON_REMOVED.format(name=person.name))


@pages.post("/hulpverlener/{slug}/mensen/{key}/nooit")
def people_never(request: Request, slug: str, key: str, csrf: Annotated[str, Form()],
                 who: Who, site: SiteDep, reason: Annotated[str, Form()] = "") -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        name = people.never(site, who.uid, slug, key, reason)
    except InvalidInput as error:
        return _people_page(request, who, site, slug, status_of(error),
                            people.error_text(error), key)
    return people.applied_and_back(request, who, site, slug, _people_path(slug),
                                   M.NEVER_ADDED.format(name=name), "#nooit")


@pages.post("/hulpverlener/{slug}/mensen/toestaan")
def people_allow(request: Request, slug: str, name: Annotated[str, Form()],
                 csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        allowed = people.allow(site, who.uid, slug, name)
    except InvalidInput as error:
        return _people_page(request, who, site, slug, status_of(error),
                            people.error_text(error), "never")
    return people.applied_and_back(request, who, site, slug, _people_path(slug),
                                   M.NEVER_REMOVED.format(name=allowed), "#nooit")


def _proposals_page(request: Request, who: Identity, site: Site, slug: str, status: int = 200,
                    error: str = "", where: int = 0) -> Response:
    me = deps.professional(slug, who, site)
    notice = site.notices.take(who.bound_to, _proposals_path(slug))
    found = answers.proposals(site.context(who.uid), slug)
    rows = people.proposal_rows(me.family, found, site.today())
    listed = where in {r.id for r in rows}
    return page(request, "proposals.html", who, status, family=me.family, slug=slug,
                notice=notice, error=error if listed else "", where=where, rows=rows,
                top_error="" if listed else error)


@pages.get("/hulpverlener/{slug}/voorstellen", response_class=HTMLResponse)
def proposals_page(request: Request, slug: str, who: Who, _me: Professional,
                   site: SiteDep) -> Response:
    return _proposals_page(request, who, site, slug)


@pages.post("/hulpverlener/{slug}/voorstellen/{proposal}/aannemen")
def proposals_accept(request: Request, slug: str, proposal: int,
                     csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                     consents: Annotated[list[str], Form()] = []) -> Response:  # noqa: B006
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        done, text = people.accept(site, who.uid, slug, proposal, consents)
    except InvalidInput as error:
        return _proposals_page(request, who, site, slug, status_of(error),
                               people.error_text(error), proposal)
    site.notices.put(who.bound_to, _proposals_path(slug),
                     people.applied(site, slug, text, people.asking(done)))
    return go(request, _proposals_path(slug))


@pages.post("/hulpverlener/{slug}/voorstellen/{proposal}/afwijzen")
def proposals_reject(request: Request, slug: str, proposal: int,
                     csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        people.reject(site, who.uid, slug, proposal)
    except InvalidInput as error:
        return _proposals_page(request, who, site, slug, status_of(error),
                               people.error_text(error), proposal)
    site.notices.put(who.bound_to, _proposals_path(slug),
                     Notice(M.WEB_PROPOSAL_REJECTED))
    return go(request, _proposals_path(slug))


# -- the JSON API --------------------------------------------------------------------------------
class NewPerson(BaseModel):
    name: str
    role: str
    circle: str
    """``family``, ``network`` or ``professional`` (or in Dutch: gezin, netwerk,
    hulpverlening)."""
    email: str = ""
    phone: str = ""
    born: str = ""
    """YYYY-MM-DD, or empty."""
    authority: bool = False


class PersonChanges(BaseModel):
    """Only the fields given change; an empty ``email`` or ``phone`` takes it away."""

    role: str | None = None
    email: str | None = None
    phone: str | None = None
    authority: bool | None = None
    notify: bool | None = None
    """Whether Nextcloud's notifications reach this person."""


class NeverReason(BaseModel):
    reason: str = ""
    """For the professional only: in no document, log or mail."""


class Consents(BaseModel):
    consents: list[str] = []
    """For a wish to share: the keys of the people whose yes the professional records."""

@api.get("/families/{slug}/people", responses=answering(401, 403))
def api_people(slug: str, me: Professional, site: SiteDep) -> Any:
    """The family's people (circle in Dutch, whether they have an account and, for the
    network, whether they ever signed in) and the never-involve list with its private
    reasons."""
    return jsonable(people.people_page(me.family, site.accounts(me.family)))


@api.post("/families/{slug}/people", status_code=201,
          responses=answering(400, 401, 403, 409, 422))
def api_add_person(slug: str, body: NewPerson, who: ApiChecked, _me: Professional,
                   site: SiteDep) -> dict[str, Any]:
    """Add a person; then the family is applied to Nextcloud (``applied``)."""
    person = people.add(site, who.uid, slug, body.name, body.role, body.circle, body.email,
                        body.phone, body.born, body.authority)
    notice = people.applied(site, slug, M.WEB_PERSON_ADDED.format(name=person.name))
    return {"person": person.key, **people.notice_json(notice)}


@api.patch("/families/{slug}/people/{key}", responses=answering(400, 401, 403, 404, 409, 422))
def api_change_person(slug: str, key: str, body: PersonChanges, who: ApiChecked,
                      _me: Professional, site: SiteDep) -> dict[str, Any]:
    """Change a person's role, e-mail, phone, authority or notifications."""
    person = people.change(site, who.uid, slug, key, body.model_dump())
    notice = people.applied(site, slug, M.WEB_PERSON_CHANGED.format(name=person.name))
    return {"person": person.key, **people.notice_json(notice)}


@api.delete("/families/{slug}/people/{key}", responses=answering(401, 403, 404, 409))
def api_remove_person(slug: str, key: str, who: ApiChecked, _me: Professional,
                      site: SiteDep) -> dict[str, Any]:
    """Remove a person, with every grant for them and every yes they gave; 409 while
    documents are about them."""
    person = people.remove(site, who.uid, slug, key)
    notice = people.applied(site, slug, M.WEB_PERSON_REMOVED.format(name=person.name))
    return {"person": person.key, **people.notice_json(notice)}


@api.put("/families/{slug}/never/{key}", responses=answering(400, 401, 403, 404, 409, 422))
def api_never(slug: str, key: str, who: ApiChecked, _me: Professional, site: SiteDep,
              body: NeverReason | None = None) -> dict[str, Any]:
    """Put a person on the never-involve list: they lose every grant and moment."""
    name = people.never(site, who.uid, slug, key, body.reason if body else "")
    notice = people.applied(site, slug, M.NEVER_ADDED.format(name=name))
    return {"name": name, **people.notice_json(notice)}


@api.delete("/families/{slug}/never/{name}", responses=answering(401, 403, 404))
def api_allow(slug: str, name: str, who: ApiChecked, _me: Professional,
              site: SiteDep) -> dict[str, Any]:
    """Take a name (or person key) off the never-involve list; nothing comes back by
    itself."""
    allowed = people.allow(site, who.uid, slug, name)
    notice = people.applied(site, slug, M.NEVER_REMOVED.format(name=allowed))
    return {"name": allowed, **people.notice_json(notice)}


@api.get("/families/{slug}/proposals", responses=answering(401, 403))
def api_proposals(slug: str, who: Who, me: Professional, site: SiteDep) -> Any:
    """Open proposals from the forms, each with its Dutch summary (a never-reason in it:
    for the professional only) and, for a wish to share, whose yes the rules ask for."""
    found = answers.proposals(site.context(who.uid), slug)
    return jsonable(list(people.proposal_rows(me.family, found, site.today())))


@api.post("/families/{slug}/proposals/{proposal}/accept",
          responses=answering(400, 401, 403, 404, 409, 422))
def api_accept(slug: str, proposal: int, who: ApiChecked, _me: Professional, site: SiteDep,
               body: Consents | None = None) -> dict[str, Any]:
    """Carry out a proposal; for a wish to share, with the yes of ``consents``."""
    done, text = people.accept(site, who.uid, slug, proposal, body.consents if body else [])
    return people.notice_json(people.applied(site, slug, text, people.asking(done)))


@api.post("/families/{slug}/proposals/{proposal}/reject",
          responses=answering(401, 403, 404, 409, 422))
def api_reject(slug: str, proposal: int, who: ApiChecked, _me: Professional,
               site: SiteDep) -> dict[str, Any]:
    """Reject a proposal: nothing changes."""
    people.reject(site, who.uid, slug, proposal)
    return {"applied": True, "message": M.WEB_PROPOSAL_REJECTED}

