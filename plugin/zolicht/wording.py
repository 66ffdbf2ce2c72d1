"""How the record is put into words for people: names, titles, and what a person's access
to a document is, in the Dutch of ``messages``. Pure; shared by the CLI and the web pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from zolicht import messages as M
from zolicht.domain.consent import Reason
from zolicht.domain.model import Family
from zolicht.domain.visibility import Cell


def name_of(family: Family, key: str) -> str:
    person = family.person(key)
    return person.name if person else key


def title_of(family: Family, key: str) -> str:
    document = family.document(key)
    return f"'{document.title}'" if document else key


def join_names(names: Sequence[str]) -> str:
    """Names as a Dutch list: "A", "A en B", "A, B en C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {M.AND} {names[-1]}"


def verb(count: int, forms: tuple[str, str]) -> str:
    """The verb for one person (``forms[0]``: "zegt") or for more (``forms[1]``: "zeggen")."""
    return forms[0] if count == 1 else forms[1]


def names_of(family: Family, keys: Iterable[str]) -> str:
    """The people's names, sorted, joined as a Dutch list."""
    return join_names(sorted(name_of(family, k) for k in keys))


def cell_text(family: Family, c: Cell) -> str:
    """What ``c.member`` has of ``c.document`` today, and if nothing, why not."""
    d = c.decision
    if c.access is not None:
        return M.CAN_EDIT if c.access.value == "edit" else M.CAN_SEE
    if d.reason is Reason.REFUSED:
        return M.REFUSED.format(names=names_of(family, d.refused_by),
                                wants=verb(len(d.refused_by), M.WANTS))
    if d.reason is Reason.MISSING_CONSENT:
        return M.WAITING_FOR.format(names=names_of(family, d.missing))
    if d.reason is Reason.EXPIRED:
        return M.EXPIRED
    if d.reason is Reason.NO_CONSENTER:
        return M.NOBODY_CAN_CONSENT
    if d.reason is Reason.NEVER_INVOLVED:
        return M.NEVER_INVOLVED
    return M.NOT_SHARED


def day(value: date) -> str:
    """A day as professionals read it everywhere: ``30-11-2026``."""
    return f"{value:%d-%m-%Y}"


def moment(value: datetime) -> str:
    """A moment with its weekday: ``ma 30-11-2026 16:00``."""
    return f"{M.WEEKDAYS[value.weekday()]} {value:%d-%m-%Y %H:%M}"
