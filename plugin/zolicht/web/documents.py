"""The professional's documents: what the page ``/hulpverlener/{slug}/documenten`` and the
API show, and the actions both take. Every change goes through the services the command
line uses (``document add``, ``document sheet``, ``document remove``, ``render --store``,
``documents finalize``, ``documents propose``): the same checks, nothing changed on bad
input. Uploaded files are read into a scratch folder of their own and never kept there."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from zolicht import messages as M
from zolicht.documents.controls import read_controls
from zolicht.documents.readback import kind_of
from zolicht.documents.render import KINDS, TITLES, finalize
from zolicht.documents.sheets import Sheet
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Document, DocumentKind, Family
from zolicht.domain.proposals import member_key
from zolicht.domain.visibility import readers
from zolicht.services import documents as word
from zolicht.services import family as families
from zolicht.services import validation as check
from zolicht.services.documents import ReadBack
from zolicht.web.site import Site
from zolicht.wording import name_of

UPLOAD_LIMIT = 10 * 1024 * 1024
"""The largest file a professional can upload (Nextcloud's own limits are larger)."""
VERSION = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,2}")
KIND_NAMES = {v: k for k, v in M.CHOICES["document_kind"].items()}
"""The document kinds in Dutch, by the record's value."""
NOT_WORD = (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError)
"""What reading a file that is no Word document zolicht can read raises (lxml's parse
errors are SyntaxErrors)."""


@dataclass(frozen=True)
class DocumentRow:
    key: str
    title: str
    """Neutral: the network may see it once the family says yes."""
    kind: str
    """In Dutch."""
    about: str
    """The name of the person it is about."""
    subject: str
    """Their key."""
    file_name: str
    sensitivity: str
    """In Dutch."""
    network_sees: int
    """How many network members may see it today (by the consent rules)."""


@dataclass(frozen=True)
class SheetRow:
    name: str
    title: str
    audience: str


@dataclass(frozen=True)
class Subject:
    key: str
    name: str


@dataclass(frozen=True)
class WordKind:
    kind: str
    title: str


@dataclass(frozen=True)
class DocumentsPage:
    family: str
    family_name: str
    documents: tuple[DocumentRow, ...]
    subjects: tuple[Subject, ...]
    """Whom a document can be about: the family circle."""
    sheets: tuple[SheetRow, ...]
    """The ready-made sheets a family's folder can still get (not the professional's own
    guides, not the ones already added)."""
    word: tuple[WordKind, ...]
    waiting: int
    """Open proposals, on the proposals page."""


def seen_text(count: int) -> str:
    return M.WEB_DOCUMENTS_SEEN.get(count) or M.WEB_DOCUMENTS_SEEN_MANY.format(count=count)


def waiting_text(count: int) -> str:
    return M.WEB_DOCUMENTS_WAITING.get(count) or M.WEB_DOCUMENTS_WAITING_MANY.format(
        count=count)


def documents_page(family: Family, on: date, sheets: Sequence[Sheet],
                   waiting: int) -> DocumentsPage:
    seen = readers(family, on)
    network = {p.key for p in family.people if p.circle is Circle.NETWORK}
    rows = tuple(DocumentRow(
        d.key, d.title, KIND_NAMES.get(d.kind.value, d.kind.value), name_of(family, d.subject),
        d.subject, d.file_name,
        M.WEB_DOCUMENTS_SENSITIVITIES.get(d.sensitivity.value, d.sensitivity.value),
        len(network & set(seen.get(d.key, {})))) for d in family.documents)
    subjects = tuple(Subject(p.key, p.name) for p in family.people
                     if p.circle is Circle.FAMILY)
    offered = tuple(SheetRow(s.name, s.title, s.audience) for s in sheets
                    if not s.for_professional and family.document(s.name) is None)
    return DocumentsPage(family.slug, family.name, rows, subjects, offered,
                         tuple(WordKind(k, TITLES[k]) for k in KINDS), waiting)


# -- actions -------------------------------------------------------------------------------------
def error_text(error: InvalidInput) -> str:
    """The service's field and rule, in Dutch."""
    field = error.field.rsplit(".", 1)[-1]
    names = {**M.WEB_FIELD_NAMES, **M.WEB_DOCUMENT_FIELD_NAMES}
    return M.WEB_FIELD_ERROR.format(field=names.get(field, field), message=error.message)


