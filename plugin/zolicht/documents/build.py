"""The default Word templates, built from code so they are reproducible.

``python -m zolicht.documents.build [DIR]`` writes them to ``templates/``. Each is a
docxtpl template: Jinja tags for what the record fills in, ``{{r cc.text(…)}}`` for every
field the professional completes. A4, nl-NL, real headings, table header rows that repeat,
phase names written out (never colour alone), "vertrouwelijk" and page x of y in the footer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

SOURCE_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
DEFAULT_DIR = SOURCE_TEMPLATES if SOURCE_TEMPLATES.is_dir() else Path(
    sys.prefix) / "share" / "zolicht" / "templates"
PHASES = (
    ("groen", "Groen: het gaat goed"),
    ("oranje", "Oranje: het gaat minder goed"),
    ("rood", "Rood: het gaat niet goed"),
    ("crisis", "Crisis: direct hulp nodig"),
)
PHASE_COLOURS = {"groen": "D9EAD3", "oranje": "FCE5CD", "rood": "F4CCCC", "crisis": "EAD1DC"}


def cc(tag: str, hint: str, expression: bool = False) -> str:
    """The Jinja tag that places a content control; ``expression`` when tag is computed."""
    tag_source = tag if expression else f'"{tag}"'
    return "{{r cc.text(" + tag_source + ', "' + hint + '") }}'


def new_document(title: str) -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _dutch_defaults(document)
    _placeholder_style(document)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    footer = section.footer.paragraphs[0]
    footer.text = f"Vertrouwelijk · {title} · {{{{ gezin }}}} · pagina "
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")
    return document


def _dutch_defaults(document: DocumentType) -> None:
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "nl-NL")
    lang.set(qn("w:eastAsia"), "nl-NL")
    lang.set(qn("w:bidi"), "ar-SA")


def _placeholder_style(document: DocumentType) -> None:
    style = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    style.element.set(qn("w:styleId"), "PlaceholderText")
    style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)  # contrast AA on white, unlike #808080


def _field(paragraph: object, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # type: ignore[attr-defined]


def table(document: DocumentType, header: tuple[str, ...]) -> Table:
    """A table whose first row is a header row that repeats on every page."""
    grid = cast(Table, document.add_table(rows=1, cols=len(header)))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    return grid


def row(grid: Table, *cells: str) -> None:
    new = grid.add_row()  # type: ignore[no-untyped-call]
    for cell, text in zip(new.cells, cells, strict=True):
        cell.text = text


def loop(grid: Table, head: str, cells: tuple[str, ...]) -> None:
    """Rows repeated by docxtpl: a ``{%tr for %}`` row, the row itself, an endfor row."""
    row(grid, "{%tr for " + head + " %}", *([""] * (len(cells) - 1)))
    row(grid, *cells)
    row(grid, "{%tr endfor %}", *([""] * (len(cells) - 1)))


def shade(grid: Table, colour: str) -> None:
    for cell in grid.rows[0].cells:
        properties = cell._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:fill"), colour)
        properties.append(fill)


def header_block(document: DocumentType, rows: list[tuple[str, str]]) -> None:
    """The document's facts. Version and status are bookmarked (``zolicht_versie``,
    ``zolicht_status``) so that finalising can rewrite what is printed."""
    grid = table(document, ("Gegeven", "Waarde"))
    for label, value in rows:
        row(grid, label, value)
        if value in MARKED:
            _bookmark_run(grid.rows[-1].cells[1].paragraphs[0].runs[0], MARKED[value])


MARKED = {"{{ versie }}": "zolicht_versie", "{{ status }}": "zolicht_status"}
"""Template text whose printed value ``render.finalize`` rewrites, by bookmark name."""


BOOKMARK_IDS = {"zolicht_versie": 901, "zolicht_status": 902}


def each(document: DocumentType, head: str, text: str, style: str | None = None) -> None:
    """Paragraphs repeated by docxtpl: ``{%p for %}``, the paragraph, ``{%p endfor %}``."""
    document.add_paragraph("{%p for " + head + " %}")
    document.add_paragraph(text, style=style)
    document.add_paragraph("{%p endfor %}")


def contacts(document: DocumentType) -> None:
    document.add_heading("Contacten en achterwacht", level=1)
    grid = table(document, ("Naam", "Wie", "Telefoon"))
    loop(grid, "c in contacten", ("{{ c.naam }}", "{{ c.rol }}", "{{ c.telefoon }}"))
    row(grid, "Achterwacht", "Als de hulpverlener er niet is", "{{r achterwacht_veld }}")
    document.add_heading("Altijd te bellen", level=2)
    emergency = table(document, ("Wat", "Nummer"))
    for what, number in (("Spoed, gevaar", "112"), ("Huisartsenpost", "{{ huisartsenpost }}"),
                         ("Veilig Thuis", "0800-2000"), ("Kindertelefoon", "0800-0432"),
                         ("113 Zelfmoordpreventie", "0800-0113")):
        row(emergency, what, number)


def signatures(document: DocumentType, purpose: str) -> None:
    document.add_heading("Toestemming en ondertekening", level=1)
    document.add_paragraph(purpose)
    document.add_paragraph(cc("wie_mag_zien", "Wie mogen dit plan zien?"))
    grid = table(document, ("Naam", "Handtekening", "Datum"))
    loop(grid, "s in ondertekenaars",
         ("{{ s.naam }}", "", cc("'datum_' ~ s.tag", "Datum", expression=True)))


def signaleringsplan() -> DocumentType:
    document = new_document("Signaleringsplan")
    document.add_heading("Signaleringsplan van {{ voor.naam }}", level=0)
    header_block(document, [("Voor", "{{ voor.naam }} ({{ voor.leeftijd }})"),
                            ("Gezin", "{{ gezin }}"), ("Datum", "{{ datum }}"),
                            ("Versie", "{{ versie }}"), ("Status", "{{ status }}"),
                            ("Evaluatie op", cc("evaluatiedatum", "Datum van evaluatie"))])
    document.add_heading("Wat voor mij belangrijk is", level=1)
    document.add_paragraph(cc("belangrijk", "In eigen woorden: wat helpt mij, wat niet?"))
    strengths(document, "Waar ik goed in ben / wat ons helpt")
    for key, title in PHASES:
        document.add_heading(f"Fase {title}", level=1)
        grid = table(document, ("Vraag", "Antwoord"))
        shade(grid, PHASE_COLOURS[key])
        for tag, question in (("ik_merk", "Wat merk ik zelf?"),
                              ("anderen_merken", "Wat merken anderen?"),
                              ("ik_doe", "Wat doe ik?"),
                              ("netwerk_doet", "Wat doet mijn netwerk?"),
                              ("hulpverlener_doet", "Wat doet de hulpverlener?")):
            row(grid, question, cc(f"{key}_{tag}", "Vul in, in eigen woorden"))
        document.add_paragraph("Wie kan helpen: {{ hulp." + key + " }}")
    contacts(document)
    signatures(document, "Wie dit plan ondertekent, weet wat erin staat en helpt mee.")
    return document


def strengths(document: DocumentType, title: str) -> None:
    """The strengths of the youth, the parents and the family, from the record."""
    document.add_heading(title, level=1)
    each(document, "k in krachten", "{{r k }}", "List Bullet")


def afspraken() -> DocumentType:
    document = new_document("Afspraken")
    document.add_heading("Afspraken met het netwerk van {{ gezin }}", level=0)
    header_block(document, [("Gezin", "{{ gezin }}"), ("Datum", "{{ datum }}"),
                            ("Versie", "{{ versie }}"), ("Status", "{{ status }}"),
                            ("Evaluatie op", cc("evaluatiedatum", "Datum van evaluatie"))])
    document.add_heading("Wie doet wat", level=1)
    grid = table(document, ("Wie", "Wat", "Wanneer en hoe vaak", "Overdracht"))
    loop(grid, "t in taken", ("{{ t.wie }}", "{{r t.wat }}", "{{r t.wanneer }}",
                              "{{ t.overdracht }}"))
    strengths(document, "Waar we goed in zijn / wat ons helpt")
    document.add_heading("Ons tempo", level=1)
    document.add_paragraph("{{r tempo }}")
    document.add_heading("De JIM", level=1)
    document.add_paragraph("{{ jim_tekst }}")
    for field, question in (("weten", "Wat mag de JIM weten?"),
                            ("doen", "Wat mag de JIM doen of namens de jongere zeggen?"),
                            ("steun", "Wie steunt de JIM?")):
        document.add_paragraph(question)
        document.add_paragraph("{{r jim." + field + " }}")
    document.add_heading("Hulpverleners om te bellen", level=1)
    pros = table(document, ("Naam", "Rol", "Telefoon"))
    loop(pros, "h in hulpverleners", ("{{ h.naam }}", "{{ h.rol }}", "{{ h.telefoon }}"))
    document.add_heading("Contactmomenten en nazorg", level=1)
    document.add_paragraph("Hoe vaak zien we elkaar?")
    each(document, "regel in contactplan", "{{r regel }}", "List Bullet")
    document.add_paragraph("Onze appgroep: {{r appgroep }}")
    document.add_paragraph("Nazorg na het einde van de zorg:")
    each(document, "regel in nazorg", "{{r regel }}", "List Bullet")
    document.add_paragraph("Strippenkaart: {{r strippenkaart }}")
    signatures(document, "Wie tekent, spreekt af zich aan deze afspraken te houden.")
    return document


def network_picture(document: DocumentType) -> None:
    """The network map as a picture (``{{ kaart }}``, with its alt text) and the same in
    words right under it (``{{ kaart_tekst }}``); then the youth's safety circles the same
    way (``{{ kring }}``, empty when nobody is in them, and ``{{ kring_tekst }}``)."""
    document.add_paragraph("{{ kaart }}")
    document.add_paragraph("{{ kaart_tekst }}")
    document.add_heading("Wie weet wat? De veiligheidscirkels", level=1)
    document.add_paragraph("{{ kring }}")
    document.add_paragraph("{{ kring_tekst }}")


def netwerkkaart() -> DocumentType:
    document = new_document("Netwerkkaart")
    document.add_heading("Netwerkkaart van {{ gezin }}", level=0)
    network_picture(document)
    line = document.add_paragraph("Datum: {{ datum }} · versie ")
    line.add_run("{{ versie }}")
    line.add_run(" · ")
    line.add_run("{{ status }}")
    _bookmark_run(line.runs[1], "zolicht_versie")
    _bookmark_run(line.runs[3], "zolicht_status")
    document.add_paragraph("Zo brengen we het netwerk in kaart: {{r methoden }}")
    grid = table(document, ("Naam", "Relatie", "Kring", "Soort steun",
                            "Wat kan deze persoon bieden?", "Ook na de zorg?"))
    loop(grid, "p in mensen", ("{{ p.naam }}", "{{ p.rol }}", "{{ p.kring }}",
                               "{{ p.steun }}", "{{r p.biedt }}", "{{ p.na_de_zorg }}"))
    document.add_heading("Wat nodig is · wie helpt daarbij", level=1)
    needs = table(document, ("Voor wie", "Wat is nodig", "Soort steun", "Wie helpt daarbij"))
    loop(needs, "b in behoeften", ("{{ b.voor }}", "{{r b.wat }}", "{{ b.soort }}",
                                   "{{ b.wie }}"))
    document.add_heading("Wie is er altijd?", level=1)
    document.add_paragraph("{{r altijd_er }}")
    return document


def _bookmark_run(run: object, name: str) -> None:
    r = run._r  # type: ignore[attr-defined]
    number = str(BOOKMARK_IDS[name])
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), number)
    r.addprevious(start)
    r.addnext(end)


def evaluatieverslag() -> DocumentType:
    document = new_document("Evaluatieverslag")
    document.add_heading("Evaluatieverslag van {{ gezin }}", level=0)
    header_block(document, [("Gezin", "{{ gezin }}"), ("Datum", "{{ datum }}"),
                            ("Versie", "{{ versie }}"), ("Status", "{{ status }}")])
    document.add_paragraph("Hoe goed redden gezin en netwerk het zelf (1-10), door de tijd: "
                           "{{ zelf_verloop }}")
    document.add_heading("Evaluaties, de nieuwste eerst", level=1)
    document.add_paragraph("{%p if not evaluaties %}")
    document.add_paragraph("{{ geen_evaluatie }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p for e in evaluaties %}")
    document.add_heading("{{ e.titel }}", level=2)
    document.add_paragraph("Wat we bespraken: {{ e.besproken }}")
    document.add_paragraph("Volgende keer kijken we terug op: {{ e.volgende_keer }}")
    document.add_heading("Inzet van het netwerk", level=3)
    grid = table(document, ("Wie", "Wat deed deze persoon?"))
    loop(grid, "c in e.inzet", ("{{ c.naam }}", "{{ c.tekst }}"))
    document.add_paragraph("{{ e.vergeleken }}")
    document.add_paragraph("{{ e.netwerk_veranderd }}")
    document.add_paragraph("Hoe goed redden gezin en netwerk het zelf: {{ e.zelf }}")
    document.add_heading("De afspraken", level=3)
    agreed = table(document, ("Afspraak", "Hoe ging het?"))
    loop(agreed, "a in e.afspraken", ("{{ a.taak }}", "{{ a.hoe }}"))
    document.add_paragraph("{%p endfor %}")
    document.add_heading("Het netwerk nu", level=1)
    now = table(document, ("Naam", "Kring", "Soort steun", "Ook na de zorg?"))
    loop(now, "p in netwerk_nu", ("{{ p.naam }}", "{{ p.kring }}", "{{ p.steun }}",
                                  "{{ p.na_de_zorg }}"))
    return document


def overdrachtsplan() -> DocumentType:
    document = new_document("Overdrachtsplan")
    document.add_heading("Overdrachtsplan en nazorg voor {{ gezin }}", level=0)
    header_block(document, [("Gezin", "{{ gezin }}"), ("Datum", "{{ datum }}"),
                            ("Versie", "{{ versie }}"), ("Status", "{{ status }}")])
    document.add_heading("Wat gaat over naar wie", level=1)
    grid = table(document, ("Taak", "Nu bij", "Gaat naar", "Hoe staat het?"))
    loop(grid, "t in overdracht", ("{{r t.taak }}", "{{ t.van }}", "{{ t.naar }}",
                                   "{{ t.stand }}"))
    document.add_heading("Achterwacht", level=1)
    document.add_paragraph("Als het niet lukt, bel: {{ achterwacht }}")
    document.add_heading("Na de zorg: waar ga je heen met welke vraag?", level=1)
    places = table(document, ("Vraag", "Waar", "Naam en nummer"))
    loop(places, "v in verwijzingen", ("{{r v.vraag }}", "{{r v.waar }}", "{{r v.contact }}"))
    document.add_heading("Nazorg: wanneer spreken we elkaar nog?", level=1)
    each(document, "regel in nazorg", "{{r regel }}", "List Bullet")
    document.add_heading("Strippenkaart", level=1)
    document.add_paragraph("{{r strippenkaart }}")
    document.add_heading("Weer zorg nodig?", level=1)
    document.add_paragraph(cc("terugkomen", "Hoe komt het gezin weer in zorg?"))
    return document


BUILDERS: dict[str, Callable[[], DocumentType]] = {
    "signaleringsplan": signaleringsplan,
    "afspraken": afspraken,
    "netwerkkaart": netwerkkaart,
    "overdrachtsplan": overdrachtsplan,
    "evaluatieverslag": evaluatieverslag,
}


def build_all(directory: Path = DEFAULT_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        target = directory / f"{kind}.docx"
        builder().save(str(target))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR):
        print(path)
