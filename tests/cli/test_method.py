"""The method's cycle from the command line: never involve, maps, evaluations, tasks."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import NOW, run_cli, snapshot
from zolicht.domain.method import HandOver, Ring, SafetyCircle
from zolicht.services.transfer import read_family
from zolicht.store import Store


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result
    return result.out


def refused(store: Store, *args: str) -> str:
    """The command fails with code 2 and changes nothing; its one line of complaint."""
    before = snapshot(store)
    result = run_cli(*args)
    assert result.code == 2, result
    assert snapshot(store) == before
    return result.err


def test_never_involve_takes_everything_and_the_matrix_says_why(cli_db: Store) -> None:
    assert "kan dit zien" in ok("matrix", "jansen").split("Oma Ria")[1].splitlines()[0]
    said = ok("method", "never", "jansen", "oma ria", "--reason", "Ruzie in de familie")
    assert "Oma Ria staat nu op de lijst" in said
    with cli_db.reading() as tx:
        family = tx.families.load("jansen")
        events = tx.audit.events()
    assert not [g for g in family.grants if g.member == "oma-ria"]
    assert family.never_involved("oma-ria")
    assert "Ruzie" not in " ".join(str(e.event) for e in events)
    assert "mag niet betrokken" in ok("matrix", "jansen")
    cells = json.loads(ok("matrix", "jansen", "--json"))["cells"]
    oma = [c for c in cells if c["member"] == "oma-ria"]
    assert oma and all(c["reason"] == "never_involved" and not c["visible"] for c in oma)
    asked = run_cli("grant", "jansen", "energie", "oma-ria", "--by", "petra")
    assert asked.code == 2 and "nooit betrekken" in asked.err


def test_parents_with_authority_youth_and_professionals_cannot_be_excluded(
        cli_db: Store) -> None:
    assert "gezag" in refused(cli_db, "method", "never", "jansen", "Petra Jansen")
    assert "stukken" in refused(cli_db, "method", "never", "jansen", "x", "--person", "sanne")
    assert "hulpverlener" in refused(cli_db, "method", "never", "jansen", "Lotte Visser")
    assert "al op de lijst" in refused(cli_db, "method", "never", "jansen", "oom kees")


def test_allow_again_brings_nothing_back(cli_db: Store) -> None:
    ok("method", "never", "jansen", "Kevin")
    ok("method", "allow", "jansen", "kevin")
    with cli_db.reading() as tx:
        family = tx.families.load("jansen")
    assert not family.never_involved("kevin")
    assert not [g for g in family.grants if g.member == "kevin"]
    assert "niet op de lijst" in refused(cli_db, "method", "allow", "jansen", "Kevin")


def test_evaluations_maps_tasks_and_helpers_are_recorded(cli_db: Store) -> None:
    said = ok("method", "evaluate", "jansen", "evaluatie-2", "--on", "2026-11-23",
              "--notes", "Rustiger thuis", "--next", "Schoolreis bespreken",
              "--network", "kevin=Ging mee naar school", "--network", "joost=Belde twee keer")
    assert "evaluatie-2" in said and "2 mensen" in said
    said = ok("method", "map", "jansen", "joost", "--ring", "close", "--support",
              "informative,emotional", "--long-term")
    assert "0 erbij" in said and "4 mensen" in said
    ok("method", "task", "jansen", "gezinsgesprek", "lotte", "--what", "Gezinsgesprek",
       "--hand-over", "done", "--to", "kevin")
    ok("method", "helpers", "jansen", "oranje", "kevin,joost,kevin")
    with cli_db.reading() as tx:
        method = tx.families.load("jansen").method
    latest = method.latest_evaluations(1)[0]
    assert (latest.notes, latest.next_time) == ("Rustiger thuis", "Schoolreis bespreken")
    assert [c.name for c in latest.network] == ["Kevin", "Meester Joost"]
    current = method.current_map
    assert current is not None and current.source == "hulpverlener"
    joost = current.entry("meester joost")
    assert joost is not None and joost.long_term and len(current.entries) == 4
    task = next(t for t in method.tasks if t.key == "gezinsgesprek")
    assert (task.hand_over, task.to) == (HandOver.DONE, "kevin")
    assert method.helpers_in("oranje") == ("kevin", "joost")


def test_bad_method_input_names_the_field_and_changes_nothing(cli_db: Store) -> None:
    assert refused(cli_db, "method", "evaluate", "jansen", "evaluatie-1").startswith(
        "fout: key:")
    assert "fout: to:" in refused(cli_db, "method", "task", "jansen", "x", "kevin", "--what",
                                  "Iets", "--hand-over", "possible")
    assert "fout: network:" in refused(cli_db, "method", "evaluate", "jansen", "e9",
                                       "--network", "kevin")
    assert "fout: phase:" in refused(cli_db, "method", "helpers", "jansen", "paars", "kevin")
    assert "fout: person:" in refused(cli_db, "method", "backup", "jansen", "sanne")
    ok("method", "never", "jansen", "Buurvrouw Ans")
    assert "nooit betrekken" in refused(cli_db, "method", "helpers", "jansen", "rood", "ans")


def test_the_method_record_survives_export_and_import(cli_db: Store, tmp_path: Path) -> None:
    exported = ok("family", "export", "jansen")
    with cli_db.reading() as tx:
        family = tx.families.load("jansen")
    again, _, _ = read_family(exported, tmp_path, NOW.date())
    assert again.method == family.method and again.method.evaluations


def test_a_bad_method_section_is_refused_with_its_path(cli_db: Store, tmp_path: Path) -> None:
    exported = ok("family", "export", "jansen").replace("slug: jansen", "slug: jansen-2")
    bad = exported.replace("hand_over: possible", "hand_over: someday")
    source = tmp_path / "gezin.yaml"
    source.write_text(bad, encoding="utf-8")
    result = run_cli("family", "import", str(source))
    assert result.code == 2 and result.err.startswith("fout: method.tasks[3].hand_over:")



def test_map_records_the_youths_safety_circle_and_keeps_it_when_not_given(
        cli_db: Store) -> None:
    ok("method", "map", "jansen", "oma-ria", "--ring", "further", "--circle", "knows_all")
    with cli_db.reading() as tx:
        current = tx.families.load("jansen").method.current_map
    assert current is not None
    ria = current.entry("Oma Ria")
    assert ria is not None and ria.circle is SafetyCircle.KNOWS_ALL and ria.ring is Ring.FURTHER
    ok("method", "map", "jansen", "oma-ria", "--ring", "close")  # circle left out: kept
    with cli_db.reading() as tx:
        current = tx.families.load("jansen").method.current_map
    ria = current.entry("Oma Ria") if current else None
    assert ria is not None and ria.circle is SafetyCircle.KNOWS_ALL and ria.ring is Ring.CLOSE
    ok("method", "map", "jansen", "oma-ria", "--circle", "none")
    with cli_db.reading() as tx:
        current = tx.families.load("jansen").method.current_map
    ria = current.entry("Oma Ria") if current else None
    assert ria is not None and ria.circle is None
    assert "fout: circle:" in refused(cli_db, "method", "map", "jansen", "oma-ria",
                                      "--circle", "nooit")


def test_needs_strengths_pace_methods_and_chat_are_recorded(cli_db: Store) -> None:
    ok("method", "need", "jansen", "huiswerk", "--for", "youth", "--what",
       "Hulp bij huiswerk", "--kind", "informative")
    ok("method", "strength", "jansen", "koken", "--whose", "petra", "--what", "Kookt goed")
    ok("method", "pace", "jansen", "Langzaam, stap voor stap")
    assert "ecogram" in ok("method", "methods", "jansen", "ecogram,genogram,ecogram")
    ok("method", "chat", "jansen", "Appgroep 'Samen', Kevin beheert hem")
    with cli_db.reading() as tx:
        method = tx.families.load("jansen").method
    need = next(n for n in method.needs if n.key == "huiswerk")
    assert (need.for_whom.value, need.kind and need.kind.value) == ("youth", "informative")
    assert any(s.key == "koken" and s.whose == "petra" for s in method.strengths)
    assert method.pace == "Langzaam, stap voor stap"
    assert method.methods == ("ecogram", "genogram")
    assert method.chat.startswith("Appgroep")
    ok("method", "unneed", "jansen", "huiswerk")
    ok("method", "unstrength", "jansen", "koken")
    with cli_db.reading() as tx:
        method = tx.families.load("jansen").method
    assert not any(n.key == "huiswerk" for n in method.needs)
    assert "kies uit" in refused(cli_db, "method", "methods", "jansen", "ecogram,tekenen")
    assert "fout: for:" in refused(cli_db, "method", "need", "jansen", "x", "--for", "oom",
                                   "--what", "Iets")
    assert "niet op de lijst" not in refused(cli_db, "method", "unneed", "jansen", "nope")


def test_an_evaluation_records_independence_and_how_tasks_went(cli_db: Store) -> None:
    ok("method", "evaluate", "jansen", "evaluatie-2", "--on", "2026-11-23", "--zelf", "7",
       "--task", "woensdag=Ging goed", "--task", "wekelijks-praten=Twee keer gemist")
    with cli_db.reading() as tx:
        latest = tx.families.load("jansen").method.latest_evaluations(1)[0]
    assert latest.independence == 7
    assert dict(latest.tasks) == {"woensdag": "Ging goed",
                                  "wekelijks-praten": "Twee keer gemist"}
    assert "fout: zelf:" in refused(cli_db, "method", "evaluate", "jansen", "e3",
                                    "--zelf", "11")
    assert "fout: task:" in refused(cli_db, "method", "evaluate", "jansen", "e3",
                                    "--task", "bestaat-niet=Iets")
    assert "fout: task:" in refused(cli_db, "method", "evaluate", "jansen", "e3",
                                    "--task", "woensdag")


def test_earlier_maps_are_listed_with_who_joined_and_left(cli_db: Store) -> None:
    ok("method", "map", "jansen", "petra", "--ring", "close")
    said = ok("method", "maps", "jansen").splitlines()
    assert said[0].startswith("05-11-2026 · stap-3 · 4 mensen")
    assert said[-1].endswith("erbij: Petra Jansen · niet meer: niemand")


def test_scale_down_shows_the_agreed_pace(cli_db: Store) -> None:
    assert "Afgesproken tempo: Rustig aan" in ok("contact", "scale-down", "jansen")


def test_a_change_in_people_or_status_prompts_a_new_map(cli_db: Store) -> None:
    said = ok("person", "add", "jansen", "els", "--name", "Tante Els", "--role", "tante",
              "--circle", "network")
    assert "Klopt de netwerkkaart nog?" in said and "zolicht method map jansen" in said
    assert "Klopt de netwerkkaart nog?" in ok("person", "remove", "jansen", "els")
    assert "Klopt de netwerkkaart nog?" in ok("family", "status", "jansen", "scaling_down")
    ok("method", "map", "jansen", "petra")
    assert "netwerkkaart" not in ok("family", "status", "jansen", "active")
