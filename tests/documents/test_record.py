"""Every document is filled from the record: the method record and the contact plan."""

from __future__ import annotations

import difflib
import io
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from tests.documents.conftest import (
    LEFT_OUT,
    LEFT_OUT_WORDS,
    NEVER_REASON,
    ON,
    Converted,
    contact_plan,
    docx_lines,
    rich_family,
)
from zolicht.documents.controls import read_controls
from zolicht.documents.render import KINDS, render
from zolicht.domain.method import Contribution, Evaluation, Referral
from zolicht.domain.model import Family


def rendered(kind: str, family: Family | None = None) -> bytes:
    return render(family or rich_family(), kind, ON, plan=contact_plan()).content


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def table_rows(content: bytes, *header: str) -> list[list[str]]:
    """The rows under the header row of the first table whose header starts with
    ``header`` (cell text including content controls' text)."""
    from zolicht.documents.controls import W

    document = Document(io.BytesIO(content))
    for grid in document.tables:
        rows = [["".join(t.text or "" for t in tc.iter(f"{{{W}}}t"))
                 for tc in tr.iter(f"{{{W}}}tc")] for tr in grid._tbl.iter(f"{{{W}}}tr")]
        if rows and tuple(rows[0][:len(header)]) == header:
            return rows[1:]
    raise AssertionError(f"no table starting with {header!r}")


# -- nobody left out is printed ------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_or_never_involved_person_appears_in_no_document(
    kind: str, converted: Converted
) -> None:
    everything = "\n".join(docx_lines(converted.sources[f"rich-{kind}"].read_bytes()))
    shown = converted.text(f"rich-{kind}")
    for text in (everything, shown):
        for secret in LEFT_OUT:
            assert secret not in text, (kind, secret)
        assert not LEFT_OUT_WORDS.search(text), (kind, LEFT_OUT_WORDS.search(text))
    assert "Oma Ria" in shown  # the same record does name the others
    tags = read_controls(converted.sources[f"rich-{kind}"])
    assert not [t for t in tags if "ans" in t.split("_") or "henk" in t.split("_")]


def test_the_never_involve_reason_is_in_the_record_but_printed_nowhere() -> None:
    family = rich_family()
    assert family.method.never[0].reason == NEVER_REASON
    assert family.never_involved("henk") and not family.never_involved("oma-ria")
    for kind in KINDS:
        assert NEVER_REASON not in "\n".join(docx_lines(rendered(kind, family)))


# -- signaleringsplan ------------------------------------------------------------------------
def test_the_signaleringsplan_lists_only_the_chosen_helpers_per_phase(
    converted: Converted
) -> None:
    content = converted.sources["rich-signaleringsplan"].read_bytes()
    helpers = [p for p in paragraphs(content) if p.startswith("Wie kan helpen:")]
    assert helpers == [
        "Wie kan helpen: Oma Ria (06-34567890)",  # Ans refused, Henk never involved
        "Wie kan helpen: Kevin (06-45678901), Oma Ria (06-34567890)",
        "Wie kan helpen: Kevin (06-45678901)",
        "Wie kan helpen: Nog niet gekozen",
    ]
    contacts = table_rows(content, "Naam")
    assert ["Achterwacht", "Als de hulpverlener er niet is", "Oma Ria (06-34567890)"] \
        in contacts
    assert "achterwacht" not in read_controls(converted.sources["rich-signaleringsplan"])
    assert "Achterwacht Als de hulpverlener er niet is Oma Ria (06-34567890)" in \
        converted.text("rich-signaleringsplan")


def test_without_a_recorded_backup_the_professional_is_the_achterwacht() -> None:
    family = rich_family()
    family = replace(family, method=replace(family.method, backup=""))
    rows = table_rows(rendered("signaleringsplan", family), "Naam")
    assert rows[-1] == ["Achterwacht", "Als de hulpverlener er niet is",
                        "Lotte Visser (020-1234567)"]
    nobody = replace(family, people=tuple(p for p in family.people if p.key != "lotte"))
    path_rows = table_rows(rendered("signaleringsplan", nobody), "Naam")
    assert path_rows[-1] == ["Achterwacht", "Als de hulpverlener er niet is",
                             "Naam en nummer"]  # the control, to fill in


