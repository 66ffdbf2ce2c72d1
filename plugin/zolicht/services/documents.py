"""Rendering a document for a family and, if asked, keeping it in the family's record."""

from __future__ import annotations

import tempfile
from pathlib import Path

from zolicht.context import Context
from zolicht.documents.render import Rendered, render
from zolicht.domain.model import Document, DocumentKind, Sensitivity
from zolicht.services import contacts
from zolicht.services import family as families

RECORD_KIND = {"signaleringsplan": DocumentKind.SIGNALERINGSPLAN,
               "afspraken": DocumentKind.AFSPRAKEN,
               "netwerkkaart": DocumentKind.NETWORK_MAP,
               "overdrachtsplan": DocumentKind.AFSPRAKEN,
               "evaluatieverslag": DocumentKind.AFSPRAKEN}


def render_for(ctx: Context, slug: str, kind: str, about: str | None = None,
               version: str = "1", templates: Path | None = None) -> Rendered:
    family = families.load_family(ctx, slug)
    subject = families.person_or_fail(family, about, "about") if about else None
    plan = contacts.load(ctx, slug)
    rendered = render(family, kind, ctx.today(), subject, version, templates=templates,
                      plan=plan)
    with ctx.store.transaction() as tx:
        ctx.record(tx, "document.render", slug, subject=rendered.subject.key, reason=kind)
    return rendered


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
