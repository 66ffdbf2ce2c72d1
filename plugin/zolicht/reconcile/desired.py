"""What a family's Nextcloud space should look like, derived from the record. Pure.

- an account for everyone who is to see anything (linked by ``nextcloud_user``, or made
  from their e-mail so Nextcloud mails them), for every family member with an e-mail
  address (they fill in the family's forms), plus everyone already linked;
- a group per circle: the family and the network (for calendars and forms), and the
  professionals, who may read and change everything in the family folder through one
  share of the folder;
- the family folder with its subfolders, owned by the service account, each document
  uploaded into the subfolder of its kind;
- per document, a read group with one share (read), and while anyone outside the
  professionals may change it, an edit group with one share (read and change). Whoever may
  see the document is a member of its read group, and whoever may change it also of its
  edit group (so they can read at once, even before an edit share exists).

A yes or a stop is therefore a group membership, which Nextcloud does not rate limit;
only a new document costs new shares (Nextcloud allows an account 20 per 10 minutes).
Never a link or e-mail share, never the reshare bit (16). All names come from the family's
random ``space`` (``names.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from zolicht import messages as M
from zolicht.calendar.ics import Organizer, calendar_name, event_object
from zolicht.domain import names
from zolicht.domain.contacts import ContactPlan, Moment, Series, all_moments
from zolicht.domain.diagnoses import diagnosis_next_to_name
from zolicht.domain.model import Access, Circle, Document, DocumentKind, Family, Person
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
"""Read; read and change. For the professionals' share of the folder: the same, so they
can change the family's files but not add or remove any."""


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
    """One group share: of a document (or, for the professionals, of the folder)."""

    path: str
    group: str
    permissions: int
    document: str = ""


@dataclass(frozen=True)
class Desired:
    family: str
    space: str
    root: str
    folders: tuple[str, ...]
    groups: frozenset[str]
    """Every group of the family (all start with ``names.group_prefix(space)``)."""
    members: dict[str, frozenset[str]]
    """Group id → the account ids that belong in it."""
    accounts: tuple[Account, ...]
    files: tuple[DesiredFile, ...]
    shares: frozenset[DesiredShare]
    problems: tuple[str, ...]

    @property
    def group_prefix(self) -> str:
        return names.group_prefix(self.space)

    def groups_of(self, document: str) -> frozenset[str]:
        """The groups whose share opens ``document``."""
        return frozenset(s.group for s in self.shares if s.document == document)

    def sees_besides(self, uid: str, document: str) -> bool:
        """Whether account ``uid`` is to see any document other than ``document``."""
        return any(uid in self.members.get(s.group, ()) for s in self.shares
                   if s.document and s.document != document)

    def document_of_group(self, gid: str) -> str:
        """The document a group opens ("" for the circles' groups)."""
        return next((s.document for s in self.shares if s.group == gid), "")


def file_path(family: Family, document: Document) -> str:
    return f"{names.root(family.space)}/{FOLDER_OF[document.kind]}/{document.file_name}"




def needs_account(person: Person, sees_something: bool) -> bool:
    """Someone who is to see a document, who fills in the family's forms, or who is
    linked to an account already."""
    fills_in_forms = person.circle is Circle.FAMILY and bool(person.email)
    return sees_something or fills_in_forms or bool(person.nextcloud_user)


def desired_state(family: Family, on: date, service_user: str) -> Desired:
    problems: list[str] = []
    seen = readers(family, on)
    accounts: dict[str, Account] = {}
    for person in family.people:
        if family.never_involved(person.key) or not needs_account(
                person, any(person.key in who for who in seen.values())):
            continue
        if not person.has_account:
            problems.append(M.PLAN_NEEDS_ADDRESS.format(key=person.key))
            continue
        if person.uid != service_user:
            accounts[person.key] = Account(person.uid, person.key, person.email, person.name,
                                           person.circle)
    space, root = family.space, names.root(family.space)
    members = {names.circle_group(space, circle): frozenset(
        a.uid for a in accounts.values() if a.circle is circle) for circle in Circle}
    professionals = names.circle_group(space, Circle.PROFESSIONAL)
    shares = {DesiredShare(root, professionals, PERMISSIONS[Access.EDIT])}
    files: list[DesiredFile] = []
    for document in family.documents:
        if diagnosis_next_to_name(family, document.file_name):
            problems.append(M.PLAN_DIAGNOSIS_IN_FILE_NAME.format(
                key=document.key, file_name=document.file_name))
            continue
        path = file_path(family, document)
        files.append(DesiredFile(path, document.key, document.sha256))
        others = {accounts[key].uid: access for key, access in seen[document.key].items()
                  if key in accounts and accounts[key].circle is not Circle.PROFESSIONAL}
        for level in Access:
            group = names.document_group(space, document.key, level)
            allowed = frozenset(uid for uid, access in others.items()
                                if level is Access.READ or access is Access.EDIT)
            if level is Access.READ or allowed:
                members[group] = allowed
                shares.add(DesiredShare(path, group, PERMISSIONS[level], document.key))
    return Desired(
        family=family.slug,
        space=space,
        root=root,
        folders=(root, *(f"{root}/{sub}" for sub in SUBFOLDERS)),
        groups=frozenset(members),
        members=members,
        accounts=tuple(accounts.values()),
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
    organizer: Organizer | None = None
    """Who invites (the service account's address); without one Nextcloud sends no
    invitations."""


def desired_calendar(family: Family, plan: ContactPlan, accounts: tuple[Account, ...],
                     organizer: Organizer | None = None) -> DesiredCalendar | None:
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
    taking_part = {p for item in items for p in item.participants
                   if not family.never_involved(p)}
    sharees = {}
    for account in accounts:
        if account.circle is Circle.PROFESSIONAL:
            sharees[f"users/{account.uid}"] = "read-write"
        elif account.circle is Circle.FAMILY or account.person in taking_part:
            sharees[f"users/{account.uid}"] = "read"
    events = tuple(
        DesiredEvent(f"{item.key}.ics", item, hashlib.sha256(
            event_object(family, item, FIXED_STAMP, organizer)).hexdigest())
        for item in items)
    return DesiredCalendar(names.calendar_uri(family.space), calendar_name(family), sharees,
                           events, organizer)
