"""What each page shows, computed from the record for one signed-in person. Pure.

The HTML pages and the JSON API render the same view objects, so they cannot disagree.
Who may see which page is decided here too (``may_*``), next to what the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from zolicht import messages as M
from zolicht.clock import local
from zolicht.documents import network_picture
from zolicht.documents.fields import long_date
from zolicht.domain.audit import AuditEvent
from zolicht.domain.consent import age_on, requirement
from zolicht.domain.contacts import ContactPlan, aftercare, occurrences
from zolicht.domain.errors import InvalidInput
from zolicht.domain.method import HandOver, Task
from zolicht.domain.model import Access, Circle, Document, Family, Person
from zolicht.domain.visibility import Cell, cell, readers
from zolicht.services.decisions import Decided, Waiting
from zolicht.wording import cell_text, name_of, names_of, title_of, verb

if TYPE_CHECKING:
    from zolicht.reconcile import Outcome

UPCOMING = timedelta(days=90)


def has_a_say(family: Family, person: Person, document: Document, on: date) -> bool:
    subject = family.person(document.subject)
    return subject is not None and person.key in requirement(subject, family.people,
                                                             on).consenters


def may_decide(family: Family, person: Person, on: date) -> bool:
    """The family page and the audit page: family members whose consent any document needs."""
    return person.circle is Circle.FAMILY and any(
        has_a_say(family, person, d, on) for d in family.documents)


def may_open_family_page(person: Person) -> bool:
    return person.circle is Circle.FAMILY


def may_read_audit(family: Family, person: Person, on: date) -> bool:
    return person.circle is Circle.PROFESSIONAL or may_decide(family, person, on)


@dataclass(frozen=True)
class Notice:
    """A sentence shown once at the top of a page, after a change."""

    text: str
    problem: bool = False
    """Something did not happen (yet): shown as a problem, not as done."""
    card: str = ""
    """The document whose card it is shown in (where the person tapped); "" at the top."""
    undo: str = ""
    """The one-time token of its "Ongedaan maken"; "" when it offers none."""


def decided_notice(decided: Decided) -> Notice:
    """What to say after the viewer's yes or stop (``decisions.decide``'s outcome), from the
    record after the change, in the document's card; times in Dutch time."""
    return replace(_decided_notice(decided), card=decided.document)


def _decided_notice(decided: Decided) -> Notice:
    family, decision = decided.recorded.family, decided.recorded.decision
    names = {"member": name_of(family, decided.member),
             "document": title_of(family, decided.document)}
    if decided.waiting is Waiting.NO_ACCOUNT:
        return Notice(M.WEB_YES_NO_ACCOUNT.format(**names), problem=True)
    if decided.waiting is Waiting.NEXTCLOUD:
        text = M.WEB_YES_NOT_APPLIED if decision.allowed else M.WEB_STOP_NOT_APPLIED
        return Notice(text.format(**names), problem=True)
    if not decided.on:
        return Notice(M.WEB_DONE_OFF.format(**names, time=f"{decided.at:%H:%M}"))
    if decision.allowed:
        return Notice(M.WEB_DONE_ON.format(**names))
    if decision.refused_by:
        return Notice(M.WEB_YES_REFUSED.format(**names, refused=names_of(
            family, decision.refused_by), wants=verb(len(decision.refused_by), M.WANTS)))
    text = M.WEB_DONE_WAITING.format(**names, missing=names_of(family, decision.missing),
                                     says=verb(len(decision.missing), M.SAYS))
    person = family.person(decided.member)
    if person is not None and not person.has_account:
        text += " " + M.WEB_ALSO_NO_ACCOUNT.format(**names)
    return Notice(text)


def apply_notice(outcome: Outcome | None) -> Notice:
    """What to say after the professional applied the family (``Site.apply``'s outcome)."""
    if outcome is None:
        return Notice(M.WEB_NEXTCLOUD_UNREACHABLE, problem=True)
    if outcome.complete:
        return Notice(M.WEB_APPLIED)
    if outcome.temporary:
        return Notice(M.WEB_APPLY_WAITING, problem=True)
    return Notice(M.WEB_APPLY_FAILED.format(error=outcome.error), problem=True)


@dataclass(frozen=True)
class Row:
    member: str
    """Person key of the network member."""
    name: str
    status: str
    sees: bool
    mine: bool | None
    """None: the viewer has no say; True: the viewer's yes is recorded; False: not."""
    edit: bool = False
    """The terms asked so far: may change it too (else only read) ..."""
    until: date | None = None
    """... until this day (None: without end)."""

    @property
    def button(self) -> str | None:
        if self.mine is None:
            return None
        return M.WEB_STOP if self.mine else M.WEB_ALLOW


