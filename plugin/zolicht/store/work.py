"""Coordination between processes, in the database: a lock per family, so that no two
applies (CLI, web, worker, on one machine or several) ever work on one family at once;
and pending work, so that what Nextcloud could not do yet (rate limited, unreachable) is
done later by whichever process runs the worker, even after a restart.

Locks are leases: a holder that dies without releasing is overtaken once its lease ran
out. They use the wall clock, not a test's frozen clock.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from zolicht.domain.audit import utc
from zolicht.domain.errors import ZolichtError
from zolicht.store.tables import families, family_locks, pending_work

if TYPE_CHECKING:
    from zolicht.store import Store

LEASE = timedelta(minutes=2)
POLL = 0.05


class Busy(ZolichtError):
    """Another process is working on this family, longer than we were prepared to wait."""


@dataclass
class Lease:
    store: Store
    family_id: int
    owner: str
    renewed: float = field(default_factory=time.monotonic)

    def renew_if_due(self) -> None:
        """Keep the lock for another ``LEASE`` once a quarter of it has passed (call
        between the steps of long work)."""
        if time.monotonic() - self.renewed < LEASE.total_seconds() / 4:
            return
        with self.store.transaction() as tx:
            tx.locks.renew(self.family_id, self.owner, _now() + LEASE)
        self.renewed = time.monotonic()


@contextmanager
def family_lock(store: Store, slug: str, wait: float = 120.0) -> Iterator[Lease]:
    """Hold family ``slug``'s lock for the block; wait up to ``wait`` seconds for it."""
    owner = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    family_id = _family_id(store, slug)
    while not _try_lock(store, family_id, owner):
        if time.monotonic() > deadline:
            raise Busy(f"family {slug} is locked by another process")
        time.sleep(POLL)
    try:
        yield Lease(store, family_id, owner)
    finally:
        with store.transaction() as tx:
            tx.locks.release(family_id, owner)


def _try_lock(store: Store, family_id: int, owner: str) -> bool:
    now = _now()
    try:
        with store.transaction() as tx:
            return tx.locks.take(family_id, owner, now, now + LEASE)
    except IntegrityError:  # another process inserted the lock first
        return False


class FamilyLocks:
    """The lock rows: who holds which family, until when."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def take(self, family_id: int, owner: str, now: datetime, until: datetime) -> bool:
        """Take the lock when it is free or its lease ran out; False when someone holds
        it. Raises ``IntegrityError`` when another process inserted it first."""
        taken = self.conn.execute(
            update(family_locks).where(and_(family_locks.c.family_id == family_id,
                                            family_locks.c.expires_at < now))
            .values(owner=owner, expires_at=until)).rowcount
        if taken:
            return True
        held = self.conn.execute(select(family_locks.c.owner).where(
            family_locks.c.family_id == family_id)).first()
        if held is not None:
            return False
        self.conn.execute(insert(family_locks).values(family_id=family_id, owner=owner,
                                                      expires_at=until))
        return True

    def renew(self, family_id: int, owner: str, until: datetime) -> None:
        self.conn.execute(
            update(family_locks).where(and_(family_locks.c.family_id == family_id,
                                            family_locks.c.owner == owner))
            .values(expires_at=until))

    def release(self, family_id: int, owner: str) -> None:
        self.conn.execute(delete(family_locks).where(and_(
            family_locks.c.family_id == family_id, family_locks.c.owner == owner)))


@dataclass(frozen=True)
class Pending:
    slug: str
    not_before: datetime
    reason: str
    since: datetime


class PendingWork:
    """Families with work Nextcloud could not do yet, and when to try again."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def schedule(self, slug: str, not_before: datetime, reason: str, now: datetime) -> None:
        """Try family ``slug`` again at ``not_before``; ``since`` keeps the first attempt."""
        family_id = self.family_id(slug)
        since = self.conn.execute(select(pending_work.c.since).where(
            pending_work.c.family_id == family_id)).scalar() or now
        self.conn.execute(delete(pending_work).where(pending_work.c.family_id == family_id))
        self.conn.execute(insert(pending_work).values(
            family_id=family_id, not_before=not_before, reason=reason, since=since))

    def clear(self, slug: str) -> None:
        self.conn.execute(delete(pending_work).where(
            pending_work.c.family_id == self.family_id(slug)))

    def of(self, slug: str) -> Pending | None:
        found = [p for p in self._all() if p.slug == slug]
        return found[0] if found else None

    def due(self, now: datetime) -> list[str]:
        """Families whose retry time has come, the longest waiting first."""
        return [p.slug for p in sorted(self._all(), key=lambda p: p.not_before)
                if utc(p.not_before) <= now]

    def _all(self) -> list[Pending]:
        rows = self.conn.execute(
            select(families.c.slug, pending_work.c.not_before, pending_work.c.reason,
                   pending_work.c.since).join_from(pending_work, families))
        return [Pending(r.slug, utc(r.not_before), r.reason, utc(r.since)) for r in rows]

    def family_id(self, slug: str) -> int:
        family_id: int = self.conn.execute(
            select(families.c.id).where(families.c.slug == slug)).scalar_one()
        return family_id


def _family_id(store: Store, slug: str) -> int:
    with store.reading() as tx:
        return tx.pending.family_id(slug)


def _now() -> datetime:
    return datetime.now(UTC)
