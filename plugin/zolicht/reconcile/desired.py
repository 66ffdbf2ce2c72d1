"""What a family's Nextcloud space should look like, derived from the record. Pure.

- a group for the family circle and one for the network (for calendars and forms; never
  used to share a document);
- an account for everyone who is to see anything (linked by ``nextcloud_user``, or
  created from their e-mail so Nextcloud mails them), for every family member with an
  e-mail address (they fill in the family's forms), plus everyone already linked;
- the folder ``<family name>/`` with its subfolders, owned by the service account;
- each document uploaded into the subfolder of its kind;
- exactly one user share per (document, reader): read (1), or read and change (3) for
  edit. Never a group, link or e-mail share, never the reshare bit (16).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from zolicht.calendar.ics import calendar_name, event_object
from zolicht.domain.contacts import ContactPlan, Moment, Series, all_moments
from zolicht.domain.model import Access, Circle, Document, DocumentKind, Family, Person
from zolicht.domain.naming import diagnosis_next_to_name
from zolicht.domain.visibility import readers

SUBFOLDERS = ("Psycho-educatie", "Afspraken", "Signaleringsplan", "Formulieren", "Dossier")
FOLDER_OF = {
    DocumentKind.PSYCHO_EDUCATION: "Psycho-educatie",
    DocumentKind.AFSPRAKEN: "Afspraken",
    DocumentKind.NETWORK_MAP: "Afspraken",
    DocumentKind.SIGNALERINGSPLAN: "Signaleringsplan",
    DocumentKind.FORM_EXPORT: "Formulieren",
    DocumentKind.DOSSIER: "Dossier",
}
PERMISSIONS = {Access.READ: 1, Access.EDIT: 3}


@dataclass(frozen=True)
class Account:
    uid: str
    person: str
    email: str | None
    display_name: str
    circle: Circle


@dataclass(frozen=True)
class DesiredFile:
    path: str
    document: str
    sha256: str


@dataclass(frozen=True)
class DesiredShare:
    path: str
    uid: str
    permissions: int
    document: str
    person: str


@dataclass(frozen=True)
class Desired:
    family: str
    root: str
    folders: tuple[str, ...]
    groups: dict[str, str]
    """Group id → display name."""
    members: dict[str, frozenset[str]]
    accounts: tuple[Account, ...]
    files: tuple[DesiredFile, ...]
    shares: frozenset[DesiredShare]
    problems: tuple[str, ...]


def uid_of(family: Family, person: Person) -> str:
    return person.nextcloud_user or f"{family.slug}-{person.key}"


def group_ids(slug: str) -> dict[Circle, str]:
    return {Circle.FAMILY: f"zolicht-{slug}-gezin", Circle.NETWORK: f"zolicht-{slug}-netwerk"}


def file_path(family: Family, document: Document) -> str:
    return f"{family.name}/{FOLDER_OF[document.kind]}/{document.file_name}"


def keeps_account(desired: Desired, person: Person, without: str) -> bool:
    """Whether ``person`` needs their account even leaving document ``without`` aside;
    then a decision about that one document cannot change the family's accounts and
    groups. (Someone who sees other documents but cannot have an account counts as no.)"""
    sees_other = any(s.person == person.key and s.document != without for s in desired.shares)
    return _needs_account(person, sees_other)


def _needs_account(person: Person, sees_something: bool) -> bool:
    """Someone who is to see a document, who fills in the family's forms, or who is
    linked to an account already."""
    fills_in_forms = person.circle is Circle.FAMILY and bool(person.email)
    return sees_something or fills_in_forms or bool(person.nextcloud_user)


def desired_state(family: Family, on: date, service_user: str) -> Desired:
    problems: list[str] = []
    seen = readers(family, on)
    accounts: dict[str, Account] = {}
    for person in family.people:
        if not _needs_account(person, any(person.key in who for who in seen.values())):
            continue
        if not (person.nextcloud_user or person.email):
            problems.append(f"{person.key}: needs an e-mail address or a Nextcloud account "
                            "before anything can be shared with them")
            continue
        uid = uid_of(family, person)
        accounts[person.key] = Account(uid, person.key, person.email, person.name, person.circle)
    files: list[DesiredFile] = []
    shares: set[DesiredShare] = set()
    for document in family.documents:
        if diagnosis_next_to_name(family, document.file_name):
            problems.append(f"{document.key}: file name {document.file_name!r} puts a "
                            "diagnosis next to a name; rename it before it is uploaded")
            continue
        path = file_path(family, document)
        files.append(DesiredFile(path, document.key, document.sha256))
        for person_key, access in seen[document.key].items():
            account = accounts.get(person_key)
            if account is None or account.uid == service_user:
                continue
            shares.add(DesiredShare(path, account.uid, PERMISSIONS[access], document.key,
                                    person_key))
    gids = group_ids(family.slug)
    members = {gid: frozenset(a.uid for a in accounts.values() if a.circle is circle
                              and a.uid != service_user)
               for circle, gid in gids.items()}
    return Desired(
        family=family.slug,
        root=family.name,
        folders=(family.name, *(f"{family.name}/{sub}" for sub in SUBFOLDERS)),
        groups={gids[Circle.FAMILY]: f"{family.name} (gezin)",
                gids[Circle.NETWORK]: f"{family.name} (netwerk)"},
        members=members,
        accounts=tuple(a for a in accounts.values() if a.uid != service_user),
        files=tuple(files),
        shares=frozenset(shares),
        problems=tuple(problems),
    )


FIXED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)
"""DTSTAMP used only to fingerprint an event, so that re-planning finds it unchanged."""


@dataclass(frozen=True)
class DesiredEvent:
    name: str
    """Object name in the calendar, ``<key>.ics``."""
    item: Series | Moment
    sha256: str


@dataclass(frozen=True)
class DesiredCalendar:
    uri: str
    name: str
    sharees: dict[str, str]
    """``users/<uid>`` → 'read' or 'read-write'."""
    events: tuple[DesiredEvent, ...]


def desired_calendar(family: Family, plan: ContactPlan, accounts: tuple[Account, ...],
                     service_user: str) -> DesiredCalendar | None:
    """The family's contact calendar: read-only for the family's account holders and for
    the network members who take part in a moment, read-write for its professionals.
    None when the plan has no moments yet."""
    # Regular moments end when care ends; a series that would only start later is dropped
    # (iCalendar counts DTSTART as an occurrence even when UNTIL lies before it).
    series = [replace(s, until=min(s.until, plan.closing)) if plan.closing else s
              for s in plan.series]
    series = [s for s in series if s.until >= s.first.date()]
    items: list[Series | Moment] = [*series, *all_moments(plan)]
    if not items:
        return None
    taking_part = {p for item in items for p in item.participants}
    sharees = {}
    for account in accounts:
        if account.uid == service_user:
            continue
        if account.circle is Circle.PROFESSIONAL:
            sharees[f"users/{account.uid}"] = "read-write"
        elif account.circle is Circle.FAMILY or account.person in taking_part:
            sharees[f"users/{account.uid}"] = "read"
    events = tuple(
        DesiredEvent(f"{item.key}.ics", item,
                     hashlib.sha256(event_object(family, item, FIXED_STAMP)).hexdigest())
        for item in items)
    return DesiredCalendar(f"zolicht-{family.slug}", calendar_name(family), sharees, events)
