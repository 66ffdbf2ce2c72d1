"""The visibility matrix: for every document and every person, can they see it, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zolicht.domain.consent import (
    Decision,
    Reason,
    decide,
    default_access,
    grant_decision,
    requirement,
)
from zolicht.domain.model import Access, Circle, Document, Family, Person


@dataclass(frozen=True)
class Cell:
    document: Document
    member: Person
    decision: Decision
    access: Access | None
    """What the member may do with the document, or None when they cannot see it."""


def cell(family: Family, document: Document, member: Person, on: date,
         defaults: dict[tuple[int, int], Decision] | None = None) -> Cell:
    """``defaults``: the decisions without a grant found so far, by the ids of (subject,
    member); they depend on the people, not on the document (``matrix`` decides each pair
    once)."""
    grant = family.grant(document.key, member.key)
    subject = family.person(document.subject)
    if subject is None:
        raise LookupError(f"document {document.key!r} is about an unknown person")
    if member.circle is not Circle.PROFESSIONAL and family.never_involved(member.key):
        never = Decision(False, Reason.NEVER_INVOLVED, requirement(subject, family.people, on))
        return Cell(document, member, never, None)
    defaults = {} if defaults is None else defaults
    default = defaults.get((id(subject), id(member)))
    if default is None:
        default = decide(subject, member, family.people, (), on, asked=False)
        defaults[id(subject), id(member)] = default
    if default.allowed or grant is None:
        access = default_access(member) if default.allowed else None
        return Cell(document, member, default, access)
    decision = grant_decision(family, grant, on)
    return Cell(document, member, decision, grant.access if decision.allowed else None)


def matrix(family: Family, on: date) -> list[Cell]:
    """Documents × people, in record order."""
    defaults: dict[tuple[int, int], Decision] = {}
    return [cell(family, d, p, on, defaults) for d in family.documents for p in family.people]


def readers(family: Family, on: date) -> dict[str, dict[str, Access]]:
    """For each document key, who may see it and with what access."""
    seen: dict[str, dict[str, Access]] = {d.key: {} for d in family.documents}
    for c in matrix(family, on):
        if c.access is not None:
            seen[c.document.key][c.member.key] = c.access
    return seen
