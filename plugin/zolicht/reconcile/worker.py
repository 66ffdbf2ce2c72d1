"""The worker: takes jobs from the durable work queue in the database (``store.work.Jobs``)
and does them: applies a family (asked for, or again once a rate limit or an outage is
over) or sends a notification.

Any number of processes may run this (``zolicht worker``, on one machine or several, or
the thread ``zolicht serve`` starts). A job is held by one worker at a time (PostgreSQL:
``FOR UPDATE SKIP LOCKED``), a family by one process at a time (its lock); a family
another process is busy with is given back for a later round. A worker that dies holding
a job or a family loses both when their leases run out, and another takes over: the
apply journals every operation and observes Nextcloud first, so it does nothing twice.
"""

from __future__ import annotations

import gc
import json
import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.nextcloud import Nextcloud
from zolicht.reconcile import Outcome, apply_family, watch
from zolicht.reconcile.observe import RefusedServer, Run
from zolicht.store.shared import SharedRead
from zolicht.store.work import APPLY, JOB_LEASE, NOTIFY, NOTIFY_ATTEMPTS, Busy, Job

NewRun = Callable[[], Run]
"""Makes a run with a session of its own (the worker closes it)."""
AfterApply = Callable[[Context, Nextcloud, str, Outcome], object]
"""Called after each family the worker applied, with the run's client still open
(``services.notify.after_apply``: who can newly see something is told)."""
INTERVAL = 5.0
"""Seconds between two looks at the queue when it was empty."""
SWEEP = 20
"""Applies due at once from which a round shares one full run (see ``run_due``)."""
SWEEP_SECONDS = 900.0
"""How long a round's full run trusts reads of all accounts and shares, its own or another
worker's (at 10,000 families, reading them again costs half a minute; meanwhile the share
watch finds a share nobody chose within seconds)."""
BATCH = 10
"""Jobs a sweeping worker claims at once (a transaction for each claim costs as much as a
no-op family's reads)."""
SHARED_READS = "shared-reads"
"""The turn of the one worker that reads all accounts and shares for the others."""
READS_POLL = 1.0
"""Seconds between two looks for another worker's reads, while it reads."""
WALL = SystemClock()
"""Shared reads age on the wall clock, as leases do (not on a test's frozen one)."""


def run_due(ctx: Context, new_run: NewRun, limit: int = 0,
            new_sweep: NewRun | None = None,
            after: AfterApply | None = None) -> dict[str, Outcome]:
    """Do every job that is due now (at most ``limit``, 0: all), each apply in a run of
    its own (closed afterwards); the outcomes of the applies by slug.

    With ``new_sweep``, a round that finds at least ``SWEEP`` applies due (``apply --all
    --queue``, the safety net) does them in one full run instead, as ``apply --all`` does:
    accounts and shares are read once for all its families rather than per family, by one
    worker for all workers (renewed every ``SWEEP_SECONDS``). A family another process
    worked on after those reads is read on its own (``observe.records``). ``after`` is
    called after each apply.
    """
    owner = secrets.token_hex(8)
    done: dict[str, Outcome] = {}
    skipped: set[int] = set()
    taken = 0
    sweep: _Sweep | None = None
    if new_sweep is not None:
        with ctx.store.reading() as tx:
            if tx.jobs.due(ctx.now(), APPLY) >= SWEEP:
                sweep = _Sweep(ctx, new_sweep)
    claims = _Claims(ctx, owner, BATCH if sweep else 1, sweep.ready if sweep else None)
    try:
        while not limit or taken < limit:
            job = claims.next(skipped, limit - taken if limit else BATCH)
            if job is None:
                break
            taken += 1
            if job.kind == APPLY and job.slug is not None:
                outcome = _apply(ctx, sweep.run if sweep else new_run, job, sweep is None,
                                 after)
                if outcome is None:
                    skipped.add(job.id)
                else:
                    done[job.slug] = outcome
            elif job.kind == NOTIFY:
                _notify(ctx, new_run, job)
            else:  # a kind this version does not know: leave it for one that does
                skipped.add(job.id)
                with ctx.store.transaction() as tx:
                    tx.jobs.give_back(job)
    finally:
        claims.give_back()
        if sweep is not None:
            sweep.close()
    return done


