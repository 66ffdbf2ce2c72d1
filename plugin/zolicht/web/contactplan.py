"""The professional's contact plan: what the page ``/hulpverlener/{slug}/contactplan`` and the
API show, and the actions both take. Every change goes through the services' own commands
(``services.contacts``, ``services.method``: the same checks, one transaction, nothing
changed on bad input); the web adds what only a person planning ahead needs (no new moment
in the past, participants only from the family's people who may be involved).

Who sees what here: the professional only. Titles and locations are the ones everyone in
the calendar sees anyway; evaluation notes are the professional's record.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from zolicht import messages as M
from zolicht.clock import local
from zolicht.domain.contacts import ContactPlan, Moment, Series, Thinning, aftercare
from zolicht.domain.errors import InvalidInput
from zolicht.domain.method import Evaluation
from zolicht.domain.model import Circle, Family
from zolicht.services import contacts, method
from zolicht.services import validation as check
from zolicht.services.family import load_family
from zolicht.web.site import Site
from zolicht.wording import day, moment, name_of, names_of

SHOWN_OCCURRENCES = 6
"""How many coming occurrences of a series the page lists (and offers to move or cancel)."""
PLANNED_KINDS = ("contact", "evaluation", "network_meeting")
"""The kinds of single moment a professional plans (aftercare comes from the closing date)."""
LOCAL_INPUT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::00(?:\.0+)?)?")


@dataclass(frozen=True)
class Choice:
    key: str
    name: str


@dataclass(frozen=True)
class OccurrenceRow:
    day: str
    """The day the series' rule gives it (YYYY-MM-DD): what a move or cancel names."""
    when: str
    """Its start as it stands now, in words: ``di 01-12-2026 16:00``."""
    moved_from: str = ""
    """The rule's start when it was moved, else ""."""
    cancelled: bool = False


@dataclass(frozen=True)
class SeriesRow:
    key: str
    title: str
    rhythm: str
    participants: str
    location: str
    coming: tuple[OccurrenceRow, ...]


@dataclass(frozen=True)
class MomentRow:
    key: str
    title: str
    when: str
    start: str
    """The start as a ``datetime-local`` field takes it (YYYY-MM-DDTHH:MM)."""
    minutes: int
    kind: str
    participants: str
    location: str
    cancelled: bool
    past: bool


@dataclass(frozen=True)
class EvaluationRow:
    key: str
    day: str
    moment: str
    notes: str
    next_time: str
    network: tuple[str, ...]
    independence: int | None


@dataclass(frozen=True)
class ContactPage:
    family: str
    family_name: str
    series: tuple[SeriesRow, ...]
    moments: tuple[MomentRow, ...]
    closing: str
    """The last day of care (DD-MM-YYYY), or ""."""
    closing_iso: str
    taper: str
    aftercare: tuple[str, ...]
    strips: int
    strips_used: int
    strips_left: int
    proposal: tuple[str, ...]
    """The thinner rhythm that afbouwen would bring (``scale_down_proposal``)."""
    hand_over: tuple[str, ...]
    """The tasks afbouwen would hand to the network."""
    pace: str
    people: tuple[Choice, ...]
    """Whom a moment may have as participant: never-involved people are left out."""
    network: tuple[Choice, ...]
    """Whose part an evaluation may record (the network, never-involved left out)."""
    planned: tuple[Choice, ...]
    """The series and single moments an evaluation can belong to."""
    evaluations: tuple[EvaluationRow, ...]


def every(weeks: int) -> str:
    return M.EVERY_OTHER_WEEK if weeks == 2 else M.EVERY_WEEKS.format(n=weeks)


