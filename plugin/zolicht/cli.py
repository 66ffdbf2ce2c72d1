"""The ``zolicht`` command. Flags are English; what it says to people is Dutch.

Each command runs on one ``bootstrap.Root`` (settings, store, clock, Nextcloud), built
once in :func:`main`.
Bad input prints one line ``fout: FIELD: RULE`` to stderr and exits with code 2.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from zolicht import messages as M
from zolicht import reconcile
from zolicht.bootstrap import Root, build
from zolicht.clock import AMSTERDAM, Clock
from zolicht.context import Context
from zolicht.domain.consent import requirement
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Family, FamilyStatus, Person
from zolicht.domain.proposals import ProposalState
from zolicht.domain.visibility import Cell, matrix
from zolicht.forms.definitions import FormDefinition
from zolicht.forms.export import proposal_summary
from zolicht.nextcloud import Nextcloud, NextcloudError
from zolicht.services import audit, grants, transfer
from zolicht.services import family as families
from zolicht.services import forms as forms_service
from zolicht.services import validation as check
from zolicht.store import Store
from zolicht.store.work import PendingWork
from zolicht.wording import cell_text, name_of, names_of, title_of

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False,
                  help="zolicht: the family decides who in their network sees what.")
family_app = typer.Typer(no_args_is_help=True,
                         help="Create, list, show, import and export families.")
person_app = typer.Typer(no_args_is_help=True, help="Add, change and remove people in a family.")
document_app = typer.Typer(no_args_is_help=True, help="Add and remove documents.")
audit_app = typer.Typer(no_args_is_help=True, help="Read and verify the audit trail.")
app.add_typer(family_app, name="family")
app.add_typer(person_app, name="person")
app.add_typer(document_app, name="document")
app.add_typer(audit_app, name="audit")

out = Console(highlight=False)
EXAMPLE = "gezin-jansen.yaml"
T = TypeVar("T")


CURRENT: ContextVar[Root] = ContextVar("zolicht_root")
"""The composition root of the command being run (set by :func:`main`)."""


def root() -> Root:
    return CURRENT.get()


@contextmanager
def open_context() -> Iterator[Context]:
    """The command's context (its store is closed when the command ends)."""
    yield root().context()


