"""Filling a template with a family's record: names, roles and phone numbers only.

Signals and the client's own words are never pre-filled; they stay content controls for
the professional and the family to complete. Templates are rendered with autoescaping
and strict undefined variables, and document properties are set in code (templates.md,
pitfalls 1 and 2).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from zolicht import messages as M
from zolicht.documents import fields, network_picture
from zolicht.documents.build import DEFAULT_DIR
from zolicht.documents.controls import NS, W
from zolicht.domain.consent import age_on
from zolicht.domain.contacts import ContactPlan
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Family, Person

KINDS = ("signaleringsplan", "afspraken", "netwerkkaart", "overdrachtsplan",
         "evaluatieverslag")
TITLES = {"signaleringsplan": "Signaleringsplan", "afspraken": "Afspraken met het netwerk",
          "netwerkkaart": "Netwerkkaart", "overdrachtsplan": "Overdrachtsplan en nazorg",
          "evaluatieverslag": "Evaluatieverslag"}
KNOWN_VARIABLES = {"cc", "voor", "gezin", "datum", "versie", "status", "helpers", "hulp",
                   "contacten", "huisartsenpost", "ondertekenaars", "netwerk", "taken",
                   "jim_tekst", "jim", "hulpverleners", "contactplan", "nazorg",
                   "strippenkaart", "mensen", "altijd_er", "achterwacht", "achterwacht_veld",
                   "overdracht", "verwijzingen", "evaluaties", "geen_evaluatie", "netwerk_nu",
                   "kaart", "kaart_tekst", "kring", "kring_tekst",
                   "behoeften", "krachten", "tempo", "methoden", "appgroep", "zelf_verloop"}
REQUIRED_VARIABLES = {
    "signaleringsplan": {"cc", "voor", "gezin", "hulp", "contacten", "ondertekenaars"},
    "afspraken": {"cc", "gezin", "taken", "hulpverleners", "ondertekenaars"},
    "netwerkkaart": {"gezin", "mensen"},
    "overdrachtsplan": {"cc", "gezin", "achterwacht", "overdracht", "verwijzingen"},
    "evaluatieverslag": {"gezin", "evaluaties"},
}
TRACKED_OR_LINK = re.compile(r"<w:(ins|del|hyperlink)\b.*?</w:\1>", re.S)


@dataclass(frozen=True)
class Rendered:
    content: bytes
    subject: Person


def template_path(kind: str, directory: Path | None = None) -> Path:
    """The organisation's template when it has one, else the default."""
    if kind not in KINDS:
        raise InvalidInput("kind", M.CHOICE_RULE.format(choices=", ".join(KINDS),
                                                         value=repr(kind)))
    own = (directory / f"{kind}.docx") if directory else None
    return own if own is not None and own.is_file() else DEFAULT_DIR / f"{kind}.docx"


def check_template(path: Path, kind: str) -> None:
    """Refuse a template that would render wrong: unknown variables, variables the kind
    needs but the template lacks, or a Jinja tag inside a tracked change or a hyperlink
    (docxtpl silently damages such documents)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    for match in TRACKED_OR_LINK.finditer(xml):
        if "{{" in match.group(0) or "{%" in match.group(0):
            raise InvalidInput("template", M.TEMPLATE_TAG_IN_CHANGE.format(
                name=path.name, where=match.group(1)))
    used = DocxTemplate(str(path)).get_undeclared_template_variables()
    unknown = used - KNOWN_VARIABLES
    if unknown:
        raise InvalidInput("template", M.TEMPLATE_UNKNOWN_FIELD.format(
            name=path.name, fields=", ".join(sorted(unknown))))
    missing = REQUIRED_VARIABLES[kind] - used
    if missing:
        raise InvalidInput("template", M.TEMPLATE_MISSING_FIELD.format(
            name=path.name, fields=", ".join(sorted(missing))))


def render(family: Family, kind: str, on: date, subject: Person | None = None,
           version: str = "1", status: str = "concept", templates: Path | None = None,
           template: DocxTemplate | None = None, plan: ContactPlan | None = None) -> Rendered:
    """The document as bytes, filled from the record and the contact ``plan``. Pass
    ``template`` to reuse one parsed template."""
    path = template_path(kind, templates)
    if template is None:
        check_template(path, kind)
        template = DocxTemplate(str(path))
    who = subject or youth_of(family, on)
    try:
        template.render(fill(family, who, on, version, status, kind, plan or ContactPlan())
                        | picture_context(template, family, who, on), jinja_environment())
    except jinja2.UndefinedError as problem:
        raise InvalidInput("template", f"{path.name}: {problem.message}") from None
    document = template.docx
    properties = document.core_properties
    properties.title = f"{TITLES[kind]} – {family.name}"
    properties.language = "nl-NL"
    properties.subject = "vertrouwelijk"
    properties.version = version
    properties.category = kind
    properties.content_status = status
    buffer = io.BytesIO()
    template.save(buffer)
    return Rendered(buffer.getvalue(), who)


class CompilingOnce(jinja2.Environment):
    """docxtpl compiles the same XML source on every render; compile each source once."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None,  # noqa: A002  (jinja's name)
                    template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


