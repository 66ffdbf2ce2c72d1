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

from tests.documents.conftest import LEFT_OUT_WORDS, ON, convert_all, example, pdf_text, rich_family
from zolicht import messages as M
from zolicht.documents import network_picture as picture
from zolicht.documents.network_picture import CIRCLES, Drawn, layout, overlapping, text_width
from zolicht.documents.render import render
from zolicht.domain.method import (
    MapEntry,
    MethodRecord,
    NetworkMap,
    NeverInvolve,
    Ring,
    SafetyCircle,
    Support,
)
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


# -- the safety circles -------------------------------------------------------------------------
def circled(base: Family | None = None) -> Family:
    """``mapped`` with the youth's safety circles: Ans has one too, but is never involved;
    the football club has none."""
    family = mapped(base)
    circles = {"oma-ria": SafetyCircle.KNOWS_ALL, "kevin": SafetyCircle.KNOWS_ALL,
               "ans": SafetyCircle.KNOWS_SOME, "joost": SafetyCircle.KNOWS_SOME}
    current = family.method.maps[0]
    entries = tuple(replace(e, circle=circles.get(e.person)) for e in current.entries) + (
        MapEntry("", "Trainer Mo", Ring.FURTHER, circle=SafetyCircle.WANTED),)
    return replace(family, method=replace(family.method, maps=(
        replace(current, entries=entries),)))


def test_the_safety_circles_name_whom_the_youth_placed_and_never_the_never_involved() -> None:
    family = circled()
    svg = picture.safety_svg(family, ON, "Sanne")
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    shown = texts(svg)
    for name in ("Sanne", "Oma Ria", "Kevin", "Meester Joost", "Trainer Mo", "weet alles",
                 "weet een beetje", "wil ik erbij", "leerkracht",
                 M.SAFETY_NEVER_NOT_DRAWN):
        assert name in shown, name
    assert "Ans" not in svg and "privé" not in svg
    assert "Voetbalclub VV Oost" not in svg  # no circle: not in this picture
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Veiligheidscirkels van Sanne"
    assert desc is not None and desc.text == picture.safety_text_alternative(family, ON, "Sanne")
    assert root.get("aria-labelledby") == "veiligheidscirkels-titel"
    assert "<path" not in svg and "<style" not in svg and "<script" not in svg
    plan = layout("Sanne", picture.circled(family, ON), rings=CIRCLES,
                  names=M.SAFETY_CIRCLES)
    inner = (plan.centre_radius,) + plan.radii[:2]
    for label in plan.labels:  # weet alles innermost, wil ik erbij outermost
        k = CIRCLES.index(label.person.ring)  # type: ignore[arg-type]
        assert inner[k] < math.hypot(label.x, label.y) < plan.radii[k]


def test_the_safety_text_alternative_says_who_is_in_which_circle() -> None:
    text = picture.safety_text_alternative(circled(), ON, "Sanne")
    assert text == (
        "Veiligheidscirkels van Sanne. Stand op 23-11-2026, in kaart gebracht op 1-10-2026. "
        "In het midden staat Sanne. Weet alles: Oma Ria (oma), Kevin (JIM). "
        "Weet een beetje: Meester Joost (leerkracht). Wil ik erbij: Trainer Mo. "
        "Wie er nooit bij mag, staat niet op de tekening.")
    assert picture.safety_words(circled(), ON)[2] == ("wil ik erbij", ("Trainer Mo",))


def test_without_circles_the_safety_picture_says_nobody_is_in_them() -> None:
    for family in (mapped(), replace(example(), people=(), method=MethodRecord())):
        assert picture.circled(family, ON) == ()
        text = picture.safety_text_alternative(family, ON, "Sanne")
        assert text == ("Veiligheidscirkels van Sanne. Er staat nog niemand in de cirkels: "
                        "Sanne heeft nog niet verteld wie wat weet.")
        svg = picture.safety_svg(family, ON, "Sanne")
        assert M.SAFETY_NOBODY in texts(svg) and "Oma Ria" not in texts(svg)


def test_hostile_names_in_the_safety_circles_are_escaped() -> None:
    base = circled()
    entries = base.method.maps[0].entries + (
        MapEntry("", HOSTILE, Ring.FURTHER, circle=SafetyCircle.WANTED),)
    hostile = replace(base, method=replace(base.method, maps=(
        replace(base.method.maps[0], entries=entries),)))
    svg = picture.safety_svg(hostile, ON, "Sanne <&>", ident="v")
    root = ElementTree.fromstring(svg)
    assert HOSTILE in texts(svg) and "Sanne <&>" in texts(svg)
    assert "<script" not in svg and "<b>" not in svg
    assert root.find(f"{SVG}desc").text == \
        picture.safety_text_alternative(hostile, ON, "Sanne <&>")  # type: ignore[union-attr]


