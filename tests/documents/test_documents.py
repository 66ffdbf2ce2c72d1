"""Generated Word documents, opened with python-docx and converted by LibreOffice."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from tests.conftest import EXAMPLE, run_cli
from tests.documents.conftest import (
    LONG_TEXT,
    ODD_NAMES,
    ON,
    Converted,
    convert_all,
    example,
    fill,
    soffice,
)
from zolicht.documents.build import DEFAULT_DIR, build_all
from zolicht.documents.controls import W, read_controls
from zolicht.documents.render import KINDS, check_template, render
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Family

HEADINGS = {
    "signaleringsplan": ["Signaleringsplan van Sanne", "Wat voor mij belangrijk is",
                         "Waar ik goed in ben / wat ons helpt",
                         "Fase Groen: het gaat goed", "Fase Oranje: het gaat minder goed",
                         "Fase Rood: het gaat niet goed", "Fase Crisis: direct hulp nodig",
                         "Contacten en achterwacht", "Altijd te bellen",
                         "Toestemming en ondertekening"],
    "afspraken": ["Afspraken met het netwerk van Gezin Jansen", "Wie doet wat",
                  "Waar we goed in zijn / wat ons helpt", "Ons tempo", "De JIM",
                  "Hulpverleners om te bellen", "Contactmomenten en nazorg",
                  "Toestemming en ondertekening"],
    "netwerkkaart": ["Netwerkkaart van Gezin Jansen", "Wie weet wat? De veiligheidscirkels",
                     "Wat nodig is · wie helpt daarbij",
                     "Wie is er altijd?"],
    "overdrachtsplan": ["Overdrachtsplan en nazorg voor Gezin Jansen",
                        "Wat gaat over naar wie", "Achterwacht",
                        "Na de zorg: waar ga je heen met welke vraag?",
                        "Nazorg: wanneer spreken we elkaar nog?", "Strippenkaart",
                        "Weer zorg nodig?"],
    "evaluatieverslag": ["Evaluatieverslag van Gezin Jansen", "Evaluaties, de nieuwste eerst",
                         "Het netwerk nu"],
}
NAMES = {
    "signaleringsplan": ["Sanne", "Oma Ria", "06-34567890", "Kevin", "Lotte Visser",
                         "Petra Jansen", "Wie kan helpen: Nog niet gekozen"],
    "afspraken": ["Oma Ria", "Kevin is de JIM", "Lotte Visser", "020-1234567"],
    "netwerkkaart": ["Petra Jansen", "Mark de Vries", "Meester Joost", "leerkracht"],
    "overdrachtsplan": ["Lotte Visser (020-1234567)", "Huisarts", "Wijkteam",
                        "Veilig Thuis 0800-2000"],
    "evaluatieverslag": ["Er is nog geen evaluatie vastgelegd.",
                         "Er is nog geen netwerkkaart gemaakt."],
}


def family() -> Family:
    return example()


def libreoffice_version() -> tuple[int, int]:
    out = subprocess.run([soffice(), "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)\.(\d+)", out)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


@pytest.mark.parametrize("kind", KINDS)
def test_each_document_opens_and_converts_with_every_section_name_and_field(
    kind: str, converted: Converted
) -> None:
    source = converted.sources[f"plain-{kind}"]
    document = Document(str(source))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading",
                                                                                "Title"))]
    assert headings == HEADINGS[kind]
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.core_properties.language == "nl-NL"
    assert document.core_properties.content_status == "concept"
    controls = read_controls(source)
    assert all(value is None for value in controls.values())
    text = converted.text(f"plain-{kind}")
    for expected in HEADINGS[kind] + NAMES[kind]:
        assert expected in text, expected
    for hint in hints(source):
        assert hint in text, hint
    assert "Vertrouwelijk" in text and "pagina 1 van" in text
    assert "{{" not in text and "{%" not in text


def hints(path: Path) -> set[str]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return {"".join(t.text or "" for t in sdt.iter(f"{{{W}}}t"))
            for sdt in root.iter(f"{{{W}}}sdt")}


def test_completed_fields_are_read_back_by_tag_without_tracked_deletions(
    tmp_path: Path
) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(render(family(), "signaleringsplan", ON).content)
    fill(path, {"groen_ik_merk": "Ik slaap goed en lach veel.", "evaluatiedatum": "1-3-2027"},
         deleted="weggehaalde tekst")
    values = read_controls(path)
    assert values["groen_ik_merk"] == "Ik slaap goed en lach veel."
    assert values["evaluatiedatum"] == "1-3-2027"
    assert values["rood_ik_doe"] is None
    assert "weggehaalde" not in str(values)


def test_a_libreoffice_round_trip_keeps_typed_values(tmp_path: Path) -> None:
    if libreoffice_version() < (7, 5):
        pytest.skip(f"LibreOffice {libreoffice_version()} drops content-control tags on save; "
                    "7.5 or newer keeps them (templates.md, round-trip table)")
    path = tmp_path / "plan.docx"
    path.write_bytes(render(family(), "signaleringsplan", ON).content)
    fill(path, {"groen_ik_merk": "Ik slaap goed."})
    again = convert_all([path], "docx:MS Word 2007 XML", tmp_path / "out")[0]
    assert read_controls(again)["groen_ik_merk"] == "Ik slaap goed."


def test_finalising_removes_empty_fields_and_marks_the_version(converted: Converted) -> None:
    final = converted.sources["final-signaleringsplan"]
    assert read_controls(final) == {"groen_ik_merk": "Rustig."}
    properties = Document(str(final)).core_properties
    assert (properties.version, properties.content_status) == ("2", "definitief")


def test_finalising_changes_the_printed_version_and_status(converted: Converted) -> None:
    draft, final = converted.text("draft-signaleringsplan"), converted.text(
        "final-signaleringsplan")
    assert "Versie 1" in draft and "Status concept" in draft
    assert "Versie 2" in final and "Status definitief" in final
    assert "concept" not in final and "Versie 1" not in final
    card = converted.text("final-netwerkkaart")
    assert "versie 3 · definitief" in card and "concept" not in card
    assert "versie 1 · concept" in converted.text("rich-netwerkkaart")


def test_names_with_diacritics_ampersands_and_long_texts_render(converted: Converted) -> None:
    text = converted.text("odd")
    for name in ("Noëlle van 't Hooft & Zn", "Çağrı Øyvind", "Ïsa Müller", "Gezin Rijn & Vecht"):
        assert name in text, name
    assert ODD_NAMES["ans"] not in text  # refused by Sanne: in no document
    assert text.count("Dit is een lange afspraak.") >= 70
    assert LONG_TEXT.startswith("Dit is een lange afspraak.")
    title = Document(str(converted.sources["odd"])).core_properties.title
    assert title == "Afspraken met het netwerk – Gezin Rijn & Vecht"


def test_a_template_with_an_unknown_field_is_refused_by_name(tmp_path: Path) -> None:
    template = Document(str(DEFAULT_DIR / "signaleringsplan.docx"))
    template.add_paragraph("{{ geheim_veld }}")
    path = tmp_path / "signaleringsplan.docx"
    template.save(str(path))
    with pytest.raises(InvalidInput, match="geheim_veld"):
        check_template(path, "signaleringsplan")
    with pytest.raises(InvalidInput, match="geheim_veld"):
        render(family(), "signaleringsplan", ON, templates=tmp_path)


@pytest.mark.parametrize("wrapper", ["ins", "del", "hyperlink"])
def test_a_tag_inside_a_tracked_change_or_link_is_refused(tmp_path: Path, wrapper: str) -> None:
    template = Document(str(DEFAULT_DIR / "netwerkkaart.docx"))
    paragraph = template.add_paragraph()
    element = etree.SubElement(paragraph._p, f"{{{W}}}{wrapper}")
    run = etree.SubElement(element, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}{'delText' if wrapper == 'del' else 't'}").text = "{{ gezin }}"
    path = tmp_path / "netwerkkaart.docx"
    template.save(str(path))
    with pytest.raises(InvalidInput, match=wrapper):
        check_template(path, "netwerkkaart")


def test_a_template_missing_a_needed_field_is_refused_by_name(tmp_path: Path) -> None:
    bare = Document()
    bare.add_paragraph("Netwerkkaart van {{ gezin }}")
    path = tmp_path / "netwerkkaart.docx"
    bare.save(str(path))
    with pytest.raises(InvalidInput, match="ontbreekt: mensen"):
        check_template(path, "netwerkkaart")


def test_an_organisation_template_is_used_when_present(tmp_path: Path) -> None:
    own = Document(str(DEFAULT_DIR / "overdrachtsplan.docx"))
    own.add_paragraph("Huisstijl van Rijn & Vecht voor {{ gezin }}")
    own.save(str(tmp_path / "overdrachtsplan.docx"))
    content = render(family(), "overdrachtsplan", ON, templates=tmp_path).content
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "Huisstijl van Rijn & Vecht voor Gezin Jansen" in texts


def test_default_templates_are_reproducible_from_code(tmp_path: Path) -> None:
    for built in build_all(tmp_path):
        committed = DEFAULT_DIR / built.name
        assert zipfile.ZipFile(built).read("word/document.xml") == \
            zipfile.ZipFile(committed).read("word/document.xml"), built.name


def test_render_read_and_finalise_from_the_cli(tmp_path: Path) -> None:
    assert run_cli("family", "import", str(EXAMPLE)).code == 0
    target = tmp_path / "plan.docx"
    assert run_cli("render", "signaleringsplan", "jansen", "--out", str(target)).code == 0
    read = run_cli("documents", "read", str(target))
    assert read.code == 0 and '"groen_ik_merk": null' in read.out
    assert run_cli("documents", "finalize", str(target), "--version", "2").code == 0
    assert read_controls(target) == {}
    bad = run_cli("render", "brief", "jansen")
    assert bad.code == 2 and bad.err.startswith("fout: kind: ")


def test_stored_documents_are_shared_like_any_other(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("family", "import", str(EXAMPLE)).code == 0
    out = tmp_path / "plan.docx"
    assert run_cli("render", "signaleringsplan", "jansen", "--out", str(out), "--store").code == 0
    matrix = run_cli("matrix", "jansen", "--json").out
    import json

    cells = {(c["document"], c["member"]): c for c in json.loads(matrix)["cells"]}
    key = next(d for d, _ in cells if d.startswith("signaleringsplan-"))
    assert cells[key, "sanne"]["visible"] and cells[key, "petra"]["visible"]
    assert cells[key, "lotte"]["access"] == "edit"
    assert not cells[key, "oma-ria"]["visible"] and not cells[key, "mark"]["visible"]


def test_render_on_a_date_shows_the_map_as_it_was_then(tmp_path: Path) -> None:
    assert run_cli("family", "import", str(EXAMPLE)).code == 0
    assert run_cli("method", "map", "jansen", "petra").code == 0
    then, now = tmp_path / "then.docx", tmp_path / "now.docx"
    assert run_cli("render", "netwerkkaart", "jansen", "--out", str(then),
                   "--on", "2026-11-10").code == 0
    assert run_cli("render", "netwerkkaart", "jansen", "--out", str(now)).code == 0

    def names(path: Path) -> list[str]:
        grid = Document(str(path)).tables[0]
        return [row.cells[0].text for row in grid.rows[1:]]

    assert "Petra Jansen" in names(now) and "Petra Jansen" not in names(then)
    assert "Oma Ria" in names(then)
    bad = run_cli("render", "netwerkkaart", "jansen", "--on", "gisteren")
    assert bad.code == 2 and bad.err.startswith("fout: on:")
