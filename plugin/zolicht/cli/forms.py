"""``zolicht forms`` and ``proposals``: the forms of the six steps, and the professional's
review of what the family proposed through them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from zolicht import messages as M
from zolicht.cli.grants import say_decision
from zolicht.cli.present import names, proposal_line
from zolicht.cli.runtime import apply_now, open_context, root, run, say
from zolicht.domain.errors import InvalidInput
from zolicht.domain.proposals import ProposalKind, ProposalState
from zolicht.services import family as families
from zolicht.services import forms as forms_service
from zolicht.wording import name_of, names_of, title_of

forms_app = typer.Typer(no_args_is_help=True, help="The forms for the six steps.")
proposals_app = typer.Typer(no_args_is_help=True,
                            help="Review what the family proposed through the forms.")


# -- forms -----------------------------------------------------------------------------------
@forms_app.command("check")
def forms_check(directory: Annotated[Optional[Path], typer.Argument()] = None) -> None:
    """Check every form definition; a problem is reported with file, line and reason."""
    from zolicht.forms.definitions import DEFAULT_DIR, DefinitionError, load_all

    try:
        definitions = load_all(directory or DEFAULT_DIR)
    except DefinitionError as problem:
        raise InvalidInput(problem.file.name, M.YAML_AT_LINE.format(
            line=problem.line, rule=problem.reason)) from None
    for definition in definitions:
        say(M.FORM_OK.format(form=definition.form, count=len(definition.questions),
                             title=definition.title))


@forms_app.command("pull")
def forms_pull(slug: str) -> None:
    """Read new answers from the family's forms and turn them into proposals."""
    with root().connected() as client, open_context() as ctx:
        pulled = forms_service.pull(ctx, client.forms, slug, root().definitions())
        family = names(ctx, slug).family
    say(M.PULL_DONE.format(family=family, read=pulled.read, proposals=pulled.proposals))
    for problem in pulled.problems:
        say(f"  ! {problem}")


@forms_app.command("export")
def forms_export(slug: str, out_file: Annotated[Optional[Path], typer.Option(
        "--out", help="Write the Markdown here instead of to the screen")] = None) -> None:
    """The family's answers, proposals and notes as a Markdown summary for the dossier."""
    text = run(forms_service.export, slug, root().definitions())
    if out_file is None:
        sys.stdout.write(text + "\n")
        return
    out_file.write_text(text + "\n", encoding="utf-8")
    say(M.EXPORT_WRITTEN.format(path=out_file))


# -- proposals -------------------------------------------------------------------------------
@proposals_app.command("list")
def proposals_list(slug: str, every: Annotated[bool, typer.Option(
        "--all", help="Also the proposals already decided")] = False) -> None:
    """List the open proposals (with --all: every proposal)."""
    with open_context() as ctx:
        family = families.load_family(ctx, slug)
        found = forms_service.proposals(ctx, slug, None if every else ProposalState.OPEN)
    if not found:
        say(M.NO_PROPOSALS)
    for p in found:
        say(proposal_line(family, p))


@proposals_app.command("accept")
def proposals_accept(
    slug: str, proposal: int,
    consent_by: Annotated[Optional[list[str]], typer.Option(
        "--consent-by", help="For a wish to share: someone who said yes (repeatable)")] = None,
    key: Annotated[Optional[str], typer.Option(
        help="For a new network member: the key to give them")] = None,
) -> None:
    """Carry out a proposal: add the member, ask to share, or keep the note."""
    done = run(forms_service.accept, slug, proposal, consent_by or [], key)
    payload = done.proposal.payload
    if done.proposal.kind is ProposalKind.NEVER:
        say(M.NEVER_ADDED.format(name=payload.get("name", "")))
    elif done.person is not None and done.known:
        say(M.MEMBER_UPDATED.format(name=done.person.name))
    elif done.person is not None:
        say(M.MEMBER_ADDED.format(name=done.person.name, key=done.person.key))
    elif done.grant is not None and done.grant.decision.allowed:
        say_decision(done.grant, "", apply_now(slug, (payload["document"], payload["member"])))
    elif done.grant is not None:
        family, decision = done.grant.family, done.grant.decision
        missing = names_of(family, decision.missing) if decision.missing \
            else M.NOBODY_CAN_CONSENT
        say(M.GRANT_STILL_MISSING.format(member=name_of(family, payload["member"]),
                                         document=title_of(family, payload["document"]),
                                         missing=missing))
    elif done.record is not None:
        say(M.RECORD_SAVED.format(what=done.record))
    else:
        say(M.NOTE_SAVED)


@proposals_app.command("reject")
def proposals_reject(slug: str, proposal: int) -> None:
    """Turn a proposal down; nothing in the record changes."""
    run(forms_service.reject, slug, proposal)
    say(M.PROPOSAL_REJECTED.format(id=proposal))