def received(content: bytes, name: str | None) -> bytes:
    """An uploaded file's bytes, refused when there is none, it is empty or too big."""
    if not name and not content:
        raise InvalidInput("file", M.WEB_FILE_NO_NAME)
    if not content:
        raise InvalidInput("file", M.FILE_EMPTY)
    if len(content) > UPLOAD_LIMIT:
        raise InvalidInput("file", M.WEB_FILE_TOO_BIG.format(
            limit=UPLOAD_LIMIT // (1024 * 1024)))
    return content


def sensitivity_of(value: str) -> str:
    """A sensitivity given in Dutch (gewoon, gevoelig, gezondheid) or as the record has it."""
    return M.CHOICES["sensitivity"].get(value, value) or "sensitive"


def upload(site: Site, uid: str, slug: str, content: bytes, file_name: str, title: str,
           about: str, sensitivity: str = "sensitive") -> Document:
    """Add an uploaded file as a psycho-education document, as ``zolicht document add``
    does: its key made from the file name, nobody in the network sees it until granted."""
    content = received(content, file_name)
    ctx = site.context(uid)
    family = families.load_family(ctx, slug)
    stem = file_name.rsplit(".", 1)[0] if "." in file_name.strip(".") else file_name
    key = member_key(stem, {d.key for d in family.documents})
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "upload"
        source.write_bytes(content)
        return families.add_document(ctx, slug, key, source, title, about,
                                     DocumentKind.PSYCHO_EDUCATION.value,
                                     sensitivity_of(sensitivity), file_name=file_name)


def add_sheet(site: Site, uid: str, slug: str, name: str, about: str = "") -> Document:
    """``zolicht document sheet``: the professional's own guides are refused."""
    return families.add_sheet(site.context(uid), slug, name, about or None)


def remove(site: Site, uid: str, slug: str, key: str) -> Document:
    ctx = site.context(uid)
    document = families.document_or_fail(families.load_family(ctx, slug), key)
    families.remove_document(ctx, slug, key)
    return document


def version_of(value: str) -> str:
    value = value.strip() or "1"
    if not VERSION.fullmatch(value):
        raise InvalidInput("version", M.WEB_VERSION_RULE.format(value=check.shown(value)))
    return value


def render(site: Site, uid: str, slug: str, kind: str, about: str = "",
           version: str = "1") -> bytes:
    """``zolicht render``: the Word document, filled from the record."""
    return word.render_for(site.context(uid), slug, kind, about or None,
                           version_of(version)).content


def store(site: Site, uid: str, slug: str, kind: str, about: str = "", version: str = "1",
          final: bool = False) -> Document:
    """``zolicht render --store``: a version in the family's folder (without the youth's
    safety circles), finalised first if asked; nobody in the network sees it until
    granted."""
    ctx, version = site.context(uid), version_of(version)
    rendered = word.render_for(ctx, slug, kind, about or None, version, shared=True)
    if final:
        rendered = replace(rendered, content=finalize(rendered.content, version))
    return word.store(ctx, slug, kind, rendered, version)


def word_name(kind: str) -> str:
    return TITLES.get(kind, kind)


def _checked_word(path: Path, kind: str | None) -> str:
    """The kind of the Word document in ``path`` that zolicht made (``kind`` when given);
    bad input when it is none or another."""
    try:
        found = kind_of(path)
        read_controls(path)
    except NOT_WORD:
        raise InvalidInput("file", M.WEB_NOT_WORD) from None
    if found not in KINDS:
        raise InvalidInput("file", M.DOCUMENT_NOT_OURS)
    if kind is not None and found != kind:
        raise InvalidInput("file", M.WEB_WRONG_KIND.format(kind=word_name(kind),
                                                           found=word_name(found)))
    return found


def finalised(content: bytes, file_name: str | None, version: str = "1",
              kind: str | None = None) -> tuple[str, bytes]:
    """``zolicht documents finalize``: a completed Word document zolicht made, with empty
    fields taken out and version and status "definitief" set; its kind and its bytes."""
    content, version = received(content, file_name), version_of(version)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "upload.docx"
        path.write_bytes(content)
        found = _checked_word(path, kind)
    try:
        return found, finalize(content, version)
    except NOT_WORD:
        raise InvalidInput("file", M.WEB_NOT_WORD) from None


def read_back(site: Site, uid: str, slug: str, content: bytes, file_name: str | None,
              kind: str | None = None) -> ReadBack:
    """``zolicht documents propose``: the completed fields that belong in the record become
    proposals; nothing in the record changes until the professional accepts one."""
    content = received(content, file_name)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "upload.docx"
        path.write_bytes(content)
        _checked_word(path, kind)
        return word.propose_from(site.context(uid), slug, path)


def read_back_text(report: ReadBack) -> str:
    said = (M.WEB_READ_BACK_ONE if report.proposals == 1
            else M.WEB_READ_BACK.format(count=report.proposals))
    if report.problems:
        said += " " + M.WEB_READ_BACK_PROBLEMS.format(problems="; ".join(report.problems))
    return said
