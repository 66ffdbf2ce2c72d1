"""Which invitation mails Nextcloud (its IMipPlugin, behind SabreDAV's scheduling) sends
when the owner of a calendar writes an event, as seen on Nextcloud 32:

* only events whose ORGANIZER is the calendar owner's own address are scheduled; every
  ATTENDEE (with or without an account) is mailed;
* a new event: "Invitation: <summary>";
* a change is mailed only when SEQUENCE goes up: "Invitation updated: <summary>", or
  "Cancelled: <summary>" once STATUS is CANCELLED;
* a change that adds an overridden instance (RECURRENCE-ID) to a recurring event is mailed
  for that instance alone, to the instance's attendees, not as an update of the series:
  "Cancelled: <summary>" when it has STATUS:CANCELLED (Nextcloud's TipBroker, "detect if a
  new cancelled instance was created"), else "Invitation: <summary>" (a moved
  occurrence: Nextcloud has no earlier version of the instance to compare with). Both
  seen on Nextcloud 34.0.1 (tests/contract/FINDINGS.md, "One occurrence of a series");
* deleting the event: "Cancelled: <summary>", also when it was cancelled before;
* nothing for events that are over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from icalendar import Calendar


@dataclass(frozen=True)
class Mail:
    to: str
    kind: str
    """``imip-request`` or ``imip-cancel``."""
    uid: str
    subject: str


def mails(owner_email: str, old: str | None, new: str | None,
          now: datetime | None = None) -> list[Mail]:
    """The mails for one write (``new`` None: a delete) by the owner of the calendar."""
    event = master(new if new is not None else old)
    if event is None or not owner_email or organizer(event) != owner_email.lower():
        return []
    if is_over(event, now or datetime.now(UTC)):
        return []
    before = master(old) if new is not None else None
    if before is not None and sequence(event) > sequence(before):
        added = new_instances(old, new)
        if added:
            uid = str(event.get("uid", ""))
            return [Mail(to, kind, uid, subject) for instance in added
                    for kind, subject in [instance_mail(instance)]
                    for to in attendees(instance)]
    kind, subject = change(event, before, new is None)
    if not kind:
        return []
    summary = str(event.get("summary", ""))
    return [Mail(to, kind, str(event.get("uid", "")), f"{subject}: {summary}")
            for to in attendees(event)]


def new_instances(old: str | None, new: str | None) -> list[Any]:
    """The overridden instances of ``new`` whose RECURRENCE-ID ``old`` did not have."""
    had = {recurrence(e) for e in instances(old)}
    return [e for e in instances(new) if recurrence(e) not in had]


def instance_mail(instance: Any) -> tuple[str, str]:
    """(kind, subject) of the mail about one newly overridden instance."""
    summary = instance.get("summary", "")
    if str(instance.get("status", "")).upper() == "CANCELLED":
        return "imip-cancel", f"Cancelled: {summary}"
    return "imip-request", f"Invitation: {summary}"


def instances(data: str | None) -> list[Any]:
    """The overridden instances (VEVENTs with a RECURRENCE-ID) of an object."""
    if data is None:
        return []
    try:
        events = Calendar.from_ical(data).walk("VEVENT")
    except ValueError:
        return []
    return [e for e in events if "recurrence-id" in e]


def recurrence(event: Any) -> datetime:
    moment = event.decoded("recurrence-id")
    return moment.astimezone(UTC) if isinstance(moment, datetime) and moment.tzinfo \
        else moment


def change(event: Any, before: Any, deleted: bool) -> tuple[str, str]:
    """(kind, subject word) of the mail a write calls for, or ("", "")."""
    cancelled = str(event.get("status", "")).upper() == "CANCELLED"
    if deleted or (cancelled and before is not None and sequence(event) > sequence(before)):
        return "imip-cancel", "Cancelled"
    if before is None:
        return ("imip-cancel", "Cancelled") if cancelled else ("imip-request", "Invitation")
    if sequence(event) > sequence(before):
        return "imip-request", "Invitation updated"
    return "", ""


def master(data: str | None) -> Any:
    if data is None:
        return None
    try:
        events = Calendar.from_ical(data).walk("VEVENT")
    except ValueError:
        return None
    plain = [e for e in events if "recurrence-id" not in e]
    return (plain or events)[0] if events else None


def address(value: object) -> str:
    text = str(value)
    return text[7:].lower() if text.lower().startswith("mailto:") else ""


def organizer(event: Any) -> str:
    return address(event.get("organizer", ""))


def attendees(event: Any) -> list[str]:
    found = event.get("attendee", [])
    listed = found if isinstance(found, list) else [found]
    own = organizer(event)
    return [a for a in (address(v) for v in listed) if a and a != own]


def sequence(event: Any) -> int:
    try:
        return int(event.get("sequence", 0))
    except (TypeError, ValueError):
        return 0


def is_over(event: Any, now: datetime) -> bool:
    if "rrule" in event:
        return False
    end = event.get("dtend") or event.get("dtstart")
    if end is None:
        return False
    moment = end.dt
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment if isinstance(moment, date) else now.date(),
                                  datetime.min.time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment < now
