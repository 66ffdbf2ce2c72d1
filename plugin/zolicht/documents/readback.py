"""Completed Word fields that belong in the method record, as drafts of proposals.

Only what the record keeps comes back: in the afspraken, what a network member does and
when (a task) and the JIM's mandate; in the netwerkkaart, what someone can offer; in the
signaleringsplan, an achterwacht typed in. Nothing is applied here: each becomes a
proposal that the professional accepts or rejects. A field about someone who must not
be involved, or that says what the record already says, brings nothing back.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from zolicht import messages as M
from zolicht.documents.fields import entry_tag
from zolicht.domain.method import plain_name
from zolicht.domain.model import Family, Person
from zolicht.domain.proposals import Draft, ProposalKind

CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
JIM_FIELDS = {"jim_weten": "know", "jim_doen": "do", "jim_steun": "support"}


@dataclass
class Fields:
    """What one document yields: drafts, and problems that kept a field out."""

    drafts: list[Draft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def kind_of(path: Path) -> str:
    """The document's kind, as ``render`` wrote it into the properties (category)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("docProps/core.xml"))
    found = root.find("cp:category", CORE)
    return (found.text or "") if found is not None else ""


def record_drafts(family: Family, kind: str, values: dict[str, str | None]) -> Fields:
    """Drafts from the completed fields (``read_controls``) of a ``kind`` document."""
    filled = {tag: value.strip() for tag, value in values.items() if value and value.strip()}
    found = Fields()
    if kind == "afspraken":
        _tasks(family, filled, found)
        _jim(family, filled, found)
    elif kind == "netwerkkaart":
        _offers(family, filled, found)
    elif kind == "signaleringsplan" and "achterwacht" in filled:
        _backup(family, filled["achterwacht"], found)
    return found


def _person_by_tag(family: Family, tag: str) -> Person | None:
    return next((p for p in family.people if p.key.replace("-", "_") == tag), None)


def _allowed(family: Family, person: Person | None) -> bool:
    return person is not None and not family.never_involved(person.key)


def _tasks(family: Family, filled: dict[str, str], found: Fields) -> None:
    tags = sorted({t.split("_", 1)[1] for t in filled if t.startswith(("wat_", "wanneer_"))})
    for tag in tags:
        person = _person_by_tag(family, tag)
        what, when = filled.get(f"wat_{tag}", ""), filled.get(f"wanneer_{tag}", "")
        if person is None or not _allowed(family, person):
            found.problems.append(M.FIELD_NOT_IN_RECORD.format(field=f"wat_{tag}"))
            continue
        if not what:
            found.problems.append(M.TASK_WITHOUT_WHAT.format(name=person.name))
            continue
        if any(t.person == person.key and t.what == what and t.when == when
               for t in family.method.tasks):
            continue
        found.drafts.append(_draft("task", person=person.key, what=what, when=when))


def _jim(family: Family, filled: dict[str, str], found: Fields) -> None:
    for tag, part in JIM_FIELDS.items():
        value = filled.get(tag)
        if value and value != getattr(family.method.jim, part):
            found.drafts.append(_draft("jim", field=part, value=value))


def _offers(family: Family, filled: dict[str, str], found: Fields) -> None:
    current = family.method.current_map
    entries = current.entries if current else ()
    for tag, value in sorted(filled.items()):
        if not tag.startswith("biedt_"):
            continue
        rest = tag.removeprefix("biedt_")
        person = _person_by_tag(family, rest)
        entry = next((e for e in entries if (person is not None and e.person == person.key)
                      or entry_tag(e) == rest), None)
        name = person.name if person else entry.name if entry else ""
        key = person.key if person else entry.person if entry else ""
        if not name or family.method.never_involved(key, name):
            found.problems.append(M.FIELD_NOT_IN_RECORD.format(field=tag))
            continue
        if entry is not None and entry.offers == value:
            continue
        found.drafts.append(_draft("offers", person=key, name=name, value=value))


def _backup(family: Family, text: str, found: Fields) -> None:
    """An achterwacht typed in: proposed when the text names one person of the record."""
    plain = plain_name(text)
    named = [p for p in family.people if plain_name(p.name) in plain]
    if len(named) != 1 or not _allowed(family, named[0]):
        found.problems.append(M.BACKUP_NOT_NAMED.format(text=text[:80]))
        return
    if family.method.backup != named[0].key:
        found.drafts.append(_draft("backup", person=named[0].key, value=text))


def _draft(part: str, **values: Any) -> Draft:
    return Draft(ProposalKind.RECORD, {"part": part, **values})