class _Claims:
    """Jobs claimed ``batch`` at a time (one transaction for them all), handed out one by
    one. What is left of a batch is given back once it was held for half a job's lease:
    the jobs before it took long (rate limits), and another worker may take them."""

    def __init__(self, ctx: Context, owner: str, batch: int,
                 before: Callable[[], None] | None = None) -> None:
        self.ctx, self.owner, self.batch, self.before = ctx, owner, batch, before
        self.held: deque[Job] = deque()
        self.claimed = 0.0

    def next(self, skip: set[int], room: int) -> Job | None:
        """The next job; at most ``room`` are claimed at once. ``before`` is called
        before each claim (the sweep renews its reads then, holding no job)."""
        if self.held and time.monotonic() - self.claimed > JOB_LEASE.total_seconds() / 2:
            self.give_back()
        if not self.held:
            if self.before is not None:
                self.before()
            with self.ctx.store.transaction() as tx:
                self.held.extend(tx.jobs.claim_many(self.ctx.now(), self.owner, skip,
                                                    min(self.batch, room)))
            self.claimed = time.monotonic()
        return self.held.popleft() if self.held else None

    def give_back(self) -> None:
        if self.held:
            with self.ctx.store.transaction() as tx:
                for job in self.held:
                    tx.jobs.give_back(job)
            self.held.clear()


class _Sweep:
    """One full run shared by a round's applies, renewed when its reads grow old."""

    def __init__(self, ctx: Context, new_run: NewRun) -> None:
        self.ctx = ctx
        self.new_run = new_run
        self.current: Run | None = None
        self.started = 0.0

    def ready(self) -> None:
        """Have a run whose shared reads are done (see ``Run.read_shared``), read again
        once ``SWEEP_SECONDS`` old while applies are due; called before a job is claimed."""
        if self.current is not None and time.monotonic() - self.started <= SWEEP_SECONDS:
            return
        self.close()
        with self.ctx.store.reading() as tx:
            if tx.jobs.due(self.ctx.now(), APPLY):
                self.run()

    def run(self) -> Run:
        """The round's run; made and read first when there is none (see ``_read``)."""
        if self.current is not None:
            return self.current
        run = self.new_run()
        try:
            with _kept_from_collection():
                taken_at = self._read(run)
        except BaseException:
            run.client.close()
            raise
        self.current = run
        self.started = time.monotonic() - (WALL.now() - taken_at).total_seconds()
        return run

    def _read(self, run: Run) -> datetime:
        """Give ``run`` the reads of all accounts and shares: another worker's, kept in the
        database, when they began less than ``SWEEP_SECONDS`` ago; else its own, kept for
        the others. One worker reads at a time (a turn); the others wait for its reads (a
        worker that died reading loses its turn after ``JOB_LEASE``). The journal's newest
        entry is noted before the reads: a family worked on after it is read on its own.
        When the reads began."""
        owner = secrets.token_hex(8)
        since = WALL.now() - timedelta(seconds=SWEEP_SECONDS)
        while True:
            with self.ctx.store.transaction() as tx:
                found = tx.shared_reads.newest(since)
                if found is None and tx.jobs.take_turn(SHARED_READS, owner, JOB_LEASE):
                    # looked for again with the turn held: the worker whose turn it was
                    # may have kept its reads and ended its turn since the look above
                    found = tx.shared_reads.newest(since)
                    if found is None:
                        break
                    tx.jobs.end_turn(SHARED_READS, owner)
                every_form = tx.every_form_id()
            if found is not None:
                run.snapshot = found.journal
                run.load_shared(found.body, every_form)
                return found.taken_at
            time.sleep(READS_POLL)
        try:
            taken_at = WALL.now()
            with self.ctx.store.reading() as tx:
                run.snapshot = tx.latest_operation()
                every_form = tx.every_form_id()
            run.read_shared(every_form)
            with self.ctx.store.transaction() as tx:
                tx.shared_reads.keep(SharedRead(taken_at, run.snapshot, run.shared()))
        finally:
            with self.ctx.store.transaction() as tx:
                tx.jobs.end_turn(SHARED_READS, owner)
        return taken_at

    def close(self) -> None:
        if self.current is not None:
            self.current.client.close()
            self.current = None
            gc.unfreeze()  # the reads may go now (in ``zolicht serve`` with them what the
            # web's start-up froze: collections walk it again, nothing more)


