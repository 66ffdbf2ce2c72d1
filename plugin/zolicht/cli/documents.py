"""``zolicht render`` and ``documents``: Word documents filled from the record, read
back, finalised, and the default templates built from code.

The Word code is imported inside each command, so other commands start without it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from zolicht import messages as M
from zolicht.cli.runtime import (
    apply_now,
    complain,
    open_context,
    optional_date,
    say,
    say_applied,
)
from zolicht.services import family as families

documents_app = typer.Typer(no_args_is_help=True, help="Read, finalise and build Word documents.")


def render_command(
    kind: Annotated[str, typer.Argument(help="signaleringsplan, afspraken, netwerkkaart, "
                                             "overdrachtsplan or evaluatieverslag")],
    family: str,
    out: Annotated[Optional[Path], typer.Option("--out")] = None,
    about: Annotated[Optional[str], typer.Option(help="Whom it is for (default: the "
                                                      "oldest youth)")] = None,
    version: str = "1",
    templates: Annotated[Optional[Path], typer.Option(
        help="The organisation's templates directory")] = None,
    store: Annotated[bool, typer.Option("--store", help="Keep it in the family's record "
                                                        "and folder")] = False,
    on: Annotated[Optional[str], typer.Option(
        "--on", help="YYYY-MM-DD: the network map as it was on that day")] = None,
) -> None:
    """Fill a Word document from the family's record."""
    from zolicht.services import documents

    maps_on = optional_date("on", on)
    with open_context() as ctx:
        rendered = documents.render_for(ctx, family, kind, about, version, templates,
                                        maps_on, shared=store)
        if store:
            kept = documents.store(ctx, family, kind, rendered, version)
            say(M.DOCUMENT_ADDED.format(key=kept.key))
    target = out or Path(f"{kind}-{family}.docx")
    target.write_bytes(rendered.content)
    say(M.DOCUMENT_WRITTEN.format(path=target))
    if store:
        say_applied(apply_now(family))


@documents_app.command("read")
def documents_read(file: Path) -> None:
    """Print the fields a professional completed, by tag (JSON)."""
    from zolicht.documents.controls import read_controls

    families.read_source("file", file)
    sys.stdout.write(json.dumps(read_controls(file), ensure_ascii=False, indent=2) + "\n")


@documents_app.command("propose")
def documents_propose(family: str, file: Path) -> None:
    """Turn completed fields that belong in the record (tasks, the JIM's mandate, what
    someone can offer, the achterwacht) into proposals to accept or reject."""
    from zolicht.services import documents

    families.read_source("file", file)
    with open_context() as ctx:
        report = documents.propose_from(ctx, family, file)
    for problem in report.problems:
        complain(problem)
    say(M.DOCUMENT_PROPOSALS.format(count=report.proposals, slug=family))


@documents_app.command("finalize")
def documents_finalize(file: Path, version: str = "1",
                       out: Annotated[Optional[Path], typer.Option("--out")] = None) -> None:
    """'Definitief maken': remove empty fields, set version and status."""
    from zolicht.documents.render import finalize

    content = finalize(families.read_source("file", file), version)
    (out or file).write_bytes(content)
    say(M.DOCUMENT_WRITTEN.format(path=out or file))


@documents_app.command("build-templates")
def documents_build(directory: Annotated[Optional[Path], typer.Argument()] = None) -> None:
    """Write the default templates (reproducible from code)."""
    from zolicht.documents.build import DEFAULT_DIR, build_all

    for path in build_all(directory or DEFAULT_DIR):
        say(str(path))
