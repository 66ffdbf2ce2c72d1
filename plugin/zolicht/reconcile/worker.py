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

import json
import secrets
import sys
import threading
from collections.abc import Callable

from zolicht.context import Context
from zolicht.reconcile import Outcome, apply_family, watch
from zolicht.reconcile.observe import RefusedServer, Run
from zolicht.store.work import APPLY, NOTIFY, NOTIFY_ATTEMPTS, Busy, Job

INTERVAL = 5.0
"""Seconds between two looks at the queue when it was empty."""


def run_due(ctx: Context, new_run: Callable[[], Run], limit: int = 0) -> dict[str, Outcome]:
    """Do every job that is due now (at most ``limit``, 0: all), each apply in a run of
    its own (closed afterwards); the outcomes of the applies by slug."""
    owner = secrets.token_hex(8)
    done: dict[str, Outcome] = {}
    skipped: set[int] = set()
    taken = 0
    while not limit or taken < limit:
        with ctx.store.transaction() as tx:
            job = tx.jobs.claim(ctx.now(), owner, skipped)
        if job is None:
            break
        taken += 1
        if job.kind == APPLY and job.slug is not None:
            outcome = _apply(ctx, new_run, job)
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
    return done


def _apply(ctx: Context, new_run: Callable[[], Run], job: Job) -> Outcome | None:
    """Apply the job's family; None when another process has it (the job is given back)."""
    assert job.slug is not None
    run = new_run()
    try:
        outcome = apply_family(ctx, run, job.slug, wait=0)
    except (Busy, RefusedServer):  # another process has it; or the server needs the operator
        with ctx.store.transaction() as tx:
            tx.jobs.give_back(job)
        return None
    except Exception as error:
        with ctx.store.transaction() as tx:
            tx.jobs.retry_later(job, ctx.now(), type(error).__name__)
        raise
    finally:
        run.client.close()
    with ctx.store.transaction() as tx:
        # the apply cleared its job (complete) or rescheduled it (Nextcloud not ready); a job
        # still held here failed otherwise, and is tried again later
        tx.jobs.retry_later(job, ctx.now(), outcome.error or "incomplete")
    return outcome


def _notify(ctx: Context, new_run: Callable[[], Run], job: Job) -> None:
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


def work(ctx: Context, new_run: Callable[[], Run], stop: threading.Event,
         interval: float = INTERVAL, watch_every: float = 0.0) -> None:
    """Run ``run_due`` until ``stop`` is set; a round that fails (the database away, say)
    is reported and the next round comes all the same. With ``watch_every``: also look for
    shares nobody chose that often (``reconcile.watch``, one process at a time), and queue
    an apply of each family that has one, done in the same round."""
    while not stop.is_set():
        try:
            if watch_every:
                _watch(ctx, new_run, watch_every)
            run_due(ctx, new_run)
        except Exception as error:  # noqa: BLE001 (any failure: report it, keep working)
            print(f"zolicht worker: {error!r}", file=sys.stderr)
        stop.wait(min(interval, watch_every) if watch_every else interval)


def _watch(ctx: Context, new_run: Callable[[], Run], every: float) -> None:
    run = new_run()
    try:
        found = watch.look(ctx, run.client, every)
    finally:
        run.client.close()
    with ctx.store.transaction() as tx:
        for slug in found or ():
            tx.jobs.apply(slug, ctx.now())