def coming(series: Series, today: date, count: int = SHOWN_OCCURRENCES) -> list[OccurrenceRow]:
    """The next ``count`` occurrences that start today or later, as changed (a moved one
    at its new start, named by the rule's day), in time order."""
    changed = {c.on: c for c in series.changes}
    rows: list[tuple[datetime, OccurrenceRow]] = []
    for start in series.starts(series.first.date(), series.until):
        change = changed.get(start.date())
        now = change.moved_to if change is not None and change.moved_to else start
        if now.date() < today:
            continue
        rows.append((now, OccurrenceRow(
            start.date().isoformat(), moment(now),
            moment(start) if now != start else "",
            change is not None and change.cancelled)))
    return [row for _, row in sorted(rows, key=lambda r: r[0])][:count]


def _names(family: Family, keys: Sequence[str]) -> str:
    return names_of(family, keys) if keys else M.WEB_CONTACTS_NOBODY


def _series_row(family: Family, series: Series, today: date) -> SeriesRow:
    rhythm = M.WEB_CONTACTS_RHYTHM.format(
        every=every(series.every_weeks), weekday=M.DAY_NAMES[series.first.weekday()],
        time=f"{series.first:%H:%M}", first=day(series.first.date()), until=day(series.until))
    return SeriesRow(series.key, series.title, rhythm, _names(family, series.participants),
                     series.location, tuple(coming(series, today)))


def _moment_row(family: Family, item: Moment, now: datetime) -> MomentRow:
    return MomentRow(item.key, item.title, moment(item.start), f"{item.start:%Y-%m-%dT%H:%M}",
                     item.minutes, M.WEB_CONTACTS_KINDS.get(item.kind.value, item.kind.value),
                     _names(family, item.participants), item.location, item.cancelled,
                     item.start < now)


def thinning_line(thinning: Thinning) -> str:
    return M.WEB_CONTACTS_TAPER_LINE.format(
        title=thinning.thinner.title, old=thinning.was_every_weeks,
        new=thinning.thinner.every_weeks, start=moment(thinning.switch),
        until=day(thinning.thinner.until))


def _evaluation_row(family: Family, plan: ContactPlan, e: Evaluation) -> EvaluationRow:
    titles = {s.key: s.title for s in plan.series} | {m.key: m.title for m in plan.moments}
    return EvaluationRow(e.key, day(e.held_on), titles.get(e.moment, e.moment), e.notes,
                         e.next_time, tuple(f"{c.name}: {c.text}" for c in e.network),
                         e.independence)


def contact_page(family: Family, plan: ContactPlan, proposal: Sequence[Thinning],
                 now: datetime) -> ContactPage:
    """The whole plan as the professional sees it at ``now`` (local, without tzinfo)."""
    today = now.date()
    involvable = [p for p in family.people if not family.never_involved(p.key)]
    planned = [Choice(s.key, f"{s.title} ({every(s.every_weeks)}, "
                             f"{M.DAY_NAMES[s.first.weekday()]})") for s in plan.series]
    planned += [Choice(m.key, f"{m.title} ({moment(m.start)})")
                for m in sorted(plan.moments, key=lambda m: m.start)]
    return ContactPage(
        family.slug, family.name,
        tuple(_series_row(family, s, today) for s in sorted(plan.series,
                                                             key=lambda s: s.first)),
        tuple(_moment_row(family, m, now) for m in sorted(plan.moments,
                                                          key=lambda m: m.start)),
        day(plan.closing) if plan.closing else "",
        plan.closing.isoformat() if plan.closing else "",
        ",".join(plan.taper), tuple(moment(m.start) for m in aftercare(plan)),
        plan.strips, plan.strips_used, plan.strips_left,
        tuple(thinning_line(t) for t in proposal),
        tuple(M.WEB_CONTACTS_HAND_OVER_LINE.format(what=t.what, to=name_of(family, t.to))
              for t in method.ready_to_hand_over(family)),
        family.method.pace,
        tuple(Choice(p.key, p.name) for p in involvable),
        tuple(Choice(p.key, p.name) for p in involvable if p.circle is Circle.NETWORK),
        tuple(planned),
        tuple(_evaluation_row(family, plan, e)
              for e in sorted(family.method.evaluations, key=lambda e: e.held_on,
                              reverse=True)))


