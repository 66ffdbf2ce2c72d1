"""One ``zolicht worker --once`` for the benchmarks, which also says what it cost.

    ZOLICHT_DATABASE_URL=… ZOLICHT_NEXTCLOUD_URL=… python3 bench/_worker.py

Works the queue as ``zolicht worker --once`` does (the same runs, from the same settings)
until no job is due, then prints one JSON line: families applied, those whose plan was not
empty, requests to Nextcloud (reads, writes), seconds, this process's peak resident
memory, its CPU seconds and the seconds of them spent collecting garbage.
``ZOLICHT_BENCH_NO_SWEEP=1``: every family in a one-family run, even in a round with many
due (as before the sweep).
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from _processes import cpu_seconds

from zolicht import bootstrap
from zolicht.cli.provision import worker_runs
from zolicht.nextcloud.transport import Counter
from zolicht.reconcile import Run, worker
from zolicht.services import notify


def main() -> None:
    root = bootstrap.build()
    ctx = root.context()
    counters: list[Counter] = []
    collecting = _gc_timer()

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
        "seconds": seconds, "cpu": cpu_seconds(os.getpid()), "gc": collecting(),
        "rss_mb": _peak_memory_mb()}))


def _peak_memory_mb() -> float:
    """This process's peak resident memory. Not ``getrusage``'s: on Linux a process
    started by another keeps that one's peak there (here, the benchmark's)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:", 1)[1].split()[0]) / 1024


def _gc_timer() -> Callable[[], float]:
    """Start adding up the time the garbage collector takes; returns the running total."""
    spent = [0.0, 0.0]  # total, start of the collection under way

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            spent[1] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - spent[1]

    gc.callbacks.append(timed)
    return lambda: spent[0]


if __name__ == "__main__":
    main()
