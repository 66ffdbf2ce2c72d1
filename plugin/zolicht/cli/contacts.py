"""``zolicht contact``: the contact plan (moments, aftercare, strippenkaart, calendar).

The calendar code is imported inside each command, so other commands start without it.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from zolicht import messages as M
from zolicht.cli import dutch
from zolicht.cli.present import moment_line
from zolicht.cli.runtime import open_context, optional_date, run, say
from zolicht.wording import day, moment, name_of

contact_app = typer.Typer(no_args_is_help=True, help="The contact plan: moments, aftercare, "
                                                     "strippenkaart, calendar export.")


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
    say(M.CONTACT_PLAN_SET.format(slug=slug, closing=day(plan.closing) if plan.closing else "-",
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

    item = run(contacts.add, slug, key, title, contacts.parse_start(start), minutes,
               dutch.choice("kind", kind, "kind"),
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
        say(moment_line(o))


@contact_app.command("taper")
def contact_taper(slug: str) -> None:
    """The aftercare moments after the closing date."""
    from zolicht.domain.contacts import aftercare
    from zolicht.services import contacts

    for planned in aftercare(run(contacts.load, slug)):
        say(f"{planned.start:%d-%m-%Y %H:%M}  {planned.title}")


@contact_app.command("scale-down")
def contact_scale_down(
    slug: str,
    confirm: Annotated[bool, typer.Option("--confirm", help="Apply the proposal")] = False,
) -> None:
    """Propose meeting half as often from the next moment on (afschalen), and handing the
    tasks that can go to the network over; --confirm applies both."""
    from zolicht.services import contacts, method
    from zolicht.services.family import load_family

    if not confirm:
        family = run(load_family, slug)
        if family.method.pace:
            say(M.PACE_AGREED.format(pace=family.method.pace))
        proposal = run(contacts.scale_down_proposal, slug)
        tasks = method.ready_to_hand_over(family)
        if proposal or tasks:
            say(M.SCALE_DOWN_PROPOSED)
        for thinning in proposal:
            say(M.SCALE_DOWN_LINE.format(
                title=thinning.thinner.title, old=thinning.was_every_weeks,
                new=thinning.thinner.every_weeks, start=_when(thinning.switch),
                until=f"{thinning.thinner.until:%d-%m-%Y}"))
        for task in tasks:
            say(M.HAND_OVER_LINE.format(what=task.what, to=name_of(family, task.to)))
        say(M.SCALE_DOWN_CONFIRM.format(slug=slug) if proposal or tasks
            else M.SCALE_DOWN_NOTHING)
        return
    applied = run(contacts.scale_down, slug)
    for thinning in applied:
        say(M.SCALE_DOWN_DONE.format(title=thinning.thinner.title,
                                     start=_when(thinning.switch),
                                     new=thinning.thinner.every_weeks))
    handed = run(method.hand_over, slug)
    family = run(load_family, slug)
    for task in handed:
        say(M.HAND_OVER_DONE.format(what=task.what, to=name_of(family, task.to)))
    if not applied and not handed:
        say(M.SCALE_DOWN_NOTHING)


def _when(start: datetime) -> str:
    return moment(start)


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


@contact_app.command("cancel-occurrence")
def contact_cancel_occurrence(slug: str, series: str, day: str) -> None:
    """Cancel one occurrence of a series (DAY: YYYY-MM-DD); the others stay."""
    from zolicht.services import contacts
    from zolicht.services import validation as check

    on = check.parse_date("date", day)
    changed = run(contacts.cancel_occurrence, slug, series, on)
    say(M.OCCURRENCE_CANCELLED.format(title=changed.title, day=f"{on:%d-%m-%Y}"))


@contact_app.command("move-occurrence")
def contact_move_occurrence(slug: str, series: str, day: str,
                            start: Annotated[str, typer.Option(help="YYYY-MM-DD HH:MM, "
                                                                    "Dutch time")]) -> None:
    """Move one occurrence of a series (DAY: YYYY-MM-DD) to another time; the others stay."""
    from zolicht.services import contacts
    from zolicht.services import validation as check

    on = check.parse_date("date", day)
    changed = run(contacts.move_occurrence, slug, series, on, contacts.parse_start(start))
    say(M.OCCURRENCE_MOVED.format(title=changed.title, day=f"{on:%d-%m-%Y}", start=start))


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
