"""zolicht as several processes on one PostgreSQL: workers that die, and web processes
that share everything through the database.

- A worker is killed (SIGKILL) in the middle of a family's first apply, with a request to
  Nextcloud in flight; another worker takes the job and the family over once their leases
  ran out and finishes the family: nothing made twice, no audit event lost or doubled.
- Two web processes and two workers on one database: people switch sharing on and off
  through both web processes (a CSRF token of one accepted by the other) while the
  families are queued for the workers over and over; afterwards every member reads exactly
  what the consent rules allow, nothing exists twice and the audit chain verifies.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import EXAMPLE
from tests.devcloud.conftest import Cloud, serve
from tests.integration.test_concurrency import (
    DOCUMENT,
    MEMBERS,
    SECRET,
    allowed,
    as_user,
    assert_nothing_twice,
    import_all,
    readable,
    slugs,
)
from zolicht import reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.devcloud import ocs
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile.desired import desired_state
from zolicht.services import audit, transfer
from zolicht.services import family as families
from zolicht.store import Store

pytestmark = pytest.mark.postgres

LEASE = 3.0
"""Seconds a worker's family lock and job lease hold here (two minutes in production)."""
SECONDS = float(os.environ.get("ZOLICHT_CONCURRENCY_SECONDS", "30"))


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    yield from serve(tmp_path / "devcloud")


def environment(database: str, cloud: Cloud, **extra: str) -> dict[str, str]:
    return {**os.environ, "ZOLICHT_DATABASE_URL": database,
            "ZOLICHT_NEXTCLOUD_URL": cloud.url, "ZOLICHT_NEXTCLOUD_USER": "admin",
            "ZOLICHT_NEXTCLOUD_APP_PASSWORD": "admin", "ZOLICHT_LEASE_SECONDS": str(LEASE),
            "PYTHONPATH": os.pathsep.join(sys.path), **extra}


