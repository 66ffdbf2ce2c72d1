"""Rendering a document for a family and, if asked, keeping it in the family's record."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from zolicht import messages as M
from zolicht.context import Context
from zolicht.documents.controls import read_controls
from zolicht.documents.readback import kind_of, record_drafts
from zolicht.documents.render import Rendered, render
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Document, DocumentKind, Family, Sensitivity
from zolicht.domain.proposals import ProposalState
from zolicht.services import contacts
from zolicht.services import family as families

RECORD_KIND = {"signaleringsplan": DocumentKind.SIGNALERINGSPLAN,
               "afspraken": DocumentKind.AFSPRAKEN,
               "netwerkkaart": DocumentKind.NETWORK_MAP,
               "overdrachtsplan": DocumentKind.AFSPRAKEN,
               "evaluatieverslag": DocumentKind.AFSPRAKEN}


def render_for(ctx: Context, slug: str, kind: str, about: str | None = None,
               version: str = "1", templates: Path | None = None,
               maps_on: date | None = None, shared: bool = False) -> Rendered:
    """Render ``kind`` for the family; with ``maps_on``, the network map as it was on that
    day (the newest map made on or before it). ``shared``: the document goes into the
    family's folder, where whoever decides about its subject can open it (the parents of a
    youth under 16), so the youth's safety circles, their own answers, are left out."""
    family = families.load_family(ctx, slug)
    if maps_on is not None:
        family = replace(family, method=family.method.until(maps_on))
    if shared:
        family = without_circles(family)
    subject = families.person_or_fail(family, about, "about") if about else None
    plan = contacts.load(ctx, slug)
    rendered = render(family, kind, ctx.today(), subject, version, templates=templates,
                      plan=plan)
    with ctx.store.transaction() as tx:
        ctx.record(tx, "document.render", slug, subject=rendered.subject.key, reason=kind)
    return rendered


def without_circles(family: Family) -> Family:
    """The family with nobody placed in the youth's safety circles."""
    maps = tuple(replace(m, entries=tuple(replace(e, circle=None) for e in m.entries))
                 for m in family.method.maps)
    return replace(family, method=replace(family.method, maps=maps))


def store(ctx: Context, slug: str, kind: str, rendered: Rendered, version: str) -> Document:
    """Keep the document as a record Document about its subject, so that it is shared by
    the same consent rules as any other document."""
    day = ctx.today().isoformat()
    key = f"{kind}-{day}-v{version}".replace(".", "-")
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{key}.docx"
        source.write_bytes(rendered.content)
        return families.add_document(
            ctx, slug, key, source, title=f"{kind.capitalize()} {day}",
            subject=rendered.subject.key, kind=RECORD_KIND[kind].value,
            sensitivity=Sensitivity.SENSITIVE.value, file_name=f"{key}.docx")


@dataclass
class ReadBack:
    kind: str
    proposals: int = 0
    problems: list[str] = field(default_factory=list)


def propose_from(ctx: Context, slug: str, path: Path) -> ReadBack:
    """Turn the completed fields of a document zolicht made into proposals for the method
    record; nothing in the record changes until the professional accepts one. A field
    already proposed (and still open) is not proposed again."""
    kind = kind_of(path)
    if kind not in RECORD_KIND:
        raise InvalidInput("file", M.DOCUMENT_NOT_OURS)
    family = families.load_family(ctx, slug)
    found = record_drafts(family, kind, read_controls(path))
    report = ReadBack(kind, problems=found.problems)
    with ctx.store.transaction() as tx:
        records = tx.forms(slug)
        open_ones = [(p.kind, p.payload) for p in records.proposals(ProposalState.OPEN)]
        for draft in found.drafts:
            if (draft.kind, draft.payload) in open_ones:
                continue
            records.propose_from_document(f"word-{kind}", ctx.actor, draft, ctx.now())
            report.proposals += 1
        ctx.record(tx, "document.read", slug, reason=f"{kind}: proposals={report.proposals} "
                   f"problems={len(report.problems)}")
    return report
