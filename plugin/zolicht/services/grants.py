"""Giving and withdrawing consent for one member to see one document.

``grant`` records one person's yes; the member sees the document once every consent the
rules require is there. ``revoke`` by any required consenter (or a professional) ends the
grant at once: all consents are cleared, so sharing again needs everyone's yes again, and
the consenter's "no" is kept until that person says yes again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from zolicht import messages as M
from zolicht.context import Context
from zolicht.domain.consent import Decision, Requirement, grant_decision, requirement
from zolicht.domain.errors import ConsentNotAllowed, InvalidInput
from zolicht.domain.model import Access, Circle, Consent, Family, Grant, Person
from zolicht.services import validation as check
from zolicht.services.family import document_or_fail, person_or_fail

Check = Callable[[Family], None]
"""Sees the family as a decision is recorded (in its transaction) and raises to refuse it."""


@dataclass(frozen=True)
class Outcome:
    family: Family
    grant: Grant | None
    decision: Decision
    asked: frozenset[str] = frozenset()
    """Whose yes this request newly waits for (keys): those to tell that a question waits;
    not the ones it waited for already."""


def grant(
    ctx: Context,
    slug: str,
    document: str,
    member: str,
    by: str,
    access: str | None = Access.READ.value,
    until: date | None = None,
    check_family: Check | None = None,
) -> Outcome:
    """Record that ``by`` agrees that ``member`` may see ``document``.

    Changing the access or the end date of an existing grant asks something new, so the
    other consents given for the old terms are cleared. ``access`` None: on the terms
    already asked (read, without end, when nothing was asked yet).
    """
    return request(ctx, slug, document, member, (by,), access, until, check_family)


def request(
    ctx: Context,
    slug: str,
    document: str,
    member: str,
    consents: Sequence[str] = (),
    access: str | None = Access.READ.value,
    until: date | None = None,
    check_family: Check | None = None,
) -> Outcome:
    """Ask that ``member`` may see ``document``, with the yes of each of ``consents``.

    Every consenter is checked before anything is written, so one wrong name changes
    nothing. Without consents the request waits for them. ``access`` None: on the terms
    already asked. ``check_family`` sees the family first and raises to refuse.
    """
    wanted = None if access is None else check.choice("access", access, Access)
    until = check.not_before("until", until, ctx.today())
    consents = tuple(dict.fromkeys(consents))
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        if check_family is not None:
            check_family(family)
        if wanted is None:
            asked = family.grant(document, member)
            wanted, until = (asked.access, check.not_before(
                "until", asked.expires_on, ctx.today())) if asked else (Access.READ, None)
        subject, member_p, *consenters = _parties(family, document, member, *consents)
        need = requirement(subject, family.people, ctx.today())
        check_member(member_p, subject, need)
        if family.never_involved(member_p.key):
            raise InvalidInput("member", M.MEMBER_NEVER_INVOLVED.format(name=member_p.name))
        for by_p in consenters:
            _check_consenter(by_p, subject, need, family)
        existing = family.grant(document, member)
        base = existing or Grant(document, member, wanted, created_at=ctx.now())
        if (base.access, base.expires_on) != (wanted, until):
            base = replace(base, access=wanted, expires_on=until, consents=())
        new = replace(
            base,
            consents=tuple(c for c in base.consents if c.person not in consents)
            + tuple(Consent(by, ctx.now()) for by in consents),
            refused_by=base.refused_by - set(consents),
        )
        tx.families.save_grants(slug, [new], ctx.now())
        waited = (grant_decision(family, existing, ctx.today()).missing
                  if existing is not None else frozenset())
        outcome = _outcome(family, new, ctx.today())
        outcome = replace(outcome, asked=frozenset(outcome.decision.missing) - waited
                          - set(consents))
        reason = _summary(outcome.decision)
        for by in consents:
            ctx.record(tx, "grant.consent", slug, on_behalf_of=by, subject=subject.key,
                       document=document, member=member, reason=reason)
        if not consents:
            ctx.record(tx, "grant.request", slug, subject=subject.key, document=document,
                       member=member, reason=reason)
    return outcome


def revoke(ctx: Context, slug: str, document: str, member: str, by: str,
           check_family: Check | None = None) -> Outcome:
    """End the grant of ``member`` for ``document``; takes precedence over every earlier yes.
    ``check_family`` sees the family first and raises to refuse."""
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        if check_family is not None:
            check_family(family)
        subject, _member, by_p = _parties(family, document, member, by)
        need = requirement(subject, family.people, ctx.today())
        existing = family.grant(document, member)
        consented = existing.consented_by if existing else frozenset()
        professional = by_p.circle is Circle.PROFESSIONAL
        if not (professional or by in need.consenters or by in consented):
            raise ConsentNotAllowed("by", M.REVOKE_NOT_ALLOWED.format(name=by_p.name))
        refused = (existing.refused_by if existing else frozenset()) | (
            frozenset() if professional else {by}
        )
        new = Grant(
            document, member, existing.access if existing else Access.READ,
            refused_by=refused,
            created_at=existing.created_at if existing else ctx.now(),
        )
        tx.families.save_grants(slug, [new], ctx.now())
        outcome = _outcome(family, new, ctx.today())
        ctx.record(tx, "grant.revoke", slug, on_behalf_of=by, subject=subject.key,
                   document=document, member=member, reason=_summary(outcome.decision))
    return outcome


def _parties(family: Family, document: str, member: str, *by: str) -> tuple[Person, ...]:
    doc = document_or_fail(family, document)
    return (
        person_or_fail(family, doc.subject, "subject"),
        person_or_fail(family, member, "member"),
        *(person_or_fail(family, key, "by") for key in by),
    )


def check_member(member: Person, subject: Person, need: Requirement) -> None:
    if member.circle is Circle.PROFESSIONAL:
        raise InvalidInput("member", M.MEMBER_IS_PROFESSIONAL.format(name=member.name))
    if member.key in need.consenters or member.key == subject.key:
        raise InvalidInput("member", M.MEMBER_HAS_A_SAY.format(name=member.name))


def _check_consenter(by: Person, subject: Person, need: Requirement, family: Family) -> None:
    if by.key in need.consenters:
        return
    if by.circle is Circle.PROFESSIONAL:
        raise ConsentNotAllowed("by", M.CONSENT_PROFESSIONAL)
    if not need.consenters:
        raise ConsentNotAllowed("by", M.CONSENT_NOBODY.format(subject=subject.name))
    if by.circle is Circle.FAMILY and not by.has_authority and by.key != subject.key:
        raise ConsentNotAllowed("by", M.CONSENT_NO_AUTHORITY)
    names = ", ".join(sorted(p.name for p in family.people if p.key in need.consenters))
    raise ConsentNotAllowed("by", M.CONSENT_NOT_ASKED.format(
        name=by.name, subject=subject.name, consenters=names))


def _outcome(family: Family, new: Grant, on: date) -> Outcome:
    others = tuple(g for g in family.grants if (g.document, g.member) != (new.document, new.member))
    updated = replace(family, grants=others + (new,))
    return Outcome(updated, new, grant_decision(updated, new, on))


def _summary(decision: Decision) -> str:
    parts = [decision.reason.value, f"rule={decision.requirement.rule.value}"]
    if decision.missing:
        parts.append("missing=" + ",".join(sorted(decision.missing)))
    if decision.refused_by:
        parts.append("refused=" + ",".join(sorted(decision.refused_by)))
    return " ".join(parts)