def test_the_same_circles_give_the_same_bytes() -> None:
    first = picture.safety_svg(circled(), ON, "Sanne")
    assert first == picture.safety_svg(circled(), ON, "Sanne")
    assert picture.png(first, 400) == picture.png(picture.safety_svg(circled(), ON, "Sanne"),
                                                  400)


@pytest.mark.parametrize("circles", [(SafetyCircle.KNOWS_ALL,), (SafetyCircle.WANTED,),
                                     CIRCLES], ids=lambda c: "+".join(c))
def test_no_label_overlaps_another_in_the_safety_circles_for_1_to_30_people(
        circles: tuple[SafetyCircle, ...]) -> None:
    for count in range(1, 31):
        people = tuple(Drawn(f"{NAMES[i % len(NAMES)]} {i}", "oom" if i % 2 else "",
                             circles[i % len(circles)]) for i in range(count))
        plan = layout("Sanne", people, rings=CIRCLES, names=M.SAFETY_CIRCLES)
        boxes = plan.boxes()
        assert overlapping(boxes) == [], (count, overlapping(boxes))
        x0, y0, x1, y1 = plan.view
        for box in boxes:
            assert x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1
        assert len(plan.labels) == count


def test_the_netwerkkaart_has_both_pictures_each_with_its_alt_text() -> None:
    family = circled()
    content = render(family, "netwerkkaart", ON).content
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 2
    rings, circles = (shape._inline.docPr for shape in document.inline_shapes)
    assert rings.get("descr") == picture.text_alternative(family, ON)
    safety = picture.safety_text_alternative(family, ON, "Sanne")
    assert circles.get("descr") == safety
    assert circles.get("title") == "Veiligheidscirkels van Sanne"
    texts_ = [p.text for p in document.paragraphs]
    heading = texts_.index("Wie weet wat? De veiligheidscirkels")
    assert document.paragraphs[heading + 1]._p.xpath(".//w:drawing")
    assert texts_[heading + 2] == safety and heading > 2  # after the rings picture
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 2


def test_without_circles_the_netwerkkaart_has_a_line_instead_of_a_picture() -> None:
    content = render(mapped(), "netwerkkaart", ON).content
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 1
    texts_ = [p.text for p in document.paragraphs]
    heading = texts_.index("Wie weet wat? De veiligheidscirkels")
    assert texts_[heading + 1] == ""
    assert texts_[heading + 2] == picture.safety_text_alternative(mapped(), ON, "Sanne")


def test_whom_the_document_leaves_out_is_not_in_its_safety_circles() -> None:
    """Ans (refused by Sanne) and Henk (never involved) have a circle in the record; the
    netwerkkaart about Sanne draws neither."""
    family = rich_family()
    current = family.method.maps[-1]
    entries = tuple(replace(e, circle=SafetyCircle.KNOWS_ALL) for e in current.entries)
    family = replace(family, method=replace(family.method, maps=family.method.maps[:-1] + (
        replace(current, entries=entries),)))
    document = Document(io.BytesIO(render(family, "netwerkkaart", ON).content))
    assert len(document.inline_shapes) == 2
    alternative = document.inline_shapes[1]._inline.docPr.get("descr")
    assert "Oma Ria" in alternative and "Trainer Bas" in alternative
    assert not LEFT_OUT_WORDS.search(alternative)
    assert not LEFT_OUT_WORDS.search("\n".join(p.text for p in document.paragraphs))


def test_the_netwerkkaart_with_both_pictures_converts_with_libreoffice(tmp_path: Path) -> None:
    family = circled()
    source = tmp_path / "netwerkkaart.docx"
    source.write_bytes(render(family, "netwerkkaart", ON).content)
    pdf = convert_all([source], "pdf", tmp_path)[0]
    text = pdf_text(pdf)
    assert picture.text_alternative(family, ON) in text
    assert picture.safety_text_alternative(family, ON, "Sanne") in text
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True,
                             capture_output=True, text=True).stdout
    images = [line.split() for line in listing.splitlines()[2:]]
    pictures = [row for row in images if row[2] == "image" and int(row[3]) >= 1000]
    assert len(pictures) == 2, listing
    back = convert_all([source], "docx:MS Word 2007 XML", tmp_path / "back")[0]
    reopened = Document(str(back))
    assert [s._inline.docPr.get("descr") for s in reopened.inline_shapes] == [
        picture.text_alternative(family, ON),
        picture.safety_text_alternative(family, ON, "Sanne")]
