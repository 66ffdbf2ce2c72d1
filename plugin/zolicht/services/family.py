"""Commands on families, people and documents."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from zolicht import messages as M
from zolicht.context import Context
from zolicht.documents import sheets
from zolicht.documents.render import youth_of
from zolicht.domain.diagnoses import diagnosis_next_to_name
from zolicht.domain.errors import Conflict, InvalidInput, NotFound
from zolicht.domain.model import (
    Circle,
    Document,
    DocumentKind,
    Family,
    FamilyStatus,
    Grant,
    Person,
    Sensitivity,
)
from zolicht.services import validation as check
from zolicht.store.repository import FamilySummary


def create_family(ctx: Context, slug: str, name: str,
                  status: FamilyStatus = FamilyStatus.ACTIVE) -> None:
    slug, name = check.key("slug", slug), check.text("name", name)
    with ctx.store.transaction() as tx:
        tx.families.create(slug, name, status, ctx.now())
        ctx.record(tx, "family.create", slug, reason=name)


FAMILY_WORD = re.compile(r"^gezin[\s-]+", re.IGNORECASE)
""""Gezin" before a family's name is left out of the slug made from it."""


def slug_from(name: str, taken: Callable[[str], bool]) -> str:
    """A free slug made from a family's name: "Gezin Bakker" → ``bakker``, then
    ``bakker-2`` etc. (``taken`` says whether a slug is in use)."""
    plain = unicodedata.normalize("NFKD", FAMILY_WORD.sub("", name.strip()) or name)
    ascii_ = plain.encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:58].strip("-") or "gezin"
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_with_professional(ctx: Context, name: str, slug: str,
                             professional: Person) -> Family:
    """A new active family named ``name`` with ``professional`` as its first person, in one
    transaction: nothing is made when anything is refused. An empty ``slug`` is made from
    the name (free, so another family of the same name gets ``-2``); a given one is checked
    as ``zolicht family create`` checks it, and one in use is a Conflict."""
    name = check.text("name", name)
    if professional.circle is not Circle.PROFESSIONAL:
        raise InvalidInput("circle", M.CHOICE_RULE.format(choices="professional",
                                                          value=professional.circle.value))
    person = check.person(professional, ctx.today())
    with ctx.store.transaction() as tx:
        slug = check.key("slug", slug.strip()) if slug.strip() \
            else slug_from(name, tx.families.exists)
        tx.families.create(slug, name, FamilyStatus.ACTIVE, ctx.now())
        ctx.record(tx, "family.create", slug, reason=name)
        tx.families.add_people(slug, [person])
        ctx.record(tx, "person.add", slug, member=person.key, reason=person.circle.value)
        return tx.families.load(slug)


def list_families(ctx: Context) -> list[FamilySummary]:
    with ctx.store.reading() as tx:
        return tx.families.summaries()


def load_family(ctx: Context, slug: str) -> Family:
    with ctx.store.reading() as tx:
        return tx.families.load(slug)


def set_status(ctx: Context, slug: str, status: str) -> FamilyStatus:
    """Change the status. Ending care (aftercare or closed) without a closing date in the
    contact plan sets it to today: regular moments stop and the aftercare taper starts."""
    new = check.choice("status", status, FamilyStatus)
    with ctx.store.transaction() as tx:
        old = tx.families.load(slug).status
        tx.families.set_status(slug, new)
        ctx.record(tx, "family.status", slug, reason=f"{old.value} -> {new.value}")
        contacts = tx.contacts(slug)
        plan = contacts.load()
        if new in (FamilyStatus.AFTERCARE, FamilyStatus.CLOSED) and plan.closing is None:
            contacts.save_settings(replace(plan, closing=ctx.today()))
            ctx.record(tx, "contact.plan", slug, reason=f"closing={ctx.today()} (care ended)")
    return new


def add_person(ctx: Context, slug: str, person: Person) -> Person:
    person = check.person(person, ctx.today())
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        if family.person(person.key):
            raise Conflict("key", M.PERSON_EXISTS.format(value=person.key))
        check.distinct_name("name", person, family.people)
        tx.families.add_people(slug, [person])
        ctx.record(tx, "person.add", slug, member=person.key, reason=person.circle.value)
    return person


def change_person(ctx: Context, slug: str, key: str, changes: dict[str, Any]) -> Person:
    """Change some fields of a person. Consents that stop counting are dropped, not kept."""
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        old = person_or_fail(family, key)
        new = check.person(replace(old, **changes), ctx.today())
        check.distinct_name("name", new, family.people)
        tx.families.update_person(slug, new)
        ctx.record(tx, "person.change", slug, member=key, reason=", ".join(sorted(changes)))
        lost_say = (old.has_authority and not new.has_authority) or (
            new.not_capable and not old.not_capable
        )
        if lost_say:
            dropped = drop_consents_by(family.grants, key)
            tx.families.save_grants(slug, dropped, ctx.now())
            for grant in dropped:
                ctx.record(tx, "grant.consent_dropped", slug, on_behalf_of=key,
                           document=grant.document, member=grant.member,
                           reason="consent no longer counts")
    return new


