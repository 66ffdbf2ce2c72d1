"""Coordination between processes, in the database: a lock per family, so that no two
applies (CLI, web, worker, on one machine or several) ever work on one family at once;
and a durable work queue (``Jobs``): families to apply (asked for, or again once what
Nextcloud could not do yet, rate limited or unreachable, may succeed: the pending work,
``PendingWork``) and notifications to send, done by whichever processes run the worker,
even after a restart.

Locks and claimed jobs are leases: a holder that dies without releasing is overtaken once
its lease ran out. They use the wall clock, not a test's frozen clock; when a job is due
is on the record's clock.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    DateTime,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from zolicht.domain.audit import utc
from zolicht.domain.errors import ZolichtError
from zolicht.store.tables import families, family_id_of, family_locks, jobs

if TYPE_CHECKING:
    from zolicht.store import Store

LEASE = timedelta(seconds=float(os.environ.get("ZOLICHT_LEASE_SECONDS") or 120))
"""How long a family's lock holds without renewal (``ZOLICHT_LEASE_SECONDS``, else two
minutes): after a holder died, the time until another process takes the family over."""
POLL = 0.05


class Busy(ZolichtError):
    """Another process is working on this family, longer than we were prepared to wait."""


@dataclass
class Lease:
    store: Store
    family_id: int
    owner: str
    renewed: float = field(default_factory=time.monotonic)
    lost: bool = False
    """Set at the release when the lock was no longer ours: its lease ran out meanwhile and
    another process took the family over, so both may have written to Nextcloud at once
    (what this holder wrote may be older than what the other wanted)."""

    def renew_if_due(self) -> None:
        """Keep the lock for another ``LEASE`` once a quarter of it has passed (call
        between the steps of long work)."""
        if time.monotonic() - self.renewed < LEASE.total_seconds() / 4:
            return
        with self.store.transaction() as tx:
            kept = tx.locks.renew(self.family_id, self.owner, _now() + LEASE)
        if not kept:  # its lease ran out and another process took the family over
            raise Busy(f"lost the lock of family {self.family_id}")
        self.renewed = time.monotonic()


@contextmanager
def family_lock(store: Store, slug: str, wait: float = 120.0) -> Iterator[Lease]:
    """Hold family ``slug``'s lock for the block; wait up to ``wait`` seconds for it."""
    owner = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    while (family_id := _try_lock(store, slug, owner)) is None:
        if time.monotonic() > deadline:
            raise Busy(f"family {slug} is locked by another process")
        time.sleep(POLL)
    lease = Lease(store, family_id, owner)
    store.locked_ids[slug] = family_id  # not looked up again meanwhile
    try:
        yield lease
    finally:
        store.locked_ids.pop(slug, None)
        with store.transaction() as tx:
            lease.lost = not tx.locks.release(family_id, owner)


def _try_lock(store: Store, slug: str, owner: str) -> int | None:
    """The family's id once its lock is ours; None while another holds it."""
    now = _now()
    with store.transaction() as tx:
        return tx.locks.take(slug, owner, now, now + LEASE)


class FamilyLocks:
    """The lock rows: who holds which family, until when."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def take(self, slug: str, owner: str, now: datetime, until: datetime) -> int | None:
        """Take family ``slug``'s lock when it is free or its lease ran out, in one
        statement (an upsert: two processes racing for it find out from the same row);
        the family's id then, None when someone holds it. NoResultFound for no family."""
        upsert = _dialect_insert(self.conn)(family_locks).from_select(
            ["family_id", "owner", "expires_at"],
            select(families.c.id, literal(owner), literal(until, DateTime(timezone=True)))
            .where(families.c.slug == slug))
        taken = self.conn.execute(upsert.on_conflict_do_update(
            index_elements=[family_locks.c.family_id],
            set_={"owner": upsert.excluded.owner, "expires_at": upsert.excluded.expires_at},
            where=family_locks.c.expires_at < now).returning(family_locks.c.family_id)
        ).scalar()
        if taken is None:
            family_id_of(self.conn, slug)  # raises when there is no such family
        return taken

    def renew(self, family_id: int, owner: str, until: datetime) -> bool:
        """Keep the lock until ``until``; False when ``owner`` no longer holds it."""
        return bool(self.conn.execute(
            update(family_locks).where(and_(family_locks.c.family_id == family_id,
                                            family_locks.c.owner == owner))
            .values(expires_at=until)).rowcount)

    def release(self, family_id: int, owner: str) -> bool:
        """Give the lock up; False when ``owner`` no longer held it."""
        return bool(self.conn.execute(delete(family_locks).where(and_(
            family_locks.c.family_id == family_id, family_locks.c.owner == owner))).rowcount)