# -- afspraken -------------------------------------------------------------------------------
def test_the_afspraken_list_the_tasks_and_keep_controls_only_where_nothing_is_known(
    converted: Converted
) -> None:
    source = converted.sources["rich-afspraken"]
    rows = table_rows(source.read_bytes(), "Wie")
    assert rows == [
        ["Oma Ria (oma)", "Haalt Daan op van school", "dinsdag en donderdag",
         "taak van het netwerk"],
        ["Kevin (JIM)", "Belt Sanne na school", "elke vrijdag", "taak van het netwerk"],
        ["Lotte Visser (jeugdprofessional)", "Overleg met school over het rooster",
         "eens per maand", "kan over naar Meester Joost"],
        ["Lotte Visser (jeugdprofessional)", "Contact met Veilig Thuis", "-",
         "blijft bij de hulpverlener"],
        ["Meester Joost (leerkracht)", "Wat doet deze persoon?", "Wanneer en hoe vaak?", ""],
    ]
    controls = read_controls(source)
    assert {"wat_joost", "wanneer_joost", "jim_steun"} <= set(controls)
    assert not {"wat_oma_ria", "wat_kevin", "jim_weten", "jim_doen", "contactmomenten",
                "nazorg", "strippenkaart"} & set(controls)


def test_the_afspraken_carry_a_signature_line_for_every_party_with_a_task(
    converted: Converted
) -> None:
    family = rich_family()
    signers = [row[0] for row in table_rows(
        converted.sources["rich-afspraken"].read_bytes(), "Naam", "Handtekening")]
    assert signers == ["Petra Jansen", "Sanne", "Oma Ria", "Kevin", "Lotte Visser",
                       "Meester Joost"]
    parties = {family.person(k).name for t in family.method.tasks for k in (t.person, t.to)
               if k and not family.never_involved(k) and k != "ans"}
    assert parties <= set(signers) and len(signers) == len(set(signers))
    assert "Kevin" in signers  # the JIM signs
    text = converted.text("rich-afspraken")
    assert "Meester Joost Datum" in text and "Kevin Datum" in text


def test_the_afspraken_show_the_contact_plan_aftercare_strips_and_mandate(
    converted: Converted
) -> None:
    lines = paragraphs(converted.sources["rich-afspraken"].read_bytes())
    start = lines.index("Hoe vaak zien we elkaar?")
    end = lines.index("Toestemming en ondertekening")
    assert [line for line in lines[start:end] if line] == [
        "Hoe vaak zien we elkaar?",
        "Bijpraten: om de week op dinsdag om 16:00, tot en met dinsdag 29 juni 2027 "
        "(met Petra Jansen, Sanne, Oma Ria)",
        "Netwerkoverleg: maandag 14 december 2026 om 19:00",
        "Onze appgroep: ",
        "Nazorg na het einde van de zorg:",
        "woensdag 14 juli 2027 om 16:00: even bijpraten",
        "vrijdag 30 juli 2027 om 16:00: even bijpraten",
        "donderdag 30 september 2027 om 16:00: even bijpraten",
        "donderdag 30 december 2027 om 16:00: even bijpraten",
        "Strippenkaart: 5 keer bellen na het einde van de zorg; 2 keer gebruikt, nog 3 over.",
    ]
    text = converted.text("rich-afspraken")
    assert "Afgezegd gesprek" not in text and "Oude reeks" not in text
    assert "Hoe het op school gaat" in text and "Mee naar gesprekken op school" in text
    assert "maandag 14 december 2026" in text


# -- overdrachtsplan -------------------------------------------------------------------------
def test_the_overdrachtsplan_says_what_goes_to_whom_and_where_to_go(
    converted: Converted
) -> None:
    content = converted.sources["rich-overdrachtsplan"].read_bytes()
    assert table_rows(content, "Taak") == [
        ["Overleg met school over het rooster", "Lotte Visser", "Meester Joost",
         "kan worden overgedragen"],
        ["Contact met Veilig Thuis", "Lotte Visser", "-", "blijft bij de hulpverlener"],
    ]
    places = table_rows(content, "Vraag")
    assert [row[1] for row in places] == [
        "Huisarts", "Wijkteam", "School: de mentor of de intern begeleider", "Veilig Thuis",
        "Waar?"]
    assert places[3][2] == "0800-2000 (gratis, dag en nacht)"
    controls = read_controls(converted.sources["rich-overdrachtsplan"])
    assert {"verwijzing_1", "verwijzing_2", "verwijzing_3", "verwijzing_vraag"} <= set(controls)
    assert "verwijzing_4" not in controls and "stap_1" not in controls
    text = converted.text("rich-overdrachtsplan")
    assert "Als het niet lukt, bel: Oma Ria (06-34567890)" in text
    assert "woensdag 14 juli 2027 om 16:00" in text
    assert "5 keer bellen na het einde van de zorg; 2 keer gebruikt, nog 3 over." in text


def test_recorded_referrals_replace_the_default_places() -> None:
    family = rich_family()
    family = replace(family, method=replace(family.method, referrals=(
        Referral("Vragen over geld", "Schuldhulp Utrecht", "030-1112222"),)))
    content = rendered("overdrachtsplan", family)
    assert table_rows(content, "Vraag") == [
        ["Vragen over geld", "Schuldhulp Utrecht", "030-1112222"]]