def run(command: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a service command with a fresh context."""
    with open_context() as ctx:
        return command(ctx, *args, **kwargs)


def say(message: str) -> None:
    out.print(message, markup=False, soft_wrap=True)


def optional_date(field: str, value: str | None) -> date | None:
    return None if value is None else check.parse_date(field, value)


# -- families --------------------------------------------------------------------------------
@family_app.command("create")
def family_create(slug: str, name: Annotated[str, typer.Option(help="Display name")],
                  status: str = "active") -> None:
    """Create an empty family."""
    run(families.create_family, slug, name, check.choice("status", status, FamilyStatus))
    say(M.FAMILY_CREATED.format(slug=slug, name=name))


@family_app.command("list")
def family_list() -> None:
    """List all families."""
    summaries = run(families.list_families)
    if not summaries:
        say(M.NO_FAMILIES)
        return
    table = Table("slug", "naam", "status", "personen", "stukken")
    for s in summaries:
        table.add_row(s.slug, s.name, s.status.value, str(s.people), str(s.documents))
    out.print(table)


@family_app.command("show")
def family_show(slug: str) -> None:
    """Show a family's people and documents."""
    family = run(families.load_family, slug)
    say(f"{family.name} ({family.slug}) · status {family.status.value}")
    people = Table("key", "naam", "rol", "kring", "geboren", "gezag", "e-mail")
    for p in family.people:
        people.add_row(p.key, p.name, p.role, p.circle.value,
                       p.birth_date.isoformat() if p.birth_date else "",
                       "ja" if p.has_authority else "", p.email or "")
    out.print(people)
    docs = Table("key", "titel", "soort", "over", "bestand")
    for d in family.documents:
        docs.add_row(d.key, d.title, d.kind.value, d.subject, d.file_name)
    out.print(docs)


@family_app.command("status")
def family_status(slug: str, status: str) -> None:
    """Change a family's status (active, scaling_down, aftercare, closed)."""
    new = run(families.set_status, slug, status)
    say(M.FAMILY_STATUS_SET.format(slug=slug, status=new.value))


@family_app.command("import")
def family_import(file: Path) -> None:
    """Read a whole family from a YAML file."""
    family = run(transfer.import_file, file)
    say(M.FAMILY_IMPORTED.format(slug=family.slug, people=len(family.people),
                                 documents=len(family.documents), grants=len(family.grants)))


@family_app.command("export")
def family_export(
    slug: str, out_file: Annotated[Optional[Path], typer.Option("--out")] = None
) -> None:
    """Write a whole family as YAML (to standard output, or to --out)."""
    text = run(transfer.export_family, slug)
    if out_file is None:
        sys.stdout.write(text)
    else:
        out_file.write_text(text, encoding="utf-8")


# -- people ----------------------------------------------------------------------------------
@person_app.command("add")
def person_add(
    slug: str, key: str,
    name: Annotated[str, typer.Option()],
    role: Annotated[str, typer.Option()],
    circle: Annotated[str, typer.Option(help="family, network or professional")],
    born: Optional[str] = None,
    authority: Annotated[bool, typer.Option("--authority/--no-authority")] = False,
    not_capable: bool = False,
    email: Optional[str] = None,
    phone: Optional[str] = None,
    nextcloud_user: Optional[str] = None,
) -> None:
    """Add a person to a family."""
    person = run(families.add_person, slug, Person(
        key=key, name=name, role=role, circle=check.choice("circle", circle, Circle),
        birth_date=optional_date("born", born), has_authority=authority,
        not_capable=not_capable, email=email, phone=phone, nextcloud_user=nextcloud_user,
    ))
    say(M.PERSON_ADDED.format(name=person.name, slug=slug))


@person_app.command("change")
def person_change(
    slug: str, key: str,
    name: Optional[str] = None,
    role: Optional[str] = None,
    circle: Optional[str] = None,
    born: Optional[str] = None,
    authority: Annotated[Optional[bool], typer.Option("--authority/--no-authority")] = None,
    not_capable: Annotated[Optional[bool], typer.Option("--not-capable/--capable")] = None,
    email: Optional[str] = None,
    phone: Optional[str] = None,
    nextcloud_user: Optional[str] = None,
) -> None:
    """Change some fields of a person; fields not given stay as they are."""
    changes: dict[str, Any] = {
        "name": name, "role": role, "email": email, "phone": phone,
        "nextcloud_user": nextcloud_user, "has_authority": authority, "not_capable": not_capable,
        "circle": check.choice("circle", circle, Circle) if circle else None,
        "birth_date": optional_date("born", born),
    }
    person = run(families.change_person, slug, key,
                                    {k: v for k, v in changes.items() if v is not None})
    say(M.PERSON_CHANGED.format(name=person.name))


@person_app.command("remove")
def person_remove(slug: str, key: str) -> None:
    """Remove a person, with every grant for them and every consent they gave."""
    person = run(families.remove_person, slug, key)
    say(M.PERSON_REMOVED.format(name=person.name, slug=slug))


# -- documents -------------------------------------------------------------------------------
@document_app.command("add")
def document_add(
    slug: str, key: str, file: Path,
    title: Annotated[str, typer.Option(help="Neutral title the network may see")],
    about: Annotated[str, typer.Option(help="Key of the person the document is about")],
    kind: str = "psycho_education",
    sensitivity: str = "sensitive",
    file_name: Annotated[Optional[str], typer.Option(help="Name in Nextcloud")] = None,
) -> None:
    """Add a document from a local file. Nobody in the network sees it until granted."""
    document = run(families.add_document, slug, key, file, title, about, kind,
                                     sensitivity, file_name)
    say(M.DOCUMENT_ADDED.format(key=document.key))


@document_app.command("remove")
def document_remove(slug: str, key: str) -> None:
    """Remove a document and every grant for it."""
    run(families.remove_document, slug, key)
    say(M.DOCUMENT_REMOVED.format(key=key))


# -- consent ---------------------------------------------------------------------------------
By = Annotated[str, typer.Option("--by", help="Key of the person whose decision this is")]


@app.command("grant")
def grant(
    slug: str, document: str, member: str, by: By,
    edit: Annotated[bool, typer.Option(help="May also change the document")] = False,
    until: Annotated[Optional[str], typer.Option(help="Last day, YYYY-MM-DD")] = None,
) -> None:
    """Record that PERSON agrees MEMBER may see DOCUMENT; shared once all needed agree."""
    outcome = run(grants.grant, slug, document, member, by, "edit" if edit else "read",
                  optional_date("until", until))
    _report(outcome, by, apply_now(slug, (document, member)))


@app.command("consent")
def consent(slug: str, document: str, member: str, by: By) -> None:
    """Add PERSON's yes to an existing request for MEMBER to see DOCUMENT."""
    outcome = run(grants.consent, slug, document, member, by)
    _report(outcome, by, apply_now(slug, (document, member)))


@app.command("revoke")
def revoke(slug: str, document: str, member: str, by: By) -> None:
    """Stop sharing DOCUMENT with MEMBER, at once; everyone's yes is needed again."""
    outcome = run(grants.revoke, slug, document, member, by)
    _report(outcome, by, apply_now(slug, (document, member)), revoked=True)


def _report(outcome: grants.Outcome, by: str, applied: Applied,
            revoked: bool = False) -> None:
    """Say what is true now: recorded, and whether Nextcloud already did it."""
    family, decision = outcome.family, outcome.decision
    assert outcome.grant is not None
    person = family.person(outcome.grant.member)
    assert person is not None
    names = {"member": person.name, "document": title_of(family, outcome.grant.document)}
    if not revoked and not decision.allowed:
        say(M.GRANT_WAITING.format(by=name_of(family, by), missing=names_of(
            family, decision.missing), **names))
        return
    if not revoked and not (person.email or person.nextcloud_user):
        say(M.GRANT_NO_ACCOUNT.format(**names))
        return
    if applied.waiting:
        template = M.GRANT_PENDING if decision.allowed else M.REVOKE_PENDING
        say(template.format(reason=applied.reason, **names))
        raise typer.Exit(EXIT_WAITING if applied.temporary else 1)
    if applied.configured:
        say((M.GRANT_EFFECTIVE if decision.allowed else M.REVOKED).format(**names))
    else:
        say((M.GRANT_NOT_APPLIED if decision.allowed else M.REVOKE_NOT_APPLIED).format(**names))


# -- the matrix ------------------------------------------------------------------------------
@app.command("matrix")
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
    table = Table("stuk", "persoon", "kan zien?", title=f"{family.name} · {day.isoformat()}")
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


def matrix_json(family: Family, day: date, cells: list[Cell]) -> dict[str, Any]:
    return {
        "family": family.slug,
        "on": day.isoformat(),
        "documents": [d.key for d in family.documents],
        "members": [p.key for p in family.people],
        "cells": [{
            "document": c.document.key,
            "member": c.member.key,
            "visible": c.access is not None,
            "access": c.access.value if c.access else None,
            "reason": c.decision.reason.value,
            "rule": c.decision.requirement.rule.value,
            "missing": sorted(c.decision.missing),
            "refused_by": sorted(c.decision.refused_by),
        } for c in cells],
    }


# -- audit -----------------------------------------------------------------------------------
@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[Optional[str], typer.Option(
        help="Head hash kept elsewhere (from `zolicht audit head`) to compare with")] = None,
) -> None:
    """Check the audit trail: any changed, removed, added or reordered event is named."""
    problems, head = run(audit.verify, expect_head)
    for p in problems:
        say(f"event {p.seq}: {p.kind.value}: {p.detail}")
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
        e = stored.event
        fields = {"namens": e.on_behalf_of, "stuk": e.document, "lid": e.member,
                  "over": e.subject, "reden": e.reason}
        details = " ".join(f"{name}={value}" for name, value in fields.items() if value)
        say(f"{stored.seq:>6} {e.at:%Y-%m-%d %H:%M:%S} {e.actor} {e.action} {e.family or '-'} "
            f"{details}")


