"""The ready-made sheets the product ships (``sheets/*.md``): plain-Dutch uitleg a
professional can add to any family as a psycho-education document.

Each sheet is Markdown with one ``# title`` (the document's neutral title) and a line
``_Voor wie: …_`` saying whom it is written for. They are found in the source tree, or,
installed, in ``<prefix>/share/zolicht/sheets`` (setup.cfg ``data_files``), as the Word
templates are.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from zolicht import messages as M
from zolicht.domain.errors import NotFound

SOURCE_SHEETS = Path(__file__).resolve().parents[3] / "sheets"
DEFAULT_DIR = SOURCE_SHEETS if SOURCE_SHEETS.is_dir() else Path(
    sys.prefix) / "share" / "zolicht" / "sheets"
AUDIENCE = re.compile(r"^_Voor wie: (?P<audience>.+)_$")
PROFESSIONAL = "de hulpverlener"
"""The audience of a sheet for the professional's own use, not for a family's folder."""


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    audience: str
    path: Path

    @property
    def for_professional(self) -> bool:
        return self.audience == PROFESSIONAL


def read(path: Path) -> Sheet:
    """The sheet in ``path``: its title from the first heading, its audience line."""
    title = audience = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not title and line.startswith("# "):
            title = line[2:].strip()
        match = AUDIENCE.match(line.strip())
        if not audience and match:
            audience = match["audience"].strip()
    return Sheet(name=path.stem, title=title or path.stem, audience=audience, path=path)


def available(directory: Path = DEFAULT_DIR) -> list[Sheet]:
    """Every sheet, by name."""
    if not directory.is_dir():
        return []
    return [read(path) for path in sorted(directory.glob("*.md"))]


def find(name: str, directory: Path = DEFAULT_DIR) -> Sheet:
    """The sheet called ``name``, or an error naming the choices."""
    sheets = available(directory)
    for sheet in sheets:
        if sheet.name == name:
            return sheet
    raise NotFound("sheet", M.SHEET_UNKNOWN.format(
        value=name, choices=", ".join(s.name for s in sheets) or M.SHEET_NONE))
