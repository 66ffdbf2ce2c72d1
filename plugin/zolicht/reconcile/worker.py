"""Pending work, done by itself: families whose last apply left something for later
(rate limited, Nextcloud unreachable) are applied again once their time has come.

Any number of processes may run this (``zolicht worker``, or the thread ``zolicht serve``
starts); the family lock keeps two of them off one family, and a family another process is
busy with is simply left for the next round.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from zolicht.context import Context
from zolicht.reconcile import Outcome, apply_family
from zolicht.reconcile.observe import RefusedServer, Run
from zolicht.store.work import Busy

INTERVAL = 5.0
"""Seconds between two looks at the pending work."""


def run_due(ctx: Context, new_run: Callable[[], Run]) -> dict[str, Outcome]:
    """Apply every family whose pending work is due now, each in a run of its own (closed
    afterwards); their outcomes by slug."""
    with ctx.store.reading() as tx:
        due = tx.pending.due(ctx.now())
    done = {}
    for slug in due:
        run = new_run()
        try:
            done[slug] = apply_family(ctx, run, slug, wait=0)
        except (Busy, RefusedServer):
            continue  # another process has it; or the server needs the operator first
        finally:
            run.client.close()
    return done


def work(ctx: Context, new_run: Callable[[], Run], stop: threading.Event,
         interval: float = INTERVAL) -> None:
    """Run ``run_due`` until ``stop`` is set; a round that fails (the database away, say)
    is reported and the next round comes all the same."""
    while not stop.is_set():
        try:
            run_due(ctx, new_run)
        except Exception as error:  # noqa: BLE001 (any failure: report it, keep working)
            print(f"zolicht worker: {error!r}", file=sys.stderr)
        stop.wait(interval)
