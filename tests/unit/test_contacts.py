"""The contact plan: aftercare taper, series across daylight-saving changes, iCalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from tests.conftest import EXAMPLE, NOW
from zolicht.calendar.ics import event_object, to_ics, uid
from zolicht.clock import AMSTERDAM
from zolicht.domain.contacts import (
    ContactPlan,
    Moment,
    MomentKind,
    OccurrenceChange,
    Series,
    aftercare,
    occurrences,
    offset_after,
    thinner_rhythm,
)
from zolicht.services.transfer import parse_family

STAMP = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def biweekly(until: date = date(2027, 12, 31)) -> Series:
    return Series("gesprek", "Contactmoment", datetime(2027, 3, 16, 16, 0), 60, 2, until,
                  ("petra", "sanne", "oma-ria"), "Bij Jansen thuis")


def test_the_default_taper_follows_the_closing_date() -> None:
    plan = ContactPlan(closing=date(2027, 1, 31))
    # 14 and 28 February are Sundays and 31 July a Saturday: each moves to the Monday
    assert [m.start.date() for m in aftercare(plan)] == [
        date(2027, 2, 15), date(2027, 3, 1), date(2027, 4, 30), date(2027, 8, 2)]
    assert all(m.kind is MomentKind.AFTERCARE and m.start.time() == time(16, 0)
               for m in aftercare(plan))
    assert aftercare(ContactPlan()) == ()


@pytest.mark.parametrize(("start", "offset", "expected"), [
    (date(2027, 1, 31), "1m", date(2027, 2, 28)),
    (date(2028, 1, 31), "1m", date(2028, 2, 29)),
    (date(2027, 5, 1), "10d", date(2027, 5, 11)),
    (date(2027, 5, 1), "6m", date(2027, 11, 1)),
])
def test_offsets_use_calendar_months(start: date, offset: str, expected: date) -> None:
    assert offset_after(start, offset) == expected


@pytest.mark.parametrize("offset", ["", "2", "w", "0w", "2y", "-1m", "100d"])
def test_bad_offsets_are_refused(offset: str) -> None:
    with pytest.raises(ValueError, match="offset"):
        offset_after(date(2027, 1, 1), offset)


def test_a_series_stays_at_four_across_both_dst_changes() -> None:
    starts = biweekly().starts(date(2027, 3, 1), date(2027, 11, 30))
    assert {s.time() for s in starts} == {time(16, 0)}
    assert all(s.weekday() == 1 for s in starts)  # Tuesdays
    around_march = [s for s in starts if date(2027, 3, 20) <= s.date() <= date(2027, 4, 5)]
    assert [s.date() for s in around_march] == [date(2027, 3, 30)]  # after 28 March
    utc_offsets = {s.replace(tzinfo=AMSTERDAM).utcoffset() for s in starts}
    assert utc_offsets == {timedelta(hours=1), timedelta(hours=2)}  # winter and summer time
    assert starts[0] == datetime(2027, 3, 16, 16, 0)
    assert all((b - a).days == 14 for a, b in zip(starts, starts[1:], strict=False))


def test_a_series_ends_on_its_last_day() -> None:
    series = biweekly(until=date(2027, 4, 13))
    assert [s.date() for s in series.starts(date(2027, 1, 1), date(2027, 12, 31))] == [
        date(2027, 3, 16), date(2027, 3, 30), date(2027, 4, 13)]
    assert series.weekday == "TU"


def test_the_ics_round_trips_with_stable_uids_and_neutral_titles() -> None:
    family = parse_family(EXAMPLE.read_text(), EXAMPLE.parent, date(2026, 11, 23))[0]
    plan = ContactPlan(
        series=(biweekly(),),
        moments=(Moment("evaluatie", MomentKind.EVALUATION, "Evaluatie",
                        datetime(2027, 10, 31, 10, 0), 90, ("petra", "lotte")),
                 Moment("netwerk", MomentKind.NETWORK_MEETING, "Netwerkoverleg",
                        datetime(2027, 5, 4, 19, 30), 60, cancelled=True)),
        closing=date(2027, 12, 31), strips=3)
    text = to_ics(family, plan, STAMP)
    parsed = Calendar.from_ical(text)
    assert parsed.to_ical() == Calendar.from_ical(parsed.to_ical()).to_ical()
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {uid(family, k) for k in (
        "gesprek", "evaluatie", "netwerk", "nazorg-2w", "nazorg-1m", "nazorg-3m", "nazorg-6m")}
    series = events[uid(family, "gesprek")]
    assert series["rrule"]["FREQ"] == ["WEEKLY"] and series["rrule"]["INTERVAL"] == [2]
    assert series["rrule"]["UNTIL"] == [datetime(2027, 12, 31, 22, 59, 59, tzinfo=UTC)]
    assert b"UNTIL=20271231T225959Z" in text
    assert series.decoded("dtstart") == datetime(2027, 3, 16, 16, 0, tzinfo=AMSTERDAM)
    attendees = sorted(str(a) for a in series.get("attendee"))
    assert attendees == ["mailto:petra.jansen@example.nl", "mailto:ria.jansen@example.nl",
                         "mailto:sanne.jansen@example.nl"]
    assert events[uid(family, "netwerk")]["status"] == "CANCELLED"
    evaluation = events[uid(family, "evaluatie")]
    assert evaluation.decoded("dtstart").utcoffset() == timedelta(hours=1)  # after DST ends
    alarm = next(iter(evaluation.walk("VALARM")))
    assert alarm.decoded("trigger") == -timedelta(days=1)
    assert [tz["tzid"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    titles = {str(e["summary"]) for e in events.values()}
    assert not any(word in t.lower() for t in titles for word in ("adhd", "autisme", "trauma"))
    assert to_ics(family, plan, STAMP) == text  # the same plan gives the same calendar


ILL = OccurrenceChange(date(2027, 3, 30))
LATER = OccurrenceChange(date(2027, 4, 13), datetime(2027, 4, 15, 10, 0))


def test_cancelled_and_moved_occurrences_are_listed_as_changed() -> None:
    plan = ContactPlan(series=(biweekly(until=date(2027, 4, 27)).with_change(ILL)
                               .with_change(LATER),))
    found = [(o.start, o.cancelled) for o in occurrences(plan, date(2027, 3, 1),
                                                         date(2027, 4, 30))]
    assert found == [(datetime(2027, 3, 16, 16, 0), False),
                     (datetime(2027, 3, 30, 16, 0), True),
                     (datetime(2027, 4, 15, 10, 0), False),
                     (datetime(2027, 4, 27, 16, 0), False)]
    # a move counts where it moved to: out of a window, and into one
    assert [o.start for o in occurrences(plan, date(2027, 4, 13), date(2027, 4, 14))] == []
    assert [o.start for o in occurrences(plan, date(2027, 4, 15), date(2027, 4, 15))] == [
        datetime(2027, 4, 15, 10, 0)]


def test_a_second_change_of_a_day_replaces_the_first() -> None:
    series = biweekly().with_change(LATER).with_change(OccurrenceChange(date(2027, 4, 13)))
    assert series.changes == (OccurrenceChange(date(2027, 4, 13)),)
    assert series.with_change(ILL).changes == (ILL, OccurrenceChange(date(2027, 4, 13)))


def test_changed_occurrences_are_overridden_instances_of_the_series() -> None:
    family = parse_family(EXAMPLE.read_text(), EXAMPLE.parent, date(2026, 11, 23))[0]
    series = biweekly().with_change(ILL).with_change(LATER)
    parsed = Calendar.from_ical(event_object(family, series, STAMP, sequence=3))
    master, cancelled, moved = parsed.walk("VEVENT")
    assert {str(e["uid"]) for e in (master, cancelled, moved)} == {uid(family, "gesprek")}
    assert "recurrence-id" not in master and "rrule" in master
    assert cancelled.decoded("recurrence-id") == datetime(2027, 3, 30, 16, 0, tzinfo=AMSTERDAM)
    assert cancelled["status"] == "CANCELLED" and not cancelled.walk("VALARM")
    assert moved.decoded("recurrence-id") == datetime(2027, 4, 13, 16, 0, tzinfo=AMSTERDAM)
    assert moved.decoded("dtstart") == datetime(2027, 4, 15, 10, 0, tzinfo=AMSTERDAM)
    assert moved["status"] == "CONFIRMED" and moved.walk("VALARM")
    assert {e["sequence"] for e in (master, cancelled, moved)} == {3}
    assert len(moved.get("attendee")) == 3


def test_a_change_after_the_series_ended_is_left_out_of_the_calendar() -> None:
    family = parse_family(EXAMPLE.read_text(), EXAMPLE.parent, date(2026, 11, 23))[0]
    series = biweekly(until=date(2027, 4, 1)).with_change(LATER)
    assert len(Calendar.from_ical(event_object(family, series, STAMP)).walk("VEVENT")) == 1


TODAY = NOW.date()  # Monday 23 November 2026


def weekly(every: int, first: datetime = datetime(2026, 10, 6, 16, 0),
           until: date = date(2027, 6, 29)) -> Series:
    return Series("gesprek", "Contactmoment", first, 60, every, until, ("petra",), "Thuis")


@pytest.mark.parametrize(("every", "thinner"), [(1, 2), (2, 4), (3, 6), (4, 8), (6, 8)])
def test_scaling_down_doubles_the_rhythm_up_to_eight_weeks(every: int, thinner: int) -> None:
    (proposal,) = thinner_rhythm(ContactPlan(series=(weekly(every),)), TODAY)
    assert proposal.was_every_weeks == every
    assert proposal.thinner.every_weeks == thinner


def test_the_thinner_rhythm_starts_at_the_next_occurrence_and_keeps_the_end() -> None:
    old = weekly(2).with_change(OccurrenceChange(date(2026, 11, 17)))
    (proposal,) = thinner_rhythm(ContactPlan(series=(old,)), TODAY)
    # every other Tuesday from 6 October: the next after 23 November is 1 December
    assert proposal.switch == datetime(2026, 12, 1, 16, 0)
    assert proposal.ended is not None
    assert proposal.ended.key == "gesprek" and proposal.ended.until == date(2026, 11, 30)
    assert proposal.ended.changes == old.changes  # what happened before stays
    new = proposal.thinner
    assert new.key == "gesprek-20261201" and new.until == old.until and new.changes == ()
    assert (new.title, new.minutes, new.participants, new.location) == (
        old.title, old.minutes, old.participants, old.location)
    assert [s.date() for s in new.starts(TODAY, date(2027, 2, 1))] == [
        date(2026, 12, 1), date(2026, 12, 29), date(2027, 1, 26)]
    plan = ContactPlan(series=(proposal.ended, new))
    before = [o.start.date() for o in occurrences(plan, date(2026, 10, 1), TODAY)]
    assert before == [date(2026, 10, 6), date(2026, 10, 20), date(2026, 11, 3),
                      date(2026, 11, 17)]


def test_a_series_not_yet_begun_is_thinned_in_place() -> None:
    (proposal,) = thinner_rhythm(ContactPlan(series=(weekly(1, datetime(2027, 1, 5, 9, 0)),)),
                                 TODAY)
    assert proposal.ended is None
    assert proposal.thinner.key == "gesprek" and proposal.thinner.every_weeks == 2
    assert proposal.switch == datetime(2027, 1, 5, 9, 0)


@pytest.mark.parametrize("series", [
    weekly(8),                                     # already as thin as it goes
    weekly(2, until=date(2026, 11, 23)),           # ends today
    weekly(2, until=date(2026, 11, 30)),           # no occurrence left after today
])
def test_nothing_is_proposed_for_a_series_that_is_thin_or_over(series: Series) -> None:
    assert thinner_rhythm(ContactPlan(series=(series,)), TODAY) == ()
