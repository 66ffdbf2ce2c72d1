"""Working days: weekends and Dutch public holidays, and aftercare that avoids them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zolicht.domain.contacts import ContactPlan, aftercare
from zolicht.domain.workdays import is_working_day, next_working_day, public_holidays


def test_the_holidays_of_2027() -> None:
    assert sorted(public_holidays(2027)) == [
        date(2027, 1, 1),    # Nieuwjaarsdag
        date(2027, 3, 28),   # Eerste Paasdag
        date(2027, 3, 29),   # Tweede Paasdag
        date(2027, 4, 27),   # Koningsdag
        date(2027, 5, 5),    # Bevrijdingsdag
        date(2027, 5, 6),    # Hemelvaartsdag
        date(2027, 5, 16),   # Eerste Pinksterdag
        date(2027, 5, 17),   # Tweede Pinksterdag
        date(2027, 12, 25),  # Eerste Kerstdag
        date(2027, 12, 26),  # Tweede Kerstdag
    ]


def test_good_friday_is_a_working_day() -> None:
    assert is_working_day(date(2027, 3, 26))


@pytest.mark.parametrize(("year", "kings_day", "not_off"), [
    (2025, date(2025, 4, 26), date(2025, 4, 27)),  # 27 April 2025 is a Sunday
    (2026, date(2026, 4, 27), date(2026, 4, 26)),
    (2031, date(2031, 4, 26), date(2031, 4, 27)),  # a Sunday again
])
def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday(
        year: int, kings_day: date, not_off: date) -> None:
    assert kings_day in public_holidays(year)
    assert not_off not in public_holidays(year)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2027, 3, 26), date(2027, 3, 26)),   # Good Friday stays
    (date(2027, 3, 27), date(2027, 3, 30)),   # Saturday before Easter → Tuesday
    (date(2027, 12, 24), date(2027, 12, 24)),
    (date(2027, 12, 25), date(2027, 12, 27)),  # Christmas on a Saturday → Monday
    (date(2027, 5, 15), date(2027, 5, 18)),   # Pinksteren weekend → Tuesday
    (date(2026, 12, 31), date(2026, 12, 31)),
    (date(2027, 1, 1), date(2027, 1, 4)),     # New Year on Friday → Monday
])
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


def test_aftercare_after_a_closing_before_easter_skips_the_holidays() -> None:
    # 2w after 14 March 2027 is Easter Sunday; Easter Monday is off too
    moments = aftercare(ContactPlan(closing=date(2027, 3, 14), taper=("2w", "52d")))
    assert [m.start.date() for m in moments] == [date(2027, 3, 30), date(2027, 5, 7)]


def test_offsets_that_land_on_the_same_working_day_stay_apart() -> None:
    # Saturday and Sunday would both become Monday 1 March 2027
    moments = aftercare(ContactPlan(closing=date(2027, 2, 22), taper=("5d", "6d", "7d")))
    assert [m.start.date() for m in moments] == [
        date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 3)]
    assert [m.key for m in moments] == ["nazorg-5d", "nazorg-6d", "nazorg-7d"]


OFFSETS = st.builds(lambda n, unit: f"{n}{unit}", st.integers(1, 99),
                    st.sampled_from("dwm"))


@given(closing=st.dates(date(2000, 1, 1), date(2090, 12, 31)),
       taper=st.lists(OFFSETS, min_size=1, max_size=8))
def test_aftercare_is_never_on_a_day_off_and_always_later(closing: date,
                                                          taper: list[str]) -> None:
    days = [m.start.date() for m in aftercare(ContactPlan(closing=closing,
                                                          taper=tuple(taper)))]
    assert len(days) == len(set(taper))
    assert all(d.weekday() < 5 and d not in public_holidays(d.year) for d in days)
    assert all(a < b for a, b in zip(days, days[1:], strict=False))
    assert days[0] > closing
    assert all(d - closing <= timedelta(days=99 * 31 + 60) for d in days)
