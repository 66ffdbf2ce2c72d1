"""``zolicht family``, ``person`` and ``document``: the family record itself."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from zolicht import messages as M
from zolicht.cli import dutch
from zolicht.cli.runtime import optional_date, out, root, run, say
from zolicht.clock import today
from zolicht.domain.model import Circle, Family, FamilyStatus, Person
from zolicht.services import family as families
from zolicht.services import transfer
from zolicht.services import validation as check
from zolicht.wording import day

family_app = typer.Typer(no_args_is_help=True,
                         help="Create, list, show, import and export families.")
person_app = typer.Typer(no_args_is_help=True, help="Add, change and remove people in a family.")
document_app = typer.Typer(no_args_is_help=True,
                            help="Add and remove documents; add a ready-made sheet.")


# -- families --------------------------------------------------------------------------------
@family_app.command("create")
def family_create(slug: str, name: Annotated[str, typer.Option(help="Display name")],
                  status: str = "active") -> None:
    """Create an empty family."""
    run(families.create_family, slug, name,
        check.choice("status", dutch.choice("status", status, "status"), FamilyStatus))
    say(M.FAMILY_CREATED.format(slug=slug, name=name))


@family_app.command("list")
def family_list() -> None:
    """List all families."""
    summaries = run(families.list_families)
    if not summaries:
        say(M.NO_FAMILIES)
        return
    table = Table(*M.FAMILIES_COLUMNS)
    for s in summaries:
        table.add_row(s.slug, s.name, s.status.value, str(s.people), str(s.documents))
    out.print(table)


@family_app.command("show")
def family_show(slug: str) -> None:
    """Show a family's people and documents."""
    family = run(families.load_family, slug)
    say(M.FAMILY_HEADING.format(name=family.name, slug=family.slug, status=family.status.value))
    people = Table(*M.PEOPLE_COLUMNS)
    for p in family.people:
        people.add_row(p.key, p.name, p.role, p.circle.value,
                       day(p.birth_date) if p.birth_date else "",
                       M.YES if p.has_authority else "", p.email or "")
    out.print(people)
    docs = Table(*M.DOCUMENTS_COLUMNS)
    for d in family.documents:
        docs.add_row(d.key, d.title, d.kind.value, d.subject, d.file_name)
    out.print(docs)


@family_app.command("status")
def family_status(slug: str, status: str) -> None:
    """Change a family's status (active, scaling_down, aftercare, closed)."""
    new = run(families.set_status, slug, dutch.choice("status", status, "status"))
    family = run(families.load_family, slug)
    say(M.FAMILY_STATUS_SET.format(name=family.name,
                                   status=dutch.dutch_name("status", new.value)))
    _hint_map_again(family)
    if new is FamilyStatus.SCALING_DOWN:
        from zolicht.services import contacts, method

        if run(contacts.scale_down_proposal, slug) or method.ready_to_hand_over(family):
            say(M.SCALE_DOWN_HINT.format(slug=slug))


@family_app.command("import")
def family_import(file: Path) -> None:
    """Read a whole family from a YAML file."""
    family = run(transfer.import_file, file)
    say(M.FAMILY_IMPORTED.format(name=family.name, slug=family.slug, people=len(family.people),
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
    notify: Annotated[bool, typer.Option(
        "--notify/--no-notify", help="Berichten via Nextcloud (aan of uit)")] = True,
) -> None:
    """Add a person to a family."""
    person = run(families.add_person, slug, Person(
        key=key, name=name, role=role, circle=check.choice(
            "circle", dutch.choice("circle", circle, "circle"), Circle),
        birth_date=optional_date("born", born), has_authority=authority,
        not_capable=not_capable, email=email, phone=phone, nextcloud_user=nextcloud_user,
        notify=notify,
    ))
    family = run(families.load_family, slug)
    say(M.PERSON_ADDED.format(name=person.name, family=family.name))
    _hint_map_again(family)


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
    notify: Annotated[Optional[bool], typer.Option(
        "--notify/--no-notify", help="Berichten via Nextcloud (aan of uit)")] = None,
) -> None:
    """Change some fields of a person; fields not given stay as they are."""
    changes: dict[str, Any] = {
        "name": name, "role": role, "email": email, "phone": phone,
        "nextcloud_user": nextcloud_user, "has_authority": authority, "not_capable": not_capable,
        "notify": notify,
        "circle": check.choice("circle", dutch.choice("circle", circle, "circle"), Circle)
        if circle else None,
        "birth_date": optional_date("born", born),
    }
    person = run(families.change_person, slug, key,
                 {k: v for k, v in changes.items() if v is not None})
    say(M.PERSON_CHANGED.format(name=person.name))


@person_app.command("remove")
def person_remove(slug: str, key: str) -> None:
    """Remove a person, with every grant for them and every consent they gave."""
    person = run(families.remove_person, slug, key)
    family = run(families.load_family, slug)
    say(M.PERSON_REMOVED.format(name=person.name, family=family.name))
    _hint_map_again(family)


def _hint_map_again(family: Family) -> None:
    """After a change in people or status: one line when the network map is older than
    today's change, or there is none (seed 000, step 3: map again when things change)."""
    latest = family.method.current_map
    if latest is None or latest.made_on < today(root().clock):
        say(M.MAP_MAYBE_OLD.format(slug=family.slug))


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
    document = run(families.add_document, slug, key, file, title, about,
                   dutch.choice("kind", kind, "document_kind"),
                   dutch.choice("sensitivity", sensitivity, "sensitivity"), file_name)
    say(M.DOCUMENT_ADDED.format(key=document.key))


@document_app.command("sheet")
def document_sheet(
    slug: str, sheet: str,
    about: Annotated[Optional[str], typer.Option(
        help="Key of the person the sheet is about (default: the family's youth)")] = None,
) -> None:
    """Add a ready-made sheet (see ``document sheets``) as psycho-education. Nobody in the
    network sees it until granted."""
    document = run(families.add_sheet, slug, sheet, about)
    subject = next((p.name for p in run(families.load_family, slug).people
                    if p.key == document.subject), document.subject)
    say(M.SHEET_ADDED.format(key=document.key, title=document.title, about=subject))


@document_app.command("sheets")
def document_sheets() -> None:
    """List the ready-made sheets, with their title and for whom they are written."""
    found = run(families.list_sheets)
    if not found:
        say(M.NO_SHEETS)
        return
    table = Table(*M.SHEETS_HEADER)
    for s in found:
        table.add_row(s.name, s.title, s.audience)
    out.print(table)


@document_app.command("remove")
def document_remove(slug: str, key: str) -> None:
    """Remove a document and every grant for it."""
    run(families.remove_document, slug, key)
    say(M.DOCUMENT_REMOVED.format(key=key))
