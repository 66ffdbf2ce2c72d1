"""``zolicht method``: the method's cycle in the record: never involve, network maps,
evaluations, tasks, the signaleringsplan's helpers and achterwacht, the JIM, referrals."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from zolicht import messages as M
from zolicht.cli import dutch
from zolicht.cli.runtime import apply_now, open_context, optional_date, run, say, say_applied
from zolicht.domain.errors import InvalidInput
from zolicht.domain.method import change_between
from zolicht.domain.model import Family
from zolicht.services import method
from zolicht.services.family import load_family
from zolicht.wording import day

method_app = typer.Typer(no_args_is_help=True, help="The method's cycle: never involve, "
                                                    "network map, evaluations, tasks.")
Keys = Annotated[str, typer.Argument(help="Person keys, comma separated")]


def _keys(value: str | None) -> list[str]:
    return [k for k in (value or "").split(",") if k]


@method_app.command("never")
def never(
    slug: str, name: str,
    reason: Annotated[str, typer.Option(help="Why (for the professional only)")] = "",
    person: Annotated[Optional[str], typer.Option(help="Person key, when in the record")]
    = None,
) -> None:
    """Put NAME on the never-involve list: no share, no calendar, no form, no document."""
    entry = run(method.never_add, slug, name, reason, person)
    say(M.NEVER_ADDED.format(name=entry.name))
    if entry.person:
        say_applied(apply_now(slug))


@method_app.command("allow")
def allow(slug: str, name: str) -> None:
    """Take NAME off the never-involve list (nothing they had comes back by itself)."""
    entry = run(method.never_remove, slug, name)
    say(M.NEVER_REMOVED.format(name=entry.name))


@method_app.command("map")
def map_person(
    slug: str, person: str,
    ring: Annotated[str, typer.Option(help="close, further or groups")] = "close",
    support: Annotated[str, typer.Option(help="practical,emotional,informative,normative")]
    = "",
    offers: Annotated[str, typer.Option(help="What this person can offer")] = "",
    long_term: Annotated[bool, typer.Option(help="Also available after care ends")] = False,
    circle: Annotated[Optional[str], typer.Option(
        help="The youth's safety circle: knows_all, knows_some, wanted, or none to take "
             "the person out (left out: stays as it was)")] = None,
) -> None:
    """Record where PERSON stands in the network now (a new snapshot of the map)."""
    with open_context() as ctx:
        family = load_family(ctx, slug)
        entry = method.map_entry(
            family, person, dutch.choice("ring", ring, "ring"),
            [dutch.choice("support", s, "support") for s in _keys(support)], offers,
            long_term, None if circle is None else dutch.choice("circle", circle,
                                                               "safety_circle"))
        before = family.method.current_map
        made = method.record_map(ctx, slug, [entry], "hulpverlener")
    change = change_between(before, made)
    say(M.MAP_RECORDED.format(on=day(made.made_on), count=len(made.entries),
                              joined=len(change.joined), left=len(change.left)))


@method_app.command("evaluate")
def evaluate(
    slug: str, key: str,
    on: Annotated[Optional[str], typer.Option(help="YYYY-MM-DD (default: today)")] = None,
    notes: str = "",
    next_time: Annotated[str, typer.Option("--next", help="What to look back on next time")]
    = "",
    moment: Annotated[str, typer.Option(help="Key of the contact moment or series")] = "",
    network: Annotated[Optional[list[str]], typer.Option(
        help="PERSON=what they did; once per person: the section 'inzet van het netwerk'")]
    = None,
    zelf: Annotated[Optional[int], typer.Option(
        "--zelf", help="1-10: how well family and network manage on their own")] = None,
    task: Annotated[Optional[list[str]], typer.Option(
        "--task", help="TASK=how it went; once per task that was discussed")] = None,
) -> None:
    """Record an evaluation with its notes and what the network did."""
    parts = [tuple(item.split("=", 1)) for item in network or []]
    if any(len(p) != 2 for p in parts):
        raise InvalidInput("network", M.NETWORK_PART_RULE)
    tasks = [tuple(item.split("=", 1)) for item in task or []]
    if any(len(t) != 2 for t in tasks):
        raise InvalidInput("task", M.TASK_PART_RULE)
    with open_context() as ctx:
        made = method.evaluate(ctx, slug, key, optional_date("on", on) or ctx.today(), notes,
                               next_time, moment, [(p[0], p[1]) for p in parts],
                               zelf, [(t[0], t[1]) for t in tasks])
    count = len(made.network)
    people = M.PEOPLE_COUNT[count != 1].format(count=count)
    say(M.EVALUATION_RECORDED.format(key=made.key, on=day(made.held_on), people=people))


@method_app.command("task")
def task(
    slug: str, key: str, person: str,
    what: Annotated[str, typer.Option(help="What this person does")],
    when: Annotated[str, typer.Option(help="When and how often")] = "",
    hand_over: Annotated[str, typer.Option(
        help="network, possible, done or not_possible")] = "network",
    to: Annotated[str, typer.Option(help="Whom it is handed over to")] = "",
) -> None:
    """Add or change a task: who does what, and whether it can be handed over."""
    made = run(method.set_task, slug, key, person, what, when,
               dutch.choice("hand_over", hand_over, "hand_over"), to)
    say(M.TASK_SET.format(key=made.key))


@method_app.command("untask")
def untask(slug: str, key: str) -> None:
    """Remove a task."""
    run(method.remove_task, slug, key)
    say(M.TASK_REMOVED.format(key=key))


@method_app.command("helpers")
def helpers(slug: str, phase: str, people: Keys = "") -> None:
    """Who helps in PHASE (groen, oranje, rood, crisis) of the signaleringsplan."""
    chosen = run(method.set_helpers, slug, phase, _keys(people))
    say(M.HELPERS_SET.format(phase=phase, count=len(chosen)))


@method_app.command("backup")
def backup(slug: str, person: str) -> None:
    """The achterwacht: whom to call when the professional is not there."""
    run(method.set_backup, slug, person)
    say(M.BACKUP_SET)


@method_app.command("jim")
def jim(
    slug: str,
    know: Annotated[Optional[str], typer.Option(help="What the JIM may know")] = None,
    do: Annotated[Optional[str], typer.Option(help="What the JIM may do or say")] = None,
    support: Annotated[Optional[str], typer.Option(help="Who supports the JIM")] = None,
) -> None:
    """The JIM's mandate."""
    run(method.set_jim, slug, know, do, support)
    say(M.JIM_SET)


