"""Commands on the method's record: the never-involve list, network maps, evaluations,
tasks, the signaleringsplan's helpers and achterwacht, the JIM's mandate and referrals.

Every change loads the record, changes it as a pure value and saves it whole in one
transaction with its audit event. Audit reasons name keys and dates, never what people
wrote: a never-involve reason or an evaluation note is for the record only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from zolicht import messages as M
from zolicht.context import Context
from zolicht.domain.errors import Conflict, InvalidInput, NotFound
from zolicht.domain.method import (
    MAPPING_METHODS,
    PHASES,
    Contribution,
    Evaluation,
    ForWhom,
    HandOver,
    JimMandate,
    MapEntry,
    MethodRecord,
    Need,
    NetworkMap,
    NeverInvolve,
    Referral,
    Ring,
    SafetyCircle,
    Strength,
    Support,
    Task,
    from_data,
    plain_name,
)
from zolicht.domain.model import Circle, Family, Person
from zolicht.services import validation as check
from zolicht.services.family import load_family, person_or_fail
from zolicht.services.fields import Fields
from zolicht.store.transaction import Transaction

TEXT_LIMIT = 2000
"""A note, a task or a mandate: a few sentences, not a report."""


def load(ctx: Context, slug: str) -> MethodRecord:
    with ctx.store.reading() as tx:
        return tx.families.load(slug).method


def _change(ctx: Context, slug: str, action: str,
            edit: Callable[[Family, Transaction], MethodRecord], **audit: str | None) -> Family:
    """Apply ``edit`` to the family's record in one transaction; the family after it."""
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        record = edit(family, tx)
        tx.families.save_method(slug, record)
        ctx.record(tx, action, slug, **audit)
        return replace(family, method=record)


# -- never involve ---------------------------------------------------------------------------
def never_add(ctx: Context, slug: str, name: str, reason: str = "",
              person: str | None = None) -> NeverInvolve:
    """Put someone on the never-involve list. A person in the record loses every grant as
    member and every contact moment, so nothing of theirs comes back when the family later
    changes its mind; a parent with authority, the youth themselves and professionals
    cannot be put on it (their say is the law's, not the family's choice)."""
    reason = check.note("reason", reason) if reason else ""
    entry = NeverInvolve(check.name("name", name), reason=reason, since=ctx.today())

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        nonlocal entry
        who = person_or_fail(family, person, "person") if person else _named(family, name)
        if who is not None:
            _check_may_be_excluded(family, who)
            entry = replace(entry, name=who.name, person=who.key)
            _take_everything_from(ctx, tx, family, who)
        if family.method.never_involved(entry.person, entry.name):
            raise Conflict("name", M.NEVER_ALREADY.format(name=entry.name))
        return replace(family.method, never=family.method.never + (entry,))

    _change(ctx, slug, "method.never", edit, member=person)
    return entry


def never_remove(ctx: Context, slug: str, name: str) -> NeverInvolve:
    """Take someone off the never-involve list; nothing they had comes back by itself."""
    removed: list[NeverInvolve] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        wanted = plain_name(name)
        keep = tuple(n for n in family.method.never
                     if plain_name(n.name) != wanted and n.person != name)
        if len(keep) == len(family.method.never):
            raise NotFound("name", M.NEVER_NOT_LISTED.format(name=check.shown(name)))
        removed.extend(n for n in family.method.never if n not in keep)
        return replace(family.method, never=keep)

    _change(ctx, slug, "method.never_removed", edit)
    return removed[0]


def _named(family: Family, name: str) -> Person | None:
    wanted = plain_name(name)
    return next((p for p in family.people if plain_name(p.name) == wanted), None)


def _check_may_be_excluded(family: Family, person: Person) -> None:
    if person.circle is Circle.PROFESSIONAL:
        raise InvalidInput("person", M.NEVER_PROFESSIONAL.format(name=person.name))
    if person.has_authority:
        raise InvalidInput("person", M.NEVER_AUTHORITY.format(name=person.name))
    if any(d.subject == person.key for d in family.documents):
        raise InvalidInput("person", M.NEVER_SUBJECT.format(name=person.name))