def remove_person(ctx: Context, slug: str, key: str) -> Person:
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        person = person_or_fail(family, key)
        about = [d for d in family.documents if d.subject == key]
        if about:
            raise Conflict("person", M.PERSON_IS_SUBJECT.format(name=person.name,
                                                                count=len(about)))
        tx.families.remove_person(slug, key)
        ctx.record(tx, "person.remove", slug, member=key)
    return person


def add_document(
    ctx: Context,
    slug: str,
    key: str,
    source: Path,
    title: str,
    subject: str,
    kind: str = DocumentKind.PSYCHO_EDUCATION.value,
    sensitivity: str = Sensitivity.SENSITIVE.value,
    file_name: str | None = None,
) -> Document:
    content = read_source("file", source)
    with ctx.store.transaction() as tx:
        family = tx.families.load(slug)
        document = checked_document(
            family,
            Document(
                key=key, title=title, kind=check.choice("kind", kind, DocumentKind),
                subject=subject,
                sensitivity=check.choice("sensitivity", sensitivity, Sensitivity),
                file_name=file_name or source.name,
                sha256=hashlib.sha256(content).hexdigest(), size=len(content),
            ),
        )
        tx.families.add_documents(slug, [(document, content)])
        ctx.record(tx, "document.add", slug, document=document.key, subject=document.subject,
                   reason=document.kind.value)
    return document


def list_sheets(ctx: Context) -> list[sheets.Sheet]:
    """The ready-made sheets the product ships (``sheets/``)."""
    return sheets.available()


def add_sheet(ctx: Context, slug: str, name: str, about: str | None = None) -> Document:
    """Add ready-made sheet ``name`` to family ``slug`` as a psycho-education document
    (key and file name from the sheet's name, title from its heading, sensitivity normal),
    about ``about`` or else the family's youth. Nobody in the network sees it until granted."""
    sheet = sheets.find(name)
    if sheet.for_professional:
        raise InvalidInput("sheet", M.SHEET_FOR_PROFESSIONAL.format(value=sheet.name,
                                                                    path=sheet.path))
    family = load_family(ctx, slug)
    if family.document(sheet.name):
        raise Conflict("sheet", M.SHEET_ALREADY_ADDED.format(value=sheet.name, family=slug))
    subject = about if about is not None else youth_of(family, ctx.today()).key
    return add_document(ctx, slug, sheet.name, sheet.path, sheet.title, subject,
                        DocumentKind.PSYCHO_EDUCATION.value, Sensitivity.NORMAL.value,
                        sheet.path.name)


def remove_document(ctx: Context, slug: str, key: str) -> None:
    with ctx.store.transaction() as tx:
        document = document_or_fail(tx.families.load(slug), key)
        tx.families.remove_document(slug, key)
        ctx.record(tx, "document.remove", slug, document=key, subject=document.subject)


def checked_document(family: Family, document: Document, prefix: str = "") -> Document:
    """Validate ``document`` against the rules and against what ``family`` already has."""
    document = replace(
        document,
        key=check.key(prefix + "key", document.key),
        title=check.text(prefix + "title", document.title, check.TITLE_LIMIT),
        file_name=check.file_name(prefix + "file_name", document.file_name),
    )
    for field in ("title", "file_name"):
        if diagnosis_next_to_name(family, getattr(document, field)):
            raise InvalidInput(prefix + field, M.DIAGNOSIS_NEXT_TO_NAME)
    subject = person_or_fail(family, document.subject, prefix + "subject")
    if subject.circle is not Circle.FAMILY:
        raise InvalidInput(prefix + "subject", M.SUBJECT_NOT_FAMILY.format(
            name=subject.name, circle=subject.circle.value))
    if family.document(document.key):
        raise Conflict(prefix + "key", M.DOCUMENT_EXISTS.format(value=document.key))
    if any(d.file_name == document.file_name for d in family.documents):
        raise Conflict(prefix + "file_name", M.FILE_NAME_EXISTS.format(value=document.file_name))
    return document


def read_source(field: str, source: Path, limit: int = -1) -> bytes:
    """The bytes of file ``source``: all of them, or at most ``limit``."""
    try:
        with source.open("rb") as opened:
            content = opened.read(limit)
    except (OSError, ValueError):
        raise InvalidInput(field, M.FILE_MISSING.format(value=check.shown(str(source)))) from None
    if not content:
        raise InvalidInput(field, M.FILE_EMPTY)
    return content


def drop_consents_by(grants: tuple[Grant, ...], key: str) -> list[Grant]:
    """The grants that held a consent of ``key``, without it."""
    return [
        replace(g, consents=tuple(c for c in g.consents if c.person != key))
        for g in grants
        if key in g.consented_by
    ]


def person_or_fail(family: Family, key: str, field: str = "person") -> Person:
    person = family.person(key)
    if person is None:
        raise NotFound(field, M.UNKNOWN_PERSON.format(value=check.shown(key),
                                                      family=family.slug))
    return person


def document_or_fail(family: Family, key: str, field: str = "document") -> Document:
    document = family.document(key)
    if document is None:
        raise NotFound(field, M.UNKNOWN_DOCUMENT.format(value=check.shown(key),
                                                        family=family.slug))
    return document