# -- netwerkkaart ----------------------------------------------------------------------------
def test_the_netwerkkaart_is_the_current_map_in_plain_words(converted: Converted) -> None:
    content = converted.sources["rich-netwerkkaart"].read_bytes()
    assert table_rows(content, "Naam") == [
        ["Oma Ria", "oma", "dichtbij", "praktische hulp, steun bij gevoelens",
         "Oppassen op Daan", "ja"],
        ["Kevin", "JIM", "dichtbij", "steun bij gevoelens, informatie en advies",
         "Praktische hulp, steun, informatie, gezelschap", "nee"],
        ["Meester Joost", "leerkracht", "groepen en instellingen", "informatie en advies",
         "Huiswerkklas op dinsdag", "nee"],
        ["Trainer Bas", "", "verder weg", "zeggen wat wel en niet kan",
         "Training op zaterdag", "ja"],
    ]
    assert set(read_controls(converted.sources["rich-netwerkkaart"])) == {
        "biedt_kevin", "methoden", "behoefte"}
    document = Document(io.BytesIO(content))
    title, anchor = document.paragraphs[0], document.paragraphs[1]
    assert title.style.name == "Title" and anchor.text == ""  # the picture goes here
    assert "Ook na de zorg beschikbaar: Oma Ria, Trainer Bas." in converted.text(
        "rich-netwerkkaart")


# -- evaluatieverslag ------------------------------------------------------------------------
SECOND = Evaluation(
    "e2", date(2026, 11, 16), notes="Sanne gaat weer elke dag naar school.",
    next_time="Kan Meester Joost het rooster overnemen?",
    network=(Contribution("kevin", "Kevin", "Belde Sanne elke vrijdag"),
             Contribution("oma-ria", "Oma Ria", "Haalde Daan op"),
             Contribution("henk", "Oom Henk", "Bracht Sanne naar sport")))


def test_the_evaluatieverslag_compares_the_network_with_the_evaluation_before() -> None:
    family = rich_family()
    family = replace(family, method=replace(
        family.method, evaluations=family.method.evaluations + (SECOND,)))
    lines = [p for p in paragraphs(rendered("evaluatieverslag", family)) if p]
    top = lines.index("Evaluatie van maandag 16 november 2026")
    assert lines[top:top + 6] == [
        "Evaluatie van maandag 16 november 2026",
        "Wat we bespraken: Sanne gaat weer elke dag naar school.",
        "Volgende keer kijken we terug op: Kan Meester Joost het rooster overnemen?",
        "Inzet van het netwerk",
        "Vergeleken met de evaluatie van donderdag 1 oktober 2026: nieuw genoemd: Kevin.",
        "De netwerkkaart sinds de vorige evaluatie: erbij gekomen: Meester Joost, "
        "Trainer Bas. iets veranderd bij: Oma Ria, Kevin.",
    ]
    assert "Dit is de eerste evaluatie: er is nog niets om mee te vergelijken." in lines


def evaluation_lines(content: bytes) -> list[str]:
    return docx_lines(content)[:-1]  # without the document properties


def test_a_re_render_after_an_evaluation_differs_exactly_by_what_was_recorded() -> None:
    before_family = rich_family()
    after_family = replace(before_family, method=replace(
        before_family.method, evaluations=before_family.method.evaluations + (SECOND,)))
    before = evaluation_lines(rendered("evaluatieverslag", before_family))
    after = evaluation_lines(rendered("evaluatieverslag", after_family))
    diff = list(difflib.ndiff(before, after))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    assert removed == []
    assert added == [
        "Evaluatie van maandag 16 november 2026",
        "Wat we bespraken: " + SECOND.notes,
        "Volgende keer kijken we terug op: " + SECOND.next_time,
        "Inzet van het netwerk",
        "Wie", "Wat deed deze persoon?",
        "Kevin", "Belde Sanne elke vrijdag",
        "Oma Ria", "Haalde Daan op",
        "Vergeleken met de evaluatie van donderdag 1 oktober 2026: nieuw genoemd: Kevin.",
        "De netwerkkaart sinds de vorige evaluatie: erbij gekomen: Meester Joost, "
        "Trainer Bas. iets veranderd bij: Oma Ria, Kevin.",
        "Hoe goed redden gezin en netwerk het zelf: niet gevraagd",
        "De afspraken", "Afspraak", "Hoe ging het?",
        "Haalt Daan op van school", "niet besproken",
        "Belt Sanne na school", "niet besproken",
        "Overleg met school over het rooster", "niet besproken",
        "Contact met Veilig Thuis", "niet besproken",
    ]
    # the new block comes first: the report reads newest first
    assert after.index("Evaluatie van maandag 16 november 2026") < after.index(
        "Evaluatie van donderdag 1 oktober 2026")


