"""Appending to and reading the hash-chained audit trail in the database."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from zolicht.domain.audit import GENESIS, AuditEvent, Problem, StoredEvent, chain_hash, utc, verify
from zolicht.store.tables import audit_events, audit_head

EVENT_FIELDS = (
    "at", "actor", "on_behalf_of", "action", "family", "subject", "document", "member", "reason"
)


class AuditLog:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def append(self, event: AuditEvent) -> StoredEvent:
        """Add ``event`` after the current head. The head row is locked, so appends queue."""
        head = self.conn.execute(select(audit_head).with_for_update()).first()
        seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
        stored = StoredEvent(seq + 1, event, prev_hash, chain_hash(prev_hash, event))
        values = {field: getattr(event, field) for field in EVENT_FIELDS}
        self.conn.execute(
            insert(audit_events).values(
                seq=stored.seq, prev_hash=stored.prev_hash, hash=stored.hash, **values
            )
        )
        if head is None:
            self.conn.execute(insert(audit_head).values(id=1, seq=stored.seq, hash=stored.hash))
        else:
            self.conn.execute(update(audit_head).values(seq=stored.seq, hash=stored.hash))
        return stored

    def events(self, family: str | None = None) -> list[StoredEvent]:
        query = select(audit_events).order_by(audit_events.c.seq)
        if family is not None:
            query = query.where(audit_events.c.family == family)
        return [
            StoredEvent(
                seq=r.seq,
                event=AuditEvent(**{f: getattr(r, f) for f in EVENT_FIELDS} | {"at": utc(r.at)}),
                prev_hash=r.prev_hash,
                hash=r.hash,
            )
            for r in self.conn.execute(query)
        ]

    def head(self) -> tuple[int, str] | None:
        row = self.conn.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
        return (row.seq, row.hash) if row else None

    def verify(self) -> list[Problem]:
        return verify(self.events(), self.head())