@dataclass(frozen=True)
class Card:
    document: str
    title: str
    about: str
    rule: str
    seen_by: str
    rows: tuple[Row, ...]
    link: str = ""
    """Where the viewer opens it in Nextcloud; "" when they cannot see it themselves (or
    the pages do not know Nextcloud)."""


@dataclass(frozen=True)
class FamilyPage:
    family: str
    family_name: str
    viewer: str
    cards: tuple[Card, ...]
    accounts: Mapping[str, AccountState] = field(default_factory=dict)


class AccountState(Enum):
    """Where a network member's account stands, as Nextcloud says (``Site.accounts``)."""

    NONE = "none"
    """No account in Nextcloud (yet): nothing can reach them."""
    INVITED = "invited"
    """The account is there, but they never signed in: shared things wait for them."""
    SIGNED_IN = "signed-in"
    """They signed in at least once."""


def family_page(family: Family, viewer: Person, on: date,
                unapplied: frozenset[tuple[str, str]] = frozenset(),
                links: Mapping[str, str] | None = None,
                accounts: Mapping[str, AccountState] | None = None) -> FamilyPage:
    """A card per document the viewer may see or has a say about; a row per network member.
    ``unapplied``: (document, member) changes Nextcloud did not take yet. ``links``: per
    document key, where it opens in Nextcloud (given on the cards the viewer sees).
    ``accounts``: per member key, where their account stands (unknown ones as if signed
    in: the page then says what the record says)."""
    links, accounts = links or {}, accounts or {}
    seen = readers(family, on)
    network = list(family.involved(Circle.NETWORK))
    network_keys = {p.key for p in family.people if p.circle is Circle.NETWORK}
    cards = []
    for document in sorted(family.documents, key=lambda d: (d.subject, d.title)):
        say = has_a_say(family, viewer, document, on)
        if not (say or viewer.key in seen[document.key]):
            continue
        subject = family.person(document.subject)
        assert subject is not None
        need = requirement(subject, family.people, on)
        others = [k for k in seen[document.key] if k not in network_keys]
        rows = tuple(_row(family, document, member, viewer, on, say,
                          (document.key, member.key) in unapplied, accounts.get(member.key))
                     for member in network)
        cards.append(Card(
            document.key, document.title, _about(subject, on),
            M.RULE_EXPLAINED[need.rule.value].format(subject=subject.name, age=need.age),
            _seen_by(family, others), rows,
            links.get(document.key, "") if viewer.key in seen[document.key] else ""))
    return FamilyPage(family.slug, family.name, viewer.name, tuple(cards), accounts)


@dataclass(frozen=True)
class PersonDocument:
    document: str
    title: str
    status: str
    sees: bool
    link: str = ""


@dataclass(frozen=True)
class PersonPage:
    """"Wat kan Oma Ria zien?": one network member's row of every card of the family page."""

    family_name: str
    viewer: str
    member: str
    name: str
    documents: tuple[PersonDocument, ...]
    account: str = ""
    """Where the member's account stands, in words ("" when not known)."""


def person_page(page: FamilyPage, member: str) -> PersonPage | None:
    """The family page's rows for one network member, card by card; None when the member
    has no row there (not in the network, never to be involved, or unknown)."""
    found = [(card, row) for card in page.cards for row in card.rows if row.member == member]
    names = {row.name for card in page.cards for row in card.rows if row.member == member}
    if not names:
        return None
    name = names.pop()
    state = page.accounts.get(member)
    return PersonPage(page.family_name, page.viewer, member, name, tuple(
        PersonDocument(card.document, card.title, row.status, row.sees, card.link)
        for card, row in found),
        M.WEB_ACCOUNT_STATE[state.value].format(name=name) if state else "")


@dataclass(frozen=True)
class NetworkMap:
    """The network map on a page: the picture (SVG markup, escaped where it holds names)
    and the same in words, ring by ring."""

    svg: str
    intro: str
    rings: tuple[tuple[str, tuple[str, ...]], ...]
    circles_svg: str = ""
    """The youth's safety circles, drawn; empty when nobody is in them yet."""
    circles_text: str = ""
    """Above the safety circles: when they were mapped, or that nobody is in them yet."""
    circles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    circles_shown: bool = True
    """False for a viewer who is not the youth the circles are about."""


