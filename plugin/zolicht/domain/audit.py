"""The audit trail as a hash chain: each event carries the hash of the one before it.

Changing, removing, inserting or reordering any stored event breaks the chain at a place
``verify`` can name (Schneier & Kelsey). The head (last number and hash) is kept apart and
can be copied off the machine, so cutting events off the end shows too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    """Who did what, in which family, about whom, with which document and member, and why."""

    at: datetime
    actor: str
    action: str
    family: str | None = None
    on_behalf_of: str | None = None
    subject: str | None = None
    document: str | None = None
    member: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    event: AuditEvent
    prev_hash: str
    hash: str


class Tamper(StrEnum):
    CHANGED = "changed"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    TRUNCATED = "truncated"
    HEAD = "head"


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: Tamper
    detail: str


def utc(moment: datetime) -> datetime:
    """The same moment in UTC; a naive value (as SQLite returns it) is taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    fields = asdict(event)
    fields["at"] = utc(event.at).isoformat(timespec="microseconds")
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def verify(rows: list[StoredEvent], head: tuple[int, str] | None) -> list[Problem]:
    """Every place where the stored chain differs from an untouched one, in order.

    ``rows`` must be sorted by ``seq``; ``head`` is the separately kept (last seq, hash).
    """
    problems: list[Problem] = []
    position = {row.hash: i for i, row in enumerate(rows)}
    for i, row in enumerate(rows):
        if chain_hash(row.prev_hash, row.event) != row.hash:
            problems.append(Problem(row.seq, Tamper.CHANGED, "contents differ from when written"))
        expected_seq = rows[i - 1].seq + 1 if i else 1
        if row.seq > expected_seq:
            problems.extend(
                Problem(seq, Tamper.DELETED, "event is missing")
                for seq in range(expected_seq, row.seq)
            )
            continue
        expected_prev = rows[i - 1].hash if i else GENESIS
        if row.prev_hash != expected_prev:
            problems.append(_broken_link(rows, i, position.get(row.prev_hash)))
    problems.extend(_head_problems(rows, head))
    return problems


def _broken_link(rows: list[StoredEvent], i: int, j: int | None) -> Problem:
    row = rows[i]
    if j is None:
        return Problem(row.seq, Tamper.DELETED, "an event before this one was removed")
    if j == i - 2 and rows[i - 1].prev_hash == rows[j].hash:
        return Problem(rows[i - 1].seq, Tamper.INSERTED, "event was added afterwards")
    return Problem(
        row.seq, Tamper.REORDERED, f"event belongs after event {rows[j].seq}, not here"
    )


def _head_problems(rows: list[StoredEvent], head: tuple[int, str] | None) -> list[Problem]:
    last_seq, last_hash = (rows[-1].seq, rows[-1].hash) if rows else (0, GENESIS)
    head_seq, head_hash = head or (0, GENESIS)
    if (head_seq, head_hash) == (last_seq, last_hash):
        return []
    if head_seq > last_seq:
        return [
            Problem(seq, Tamper.TRUNCATED, "event at the end was removed")
            for seq in range(last_seq + 1, head_seq + 1)
        ]
    return [Problem(last_seq, Tamper.HEAD, "the kept head does not match the last event")]
