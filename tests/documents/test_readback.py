"""Completed Word fields that belong in the record come back as proposals, and only an
accepted proposal changes the record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli, snapshot
from tests.documents.conftest import fill, rich_family
from zolicht.documents.readback import record_drafts
from zolicht.domain.method import MapEntry, plain_name
from zolicht.domain.proposals import ProposalKind
from zolicht.store import Store


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result
    return result.out


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'zolicht.sqlite3'}"
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", url)
    ok("family", "import", str(EXAMPLE))
    store = Store(url)
    yield store
    store.close()


def payloads(values: dict[str, str | None], kind: str) -> tuple[list[dict[str, object]],
                                                                list[str]]:
    found = record_drafts(rich_family(), kind, values)
    assert all(d.kind is ProposalKind.RECORD for d in found.drafts)
    return [d.payload for d in found.drafts], found.problems


def test_afspraken_fields_become_task_and_mandate_drafts_never_for_a_left_out_person() -> None:
    drafts, problems = payloads({
        "wat_joost": " Huiswerkklas op dinsdag ", "wanneer_joost": "elke dinsdag",
        "wat_henk": "Brengt Sanne naar sport", "wanneer_kevin": "vrijdag",
        "jim_weten": "Hoe het op school gaat",  # what the record already says
        "jim_steun": "Lotte belt Kevin eens per maand", "jim_doen": None,
        "evaluatiedatum": "1-3-2027"}, "afspraken")
    assert drafts == [
        {"part": "task", "person": "joost", "what": "Huiswerkklas op dinsdag",
         "when": "elke dinsdag"},
        {"part": "jim", "field": "support", "value": "Lotte belt Kevin eens per maand"},
    ]
    assert problems == [
        "veld wat_henk: deze persoon staat niet (meer) in het dossier; niet gebruikt",
        "Kevin: wel 'wanneer' maar niet 'wat' ingevuld; niet gebruikt",
    ]


def test_netwerkkaart_offers_and_a_typed_achterwacht_become_drafts() -> None:
    drafts, problems = payloads({"biedt_kevin": "Luistert naar Sanne",
                                 "biedt_henk": "Klussen"}, "netwerkkaart")
    assert drafts == [{"part": "offers", "person": "kevin", "name": "Kevin",
                       "value": "Luistert naar Sanne"}]
    assert problems == [
        "veld biedt_henk: deze persoon staat niet (meer) in het dossier; niet gebruikt"]
    drafts, problems = payloads({"achterwacht": "Bel Mark de Vries: 06-23456789"},
                                "signaleringsplan")
    assert drafts == [{"part": "backup", "person": "mark",
                       "value": "Bel Mark de Vries: 06-23456789"}]
    assert payloads({"achterwacht": "Oom Henk"}, "signaleringsplan")[0] == []
    assert payloads({"achterwacht": "de buurman"}, "signaleringsplan")[1] == [
        "achterwacht 'de buurman': noem precies één persoon uit het dossier; niet gebruikt"]


def test_word_fields_are_proposed_applied_only_when_accepted_and_audited(
    db: Store, tmp_path: Path
) -> None:
    ok("method", "untask", "jansen", "woensdag")  # Oma Ria has no task now
    ok("method", "jim", "jansen", "--support", "")
    ok("method", "map", "jansen", "mark", "--ring", "further")  # on the map, offers unknown
    agreements, card = tmp_path / "afspraken.docx", tmp_path / "netwerkkaart.docx"
    ok("render", "afspraken", "jansen", "--out", str(agreements))
    ok("render", "netwerkkaart", "jansen", "--out", str(card))
    fill(agreements, {"wat_oma_ria": "Kookt op woensdag", "wanneer_oma_ria": "elke woensdag",
                      "jim_steun": "Lotte belt Kevin eens per maand"})
    fill(card, {"biedt_mark": "Neemt Daan mee naar voetbal"})
    before = snapshot(db)
    assert "2 voorstellen uit het document" in ok("documents", "propose", "jansen",
                                                  str(agreements))
    assert "1 voorstellen uit het document" in ok("documents", "propose", "jansen", str(card))
    assert "0 voorstellen" in ok("documents", "propose", "jansen", str(agreements))  # no twice
    with db.reading() as tx:
        family = tx.families.load("jansen")
    assert not [t for t in family.method.tasks if t.person == "oma-ria"]  # nothing applied
    assert family.method.jim.support == ""
    assert snapshot(db)["families"] == before["families"]
    listed = ok("proposals", "list", "jansen")
    assert "taak voor Oma Ria: Kookt op woensdag (elke woensdag)" in listed
    assert "wat de JIM steunt (wie): Lotte belt Kevin eens per maand" in listed
    assert "Mark de Vries kan bieden: Neemt Daan mee naar voetbal" in listed
    ids = {line.split()[0].lstrip("#"): line for line in listed.splitlines()}
    task = next(i for i, line in ids.items() if "taak voor Oma Ria" in line)
    jim = next(i for i, line in ids.items() if "JIM" in line)
    offers = next(i for i, line in ids.items() if "kan bieden" in line)
    said = ok("proposals", "accept", "jansen", task)
    assert "Vastgelegd in het dossier: taak voor Oma Ria" in said
    ok("proposals", "accept", "jansen", offers)
    ok("proposals", "reject", "jansen", jim)
    with db.reading() as tx:
        family = tx.families.load("jansen")
        events = [e.event for e in tx.audit.events()]
    assert [(t.person, t.what, t.when) for t in family.method.tasks if t.person == "oma-ria"] \
        == [("oma-ria", "Kookt op woensdag", "elke woensdag")]
    assert family.method.jim.support == ""  # rejected: unchanged
    current = family.method.current_map
    assert current is not None and current.source == "document"
    mark = current.entry("Mark de Vries")
    assert mark == MapEntry("mark", "Mark de Vries", mark.ring, (), "Neemt Daan mee naar voetbal")
    assert plain_name("Oma Ria") in {plain_name(e.name) for e in current.entries}
    actions = [e.action for e in events]
    assert actions.count("document.read") == 3
    assert "method.task" in actions and "method.map" in actions
    assert actions.count("proposal.accepted") == 2 and actions.count("proposal.rejected") == 1
    again = tmp_path / "again.docx"
    ok("render", "afspraken", "jansen", "--out", str(again))
    text = json.loads(ok("documents", "read", str(again)))
    assert "wat_oma_ria" not in text and "jim_steun" in text  # the record now has the task
