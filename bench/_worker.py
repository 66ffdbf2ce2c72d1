"""One ``zolicht worker --once`` for the benchmarks, which also says what it cost.

    ZOLICHT_DATABASE_URL=… ZOLICHT_NEXTCLOUD_URL=… python3 bench/_worker.py

Works the queue as ``zolicht worker --once`` does (the same runs, from the same settings)
until no job is due, then prints one JSON line: families applied, those whose plan was not
empty, requests to Nextcloud (reads, writes), seconds, and this process's peak resident
memory. ``ZOLICHT_BENCH_NO_SWEEP=1``: every family in a one-family run, even in a round
with many due (as before the sweep).
"""

from __future__ import annotations

import json
import os
import resource
import time

from zolicht import bootstrap
from zolicht.cli.provision import worker_runs
from zolicht.nextcloud.transport import Counter
from zolicht.reconcile import Run, worker
from zolicht.services import notify


def main() -> None:
    root = bootstrap.build()
    ctx = root.context()
    counters: list[Counter] = []

    def counted(make: worker.NewRun) -> worker.NewRun:
        def new_run() -> Run:
            run = make()
            counters.append(run.client.counter)
            return run
        return new_run

    started = time.perf_counter()
    one, sweep = worker_runs(root)
    alone = os.environ.get("ZOLICHT_BENCH_NO_SWEEP") == "1"  # every family on its own
    done = worker.run_due(ctx, counted(one), new_sweep=None if alone else counted(sweep),
                          after=notify.after_apply)
    seconds = time.perf_counter() - started
    root.close()
    print(json.dumps({
        "families": len(done), "changed": sum(not o.plan.empty for o in done.values()),
        "failed": sum(not o.complete for o in done.values()),
        "reads": sum(c.reads for c in counters), "writes": sum(c.writes for c in counters),
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
