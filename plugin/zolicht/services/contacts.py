"""Commands on a family's contact plan (step 6 of the method)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from zolicht import messages as M
from zolicht.calendar.ics import to_ics
from zolicht.context import Context
from zolicht.domain.contacts import (
    ContactPlan,
    Moment,
    MomentKind,
    OccurrenceChange,
    Series,
    Thinning,
    offset_after,
    thinner_rhythm,
)
from zolicht.domain.diagnoses import PARTICLES, mentions_diagnosis, words
from zolicht.domain.errors import InvalidInput, NotFound
from zolicht.domain.model import Family
from zolicht.services import validation as check
from zolicht.services.family import person_or_fail

MAX_STRIPS = 50


def load(ctx: Context, slug: str) -> ContactPlan:
    with ctx.store.reading() as tx:
        tx.families.load(slug)
        return tx.contacts(slug).load()


def set_plan(ctx: Context, slug: str, closing: date | None = None,
             taper: list[str] | None = None, strips: int | None = None) -> ContactPlan:
    """Set the closing date, the aftercare taper and the strippenkaart (what is given)."""
    for offset in taper or []:
        try:
            offset_after(date(2000, 1, 1), offset)
        except ValueError:
            raise InvalidInput("taper", M.TAPER_RULE.format(value=check.shown(offset))) from None
    if strips is not None and not 0 <= strips <= MAX_STRIPS:
        raise InvalidInput("strips", M.STRIPS_RULE.format(limit=MAX_STRIPS))
    with ctx.store.transaction() as tx:
        tx.families.load(slug)
        contacts = tx.contacts(slug)
        plan = contacts.load()
        plan = replace(plan, closing=closing if closing is not None else plan.closing,
                       taper=tuple(taper) if taper is not None else plan.taper,
                       strips=strips if strips is not None else plan.strips)
        contacts.save_settings(plan)
        ctx.record(tx, "contact.plan", slug, reason=f"closing={plan.closing} "
                   f"taper={','.join(plan.taper)} strips={plan.strips}")
    return plan


def add(ctx: Context, slug: str, key: str, title: str, start: datetime, minutes: int = 60,
        kind: str = MomentKind.CONTACT.value, every_weeks: int | None = None,
        until: date | None = None, participants: tuple[str, ...] = (),
        location: str = "") -> Series | Moment:
    """A single moment, or a series when ``every_weeks`` is given (then ``until`` too)."""
    key = check.key("key", key)
    title = neutral_title(title)
    if not 5 <= minutes <= 600:
        raise InvalidInput("minutes", M.MINUTES_RULE)
    location = check.text("where", location, check.LOCATION_LIMIT) if location else ""
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        check_title_names_nobody_never(family, title)
        for who in participants:
            person = person_or_fail(family, who, "with")
            if family.never_involved(who):
                raise InvalidInput("with", M.PERSON_NEVER_INVOLVED.format(name=person.name))
        contacts = tx.contacts(slug)
        item: Series | Moment
        if every_weeks is not None:
            if not 1 <= every_weeks <= 8:
                raise InvalidInput("every-weeks", M.EVERY_WEEKS_RULE)
            if until is None or until < start.date():
                raise InvalidInput("until", M.UNTIL_RULE)
            item = Series(key, title, start, minutes, every_weeks, until, participants,
                          location)
            contacts.save_series(item)
        else:
            item = Moment(key, check.choice("kind", kind, MomentKind), title, start, minutes,
                          participants, location)
            contacts.save_moment(item)
        ctx.record(tx, "contact.add", slug, reason=f"{key} {start:%Y-%m-%d %H:%M}")
    return item


def cancel(ctx: Context, slug: str, key: str) -> Moment:
    """A cancelled moment stays in everyone's calendar, marked as cancelled."""
    return _change_moment(ctx, slug, key, "contact.cancel", key, cancelled=True)


def move(ctx: Context, slug: str, key: str, start: datetime) -> Moment:
    """Move a single moment; its event keeps its UID, so calendars update it in place."""
    return _change_moment(ctx, slug, key, "contact.move",
                          f"{key} -> {start:%Y-%m-%d %H:%M}", start=start)


def _change_moment(ctx: Context, slug: str, key: str, action: str, reason: str,
                   **changes: object) -> Moment:
    with ctx.store.transaction() as tx:
        tx.families.load(slug)
        contacts = tx.contacts(slug)
        moment = next((m for m in contacts.load().moments if m.key == key), None)
        if moment is None:
            raise NotFound("key", M.UNKNOWN_MOMENT.format(value=key))
        changed = replace(moment, **changes)  # type: ignore[arg-type]
        contacts.save_moment(changed)
        ctx.record(tx, action, slug, reason=reason)
    return changed


