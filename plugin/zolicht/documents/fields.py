"""What each template variable holds: the family's record and contact plan, put into words.

Only what the record knows is printed; a content control is left exactly where the record
has nothing yet, so that a re-render after new work is the next version, not a blank.
Two kinds of people are left out of every document: whoever is on the "never involve"
list (the reason is never printed) and every network member the family refused to let
see a document about the subject (``left_out``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from zolicht import messages as M
from zolicht.documents.controls import Control, Controls, Plain
from zolicht.domain.consent import age_on, requirement
from zolicht.domain.contacts import ContactPlan, aftercare
from zolicht.domain.method import (
    PHASES,
    Evaluation,
    HandOver,
    MapEntry,
    NetworkMap,
    Task,
    change_between,
    plain_name,
)
from zolicht.domain.model import Circle, Family, Person

Cell = Control | Plain
"""A table cell or line: text from the record, or a control where it has nothing."""


def context(family: Family, subject: Person, on: date, version: str, status: str,
            kind: str, plan: ContactPlan) -> dict[str, Any]:
    out = left_out(family, subject)
    people = [p for p in family.people if p.key not in out]
    network = [p for p in people if p.circle is Circle.NETWORK]
    professionals = [p for p in people if p.circle is Circle.PROFESSIONAL]
    jim = next((p for p in network if p.role.upper() == "JIM"), None)
    age = age_on(subject.birth_date, on) if subject.birth_date else None
    backup = backup_text(family, out, professionals)
    hulp = {phase: helpers(family, phase, out) for phase in PHASES}
    chosen = [p for p in people if any(p.key in family.method.helpers_in(ph) for ph in PHASES)]
    return {
        "cc": Controls(),
        "voor": {"naam": subject.name,
                 "leeftijd": M.AGE_YEARS.format(age=age) if age is not None else ""},
        "gezin": family.name,
        "datum": f"{on.day}-{on.month}-{on.year}",
        "versie": version,
        "status": status,
        "hulp": hulp,
        "helpers": ", ".join(_with_role(p) for p in chosen) or M.NOT_CHOSEN,
        "contacten": [_contact(p) for p in network + professionals],
        "huisartsenpost": M.GP_POST,
        "ondertekenaars": [{"naam": p.name, "tag": _tag(p)}
                           for p in signers(family, subject, on, kind, out)],
        "netwerk": [_contact(p) | {"tag": _tag(p)} for p in network],
        "taken": task_rows(family, network, out),
        "jim_tekst": M.JIM_CHOSEN.format(name=jim.name) if jim else M.NO_JIM,
        "jim": _jim(family),
        "hulpverleners": [_contact(p) for p in professionals],
        "contactplan": contact_lines(family, plan, on, out),
        "nazorg": aftercare_lines(plan),
        "strippenkaart": strips(plan),
        "mensen": map_rows(family, out, people),
        "altijd_er": always_there(family, out),
        "achterwacht": backup or M.NOT_RECORDED,
        "achterwacht_veld": Plain(backup) if backup else Controls().line(
            "achterwacht", M.HINT_BACKUP),
        "overdracht": hand_over_rows(family, out),
        "verwijzingen": referral_rows(family),
        "evaluaties": evaluation_blocks(family, out),
        "geen_evaluatie": M.NO_EVALUATION,
        "netwerk_nu": map_rows(family, out, people, with_controls=False)
        if family.method.current_map else [{"naam": M.NO_MAP, "kring": "", "steun": "",
                                            "na_de_zorg": ""}],
        **method_context(family, out),
    }


def method_context(family: Family, out: frozenset[str]) -> dict[str, Any]:
    """Needs matched to helpers, strengths, pace, mapping methods, the chat group and the
    line of independence scores."""
    method, controls = family.method, Controls()
    return {
        "behoeften": need_rows(family, out),
        "krachten": strength_lines(family, out),
        "tempo": Plain(method.pace) if method.pace else controls.text("tempo", M.HINT_PACE),
        "methoden": Plain(", ".join(M.MAPPING_METHOD_WORDS[m] for m in method.methods))
        if method.methods else controls.line("methoden", M.HINT_METHODS),
        "appgroep": Plain(method.chat) if method.chat else controls.line(
            "appgroep", M.HINT_CHAT),
        "zelf_verloop": independence_line(family),
    }


# -- who is left out -----------------------------------------------------------------------------
def left_out(family: Family, subject: Person) -> frozenset[str]:
    """Keys of the people no document about ``subject`` may name: the never-involved, and
    network members with a refused grant on any document about the subject."""
    never = {p.key for p in family.people if family.never_involved(p.key)}
    about = {d.key for d in family.documents if d.subject == subject.key}
    refused = {g.member for g in family.grants if g.document in about and g.refused_by}
    return frozenset(never | refused)


def without(family: Family, out: frozenset[str]) -> Family:
    """The family as a document may show it: the people in ``out`` are not in it, nor in
    any network map (for what draws from the whole family, such as the map's picture)."""
    maps = tuple(replace(m, entries=tuple(e for e in m.entries
                                          if not _excluded(family, out, e.person, e.name)))
                 for m in family.method.maps)
    return replace(family, people=tuple(p for p in family.people if p.key not in out),
                   method=replace(family.method, maps=maps))


def _excluded(family: Family, out: frozenset[str], key: str, name: str) -> bool:
    """Whether a person named in the method record (possibly not in the record's people)
    is to be left out."""
    if key and key in out:
        return True
    if family.method.never_involved(key, name):
        return True
    wanted = plain_name(name)
    return any(plain_name(p.name) == wanted for p in family.people if p.key in out)


# -- signaleringsplan ----------------------------------------------------------------------------
def helpers(family: Family, phase: str, out: frozenset[str]) -> str:
    """The people the youth and family chose for ``phase``, with their phone numbers."""
    chosen = [family.person(key) for key in family.method.helpers_in(phase)]
    names = [_with_phone(p) for p in chosen if p is not None and p.key not in out]
    return ", ".join(names) or M.NOT_CHOSEN


def backup_text(family: Family, out: frozenset[str], professionals: list[Person]) -> str:
    """The achterwacht: the recorded person, else the professionals with a phone number."""
    chosen = family.person(family.method.backup) if family.method.backup else None
    if chosen is not None and chosen.key not in out:
        return _with_phone(chosen)
    return ", ".join(_with_phone(p) for p in professionals if p.phone)


# -- afspraken -------------------------------------------------------------------------------
def task_rows(family: Family, network: list[Person], out: frozenset[str]) -> list[dict[str, Any]]:
    """The record's tasks, then a row to fill in for each network member without one."""
    rows: list[dict[str, Any]] = []
    for task in listed_tasks(family, out):
        person = family.person(task.person)
        rows.append({"wie": _with_role(person) if person else task.person,
                     "wat": Plain(task.what), "wanneer": Plain(task.when or "-"),
                     "overdracht": hand_over_words(family, task, out)})
    busy = {t.person for t in family.method.tasks}
    controls = Controls()
    for p in network:
        if p.key not in busy:
            rows.append({"wie": _with_role(p),
                         "wat": controls.text(f"wat_{_tag(p)}", M.HINT_TASK_WHAT),
                         "wanneer": controls.text(f"wanneer_{_tag(p)}", M.HINT_TASK_WHEN),
                         "overdracht": ""})
    return rows


def listed_tasks(family: Family, out: frozenset[str]) -> list[Task]:
    """The tasks a document lists: those of people who are in the record and not left out."""
    return [t for t in family.method.tasks
            if family.person(t.person) is not None and t.person not in out]


def hand_over_words(family: Family, task: Task, out: frozenset[str]) -> str:
    to = family.person(task.to) if task.to else None
    if to is not None and to.key not in out and task.hand_over.value in M.HAND_OVER_TO:
        return M.HAND_OVER_TO[task.hand_over.value].format(name=to.name)
    return M.HAND_OVER_WORDS[task.hand_over.value]


def signers(family: Family, subject: Person, on: date, kind: str,
            out: frozenset[str]) -> list[Person]:
    """Who signs: those whose consent the subject's documents need; for the afspraken also
    every party with a listed task (the one who hands over and the one who takes over) and
    the JIM; and the professional. Nobody twice, nobody left out."""
    need = requirement(subject, family.people, on)
    keys = [p.key for p in family.people if p.key in need.consenters]
    if kind == "afspraken":
        for task in listed_tasks(family, out):
            keys += [task.person, task.to]
        keys += [p.key for p in family.people
                 if p.circle is Circle.NETWORK and p.role.upper() == "JIM"]
    keys += [p.key for p in family.people if p.circle is Circle.PROFESSIONAL][:1]
    found: list[Person] = []
    for key in keys:
        person = family.person(key) if key else None
        if person is not None and person.key not in out and person not in found:
            found.append(person)
    return found


def _jim(family: Family) -> dict[str, Cell]:
    mandate, controls = family.method.jim, Controls()
    return {field: Plain(value) if value else controls.text(f"jim_{field}", M.HINT_FILL_IN)
            for field, value in (("weten", mandate.know), ("doen", mandate.do),
                                 ("steun", mandate.support))}


def contact_lines(family: Family, plan: ContactPlan, on: date,
                  out: frozenset[str]) -> list[Cell]:
    """The contact plan in words: series still running, then single moments from ``on``
    that are not cancelled (aftercare is listed on its own)."""
    lines: list[Cell] = []
    for s in plan.series:
        if s.until < on:
            continue
        every = {1: M.EVERY_WEEK, 2: M.EVERY_OTHER_WEEK}.get(
            s.every_weeks, M.EVERY_WEEKS.format(n=s.every_weeks))
        text = M.SERIES_LINE.format(title=s.title, every=every,
                                    day=M.DAY_NAMES[s.first.weekday()],
                                    time=f"{s.first:%H:%M}", until=long_date(s.until))
        lines.append(Plain(text + _with(family, s.participants, out)))
    for m in sorted(plan.moments, key=lambda m: m.start):
        if m.cancelled or m.start.date() < on:
            continue
        text = M.MOMENT_LINE.format(title=m.title, date=long_date(m.start.date()),
                                    time=f"{m.start:%H:%M}")
        lines.append(Plain(text + _with(family, m.participants, out)))
    return lines or [Controls().text("contactmomenten", M.HINT_CONTACT_PLAN)]


def _with(family: Family, keys: Iterable[str], out: frozenset[str]) -> str:
    names = [p.name for p in (family.person(k) for k in keys) if p is not None
             and p.key not in out]
    return M.WITH_PEOPLE.format(names=", ".join(names)) if names else ""


def aftercare_lines(plan: ContactPlan) -> list[Cell]:
    moments = aftercare(plan)
    if not moments:
        return [Controls().text("nazorg", M.HINT_AFTERCARE)]
    return [Plain(M.AFTERCARE_LINE.format(date=long_date(m.start.date()),
                                          time=f"{m.start:%H:%M}")) for m in moments]


def strips(plan: ContactPlan) -> Cell:
    if plan.strips:
        return Plain(M.STRIPS_TEXT.format(strips=plan.strips, used=plan.strips_used,
                                          left=plan.strips_left))
    if plan.closing is not None:
        return Plain(M.NO_STRIPS)
    return Controls().text("strippenkaart", M.HINT_STRIPS)


def long_date(day: date | datetime) -> str:
    """"maandag 14 december 2026"."""
    return M.DATE_LONG.format(day=M.DAY_NAMES[day.weekday()], number=day.day,
                              month=M.MONTH_NAMES[day.month - 1], year=day.year)


# -- netwerkkaart ----------------------------------------------------------------------------
def map_rows(family: Family, out: frozenset[str], people: list[Person],
             with_controls: bool = True) -> list[dict[str, Any]]:
    """The current network map as rows; without a map, the people of the record (not yet
    placed in a ring)."""
    current = family.method.current_map
    controls = Controls()
    if current is None:
        return [{"naam": p.name, "rol": p.role, "kring": M.RING_UNKNOWN, "steun": "",
                 "biedt": controls.text(f"biedt_{_tag(p)}", M.HINT_OFFERS)
                 if with_controls else Plain(""),
                 "na_de_zorg": "", "tag": _tag(p)} for p in people]
    rows = []
    for entry in current.entries:
        if _excluded(family, out, entry.person, entry.name):
            continue
        person = family.person(entry.person) if entry.person else None
        tag = _tag(person) if person else entry_tag(entry)
        offers: Cell = Plain(entry.offers) if entry.offers or not with_controls \
            else controls.text(f"biedt_{tag}", M.HINT_OFFERS)
        rows.append({"naam": entry.name, "rol": person.role if person else "",
                     "kring": M.RING_WORDS[entry.ring.value],
                     "steun": ", ".join(M.SUPPORT_WORDS[s.value] for s in entry.support),
                     "biedt": offers,
                     "na_de_zorg": M.LONG_TERM_YES if entry.long_term else M.LONG_TERM_NO,
                     "tag": tag})
    return rows


def entry_tag(entry: MapEntry) -> str:
    """A control tag for a map entry without a person in the record: from the name."""
    return "naam_" + "_".join(plain_name(entry.name).replace("-", " ").split())[:58]


def always_there(family: Family, out: frozenset[str]) -> Cell:
    current = family.method.current_map
    names = [e.name for e in (current.entries if current else ())
             if e.long_term and not _excluded(family, out, e.person, e.name)]
    if names:
        return Plain(M.ALWAYS_THERE.format(names=", ".join(names)))
    return Controls().text("altijd_er", M.HINT_ALWAYS_THERE)


def need_rows(family: Family, out: frozenset[str]) -> list[dict[str, Any]]:
    """Each need with the people on the current map whose support is of the need's kind
    (never a left-out person); a row to fill in when no need is recorded."""
    current = family.method.current_map
    rows: list[dict[str, Any]] = []
    for need in family.method.needs:
        helpers = [e.name for e in (current.entries if current else ())
                   if need.kind is not None and need.kind in e.support
                   and not _excluded(family, out, e.person, e.name)]
        rows.append({"voor": M.FOR_WHOM_WORDS[need.for_whom.value], "wat": Plain(need.what),
                     "soort": M.SUPPORT_WORDS[need.kind.value] if need.kind else "-",
                     "wie": ", ".join(helpers) or M.NO_HELPER_YET})
    if rows:
        return rows
    return [{"voor": "", "wat": Controls().text("behoefte", M.HINT_NEED), "soort": "",
             "wie": ""}]


def strength_lines(family: Family, out: frozenset[str]) -> list[Cell]:
    """The strengths as lines ("Sanne: …", "Samen: …"); never a left-out person's."""
    lines: list[Cell] = []
    for strength in family.method.strengths:
        person = family.person(strength.whose) if strength.whose else None
        if strength.whose and (person is None or person.key in out):
            continue
        lines.append(Plain(M.STRENGTH_LINE.format(
            whose=person.name if person else M.TOGETHER, what=strength.what)))
    return lines or [Controls().text("krachten", M.HINT_STRENGTHS)]


# -- overdrachtsplan -------------------------------------------------------------------------
def hand_over_rows(family: Family, out: frozenset[str]) -> list[dict[str, Any]]:
    """Tasks that are handed over, can be, or cannot be; three rows to fill in if none."""
    rows: list[dict[str, Any]] = []
    for task in listed_tasks(family, out):
        if task.hand_over is HandOver.NETWORK:
            continue
        person, to = family.person(task.person), family.person(task.to) if task.to else None
        rows.append({"taak": Plain(task.what), "van": person.name if person else "",
                     "naar": to.name if to is not None and to.key not in out else "-",
                     "stand": M.HAND_OVER_WORDS[task.hand_over.value]})
    if rows:
        return rows
    controls = Controls()
    return [{"taak": controls.text(f"stap_{n}", M.HINT_HAND_OVER.format(n=n)), "van": "",
             "naar": "", "stand": ""} for n in range(1, 4)]


def referral_rows(family: Family) -> list[dict[str, Cell]]:
    """Where to go with which question; the usual places to complete if none recorded."""
    if family.method.referrals:
        return [{"vraag": Plain(r.question), "waar": Plain(r.place),
                 "contact": Plain(r.contact or "-")} for r in family.method.referrals]
    controls = Controls()
    rows: list[dict[str, Cell]] = []
    for n, (question, place, contact) in enumerate(M.DEFAULT_REFERRALS, start=1):
        rows.append({"vraag": Plain(question), "waar": Plain(place),
                     "contact": Plain(contact) if contact else controls.line(
                         f"verwijzing_{n}", M.HINT_NAME_NUMBER)})
    rows.append({"vraag": controls.text("verwijzing_vraag", M.HINT_QUESTION),
                 "waar": controls.line("verwijzing_waar", M.HINT_PLACE),
                 "contact": controls.line("verwijzing_contact", M.HINT_NAME_NUMBER)})
    return rows


# -- evaluatieverslag ------------------------------------------------------------------------
def evaluation_blocks(family: Family, out: frozenset[str]) -> list[dict[str, Any]]:
    """Every evaluation, newest first, each compared with the one before it: so recording
    a new evaluation adds exactly one block at the top and changes nothing else."""
    ordered = sorted(family.method.evaluations, key=lambda e: (e.held_on, e.key))
    blocks = []
    for n, evaluation in enumerate(ordered):
        before = ordered[n - 1] if n else None
        blocks.append(_block(family, out, evaluation, before))
    return blocks[::-1]


def _block(family: Family, out: frozenset[str], evaluation: Evaluation,
           before: Evaluation | None) -> dict[str, Any]:
    mentioned = _mentioned(family, out, evaluation)
    rows = [{"naam": name, "tekst": text} for name, text in mentioned]
    return {
        "zelf": M.INDEPENDENCE_SCORE.format(score=evaluation.independence)
        if evaluation.independence is not None else M.NOT_ASKED,
        "afspraken": agreement_rows(family, out, evaluation),
        "titel": M.EVALUATION_TITLE.format(date=long_date(evaluation.held_on)),
        "besproken": evaluation.notes or M.NOTHING_NOTED,
        "volgende_keer": evaluation.next_time or M.NOTHING_NOTED,
        "inzet": rows or [{"naam": "-", "tekst": M.NO_CONTRIBUTIONS}],
        "vergeleken": _compared(family, out, evaluation, before),
        "netwerk_veranderd": _map_change(family, out, evaluation, before),
    }


def agreement_rows(family: Family, out: frozenset[str],
                   evaluation: Evaluation) -> list[dict[str, str]]:
    """Each task with what the evaluation recorded about it, else "niet besproken"; then
    what was recorded about tasks no longer in the record."""
    said = dict(evaluation.tasks)
    tasks = listed_tasks(family, out)
    rows = [{"taak": t.what, "hoe": said.get(t.key) or M.NOT_DISCUSSED} for t in tasks]
    known = {t.key for t in family.method.tasks}
    rows += [{"taak": key, "hoe": how or M.NOT_DISCUSSED} for key, how in evaluation.tasks
             if key not in known]
    return rows or [{"taak": "-", "hoe": M.NO_TASKS}]


def independence_line(family: Family) -> str:
    """The independence scores over time, oldest first: "3 → 5 → 6"."""
    ordered = sorted(family.method.evaluations, key=lambda e: (e.held_on, e.key))
    scores = [str(e.independence) for e in ordered if e.independence is not None]
    return " → ".join(scores) if scores else M.NO_SCORES


def _mentioned(family: Family, out: frozenset[str],
               evaluation: Evaluation) -> list[tuple[str, str]]:
    return [(c.name, c.text) for c in evaluation.network
            if not _excluded(family, out, c.person, c.name)]


def _compared(family: Family, out: frozenset[str], evaluation: Evaluation,
              before: Evaluation | None) -> str:
    if before is None:
        return M.FIRST_EVALUATION
    now = [name for name, _ in _mentioned(family, out, evaluation)]
    then = [name for name, _ in _mentioned(family, out, before)]
    new = [n for n in now if plain_name(n) not in {plain_name(t) for t in then}]
    gone = [t for t in then if plain_name(t) not in {plain_name(n) for n in now}]
    parts = ([M.NEWLY_MENTIONED.format(names=", ".join(new))] if new else []) + \
        ([M.NO_LONGER_MENTIONED.format(names=", ".join(gone))] if gone else [])
    return M.COMPARED_WITH.format(date=long_date(before.held_on)) + \
        (" ".join(parts) if parts else M.SAME_PEOPLE)


def map_on(family: Family, day: date) -> NetworkMap | None:
    """The network map as it stood on ``day``: the newest one made on or before it."""
    return max((m for m in reversed(family.method.maps) if m.made_on <= day),
               key=lambda m: m.made_on, default=None)


def _map_change(family: Family, out: frozenset[str], evaluation: Evaluation,
                before: Evaluation | None) -> str:
    now = map_on(family, evaluation.held_on)
    if now is None:
        return M.NO_MAP
    then = map_on(family, before.held_on) if before else None
    if then is None:
        return M.MAP_FIRST
    change = change_between(then, now)

    def shown(names: tuple[str, ...]) -> str:
        return ", ".join(n for n in names if not _excluded(family, out, "", n))

    parts = [template.format(names=shown(names)) for template, names in (
        (M.MAP_JOINED, change.joined), (M.MAP_LEFT, change.left),
        (M.MAP_CHANGES, change.changed)) if shown(names)]
    return M.MAP_CHANGED + (" ".join(parts) if parts else M.MAP_SAME)


# -- people in words -------------------------------------------------------------------------
def _contact(person: Person) -> dict[str, str]:
    return {"naam": person.name, "rol": person.role, "telefoon": person.phone or "-"}


def _with_phone(person: Person) -> str:
    return M.PERSON_WITH_PHONE.format(name=person.name, phone=person.phone) if person.phone \
        else person.name


def _with_role(person: Person) -> str:
    return M.PERSON_WITH_ROLE.format(name=person.name, role=person.role)


def _tag(person: Person) -> str:
    return person.key.replace("-", "_")