# -- contact plan ----------------------------------------------------------------------------
contact_app = typer.Typer(no_args_is_help=True, help="The contact plan: moments, aftercare, "
                                                     "strippenkaart, calendar export.")
app.add_typer(contact_app, name="contact")


@contact_app.command("plan")
def contact_plan(
    slug: str,
    closing: Annotated[Optional[str], typer.Option(help="Last day of care, YYYY-MM-DD")] = None,
    taper: Annotated[Optional[str], typer.Option(help="Aftercare offsets, e.g. 2w,1m,3m,6m")]
    = None,
    strips: Annotated[Optional[int], typer.Option(help="Calls left after closure")] = None,
) -> None:
    """Set the closing date, the aftercare taper and the strippenkaart."""
    from zolicht.services import contacts

    plan = run(contacts.set_plan, slug, optional_date("closing", closing),
               taper.split(",") if taper else None, strips)
    say(M.CONTACT_PLAN_SET.format(slug=slug, closing=plan.closing or "-",
                                  taper=", ".join(plan.taper), strips=plan.strips_left))


@contact_app.command("add")
def contact_add(
    slug: str, key: str,
    title: Annotated[str, typer.Option(help="Neutral title everyone may see")],
    start: Annotated[str, typer.Option(help="YYYY-MM-DD HH:MM, Dutch time")],
    minutes: int = 60,
    kind: str = "contact",
    every_weeks: Annotated[Optional[int], typer.Option(help="Repeat every N weeks")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last day of the series")] = None,
    with_: Annotated[Optional[str], typer.Option("--with", help="Person keys, comma "
                                                                "separated")] = None,
    where: str = "",
) -> None:
    """Add a contact moment, or a series with --every-weeks and --until."""
    from zolicht.services import contacts

    item = run(contacts.add, slug, key, title, contacts.parse_start(start), minutes, kind,
               every_weeks, optional_date("until", until),
               tuple(w for w in (with_ or "").split(",") if w), where)
    say(M.CONTACT_ADDED.format(title=item.title, start=start))


@contact_app.command("list")
def contact_list(
    slug: str,
    start: Annotated[Optional[str], typer.Option("--from", help="YYYY-MM-DD")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="YYYY-MM-DD")] = None,
) -> None:
    """Every contact moment in a period (default: the coming year), series expanded."""
    from zolicht.domain.contacts import occurrences
    from zolicht.services import contacts

    with open_context() as ctx:
        plan = contacts.load(ctx, slug)
        first = optional_date("from", start) or ctx.today()
    last = optional_date("to", end) or first.replace(year=first.year + 1)
    found = occurrences(plan, first, last)
    if not found:
        say(M.NO_MOMENTS)
    for o in found:
        note = f" {M.CANCELLED_MARK}" if o.cancelled else ""
        say(f"{M.WEEKDAYS[o.start.weekday()]} {o.start:%d-%m-%Y %H:%M}  {o.title}{note}")


