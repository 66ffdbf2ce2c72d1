"""The contact plan (step 6): regular series, single moments, aftercare and a strippenkaart.

Times are wall-clock times in the Netherlands: a series "every other Tuesday at 16:00"
stays at 16:00 on both sides of a daylight-saving change. Pure: dates are passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from dateutil.rrule import WEEKLY, rrule

from zolicht.domain.workdays import next_working_day

DEFAULT_TAPER = ("2w", "1m", "3m", "6m")
OFFSET = re.compile(r"([1-9][0-9]?)([dwm])")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class MomentKind(StrEnum):
    CONTACT = "contact"
    EVALUATION = "evaluation"
    NETWORK_MEETING = "network_meeting"
    AFTERCARE = "aftercare"


@dataclass(frozen=True)
class OccurrenceChange:
    """One occurrence of a series, cancelled (holidays, illness) or moved elsewhere."""

    on: date
    """The day the occurrence falls on by the series' rule."""
    moved_to: datetime | None = None
    """Its new local start; None: cancelled."""

    @property
    def cancelled(self) -> bool:
        return self.moved_to is None


@dataclass(frozen=True)
class Series:
    """A moment that comes back every ``every_weeks`` weeks, from ``first`` to ``until``,
    except for the occurrences that were cancelled or moved (``changes``)."""

    key: str
    title: str
    first: datetime
    """Local (Europe/Amsterdam) start of the first occurrence, without tzinfo."""
    minutes: int
    every_weeks: int
    until: date
    participants: tuple[str, ...] = ()
    location: str = ""
    changes: tuple[OccurrenceChange, ...] = ()
    """At most one per day, in day order."""

    @property
    def weekday(self) -> str:
        """The iCalendar day code of the series (MO … SU)."""
        return WEEKDAYS[self.first.weekday()]

    @property
    def last_moment(self) -> datetime:
        """The end of the last day (local): occurrences up to and including it count."""
        return datetime.combine(self.until, time(23, 59, 59))

    def starts(self, between: date, and_: date) -> list[datetime]:
        """Local start times of the occurrences from ``between`` to ``and_`` inclusive."""
        rule = rrule(WEEKLY, interval=self.every_weeks, dtstart=self.first,
                     until=self.last_moment)
        return rule.between(datetime.combine(between, time()),
                            datetime.combine(and_, time(23, 59, 59)), inc=True)

    def start_on(self, day: date) -> datetime | None:
        """The rule's start of the occurrence on ``day``; None when there is none."""
        found = self.starts(day, day)
        return found[0] if found else None

    def with_change(self, change: OccurrenceChange) -> Series:
        """The series with ``change`` in place of any earlier change of the same day."""
        others = [c for c in self.changes if c.on != change.on]
        return replace(self, changes=tuple(sorted([*others, change], key=lambda c: c.on)))

    def applied_changes(self) -> list[tuple[datetime, OccurrenceChange]]:
        """(the rule's start, the change) for each change of a day the rule still has."""
        return [(start, change) for change in self.changes
                if (start := self.start_on(change.on)) is not None]

    def expanded(self, between: date, and_: date) -> list[tuple[datetime, bool]]:
        """(start, cancelled) of the occurrences from ``between`` to ``and_`` inclusive, as
        changed: a moved occurrence counts at its new start, in time order."""
        if not self.changes:
            return [(start, False) for start in self.starts(between, and_)]
        changed = {change.on: change for change in self.changes}
        found = []
        for start in self.starts(self.first.date(), self.until):
            change = changed.get(start.date())
            if change is not None and change.moved_to is not None:
                start = change.moved_to
            if between <= start.date() <= and_:
                found.append((start, change is not None and change.cancelled))
        return sorted(found)


@dataclass(frozen=True)
class Moment:
    key: str
    kind: MomentKind
    title: str
    start: datetime
    """Local (Europe/Amsterdam) start, without tzinfo."""
    minutes: int
    participants: tuple[str, ...] = ()
    location: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class ContactPlan:
    series: tuple[Series, ...] = ()
    moments: tuple[Moment, ...] = ()
    closing: date | None = None
    """The day professional care ends; the aftercare taper counts from here."""
    taper: tuple[str, ...] = DEFAULT_TAPER
    strips: int = 0
    """Calls the family may still make after closure (strippenkaart)."""
    strips_used: int = 0

    @property
    def strips_left(self) -> int:
        return max(0, self.strips - self.strips_used)


