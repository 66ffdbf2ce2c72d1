"""What the commands say, apart from saying it: outcome lines, why something waits, and
the JSON shapes of ``matrix --json`` and ``plan --json``.

Plain functions from records and outcomes to Dutch text or JSON-ready values, with no
console and no exit codes, so a web page can say the same.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from zolicht import messages as M
from zolicht import reconcile
from zolicht.context import Context
from zolicht.domain.audit import StoredEvent
from zolicht.domain.model import Family
from zolicht.domain.proposals import Proposal, ProposalState
from zolicht.domain.visibility import Cell
from zolicht.forms.export import proposal_summary
from zolicht.reconcile.plan import Drift, Plan
from zolicht.services import grants
from zolicht.services.decisions import Applied, State, applied_of
from zolicht.wording import day, moment, name_of, names_of, title_of

if TYPE_CHECKING:  # the contact plan is read only by the contact commands
    from zolicht.domain.contacts import Occurrence


def decision_line(outcome: grants.Outcome, by: str, applied: Applied,
                  revoked: bool = False) -> tuple[str, bool]:
    """What is true after a yes or a stop: recorded, and whether Nextcloud already did it;
    and whether the change still waits for Nextcloud."""
    family, decision = outcome.family, outcome.decision
    assert outcome.grant is not None
    person = family.person(outcome.grant.member)
    assert person is not None
    names = {"member": person.name, "document": title_of(family, outcome.grant.document)}
    if not revoked and not decision.allowed:
        return M.GRANT_WAITING.format(by=name_of(family, by), missing=names_of(
            family, decision.missing), **names), False
    if not revoked and not person.has_account:
        return M.GRANT_NO_ACCOUNT.format(**names), False
    if applied.state not in (State.DONE, State.NOT_CONFIGURED):
        template = M.GRANT_PENDING if decision.allowed else M.REVOKE_PENDING
        return template.format(reason=applied.reason(), **names), True
    if applied.state is State.DONE:
        return (M.GRANT_EFFECTIVE if decision.allowed else M.REVOKED).format(**names), False
    return (M.GRANT_NOT_APPLIED if decision.allowed else M.REVOKE_NOT_APPLIED
            ).format(**names), False


def outcome_lines(ctx: Context, slug: str, outcome: reconcile.Outcome) -> list[str]:
    """How applying one family went: done, waiting (and why), or failed; then the
    problems in its record."""
    if outcome.complete:
        head = M.APPLY_DONE.format(slug=slug, count=outcome.done,
                                   drift=len(outcome.plan.drift))
    elif outcome.temporary:
        waiting = len(outcome.plan.ops) - outcome.done
        head = M.APPLY_WAITING.format(slug=slug, count=outcome.done, waiting=waiting,
                                      reason=applied_of(ctx, slug, outcome).reason())
    else:
        op = outcome.failed.describe() if outcome.failed else M.READING
        head = M.APPLY_FAILED.format(slug=slug, done=outcome.done, op=op, error=outcome.error)
    return [head, *(f"  ! {problem}" for problem in outcome.plan.problems)]


def plan_lines(p: Plan) -> list[str]:
    return [M.PLAN_HEADER.format(slug=p.family, count=len(p.ops)),
            *(f"  {op.describe()}" for op in p.ops),
            *(f"  ! {problem}" for problem in p.problems)]


def plan_json(p: Plan) -> dict[str, Any]:
    return {"family": p.family, "problems": list(p.problems),
            "drift": [d.__dict__ for d in p.drift],
            "operations": [{"kind": op.kind.name.lower(), "target": op.target, "uid": op.uid,
                            "permissions": op.permissions, "reason": op.reason}
                           for op in p.ops]}


def drift_line(slug: str, d: Drift) -> str:
    """A share nobody decided on, or an account in a family group that is not of it."""
    if d.share_id:
        return M.DRIFT_LINE.format(slug=slug, path=d.where, kind=d.share_type,
                                   who=d.who or "-", by=d.created_by,
                                   permissions=d.permissions)
    return M.DRIFT_MEMBER_LINE.format(slug=slug, who=d.who, group=d.where)


def matrix_json(family: Family, day: date, cells: list[Cell]) -> dict[str, Any]:
    return {
        "family": family.slug,
        "on": day.isoformat(),
        "documents": [d.key for d in family.documents],
        "members": [p.key for p in family.people],
        "cells": [{
            "document": c.document.key,
            "member": c.member.key,
            "visible": c.access is not None,
            "access": c.access.value if c.access else None,
            "reason": c.decision.reason.value,
            "rule": c.decision.requirement.rule.value,
            "missing": sorted(c.decision.missing),
            "refused_by": sorted(c.decision.refused_by),
        } for c in cells],
    }


def audit_line(stored: StoredEvent) -> str:
    e = stored.event
    fields = (("on_behalf_of", e.on_behalf_of), ("document", e.document),
              ("member", e.member), ("subject", e.subject), ("reason", e.reason))
    details = " ".join(f"{M.AUDIT_FIELDS[field]}={value}" for field, value in fields if value)
    return (f"{stored.seq:>6} {e.at:%d-%m-%Y %H:%M:%S} {e.actor} {e.action} "
            f"{e.family or '-'} {details}")


def moment_line(o: Occurrence) -> str:
    note = f" {M.CANCELLED_MARK}" if o.cancelled else ""
    return f"{moment(o.start)}  {o.title}{note}"


def proposal_line(family: Family, p: Proposal) -> str:
    state = "" if p.state is ProposalState.OPEN else f" [{M.STATE_NAMES[p.state.value]}]"
    return M.PROPOSAL_LINE.format(id=p.id, summary=proposal_summary(family, p, private=True),
                                  by=name_of(family, p.submitted_by), form=p.form,
                                  date=day(p.created_at.date())) + state
