"""The short instruction for network members (``sheets/voor-het-netwerk.md``) as simple HTML
for their page: headings, paragraphs, lists, bold and italics. Everything is escaped first;
only this small subset of Markdown becomes markup (no links, no raw HTML, no images)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from zolicht.documents import sheets

SHEET = "voor-het-netwerk"
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<!\w)_(.+?)_(?!\w)")


@dataclass(frozen=True)
class Guide:
    title: str
    body: Markup
    """The sheet without its title and audience line; ``##`` headings become ``<h3>``."""


def inline(text: str) -> str:
    """``text`` escaped, with ``**bold**`` and ``_italics_`` made markup."""
    escaped = html.escape(text, quote=True)
    return ITALIC.sub(r"<em>\1</em>", BOLD.sub(r"<strong>\1</strong>", escaped))


def render(source: str) -> Guide:
    """The sheet's Markdown subset as HTML: ``# title`` is the guide's title, the line
    ``_Voor wie: …_`` is left out, ``##``/``###`` are ``<h3>``/``<h4>``, ``- `` lines a
    list (indented lines continue an item), other lines paragraphs."""
    title, parts = "", []
    paragraph: list[str] = []
    items: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            parts.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            parts.append("<ul>" + "".join(f"<li>{inline(' '.join(i))}</li>" for i in items)
                         + "</ul>")
            items.clear()

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("# ") and not title:
            title = line[2:].strip()
        elif sheets.AUDIENCE.match(line):
            continue
        elif heading := re.match(r"(#{2,3}) (.+)", line):
            flush()
            level = len(heading[1]) + 1
            parts.append(f"<h{level}>{inline(heading[2].strip())}</h{level}>")
        elif line.startswith(("- ", "* ")):
            if paragraph:
                flush()
            items.append([line[2:].strip()])
        elif items and raw[:1].isspace():
            items[-1].append(line)
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return Guide(title, Markup("\n".join(parts)))  # noqa: S704  (escaped above)


@lru_cache(maxsize=1)
def for_network(directory: Path = sheets.DEFAULT_DIR) -> Guide | None:
    """The instruction for network members; None when the sheets are not installed."""
    try:
        sheet = sheets.find(SHEET, directory)
    except Exception:  # the page stays usable without the sheet
        return None
    return render(sheet.path.read_text(encoding="utf-8"))
