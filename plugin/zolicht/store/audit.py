"""Appending to and reading the hash-chained audit trail in the database."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from zolicht.domain.audit import GENESIS, AuditEvent, Problem, StoredEvent, chain_hash, utc, verify
from zolicht.store.tables import audit_events, audit_head

EVENT_FIELDS = (
    "at", "actor", "on_behalf_of", "action", "family", "subject", "document", "member", "reason"
)


class AuditLog:
    """The trail as one transaction sees it. Events appended in a transaction are written
    when it commits (``Store.transaction`` calls ``flush``), or before it reads the trail:
    the head row is locked only from then to the commit, so that transactions of other
    families, in other processes, wait for each other as briefly as they can."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pending: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> None:
        """Add ``event`` after the current head, at the latest when the transaction commits
        (in the order appended)."""
        self.pending.append(event)

    def flush(self) -> list[StoredEvent]:
        """Write the events appended so far after the head, which is locked until the
        transaction ends (appends of other transactions queue behind it)."""
        if not self.pending:
            return []
        head = self.conn.execute(select(audit_head).with_for_update()).first()
        seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
        written = []
        for event in self.pending:
            stored = StoredEvent(seq + 1, event, prev_hash, chain_hash(prev_hash, event))
            values = {field: getattr(event, field) for field in EVENT_FIELDS}
            self.conn.execute(insert(audit_events).values(
                seq=stored.seq, prev_hash=stored.prev_hash, hash=stored.hash, **values))
            written.append(stored)
            seq, prev_hash = stored.seq, stored.hash
        if head is None:
            self.conn.execute(insert(audit_head).values(id=1, seq=seq, hash=prev_hash))
        else:
            self.conn.execute(update(audit_head).values(seq=seq, hash=prev_hash))
        self.pending.clear()
        return written

    def events(self, family: str | None = None) -> list[StoredEvent]:
        self.flush()
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
        self.flush()
        row = self.conn.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
        return (row.seq, row.hash) if row else None

    def verify(self) -> list[Problem]:
        return verify(self.events(), self.head())
