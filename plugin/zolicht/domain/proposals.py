"""Turning form answers into proposals for the professional. Pure.

A proposal is never an action: a new network member, a wish to share a document, a note or
a contact wish waits until the professional accepts it, and a wish to share still needs
every consent the consent rules ask for. Answers are kept exactly as given (they may hold
anything, HTML included); whoever shows them escapes them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from zolicht import messages as M
from zolicht.domain.model import Circle, Family
from zolicht.domain.text import first_hidden

WISH_SHARE, WISH_TELL = "Alles", "Een beetje"
"""Step 5 answers start with one of these words (or "Niets")."""
NAME_LIMIT = 100
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")
PERSON_FIELD = re.compile(r"persoon_(\d+)_(naam|relatie|kan_bieden|bereikbaar)")


class ProposalKind(StrEnum):
    MEMBER = "member"
    GRANT = "grant"
    NOTE = "note"
    CONTACT = "contact"
    RECORD = "record"
    """A completed Word field for the method record; ``payload["part"]`` says which part
    (``task``, ``jim``, ``offers``, ``backup``)."""


class ProposalState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Answer:
    question: str
    """The question's name, as zolicht deployed it."""
    text: str
    """The question's text when the answer was read."""
    value: str


@dataclass(frozen=True)
class Submission:
    form: str
    id: int
    user_id: str
    submitted_at: datetime
    answers: tuple[Answer, ...]

    def values(self, question: str) -> list[str]:
        return [a.value for a in self.answers if a.question == question]

    def first(self, question: str) -> str:
        found = self.values(question)
        return found[0].strip() if found else ""


@dataclass(frozen=True)
class Draft:
    kind: ProposalKind
    payload: dict[str, Any]


@dataclass(frozen=True)
class Proposal:
    id: int
    kind: ProposalKind
    form: str
    submission: int
    submitted_by: str
    payload: dict[str, Any]
    state: ProposalState
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = None
    outcome: str | None = None


@dataclass
class Reading:
    """What one submission yields: drafts, and problems that kept something out."""

    drafts: list[Draft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def submitter(family: Family, user_id: str, uid_of: dict[str, str]) -> str | None:
    """The key of the family's person who has Nextcloud account ``user_id``."""
    return next((key for key, uid in uid_of.items() if uid == user_id
                 and family.person(key) is not None), None)


def read_submission(family: Family, submission: Submission, by: str,
                    choices: dict[str, tuple[str, ...]]) -> Reading:
    """Drafts from one submission by person ``by`` of ``family``; ``choices`` holds the
    options each choice question offers now."""
    reading = Reading()
    form = submission.form.split("__", 1)[0]  # a decider's copy: "stap-5__<person>"
    if form == "stap-3":
        _network(submission, reading, choices)
    elif form == "stap-5":
        _wishes(family, submission, by, reading)
    elif form == "stap-6":
        _note(submission, reading, ProposalKind.CONTACT)
    else:
        _note(submission, reading, ProposalKind.NOTE)
    return reading


def _network(submission: Submission, reading: Reading,
             choices: dict[str, tuple[str, ...]]) -> None:
    blocks: dict[int, dict[str, str]] = {}
    for answer in submission.answers:
        match = PERSON_FIELD.fullmatch(answer.question)
        if match:
            blocks.setdefault(int(match[1]), {})[match[2]] = answer.value.strip()
    for n, block in sorted(blocks.items()):
        name = block.get("naam", "")
        if not name:
            if any(block.values()):
                reading.problems.append(M.PERSON_WITHOUT_NAME.format(n=n))
            continue
        if len(name) > NAME_LIMIT or first_hidden(name) is not None:
            reading.problems.append(M.PERSON_BAD_NAME.format(n=n, limit=NAME_LIMIT))
            continue
        relation = block.get("relatie", "")
        payload: dict[str, Any] = {"name": name, "relation": relation,
                                   "offers": block.get("kan_bieden", "")}
        if relation and relation not in choices.get(f"persoon_{n}_relatie", ()):
            reading.problems.append(M.RELATION_NOT_LISTED.format(n=n))
            payload["relation"] = ""
            payload["remark"] = relation
        payload.update(_reach(block.get("bereikbaar", "")))
        reading.drafts.append(Draft(ProposalKind.MEMBER, payload))


def _reach(contact: str) -> dict[str, str]:
    if EMAIL.fullmatch(contact):
        return {"email": contact}
    if PHONE.fullmatch(contact):
        return {"phone": contact}
    return {"contact": contact} if contact else {}


def _wishes(family: Family, submission: Submission, by: str, reading: Reading) -> None:
    for answer in submission.answers:
        parts = answer.question.split("__")
        if len(parts) != 3 or parts[0] != "weten":
            continue
        _, document, member = parts
        wish = answer.value.split(":", 1)[0].strip()
        if wish not in (WISH_SHARE, WISH_TELL):
            continue
        person = family.person(member)
        if family.document(document) is None or person is None \
                or person.circle is not Circle.NETWORK:
            reading.problems.append(M.WISH_OUTDATED.format(document=document, member=member))
            continue
        kind = ProposalKind.GRANT if wish == WISH_SHARE else ProposalKind.NOTE
        payload = {"document": document, "member": member, "asked_by": by} \
            if kind is ProposalKind.GRANT else {
                "answers": [[answer.text, answer.value]]}
        reading.drafts.append(Draft(kind, payload))
    _note(submission, reading, ProposalKind.NOTE, only=("toelichting",))


def _note(submission: Submission, reading: Reading, kind: ProposalKind,
          only: tuple[str, ...] = ()) -> None:
    pairs = [[a.text, a.value] for a in submission.answers
             if a.value.strip() and (not only or a.question in only)]
    if pairs:
        reading.drafts.append(Draft(kind, {"answers": pairs}))


KEY_LIMIT = 64


def member_key(name: str, taken: set[str]) -> str:
    """A free person key made from a name: "Oma Truus" → ``oma-truus``, then ``-2`` etc."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:KEY_LIMIT - 3].strip("-") or "netwerk"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key