def offset_after(start: date, offset: str) -> date:
    """``start`` plus an offset such as ``2w``, ``1m`` or ``10d`` (months are calendar
    months: 31 January plus 1m is 28 or 29 February)."""
    found = OFFSET.fullmatch(offset)
    if found is None:
        raise ValueError(f"offset {offset!r}: use a number and d, w or m (2w, 1m, 10d)")
    amount, unit = int(found.group(1)), found.group(2)
    if unit == "d":
        return start + timedelta(days=amount)
    if unit == "w":
        return start + timedelta(weeks=amount)
    return start + relativedelta(months=amount)


def aftercare(plan: ContactPlan, at: time = time(16, 0), minutes: int = 45,
              participants: tuple[str, ...] = ()) -> tuple[Moment, ...]:
    """The tapering aftercare moments after closure, ever further apart, each on a working
    day: one that would fall on a weekend or public holiday moves to the next working day
    (and never onto or before the moment before it)."""
    if plan.closing is None:
        return ()
    return tuple(
        Moment(f"nazorg-{offset}", MomentKind.AFTERCARE, "Nazorg: even bijpraten",
               datetime.combine(day, at), minutes, participants)
        for offset, day in aftercare_days(plan.closing, plan.taper)
    )


def aftercare_days(closing: date, taper: tuple[str, ...]) -> list[tuple[str, date]]:
    """(offset, day) for each distinct offset of ``taper``, in time order, on strictly
    increasing working days."""
    wanted = sorted(((offset, offset_after(closing, offset)) for offset in dict.fromkeys(taper)),
                    key=lambda pair: pair[1])
    days: list[tuple[str, date]] = []
    for offset, day in wanted:
        if days and day <= days[-1][1]:
            day = days[-1][1] + timedelta(days=1)
        days.append((offset, next_working_day(day)))
    return days


def all_moments(plan: ContactPlan) -> tuple[Moment, ...]:
    """Single moments plus the aftercare taper, in time order."""
    return tuple(sorted(plan.moments + aftercare(plan), key=lambda m: m.start))


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    title: str
    location: str
    cancelled: bool


def occurrences(plan: ContactPlan, first: date, last: date,
                participant: str | None = None) -> list[Occurrence]:
    """Every moment from ``first`` to ``last`` inclusive, series expanded, in time order;
    with ``participant``: only those that person takes part in."""
    def takes_part(item: Series | Moment) -> bool:
        return participant is None or participant in item.participants

    found = [Occurrence(start, s.title, s.location, cancelled) for s in plan.series
             if takes_part(s) for start, cancelled in s.expanded(first, last)]
    found += [Occurrence(m.start, m.title, m.location, m.cancelled) for m in all_moments(plan)
              if takes_part(m) and first <= m.start.date() <= last]
    return sorted(found, key=lambda o: (o.start, o.title))


MAX_EVERY_WEEKS = 8
"""The thinnest regular rhythm: once every eight weeks."""


@dataclass(frozen=True)
class Thinning:
    """A proposal to meet less often in one series, from its next occurrence on."""

    was_every_weeks: int
    ended: Series | None
    """The series as it was, ending the day before the switch (so its history stays);
    None when it had not begun yet: then ``thinner`` takes its place under its key."""
    thinner: Series
    """The same moment, twice as far apart (at most every eight weeks), until the same day."""

    @property
    def switch(self) -> datetime:
        return self.thinner.first


def thinner_rhythm(plan: ContactPlan, today: date) -> tuple[Thinning, ...]:
    """For scaling down (afschalen): each series that still meets after ``today``, more
    often than every eight weeks, twice as far apart from its next occurrence on."""
    found = (_thinning(series, today) for series in plan.series)
    return tuple(t for t in found if t is not None)


def _thinning(series: Series, today: date) -> Thinning | None:
    if series.every_weeks >= MAX_EVERY_WEEKS or series.until <= today:
        return None
    coming = series.starts(today + timedelta(days=1), series.until)
    if not coming:
        return None
    switch = coming[0]
    every = min(2 * series.every_weeks, MAX_EVERY_WEEKS)
    if switch == series.first:
        return Thinning(series.every_weeks, None,
                        replace(series, every_weeks=every, changes=()))
    last_day = switch.date() - timedelta(days=1)
    ended = replace(series, until=last_day,
                    changes=tuple(c for c in series.changes if c.on <= last_day))
    thinner = replace(series, key=f"{series.key[:55]}-{switch:%Y%m%d}", first=switch,
                      every_weeks=every, changes=())
    return Thinning(series.every_weeks, ended, thinner)