@contextmanager
def _kept_from_collection() -> Iterator[None]:
    """No garbage collection while the block reads, and none to walk what it read later:
    the reads of all accounts and shares are millions of objects without cycles, kept
    for the run (``_Sweep.close`` lets them go). A collection of them takes a quarter of a
    second, and one came after every quarter more read (some 4 s of a worker's CPU)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()  # only reads that were made: a failed run is closed and goes
    finally:
        if enabled:
            gc.enable()


def _apply(ctx: Context, new_run: NewRun, job: Job, close: bool = True,
           after: AfterApply | None = None) -> Outcome | None:
    """Apply the job's family; None when another process has it (the job is given back).
    ``close``: the run is the job's own, closed afterwards."""
    assert job.slug is not None
    run = new_run()
    try:
        outcome = apply_family(ctx, run, job.slug, wait=0, queue_if_busy=False)
        if after is not None:
            after(ctx, run.client, job.slug, outcome)
    except (Busy, RefusedServer):  # another process has it; or the server needs the operator
        with ctx.store.transaction() as tx:
            tx.jobs.give_back(job)
        return None
    except Exception as error:
        with ctx.store.transaction() as tx:
            tx.jobs.retry_later(job, ctx.now(), type(error).__name__)
        raise
    finally:
        if close:
            run.client.close()
    if not outcome.complete:  # a complete apply cleared its job (PendingWork.clear)
        with ctx.store.transaction() as tx:
            # the apply rescheduled it (Nextcloud not ready); a job still held here failed
            # otherwise, and is tried again later
            tx.jobs.retry_later(job, ctx.now(), outcome.error or "incomplete")
    return outcome


def _notify(ctx: Context, new_run: NewRun, job: Job) -> None:
    payload = json.loads(job.payload)
    run = new_run()
    try:
        run.client.notifications.send(payload["uid"], payload["short"], payload.get("long", ""))
    except Exception as error:  # noqa: BLE001 (any failure: try again later, or give up)
        with ctx.store.transaction() as tx:
            tx.jobs.failed(job, ctx.now(), type(error).__name__, NOTIFY_ATTEMPTS)
        return
    finally:
        run.client.close()
    with ctx.store.transaction() as tx:
        tx.jobs.done(job)


def work(ctx: Context, new_run: NewRun, stop: threading.Event,
         interval: float = INTERVAL, new_sweep: NewRun | None = None,
         watch_every: float = 0.0, after: AfterApply | None = None) -> None:
    """Run ``run_due`` until ``stop`` is set; a round that fails (the database away, say)
    is reported and the next round comes all the same. With ``watch_every``: also look for
    shares nobody chose that often, or less often when a look takes long
    (``reconcile.watch``, one process at a time), and queue an apply of each family that
    has one, done in the same round."""
    watcher = watch.Watcher(watch_every) if watch_every else None
    client = new_run().client if watch_every else None  # one session for every look
    try:
        while not stop.is_set():
            try:
                if watcher is not None and client is not None:
                    _watch(ctx, watcher, client)
                run_due(ctx, new_run, new_sweep=new_sweep, after=after)
            except Exception as error:  # noqa: BLE001 (any failure: report it, keep working)
                print(f"zolicht worker: {error!r}", file=sys.stderr)
            stop.wait(min(interval, watcher.interval) if watcher else interval)
    finally:
        if client is not None:
            client.close()


def _watch(ctx: Context, watcher: watch.Watcher, client: Nextcloud) -> None:
    """Queue an apply of each family with a share nobody chose, if it is our turn."""
    found = watcher.look(ctx, client)  # Nextcloud asked outside any transaction
    with ctx.store.transaction() as tx:
        for slug in found or ():
            tx.jobs.apply(slug, ctx.now())
