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
from zolicht.documents import network_picture
from zolicht.documents.build import DEFAULT_DIR
from zolicht.documents.controls import NS, Controls, W
from zolicht.domain.consent import age_on, requirement
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Family, Person

KINDS = ("signaleringsplan", "afspraken", "netwerkkaart", "overdrachtsplan")
TITLES = {"signaleringsplan": "Signaleringsplan", "afspraken": "Afspraken met het netwerk",
          "netwerkkaart": "Netwerkkaart", "overdrachtsplan": "Overdrachtsplan en nazorg"}
CIRCLE_NAMES = {Circle.FAMILY: "gezin", Circle.NETWORK: "netwerk",
                Circle.PROFESSIONAL: "hulpverlening"}
KNOWN_VARIABLES = {"cc", "voor", "gezin", "datum", "versie", "status", "helpers", "contacten",
                   "huisartsenpost", "ondertekenaars", "netwerk", "jim_tekst", "hulpverleners",
                   "mensen", "achterwacht", "kaart", "kaart_tekst"}
REQUIRED_VARIABLES = {
    "signaleringsplan": {"cc", "voor", "gezin", "contacten", "ondertekenaars"},
    "afspraken": {"cc", "gezin", "netwerk", "hulpverleners", "ondertekenaars"},
    "netwerkkaart": {"cc", "gezin", "mensen"},
    "overdrachtsplan": {"cc", "gezin", "achterwacht"},
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
           template: DocxTemplate | None = None) -> Rendered:
    """The document as bytes. Pass ``template`` to reuse one parsed template."""
    path = template_path(kind, templates)
    if template is None:
        check_template(path, kind)
        template = DocxTemplate(str(path))
    who = subject or youth_of(family, on)
    try:
        template.render(context(family, who, on, version, status)
                        | picture_context(template, family, on), jinja_environment())
    except jinja2.UndefinedError as problem:
        raise InvalidInput("template", f"{path.name}: {problem.message}") from None
    document = template.docx
    properties = document.core_properties
    properties.title = f"{TITLES[kind]} – {family.name}"
    properties.language = "nl-NL"
    properties.subject = "vertrouwelijk"
    properties.version = version
    properties.category = kind
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


def context(family: Family, subject: Person, on: date, version: str,
            status: str) -> dict[str, Any]:
    network = [p for p in family.people if p.circle is Circle.NETWORK]
    professionals = [p for p in family.people if p.circle is Circle.PROFESSIONAL]
    jim = next((p for p in network if p.role.upper() == "JIM"), None)
    need = requirement(subject, family.people, on)
    signers = [p for p in family.people if p.key in need.consenters] + professionals[:1]
    age = age_on(subject.birth_date, on) if subject.birth_date else None
    return {
        "cc": Controls(),
        "voor": {"naam": subject.name,
                 "leeftijd": M.AGE_YEARS.format(age=age) if age is not None else ""},
        "gezin": family.name,
        "datum": f"{on.day}-{on.month}-{on.year}",
        "versie": version,
        "status": status,
        "helpers": ", ".join(f"{p.name} ({p.role})" for p in network) or M.NOBODY_YET,
        "contacten": [_contact(p) for p in network + professionals],
        "huisartsenpost": M.GP_POST,
        "ondertekenaars": [{"naam": p.name, "tag": _tag(p)} for p in signers],
        "netwerk": [_contact(p) | {"tag": _tag(p)} for p in network],
        "jim_tekst": M.JIM_CHOSEN.format(name=jim.name) if jim else M.NO_JIM,
        "hulpverleners": [_contact(p) for p in professionals],
        "mensen": [_contact(p) | {"tag": _tag(p), "kring": CIRCLE_NAMES[p.circle]}
                   for p in family.people],
        "achterwacht": ", ".join(f"{p.name} ({p.phone})" for p in professionals if p.phone)
        or M.NOT_RECORDED,
    }


def picture_context(template: DocxTemplate, family: Family, on: date) -> dict[str, Any]:
    """The network map as a picture (``{{ kaart }}``) and in words (``{{ kaart_tekst }}``);
    the picture is only drawn when the template places it."""
    return {"kaart": MapPicture(template, family, on),
            "kaart_tekst": network_picture.text_alternative(family, on)}


class MapPicture(InlineImage):  # type: ignore[misc]  # docxtpl has no types
    """docxtpl's inline image of the network map, drawn when the template uses it, with
    the text alternative as its alt text (docxtpl sets none; templates.md pitfall 7)."""

    MAX = (Cm(16.5), Cm(17))
    """Width and height it may take on an A4 page with 2 cm margins, with room for text."""

    def __init__(self, template: DocxTemplate, family: Family, on: date) -> None:
        super().__init__(template, None)
        self.family, self.on = family, on

    def _insert_image(self) -> str:
        picture = network_picture.svg(self.family, self.on)
        image = network_picture.png(picture)
        width, height = network_picture.size(picture)
        scale = min(self.MAX[0] / width, self.MAX[1] / height)
        inline = self.tpl.current_rendering_part.new_pic_inline(
            io.BytesIO(image), int(width * scale), int(height * scale))
        described = inline.docPr
        described.set("descr", network_picture.text_alternative(self.family, self.on))
        described.set("title", M.MAP_TITLE.format(family=self.family.name))
        return (f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">')


def _contact(person: Person) -> dict[str, str]:
    return {"naam": person.name, "rol": person.role, "telefoon": person.phone or "-"}


def _tag(person: Person) -> str:
    return person.key.replace("-", "_")


def finalize(content: bytes, version: str) -> bytes:
    """'Definitief maken': remove controls nobody filled in and mark the document final."""
    source = io.BytesIO(content)
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in list(root.iter(f"{{{W}}}sdt")):
        if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None:
            sdt.getparent().remove(sdt)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    document = Document(io.BytesIO(output.getvalue()))
    document.core_properties.version = version
    document.core_properties.content_status = "definitief"
    final = io.BytesIO()
    document.save(final)
    return final.getvalue()
