"""Families switching sharing on and off through the web API, all at once.

    python3 bench/web.py [--families 50] [--seconds 60]
    python3 bench/web.py --families 200 --postgres postgres@127.0.0.1:5432 --processes 1,2,4 \
        [--keep DIR]

devcloud and ``zolicht serve`` each run in their own process, as in production; zolicht
runs as a Nextcloud external app, so each request carries AppAPI's signature for the
person (the sign-in itself is not measured). Every family has one parent who, in a loop,
lets a network member see a document
(``PUT``) and stops again (``DELETE``), as fast as it can or with ``--pause`` seconds
between toggles (people at their own pace). A toggle counts from sending the request until the
member's WebDAV read of the file gives the expected answer (200 after a yes, 404 after a
stop). Prints toggles and requests per second, p50/p95/max toggle latency (and of it,
zolicht's answer alone), errors, and the CPU time each process used while measuring (all
share this machine's cores).

With ``--postgres`` zolicht keeps its data in a fresh PostgreSQL database, the families are
provisioned by several workers at once, and ``zolicht serve --workers N`` runs for each N
of ``--processes`` in turn (the web's state is in the database, so any process may answer
any request). ``--keep DIR`` (with ``--postgres``) keeps devcloud's data there and the
database, and a later run with the same DIR, database and number of families skips the
setup (the grants are then as the last run left them: a first toggle may find nothing to
change).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from _devcloud import devcloud_process, import_families
from _processes import cpu_seconds, cpu_tree_seconds, fresh_database, queue_all, work

from zolicht import reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.services import family as families
from zolicht.store import Store

DOCUMENT, MEMBER, FILE = "energie", "kevin", "minder-energie.md"
"""A document about the mother (an adult): her yes alone lets the member see it."""
OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}
SECRET = "bench-app-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def set_password(admin: httpx.Client, uid: str) -> str:
    password = f"bench-{uid}-pw"
    admin.put(f"/ocs/v2.php/cloud/users/{uid}", data={"key": "password", "value": password})
    return password


def as_appapi_user(web: str, uid: str) -> tuple[httpx.Client, str]:
    """A client that reaches zolicht as AppAPI does for ``uid`` (zolicht as an external
    app), and its CSRF token."""
    token = base64.b64encode(f"{uid}:{SECRET}".encode()).decode()
    client = httpx.Client(base_url=web, timeout=30, headers={
        "EX-APP-ID": "zolicht", "EX-APP-VERSION": "0.1.0", "AUTHORIZATION-APP-API": token})
    return client, client.get("/api/v1/me").json()["csrf_token"]


class NoCookies(httpx.Cookies):
    """Nextcloud answers Basic auth with a session cookie; a reader keeps none."""

    def extract_cookies(self, response: httpx.Response) -> None:
        pass


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.answers: list[float] = []
        """Of each toggle counted: the seconds until zolicht answered (the rest is the
        member's read)."""
        self.requests = 0
        self.errors: list[str] = []

    def add(self, seconds: float, answered: float, requests: int, error: str | None) -> None:
        with self.lock:
            self.requests += requests
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)
                self.answers.append(answered)


def family_loop(client: httpx.Client, csrf: str, reader: httpx.Client, member: str,
                slug: str, stop_at: float, tally: Tally, pause: float = 0.0) -> None:
    path = f"/api/v1/families/{slug}/consents/{DOCUMENT}/{MEMBER}"
    on = True
    if pause:  # families start spread over one pause, as people do
        time.sleep(random.uniform(0, pause))
    while time.monotonic() < stop_at:
        started = answered = time.perf_counter()
        requests, error = 1, None
        try:
            answer = client.request("PUT" if on else "DELETE", path,
                                    headers={"X-CSRF-Token": csrf})
            answered = time.perf_counter()
            if answer.status_code != 200 or not answer.json().get("applied"):
                error = f"{slug}: {answer.status_code} {answer.text[:80]}"
            else:
                read = reader.get(f"/remote.php/dav/files/{member}/{FILE}")
                requests += 1
                if read.status_code != (200 if on else 404):
                    error = f"{slug}: member read {read.status_code} after " + (
                        "yes" if on else "stop")
        except httpx.TransportError as failed:  # counted, and the family goes on
            error = f"{slug}: {type(failed).__name__} {failed}"
        tally.add(time.perf_counter() - started, answered - started, requests, error)
        on = not on
        if pause:
            time.sleep(pause)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds each family waits between two toggles (0: none)")
    parser.add_argument("--processes", default="1",
                        help="web process counts to measure in turn (zolicht serve --workers)")
    parser.add_argument("--postgres", help="user@host:port of a PostgreSQL that trusts us: "
                                           "the database (--database) is made afresh there "
                                           "(default: a SQLite file)")
    parser.add_argument("--database", default="zolicht_bench_web",
                        help="with --postgres: the database's name")
    parser.add_argument("--setup-workers", type=int, default=3,
                        help="with --postgres: workers provisioning the families at once")
    parser.add_argument("--keep", type=Path,
                        help="with --postgres: keep devcloud's data and the database")
    args = parser.parse_args()
    if args.keep and not args.postgres:
        parser.error("--keep needs --postgres")
    marker = args.keep / "setup.json" if args.keep else None
    setup = {"families": args.families, "database": args.database}
    kept = marker is not None and marker.exists() and json.loads(marker.read_text()) == setup
    with devcloud_process(keep=args.keep, skeleton=args.postgres is None) as (cloud, pid, tmp):
        env = {**os.environ, "ZOLICHT_NEXTCLOUD_URL": cloud, "ZOLICHT_NEXTCLOUD_USER": "admin",
               "ZOLICHT_NEXTCLOUD_APP_PASSWORD": "admin", "APP_SECRET": SECRET,
               "ZOLICHT_ROOT_PATH": "", "PYTHONPATH": os.pathsep.join(sys.path)}
        started = time.perf_counter()
        if kept:
            database = f"postgresql+psycopg://{args.postgres}/{args.database}"
        elif args.postgres:
            database = fresh_database(args.postgres, args.database)
        else:
            database = f"sqlite:///{tmp / 'zolicht.sqlite3'}"
        env["ZOLICHT_DATABASE_URL"] = database
        if kept:
            slugs = [f"gezin-{n:04d}" for n in range(args.families)]
        else:
            slugs = set_up(env, args.families, args.setup_workers, cloud, database)
            if marker is not None:
                marker.write_text(json.dumps(setup))
        print(f"{args.families} families, {args.seconds:.0f} s, "
              f"{f'a pause of {args.pause:g} s between toggles, ' if args.pause else ''}"
              f"{'PostgreSQL' if args.postgres else 'SQLite'}; devcloud pid {pid}; "
              f"setup {'kept, ' if kept else ''}{time.perf_counter() - started:.0f} s")
        people = accounts(database, slugs)
        for processes in [int(p) for p in args.processes.split(",")]:
            port = free_port()
            server = subprocess.Popen([sys.executable, "-m", "zolicht.cli", "serve", "--port",
                                       str(port), "--workers", str(processes)], env=env,
                                      stdout=subprocess.DEVNULL)
            web = f"http://127.0.0.1:{port}"
            try:
                wait_for(web, processes)
                print(f"zolicht serve --workers {processes} (pid {server.pid}):")
                before = cpu_used(server.pid, pid)
                measure(web, cloud, people, args.seconds, args.pause)
                print("  CPU seconds while measuring: " + ", ".join(
                    f"{name} {seconds - before[name]:.1f}"
                    for name, seconds in cpu_used(server.pid, pid).items()))
            finally:
                server.terminate()
                server.wait(timeout=30)