@method_app.command("referral")
def referral(slug: str, question: str, place: str, contact: str = "") -> None:
    """After care: with QUESTION, go to PLACE."""
    run(method.add_referral, slug, question, place, contact)
    say(M.REFERRAL_ADDED)



@method_app.command("need")
def need(
    slug: str, key: str,
    what: Annotated[str, typer.Option(help="What is needed, in the family's words")],
    for_whom: Annotated[str, typer.Option("--for", help="youth, parent or family")]
    = "family",
    kind: Annotated[str, typer.Option(
        help="practical, emotional, informative or normative")] = "",
) -> None:
    """Add or change a need (step 2): for whom, what, and which kind of support."""
    made = run(method.set_need, slug, key, dutch.choice("for", for_whom, "for_whom"), what,
               dutch.choice("kind", kind, "support") if kind else "")
    say(M.NEED_SET.format(key=made.key))


@method_app.command("unneed")
def unneed(slug: str, key: str) -> None:
    """Remove a need."""
    run(method.remove_need, slug, key)
    say(M.NEED_REMOVED.format(key=key))


@method_app.command("strength")
def strength(
    slug: str, key: str,
    what: Annotated[str, typer.Option(help="What they are good at, or what helps them")],
    whose: Annotated[str, typer.Option(help="Person key (default: the family together)")]
    = "",
) -> None:
    """Add or change a strength (step 4)."""
    made = run(method.set_strength, slug, key, what, whose)
    say(M.STRENGTH_SET.format(key=made.key))


@method_app.command("unstrength")
def unstrength(slug: str, key: str) -> None:
    """Remove a strength."""
    run(method.remove_strength, slug, key)
    say(M.STRENGTH_REMOVED.format(key=key))


@method_app.command("pace")
def pace(slug: str, text: Annotated[str, typer.Argument(
        help="How fast this family wants to go (empty: clear)")]) -> None:
    """Record the pace the family wants (a short note)."""
    said = run(method.set_pace, slug, text)
    say(M.PACE_SET if said else M.PACE_CLEARED)


@method_app.command("methods")
def methods(slug: str, chosen: Annotated[str, typer.Argument(
        help="ecogram, veiligheidscirkels, genogram, kaartspel, wie-vragen; "
             "comma separated")]) -> None:
    """The ways of mapping the network chosen with this family."""
    made = run(method.set_methods, slug, _keys(chosen))
    say(M.METHODS_SET.format(methods=", ".join(made) or "-"))


@method_app.command("chat")
def chat(slug: str, text: Annotated[str, typer.Argument(
        help="The group's name and who runs it (empty: clear)")]) -> None:
    """Record the family's chat group with the network."""
    said = run(method.set_chat, slug, text)
    say(M.CHAT_SET if said else M.CHAT_CLEARED)


@method_app.command("maps")
def maps(slug: str) -> None:
    """List the network maps, oldest first, with who joined and left each time."""
    family = run(load_family, slug)
    ordered = sorted(enumerate(family.method.maps), key=lambda m: (m[1].made_on, m[0]))
    if not ordered:
        say(M.MAPS_NONE)
        return
    before = None
    for _, made in ordered:
        visible = tuple(e for e in made.entries
                        if not family.method.never_involved(e.person, e.name))
        change = change_between(before, made)
        shown = M.MAPS_CHANGE.format(joined=_names(family, change.joined),
                                     left=_names(family, change.left)) if before else ""
        say(M.MAPS_LINE.format(on=day(made.made_on), source=made.source, count=len(visible),
                               change=shown))
        before = made


def _names(family: Family, names: tuple[str, ...]) -> str:
    kept = [n for n in names if not family.method.never_involved("", n)]
    return ", ".join(kept) or M.MAPS_NOBODY