def zolicht(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "zolicht.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(process: subprocess.Popen[str]) -> str:
    """Stop a process we started (SIGTERM, then SIGKILL); its output."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    out, _ = process.communicate(timeout=15)
    return out or ""


def family_named(ctx: Context, slug: str) -> None:
    text = EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}").replace(
        "nextcloud_user: lotte.visser", f"nextcloud_user: lotte-{slug}")
    transfer.import_family(ctx, text, EXAMPLE.parent)


def queued(ctx: Context) -> int:
    with ctx.store.reading() as tx:
        return tx.jobs.count()


def wait_for(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def shares_of(cloud: Cloud) -> list[dict[str, Any]]:
    with cloud.client() as admin:
        found: list[dict[str, Any]] = admin.get(
            "/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json&reshares=true"
        ).json()["ocs"]["data"]
    return found


def members_of(cloud: Cloud, gid: str) -> set[str]:
    with cloud.client() as admin:
        return set(admin.get(f"/ocs/v2.php/cloud/groups/{gid}/users?format=json")
                   .json()["ocs"]["data"]["users"])


@pytest.mark.parametrize("made", [False, True], ids=["request-dropped", "answer-lost"])
def test_a_worker_killed_in_the_middle_of_a_family_is_taken_over_by_another(
        cloud: Cloud, pg_schema_url: str, monkeypatch: pytest.MonkeyPatch, made: bool) -> None:
    store = Store(pg_schema_url)
    ctx = Context(store, SystemClock(), "test:operator")
    family_named(ctx, "gezin0")
    in_flight, killed = threading.Event(), threading.Event()
    asked = Counter[str]()
    create = cloud.server.sharing.create

    def slow_second_share(uid: str, params: dict[str, Any]) -> dict[str, Any]:
        """The second share waits, in flight, until its worker is dead; Nextcloud makes
        it (``made``: the answer is lost) or not (the request is dropped)."""
        asked["shares"] += 1
        if asked["shares"] == 2:
            share = create(uid, params) if made else None
            in_flight.set()
            killed.wait(60)
            raise ocs.OCSError(500, f"the worker that asked is gone ({share is not None})")
        return create(uid, params)

    monkeypatch.setattr(cloud.server.sharing, "create", slow_second_share)
    env = environment(pg_schema_url, cloud)
    with store.transaction() as tx:
        tx.jobs.apply("gezin0", ctx.now())
    first = zolicht(env, "worker", "--interval", "0.2")
    assert in_flight.wait(120), stop(first)
    second = zolicht(env, "worker", "--interval", "0.2")  # starts while the family is held
    first.send_signal(signal.SIGKILL)
    stop(first)  # gone already: only its output is read
    killed.set()
    with store.reading() as tx:  # the dead worker's run stopped half-way
        assert tx.jobs.count() == 1
        assert not tx.remote("gezin0").last_run_ok()
    wait_for(lambda: queued(ctx) == 0, 120, "the second worker did not finish the family")
    output = stop(second)
    assert "Traceback" not in output, output
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    assert reconcile.apply_family(ctx, reconcile.Run(client), "gezin0").plan.empty
    client.close()
    shares = shares_of(cloud)
    assert asked["shares"] > 2 and shares
    assert all(n == 1 for n in Counter((s["path"], s["share_with"]) for s in shares).values())
    events = audit.events(ctx, "gezin0")
    created = Counter(e.event.member for e in events if e.event.action == "share.create")
    assert created == Counter(s["share_with"] for s in shares)  # one event per share, each
    opened = Counter((e.event.document, e.event.member) for e in events
                     if e.event.action == "access.open")
    desired = desired_state(families.load_family(ctx, "gezin0"), ctx.today(), "admin")
    joined = Counter((desired.document_of_group(gid), uid) for gid in desired.members
                     if desired.document_of_group(gid) for uid in members_of(cloud, gid))
    assert joined and opened == joined  # one event per membership in Nextcloud, each
    problems, _head = audit.verify(ctx)
    assert problems == []
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def web_process(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    """``zolicht serve`` as AppAPI's external app on a free port; when it answers."""
    port = free_port()
    process = zolicht({**env, "APP_SECRET": SECRET, "ZOLICHT_ROOT_PATH": ""}, "serve",
                      "--port", str(port), *args)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v1/me", headers=as_user("admin")).status_code < 500:
                return process, url
        except httpx.TransportError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, stop(process)
        time.sleep(0.2)


def toggler(urls: list[str], uid: str, slug: str, member: str, until: float,
            statuses: Counter[int]) -> None:
    """Switch ``member``'s access on and off, each request to the next web process, with
    the CSRF token one of them gave."""
    clients = [httpx.Client(base_url=u, headers=as_user(uid), timeout=60) for u in urls]
    csrf = clients[0].get("/api/v1/me").json()["csrf_token"]
    path = f"/api/v1/families/{slug}/consents/{DOCUMENT}/{member}"
    on, turn = True, 0
    while time.monotonic() < until:
        client = clients[turn % len(clients)]
        answer = client.request("PUT" if on else "DELETE", path, headers={"X-CSRF-Token": csrf})
        statuses[answer.status_code] += 1
        on, turn = not on, turn + 1
    for client in clients:
        client.close()


@pytest.mark.exhaustive
def test_two_web_processes_and_two_workers_keep_the_familys_promise(
        cloud: Cloud, pg_schema_url: str) -> None:
    store = Store(pg_schema_url)
    ctx = Context(store, SystemClock(), "test:operator")
    import_all(ctx)
    env = environment(pg_schema_url, cloud)
    enqueue = [sys.executable, "-m", "zolicht.cli", "apply", "--all", "--queue"]
    assert subprocess.run(enqueue, env=env, timeout=120).returncode == 0
    workers = [zolicht(env, "worker", "--interval", "0.3") for _ in range(2)]
    webs = [web_process(env), web_process(env, "--workers", "2")]
    wait_for(lambda: queued(ctx) == 0, 300, "the workers did not set the families up")
    statuses: Counter[int] = Counter()
    until = time.monotonic() + SECONDS
    threads = []
    for slug in slugs():
        petra = families.load_family(ctx, slug).person("petra")
        assert petra is not None
        threads += [threading.Thread(target=toggler, args=(
            [url for _, url in webs], petra.uid, slug, member, until, statuses))
            for member in MEMBERS]
    for thread in threads:
        thread.start()
    rounds = 0
    while time.monotonic() < until:  # apply --all from cron, left to the workers
        assert subprocess.run(enqueue, env=env, timeout=120,
                              capture_output=True).returncode == 0
        rounds += 1
        time.sleep(2)
    for thread in threads:
        thread.join(timeout=300)
    wait_for(lambda: queued(ctx) == 0, 300, "the workers did not empty the queue")
    outputs = [stop(p) for p in workers] + [stop(p) for p, _ in webs]
    assert not any("Traceback" in out for out in outputs), outputs
    assert rounds > 1 and sum(statuses.values()) > 20 and set(statuses) == {200}, statuses
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    for slug in slugs():  # whatever the last toggle was, one more apply settles nothing new
        assert reconcile.apply_family(ctx, reconcile.Run(client), slug).plan.empty
    client.close()
    problems, _head = audit.verify(ctx)
    assert problems == []
    assert_nothing_twice(cloud, ctx)
    for slug in slugs():
        seen, wanted = readable(cloud, ctx, slug), allowed(ctx, slug)
        assert {k: v for k, v in seen.items() if k != "lotte"} == \
            {k: v for k, v in wanted.items() if k != "lotte"}, slug
    with store.reading() as tx:
        assert tx.jobs.count() == 0  # no work left (the share watch's turn is no work)
    store.close()
