"""Working days in the Netherlands, for moments that should not fall on a day off. Pure.

A working day is Monday to Friday and not one of the national public holidays that are a
general day off (the *algemeen erkende feestdagen* of the Algemene termijnenwet, plus
Bevrijdingsdag): Nieuwjaarsdag (1 January), Eerste en Tweede Paasdag, Koningsdag (27 April,
or 26 April when the 27th is a Sunday), Bevrijdingsdag (5 May), Hemelvaartsdag (39 days
after Easter), Eerste en Tweede Pinksterdag (49 and 50 days after Easter), Eerste en Tweede
Kerstdag (25 and 26 December). Goede Vrijdag is left out: most employers and schools are
open, so it is no general day off. Bevrijdingsdag is in: many care organisations close,
and a family should not be asked to keep it free for a check-in.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

SUNDAY = 6


def public_holidays(year: int) -> frozenset[date]:
    """The general days off of ``year`` (see the module docstring for which and why)."""
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == SUNDAY:
        kings_day = date(year, 4, 26)
    after_easter = (0, 1, 39, 49, 50)
    return frozenset({
        date(year, 1, 1),
        kings_day,
        date(year, 5, 5),
        date(year, 12, 25),
        date(year, 12, 26),
        *(easter_sunday + timedelta(days=days) for days in after_easter),
    })


def is_working_day(day: date) -> bool:
    """Monday to Friday, and no public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