@contact_app.command("taper")
def contact_taper(slug: str) -> None:
    """The aftercare moments after the closing date."""
    from zolicht.domain.contacts import aftercare
    from zolicht.services import contacts

    for moment in aftercare(run(contacts.load, slug)):
        say(f"{moment.start:%d-%m-%Y %H:%M}  {moment.title}")


@contact_app.command("use-strip")
def contact_use_strip(slug: str) -> None:
    """Count one call from the strippenkaart."""
    from zolicht.services import contacts

    say(M.STRIPS_LEFT.format(left=run(contacts.use_strip, slug).strips_left))


@contact_app.command("cancel")
def contact_cancel(slug: str, key: str) -> None:
    """Cancel a single moment; it stays visible as cancelled."""
    from zolicht.services import contacts

    moment = run(contacts.cancel, slug, key)
    say(M.CONTACT_CANCELLED.format(title=moment.title, start=f"{moment.start:%d-%m-%Y %H:%M}"))


@contact_app.command("move")
def contact_move(slug: str, key: str,
                 start: Annotated[str, typer.Option(help="YYYY-MM-DD HH:MM, Dutch time")]
                 ) -> None:
    """Move a single moment to another time."""
    from zolicht.services import contacts

    moment = run(contacts.move, slug, key, contacts.parse_start(start))
    say(M.CONTACT_MOVED.format(title=moment.title, start=start))


@contact_app.command("export")
def contact_export(slug: str,
                   out: Annotated[Optional[Path], typer.Option("--out")] = None) -> None:
    """The family's calendar as an .ics file, for another calendar app."""
    from zolicht.services import contacts

    content = run(contacts.export_ics, slug)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        out.write_bytes(content)
        say(M.DOCUMENT_WRITTEN.format(path=out))


# -- forms ---------------------------------------------------------------------------------
forms_app = typer.Typer(no_args_is_help=True, help="The forms for the six steps.")
app.add_typer(forms_app, name="forms")


@forms_app.command("check")
def forms_check(directory: Annotated[Optional[Path], typer.Argument()] = None) -> None:
    """Check every form definition; a problem is reported with file, line and reason."""
    from zolicht.forms.definitions import DEFAULT_DIR, DefinitionError, load_all

    try:
        definitions = load_all(directory or DEFAULT_DIR)
    except DefinitionError as problem:
        raise InvalidInput(problem.file.name, f"regel {problem.line}: {problem.reason}"
                           ) from None
    for definition in definitions:
        say(M.FORM_OK.format(form=definition.form, count=len(definition.questions),
                             title=definition.title))


