"""A family's contact plan as iCalendar: for CalDAV and for people who use another app.

Every event has a stable UID (family and moment key), so planning again updates an event
instead of adding a second one; times are in Europe/Amsterdam with a VTIMEZONE; a
reminder goes off a day before; people with an e-mail address are attendees and the
organisation (the service account's address) is the organizer, so Nextcloud sends them
invitations (it sends none for an event without an organizer it can send as); a
cancelled moment stays, as STATUS:CANCELLED, so it
disappears from nobody's calendar unexplained. Titles are the neutral ones from the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText

from zolicht.clock import AMSTERDAM
from zolicht.domain.contacts import ContactPlan, Moment, Series, all_moments
from zolicht.domain.model import Family

PRODID = "-//zolicht//contactmomenten//NL"
REMINDER = timedelta(days=1)


@dataclass(frozen=True)
class Organizer:
    email: str
    name: str


def uid(family: Family, key: str) -> str:
    """Attendees receive the UID in their invitations: it names no family or person."""
    return f"{family.space}-{key}@zolicht"


def calendar_name(family: Family) -> str:
    return f"{family.name} – contactmomenten"


def to_ics(family: Family, plan: ContactPlan, stamp: datetime,
           organizer: Organizer | None = None) -> bytes:
    """The whole plan as one VCALENDAR (``stamp`` is DTSTAMP, in UTC)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name(family))
    for series in plan.series:
        cal.add_component(series_event(family, series, stamp, organizer))
    for moment in all_moments(plan):
        cal.add_component(moment_event(family, moment, stamp, organizer))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def event_object(family: Family, item: Series | Moment, stamp: datetime,
                 organizer: Organizer | None = None, sequence: int = 0) -> bytes:
    """One event as its own VCALENDAR, as a CalDAV object holds it. ``sequence`` must go up
    with every change: Nextcloud mails attendees a change only when it does."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    event = series_event(family, item, stamp, organizer) if isinstance(item, Series) \
        else moment_event(family, item, stamp, organizer)
    if sequence:
        event.add("sequence", sequence)
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def series_event(family: Family, series: Series, stamp: datetime,
                 organizer: Organizer | None = None) -> Event:
    event = _event(family, series.key, series.title, series.first, series.minutes,
                   series.participants, series.location, stamp, organizer)
    # With a TZID on DTSTART, RFC 5545 wants UNTIL in UTC.
    until = series.last_moment.replace(tzinfo=AMSTERDAM).astimezone(UTC)
    event.add("rrule", vRecur(freq="WEEKLY", interval=series.every_weeks,
                              byday=series.weekday, until=until))
    return event


def moment_event(family: Family, moment: Moment, stamp: datetime,
                 organizer: Organizer | None = None) -> Event:
    event = _event(family, moment.key, moment.title, moment.start, moment.minutes,
                   moment.participants, moment.location, stamp, organizer)
    event.add("status", "CANCELLED" if moment.cancelled else "CONFIRMED")
    return event


def _event(family: Family, key: str, title: str, start: datetime, minutes: int,
           participants: tuple[str, ...], location: str, stamp: datetime,
           organizer: Organizer | None) -> Event:
    event = Event()
    event.add("uid", uid(family, key))
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", start.replace(tzinfo=AMSTERDAM))
    event.add("duration", timedelta(minutes=minutes))
    if location:
        event.add("location", location)
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.name)
        event.add("organizer", address, encode=False)
    for person_key in participants:
        person = family.person(person_key)
        if person is None or not person.email or family.never_involved(person_key):
            continue
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Morgen: {title}")
    alarm.add("trigger", -REMINDER)
    event.add_component(alarm)
    return event
