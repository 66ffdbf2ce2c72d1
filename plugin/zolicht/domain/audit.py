"""The audit trail as hash chains: each event carries the hash of the one before it in
its chain, one chain per family (and one for events of no family).

Changing, removing, inserting or reordering any stored event breaks its chain at a place
``verify`` can name (Schneier & Kelsey). Each chain's head (last number and hash) is kept
apart, so cutting events off its end shows too; the chains are kept in the order they
began, each head with an anchor hashed over the names of the chains up to it
(``verify_chains``), so removing a whole chain with its head shows as well. ``trail_head``
sums all heads up in one hash that can be copied off the machine.
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
    chain: str | None = None
    """The family whose chain it is in ("": the chain of no family); None: the one chain
    written before there was one per family."""


@dataclass(frozen=True)
class Head:
    """A chain's head, kept apart from its events: its last number and hash, and its place
    among the chains (``number``: the order they began; ``anchor``: ``chain_anchor`` over
    the names up to it)."""

    chain: str
    seq: int
    hash: str
    number: int
    anchor: str


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


def chain_anchor(prev_anchor: str, chain: str) -> str:
    """The anchor of chain ``chain``, begun after the chain whose anchor is
    ``prev_anchor`` (GENESIS for the first)."""
    return hashlib.sha256(f"{prev_anchor}\n{chain}".encode()).hexdigest()


def verify_chains(heads: list[Head], count: int, anchor: str) -> list[Problem]:
    """Every place where the chains' heads differ from untouched ones: one missing (the
    whole chain removed), renamed, added or moved. ``count`` and ``anchor`` are kept apart
    too: how many chains began, and the last one's anchor."""
    problems: list[Problem] = []
    numbered = {head.number: head for head in heads}
    expected: str | None = GENESIS
    for number in range(1, count + 1):
        head = numbered.get(number)
        if head is None:
            problems.append(Problem(0, Tamper.DELETED,
                                    f"chain {number} was removed, with its head"))
            expected = None
            continue
        if expected is not None and chain_anchor(expected, head.chain) != head.anchor:
            problems.append(Problem(0, Tamper.CHANGED,
                                    "its head differs from when the chain began", head.chain))
        expected = head.anchor
    problems.extend(Problem(0, Tamper.INSERTED, "a chain that never began here", head.chain)
                    for head in heads if not 1 <= head.number <= count)
    if count and expected is not None and expected != anchor:
        problems.append(Problem(0, Tamper.HEAD, "the kept anchor does not match the last chain"))
    return problems


def trail_head(legacy: tuple[int, str] | None, heads: list[Head], count: int,
               anchor: str) -> tuple[int, str] | None:
    """The whole trail in one (number of events, hash), to keep a copy off the machine:
    over the one chain from before (``legacy``), the chains' count and anchor, and every
    chain's head. Before any chain began, the one chain's head itself; None when there
    are no events at all."""
    if not heads and not count:
        return legacy
    lines = [f"legacy {legacy[0]} {legacy[1]}" if legacy else "legacy 0",
             f"chains {count} {anchor}"]
    lines += [f"{h.number} {h.chain} {h.seq} {h.hash}"
              for h in sorted(heads, key=lambda h: h.number)]
    total = (legacy[0] if legacy else 0) + sum(h.seq for h in heads)
    return total, hashlib.sha256("\n".join(lines).encode()).hexdigest()