def form_definitions() -> list[FormDefinition]:
    return root().definitions()


@forms_app.command("pull")
def forms_pull(slug: str) -> None:
    """Read new answers from the family's forms and turn them into proposals."""
    with nextcloud_run(per_family=True) as nc, open_context() as ctx:
        report = forms_service.pull(ctx, nc.client.forms, slug, form_definitions())
    say(M.PULL_DONE.format(slug=slug, read=report.read, proposals=report.proposals))
    for problem in report.problems:
        say(f"  ! {problem}")


@forms_app.command("export")
def forms_export(slug: str, out_file: Annotated[Optional[Path], typer.Option(
        "--out", help="Write the Markdown here instead of to the screen")] = None) -> None:
    """The family's answers, proposals and notes as a Markdown summary for the dossier."""
    text = run(forms_service.export, slug, form_definitions())
    if out_file is None:
        sys.stdout.write(text + "\n")
        return
    out_file.write_text(text + "\n", encoding="utf-8")
    say(M.EXPORT_WRITTEN.format(path=out_file))


proposals_app = typer.Typer(no_args_is_help=True,
                            help="Review what the family proposed through the forms.")
app.add_typer(proposals_app, name="proposals")


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
        state = "" if p.state is ProposalState.OPEN else f" [{M.STATE_NAMES[p.state.value]}]"
        say(M.PROPOSAL_LINE.format(id=p.id, summary=proposal_summary(family, p),
                                   by=name_of(family, p.submitted_by), form=p.form,
                                   date=p.created_at.date()) + state)


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
    if done.person is not None:
        say(M.MEMBER_ADDED.format(name=done.person.name, key=done.person.key))
    elif done.grant is not None and done.grant.decision.allowed:
        decision = (done.proposal.payload["document"], done.proposal.payload["member"])
        _report(done.grant, "", apply_now(slug, decision))
    elif done.grant is not None:
        family, decision_ = done.grant.family, done.grant.decision
        missing = names_of(family, decision_.missing) if decision_.missing \
            else M.NOBODY_CAN_CONSENT
        say(M.GRANT_STILL_MISSING.format(
            member=name_of(family, done.proposal.payload["member"]),
            document=title_of(family, done.proposal.payload["document"]), missing=missing))
    else:
        say(M.NOTE_SAVED)


@proposals_app.command("reject")
def proposals_reject(slug: str, proposal: int) -> None:
    """Turn a proposal down; nothing in the record changes."""
    run(forms_service.reject, slug, proposal)
    say(M.PROPOSAL_REJECTED.format(id=proposal))


# -- Word documents --------------------------------------------------------------------------
documents_app = typer.Typer(no_args_is_help=True, help="Read, finalise and build Word documents.")
app.add_typer(documents_app, name="documents")


@app.command("render")
def render_command(
    kind: Annotated[str, typer.Argument(help="signaleringsplan, afspraken, netwerkkaart or "
                                             "overdrachtsplan")],
    family: str,
    out: Annotated[Optional[Path], typer.Option("--out")] = None,
    about: Annotated[Optional[str], typer.Option(help="Whom it is for (default: the "
                                                      "oldest youth)")] = None,
    version: str = "1",
    templates: Annotated[Optional[Path], typer.Option(
        help="The organisation's templates directory")] = None,
    store: Annotated[bool, typer.Option("--store", help="Keep it in the family's record "
                                                        "and folder")] = False,
) -> None:
    """Fill a Word document from the family's record."""
    from zolicht.services import documents

    with open_context() as ctx:
        rendered = documents.render_for(ctx, family, kind, about, version, templates)
        if store:
            kept = documents.store(ctx, family, kind, rendered, version)
            say(M.DOCUMENT_ADDED.format(key=kept.key))
    target = out or Path(f"{kind}-{family}.docx")
    target.write_bytes(rendered.content)
    say(M.DOCUMENT_WRITTEN.format(path=target))
    if store:
        _say_applied(apply_now(family))


@documents_app.command("read")
def documents_read(file: Path) -> None:
    """Print the fields a professional completed, by tag (JSON)."""
    from zolicht.documents.controls import read_controls

    families.read_source("file", file)
    sys.stdout.write(json.dumps(read_controls(file), ensure_ascii=False, indent=2) + "\n")


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