def test_the_evaluatieverslag_converts_and_shows_the_recorded_evaluation(
    converted: Converted
) -> None:
    text = converted.text("rich-evaluatieverslag")
    for expected in ("Evaluatie van donderdag 1 oktober 2026",
                     "Wat we bespraken: Het gaat beter met slapen.",
                     "Volgende keer kijken we terug op: Lukt het ophalen van Daan?",
                     "Inzet van het netwerk", "Oma Ria Haalde Daan twee keer per week op",
                     "Het netwerk nu", "Trainer Bas verder weg zeggen wat wel en niet kan ja"):
        assert expected in text, expected


def test_every_kind_for_the_full_record_converts_with_its_values(
    converted: Converted
) -> None:
    expected = {
        "signaleringsplan": "Wie kan helpen: Kevin (06-45678901), Oma Ria (06-34567890)",
        "afspraken": "Oma Ria (oma) Haalt Daan op van school dinsdag en donderdag",
        "netwerkkaart": "Meester Joost leerkracht groepen en instellingen",
        "overdrachtsplan": "Overleg met school over het rooster Lotte Visser Meester Joost",
        "evaluatieverslag": "Oma Ria Haalde Daan twee keer per week op",
    }
    for kind in KINDS:
        text = converted.text(f"rich-{kind}")
        assert expected[kind] in text, kind
        assert "{{" not in text and "{%" not in text


# -- needs, strengths, pace, methods, chat, independence, agreements, earlier maps ----------
def test_needs_are_matched_to_helpers_by_kind_and_strengths_pace_and_chat_are_printed(
) -> None:
    from zolicht.domain.method import ForWhom, Need, Strength, Support

    family = rich_family()
    family = replace(family, method=replace(
        family.method,
        needs=(Need("oppas", ForWhom.PARENT, "Een avond vrij", Support.PRACTICAL),
               Need("regels", ForWhom.YOUTH, "Iemand die zegt wat kan", Support.NORMATIVE),
               Need("geld", ForWhom.FAMILY, "Hulp met geld", None)),
        strengths=(Strength("tekenen", "sanne", "Goed in tekenen"),
                   Strength("samen", "", "Samen eten op zondag")),
        pace="Rustig aan", methods=("ecogram", "wie-vragen"), chat="Appgroep 'Samen'"))
    card = rendered("netwerkkaart", family)
    rows = table_rows(card, "Voor wie")
    assert rows[0][:2] == ["ouder", "Een avond vrij"] and "Oma Ria" in rows[0][3]
    assert rows[1][3] == "Trainer Bas"
    assert rows[2][2:] == ["-", "nog niemand"]
    for secret in LEFT_OUT:
        assert all(secret not in cell for row in rows for cell in row)
    assert "Zo brengen we het netwerk in kaart: ecogram (kringen om het gezin), " \
        "wie-vragen voor de jongere" in paragraphs(card)
    plan = paragraphs(rendered("signaleringsplan", family))
    assert "Sanne: Goed in tekenen" in plan and "Samen: Samen eten op zondag" in plan
    agreed = paragraphs(rendered("afspraken", family))
    assert "Rustig aan" in agreed and "Onze appgroep: Appgroep 'Samen'" in agreed
    assert "Sanne: Goed in tekenen" in agreed


def test_the_evaluatieverslag_shows_independence_over_time_and_each_agreement() -> None:
    family = rich_family()
    first = replace(family.method.evaluations[0], independence=3)
    second = replace(SECOND, independence=6, tasks=((family.method.tasks[0].key,
                                                     "Ging elke week goed"),))
    family = replace(family, method=replace(family.method, evaluations=(first, second)))
    content = rendered("evaluatieverslag", family)
    lines = [p for p in paragraphs(content) if p]
    assert "Hoe goed redden gezin en netwerk het zelf (1-10), door de tijd: 3 → 6" in lines
    assert "Hoe goed redden gezin en netwerk het zelf: 6 van de 10" in lines
    rows = table_rows(content, "Afspraak")
    assert rows[0] == [family.method.tasks[0].what, "Ging elke week goed"]
    assert rows[1][1] == "niet besproken"


def test_an_earlier_map_is_rendered_as_it_was_on_that_day() -> None:
    family = rich_family()
    earlier = replace(family, method=family.method.until(date(2026, 10, 15)))
    names = [row[0] for row in table_rows(rendered("netwerkkaart", earlier), "Naam")]
    assert names == ["Oma Ria", "Kevin"]  # Meester Joost and Trainer Bas came later
    assert family.method.map_on(date(2026, 10, 15)) == family.method.maps[0]
