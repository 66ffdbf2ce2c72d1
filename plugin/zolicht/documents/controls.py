"""Inline Word content controls: where the professional types, addressable by tag.

Only inline (run-level) plain-text controls are used: they are the only kind that Word and
LibreOffice/Collabora (7.5 and newer) both keep with their tag (shared/reference/
templates.md). A control is put into a docxtpl template with ``{{r cc.text(tag, hint)}}``;
its value is read back by tag, counting tracked insertions and ignoring tracked deletions.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TAG = re.compile(r"[a-z0-9_]{1,64}")
PLACEHOLDER_STYLE = "PlaceholderText"


class Control:
    """One inline plain-text control, rendered as run-level XML by docxtpl's ``{{r …}}``."""

    _ids = itertools.count(1)

    def __init__(self, tag: str, hint: str, multiline: bool = True) -> None:
        if not TAG.fullmatch(tag):
            raise ValueError(f"control tag {tag!r}: use a-z, 0-9 and _ only")
        self.tag, self.hint, self.multiline = tag, hint, multiline
        self.id = next(self._ids)

    def __html__(self) -> str:
        """docxtpl inserts this as it is; autoescaping leaves objects with __html__ alone."""
        return self.xml

    __str__ = __html__

    @property
    def xml(self) -> str:
        multi = ' w:multiLine="1"' if self.multiline else ""
        return (
            f'<w:sdt><w:sdtPr><w:alias w:val="{escape(self.hint[:60], {chr(34): "&quot;"})}"/>'
            f'<w:tag w:val="{self.tag}"/><w:id w:val="{self.id}"/><w:showingPlcHdr/>'
            f"<w:text{multi}/></w:sdtPr><w:sdtContent><w:r><w:rPr>"
            f'<w:rStyle w:val="{PLACEHOLDER_STYLE}"/></w:rPr><w:t xml:space="preserve">'
            f"{escape(self.hint)}</w:t></w:r></w:sdtContent></w:sdt>"
        )


class Plain:
    """Text from the record where a template has ``{{r …}}``: one plain run, escaped."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return f'<w:r><w:t xml:space="preserve">{escape(self.text)}</w:t></w:r>'

    __str__ = __html__


class Controls:
    """What templates call as ``cc``: ``cc.text(tag, hint)``."""

    def text(self, tag: str, hint: str) -> Control:
        return Control(tag, hint)

    def line(self, tag: str, hint: str) -> Control:
        return Control(tag, hint, multiline=False)


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


def read_controls(path: Path) -> dict[str, str | None]:
    """Every control's value by tag; None while it still shows its hint (not filled in)."""
    root = etree.fromstring(document_xml(path))
    values: dict[str, str | None] = {}
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = sdt.find("w:sdtPr/w:tag", NS)
        if tag is None:
            continue
        if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None:
            values[tag.get(f"{{{W}}}val")] = None
            continue
        content = sdt.find("w:sdtContent", NS)
        text = "" if content is None else _text(content)
        values[tag.get(f"{{{W}}}val")] = text
    return values


def _text(element: etree._Element) -> str:
    """Visible text: w:t (inserted text included), w:br and w:tab; never w:delText."""
    parts = []
    for node in element.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
        if node.tag == f"{{{W}}}t":
            parts.append(node.text or "")
        elif node.tag == f"{{{W}}}br":
            parts.append("\n")
        else:
            parts.append("\t")
    return "".join(parts)
