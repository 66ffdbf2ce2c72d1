"""The family record: families, people, documents and grants.

Pure values, no I/O. People, documents and grants are identified inside their family by a
short key (``sanne``, ``uitleg-concentratie``); the family itself by its slug.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

from zolicht.domain.method import MethodRecord


class FamilyStatus(StrEnum):
    ACTIVE = "active"
    SCALING_DOWN = "scaling_down"
    AFTERCARE = "aftercare"
    CLOSED = "closed"


class Circle(StrEnum):
    FAMILY = "family"
    NETWORK = "network"
    PROFESSIONAL = "professional"


class DocumentKind(StrEnum):
    PSYCHO_EDUCATION = "psycho_education"
    SIGNALERINGSPLAN = "signaleringsplan"
    AFSPRAKEN = "afspraken"
    NETWORK_MAP = "network_map"
    FORM_EXPORT = "form_export"
    DOSSIER = "dossier"


class Sensitivity(StrEnum):
    """How careful to be with a document; every level is private until the family grants."""

    NORMAL = "normal"
    SENSITIVE = "sensitive"
    HEALTH = "health"


class Access(StrEnum):
    READ = "read"
    EDIT = "edit"


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    role: str
    circle: Circle
    birth_date: date | None = None
    has_authority: bool = False
    not_capable: bool = False
    """Recorded by a professional: this youth cannot weigh the decision (wilsonbekwaam)."""
    email: str | None = None
    phone: str | None = None
    nextcloud_user: str | None = None
    account: str = ""
    """The account id zolicht made (or will make) for this person; random and never given
    to anyone else. Empty until the person is stored."""
    notify: bool = True
    """Whether zolicht tells this person, through Nextcloud, that something waits for them
    (a question, something new to see); never with a title."""

    @property
    def uid(self) -> str:
        """Who this person is in Nextcloud: the linked account, else the one zolicht makes."""
        return self.nextcloud_user or self.account

    @property
    def has_account(self) -> bool:
        """Whether Nextcloud can give this person anything: an account is linked, or zolicht
        creates one from their e-mail address."""
        return bool(self.email or self.nextcloud_user)


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    kind: DocumentKind
    subject: str
    """Key of the person the document is about."""
    sensitivity: Sensitivity
    file_name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Consent:
    person: str
    given_at: datetime


@dataclass(frozen=True)
class Grant:
    """The family's decision, in progress or complete, that ``member`` may see ``document``.

    A grant is only effective when its consents satisfy the consent rules on the day asked
    (see ``zolicht.domain.consent``). ``refused_by`` holds the people whose revocation ended
    it; a refusal stands until that person consents again.
    """

    document: str
    member: str
    access: Access
    consents: tuple[Consent, ...] = ()
    refused_by: frozenset[str] = frozenset()
    created_at: datetime | None = None
    expires_on: date | None = None

    @property
    def consented_by(self) -> frozenset[str]:
        return frozenset(c.person for c in self.consents)


@dataclass(frozen=True)
class Family:
    slug: str
    name: str
    status: FamilyStatus = FamilyStatus.ACTIVE
    space: str = ""
    """Random and unique; every name of the family's objects in Nextcloud is made from it,
    never from the slug or the display name. Empty until the family is stored."""
    people: tuple[Person, ...] = ()
    documents: tuple[Document, ...] = ()
    grants: tuple[Grant, ...] = ()
    method: MethodRecord = MethodRecord()
    """The method's cycle: network maps, evaluations, tasks, the "never involve" list."""

    def person(self, key: str) -> Person | None:
        return self._people.get(key)

    def document(self, key: str) -> Document | None:
        return self._documents.get(key)

    def grant(self, document: str, member: str) -> Grant | None:
        return self._grants.get((document, member))

    @cached_property
    def _people(self) -> dict[str, Person]:
        """People by key (the first, as a search would find), built once: the visibility
        matrix asks for every person of every document."""
        found: dict[str, Person] = {}
        for person in self.people:
            found.setdefault(person.key, person)
        return found

    @cached_property
    def _documents(self) -> dict[str, Document]:
        """Documents by key (the first, as a search would find), built once."""
        found: dict[str, Document] = {}
        for document in self.documents:
            found.setdefault(document.key, document)
        return found

    @cached_property
    def _grants(self) -> dict[tuple[str, str], Grant]:
        """Grants by (document, member), the first of each, built once."""
        found: dict[tuple[str, str], Grant] = {}
        for grant in self.grants:
            found.setdefault((grant.document, grant.member), grant)
        return found

    def never_involved(self, key: str) -> bool:
        """Whether the family said this person must never be involved: they get no share,
        no calendar, no form, and appear in no document."""
        person = self.person(key)
        return person is not None and self.method.never_involved(person.key, person.name)

    def involved(self, circle: Circle) -> tuple[Person, ...]:
        """The people of ``circle`` who may be involved (not on the "never involve" list)."""
        return tuple(p for p in self.people
                     if p.circle is circle and not self.method.never_involved(p.key, p.name))