def _take_everything_from(ctx: Context, tx: Transaction, family: Family,
                          person: Person) -> None:
    """Remove the person's grants as member and their place in contact moments."""
    for grant in family.grants:
        if grant.member == person.key:
            ctx.record(tx, "grant.remove", family.slug, document=grant.document,
                       member=person.key, reason="never involve")
    tx.families.remove_grants_of(family.slug, person.key)
    contacts = tx.contacts(family.slug)
    plan = contacts.load()
    for series in plan.series:
        if person.key in series.participants:
            contacts.save_series(replace(series, participants=_without(series.participants,
                                                                       person.key)))
    for moment in plan.moments:
        if person.key in moment.participants:
            contacts.save_moment(replace(moment, participants=_without(moment.participants,
                                                                       person.key)))


def _without(keys: tuple[str, ...], key: str) -> tuple[str, ...]:
    return tuple(k for k in keys if k != key)


# -- the network map -------------------------------------------------------------------------
def record_map(ctx: Context, slug: str, entries: Sequence[MapEntry], source: str,
               on: date | None = None) -> NetworkMap:
    """Add a snapshot of the network. People not mentioned keep their place from the
    previous map (a map says who is there now, a form names only some); never-involved
    people are left out."""
    made: list[NetworkMap] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        snapshot = merged_map(family, entries, source, on or ctx.today())
        made.append(snapshot)
        return replace(family.method, maps=family.method.maps + (snapshot,))

    _change(ctx, slug, "method.map", edit, reason=f"{source} {on or ctx.today()}")
    return made[0]


def merged_map(family: Family, entries: Sequence[MapEntry], source: str,
               on: date) -> NetworkMap:
    """The new snapshot: ``entries`` over the previous map, never-involved people left out."""
    previous = family.method.current_map
    by_name = {plain_name(e.name): e for e in (previous.entries if previous else ())}
    for entry in entries:
        known = _named(family, entry.name)
        by_name[plain_name(entry.name)] = replace(
            entry, person=entry.person or (known.key if known else ""))
    kept = tuple(e for e in by_name.values()
                 if not family.method.never_involved(e.person, e.name))
    return NetworkMap(on, source, kept)


NO_CIRCLE = "none"
"""``--circle none``: take the person out of the youth's safety circles."""


def map_entry(family: Family, key: str, ring: str = Ring.CLOSE.value,
              support: Sequence[str] = (), offers: str = "",
              long_term: bool = False, circle: str | None = None) -> MapEntry:
    """A checked map entry for person ``key`` of the family. ``circle`` is the youth's
    safety circle (``SafetyCircle`` or ``none``); left out (``None``), the person keeps
    the circle the current map gives them: it is the youth's word, and a professional
    who re-maps the ring does not wipe it by accident."""
    person = person_or_fail(family, key)
    if circle is None:
        current = family.method.current_map
        old = current.entry(person.name) if current else None
        chosen = old.circle if old else None
    elif circle == NO_CIRCLE:
        chosen = None
    else:
        chosen = check.choice("circle", circle, SafetyCircle)
    return MapEntry(person.key, person.name, check.choice("ring", ring, Ring),
                    tuple(check.choice("support", s, Support) for s in support),
                    check.text("offers", offers, TEXT_LIMIT) if offers else "", long_term,
                    chosen)


# -- evaluations -----------------------------------------------------------------------------
def evaluate(ctx: Context, slug: str, key: str, held_on: date, notes: str = "",
             next_time: str = "", moment: str = "",
             network: Sequence[tuple[str, str]] = (), independence: int | None = None,
             tasks: Sequence[tuple[str, str]] = ()) -> Evaluation:
    """Record an evaluation; ``network`` holds (person key, what they did) pairs: the
    section "inzet van het netwerk"; ``independence`` (1-10) how well family and network
    manage on their own; ``tasks`` (task key, how it went) pairs."""
    key = check.key("key", key)
    independence = check_independence("zelf", independence)
    notes_on_tasks = tuple((k, check.note("task", how)) for k, how in tasks)
    notes = check.note("notes", notes) if notes else ""
    next_time = check.note("next", next_time) if next_time else ""
    made: list[Evaluation] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        if any(e.key == key for e in family.method.evaluations):
            raise Conflict("key", M.EVALUATION_EXISTS.format(value=key))
        if moment:
            _check_moment(tx, slug, moment)
        parts = tuple(_contribution(family, who, text) for who, text in network)
        known = {t.key for t in family.method.tasks}
        for task_key, _ in notes_on_tasks:
            if task_key not in known:
                raise NotFound("task", M.UNKNOWN_TASK.format(value=check.shown(task_key)))
        made.append(Evaluation(key, held_on, moment, notes, next_time, parts,
                               independence, notes_on_tasks))
        return replace(family.method, evaluations=family.method.evaluations + (made[-1],))

    _change(ctx, slug, "method.evaluation", edit, reason=f"{key} {held_on}")
    return made[0]