@dataclass(frozen=True)
class Pending:
    slug: str
    not_before: datetime
    reason: str
    since: datetime


RETRY_BASE = timedelta(seconds=60)
"""The wait before a job's first retry; every further failure doubles it ..."""
RETRY_CAP = timedelta(hours=1)
"""... up to this."""
JOB_LEASE = LEASE
"""How long a claimed job is kept from other workers (wall clock; not renewed: an apply job
is guarded by the family's lock meanwhile). A worker that died holding a job loses it after
this, and its family's lock as soon."""
NOTIFY_ATTEMPTS = 8
"""A notification that failed this often is dropped (the next event tells again)."""
APPLY = "apply"
NOTIFY = "notify"
TURN = "turn"
"""A row that is no work but a turn: whose go it is at a task one process at a time does
(``Jobs.take_turn``); never claimed as a job."""
REQUESTED = "requested"
"""The reason of an apply asked for (``apply --queue``): not work Nextcloud postponed."""


def backoff(attempts: int) -> timedelta:
    """The wait after ``attempts`` failures in a row (at least one): doubling, capped."""
    wait: timedelta = RETRY_BASE * 2 ** min(max(attempts - 1, 0), 20)
    return min(wait, RETRY_CAP)


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    slug: str | None
    payload: str
    attempts: int
    owner: str
    asked: int = 0
    """The job's ``asked`` count when it was claimed (see ``Jobs.apply``)."""


class PendingWork:
    """Families with work Nextcloud could not do yet, and when to try again: the apply
    jobs of the work queue (see ``Jobs``)."""

    def __init__(self, conn: Connection,
                 family_id: Callable[[str], int] | None = None) -> None:
        self.conn = conn
        self.family_id = family_id or partial(family_id_of, conn)
        """A family's id by its slug (the transaction's, which looks each up once)."""

    def schedule(self, slug: str, not_before: datetime, reason: str, now: datetime) -> None:
        """Try family ``slug`` again at ``not_before``; ``since`` keeps the first attempt.
        The job is free again for any worker (a worker that holds it gives it up, and makes
        the wait longer when this was its own attempt: ``Jobs.retry_later``)."""
        family_id = self.family_id(slug)
        moved = self.conn.execute(update(jobs).where(jobs.c.key == _apply_key(family_id))
                                  .values(not_before=not_before, reason=reason, owner=None,
                                          lease_until=None)).rowcount
        if not moved:
            self.conn.execute(insert(jobs).values(
                key=_apply_key(family_id), kind=APPLY, family_id=family_id, payload="",
                not_before=not_before, reason=reason, since=now, attempts=0))

    def asked(self, slug: str) -> int | None:
        """The ``asked`` count of family ``slug``'s apply job; None when it has none. An
        apply reads it with the family, and passes it to ``clear`` when done."""
        count: int | None = self.conn.execute(select(jobs.c.asked).where(
            jobs.c.key == _apply_key(self.family_id(slug)))).scalar()
        return count

    def clear(self, slug: str, asked: int | None) -> None:
        """Family ``slug`` is done as it was when its job's count was ``asked``: the job is
        gone, unless it was asked for again since (or made after: ``asked`` None); then it
        is free for any worker at once, also when the worker that holds it is this one."""
        key = jobs.c.key == _apply_key(self.family_id(slug))
        if asked is not None and self.conn.execute(
                delete(jobs).where(key, jobs.c.asked == asked)).rowcount:
            return
        self.conn.execute(update(jobs).where(key).values(owner=None, lease_until=None))

    def of(self, slug: str) -> Pending | None:
        """Family ``slug``'s pending work (read by its job's key: a page asks this on every
        toggle, and the queue may hold an apply of every family)."""
        row = self.conn.execute(
            select(jobs.c.not_before, jobs.c.reason, jobs.c.since).where(
                jobs.c.key == _apply_key(self.family_id(slug)), jobs.c.reason != REQUESTED)
        ).first()
        return Pending(slug, utc(row.not_before), row.reason, utc(row.since)) if row else None

    def due(self, now: datetime) -> list[str]:
        """Families whose retry time has come, the longest waiting first."""
        return [p.slug for p in sorted(self._all(), key=lambda p: p.not_before)
                if utc(p.not_before) <= now]

    def _all(self) -> list[Pending]:
        rows = self.conn.execute(
            select(families.c.slug, jobs.c.not_before, jobs.c.reason, jobs.c.since)
            .join_from(jobs, families).where(jobs.c.kind == APPLY, jobs.c.reason != REQUESTED))
        return [Pending(r.slug, utc(r.not_before), r.reason, utc(r.since)) for r in rows]


