"""Reads of Nextcloud one worker shares with the others: at 10,000 families, reading all
accounts, groups, shares and forms costs Nextcloud half a minute, and a sweep by several
workers needs them only once (``reconcile.worker``). Only the newest is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from zolicht.domain.audit import utc
from zolicht.store.tables import shared_reads


@dataclass(frozen=True)
class SharedRead:
    taken_at: datetime
    """When the reads began (wall clock)."""
    journal: int
    """The operation journal's newest entry before the reads began."""
    body: bytes


class SharedReads:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def newest(self, since: datetime) -> SharedRead | None:
        """The newest reads, when they began at ``since`` or later; else None."""
        row = self.conn.execute(
            select(shared_reads.c.taken_at, shared_reads.c.journal, shared_reads.c.body)
            .where(shared_reads.c.taken_at >= since)
            .order_by(shared_reads.c.taken_at.desc()).limit(1)).first()
        return SharedRead(utc(row.taken_at), row.journal, row.body) if row else None

    def keep(self, read: SharedRead) -> None:
        """Keep ``read`` in place of every older one."""
        self.conn.execute(delete(shared_reads).where(shared_reads.c.taken_at <= read.taken_at))
        self.conn.execute(insert(shared_reads).values(
            taken_at=read.taken_at, journal=read.journal, body=read.body))
