"""Time for the rest of zolicht: passed in, so tests can freeze it or move it forward."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until a test moves it."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


def today(clock: Clock) -> date:
    """The calendar day in the Netherlands: a birthday starts at midnight Amsterdam time."""
    return clock.now().astimezone(AMSTERDAM).date()


def local(moment: datetime) -> datetime:
    """The same moment as a clock in the Netherlands shows it; a naive value (as SQLite
    returns it) is taken to be UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(AMSTERDAM)
