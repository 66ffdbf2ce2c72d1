"""The method as a cycle: what the record keeps besides people, documents and grants. Pure.

The method maps the network, agrees who does what, evaluates, maps again, tapers and
hands over (seed 000, seed 001 §4.2). So a family's record keeps:

- the network map as a history of snapshots (``NetworkMap``): each mapping (a step-3
  form, an evaluation, the professional) adds one; who joined or left is the difference
  between two of them;
- evaluations with short notes per contact moment and the fixed section "inzet van het
  netwerk" (``Evaluation``);
- the "never involve" list (``NeverInvolve``): people the family says must never be
  involved, matched by key and by name, with a reason that is shown to the professional
  only and printed nowhere;
- tasks (who does what, and whether it can be handed over), the JIM's mandate, the
  helpers per phase of the signaleringsplan and its achterwacht, and where to go with
  which question after care ends (``Referral``).

``to_data``/``from_data`` give the one plain-data form the record is stored and exported
in (the same field names as the family's YAML ``method:`` section).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

PHASES = ("groen", "oranje", "rood", "crisis")
"""The phases of a signaleringsplan, from all is well to crisis."""


class Ring(StrEnum):
    """Where someone stands in the network picture (the ecogram's three rings)."""

    CLOSE = "close"
    FURTHER = "further"
    GROUPS = "groups"
    """Groups and institutions: school, club, church, neighbourhood team."""


class Support(StrEnum):
    """The four kinds of support the method distinguishes."""

    PRACTICAL = "practical"
    EMOTIONAL = "emotional"
    INFORMATIVE = "informative"
    NORMATIVE = "normative"


class SafetyCircle(StrEnum):
    """The youth's safety circles (Family Finding), from the inside out. Circle 4, "never",
    is the never-involve list (``NeverInvolve``), not a place on the map."""

    KNOWS_ALL = "knows_all"
    """Circle 1: knows everything about how things are going."""
    KNOWS_SOME = "knows_some"
    """Circle 2: knows a little, or needs to know something."""
    WANTED = "wanted"
    """Circle 3: whom the youth wants involved."""


class ForWhom(StrEnum):
    """Whose need it is: the youth's, a parent's, or the family's together."""

    YOUTH = "youth"
    PARENT = "parent"
    FAMILY = "family"


MAPPING_METHODS = ("ecogram", "veiligheidscirkels", "genogram", "kaartspel", "wie-vragen")
"""The ways of mapping the network a family can choose (seed 000 step 3, seed 001 r1)."""


class HandOver(StrEnum):
    """Whether a task can pass from the professional to the network."""

    NETWORK = "network"
    """Already the network's task."""
    POSSIBLE = "possible"
    """Can be handed over (to ``Task.to``), not yet done."""
    DONE = "done"
    """Handed over to ``Task.to``."""
    NOT_POSSIBLE = "not_possible"
    """Stays with a professional."""


@dataclass(frozen=True)
class MapEntry:
    person: str
    """The person's key when they are in the record, else ""."""
    name: str
    """The name at the time of mapping (kept when the person leaves the record)."""
    ring: Ring = Ring.CLOSE
    support: tuple[Support, ...] = ()
    offers: str = ""
    long_term: bool = False
    """Available for a longer time, also after care ends."""
    circle: SafetyCircle | None = None
    """The youth's safety circle for this person, when the youth named one."""


@dataclass(frozen=True)
class NetworkMap:
    made_on: date
    source: str
    """Where the mapping came from: a form (``stap-3``), ``evaluatie`` or ``hulpverlener``."""
    entries: tuple[MapEntry, ...] = ()

    def entry(self, name: str) -> MapEntry | None:
        wanted = plain_name(name)
        return next((e for e in self.entries if plain_name(e.name) == wanted), None)


@dataclass(frozen=True)
class Change:
    """How the network changed between two maps: names joined, left, and what changed."""

    joined: tuple[str, ...]
    left: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass(frozen=True)
class Contribution:
    """One person's part in the evaluation's section "inzet van het netwerk"."""

    person: str
    name: str
    text: str


@dataclass(frozen=True)
class Evaluation:
    key: str
    held_on: date
    moment: str = ""
    """The contact moment (series or moment key) it belongs to, if any."""
    notes: str = ""
    next_time: str = ""
    """What to look back on next time (seed 000, step 6)."""
    network: tuple[Contribution, ...] = ()
    independence: int | None = None
    """1-10: how well family and network manage on their own (seed 000, step 6)."""
    tasks: tuple[tuple[str, str], ...] = ()
    """Per task key, how it went: the agreements held against what happened."""


@dataclass(frozen=True)
class Need:
    """What the youth, a parent or the family needs (step 2), and which kind of support."""

    key: str
    for_whom: ForWhom = ForWhom.FAMILY
    what: str = ""
    kind: Support | None = None


@dataclass(frozen=True)
class Strength:
    """What someone is good at, or what helps the family (step 4)."""

    key: str
    whose: str = ""
    """A person key, or "" for the family together."""
    what: str = ""


@dataclass(frozen=True)
class NeverInvolve:
    name: str
    person: str = ""
    """The person's key when they are in the record."""
    reason: str = ""
    """For the professional only: printed in no document, sent to nobody."""
    since: date | None = None


@dataclass(frozen=True)
class Task:
    key: str
    person: str
    """Who does it now (a person key)."""
    what: str
    when: str = ""
    hand_over: HandOver = HandOver.NETWORK
    to: str = ""
    """Whom it is (or will be) handed over to."""
    agreed_on: date | None = None
    """The day the person who does it said "akkoord" to it on their page; None: not yet.
    A change of who, what or when asks for a new "akkoord"."""


@dataclass(frozen=True)
class Referral:
    """After care: with which question to go where."""

    question: str
    place: str
    contact: str = ""


@dataclass(frozen=True)
class JimMandate:
    know: str = ""
    """What the JIM may know."""
    do: str = ""
    """What the JIM may do or say on the youth's behalf."""
    support: str = ""
    """Who supports the JIM."""


@dataclass(frozen=True)
class MethodRecord:
    maps: tuple[NetworkMap, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    never: tuple[NeverInvolve, ...] = ()
    tasks: tuple[Task, ...] = ()
    referrals: tuple[Referral, ...] = ()
    helpers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per phase (``PHASES``), the people the youth and family chose to help then."""
    backup: str = ""
    """The achterwacht: the person key to call when the professional is not there."""
    jim: JimMandate = field(default_factory=JimMandate)
    needs: tuple[Need, ...] = ()
    strengths: tuple[Strength, ...] = ()
    pace: str = ""
    """How fast this family wants to go, in a few words."""
    methods: tuple[str, ...] = ()
    """The ways of mapping the network chosen with the family (``MAPPING_METHODS``)."""
    chat: str = ""
    """The family's chat group with the network: its name and who runs it."""

    @property
    def current_map(self) -> NetworkMap | None:
        # the newest day; of two maps made the same day, the one recorded last
        return max(reversed(self.maps), key=lambda m: m.made_on, default=None)

    def map_on(self, day: date) -> NetworkMap | None:
        """The map as it stood on ``day``: the newest made on or before it."""
        return max((m for m in reversed(self.maps) if m.made_on <= day),
                   key=lambda m: m.made_on, default=None)

    def until(self, day: date) -> MethodRecord:
        """The record with only the maps made on or before ``day`` (an earlier map shown)."""
        return replace(self, maps=tuple(m for m in self.maps if m.made_on <= day))

    def helpers_in(self, phase: str) -> tuple[str, ...]:
        return next((keys for name, keys in self.helpers if name == phase), ())

    @cached_property
    def _never_keys_and_names(self) -> tuple[frozenset[str], frozenset[str]]:
        """The list's person keys and compared names, made once: the matrix asks for every
        document and member."""
        return (frozenset(n.person for n in self.never if n.person),
                frozenset(plain_name(n.name) for n in self.never))

    def never_involved(self, key: str, name: str) -> bool:
        """Whether the person with this key and name is on the "never involve" list."""
        if not self.never:
            return False
        keys, names = self._never_keys_and_names
        return key in keys or plain_name(name) in names

    def latest_evaluations(self, count: int = 2) -> tuple[Evaluation, ...]:
        """The last ``count`` evaluations, newest first."""
        ordered = sorted(self.evaluations, key=lambda e: (e.held_on, e.key), reverse=True)
        return tuple(ordered[:count])


def plain_name(name: str) -> str:
    """A name as compared: no accents, no case, single spaces ("Oma  Ría" = "oma ria")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain).strip().casefold()


def change_between(before: NetworkMap | None, after: NetworkMap) -> Change:
    """Who joined, left or changed (ring, support, offers, availability, safety circle)
    between two maps."""
    old = {plain_name(e.name): e for e in before.entries} if before else {}
    new = {plain_name(e.name): e for e in after.entries}
    joined = tuple(e.name for k, e in new.items() if k not in old)
    left = tuple(e.name for k, e in old.items() if k not in new)
    changed = tuple(e.name for k, e in new.items()
                    if k in old and replace(old[k], person=e.person, name=e.name) != e)
    return Change(joined, left, changed)


# -- plain data (storage and the family's YAML) -------------------------------------------
def to_data(record: MethodRecord) -> dict[str, Any]:
    """The record as plain data; empty parts are left out."""
    data: dict[str, Any] = {
        "never": [_drop({"name": n.name, "person": n.person, "reason": n.reason,
                         "since": n.since.isoformat() if n.since else ""})
                  for n in record.never],
        "maps": [{"on": m.made_on.isoformat(), "source": m.source,
                  "people": [_drop({"person": e.person, "name": e.name, "ring": e.ring.value,
                                    "support": [s.value for s in e.support],
                                    "offers": e.offers, "long_term": e.long_term or None,
                                    "circle": e.circle.value if e.circle else None})
                             for e in m.entries]} for m in record.maps],
        "evaluations": [_drop({
            "key": e.key, "on": e.held_on.isoformat(), "moment": e.moment, "notes": e.notes,
            "next_time": e.next_time,
            "network": [_drop({"person": c.person, "name": c.name, "text": c.text})
                        for c in e.network],
            "independence": e.independence,
            "tasks": [{"task": k, "how": how} for k, how in e.tasks],
        }) for e in record.evaluations],
        "tasks": [_drop({"key": t.key, "person": t.person, "what": t.what, "when": t.when,
                         "hand_over": t.hand_over.value, "to": t.to,
                         "agreed_on": t.agreed_on.isoformat() if t.agreed_on else ""})
                  for t in record.tasks],
        "referrals": [_drop({"question": r.question, "place": r.place, "contact": r.contact})
                      for r in record.referrals],
        "helpers": {phase: list(keys) for phase, keys in record.helpers if keys},
        "backup": record.backup,
        "jim": _drop({"know": record.jim.know, "do": record.jim.do,
                      "support": record.jim.support}),
        "needs": [_drop({"key": n.key, "for": n.for_whom.value, "what": n.what,
                         "kind": n.kind.value if n.kind else ""}) for n in record.needs],
        "strengths": [_drop({"key": s.key, "whose": s.whose, "what": s.what})
                      for s in record.strengths],
        "pace": record.pace,
        "methods": list(record.methods),
        "chat": record.chat,
    }
    return _drop(data)


def from_data(data: dict[str, Any]) -> MethodRecord:
    """The record from plain data as ``to_data`` writes it (checked already: see
    ``services.method.check_data`` for data from people)."""
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    jim = data.get("jim", {})
    helpers = data.get("helpers", {})
    return MethodRecord(
        never=tuple(NeverInvolve(n["name"], n.get("person", ""), n.get("reason", ""),
                                 day(n.get("since"))) for n in data.get("never", [])),
        maps=tuple(NetworkMap(date.fromisoformat(m["on"]), m["source"], tuple(
            MapEntry(e.get("person", ""), e["name"], Ring(e.get("ring", Ring.CLOSE)),
                     tuple(Support(s) for s in e.get("support", [])), e.get("offers", ""),
                     bool(e.get("long_term")),
                     SafetyCircle(e["circle"]) if e.get("circle") else None)
            for e in m.get("people", [])))
            for m in data.get("maps", [])),
        evaluations=tuple(Evaluation(
            e["key"], date.fromisoformat(e["on"]), e.get("moment", ""), e.get("notes", ""),
            e.get("next_time", ""), tuple(Contribution(c.get("person", ""), c["name"],
                                                       c.get("text", ""))
                                          for c in e.get("network", [])),
            independence=e.get("independence"),
            tasks=tuple((t["task"], t.get("how", "")) for t in e.get("tasks", [])))
            for e in data.get("evaluations", [])),
        tasks=tuple(Task(t["key"], t["person"], t["what"], t.get("when", ""),
                         HandOver(t.get("hand_over", HandOver.NETWORK)), t.get("to", ""),
                         day(t.get("agreed_on")))
                    for t in data.get("tasks", [])),
        referrals=tuple(Referral(r["question"], r["place"], r.get("contact", ""))
                        for r in data.get("referrals", [])),
        helpers=tuple((phase, tuple(helpers[phase])) for phase in PHASES if phase in helpers),
        backup=data.get("backup", ""),
        jim=JimMandate(jim.get("know", ""), jim.get("do", ""), jim.get("support", "")),
        needs=tuple(Need(n["key"], ForWhom(n.get("for", ForWhom.FAMILY)), n.get("what", ""),
                         Support(n["kind"]) if n.get("kind") else None)
                    for n in data.get("needs", [])),
        strengths=tuple(Strength(s["key"], s.get("whose", ""), s.get("what", ""))
                        for s in data.get("strengths", [])),
        pace=data.get("pace", ""),
        methods=tuple(data.get("methods", [])),
        chat=data.get("chat", ""),
    )


def _drop(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, [], {}, "")}