def cancel_occurrence(ctx: Context, slug: str, key: str, on: date) -> Series:
    """Cancel the occurrence of series ``key`` on ``on`` only; it stays in everyone's
    calendar, marked as cancelled, and the other occurrences stay as they are."""
    return _change_occurrence(ctx, slug, key, OccurrenceChange(on), "contact.cancel_one",
                              f"{key} {on}")


def move_occurrence(ctx: Context, slug: str, key: str, on: date, start: datetime) -> Series:
    """Move the occurrence of series ``key`` on ``on`` to ``start`` (local time); the other
    occurrences stay as they are."""
    return _change_occurrence(ctx, slug, key, OccurrenceChange(on, start), "contact.move_one",
                              f"{key} {on} -> {start:%Y-%m-%d %H:%M}")


def _change_occurrence(ctx: Context, slug: str, key: str, change: OccurrenceChange,
                       action: str, reason: str) -> Series:
    with ctx.store.transaction() as tx:
        tx.families.load(slug)
        contacts = tx.contacts(slug)
        series = next((s for s in contacts.load().series if s.key == key), None)
        if series is None:
            raise NotFound("series", M.UNKNOWN_SERIES.format(value=key))
        check_change(series, change)
        changed = series.with_change(change)
        contacts.save_series(changed)
        ctx.record(tx, action, slug, reason=reason)
    return changed


def check_change(series: Series, change: OccurrenceChange, day_field: str = "date",
                 start_field: str = "start") -> None:
    """The day is one of the series' own, and a move does not land on another day the
    series already meets."""
    if series.start_on(change.on) is None:
        raise InvalidInput(day_field, M.NOT_AN_OCCURRENCE.format(series=series.key,
                                                                 value=change.on))
    if change.moved_to is None:
        return
    day = change.moved_to.date()
    others = replace(series, changes=tuple(c for c in series.changes if c.on != change.on))
    if day != change.on and any(not cancelled for _, cancelled in others.expanded(day, day)):
        raise InvalidInput(start_field, M.MOVE_ONTO_OCCURRENCE.format(series=series.key,
                                                                      value=day))


def scale_down_proposal(ctx: Context, slug: str) -> tuple[Thinning, ...]:
    """The thinner rhythm proposed from tomorrow on; nothing is changed."""
    return thinner_rhythm(load(ctx, slug), ctx.today())


def scale_down(ctx: Context, slug: str) -> tuple[Thinning, ...]:
    """Apply the proposed thinner rhythm: each old series ends the day before its switch
    and a new series (new key) goes on from there, so the moments already had stay."""
    with ctx.store.transaction() as tx:
        tx.families.load(slug)
        contacts = tx.contacts(slug)
        proposal = thinner_rhythm(contacts.load(), ctx.today())
        for thinning in proposal:
            if thinning.ended is not None:
                contacts.save_series(thinning.ended)
            contacts.save_series(thinning.thinner)
            ctx.record(tx, "contact.scale_down", slug, reason=_thinning_reason(thinning))
    return proposal


def _thinning_reason(thinning: Thinning) -> str:
    new = thinning.thinner
    old = thinning.ended.key if thinning.ended is not None else new.key
    return f"{old} -> {new.key} every {new.every_weeks}w from {new.first:%Y-%m-%d %H:%M}"


def use_strip(ctx: Context, slug: str) -> ContactPlan:
    with ctx.store.transaction() as tx:
        tx.families.load(slug)
        contacts = tx.contacts(slug)
        plan = contacts.load()
        if plan.strips_left == 0:
            raise InvalidInput("strips", M.NO_STRIPS_LEFT)
        plan = replace(plan, strips_used=plan.strips_used + 1)
        contacts.save_settings(plan)
        ctx.record(tx, "contact.strip", slug, reason=f"{plan.strips_left} left")
    return plan


def export_ics(ctx: Context, slug: str) -> bytes:
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        plan = tx.contacts(slug).load()
    return to_ics(family, plan, ctx.now())


def neutral_title(title: str, field: str = "title") -> str:
    title = check.text(field, title)
    if mentions_diagnosis(title):
        raise InvalidInput(field, M.TITLE_NOT_NEUTRAL)
    return title


def check_title_names_nobody_never(family: Family, title: str, field: str = "title") -> None:
    """Everyone in the calendar sees a title: it must not name someone on the never-involve
    list (that list is the family's secret)."""
    said = words(title)
    for entry in family.method.never:
        name = words(entry.name) - PARTICLES
        if name and name <= said:
            raise InvalidInput(field, M.TITLE_NAMES_NEVER)


def parse_start(value: str, field: str = "start") -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(field, M.START_RULE.format(value=check.shown(value))) from None