def set_up(env: dict[str, str], count: int, setup_workers: int, cloud: str,
           database: str) -> list[str]:
    """The families stored and provisioned into devcloud; their slugs."""
    ctx = Context(Store(database), SystemClock(), "bench")
    slugs = import_families(ctx, count)
    if database.startswith("postgresql"):  # provisioned by several workers at once
        ctx.store.close()
        queue_all(env)
        _seconds, figures = work(env, setup_workers)
        assert sum(int(f["families"]) - int(f["failed"]) for f in figures) == len(slugs)
    else:
        run = reconcile.Run(Nextcloud(NextcloudConfig(cloud, "admin", "admin")))
        for slug in slugs:
            assert reconcile.apply_family(ctx, run, slug).complete
        ctx.store.close()
    return slugs


def cpu_used(server: int, cloud: int) -> dict[str, float]:
    """CPU seconds used so far by ``zolicht serve`` (with its worker processes), devcloud,
    and this process's own threads: the benchmark's clients. (devcloud and the server are
    this process's children, so its tree would count them twice.)"""
    return {"zolicht serve": cpu_tree_seconds(server), "devcloud": cpu_seconds(cloud),
            "bench": cpu_seconds(os.getpid())}


def wait_for(url: str, processes: int = 1) -> None:
    """Until ``zolicht serve`` answers (with several processes: until each has had time
    to start)."""
    for _ in range(300):
        try:
            if httpx.get(f"{url}/heartbeat").status_code == 200:
                time.sleep(2.0 if processes > 1 else 0)
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("zolicht serve did not start")


def accounts(database: str, slugs: list[str]) -> dict[str, tuple[str, str]]:
    """Per family, the account ids of the mother and of the member she switches."""
    store = Store(database)
    ctx = Context(store, SystemClock(), "bench")
    found = {}
    for slug in slugs:
        family = families.load_family(ctx, slug)
        parent, member = family.person("petra"), family.person(MEMBER)
        assert parent is not None and member is not None
        found[slug] = (parent.uid, member.uid)
    store.close()
    return found


def ms(ordered: list[float], share: float) -> str:
    """The value ``share`` of the way up a sorted list of seconds, in milliseconds."""
    return f"{ordered[int(share * (len(ordered) - 1))] * 1000:.0f} ms"


def measure(web: str, cloud: str, people: dict[str, tuple[str, str]], seconds: float,
            pause: float = 0.0) -> None:
    sessions = []
    with httpx.Client(base_url=cloud, auth=("admin", "admin"), headers=OCS) as admin:
        for slug, (parent, member) in people.items():
            client, csrf = as_appapi_user(web, parent)
            reader = httpx.Client(base_url=cloud, auth=(member, set_password(admin, member)),
                                  timeout=30, cookies=NoCookies())
            sessions.append((client, csrf, reader, member, slug))
    tally = Tally()
    stop_at = time.monotonic() + seconds
    started = time.perf_counter()
    threads = [threading.Thread(target=family_loop, args=(*s, stop_at, tally, pause))
               for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(tally.latencies)
    for error in tally.errors[:5]:
        print(f"  ! {error}")
    if not latencies:
        raise SystemExit("no toggle succeeded")
    answers = sorted(tally.answers)
    print(f"  toggles {len(latencies)} ({len(latencies) / elapsed:.1f}/s)  "
          f"requests {tally.requests} ({tally.requests / elapsed:.1f}/s)"
          f"  toggle until readable: p50 {ms(latencies, 0.5)}, p95 {ms(latencies, 0.95)}, "
          f"max {ms(latencies, 1.0)}  errors {len(tally.errors)}")
    print(f"  of which zolicht's answer: p50 {ms(answers, 0.5)}, p95 {ms(answers, 0.95)}")
    for client, _csrf, reader, _member, _slug in sessions:
        client.close()
        reader.close()


if __name__ == "__main__":
    main()
