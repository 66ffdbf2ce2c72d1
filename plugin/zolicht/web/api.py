"""The JSON API under ``/api/v1``: everything the pages do, for other clients. Unsafe
requests carry ``X-CSRF-Token`` (from ``/api/v1/me``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from zolicht import messages as M
from zolicht.services import contacts as contact_plans
from zolicht.services.decisions import Decided, State
from zolicht.web import views
from zolicht.web.auth import csrf_token
from zolicht.web.deps import (
    ApiChecked,
    AuditReader,
    FamilyMember,
    NetworkMember,
    Professional,
    ProfessionalDesk,
    SiteDep,
    Who,
)
from zolicht.web.openapi import answering
from zolicht.web.reads import overview, sharing_history
from zolicht.web.responses import jsonable

router = APIRouter(prefix="/api/v1")


@router.get("/me", tags=["people"], responses=answering(401))
def api_me(who: Who, site: SiteDep) -> dict[str, Any]:
    """Who is signed in, their families, and the token for changing requests."""
    return {"user": who.uid, "csrf_token": csrf_token(site.settings.key, who.bound_to),
            "families": [{"family": m.family.slug, "person": m.person.key,
                          "name": m.person.name, "circle": m.person.circle.value}
                         for m in site.memberships(who.uid)]}


@router.get("/families", tags=["professional"], responses=answering(401, 403))
def api_families(mine: ProfessionalDesk, site: SiteDep) -> list[dict[str, Any]]:
    """The professional's families: status, consents still missing, last change."""
    return [jsonable(overview(site, m)) for m in mine]


@router.get("/families/{slug}/check", tags=["professional"],
            responses=answering(401, 403, 503))
def api_check(slug: str, _me: Professional, site: SiteDep) -> Any:
    """Read Nextcloud now: shares nobody in the family decided on (drift), changes still
    to be made, and problems in the record. Changes nothing; 503 when Nextcloud cannot
    be read."""
    found = site.check(slug)
    if found is None:
        raise HTTPException(503, M.WEB_NEXTCLOUD_UNREACHABLE)
    return {"drift": jsonable(list(found.drift)), "pending": len(found.ops),
            "problems": list(found.problems)}


@router.get("/families/{slug}/sharing", tags=["family"], responses=answering(401, 403))
def api_sharing(slug: str, me: FamilyMember, site: SiteDep) -> Any:
    """The family page: per document, who may see it and what the viewer can switch."""
    return jsonable(views.family_page(me.family, me.person, site.today(),
                                      site.unapplied(slug), site.document_links(me.family)))


@router.put("/families/{slug}/consents/{document}/{member}", tags=["family"],
            responses=answering(400, 401, 403, 409))
def api_allow(slug: str, document: str, member: str, who: ApiChecked,
              site: SiteDep) -> dict[str, Any]:
    """Record the signed-in person's yes for ``member`` to see ``document``; applied at once.
    ``pending`` says what still waits: ``no_account`` or ``nextcloud`` (tried again)."""
    return _decided_json(site.decide(who.uid, slug, document, member, True))


@router.delete("/families/{slug}/consents/{document}/{member}", tags=["family"],
               responses=answering(400, 401, 403, 409))
def api_stop(slug: str, document: str, member: str, who: ApiChecked,
             site: SiteDep) -> dict[str, Any]:
    """Stop sharing: ``member`` no longer sees ``document``, at once."""
    return _decided_json(site.decide(who.uid, slug, document, member, False))


@router.get("/families/{slug}/shared-with-me", tags=["network"],
            responses=answering(401, 403))
def api_shared_with_me(slug: str, who: Who, me: NetworkMember, site: SiteDep) -> Any:
    """The network member page: what this person was given (with where it opens in
    Nextcloud), the tasks they do (``agreed``: the day they said "akkoord"), their moments
    with aftercare, and whom to call."""
    plan = contact_plans.load(site.context(who.uid), slug)
    return jsonable(views.member_page(me.family, me.person, plan, site.today(),
                                      site.document_links(me.family)))


@router.get("/families/{slug}/audit", tags=["family"], responses=answering(400, 401, 403))
def api_audit(slug: str, who: Who, me: AuditReader, site: SiteDep,
              month: str = "") -> list[dict[str, str]]:
    """Who shared what, when; newest first; only ``month`` (YYYY-MM) when given."""
    lines = views.lines_in(sharing_history(site, me, who.uid), month)
    return [{"at": at.isoformat(), "text": text} for at, text in lines]


def _decided_json(decided: Decided) -> dict[str, Any]:
    decision, waiting = decided.recorded.decision, decided.waiting
    return {"allowed": decision.allowed, "reason": decision.reason.value,
            "missing": sorted(decision.missing), "refused_by": sorted(decision.refused_by),
            "applied": decided.applied.state is State.DONE,
            "pending": waiting.value if waiting else None,
            "message": views.decided_notice(decided).text}
