"""``zolicht grant``, ``consent``, ``revoke`` and ``matrix``: who may see what, decided by
the family and applied to Nextcloud at once."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer
from rich.table import Table

from zolicht import messages as M
from zolicht.cli.present import decision_line, matrix_json
from zolicht.cli.runtime import exit_waiting, open_context, optional_date, out, run, runs, say
from zolicht.domain.consent import requirement
from zolicht.domain.model import Access
from zolicht.domain.visibility import matrix
from zolicht.services import family as families
from zolicht.services import grants
from zolicht.services.decisions import Applied, Decided, Terms, asked, decide
from zolicht.wording import cell_text
from zolicht.wording import day as as_day

By = Annotated[str, typer.Option("--by", help="Key of the person whose decision this is")]


def grant(
    slug: str, document: str, member: str, by: By,
    edit: Annotated[bool, typer.Option(help="May also change the document")] = False,
    until: Annotated[Optional[str], typer.Option(help="Last day, YYYY-MM-DD")] = None,
) -> None:
    """Record that PERSON agrees MEMBER may see DOCUMENT; shared once all needed agree."""
    terms = Terms(Access.EDIT if edit else Access.READ, optional_date("until", until))
    report(run(decide, runs(), slug, document, member, by, True, terms, raise_errors=True),
           by)


def consent(slug: str, document: str, member: str, by: By) -> None:
    """Add PERSON's yes to an existing request for MEMBER to see DOCUMENT."""
    report(run(decide, runs(), slug, document, member, by, True,
               check=asked(document, member), raise_errors=True), by)


def revoke(slug: str, document: str, member: str, by: By) -> None:
    """Stop sharing DOCUMENT with MEMBER, at once; everyone's yes is needed again."""
    report(run(decide, runs(), slug, document, member, by, False, raise_errors=True), by)


def report(decided: Decided, by: str) -> None:
    say_decision(decided.recorded, by, decided.applied, revoked=not decided.on)


def say_decision(outcome: grants.Outcome, by: str, applied: Applied,
                 revoked: bool = False) -> None:
    """Say what is true now; exit with :data:`~zolicht.cli.runtime.EXIT_WAITING` (or 1 when
    Nextcloud refused) while the change waits for Nextcloud."""
    line, waiting = decision_line(outcome, by, applied, revoked)
    say(line)
    if waiting:
        raise exit_waiting(applied)


def matrix_command(
    slug: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    on: Annotated[Optional[str], typer.Option(help="Evaluate on this day, YYYY-MM-DD")] = None,
) -> None:
    """Who can see which document, and whose consent is still missing."""
    with open_context() as ctx:
        day = optional_date("on", on) or ctx.today()
        family = families.load_family(ctx, slug)
    cells = matrix(family, day)
    if as_json:
        sys.stdout.write(json.dumps(matrix_json(family, day, cells), ensure_ascii=False,
                                    indent=2) + "\n")
        return
    table = Table(*M.MATRIX_COLUMNS, title=f"{family.name} · {as_day(day)}")
    for document in family.documents:
        subject = family.person(document.subject)
        assert subject is not None
        need = requirement(subject, family.people, day)
        rule = M.RULE_EXPLAINED[need.rule.value].format(subject=subject.name, age=need.age)
        table.add_section()
        table.add_row(f"{document.title}\n[dim]{rule}[/dim]", "", "")
        for c in cells:
            if c.document.key == document.key:
                table.add_row("", f"{c.member.name} ({c.member.role})", cell_text(family, c))
    out.print(table)