# -- development Nextcloud -------------------------------------------------------------------
@app.command("devcloud")
def devcloud(
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8080,
    data: Annotated[Path, typer.Option(help="Data directory (kept between runs)")] = Path(
        "devcloud-data"),
    admin_user: str = "admin",
    admin_password: str = "admin",
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    nextcloud_version: Annotated[str, typer.Option(help="Version to report")] = "33.0.3",
    allow_list: Annotated[Optional[list[str]], typer.Option(
        "--allow-list", help="Address range never throttled for failed logins (repeatable)")
    ] = None,
    allow_list_lifts_limits: Annotated[bool, typer.Option(
        "--allow-list-lifts-limits", help="The allow-list also lifts the rate limits")] = False,
    skeleton: Annotated[bool, typer.Option(
        "--skeleton/--no-skeleton", help="New accounts get Nextcloud's example files")] = True,
) -> None:
    """Run the development Nextcloud (accounts, files, sharing) for demos and tests."""
    from zolicht.devcloud.server import serve
    from zolicht.devcloud.settings import Settings

    settings = Settings(bruteforce_allowlist=tuple(allow_list or ()),
                        apply_allowlist_to_ratelimit=allow_list_lifts_limits, skeleton=skeleton)
    say(f"devcloud: http://{host}:{port}  admin: {admin_user} / {admin_password}  "
        f"data: {data}")
    serve(port, data, admin_user, admin_password, host, nextcloud_version, settings)


# -- provisioning ----------------------------------------------------------------------------
Target = Annotated[Optional[str], typer.Argument(help="Family slug")]
All = Annotated[bool, typer.Option("--all", help="Every family")]


def nextcloud_run(per_family: bool = False,
                  accepted: Sequence[str] = ()) -> AbstractContextManager[reconcile.Run]:
    """One reconcile run against the configured Nextcloud; its session is closed after."""
    return root().running(per_family, accepted)


def slugs(ctx: Context, family: str | None, every: bool) -> list[str]:
    if every:
        return [s.slug for s in families.list_families(ctx)]
    if family is None:
        raise InvalidInput("family", M.FAMILY_OR_ALL)
    return [family]


