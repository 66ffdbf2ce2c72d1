"""The no-op reconcile of many families by 1, 2 and 4 ``zolicht worker`` processes on
PostgreSQL.

    python3 bench/scale.py [--families 10000] [--workers 1,2,4] [--keep DIR]

FAMILIES families of 12 people and 20 documents (``bench/matrix.py``'s family) are stored
in a fresh PostgreSQL database of their own (``--postgres``, database ``zolicht_bench``)
and provisioned into devcloud, which runs in its own process as a real Nextcloud would.
Setup (the first provisioning) takes every shortcut: ``apply --all --queue`` and several
workers at once (``--setup-workers``), accounts without Nextcloud's example files.
Then, for each number of workers: ``zolicht apply --all --queue`` queues every family, that
many worker processes (``bench/_worker.py``: ``zolicht worker --once`` that also counts)
start at once and work the queue until it is empty. Prints the wall time (from starting the
workers until the last one is done, process start included), families per second, requests
to Nextcloud per family, and each worker's peak resident memory.

``--keep DIR`` keeps devcloud's data there and the database, and a later run with the same
DIR and size skips the setup.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from _devcloud import devcloud_process
from _processes import cpu_seconds, fresh_database, queue_all, work
from matrix import NOW, create, template

from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.store import Store


def store_families(database: str, count: int) -> None:
    ctx = Context(Store(database), SystemClock(), "bench")
    family, contents = template(NOW)
    for n in range(count):
        create(ctx, replace(family, slug=f"gezin-{n:05d}"), contents)
    ctx.store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure")
    parser.add_argument("--setup-workers", type=int, default=3)
    parser.add_argument("--postgres", default="postgres@127.0.0.1:5432",
                        help="user@host:port of a PostgreSQL that trusts us")
    parser.add_argument("--database", default="zolicht_bench")
    parser.add_argument("--keep", type=Path, help="keep devcloud's data and the database")
    parser.add_argument("--no-sweep", action="store_true",
                        help="every family in a one-family run (as before the sweep)")
    args = parser.parse_args()
    marker = args.keep / "setup.json" if args.keep else None
    kept = marker is not None and marker.exists() and json.loads(marker.read_text()) == {
        "families": args.families, "database": args.database}
    with devcloud_process(keep=args.keep, skeleton=False) as (cloud, pid, _tmp):
        env = {**os.environ, "ZOLICHT_NEXTCLOUD_URL": cloud, "ZOLICHT_NEXTCLOUD_USER": "admin",
               "ZOLICHT_NEXTCLOUD_APP_PASSWORD": "admin", "ZOLICHT_ACTOR": "bench",
               "PYTHONPATH": os.pathsep.join(sys.path),
               "ZOLICHT_BENCH_NO_SWEEP": "1" if args.no_sweep else "0"}
        print(f"{args.families} families x 12 people x 20 documents; devcloud pid {pid}; "
              f"PostgreSQL database {args.database}")
        if kept:
            env["ZOLICHT_DATABASE_URL"] = f"postgresql+psycopg://{args.postgres}/{args.database}"
            print("setup kept from an earlier run")
        else:
            started = time.perf_counter()
            env["ZOLICHT_DATABASE_URL"] = fresh_database(args.postgres, args.database)
            store_families(env["ZOLICHT_DATABASE_URL"], args.families)
            stored = time.perf_counter()
            queue_all(env)
            _seconds, figures = work(env, args.setup_workers)
            done = sum(int(f["families"]) for f in figures)
            failed = sum(int(f["failed"]) for f in figures)
            writes = sum(int(f["writes"]) for f in figures)
            print(f"setup: stored in {stored - started:.1f} s, provisioned by "
                  f"{args.setup_workers} workers in {time.perf_counter() - stored:.1f} s "
                  f"({done} families, {failed} incomplete, {writes} writes)")
            if failed or done != args.families:
                raise SystemExit("setup did not provision every family")
            if marker is not None:
                marker.write_text(json.dumps({"families": args.families,
                                              "database": args.database}))
        for workers in [int(w) for w in args.workers.split(",") if w]:
            queued = queue_all(env)
            cpu = cpu_seconds(pid)
            seconds, figures = work(env, workers)
            done = sum(int(f["families"]) for f in figures)
            changed = sum(int(f["changed"]) for f in figures)
            reads = sum(int(f["reads"]) for f in figures)
            writes = sum(int(f["writes"]) for f in figures)
            memory = " ".join(f"{f['rss_mb']:.0f}" for f in figures)
            print(f"no-op, {workers} worker{'s' if workers > 1 else ' '}: {seconds:7.1f} s "
                  f"({done / seconds:6.1f} families/s; 10,000 in "
                  f"{10_000 / done * seconds:5.0f} s)  reads {reads / done:.2f}/family  "
                  f"writes {writes}  plans not empty {changed}  families {done}  "
                  f"RSS per worker {memory} MB  devcloud CPU {cpu_seconds(pid) - cpu:.0f} s  "
                  f"(queued in {queued:.1f} s)")
            if done != args.families:
                raise SystemExit(f"{args.families - done} families were not applied")


if __name__ == "__main__":
    main()
