"""The no-op reconcile of many families by 1, 2 and 4 ``zolicht worker`` processes on
PostgreSQL.

    python3 bench/scale.py [--families 10000] [--workers 1,2,4] [--keep DIR]

FAMILIES families of 12 people and 20 documents (``bench/matrix.py``'s family) in a fresh
PostgreSQL database of their own (``--postgres``, database ``zolicht_bench``) and in
devcloud, which runs in its own process as a real Nextcloud would. Setup provisions the
first ``--real`` families the real way (stored, then ``apply --all --queue`` and a worker,
over HTTP, then once more with nothing to do, as the safety net's rounds would), stops
devcloud and copies the last of them (provisioned after the accounts
families share existed) for all the others, straight into devcloud's SQLite file and data
directory and into the database (``_clone.py``: every identifier rewritten); then checks a
few copies: their plan is empty, their forms recorded as zolicht wants them.

Then, for each number of workers: ``zolicht apply --all --queue`` queues every family, that
many worker processes (``bench/_worker.py``: ``zolicht worker --once`` that also counts)
start at once and work the queue until it is empty. Prints the wall time (from starting the
workers until the last one is done, process start included), families per second, requests
to Nextcloud per family, each worker's peak resident memory and the CPU time devcloud used.
Fails unless every family was applied without a write and with an empty plan, which is
also the proof that the copies are what provisioning them would have left.

``--keep DIR`` keeps devcloud's data there and the database, and a later run with the same
DIR and size skips the setup.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _clone import Template, clone
from _devcloud import devcloud_process
from _processes import cpu_seconds, fresh_database, queue_all, vacuum_queue, work
from matrix import NOW, create, template

from zolicht import bootstrap
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.reconcile import plan_family
from zolicht.reconcile.desired import desired_state
from zolicht.reconcile.forms import desired_forms, fingerprint
from zolicht.services import audit
from zolicht.store import Store

SERVICE_USER = "admin"
SAMPLE = 5
"""Copies checked after the setup (plan empty, forms recorded as wanted)."""


def slug(n: int) -> str:
    return f"gezin-{n:05d}"


def store_families(database: str, count: int) -> None:
    ctx = Context(Store(database), SystemClock(), "bench")
    family, contents = template(NOW)
    for n in range(count):
        create(ctx, replace(family, slug=slug(n)), contents)
    ctx.store.close()


def setup(args: argparse.Namespace, scratch: Path, env: dict[str, str]) -> None:
    """Provision ``--real`` families over HTTP, then copy the last for the others."""
    started = time.perf_counter()
    real = min(args.real, args.families)
    store_families(env["ZOLICHT_DATABASE_URL"], real)
    with devcloud_process(keep=scratch, skeleton=False) as (cloud, _pid, _tmp):
        served = {**env, "ZOLICHT_NEXTCLOUD_URL": cloud}
        queue_all(served)
        _seconds, figures = work(served, args.setup_workers)
        queue_all(served)  # a round with nothing to do, as the safety net's would be:
        work(served, 1)  # it records each family folder's etag, as it is left
    done = sum(int(f["families"]) for f in figures)
    failed = sum(int(f["failed"]) for f in figures)
    writes = sum(int(f["writes"]) for f in figures)
    provisioned = time.perf_counter()
    print(f"setup: {real} families provisioned over HTTP by {args.setup_workers} "
          f"worker{'s' if args.setup_workers > 1 else ''} in {provisioned - started:.1f} s "
          f"({done} families, {failed} incomplete, {writes} writes)")
    if failed or done != real:
        raise SystemExit("setup did not provision every family")
    if args.families > real:
        root = bootstrap.build(env)
        ctx = root.context()
        with ctx.store.reading() as tx:
            family = tx.families.load(slug(real - 1))
            family_id = tx.remote(slug(real - 1)).family_id
        copied = Template.of(family, family_id, ctx.today(), SERVICE_USER, root.definitions())
        root.close()
        devcloud, database, rows = clone(scratch / "nextcloud", args.postgres, args.database,
                                         copied, [slug(n) for n in range(real, args.families)])
        print(f"setup: {args.families - real} copies of {slug(real - 1)} written to devcloud "
              f"in {devcloud:.1f} s and to the database in {database:.1f} s ({rows} rows)")


def check_sample(env: dict[str, str], slugs: list[str]) -> None:
    """A few copies have nothing to do (one-family runs), and their forms are recorded as
    zolicht wants them (else the full runs would read them again)."""
    root = bootstrap.build(env)
    ctx = root.context()
    for name in slugs:
        with root.running(per_family=True) as run:
            todo = plan_family(ctx, run, name)
        with ctx.store.reading() as tx:
            family = tx.families.load(name)
            recorded = {key: r.fingerprint for key, r in tx.forms(name).forms().items()}
        accounts = desired_state(family, ctx.today(), SERVICE_USER).accounts
        wanted = {f.spec.key: fingerprint(f)
                  for f in desired_forms(family, root.definitions(), ctx.today(), accounts)}
        if not todo.empty or todo.drift or recorded != wanted:
            raise SystemExit(f"copy {name} is not as provisioned: {len(todo.ops)} operations, "
                             f"{len(todo.drift)} drift, forms as wanted: {recorded == wanted}")
    problems, _head = audit.verify(ctx)
    if problems:
        raise SystemExit(f"the copies' audit trail does not verify: {problems[:3]}")
    root.close()
    print(f"setup: {len(slugs)} copies checked, nothing to do, the audit trail verifies "
          f"({', '.join(slugs)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure")
    parser.add_argument("--real", type=int, default=3,
                        help="families provisioned over HTTP; the others are copies")
    parser.add_argument("--setup-workers", type=int, default=1)
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
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="zolicht-bench-"))
    env = {**os.environ, "ZOLICHT_NEXTCLOUD_USER": SERVICE_USER,
           "ZOLICHT_NEXTCLOUD_APP_PASSWORD": "admin", "ZOLICHT_ACTOR": "bench",
           "PYTHONPATH": os.pathsep.join(sys.path),
           "ZOLICHT_BENCH_NO_SWEEP": "1" if args.no_sweep else "0",
           "ZOLICHT_DATABASE_URL": f"postgresql+psycopg://{args.postgres}/{args.database}"}
    print(f"{args.families} families x 12 people x 20 documents; PostgreSQL database "
          f"{args.database}")
    try:
        if kept:
            print("setup kept from an earlier run")
        else:
            if args.keep is not None:
                shutil.rmtree(scratch / "nextcloud", ignore_errors=True)
                scratch.mkdir(parents=True, exist_ok=True)
            fresh_database(args.postgres, args.database)
            started = time.perf_counter()
            setup(args, scratch, env)
            print(f"setup: {time.perf_counter() - started:.1f} s in all")
        with devcloud_process(keep=scratch, skeleton=False) as (cloud, pid, _tmp):
            env["ZOLICHT_NEXTCLOUD_URL"] = cloud
            print(f"devcloud pid {pid}")
            if not kept:
                copies = [slug(n) for n in range(min(args.real, args.families), args.families)]
                check_sample(env, sorted(random.sample(copies, min(SAMPLE, len(copies)))))
                if marker is not None:
                    marker.write_text(json.dumps({"families": args.families,
                                                  "database": args.database}))
            for workers in [int(w) for w in args.workers.split(",") if w]:
                measure(env, pid, workers, args.families)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def measure(env: dict[str, str], pid: int, workers: int, families: int) -> None:
    """One no-op reconcile of every family by ``workers`` workers at once."""
    queued = queue_all(env)
    vacuum_queue(env["ZOLICHT_DATABASE_URL"])
    cpu = cpu_seconds(pid)
    seconds, figures = work(env, workers)
    done = sum(int(f["families"]) for f in figures)
    changed = sum(int(f["changed"]) for f in figures)
    failed = sum(int(f["failed"]) for f in figures)
    reads = sum(int(f["reads"]) for f in figures)
    writes = sum(int(f["writes"]) for f in figures)
    memory = " ".join(f"{f['rss_mb']:.0f}" for f in figures)
    cpu_used = " ".join(f"{f['cpu']:.0f}" for f in figures)
    collecting = " ".join(f"{f['gc']:.1f}" for f in figures)
    print(f"no-op, {workers} worker{'s' if workers > 1 else ' '}: {seconds:7.1f} s "
          f"({done / seconds:6.1f} families/s; 10,000 in "
          f"{10_000 / done * seconds:5.0f} s)  reads {reads / done:.2f}/family  "
          f"writes {writes}  plans not empty {changed}  families {done}  "
          f"RSS per worker {memory} MB  CPU per worker {cpu_used} s (collecting garbage "
          f"{collecting} s)  devcloud CPU {cpu_seconds(pid) - cpu:.0f} s  "
          f"(queued in {queued:.1f} s)", flush=True)
    if done != families or writes or changed or failed:
        raise SystemExit(f"not a no-op: {families - done} families not applied, {writes} "
                         f"writes, {changed} plans not empty, {failed} incomplete")


if __name__ == "__main__":
    main()
