"""The network map on the pages: the professional's check page and the family page show
the picture inline (an SVG with a title, never the never-involved) and the same in words."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

from tests.web.conftest import Web
from zolicht import messages as M
from zolicht.domain.method import (
    MapEntry,
    MethodRecord,
    NetworkMap,
    NeverInvolve,
    Ring,
    SafetyCircle,
    Support,
)
from zolicht.services import method

RECORD = MethodRecord(
    maps=(NetworkMap(date(2026, 1, 5), "stap-3", (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE, (Support.PRACTICAL,), "", True,
                 SafetyCircle.KNOWS_ALL),
        MapEntry("ans", "Buurvrouw Ans", Ring.FURTHER, circle=SafetyCircle.KNOWS_SOME),
        MapEntry("joost", "Meester Joost", Ring.GROUPS, (Support.INFORMATIVE,),
                 circle=SafetyCircle.WANTED),
        MapEntry("", "Voetbalclub <VV> & \"Oost\"", Ring.GROUPS))),),
    never=(NeverInvolve("Buurvrouw Ans", "ans", "wil Sanne niet"),))


def mapped(web: Web, record: MethodRecord = RECORD) -> None:
    with web.world.ctx.store.transaction() as tx:
        tx.families.save_method("jansen", record)


def figure(page: str) -> str:
    found = re.search(r'<figure class="map">.*?</figure>', page, re.S)
    assert found is not None, page
    return found.group(0)


def test_the_check_page_shows_the_map_as_a_picture_and_in_words(web: Web) -> None:
    mapped(web)
    page = web.signed_in("lotte").get("/hulpverlener/jansen/controle").text
    shown = figure(page)
    svg = re.search(r"<svg.*?</svg>", shown, re.S)
    assert svg is not None
    root = ElementTree.fromstring(svg.group(0))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "netwerkkaart-titel"
    assert root.find("{http://www.w3.org/2000/svg}title").text == \
        "Netwerkkaart van Gezin Jansen"  # type: ignore[union-attr]
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"Oma Ria", "Meester Joost", 'Voetbalclub <VV> & "Oost"'} <= set(texts)
    assert "<dt>dichtbij</dt>" in shown and "<dd>Oma Ria (oma; praktische hulp; ook op " \
        "lange termijn)</dd>" in shown
    assert "<dt>verder weg</dt>\n        <dd>niemand</dd>" in shown
    assert "Ans" not in page and "wil Sanne niet" not in page


def test_the_family_page_shows_the_map_too(web: Web) -> None:
    mapped(web)
    page = web.signed_in("sanne").get("/gezin/jansen").text
    shown = figure(page)
    assert "Oma Ria" in shown and "Meester Joost" in shown
    assert "Buurvrouw Ans" not in shown


def circles(page: str) -> str:
    found = re.search(r'<figure class="map circles">.*?</figure>', page, re.S)
    assert found is not None, page
    return found.group(0)


def test_the_pages_show_the_safety_circles_as_a_second_picture(web: Web) -> None:
    mapped(web)
    for who, path in (("lotte", "/hulpverlener/jansen/controle"), ("sanne", "/gezin/jansen")):
        page = web.signed_in(who).get(path).text
        shown = circles(page)
        assert page.index('<figure class="map">') < page.index('<figure class="map circles">')
        svg = re.search(r"<svg.*?</svg>", shown, re.S)
        assert svg is not None
        root = ElementTree.fromstring(svg.group(0))
        assert root.get("aria-labelledby") == "veiligheidscirkels-titel"
        assert root.find("{http://www.w3.org/2000/svg}title").text == \
            "Veiligheidscirkels van Sanne"  # type: ignore[union-attr]
        assert "<dt>weet alles</dt>\n        <dd>Oma Ria (oma)</dd>" in shown
        assert "<dt>weet een beetje</dt>\n        <dd>niemand</dd>" in shown
        assert "<dd>Meester Joost (leerkracht)</dd>" in shown
        assert "Voetbalclub" not in shown  # no circle: not in this picture
        section = re.search(r'<section class="card" aria-labelledby="netwerk-kop">.*?</section>',
                            page, re.S)
        assert section is not None
        assert "Ans" not in section.group(0) and "wil Sanne niet" not in page
        assert len(re.findall(r'id="netwerkkaart-titel"', page)) == 1


def test_the_circles_are_the_youths_own_answers_and_not_shown_to_the_parents(
        web: Web) -> None:
    mapped(web)
    for parent in ("petra", "mark"):
        page = web.signed_in(parent).get("/gezin/jansen").text
        assert '<figure class="map">' in page
        assert "circles" not in page and "weet alles" not in page and "kringen-kop" not in page


def test_without_circles_the_page_says_so_instead_of_an_empty_picture(web: Web) -> None:
    mapped(web, MethodRecord(maps=(NetworkMap(date(2026, 1, 5), "stap-3", (
        MapEntry("oma-ria", "Oma Ria"),)),)))
    page = web.signed_in("lotte").get("/hulpverlener/jansen/controle").text
    assert '<figure class="map circles">' not in page
    assert M.SAFETY_EMPTY.format(name="Sanne") in page


def test_a_never_involved_member_has_no_row_to_say_yes_to(web: Web) -> None:
    """The family page offers no yes for someone on the never-involve list."""
    page = web.signed_in("petra").get("/gezin/jansen").text
    assert "Meester Joost" in page
    method.never_add(web.world.ctx, "jansen", "Meester Joost")
    page = web.signed_in("petra").get("/gezin/jansen").text
    assert "Meester Joost" not in page
