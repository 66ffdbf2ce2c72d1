"""The ready-made sheets (``sheets/*.md``) and ``zolicht document sheet(s)``."""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli, snapshot
from zolicht import messages as M
from zolicht.documents import sheets
from zolicht.domain.diagnoses import diagnosis_next_to_name, mentions_diagnosis
from zolicht.domain.errors import NotFound
from zolicht.store import Store

SHEET_FILES = sorted((ROOT / "sheets").glob("*.md"))
EXPECTED = {
    "wat-een-netwerk-kan-doen", "voor-het-netwerk", "schaamte-en-privacy",
    "gespreksgids-stap-1", "wie-vragen-kaartjes", "krachten-samen", "hulp-vragen-en-grenzen",
}
ENGLISH = {"the", "and", "you", "your", "with", "please", "network", "what", "who", "this",
           "that", "for", "sheet", "family", "youth"}
NETWORK = ("oma-ria", "ans", "joost", "kevin")
ITEM = re.compile(r"^(#+ |- |\d+\. )")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"']))\s+(?=[\"'A-Z0-9(])")
WORD = re.compile(r"[\w'-]+")


def sentences(text: str) -> list[str]:
    """Every sentence of a Markdown text: headings and list items stand alone, wrapped
    lines of one paragraph or item are joined."""
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        items: list[list[str]] = []
        for line in block.splitlines():
            if ITEM.match(line) or not items:
                items.append([])
            items[-1].append(line.strip())
        for item in items:
            joined = ITEM.sub("", " ".join(item)).replace("**", "").strip("_ ")
            pieces += [s for s in SENTENCE_END.split(joined) if s.strip()]
    return pieces


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result
    return result.out


def test_the_product_ships_the_seven_sheets() -> None:
    assert {p.stem for p in SHEET_FILES} == EXPECTED
    assert {s.name for s in sheets.available()} == EXPECTED


def test_every_sheet_is_installed_with_the_package() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = config["options.data_files"]["share/zolicht/sheets"]
    assert {p.strip() for p in listed.split(",")} == {f"sheets/{p.name}" for p in SHEET_FILES}


@pytest.mark.parametrize("path", SHEET_FILES, ids=lambda p: p.stem)
def test_a_sheet_is_plain_markdown_with_one_title_and_an_audience(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")  # strict: fails on anything but UTF-8
    lines = text.splitlines()
    assert lines[0].startswith("# ")
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    assert any(line.startswith("## ") for line in lines)
    assert any(line.startswith("- ") for line in lines)
    sheet = sheets.read(path)
    assert sheet.title == lines[0][2:] and sheet.audience
    assert 250 <= len(WORD.findall(text)) <= 600


@pytest.mark.parametrize("path", SHEET_FILES, ids=lambda p: p.stem)
def test_a_sheet_is_short_plain_dutch(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for sentence in sentences(text):
        assert len(WORD.findall(sentence)) <= 25, sentence
    assert not {w.casefold() for w in WORD.findall(text)} & ENGLISH


def test_the_sentence_splitter_joins_wrapped_lines_and_splits_items() -> None:
    text = ('# Kop\n\nEen zin die\ndoorloopt. Nog een. Zeg: "Ja." Of niet.\n\n'
            "- Punt een\n  verder.\n- Punt twee.")
    assert sentences(text) == ["Kop", "Een zin die doorloopt.", "Nog een.", 'Zeg: "Ja."',
                               "Of niet.", "Punt een verder.", "Punt twee."]


def test_the_question_cards_are_enough_for_a_game() -> None:
    text = (ROOT / "sheets" / "wie-vragen-kaartjes.md").read_text(encoding="utf-8")
    cards = re.findall(r"^### Kaartje \d+\n\n(.+)$", text, re.MULTILINE)
    assert 20 <= len(cards) <= 30
    assert all(card.endswith("?") and len(WORD.findall(card)) <= 12 for card in cards)
    assert len(set(cards)) == len(cards)


def test_no_sheet_puts_a_diagnosis_next_to_a_name(cli_db: Store) -> None:
    with cli_db.reading() as tx:
        family = tx.families.load("jansen")
    for path in SHEET_FILES:
        text = path.read_text(encoding="utf-8")
        assert not mentions_diagnosis(sheets.read(path).title)
        for sentence in sentences(text):
            assert not diagnosis_next_to_name(family, sentence), (path.name, sentence)


def test_document_sheets_lists_each_with_title_and_audience() -> None:
    listing = " ".join(ok("document", "sheets").split())
    for sheet in sheets.available():
        assert sheet.name in listing
        assert sheet.title.split()[0] in listing
    for audience in ("het gezin", "mensen uit het netwerk", "de hulpverlener", "de jongere"):
        assert audience in listing


def test_a_sheet_is_added_as_a_document_nobody_in_the_network_sees(cli_db: Store) -> None:
    with cli_db.reading() as tx:
        before = len(tx.families.load("jansen").documents)
    said = ok("document", "sheet", "jansen", "voor-het-netwerk")
    assert "Niemand uit het netwerk kan dit zien" in said and "Sanne" in said
    with cli_db.reading() as tx:
        family = tx.families.load("jansen")
    assert len(family.documents) == before + 1
    document = family.document("voor-het-netwerk")
    assert document is not None
    assert document.title == "Voor jou, als iemand uit het netwerk"
    assert document.kind.value == "psycho_education"
    assert document.sensitivity.value == "normal"
    assert document.subject == "sanne"  # the family's youth by default
    cells = json.loads(ok("matrix", "jansen", "--json"))["cells"]
    seen = {c["member"]: c["visible"] for c in cells if c["document"] == "voor-het-netwerk"}
    assert set(NETWORK) <= seen.keys()
    assert not any(seen[member] for member in NETWORK)


def test_a_sheet_can_be_about_someone_else(cli_db: Store) -> None:
    ok("document", "sheet", "jansen", "krachten-samen", "--about", "petra")
    with cli_db.reading() as tx:
        document = tx.families.load("jansen").document("krachten-samen")
    assert document is not None and document.subject == "petra"


def test_a_sheet_added_twice_is_refused(cli_db: Store) -> None:
    ok("document", "sheet", "jansen", "voor-het-netwerk")
    again = run_cli("document", "sheet", "jansen", "voor-het-netwerk")
    assert again.code != 0
    assert "al toegevoegd" in again.err and "voor-het-netwerk" in again.err
    with cli_db.reading() as tx:
        keys = [d.key for d in tx.families.load("jansen").documents]
    assert keys.count("voor-het-netwerk") == 1


def test_an_unknown_sheet_is_refused_naming_the_choices(cli_db: Store) -> None:
    refused = run_cli("document", "sheet", "jansen", "bestaat-niet")
    assert refused.code != 0
    assert "bestaat-niet" in refused.err
    for name in EXPECTED:
        assert name in refused.err


def test_the_professionals_guide_is_not_added_to_a_family(cli_db: Store) -> None:
    before = snapshot(cli_db)
    refused = run_cli("document", "sheet", "jansen", "gespreksgids-stap-1")
    assert refused.code == 2 and refused.err.startswith("fout: sheet:")
    assert "voor de hulpverlener zelf" in refused.err
    assert snapshot(cli_db) == before


def test_without_a_sheets_folder_the_error_says_so(tmp_path: Path) -> None:
    assert sheets.available(tmp_path / "nergens") == []
    with pytest.raises(NotFound, match=re.escape(M.SHEET_NONE)):
        sheets.find("voor-het-netwerk", tmp_path / "nergens")
