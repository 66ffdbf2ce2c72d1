"""The network map as a picture: SVG from the record, the same picture in the netwerkkaart
Word document (opened by python-docx, converted by LibreOffice and read back)."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document

from tests.documents.conftest import ON, convert_all, example, pdf_text
from zolicht import messages as M
from zolicht.documents import network_picture as picture
from zolicht.documents.network_picture import Drawn, layout, overlapping, text_width
from zolicht.documents.render import render
from zolicht.domain.method import MapEntry, MethodRecord, NetworkMap, NeverInvolve, Ring, Support
from zolicht.domain.model import Family

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "Tante <b>Ans</b> & \"Co\" 'n </text><script>alert(1)</script>"
NAMES = ("Oma Ria", "Opa Henk", "Tante Fatma", "Oom Kees", "Buurman Ali", "Juf Petra",
         "Meester Joost", "Trainer Mo", "Vriendin Lisa", "Nicht Noor", "Coach Yusuf",
         "Noëlle van 't Hooft", "Yılmaz Öztürk", "WWWWWWWWWW MMMM", "Ab")


def mapped(base: Family | None = None) -> Family:
    """The example family with a map: Ans is on it, but on the never-involve list."""
    entries = (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE, (Support.EMOTIONAL, Support.PRACTICAL),
                 "oppassen op woensdag", True),
        MapEntry("kevin", "Kevin", Ring.CLOSE, (Support.EMOTIONAL,), "", True),
        MapEntry("ans", "Buurvrouw Ans", Ring.FURTHER, (Support.PRACTICAL,)),
        MapEntry("joost", "Meester Joost", Ring.GROUPS, (Support.INFORMATIVE,
                                                         Support.NORMATIVE)),
        MapEntry("", "Voetbalclub VV Oost", Ring.GROUPS, (Support.PRACTICAL,)),
    )
    return replace(base or example(), method=MethodRecord(
        maps=(NetworkMap(date(2026, 10, 1), "stap-3", entries),),
        never=(NeverInvolve("Buurvrouw Ans", "ans", "privé", date(2026, 9, 1)),)))


def texts(svg: str) -> list[str]:
    """The text of every ``<text>`` element, as a reader or a search finds it."""
    root = ElementTree.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_the_svg_parses_and_names_everyone_drawn_and_never_the_never_involved() -> None:
    svg = picture.svg(mapped(), ON)
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    shown = texts(svg)
    for name in ("Oma Ria", "Kevin", "Meester Joost", "Voetbalclub VV Oost", "Gezin Jansen",
                 "dichtbij", "verder weg", "groepen en instellingen", "leerkracht", "JIM"):
        assert name in shown, name
    assert "Ans" not in svg and "privé" not in svg
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Netwerkkaart van Gezin Jansen"
    assert desc is not None and desc.text == picture.text_alternative(mapped(), ON)
    assert root.get("aria-labelledby") == f"{title.get('id')}"
    # support as letters, long term as a double outline, both explained in the legend
    assert {"P", "E", "I", "N"} <= set(shown)
    assert M.MAP_LONG_TERM in shown and M.MAP_SUPPORT["normative"][1] in shown
    assert "<path" not in svg and "<style" not in svg and "<script" not in svg


def test_the_text_alternative_says_who_is_in_which_ring() -> None:
    text = picture.text_alternative(mapped(), ON)
    assert text.startswith("Netwerkkaart van Gezin Jansen. Stand op 23-11-2026, "
                           "in kaart gebracht op 1-10-2026. In het midden staat Gezin Jansen.")
    assert ("Dichtbij: Oma Ria (oma; praktische hulp, steun en een luisterend oor; ook op "
            "lange termijn), Kevin (JIM; steun en een luisterend oor; ook op lange termijn).") \
        in text
    assert "Verder weg: niemand." in text
    assert "Groepen en instellingen: Meester Joost (leerkracht; informatie en advies, " in text
    assert "Ans" not in text and "privé" not in text
    assert picture.words(mapped(), ON)[1] == ("verder weg", ())


def test_hostile_names_are_escaped_and_read_back_as_they_are() -> None:
    base = mapped()
    entries = base.method.maps[0].entries + (MapEntry("", HOSTILE, Ring.FURTHER),)
    hostile = replace(base, name="Gezin <&> \"Jansen\"", method=replace(
        base.method, maps=(replace(base.method.maps[0], entries=entries),)))
    svg = picture.svg(hostile, ON, ident="k")
    root = ElementTree.fromstring(svg)  # still well-formed
    assert HOSTILE in texts(svg) and "Gezin <&> \"Jansen\"" in texts(svg)
    assert "<script" not in svg and "<b>" not in svg
    assert root.find(f"{SVG}desc").text == picture.text_alternative(hostile, ON)  # type: ignore[union-attr]


def test_the_same_record_gives_the_same_bytes() -> None:
    first, second = picture.svg(mapped(), ON), picture.svg(mapped(), ON)
    assert first == second
    assert picture.png(first, 400) == picture.png(second, 400)


def test_without_a_map_the_network_of_the_record_is_close_by_without_the_never_involved(
) -> None:
    base = example()
    never = replace(base, method=MethodRecord(never=(NeverInvolve("Buurvrouw Ans", "ans"),)))
    shown = texts(picture.svg(never, ON))
    assert {"Oma Ria", "Kevin", "Meester Joost"} <= set(shown)
    assert "Buurvrouw Ans" not in shown
    assert all(p.ring is Ring.CLOSE for p in picture.drawn(never, ON))
    assert "nog niet in kaart gebracht" in picture.text_alternative(never, ON)
    assert "Buurvrouw Ans" in texts(picture.svg(base, ON))  # on no list: drawn


def test_a_map_made_after_the_day_is_not_shown_yet() -> None:
    later = mapped()
    early = replace(later, method=replace(later.method, maps=later.method.maps + (
        NetworkMap(date(2027, 1, 1), "evaluatie", (MapEntry("", "Nieuwe Buur", Ring.FURTHER),)),
    )))
    assert "Nieuwe Buur" not in picture.svg(early, ON)
    assert "Nieuwe Buur" in picture.svg(early, date(2027, 1, 2))


def test_an_empty_map_draws_the_rings_and_says_nobody_is_on_it() -> None:
    empty = replace(example(), people=(), method=MethodRecord())
    svg = picture.svg(empty, ON)
    shown = texts(svg)
    assert M.MAP_EMPTY in shown and "dichtbij" in shown
    assert M.MAP_EMPTY in picture.text_alternative(empty, ON)
    assert len(ElementTree.fromstring(svg).findall(f"{SVG}circle")) == 7  # rings, centre, legend


def crowd(count: int, rings: tuple[Ring, ...]) -> tuple[Drawn, ...]:
    supports = tuple(Support)
    return tuple(Drawn(f"{NAMES[i % len(NAMES)]} {i}", "buurvrouw" if i % 2 else "",
                       rings[i % len(rings)], supports[:i % 5], i % 3 == 0)
                 for i in range(count))


@pytest.mark.parametrize("rings", [(Ring.CLOSE,), (Ring.FURTHER,), (Ring.GROUPS,),
                                   (Ring.CLOSE, Ring.FURTHER, Ring.GROUPS),
                                   (Ring.GROUPS, Ring.CLOSE)], ids=lambda r: "+".join(r))
def test_no_label_overlaps_another_for_1_to_30_people(rings: tuple[Ring, ...]) -> None:
    for count in range(1, 31):
        people = crowd(count, rings)
        plan = layout("Gezin Jansen", people)
        boxes = plan.boxes()
        assert overlapping(boxes) == [], (count, overlapping(boxes))
        x0, y0, x1, y1 = plan.view
        for box in boxes:
            assert x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1
        assert len(plan.labels) == count
        inner = (plan.centre_radius,) + plan.radii[:2]
        for label in plan.labels:  # each mark lies in its own ring
            k = picture.RINGS.index(label.person.ring)
            assert inner[k] < math.hypot(label.x, label.y) < plan.radii[k]


def test_a_very_long_name_gets_room_of_its_own() -> None:
    people = (Drawn("Grootmoeder " * 8, "oma", Ring.CLOSE),
              *crowd(12, (Ring.CLOSE, Ring.FURTHER)))
    assert overlapping(layout("Gezin Jansen", people).boxes()) == []


def test_the_estimated_text_width_is_at_least_the_real_width() -> None:
    """The layout keeps boxes apart by estimated widths: they must not be too small for
    the font the picture is drawn in (DejaVu Sans, which Debian renders it with)."""
    font_file = shutil.which("fc-match") and subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans:bold"], capture_output=True,
        text=True).stdout
    image_font = pytest.importorskip("PIL.ImageFont")
    if not font_file or "DejaVuSans-Bold" not in font_file:
        pytest.skip("DejaVu Sans Bold is not installed")
    bold = image_font.truetype(font_file, 100)
    regular = image_font.truetype(font_file.replace("-Bold", ""), 100)
    for name in NAMES + (HOSTILE, "groepen en instellingen", M.MAP_LONG_TERM):
        assert bold.getlength(name) * 0.14 <= text_width(name, 14, True), name
        assert regular.getlength(name) * 0.14 <= text_width(name, 14), name


# -- in Word ----------------------------------------------------------------------------------
def test_the_netwerkkaart_has_the_picture_with_alt_text_under_its_title(tmp_path: Path) -> None:
    subject = mapped()
    content = render(subject, "netwerkkaart", ON).content
    alternative = picture.text_alternative(subject, ON)
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    doc_pr = shape._inline.docPr
    assert doc_pr.get("descr") == alternative
    assert doc_pr.get("title") == "Netwerkkaart van Gezin Jansen"
    assert 15 < shape.width.cm <= 16.5 and shape.height.cm <= 17
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "Netwerkkaart van Gezin Jansen"
    assert paragraphs[1]._p.xpath(".//w:drawing")  # right under the title
    assert paragraphs[2].text == alternative
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and archive.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
        assert "Ans" not in archive.read("word/document.xml").decode().split("<w:tbl>")[0]


def test_the_netwerkkaart_with_its_picture_converts_with_libreoffice(tmp_path: Path) -> None:
    subject = mapped()
    source = tmp_path / "netwerkkaart.docx"
    source.write_bytes(render(subject, "netwerkkaart", ON).content)
    pdf = convert_all([source], "pdf", tmp_path)[0]
    text = pdf_text(pdf)
    assert picture.text_alternative(subject, ON) in text
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True,
                             capture_output=True, text=True).stdout
    images = [line.split() for line in listing.splitlines()[2:]]
    assert any(row[0] == "1" and row[2] == "image" and int(row[3]) >= 1000 for row in images), \
        listing
    # a docx round trip (as Collabora saves) keeps the picture and its alt text
    back = convert_all([source], "docx:MS Word 2007 XML", tmp_path / "back")[0]
    reopened = Document(str(back))
    assert len(reopened.inline_shapes) == 1
    assert reopened.inline_shapes[0]._inline.docPr.get("descr") == \
        picture.text_alternative(subject, ON)


def test_an_organisation_template_without_the_picture_still_renders() -> None:
    content = render(mapped(), "afspraken", ON).content
    assert not Document(io.BytesIO(content)).inline_shapes
    assert not re.search(rb"word/media/", zipfile.ZipFile(io.BytesIO(content)).read(
        "[Content_Types].xml"))