class Jobs:
    """The durable work queue: apply a family (now, or again after a rate limit or an
    outage), send a notification. Any number of workers take jobs from it; on PostgreSQL
    with ``SELECT … FOR UPDATE SKIP LOCKED``, so two never take the same one and none waits
    for another. ``not_before`` is on the record's clock, leases on the wall clock."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def apply(self, slug: str, now: datetime, reason: str = REQUESTED) -> None:
        """Apply family ``slug`` as soon as a worker is free. An existing job of the family
        is kept, made due now and counted as asked again (``asked``): an apply under way,
        which read the family before this request, then leaves it for the next one."""
        family_id = family_id_of(self.conn, slug)
        if self._ask_again(family_id, now):
            return
        try:
            with self.conn.begin_nested():
                self.conn.execute(insert(jobs).values(
                    key=_apply_key(family_id), kind=APPLY, family_id=family_id, payload="",
                    not_before=now, reason=reason, since=now, attempts=0))
        except IntegrityError:  # another process made the job first
            self._ask_again(family_id, now)

    def _ask_again(self, family_id: int, now: datetime) -> bool:
        return bool(self.conn.execute(
            update(jobs).where(jobs.c.key == _apply_key(family_id))
            .values(not_before=now, asked=jobs.c.asked + 1)).rowcount)

    def notify(self, slug: str | None, payload: str, not_before: datetime,
               now: datetime) -> None:
        """Send a notification (``payload``: what to send, as the worker reads it)."""
        family_id = family_id_of(self.conn, slug) if slug else None
        self.conn.execute(insert(jobs).values(
            key=f"{NOTIFY}:{secrets.token_hex(16)}", kind=NOTIFY, family_id=family_id,
            payload=payload, not_before=not_before, reason="notify", since=now, attempts=0))

    def claim(self, now: datetime, owner: str, skip: Collection[int] = ()) -> Job | None:
        """Take the job due longest (not in ``skip``) that no live worker holds, for
        ``JOB_LEASE``; None when there is none."""
        taken = self.claim_many(now, owner, skip, 1)
        return taken[0] if taken else None

    def claim_many(self, now: datetime, owner: str, skip: Collection[int] = (),
                   count: int = 1) -> list[Job]:
        """Take up to ``count`` of the jobs due longest (not in ``skip``) that no live
        worker holds, for ``JOB_LEASE``, in three statements whatever ``count``; the
        longest due first."""
        wall = _now()
        free = or_(jobs.c.lease_until.is_(None), jobs.c.lease_until < wall)
        query = (select(jobs.c.id).where(jobs.c.not_before <= now, jobs.c.kind != TURN, free)
                 .order_by(jobs.c.not_before, jobs.c.id).limit(count)
                 .with_for_update(skip_locked=True))
        if skip:
            query = query.where(jobs.c.id.not_in(list(skip)))
        ids = list(self.conn.execute(query).scalars())
        if not ids:
            return []
        # SQLite has no FOR UPDATE: its write lock makes another taker rare, and the owner
        # then tells which of them are ours
        self.conn.execute(update(jobs).where(jobs.c.id.in_(ids), free)
                          .values(owner=owner, lease_until=wall + JOB_LEASE))
        rows = self.conn.execute(
            select(jobs.c.id, jobs.c.kind, families.c.slug, jobs.c.payload, jobs.c.attempts,
                   jobs.c.asked)
            .select_from(jobs.outerjoin(families, families.c.id == jobs.c.family_id))
            .where(jobs.c.id.in_(ids), jobs.c.owner == owner)
            .order_by(jobs.c.not_before, jobs.c.id))
        return [Job(r.id, r.kind, r.slug, r.payload, r.attempts, owner, r.asked) for r in rows]

    def take_turn(self, task: str, owner: str, every: timedelta) -> bool:
        """Whether it is ``owner``'s turn at ``task`` now: no process had one within the last
        ``every`` (wall clock). Whoever gets it has the next ``every`` to itself."""
        wall, key = _now(), f"{TURN}:{task}"
        taken = self.conn.execute(update(jobs).where(jobs.c.key == key, or_(
            jobs.c.lease_until.is_(None), jobs.c.lease_until <= wall))
            .values(owner=owner, lease_until=wall + every)).rowcount
        if taken:
            return True
        try:
            with self.conn.begin_nested():
                self.conn.execute(insert(jobs).values(
                    key=key, kind=TURN, family_id=None, payload="", not_before=wall,
                    reason=task, since=wall, attempts=0, owner=owner,
                    lease_until=wall + every))
        except IntegrityError:
            return False  # another process made the row, and has the turn
        return True

    def end_turn(self, task: str, owner: str) -> None:
        """``owner`` is done with its turn at ``task``: the next process may have one."""
        self.conn.execute(update(jobs).where(jobs.c.key == f"{TURN}:{task}",
                                             jobs.c.owner == owner)
                          .values(owner=None, lease_until=None))

    def done(self, job: Job) -> None:
        """The job is done: gone (unless someone else took it over meanwhile); when it was
        asked for again meanwhile, free for the next round instead."""
        held = and_(jobs.c.id == job.id, jobs.c.owner == job.owner)
        if not self.conn.execute(delete(jobs).where(held, jobs.c.asked == job.asked)).rowcount:
            self.give_back(job)

    def give_back(self, job: Job) -> None:
        """Not done, not failed (its family was busy): free for the next round."""
        self.conn.execute(update(jobs).where(jobs.c.id == job.id, jobs.c.owner == job.owner)
                          .values(owner=None, lease_until=None))

    def failed(self, job: Job, now: datetime, reason: str, give_up_after: int = 0) -> None:
        """Try again after ``backoff``; dropped after ``give_up_after`` attempts (0:
        never)."""
        attempts = job.attempts + 1
        if give_up_after and attempts >= give_up_after:
            self.done(job)
            return
        self.conn.execute(update(jobs).where(jobs.c.id == job.id, jobs.c.owner == job.owner)
                          .values(owner=None, lease_until=None, attempts=attempts,
                                  reason=reason[:200], not_before=now + backoff(attempts)))

    def retry_later(self, job: Job, now: datetime, reason: str) -> None:
        """After a worker's apply that left the family's job in place (Nextcloud not ready,
        or a failure): one more failed attempt, so its next try waits at least ``backoff``
        (longer than what the apply asked for, when it failed often already)."""
        row = self.conn.execute(select(jobs.c.not_before, jobs.c.attempts, jobs.c.owner,
                                       jobs.c.asked).where(jobs.c.id == job.id)).first()
        if row is None or row.owner not in (None, job.owner):
            return  # done, or taken over by another worker meanwhile
        if row.asked != job.asked:  # asked for again meanwhile: due as asked, not later
            self.give_back(job)
            return
        attempts = row.attempts + 1
        held = row.owner is not None  # not rescheduled by the apply: a failure of its own
        self.conn.execute(update(jobs).where(jobs.c.id == job.id).values(
            owner=None, lease_until=None, attempts=attempts,
            reason=reason[:200] if held else jobs.c.reason,
            not_before=max(utc(row.not_before), now + backoff(attempts))))

    def due(self, now: datetime, kind: str | None = None) -> int:
        """How many jobs (of ``kind``) are due and held by no live worker."""
        query = select(func.count()).select_from(jobs).where(
            jobs.c.not_before <= now,
            or_(jobs.c.lease_until.is_(None), jobs.c.lease_until < _now()))
        if kind is not None:
            query = query.where(jobs.c.kind == kind)
        return int(self.conn.execute(query).scalar_one())

    def count(self, kind: str | None = None) -> int:
        query = select(func.count()).select_from(jobs)
        query = query.where(jobs.c.kind == kind if kind is not None else jobs.c.kind != TURN)
        return int(self.conn.execute(query).scalar_one())


def _apply_key(family_id: int) -> str:
    return f"{APPLY}:{family_id}"


def _now() -> datetime:
    return datetime.now(UTC)


def _dialect_insert(conn: Connection) -> Any:
    """INSERT with ON CONFLICT, as the connection's database writes it."""
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
