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
