"""Appending to and reading the hash-chained audit trail in the database: one chain per
family (see :mod:`zolicht.domain.audit`), and the one chain written before there was one
per family (migration 0012), read and verified as ever."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, Table, insert, select, update

from zolicht.domain.audit import (
    GENESIS,
    AuditEvent,
    Head,
    Problem,
    StoredEvent,
    chain_anchor,
    chain_hash,
    trail_head,
    utc,
    verify,
    verify_chains,
)
from zolicht.store.tables import (
    audit_chains,
    audit_events,
    audit_head,
    audit_legacy_events,
    audit_legacy_head,
)

EVENT_FIELDS = (
    "at", "actor", "on_behalf_of", "action", "family", "subject", "document", "member", "reason"
)


def chain_of(event: AuditEvent) -> str:
    """The chain ``event`` is appended to: its family's ("" when it has none)."""
    return event.family or ""


class AuditLog:
    """The trail as one transaction sees it. Events appended in a transaction are written
    when it commits (``Store.transaction`` calls ``flush``), or before it reads the trail:
    each family's chain has a head row of its own, locked only from then to the commit, so
    transactions of other families never wait for it, and those of one family as briefly
    as they can."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pending: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> None:
        """Add ``event`` after the current head of its family's chain, at the latest when
        the transaction commits (in the order appended)."""
        self.pending.append(event)

    def flush(self) -> list[StoredEvent]:
        """Write the events appended so far after their chains' heads, which are locked
        until the transaction ends (appends to the same chains queue behind it). A chain's
        first event makes its head, in the order chains began (``audit_chains``, locked
        first, so two transactions never wait for each other in a circle)."""
        if not self.pending:
            return []
        chains = sorted({chain_of(event) for event in self.pending})
        self._begin(chains)
        heads = {row.chain: (row.seq, row.hash) for row in self.conn.execute(
            select(audit_head.c.chain, audit_head.c.seq, audit_head.c.hash)
            .where(audit_head.c.chain.in_(chains)).order_by(audit_head.c.chain)
            .with_for_update())}
        written = []
        for event in self.pending:
            chain = chain_of(event)
            seq, prev_hash = heads[chain]
            stored = StoredEvent(seq + 1, event, prev_hash, chain_hash(prev_hash, event))
            values = {field: getattr(event, field) for field in EVENT_FIELDS}
            self.conn.execute(insert(audit_events).values(
                seq=stored.seq, prev_hash=stored.prev_hash, hash=stored.hash, **values))
            written.append(stored)
            heads[chain] = (stored.seq, stored.hash)
        for chain in chains:
            seq, last = heads[chain]
            self.conn.execute(update(audit_head).where(audit_head.c.chain == chain)
                              .values(seq=seq, hash=last))
        self.pending.clear()
        return written

    def _begin(self, chains: Iterable[str]) -> None:
        """Make the heads of those ``chains`` that have none yet, after the last chain
        that began."""
        wanted = list(chains)
        known = set(self.conn.execute(
            select(audit_head.c.chain).where(audit_head.c.chain.in_(wanted))).scalars())
        if known.issuperset(wanted):
            return
        begun = self.conn.execute(select(audit_chains).with_for_update()).one()
        number, anchor = begun.number, begun.anchor
        known = set(self.conn.execute(  # as it is now that no one else can begin one
            select(audit_head.c.chain).where(audit_head.c.chain.in_(wanted))).scalars())
        for chain in wanted:
            if chain in known:
                continue
            number, anchor = number + 1, chain_anchor(anchor, chain)
            self.conn.execute(insert(audit_head).values(
                chain=chain, seq=0, hash=GENESIS, number=number, anchor=anchor))
        self.conn.execute(update(audit_chains).values(number=number, anchor=anchor))

    def events(self, family: str | None = None) -> list[StoredEvent]:
        """The events (of ``family``), oldest first: those from before there was a chain
        per family, then those of the chains in the order written."""
        self.flush()
        found = []
        for table, order in ((audit_legacy_events, audit_legacy_events.c.seq),
                             (audit_events, audit_events.c.id)):
            query = select(table).order_by(order)
            if family is not None:
                query = query.where(table.c.family == family)
            found += _stored(self.conn.execute(query))
        return found

    def heads(self) -> list[Head]:
        """Every chain's head, in the order the chains began."""
        return [Head(r.chain, r.seq, r.hash, r.number, r.anchor) for r in self.conn.execute(
            select(audit_head).order_by(audit_head.c.number))]

    def head(self) -> tuple[int, str] | None:
        """The whole trail's head (``trail_head``): the number of its events and one hash
        over all heads; None when it has no events."""
        self.flush()
        begun = self.conn.execute(select(audit_chains)).one()
        return trail_head(self._legacy_head(), self.heads(), begun.number, begun.anchor)

    def verify(self) -> list[Problem]:
        """Every place where the trail differs from an untouched one (see
        :func:`zolicht.domain.audit.verify`), each chain on its own."""
        self.flush()
        problems = []
        if (legacy_head := self._legacy_head()) is not None or self._any(audit_legacy_events):
            legacy = _stored(self.conn.execute(
                select(audit_legacy_events).order_by(audit_legacy_events.c.seq)))
            problems += verify(legacy, legacy_head)
        begun = self.conn.execute(select(audit_chains)).one()
        heads = self.heads()
        problems += verify_chains(heads, begun.number, begun.anchor)
        chains: dict[str, list[StoredEvent]] = {head.chain: [] for head in heads}
        for stored in _stored(self.conn.execute(
                select(audit_events).order_by(audit_events.c.family, audit_events.c.seq))):
            chains.setdefault(chain_of(stored.event), []).append(stored)
        kept = {head.chain: (head.seq, head.hash) for head in heads}
        for chain, rows in sorted(chains.items()):
            problems += [Problem(p.seq, p.kind, p.detail, chain)
                         for p in verify(rows, kept.get(chain))]
        return problems

    def _legacy_head(self) -> tuple[int, str] | None:
        row = self.conn.execute(select(audit_legacy_head.c.seq, audit_legacy_head.c.hash)).first()
        return (row.seq, row.hash) if row else None

    def _any(self, table: Table) -> bool:
        return self.conn.execute(select(table).limit(1)).first() is not None


def _stored(rows: Iterable[Row[Any]]) -> list[StoredEvent]:
    return [
        StoredEvent(
            seq=r.seq,
            event=AuditEvent(**{f: getattr(r, f) for f in EVENT_FIELDS} | {"at": utc(r.at)}),
            prev_hash=r.prev_hash,
            hash=r.hash,
        )
        for r in rows
    ]
