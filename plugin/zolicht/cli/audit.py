"""``zolicht audit``: read the hash-chained audit trail and check that nobody changed it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from zolicht import messages as M
from zolicht.cli.present import audit_line
from zolicht.cli.runtime import run, say
from zolicht.services import audit

audit_app = typer.Typer(no_args_is_help=True, help="Read and verify the audit trail.")


@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[Optional[str], typer.Option(
        help="Head hash kept elsewhere (from `zolicht audit head`) to compare with")] = None,
) -> None:
    """Check the audit trail: any changed, removed, added or reordered event is named."""
    problems, head = run(audit.verify, expect_head)
    for p in problems:
        where = (f"family {p.chain or '-'}: " if p.chain is not None else "") + (
            f"event {p.seq}: " if p.seq else "")
        say(f"{where}{p.kind.value}: {p.detail}")
    if problems:
        say(M.AUDIT_BROKEN.format(count=len(problems)))
        raise typer.Exit(1)
    say(M.AUDIT_OK.format(count=head[0], head=head[1]))


@audit_app.command("head")
def audit_head() -> None:
    """Print the newest event number and hash, to keep a copy off this machine."""
    seq, digest = run(audit.head)
    say(f"{seq} {digest}")


@audit_app.command("show")
def audit_show(slug: Optional[str] = typer.Argument(None)) -> None:
    """List audit events, oldest first (of one family, or all)."""
    for stored in run(audit.events, slug):
        say(audit_line(stored))