def network_map(family: Family, on: date, viewer: Person | None = None) -> NetworkMap:
    """The family's network map as it stands on ``on``, and the youth's safety circles;
    never-involved people left out of both. The circles are the youth's own answers: with
    a ``viewer`` (the family page) they are shown only to that youth, not to the parents."""
    centre = network_picture.centre_of(family, on)
    if viewer is not None and viewer.name != centre:
        return NetworkMap(network_picture.svg(family, on, ident="netwerkkaart"),
                          network_picture.intro(family, on), network_picture.words(family, on),
                          circles_shown=False)
    drawn = bool(network_picture.circled(family, on))
    return NetworkMap(
        network_picture.svg(family, on, ident="netwerkkaart"),
        network_picture.intro(family, on), network_picture.words(family, on),
        network_picture.safety_svg(family, on, centre, ident="veiligheidscirkels")
        if drawn else "",
        network_picture.intro(family, on) if drawn else M.SAFETY_EMPTY.format(name=centre),
        network_picture.safety_words(family, on) if drawn else ())


def waiting(family: Family, on: date) -> list[Cell]:
    """Requests that still wait for someone's consent."""
    found = []
    for grant in family.grants:
        document, member = family.document(grant.document), family.person(grant.member)
        if document is None or member is None:
            continue
        c = cell(family, document, member, on)
        if c.access is None and c.decision.missing:
            found.append(c)
    return found


def _about(subject: Person, on: date) -> str:
    if subject.birth_date is None:
        return subject.name
    return f"{subject.name} ({age_on(subject.birth_date, on)})"


def _seen_by(family: Family, keys: list[str]) -> str:
    """Names of the people who may see a document; someone without an account cannot yet."""
    people = sorted((p for k in keys if (p := family.person(k))), key=lambda p: p.name)
    return ", ".join(p.name if p.has_account else M.WEB_NAME_NO_ACCOUNT.format(name=p.name)
                     for p in people)


def _row(family: Family, document: Document, member: Person, viewer: Person, on: date,
         say: bool, unapplied: bool, account: AccountState | None) -> Row:
    c = cell(family, document, member, on)
    grant = family.grant(document.key, member.key)
    mine = None
    if say:
        mine = grant is not None and viewer.key in grant.consented_by
    status, sees = cell_text(family, c), c.access is not None
    if sees and (not member.has_account or account is AccountState.NONE):
        status, sees = M.WEB_NO_ACCOUNT, False
    elif sees and account is AccountState.INVITED and not unapplied:
        status = M.WEB_INVITED.format(name=member.name)
    elif unapplied:
        status, sees = (M.WEB_SHARING if sees else M.WEB_STOPPING), False
    return Row(member.key, member.name, status, sees, mine,
               grant is not None and grant.access is Access.EDIT,
               grant.expires_on if grant is not None else None)


@dataclass(frozen=True)
class Shared:
    document: str
    title: str
    file_name: str
    edit: bool = False
    """The member may change it (else only read it)."""
    link: str = ""
    """Where it opens in Nextcloud ("" when the pages do not know Nextcloud)."""


@dataclass(frozen=True)
class Meeting:
    start: datetime
    title: str
    location: str
    cancelled: bool
    when: str = ""
    """The start in words: "woensdag 25 november 2026, 16:00"."""
    aftercare: bool = False


@dataclass(frozen=True)
class MemberTask:
    key: str
    what: str
    when: str
    agreed: str = ""
    """The day the member said "akkoord", in words; "" when not yet."""


@dataclass(frozen=True)
class MemberPage:
    family_name: str
    viewer: str
    documents: tuple[Shared, ...]
    meetings: tuple[Meeting, ...]
    helpers: tuple[tuple[str, str], ...] = field(default=())
    """(name, phone) of the family's professionals, to call with questions."""
    tasks: tuple[MemberTask, ...] = ()
    backup: tuple[str, str] | None = None
    """(name, phone) of the achterwacht, when the record names one."""


def member_tasks(family: Family, viewer: Person) -> tuple[Task, ...]:
    """The tasks this person does: theirs now, and those handed over to them."""
    return tuple(t for t in family.method.tasks if t.person == viewer.key
                 or (t.hand_over is HandOver.DONE and t.to == viewer.key))


def moment_words(start: datetime) -> str:
    """"woensdag 25 november 2026, 16:00"."""
    return M.MEMBER_MOMENT.format(day=long_date(start), time=f"{start:%H:%M}")


