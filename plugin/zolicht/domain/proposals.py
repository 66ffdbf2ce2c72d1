"""Turning form answers into proposals for the professional. Pure.

A proposal is never an action: a new network member, a change to someone already in the
record, a name for the "never involve" list, a wish to share a document, a note or a
contact wish waits until the professional accepts it, and a wish to share still needs
every consent the consent rules ask for. Answers are kept exactly as given (they may hold
anything, HTML included); whoever shows them escapes them.

Names are compared as ``domain.method.plain_name`` does, so a second step-3 submission (or
the youth's own form) that names someone already in the record proposes a change for that
person instead of a new one, and a name on the "never involve" list is never proposed: it
is dropped with a problem line that does not repeat it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from zolicht import messages as M
from zolicht.domain.method import Ring, SafetyCircle, Support, plain_name
from zolicht.domain.model import Circle, Family, Person
from zolicht.domain.text import first_hidden

WISH_SHARE, WISH_TELL = "Alles", "Een beetje"
"""Step 5 answers start with one of these words (or "Niets")."""
NAME_LIMIT = 100
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")
PERSON_FIELD = re.compile(r"persoon_(\d+)_(naam|relatie|kring|steun|kan_bieden|lang|bereikbaar)")
NEVER_FIELD = re.compile(r"nooit_(\d+)_(naam|waarom)")
VOICE_FORMS = ("jongere", "kind")
"""The youth's own form and the one for a child under 12 (done with a grown-up)."""
RINGS = (("Dichtbij", Ring.CLOSE), ("Verder weg", Ring.FURTHER), ("Een groep", Ring.GROUPS))
SUPPORTS = (("Praktisch", Support.PRACTICAL), ("Een luisterend oor", Support.EMOTIONAL),
            ("Advies", Support.INFORMATIVE), ("Zegt wat", Support.NORMATIVE))
"""Step 3's plain answers, by how they start, and what they mean in the method."""
LONG_TERM = {"Ja": True, "Nee": False}
DOUBT = ("Ik twijfel nog", "Ik zie het (nog) niet zitten")
"""Step 1's ``gevoel`` answers that ask the professional to talk the doubt through."""
FLAG_DOUBT = "twijfel"
PEER_YES = "Ja"
"""Step 1's ``ervaringsdeskundige`` answer that asks for a peer expert starts so."""
CIRCLE_QUESTIONS = (("weet_alles", SafetyCircle.KNOWS_ALL),
                    ("weet_beetje", SafetyCircle.KNOWS_SOME),
                    ("wel_erbij", SafetyCircle.WANTED))
"""The youth's questions for the safety circles 1 to 3, from the inside out (circle 4,
"never", is the ``nooit_…`` group)."""
NAMES_SPLIT = re.compile(r"\n|,|;|/|&|\s+en\s+")
"""How names in one text answer are told apart: lines, commas, "en"."""


class ProposalKind(StrEnum):
    MEMBER = "member"
    UPDATE = "update"
    """What a person already in the record offers now (ring, support, availability)."""
    NEVER = "never"
    """A name for the "never involve" list; its reason is for the professional only."""
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
    form = submission.form.split("__", 1)[0]  # a copy of one's own: "stap-5__<person>"
    if form == "stap-3":
        _network(family, submission, reading, choices)
    elif form == "stap-5":
        _wishes(family, submission, by, reading)
    elif form == "stap-6":
        _note(submission, reading, ProposalKind.CONTACT)
    elif form in VOICE_FORMS:
        _voice(family, submission, by, reading)
    elif form == "stap-1":
        _step_1(submission, reading)
    else:
        _note(submission, reading, ProposalKind.NOTE)
    return reading


def known_person(family: Family, name: str) -> Person | None:
    """The family's person (not a professional) with this name, compared plainly."""
    wanted = plain_name(name)
    return next((p for p in family.people if p.circle is not Circle.PROFESSIONAL
                 and plain_name(p.name) == wanted), None) if wanted else None


def refused(family: Family, name: str) -> bool:
    """Whether ``name`` (or the person of that name) is on the "never involve" list."""
    person = known_person(family, name)
    return family.method.never_involved(person.key if person else "", name)


def usable_name(name: str) -> bool:
    return bool(name) and len(name) <= NAME_LIMIT and first_hidden(name) is None


def _network(family: Family, submission: Submission, reading: Reading,
             choices: dict[str, tuple[str, ...]]) -> None:
    blocks: dict[int, dict[str, list[str]]] = {}
    for answer in submission.answers:
        match = PERSON_FIELD.fullmatch(answer.question)
        if match and answer.value.strip():
            blocks.setdefault(int(match[1]), {}).setdefault(match[2], []).append(
                answer.value.strip())
    seen: set[str] = set()
    for n, block in sorted(blocks.items()):
        def one(field: str, block: dict[str, list[str]] = block) -> str:
            return block.get(field, [""])[0]

        name = one("naam")
        if not name:
            reading.problems.append(M.PERSON_WITHOUT_NAME.format(n=n))
            continue
        if not usable_name(name):
            reading.problems.append(M.PERSON_BAD_NAME.format(n=n, limit=NAME_LIMIT))
            continue
        if refused(family, name):
            reading.problems.append(M.BLOCK_NEVER_INVOLVED.format(n=n))
            continue
        if plain_name(name) in seen:
            reading.problems.append(M.PERSON_TWICE.format(n=n))
            continue
        seen.add(plain_name(name))
        payload: dict[str, Any] = {"name": name, "offers": one("kan_bieden"),
                                   **_mapping(block)}
        payload.update(_reach(one("bereikbaar")))
        person = known_person(family, name)
        if person is not None:
            reading.drafts.append(Draft(ProposalKind.UPDATE, {"person": person.key, **payload}))
            continue
        relation = one("relatie")
        payload["relation"] = relation
        if relation and relation not in choices.get(f"persoon_{n}_relatie", ()):
            reading.problems.append(M.RELATION_NOT_LISTED.format(n=n))
            payload["relation"] = ""
            payload["remark"] = relation
        reading.drafts.append(Draft(ProposalKind.MEMBER, payload))


