"""Who must agree before a member may see a document: Dutch consent law as a pure function.

The rules (shared/reference/security.md §1), all fail-closed:

=====================================  ==============================================
subject of the document                who must agree
=====================================  ==============================================
under 12                               every holder of parental authority (gezag)
12 to 15, capable                      the youth **and** every holder of authority;
                                       the youth's refusal is a veto
16 or 17, capable                      the youth alone
12 to 17, recorded as not capable      every holder of authority, as under 12
adult (18+, or holds authority)        that person
minor-or-adult unknown (no birth date) that person **and** every holder of authority
=====================================  ==============================================

A parent without authority and a professional never count as consenters. Any required
consenter who revokes ends the grant. An empty set of required consenters never allows
anything. Age is computed on the date passed in, so a birthday can change the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from zolicht.domain.model import Access, Circle, Family, Grant, Person

ADULT_AGE = 18
SAY_OF_YOUR_OWN_AGE = 12
DECIDES_ALONE_AGE = 16

T = TypeVar("T")


class Rule(StrEnum):
    UNDER_12 = "under_12"
    YOUTH_12_15 = "youth_12_15"
    YOUTH_16_17 = "youth_16_17"
    NOT_CAPABLE = "not_capable"
    ADULT = "adult"
    AGE_UNKNOWN = "age_unknown"


class Reason(StrEnum):
    CONSENTED = "consented"
    """Every required consenter agreed."""
    HAS_A_SAY = "has_a_say"
    """The member is a required consenter, or the subject aged 12 or more."""
    PROFESSIONAL = "professional"
    """Directly involved professionals are not 'others' (Jeugdwet 7.3.11 lid 2)."""
    NOT_ASKED = "not_asked"
    """Nobody has asked for this member; the default is that nobody sees a document."""
    MISSING_CONSENT = "missing_consent"
    REFUSED = "refused"
    NO_CONSENTER = "no_consenter"
    """Nobody could give valid consent (for example: no holder of authority recorded)."""
    EXPIRED = "expired"
    NEVER_INVOLVED = "never_involved"
    """The family said this person must never be involved."""


@dataclass(frozen=True)
class Requirement:
    rule: Rule
    consenters: frozenset[str]
    age: int | None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Reason
    requirement: Requirement
    missing: frozenset[str] = frozenset()
    refused_by: frozenset[str] = frozenset()


def age_on(birth_date: date, on: date) -> int:
    """Whole years lived on ``on``. Someone born on 29 February ages on 1 March in other years."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def authority_holders(people: Iterable[Person]) -> frozenset[str]:
    """Everyone who can consent as holder of gezag; professionals never can."""
    return frozenset(
        p.key for p in people if p.has_authority and p.circle is not Circle.PROFESSIONAL
    )


def requirement(subject: Person, people: Iterable[Person], on: date) -> Requirement:
    """Who must all agree before anyone else may see a document about ``subject``."""
    holders = authority_holders(people) - {subject.key}
    if subject.circle is Circle.PROFESSIONAL:
        return Requirement(Rule.ADULT, frozenset(), None)
    if subject.birth_date is None:
        if subject.has_authority:
            return Requirement(Rule.ADULT, frozenset({subject.key}), None)
        return Requirement(Rule.AGE_UNKNOWN, holders | {subject.key}, None)
    age = age_on(subject.birth_date, on)
    if age >= ADULT_AGE:
        rule, consenters = Rule.ADULT, frozenset({subject.key})
    elif subject.not_capable:
        rule, consenters = Rule.NOT_CAPABLE, holders
    elif age < SAY_OF_YOUR_OWN_AGE:
        rule, consenters = Rule.UNDER_12, holders
    elif age < DECIDES_ALONE_AGE:
        rule, consenters = Rule.YOUTH_12_15, holders | {subject.key}
    else:
        rule, consenters = Rule.YOUTH_16_17, frozenset({subject.key})
    return Requirement(rule, consenters, age)


def has_a_say(member: Person, subject: Person, need: Requirement) -> bool:
    """Whether ``member`` sees documents about ``subject`` without anyone's grant."""
    if member.key in need.consenters:
        return True
    return member.key == subject.key and (need.age is None or need.age >= SAY_OF_YOUR_OWN_AGE)


def decide(
    subject: Person,
    member: Person,
    people: Iterable[Person],
    consented_by: Iterable[str],
    on: date,
    refused_by: Iterable[str] = (),
    asked: bool = True,
) -> Decision:
    """May ``member`` see a document about ``subject`` on ``on``, given these consents?

    ``consented_by`` may hold anyone; only required consenters count. ``asked`` is False
    when no grant exists at all, which changes only the reason given.
    """
    need = requirement(subject, people, on)
    if member.circle is Circle.PROFESSIONAL:
        return Decision(True, Reason.PROFESSIONAL, need)
    if has_a_say(member, subject, need):
        return Decision(True, Reason.HAS_A_SAY, need)
    if not need.consenters:
        return Decision(False, Reason.NO_CONSENTER, need)
    refusing = need.consenters & frozenset(refused_by)
    missing = need.consenters - frozenset(consented_by)
    if refusing:
        return Decision(False, Reason.REFUSED, need, missing, refusing)
    if missing:
        reason = Reason.MISSING_CONSENT if asked else Reason.NOT_ASKED
        return Decision(False, reason, need, missing)
    return Decision(True, Reason.CONSENTED, need)


def grant_decision(family: Family, grant: Grant, on: date) -> Decision:
    """Whether ``grant`` is in force on ``on``: consents complete and not expired."""
    document = _require(family.document(grant.document), "document", grant.document)
    subject = _require(family.person(document.subject), "person", document.subject)
    member = _require(family.person(grant.member), "person", grant.member)
    decision = decide(
        subject, member, family.people, grant.consented_by, on, grant.refused_by,
        asked=bool(grant.consents),
    )
    if decision.allowed and grant.expires_on is not None and grant.expires_on < on:
        return Decision(False, Reason.EXPIRED, decision.requirement)
    return decision


def default_access(member: Person) -> Access:
    """What someone who sees a document without a grant may do with it."""
    return Access.EDIT if member.circle is Circle.PROFESSIONAL else Access.READ


def _require(value: T | None, kind: str, key: str) -> T:
    if value is None:
        raise LookupError(f"{kind} {key!r} is not in the family record")
    return value