@functools.cache
def jinja_environment() -> CompilingOnce:
    return CompilingOnce()


def youth_of(family: Family, on: date) -> Person:
    """The oldest youth of the family: whom a signaleringsplan is usually for."""
    youths = [p for p in family.people if p.circle is Circle.FAMILY and p.birth_date
              and age_on(p.birth_date, on) < 18]
    if not youths:
        raise InvalidInput("about", M.NO_YOUTH)
    return min(youths, key=lambda p: p.birth_date or on)


def picture_context(template: DocxTemplate, family: Family, subject: Person,
                    on: date) -> dict[str, Any]:
    """The network map as a picture (``{{ kaart }}``) and in words (``{{ kaart_tekst }}``),
    and the youth's safety circles the same way (``{{ kring }}``, ``{{ kring_tekst }}``)
    around the document's subject; a picture is only drawn when the template places it,
    and the safety circles only when someone is in them (else ``kring`` is empty and
    ``kring_tekst`` says so). Whoever the document leaves out (``fields.left_out``) is
    drawn in neither."""
    family = fields.without(family, fields.left_out(family, subject))
    circles = network_picture.safety_text_alternative(family, on, subject.name)
    return {"kaart": MapPicture(template, lambda: network_picture.svg(family, on),
                                network_picture.text_alternative(family, on),
                                M.MAP_TITLE.format(family=family.name)),
            "kaart_tekst": network_picture.text_alternative(family, on),
            "kring": MapPicture(template, lambda: network_picture.safety_svg(
                family, on, subject.name), circles, M.SAFETY_TITLE.format(name=subject.name))
            if network_picture.circled(family, on) else "",
            "kring_tekst": circles}


class MapPicture(InlineImage):  # type: ignore[misc]  # docxtpl has no types
    """docxtpl's inline image of a picture made by ``draw`` (the network map or the safety
    circles), drawn when the template uses it, with the text alternative as its alt text
    (docxtpl sets none; templates.md pitfall 7)."""

    MAX = (Cm(16.5), Cm(17))
    """Width and height it may take on an A4 page with 2 cm margins, with room for text."""

    def __init__(self, template: DocxTemplate, draw: Callable[[], str], alternative: str,
                 title: str) -> None:
        super().__init__(template, None)
        self.draw, self.alternative, self.title = draw, alternative, title

    def _insert_image(self) -> str:
        picture = self.draw()
        image = network_picture.png(picture)
        width, height = network_picture.size(picture)
        scale = min(self.MAX[0] / width, self.MAX[1] / height)
        inline = self.tpl.current_rendering_part.new_pic_inline(
            io.BytesIO(image), int(width * scale), int(height * scale))
        described = inline.docPr
        described.set("descr", self.alternative)
        described.set("title", self.title)
        return (f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">')


def fill(family: Family, subject: Person, on: date, version: str, status: str,
         kind: str, plan: ContactPlan) -> dict[str, Any]:
    """Every template variable, from the record (see ``fields`` for how)."""
    return fields.context(family, subject, on, version, status, kind, plan)


def finalize(content: bytes, version: str) -> bytes:
    """'Definitief maken': remove controls nobody filled in, print the new version and
    "definitief" where the document shows them (bookmarks ``zolicht_versie`` and
    ``zolicht_status``) and set the document's properties to match."""
    source = io.BytesIO(content)
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in list(root.iter(f"{{{W}}}sdt")):
        if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None:
            sdt.getparent().remove(sdt)
    for name, text in (("zolicht_versie", version), ("zolicht_status", M.FINAL)):
        rewrite_bookmark(root, name, text)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    document = Document(io.BytesIO(output.getvalue()))
    document.core_properties.version = version
    document.core_properties.content_status = M.FINAL
    final = io.BytesIO()
    document.save(final)
    return final.getvalue()


def rewrite_bookmark(root: etree._Element, name: str, text: str) -> None:
    """Replace the text between every bookmark ``name`` and its end with ``text`` (kept in
    the first run, so its formatting stays)."""
    for start in root.iter(f"{{{W}}}bookmarkStart"):
        if start.get(f"{{{W}}}name") != name:
            continue
        number, first = start.get(f"{{{W}}}id"), True
        node = start.getnext()
        while node is not None and not (node.tag == f"{{{W}}}bookmarkEnd"
                                        and node.get(f"{{{W}}}id") == number):
            for t in node.iter(f"{{{W}}}t"):
                t.text, first = (text if first else ""), False
            node = node.getnext()