def member_page(family: Family, viewer: Person, plan: ContactPlan, on: date,
                links: Mapping[str, str] | None = None) -> MemberPage:
    """Only what was given to this person, the tasks they do, the moments they take part
    in, and whom to call. ``links``: per document key, where it opens in Nextcloud.

    Aftercare moments carry no participants of their own (``contacts.aftercare`` makes
    them for the whole plan): a member sees them when they take part in the regular
    contact (a series or a single moment of the plan), as the taper continues that
    contact; a member who was never invited to a moment sees none of them either."""
    seen = readers(family, on)
    links = links or {}
    documents = tuple(Shared(d.key, d.title, d.file_name,
                             seen[d.key][viewer.key] is Access.EDIT, links.get(d.key, ""))
                      for d in sorted(family.documents, key=lambda d: d.title)
                      if viewer.key in seen[d.key])
    later = on + UPCOMING
    meetings = [Meeting(o.start, o.title, o.location, o.cancelled, moment_words(o.start))
                for o in occurrences(plan, on, later, participant=viewer.key)]
    invited = (any(viewer.key in s.participants for s in plan.series)
               or any(viewer.key in m.participants for m in plan.moments))
    if invited:
        meetings += [Meeting(m.start, m.title, m.location, m.cancelled,
                             moment_words(m.start), aftercare=True)
                     for m in aftercare(plan) if m.start.date() >= on]
    helpers = tuple((p.name, p.phone or "") for p in family.people
                    if p.circle is Circle.PROFESSIONAL)
    backup_person = family.person(family.method.backup) if family.method.backup else None
    backup = None
    if backup_person is not None and not family.never_involved(backup_person.key):
        backup = (backup_person.name, backup_person.phone or "")
    tasks = tuple(MemberTask(t.key, t.what, t.when,
                             long_date(t.agreed_on) if t.agreed_on else "")
                  for t in member_tasks(family, viewer))
    return MemberPage(family.name, viewer.name, documents,
                      tuple(sorted(meetings, key=lambda m: (m.start, m.title))), helpers,
                      tasks, backup)


SHARING_ACTIONS = {"grant.consent": M.AUDIT_CONSENT, "grant.revoke": M.AUDIT_REVOKE,
                   "grant.request": M.AUDIT_REQUEST, "access.open": M.AUDIT_SHARED,
                   "access.close": M.AUDIT_UNSHARED}


def may_read_event(family: Family, viewer: Person, event: AuditEvent, on: date) -> bool:
    """Professionals read the family's whole log. Anyone else reads the events about the
    documents they may see or decide about today, and the events about themselves (their
    own yes or stop, a grant for them, a document about them)."""
    if viewer.circle is Circle.PROFESSIONAL:
        return True
    if {viewer.key, viewer.uid} & {event.member, event.on_behalf_of, event.subject}:
        return True
    document = family.document(event.document or "")
    return document is not None and (has_a_say(family, viewer, document, on) or
                                     cell(family, document, viewer, on).access is not None)


def audit_lines(family: Family, events: list[AuditEvent], viewer: Person,
                on: date) -> list[tuple[datetime, str]]:
    """Who shared what, when, as far as ``viewer`` may read it: newest first, in words;
    other events are left out."""
    names = {p.uid: p.name for p in family.people}  # access events name accounts
    names.update((p.key, p.name) for p in family.people)
    lines = []
    for event in events:
        template = SHARING_ACTIONS.get(event.action)
        if template is None or not may_read_event(family, viewer, event, on):
            continue
        who = names.get(event.on_behalf_of or "", M.AUDIT_SYSTEM)
        document = family.document(event.document or "")
        member = names.get(event.member or "", event.member or "")
        lines.append((local(event.at), template.format(
            who=who, member=member,
            document=f"'{document.title}'" if document else M.AUDIT_REMOVED)))
    # newest first, also among events of one moment: the one recorded last first
    return sorted(lines, key=lambda line: line[0])[::-1]


def month_of(moment: datetime) -> str:
    return f"{moment:%Y-%m}"


def audit_months(lines: list[tuple[datetime, str]]) -> list[tuple[str, str]]:
    """The months the lines fall in, newest first: (``YYYY-MM``, "november 2026")."""
    found = sorted({month_of(at) for at, _ in lines}, reverse=True)
    return [(month, f"{M.MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}") for month in found]


def lines_in(lines: list[tuple[datetime, str]], month: str) -> list[tuple[datetime, str]]:
    """The lines of one month (``YYYY-MM``); all lines for an empty month."""
    if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise InvalidInput("maand", M.WEB_MONTH_FORMAT.format(value=month))
    return [line for line in lines if not month or month_of(line[0]) == month]