def _mapping(block: dict[str, list[str]]) -> dict[str, Any]:
    """Ring, kinds of support and "also after care" from step 3's plain answers."""
    found: dict[str, Any] = {}
    ring = next((r for start, r in RINGS for value in block.get("kring", [])
                 if value.startswith(start)), None)
    if ring is not None:
        found["ring"] = ring.value
    support = [s.value for start, s in SUPPORTS
               if any(value.startswith(start) for value in block.get("steun", []))]
    if support:
        found["support"] = support
    long_term = LONG_TERM.get(block.get("lang", [""])[0])
    if long_term is not None:
        found["long_term"] = long_term
    return found


def names_in(text: str) -> list[str]:
    """The names in a free answer: one per line, or separated by commas or "en"."""
    return [" ".join(part.split()) for part in NAMES_SPLIT.split(text) if part.strip()]


def _voice(family: Family, submission: Submission, by: str, reading: Reading) -> None:
    """The youth's own form (or a child's, done with a grown-up). The names in the safety
    circles 1 to 3 (who knows everything, who knows a little, whom I want involved) are
    proposed with their circle: a change for someone in the record, a new member for a
    new name. A name in two circles gets the inner one. Whom never: a proposal for the
    list, and that name is proposed for no circle. All answers also make a note; the
    reasons for "never" go into that proposal alone, never into the note."""
    never: dict[int, dict[str, str]] = {}
    for answer in submission.answers:
        match = NEVER_FIELD.fullmatch(answer.question)
        if match and answer.value.strip():
            never.setdefault(int(match[1]), {})[match[2]] = answer.value.strip()
    listed: set[str] = set()
    for n, block in sorted(never.items()):
        name = block.get("naam", "")
        if not usable_name(name):
            reading.problems.append(M.NEVER_BAD_NAME.format(n=n, limit=NAME_LIMIT))
            continue
        listed.add(plain_name(name))
        if refused(family, name):
            continue  # on the list already
        person = known_person(family, name)
        reading.drafts.append(Draft(ProposalKind.NEVER, {
            "name": name, "person": person.key if person else "",
            "reason": block.get("waarom", ""), "asked_by": by}))
    placed: set[str] = set()
    for question, circle in CIRCLE_QUESTIONS:
        where = M.SAFETY_QUESTIONS[circle.value]
        for name in names_in(submission.first(question)):
            if not usable_name(name):
                reading.problems.append(M.CIRCLE_BAD_NAME.format(question=where,
                                                                 limit=NAME_LIMIT))
            elif plain_name(name) in listed or refused(family, name):
                reading.problems.append(M.CIRCLE_NEVER_INVOLVED.format(question=where))
            elif plain_name(name) not in placed:
                placed.add(plain_name(name))
                reading.drafts.append(_in_circle(family, name, circle, by))
    pairs = [[a.text, a.value] for a in submission.answers
             if a.value.strip() and not NEVER_FIELD.fullmatch(a.question)]
    if pairs:
        reading.drafts.append(Draft(ProposalKind.NOTE, {"answers": pairs}))


def _in_circle(family: Family, name: str, circle: SafetyCircle, by: str) -> Draft:
    """Someone the youth put in a safety circle: a change for a person in the record (only
    the circle: what step 3 recorded stays), else a new member."""
    person = known_person(family, name)
    if person is not None:
        return Draft(ProposalKind.UPDATE, {"person": person.key, "name": name,
                                           "circle": circle.value, "asked_by": by})
    return Draft(ProposalKind.MEMBER, {"name": name, "relation": "", "offers": "",
                                       "circle": circle.value, "asked_by": by})


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
    _note(submission, reading, ProposalKind.NOTE, only=("doorgeven", "toelichting"))


def _step_1(submission: Submission, reading: Reading) -> None:
    """Step 1 is a note; a doubt (``gevoel``) marks it ``flag: twijfel`` so the professional
    talks it through, and a wish to meet a peer expert marks it ``peer_expert``."""
    marks: dict[str, Any] = {}
    if submission.first("gevoel") in DOUBT:
        marks["flag"] = FLAG_DOUBT
    if submission.first("ervaringsdeskundige").startswith(PEER_YES):
        marks["peer_expert"] = True
    _note(submission, reading, ProposalKind.NOTE, marks=marks)


def _note(submission: Submission, reading: Reading, kind: ProposalKind,
          only: tuple[str, ...] = (), marks: dict[str, Any] | None = None) -> None:
    pairs = [[a.text, a.value] for a in submission.answers
             if a.value.strip() and (not only or a.question in only)]
    if pairs:
        reading.drafts.append(Draft(kind, {"answers": pairs, **(marks or {})}))


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