def load_page(site: Site, uid: str, slug: str) -> ContactPage:
    ctx = site.context(uid)
    return contact_page(load_family(ctx, slug), contacts.load(ctx, slug),
                        contacts.scale_down_proposal(ctx, slug), _now(site))


# -- reading the input -----------------------------------------------------------------------
def _now(site: Site) -> datetime:
    """Now, as a clock in the Netherlands shows it, without tzinfo (as the plan's times)."""
    return local(site.clock.now()).replace(tzinfo=None)


def start_at(site: Site, value: str, field: str = "start") -> datetime:
    """A local start written ``YYYY-MM-DD HH:MM`` (or as a ``datetime-local`` field sends
    it), after now: a moment planned or moved to the past reaches nobody."""
    found = LOCAL_INPUT.fullmatch(value.strip())
    start = contacts.parse_start(f"{found[1]} {found[2]}" if found else value, field)
    if start < _now(site):
        raise InvalidInput(field, M.WEB_START_PAST.format(value=moment(start)))
    return start


def number(field: str, value: str | int, rule: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?\d{1,6}", text):
        raise InvalidInput(field, rule)
    return int(text)


def _participants(family: Family, keys: Sequence[str]) -> tuple[str, ...]:
    """Keys of the family's people who may be involved; anything else is bad input."""
    for key in keys:
        person = family.person(key)
        if person is None:
            raise InvalidInput("with", M.UNKNOWN_PERSON.format(value=check.shown(key),
                                                               family=family.slug))
        if family.never_involved(key):
            raise InvalidInput("with", M.PERSON_NEVER_INVOLVED.format(name=person.name))
    return tuple(dict.fromkeys(keys))


def _new_key(site: Site, prefix: str) -> str:
    return f"{prefix}-{site.clock.now():%Y%m%d%H%M%S}-{secrets.token_hex(2)}"


# -- actions: each returns what to say -------------------------------------------------------
def plan_moment(site: Site, uid: str, slug: str, title: str, start: str,
                minutes: str | int = 60, kind: str = "contact",
                participants: Sequence[str] = (), location: str = "") -> str:
    ctx = site.context(uid)
    when = start_at(site, start)
    if kind not in PLANNED_KINDS:
        raise InvalidInput("kind", M.CHOICE_RULE.format(choices=", ".join(PLANNED_KINDS),
                                                        value=check.shown(kind)))
    made = contacts.add(ctx, slug, _new_key(site, "afspraak"), title, when,
                        number("minutes", minutes, M.MINUTES_RULE), kind, None, None,
                        _participants(load_family(ctx, slug), participants), location)
    return M.CONTACT_ADDED.format(title=made.title, start=moment(when))


def plan_series(site: Site, uid: str, slug: str, title: str, start: str,
                every_weeks: str | int, until: str, minutes: str | int = 60,
                participants: Sequence[str] = (), location: str = "") -> str:
    ctx = site.context(uid)
    first = start_at(site, start)
    weeks = number("every-weeks", every_weeks, M.EVERY_WEEKS_RULE)
    last = check.parse_date("until", until.strip()) if until.strip() else None
    contacts.add(ctx, slug, _new_key(site, "reeks"), title, first,
                 number("minutes", minutes, M.MINUTES_RULE), "contact", weeks, last,
                 _participants(load_family(ctx, slug), participants), location)
    return M.WEB_CONTACT_SERIES_ADDED.format(title=contacts.neutral_title(title),
                                             every=every(weeks), start=moment(first))


def cancel_moment(site: Site, uid: str, slug: str, key: str) -> str:
    done = contacts.cancel(site.context(uid), slug, key)
    return M.CONTACT_CANCELLED.format(title=done.title, start=moment(done.start))


def move_moment(site: Site, uid: str, slug: str, key: str, start: str) -> str:
    when = start_at(site, start)
    done = contacts.move(site.context(uid), slug, key, when)
    return M.CONTACT_MOVED.format(title=done.title, start=moment(when))


def cancel_occurrence(site: Site, uid: str, slug: str, key: str, on: str) -> str:
    when = check.parse_date("date", on.strip())
    done = contacts.cancel_occurrence(site.context(uid), slug, key, when)
    return M.OCCURRENCE_CANCELLED.format(title=done.title, day=day(when))


def move_occurrence(site: Site, uid: str, slug: str, key: str, on: str, start: str) -> str:
    when = check.parse_date("date", on.strip())
    to = start_at(site, start)
    done = contacts.move_occurrence(site.context(uid), slug, key, when, to)
    return M.OCCURRENCE_MOVED.format(title=done.title, day=day(when), start=moment(to))


def taper(site: Site, uid: str, slug: str) -> str:
    """Afbouwen as proposed: the thinner rhythm, and the tasks ready handed over (what
    ``zolicht contact scale-down --confirm`` does)."""
    ctx = site.context(uid)
    thinned = contacts.scale_down(ctx, slug)
    handed = method.hand_over(ctx, slug)
    if not thinned and not handed:
        return M.SCALE_DOWN_NOTHING
    family = load_family(ctx, slug)
    lines = [M.SCALE_DOWN_DONE.format(title=t.thinner.title, start=moment(t.switch),
                                      new=t.thinner.every_weeks) for t in thinned]
    lines += [M.HAND_OVER_DONE.format(what=t.what, to=name_of(family, t.to)) for t in handed]
    return " ".join(lines)


def set_plan(site: Site, uid: str, slug: str, closing: str | None = None,
             taper_offsets: str | Sequence[str] | None = None,
             strips: str | int | None = None) -> str:
    """The closing date, the aftercare taper and the strippenkaart: what is given (an
    empty field keeps what there is)."""
    last = check.parse_date("closing", closing.strip()) \
        if closing is not None and closing.strip() else None
    if isinstance(taper_offsets, str):
        offsets = [o.strip() for o in taper_offsets.split(",") if o.strip()] or None
    else:
        offsets = list(taper_offsets) if taper_offsets is not None else None
    count = None
    if strips is not None and str(strips).strip():
        count = number("strips", strips, M.STRIPS_RULE.format(limit=contacts.MAX_STRIPS))
    contacts.set_plan(site.context(uid), slug, last, offsets, count)
    return M.WEB_CONTACT_PLAN_SAVED


def use_strip(site: Site, uid: str, slug: str) -> str:
    return M.STRIPS_LEFT.format(left=contacts.use_strip(site.context(uid), slug).strips_left)


def evaluate(site: Site, uid: str, slug: str, held_on: str = "", moment_key: str = "",
             notes: str = "", next_time: str = "",
             network: Mapping[str, str] | None = None,
             independence: str | int | None = None) -> str:
    """Record an evaluation (``method.evaluate``) under the next free key; ``network``:
    per person key what they did (empty texts left out)."""
    ctx = site.context(uid)
    on = check.parse_date("on", held_on.strip()) if held_on.strip() else site.today()
    score = None
    if independence is not None and str(independence).strip():
        score = number("zelf", independence,
                       M.INDEPENDENCE_RULE.format(value=check.shown(str(independence))))
    parts = [(k, v) for k, v in (network or {}).items() if v.strip()]
    taken = {e.key for e in load_family(ctx, slug).method.evaluations}
    count = len(taken) + 1
    while f"evaluatie-{count}" in taken:
        count += 1
    made = method.evaluate(ctx, slug, f"evaluatie-{count}", on, notes.strip(),
                           next_time.strip(), moment_key.strip(), parts, score)
    return M.WEB_EVALUATION_SAVED.format(day=day(made.held_on))


def soon(site: Site) -> str:
    """A start to offer in an empty form: tomorrow at 16:00, as a ``datetime-local``."""
    return f"{_now(site).date() + timedelta(days=1):%Y-%m-%d}T16:00"