def check_independence(field: str, value: object) -> int | None:
    """A score from 1 to 10, or none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise InvalidInput(field, M.INDEPENDENCE_RULE.format(value=check.shown(str(value))))
    return value


def _check_moment(tx: Transaction, slug: str, moment: str) -> None:
    plan = tx.contacts(slug).load()
    keys = {s.key for s in plan.series} | {m.key for m in plan.moments}
    if moment not in keys:
        raise NotFound("moment", M.UNKNOWN_MOMENT.format(value=check.shown(moment)))


def _contribution(family: Family, key: str, text: str) -> Contribution:
    person = _involvable(family, key, "network")
    return Contribution(person.key, person.name, check.note("network", text))


def _involvable(family: Family, key: str, field: str) -> Person:
    person = person_or_fail(family, key, field)
    if family.never_involved(key):
        raise InvalidInput(field, M.PERSON_NEVER_INVOLVED.format(name=person.name))
    return person


# -- tasks, helpers, achterwacht, JIM, referrals ---------------------------------------------
def set_task(ctx: Context, slug: str, key: str, person: str, what: str, when: str = "",
             hand_over: str = HandOver.NETWORK.value, to: str = "") -> Task:
    """Add or replace task ``key``: who does what, when, and whether it can be handed over."""
    task = Task(check.key("key", key), person, check.text("what", what, TEXT_LIMIT),
                check.text("when", when, TEXT_LIMIT) if when else "",
                check.choice("hand-over", hand_over, HandOver), to)

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        _involvable(family, task.person, "person")
        if task.to:
            _involvable(family, task.to, "to")
        if task.hand_over in (HandOver.POSSIBLE, HandOver.DONE) and not task.to:
            raise InvalidInput("to", M.HAND_OVER_NEEDS_TO)
        others = tuple(t for t in family.method.tasks if t.key != task.key)
        old = next((t for t in family.method.tasks if t.key == task.key), None)
        kept = task
        if old is not None and (old.person, old.what, old.when) == (task.person, task.what,
                                                                    task.when):
            kept = replace(task, agreed_on=old.agreed_on)  # the same agreement still holds
        return replace(family.method, tasks=others + (kept,))

    _change(ctx, slug, "method.task", edit, member=person, reason=task.key)
    return task


def ready_to_hand_over(family: Family) -> tuple[Task, ...]:
    """The tasks that can pass to the network now: marked possible, to someone who may be
    involved. Scaling down proposes them next to a thinner rhythm (the network's part
    grows as the professional's shrinks)."""
    return tuple(t for t in family.method.tasks if t.hand_over is HandOver.POSSIBLE
                 and t.to and family.person(t.to) is not None
                 and not family.never_involved(t.to))


def hand_over(ctx: Context, slug: str) -> tuple[Task, ...]:
    """Hand every task of ``ready_to_hand_over`` over: the person it goes to now does it.
    With none ready, nothing is written."""
    if not ready_to_hand_over(load_family(ctx, slug)):
        return ()
    done: list[Task] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        ready = {t.key for t in ready_to_hand_over(family)}
        tasks = tuple(replace(t, person=t.to, hand_over=HandOver.DONE, agreed_on=None)
                      if t.key in ready
                      else t for t in family.method.tasks)
        done.extend(t for t in tasks if t.key in ready)
        return replace(family.method, tasks=tasks)

    _change(ctx, slug, "method.hand_over", edit)
    return tuple(done)


def agree_task(ctx: Context, slug: str, key: str, person: str) -> Task:
    """Record that ``person`` said "akkoord" to task ``key``, which they do, today. Said
    before: nothing changes and nothing is written. A task that is not theirs (or not
    there) is the one NotFound, so a page cannot learn another's tasks by trying keys."""
    def theirs(t: Task) -> bool:
        return t.key == key and (t.person == person or (t.hand_over is HandOver.DONE
                                                        and t.to == person))

    family = load_family(ctx, slug)
    task = next((t for t in family.method.tasks if theirs(t)), None)
    if task is None:
        raise NotFound("key", M.UNKNOWN_TASK.format(value=check.shown(key)))
    if task.agreed_on is not None:
        return task
    agreed: list[Task] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        tasks = []
        for t in family.method.tasks:
            if theirs(t) and t.agreed_on is None:
                t = replace(t, agreed_on=ctx.today())
                agreed.append(t)
            tasks.append(t)
        if not agreed:
            raise NotFound("key", M.UNKNOWN_TASK.format(value=check.shown(key)))
        return replace(family.method, tasks=tuple(tasks))

    _change(ctx, slug, "method.task_agreed", edit, member=person, reason=key)
    return agreed[0]


def remove_task(ctx: Context, slug: str, key: str) -> None:
    _remove(ctx, slug, "tasks", key, M.UNKNOWN_TASK, "method.task_removed")


def _remove(ctx: Context, slug: str, part: str, key: str, unknown: str, action: str) -> None:
    """Remove the entry ``key`` from the record's list ``part`` (tasks, needs, strengths);
    an unknown key is refused with ``unknown`` and changes nothing."""
    def edit(family: Family, tx: Transaction) -> MethodRecord:
        entries = getattr(family.method, part)
        keep = tuple(e for e in entries if e.key != key)
        if len(keep) == len(entries):
            raise NotFound("key", unknown.format(value=check.shown(key)))
        changes: dict[str, Any] = {part: keep}
        return replace(family.method, **changes)

    _change(ctx, slug, action, edit, reason=key)


def set_helpers(ctx: Context, slug: str, phase: str, people: Sequence[str]) -> tuple[str, ...]:
    """Who helps in ``phase`` of the signaleringsplan, as the youth and family chose."""
    if phase not in PHASES:
        raise InvalidInput("phase", M.CHOICE_RULE.format(choices=", ".join(PHASES),
                                                         value=check.shown(phase)))
    chosen: list[str] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        chosen.extend(dict.fromkeys(_involvable(family, k, "who").key for k in people))
        helpers = dict(family.method.helpers) | {phase: tuple(chosen)}
        return replace(family.method, helpers=tuple((p, helpers[p]) for p in PHASES
                                                     if helpers.get(p)))

    _change(ctx, slug, "method.helpers", edit, reason=f"{phase}: {len(people)}")
    return tuple(chosen)


def set_backup(ctx: Context, slug: str, person: str) -> None:
    """The achterwacht: whom to call when the professional is not there."""
    def edit(family: Family, tx: Transaction) -> MethodRecord:
        who = _involvable(family, person, "person")
        if not who.phone:
            raise InvalidInput("person", M.BACKUP_NEEDS_PHONE.format(name=who.name))
        return replace(family.method, backup=who.key)

    _change(ctx, slug, "method.backup", edit, member=person)


def set_jim(ctx: Context, slug: str, know: str | None = None, do: str | None = None,
            support: str | None = None) -> JimMandate:
    """The JIM's mandate: what the JIM may know, do or say, and who supports the JIM."""
    def text(field: str, value: str | None, old: str) -> str:
        return old if value is None else check.note(field, value) if value else ""

    made: list[JimMandate] = []

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        old = family.method.jim
        made.append(JimMandate(text("know", know, old.know), text("do", do, old.do),
                               text("support", support, old.support)))
        return replace(family.method, jim=made[0])

    _change(ctx, slug, "method.jim", edit)
    return made[0]


def add_referral(ctx: Context, slug: str, question: str, place: str,
                 contact: str = "") -> Referral:
    """After care: with ``question``, go to ``place``."""
    referral = Referral(check.text("question", question, TEXT_LIMIT),
                        check.text("place", place, TEXT_LIMIT),
                        check.text("contact", contact, TEXT_LIMIT) if contact else "")

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        return replace(family.method, referrals=family.method.referrals + (referral,))

    _change(ctx, slug, "method.referral", edit)
    return referral


# -- needs, strengths, pace, mapping methods, chat group --------------------------------------
def set_need(ctx: Context, slug: str, key: str, for_whom: str, what: str,
             kind: str = "") -> Need:
    """Add or replace need ``key``: what the youth, a parent or the family needs, and the
    kind of support that meets it (to match people on the map)."""
    need = Need(check.key("key", key), check.choice("for", for_whom, ForWhom),
                check.text("what", what, TEXT_LIMIT),
                check.choice("kind", kind, Support) if kind else None)

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        others = tuple(n for n in family.method.needs if n.key != need.key)
        return replace(family.method, needs=others + (need,))

    _change(ctx, slug, "method.need", edit, reason=need.key)
    return need


def remove_need(ctx: Context, slug: str, key: str) -> None:
    _remove(ctx, slug, "needs", key, M.UNKNOWN_NEED, "method.need_removed")


def set_strength(ctx: Context, slug: str, key: str, what: str, whose: str = "") -> Strength:
    """Add or replace strength ``key``: what someone (``whose``, a person key) or the
    family together is good at, or what helps them."""
    strength = Strength(check.key("key", key), whose, check.text("what", what, TEXT_LIMIT))

    def edit(family: Family, tx: Transaction) -> MethodRecord:
        if strength.whose:
            _involvable(family, strength.whose, "whose")
        others = tuple(s for s in family.method.strengths if s.key != strength.key)
        return replace(family.method, strengths=others + (strength,))

    _change(ctx, slug, "method.strength", edit, member=whose or None, reason=strength.key)
    return strength


def remove_strength(ctx: Context, slug: str, key: str) -> None:
    _remove(ctx, slug, "strengths", key, M.UNKNOWN_STRENGTH, "method.strength_removed")


def set_pace(ctx: Context, slug: str, pace: str) -> str:
    """How fast this family wants to go ("" clears it)."""
    pace = check.note("pace", pace) if pace else ""
    _change(ctx, slug, "method.pace",
            lambda family, tx: replace(family.method, pace=pace))
    return pace


def check_methods(field: str, methods: Sequence[str]) -> tuple[str, ...]:
    """Known ways of mapping the network, each once, in the order given."""
    for name in methods:
        if name not in MAPPING_METHODS:
            raise InvalidInput(field, M.UNKNOWN_MAPPING_METHOD.format(
                value=check.shown(name), choices=", ".join(MAPPING_METHODS)))
    return tuple(dict.fromkeys(methods))


def set_methods(ctx: Context, slug: str, methods: Sequence[str]) -> tuple[str, ...]:
    """The ways of mapping the network chosen with this family."""
    chosen = check_methods("methods", methods)
    _change(ctx, slug, "method.methods",
            lambda family, tx: replace(family.method, methods=chosen),
            reason=",".join(chosen))
    return chosen


def set_chat(ctx: Context, slug: str, chat: str) -> str:
    """The family's chat group with the network: name, and who runs it ("" clears it)."""
    chat = check.text("chat", chat, TEXT_LIMIT) if chat else ""
    _change(ctx, slug, "method.chat",
            lambda family, tx: replace(family.method, chat=chat))
    return chat


# -- the family's YAML -----------------------------------------------------------------------
METHOD_FIELDS = ("never", "maps", "evaluations", "tasks", "referrals", "helpers", "backup",
                 "jim",
                 "needs", "strengths", "pace", "methods", "chat")


def check_data(data: object, family: Family) -> MethodRecord:
    """The ``method:`` section of a family's YAML, checked field by field (errors name the
    path, e.g. ``method.tasks[0].person``), then read as ``domain.method.from_data``."""
    top = Fields(data, "method", METHOD_FIELDS)
    for path, item in top.items("never"):
        f = Fields(item, path, ("name", "person", "reason", "since"))
        check.name(f.at("name"), f.text("name"))
        _optional_person(f, "person", family)
        _optional_note(f, "reason")
        f.date("since")
    for path, item in top.items("maps"):
        _check_map(Fields(item, path, ("on", "source", "people")), family)
    for path, item in top.items("evaluations"):
        f = Fields(item, path, ("key", "on", "moment", "notes", "next_time", "network",
                                "independence", "tasks"))
        check.key(f.at("key"), f.text("key"))
        check.parse_date(f.at("on"), f.required("on"))
        for field in ("moment", "notes", "next_time"):
            _optional_note(f, field)
        for part_path, part in f.items("network"):
            p = Fields(part, part_path, ("person", "name", "text"))
            check.name(p.at("name"), p.text("name"))
            _optional_note(p, "text")
        _check_evaluation_extras(f)
    for path, item in top.items("tasks"):
        f = Fields(item, path, ("key", "person", "what", "when", "hand_over", "to",
                                "agreed_on"))
        check.key(f.at("key"), f.text("key"))
        _optional_person(f, "person", family, required=True)
        _optional_person(f, "to", family)
        check.text(f.at("what"), f.text("what"), TEXT_LIMIT)
        _optional_note(f, "when")
        f.choice("hand_over", HandOver, HandOver.NETWORK)
        f.date("agreed_on")
    for path, item in top.items("referrals"):
        f = Fields(item, path, ("question", "place", "contact"))
        check.text(f.at("question"), f.text("question"), TEXT_LIMIT)
        check.text(f.at("place"), f.text("place"), TEXT_LIMIT)
        _optional_note(f, "contact")
    helpers = Fields(top.get("helpers") or {}, top.at("helpers"), PHASES)
    for phase in PHASES:
        for field, key in helpers.texts(phase):
            person_or_fail(family, key, field)
    _optional_person(top, "backup", family)
    jim = Fields(top.get("jim") or {}, top.at("jim"), ("know", "do", "support"))
    for field in ("know", "do", "support"):
        _optional_note(jim, field)
    _check_needs_and_more(top, family)
    return from_data(top.data)


def _check_evaluation_extras(f: Fields) -> None:
    check_independence(f.at("independence"), f.get("independence"))
    for path, item in f.items("tasks"):
        t = Fields(item, path, ("task", "how"))
        check.key(t.at("task"), t.text("task"))
        _optional_note(t, "how")


def _check_needs_and_more(top: Fields, family: Family) -> None:
    for path, item in top.items("needs"):
        f = Fields(item, path, ("key", "for", "what", "kind"))
        check.key(f.at("key"), f.text("key"))
        f.choice("for", ForWhom, ForWhom.FAMILY)
        check.text(f.at("what"), f.text("what"), TEXT_LIMIT)
        if f.optional_text("kind"):
            f.choice("kind", Support)
    for path, item in top.items("strengths"):
        f = Fields(item, path, ("key", "whose", "what"))
        check.key(f.at("key"), f.text("key"))
        _optional_person(f, "whose", family)
        check.text(f.at("what"), f.text("what"), TEXT_LIMIT)
    _optional_note(top, "pace")
    check_methods(top.at("methods"), [value for _, value in top.texts("methods")])
    _optional_note(top, "chat")


def _check_map(f: Fields, family: Family) -> None:
    check.parse_date(f.at("on"), f.required("on"))
    check.key(f.at("source"), f.text("source"))
    for path, item in f.items("people"):
        e = Fields(item, path, ("person", "name", "ring", "support", "offers", "long_term",
                                "circle"))
        check.name(e.at("name"), e.text("name"))
        _optional_person(e, "person", family)
        e.choice("ring", Ring, Ring.CLOSE)
        for field, value in e.texts("support"):
            check.choice(field, value, Support)
        _optional_note(e, "offers")
        e.boolean("long_term")
        e.choice("circle", SafetyCircle, SafetyCircle.KNOWS_ALL)  # optional: checked if given


def _optional_person(f: Fields, name: str, family: Family, required: bool = False) -> None:
    key: Any = f.text(name) if required else f.optional_text(name)
    if key:
        person_or_fail(family, key, f.at(name))


def _optional_note(f: Fields, name: str) -> None:
    value = f.optional_text(name)
    if value:
        check.note(f.at(name), value)
