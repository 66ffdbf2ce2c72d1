"""What the commands say, apart from saying it: outcome lines, why something waits, and
the JSON shapes of ``matrix --json`` and ``plan --json``.

Plain functions from records and outcomes to Dutch text or JSON-ready values, with no
console and no exit codes, so a web page can say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from zolicht import messages as M
from zolicht import reconcile
from zolicht.context import Context
from zolicht.domain.audit import StoredEvent
from zolicht.domain.errors import ZolichtError
from zolicht.domain.model import Family
from zolicht.domain.proposals import Proposal, ProposalState
from zolicht.domain.visibility import Cell
from zolicht.forms.export import proposal_summary
from zolicht.reconcile.ops import Op
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


@dataclass(frozen=True)
class Names:
    """How a family and its accounts are called in the command's lines: the family's name
    with the slug one types, and a person's name for their Nextcloud account."""

    family: str
    people: dict[str, str]

    @classmethod
    def of(cls, family: Family | None, slug: str) -> Names:
        if family is None:
            return cls(slug, {})
        return cls(M.FAMILY_LABEL.format(name=family.name, slug=slug),
                   {p.uid: p.name for p in family.people if p.uid})

    def who(self, uid: str) -> str:
        name = self.people.get(uid)
        return M.PERSON_LABEL.format(name=name, uid=uid) if name else uid


def names(ctx: Context, slug: str) -> Names:
    """The ``Names`` of family ``slug`` (its slug alone when it cannot be read)."""
    try:
        with ctx.store.reading() as tx:
            return Names.of(tx.families.load(slug), slug)
    except ZolichtError:
        return Names.of(None, slug)


def op_line(op: Op, called: Names) -> str:
    """An operation in Dutch: what, on which target, for whom, and why."""
    parts = [M.OP_KINDS[op.kind.name], op.target]
    if op.detail():
        parts.append(op.detail())
    if op.uid:
        parts.append(M.OP_FOR.format(who=called.who(op.uid)))
    elif op.target in called.people:  # a new account: its id is the target already
        parts.append(M.OP_FOR.format(who=called.people[op.target]))
    if op.permissions:
        parts.append(M.OP_PERMISSIONS.format(permissions=op.permissions))
    if op.reason:
        parts.append(f"({M.OP_REASONS.get(op.reason, op.reason)})")
    return " ".join(parts)


def outcome_lines(ctx: Context, slug: str, outcome: reconcile.Outcome) -> list[str]:
    """How applying one family went: done, waiting (and why), or failed; then the
    problems in its record."""
    called = names(ctx, slug)
    if outcome.complete:
        head = M.APPLY_DONE.format(family=called.family, count=outcome.done,
                                   drift=len(outcome.plan.drift))
    elif outcome.temporary:
        waiting = len(outcome.plan.ops) - outcome.done
        head = M.APPLY_WAITING.format(family=called.family, count=outcome.done,
                                      waiting=waiting,
                                      reason=applied_of(ctx, slug, outcome).reason())
    else:
        op = op_line(outcome.failed, called) if outcome.failed else M.READING
        head = M.APPLY_FAILED.format(family=called.family, done=outcome.done, op=op,
                                     error=outcome.error)
    return [head, *(f"  ! {problem}" for problem in outcome.plan.problems)]


def plan_lines(p: Plan, called: Names) -> list[str]:
    return [M.PLAN_HEADER.format(family=called.family, count=len(p.ops)),
            *(f"  {op_line(op, called)}" for op in p.ops),
            *(f"  ! {problem}" for problem in p.problems)]


def plan_json(p: Plan) -> dict[str, Any]:
    return {"family": p.family, "problems": list(p.problems),
            "drift": [d.__dict__ for d in p.drift],
            "operations": [{"kind": op.kind.name.lower(), "target": op.target, "uid": op.uid,
                            "permissions": op.permissions, "reason": op.reason}
                           for op in p.ops]}


def drift_line(called: Names, d: Drift) -> str:
    """A share nobody decided on, or an account in a family group that is not of it."""
    if d.share_id:
        return M.DRIFT_LINE.format(family=called.family, path=d.where, kind=d.share_type,
                                   who=called.who(d.who) if d.who else "-",
                                   by=called.who(d.created_by), permissions=d.permissions)
    return M.DRIFT_MEMBER_LINE.format(family=called.family, who=called.who(d.who or ""),
                                      group=d.where)


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