@app.command("plan")
def plan_command(family: Target = None, every: All = False,
                 as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show what apply would change in Nextcloud, without changing anything."""
    with nextcloud_run() as run, open_context() as ctx:
        plans = [reconcile.plan_family(ctx, run, slug) for slug in slugs(ctx, family, every)]
    if as_json:
        sys.stdout.write(json.dumps([plan_json(p) for p in plans], indent=2) + "\n")
        return
    for p in plans:
        say(M.PLAN_HEADER.format(slug=p.family, count=len(p.ops)))
        for op in p.ops:
            say(f"  {op.describe()}")
        for problem in p.problems:
            say(f"  ! {problem}")


def plan_json(p: Any) -> dict[str, Any]:
    return {"family": p.family, "problems": list(p.problems),
            "drift": [d.__dict__ for d in p.drift],
            "operations": [{"kind": op.kind.name.lower(), "target": op.target, "uid": op.uid,
                            "permissions": op.permissions, "reason": op.reason}
                           for op in p.ops]}


@app.command("apply")
def apply_command(
    family: Target = None, every: All = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask")] = False,
    accept_advisory: Annotated[Optional[list[str]], typer.Option(
        "--accept-advisory", help="Provision a server affected by this advisory anyway "
                                  "(its name, e.g. CVE-2026-45285; recorded in the audit "
                                  "trail)")] = None,
) -> None:
    """Make Nextcloud match the families' choices; revocations go first."""
    failed = 0
    with nextcloud_run(accepted=accept_advisory or ()) as run, open_context() as ctx:
        targets = slugs(ctx, family, every)
        if not yes and not typer.confirm(M.APPLY_CONFIRM.format(count=len(targets))):
            raise typer.Exit(1)
        with Progress(transient=True) as progress:
            task = progress.add_task("apply", total=len(targets))
            outcomes = []
            for slug in targets:
                outcomes.append(reconcile.apply_family(ctx, run, slug))
                progress.advance(task)
        reads, writes = run.client.counter.reads, run.client.counter.writes
        for slug, outcome in zip(targets, outcomes, strict=True):
            failed += not outcome.complete
            _say_outcome(ctx, slug, outcome)
    say(M.APPLY_SUMMARY.format(families=len(outcomes), failed=failed, reads=reads,
                               writes=writes))
    if failed:
        raise typer.Exit(1)


@app.command("drift")
def drift_command(family: Target = None) -> None:
    """List shares in the family folders that no grant explains, without fixing them."""
    found = 0
    with nextcloud_run() as run, open_context() as ctx:
        for slug in slugs(ctx, family, family is None):
            for d in reconcile.plan_family(ctx, run, slug).drift:
                found += 1
                if d.share_id:
                    say(M.DRIFT_LINE.format(slug=slug, path=d.where, kind=d.share_type,
                                            who=d.who or "-", by=d.created_by,
                                            permissions=d.permissions))
                else:
                    say(M.DRIFT_MEMBER_LINE.format(slug=slug, who=d.who, group=d.where))
    if not found:
        say(M.NO_DRIFT)


def _say_outcome(ctx: Context, slug: str, outcome: reconcile.Outcome) -> None:
    if outcome.complete:
        say(M.APPLY_DONE.format(slug=slug, count=outcome.done, drift=len(outcome.plan.drift)))
    elif outcome.temporary:
        waiting = len(outcome.plan.ops) - outcome.done
        say(M.APPLY_WAITING.format(slug=slug, count=outcome.done, waiting=waiting,
                                   reason=pending_reason(ctx, slug, outcome)))
    else:
        op = outcome.failed.describe() if outcome.failed else "lezen"
        say(M.APPLY_FAILED.format(slug=slug, done=outcome.done, op=op, error=outcome.error))
    for problem in outcome.plan.problems:
        say(f"  ! {problem}")


EXIT_WAITING = 3
"""Exit code: the change is recorded, but Nextcloud has not done it yet (it will be tried
again by itself)."""


@dataclass(frozen=True)
class Applied:
    """What became of applying a change to Nextcloud right after recording it."""

    configured: bool
    """Whether a Nextcloud is set at all."""
    waiting: bool = False
    """Whether some of the change is not in Nextcloud yet."""
    temporary: bool = False
    reason: str = ""
    """Why it waits and when zolicht tries again, in Dutch."""


def apply_now(slug: str, decision: tuple[str, str] | None = None) -> Applied:
    """After a change: reconcile that family at once when a Nextcloud is set (after a
    ``decision`` (document, member), possibly only that member's memberships)."""
    if root().nextcloud is None:
        return Applied(False)
    with nextcloud_run(per_family=True) as nc, open_context() as ctx:
        outcome = reconcile.apply_after(ctx, nc, slug, decision)
        waiting = outcome.waiting_for(decision[0]) if decision else not outcome.complete
        reason = pending_reason(ctx, slug, outcome) if waiting else ""
    return Applied(True, waiting, outcome.temporary, reason)


def pending_reason(ctx: Context, slug: str, outcome: reconcile.Outcome) -> str:
    """Why (part of) a change is not in Nextcloud yet, and when zolicht tries again."""
    if not outcome.temporary:
        return M.PENDING_FAILED.format(error=outcome.error)
    with ctx.store.reading() as tx:
        pending = PendingWork(tx.families.conn).of(slug)
    time = f"{pending.not_before.astimezone(AMSTERDAM):%H:%M}" if pending else "?"
    template = M.PENDING_RATE_LIMITED if outcome.deferred else M.PENDING_UNREACHABLE
    return template.format(time=time)


def _say_applied(applied: Applied) -> None:
    """After a change that is not one yes or stop: say only when Nextcloud lags behind."""
    if not applied.configured:
        say(M.NOT_APPLIED)
    elif applied.waiting:
        say(applied.reason)
        raise typer.Exit(EXIT_WAITING if applied.temporary else 1)


@app.command("worker")
def worker_command(
    once: Annotated[bool, typer.Option("--once", help="One round, then stop")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between rounds")] = 5.0,
) -> None:
    """Do the pending work: apply families that waited for Nextcloud (rate limit, outage)."""
    from zolicht.reconcile import worker

    with open_context() as ctx:
        if once:
            for slug, outcome in worker.run_due(ctx, per_family_run).items():
                _say_outcome(ctx, slug, outcome)
            return
        say(M.WORKER_STARTED.format(interval=interval))
        worker.work(ctx, per_family_run, threading.Event(), interval)


def per_family_run() -> reconcile.Run:
    """A one-family run with a session of its own (the worker closes it)."""
    return root().run(per_family=True)


@app.command("doctor")
def doctor_command() -> None:
    """Check what zolicht needs from Nextcloud, and say how to fix what is missing."""
    from zolicht import doctor

    client = root().client()
    try:
        found = doctor.findings(doctor.gather(client, root().settings.accepted_advisories))
    finally:
        client.close()
    say(M.DOCTOR_HEADER.format(url=client.config.url, user=client.user))
    for finding in found:
        say(f"[{finding.level.value}] {finding.text}")
    fails = sum(f.level is doctor.Level.FAIL for f in found)
    say(M.DOCTOR_SUMMARY.format(fail=fails,
                                warn=sum(f.level is doctor.Level.WARN for f in found)))
    if fails:
        raise typer.Exit(1)


# -- web -------------------------------------------------------------------------------------
@app.command("serve")
def serve_command(
    host: Annotated[Optional[str], typer.Option(
        help="Address to listen on (default: AppAPI's APP_HOST, else 127.0.0.1)")] = None,
    port: Annotated[Optional[int], typer.Option(
        help="Port (default: AppAPI's APP_PORT, else 8000)")] = None,
) -> None:
    """Serve the web pages and the JSON API (standalone, or as a Nextcloud external app)."""
    import os

    from zolicht.web.app import create_app
    from zolicht.web.server import serve, settings_from_env
    from zolicht.web.site import Site

    site = Site(settings_from_env(root=root()), root().clock)
    chosen = port or int(os.environ.get("APP_PORT") or 8000)
    address = host or os.environ.get("APP_HOST") or "127.0.0.1"
    say(M.SERVING.format(url=f"http://{address}:{chosen}"))
    try:
        serve(create_app(site), address, chosen)
    finally:
        site.close()


# -- demo ------------------------------------------------------------------------------------
@app.command("demo")
def demo() -> None:
    """Start a development Nextcloud, provision the example family, and show what each
    member sees, read back from Nextcloud as that member."""
    import tempfile

    from zolicht.devcloud.server import running
    from zolicht.nextcloud.config import NextcloudConfig

    example = example_file()
    with tempfile.TemporaryDirectory(prefix="zolicht-demo-") as tmp, \
            running(Path(tmp) / "nextcloud") as (url, _server):
        say(M.DEMO_CLOUD.format(url=url))
        ctx = Context(Store(f"sqlite:///{tmp}/demo.sqlite3"), root().clock, "demo")
        family = transfer.import_file(ctx, example)
        client = Nextcloud(NextcloudConfig(url, "admin", "admin"))
        outcome = reconcile.apply_family(ctx, reconcile.Run(client), family.slug)
        say(M.APPLY_DONE.format(slug=family.slug, count=outcome.done,
                                drift=len(outcome.plan.drift)))
        documents = {d.file_name for d in family.documents}
        for person in family.people:
            seen = [name for name in demo_read_as(client, person.uid) if name in documents]
            names = ", ".join(seen) if seen else M.SEES_NOTHING
            say(f"{person.name:<22} {names}")
        client.close()
        ctx.store.close()


def demo_read_as(admin: Nextcloud, uid: str) -> list[str]:
    """Give a demo password to ``uid`` (as admin) and list their files as them."""
    from zolicht.nextcloud.config import NextcloudConfig

    password = f"demo-{uid}-password"
    try:
        admin.users.set_password(uid, password)
    except NextcloudError:
        return []
    member = Nextcloud(NextcloudConfig(admin.config.url, uid, password))
    try:
        return sorted(e.path.rsplit("/", 1)[-1] for e in member.files.propfind("")[1:])
    finally:
        member.close()


def example_file() -> Path:
    """The demo family, from the source tree or from where pip installed the examples."""
    for root in (Path(__file__).resolve().parents[2], Path(sys.prefix) / "share" / "zolicht"):
        candidate = root / "examples" / EXAMPLE
        if candidate.is_file():
            return candidate
    raise InvalidInput("demo", M.FILE_MISSING.format(value=EXAMPLE))


def main(clock: Clock | None = None) -> None:
    """The console script; ``clock`` replaces the system clock (tests)."""
    composed = build(clock=clock)
    token = CURRENT.set(composed)
    try:
        app()
    except InvalidInput as error:
        complain(M.ERROR_LINE.format(field=error.field, message=error.message))
        sys.exit(2)
    except NextcloudError as error:
        complain(M.NEXTCLOUD_ERROR.format(problem=error))
        sys.exit(1)
    finally:
        CURRENT.reset(token)
        composed.close()


def complain(line: str) -> None:
    Console(stderr=True, highlight=False).print(line, markup=False, soft_wrap=True)


if __name__ == "__main__":
    main()
