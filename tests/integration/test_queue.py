"""The durable work queue and the web's state in the database: what one process leaves
there, another finds, once; jobs are taken by one worker at a time, wait longer after each
failure, and are taken over when the worker that held one is gone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import cast

import pytest
from sqlalchemy import text
from sqlalchemy.exc import NoResultFound

from tests.conftest import EXAMPLE, NOW
from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.nextcloud import NextcloudConfig
from zolicht.reconcile import worker
from zolicht.reconcile.observe import Run
from zolicht.services import transfer
from zolicht.store import Store, work
from zolicht.store.work import JOB_LEASE, NOTIFY_ATTEMPTS, RETRY_BASE, RETRY_CAP, Jobs, backoff
from zolicht.web.site import Site, WebSettings
from zolicht.web.views import Notice


@pytest.fixture
def family(ctx: Context) -> Context:
    transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    return ctx


def test_the_wait_doubles_after_each_failure_up_to_an_hour() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [RETRY_BASE, RETRY_BASE * 2, RETRY_BASE * 4]
    assert backoff(30) == backoff(1000) == RETRY_CAP == timedelta(hours=1)


def test_a_job_is_held_by_one_worker_until_its_lease_runs_out(
        family: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    with family.store.transaction() as tx:
        tx.jobs.apply("jansen", NOW)
        assert tx.pending.of("jansen") is None  # asked for: nothing Nextcloud postponed
        held = tx.jobs.claim(NOW, "first")
        assert held is not None and held.slug == "jansen" and held.kind == "apply"
    with family.store.transaction() as tx:
        assert tx.jobs.claim(NOW, "second") is None  # the first worker has it
    later = work._now() + JOB_LEASE + timedelta(seconds=1)
    monkeypatch.setattr(work, "_now", lambda: later)  # the first worker died meanwhile
    with family.store.transaction() as tx:
        taken = tx.jobs.claim(NOW, "second")
        assert taken is not None and taken.id == held.id
        tx.jobs.done(held)  # the dead worker's "done" comes too late: nothing happens
        assert tx.jobs.count() == 1
        tx.jobs.done(taken)
        assert tx.jobs.count() == 0


def test_a_job_not_due_yet_waits(family: Context) -> None:
    with family.store.transaction() as tx:
        tx.pending.schedule("jansen", NOW + timedelta(minutes=1), "rate_limited", NOW)
        assert tx.jobs.claim(NOW, "w") is None
        assert tx.jobs.claim(NOW + timedelta(minutes=1), "w") is not None


def test_a_familys_pending_work_is_its_own(family: Context) -> None:
    """What waits for one family is not another's, whatever else the queue holds."""
    transfer.import_family(family, EXAMPLE.read_text().replace("slug: jansen", "slug: bakker")
                           .replace("name: Gezin Jansen", "name: Gezin Bakker"), EXAMPLE.parent)
    with family.store.transaction() as tx:
        tx.pending.schedule("bakker", NOW + timedelta(minutes=5), "rate_limited", NOW)
        assert tx.pending.of("jansen") is None
        tx.pending.schedule("jansen", NOW + timedelta(minutes=1), "unreachable", NOW)
        jansen, bakker = tx.pending.of("jansen"), tx.pending.of("bakker")
    assert jansen is not None and (jansen.reason, jansen.not_before) == (
        "unreachable", NOW + timedelta(minutes=1))
    assert bakker is not None and (bakker.reason, bakker.not_before) == (
        "rate_limited", NOW + timedelta(minutes=5))


def more_families(ctx: Context, slugs: tuple[str, ...]) -> None:
    for slug in slugs:
        transfer.import_family(ctx, EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}")
                               .replace("nextcloud_user: lotte.visser",
                                        f"nextcloud_user: lotte-{slug}"), EXAMPLE.parent)


def test_a_batch_of_jobs_is_claimed_at_once_the_longest_due_first(family: Context) -> None:
    more_families(family, ("jansen-b", "jansen-c"))
    with family.store.transaction() as tx:
        for minutes, slug in enumerate(("jansen-c", "jansen", "jansen-b")):
            tx.jobs.apply(slug, NOW - timedelta(minutes=3 - minutes))
    with family.store.transaction() as tx:
        first = tx.jobs.claim_many(NOW, "first", count=2)
    with family.store.transaction() as tx:
        second = tx.jobs.claim_many(NOW, "second", count=2)
    assert [j.slug for j in first] == ["jansen-c", "jansen"]
    assert [j.slug for j in second] == ["jansen-b"] and second[0].owner == "second"


def test_what_is_left_of_a_batch_held_for_half_a_lease_is_given_back(
        family: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs claimed in a batch wait behind the ones before them; once that took half a
    job's lease (rate limits, say), the rest is freed for other workers."""
    more_families(family, ("jansen-b",))
    with family.store.transaction() as tx:
        tx.jobs.apply("jansen", NOW - timedelta(minutes=1))
        tx.jobs.apply("jansen-b", NOW)
    claims = worker._Claims(family, "sweeper", 10)
    assert claims.next(set(), 10).slug == "jansen"  # type: ignore[union-attr]
    with family.store.transaction() as tx:
        assert tx.jobs.claim(NOW, "other") is None  # jansen-b is held in the batch
    kept = claims.held[0].id
    monkeypatch.setattr(worker, "JOB_LEASE", timedelta(0))  # half a lease has passed
    assert claims.next({kept}, 10) is None  # given back (and here not claimed again)
    with family.store.transaction() as tx:
        taken = tx.jobs.claim(NOW, "other")
    assert taken is not None and taken.slug == "jansen-b"


@pytest.mark.postgres
def test_two_workers_on_postgresql_take_different_jobs_without_waiting(
        pg_schema_url: str) -> None:
    store = Store(pg_schema_url)
    ctx = Context(store, FixedClock(NOW), "test:operator")
    for slug in ("jansen", "jansen-b"):
        transfer.import_family(ctx, EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}")
                               .replace("nextcloud_user: lotte.visser",
                                        f"nextcloud_user: lotte-{slug}"), EXAMPLE.parent)
        with store.transaction() as tx:
            tx.jobs.apply(slug, NOW)
    with store.engine.connect() as first, store.engine.connect() as second:
        for conn in (first, second):
            conn.execute(text("SET lock_timeout = '2s'"))
            conn.commit()
        with first.begin(), second.begin():
            one = Jobs(first).claim(NOW, "one")  # its row stays locked until commit
            two = Jobs(second).claim(NOW, "two")  # skips it at once (else: lock timeout)
            assert one is not None and two is not None and one.slug != two.slug
            assert Jobs(second).claim(NOW, "two", {two.id}) is None
    store.close()


class Sender:
    def __init__(self, fails: bool) -> None:
        self.fails = fails
        self.sent: list[tuple[str, str, str]] = []

    def send(self, uid: str, short: str, long: str = "") -> None:
        if self.fails:
            raise ConnectionError("Nextcloud is away")
        self.sent.append((uid, short, long))


class Client:
    def __init__(self, sender: Sender) -> None:
        self.notifications = sender

    def close(self) -> None:
        pass


class FakeRun:
    def __init__(self, sender: Sender) -> None:
        self.client = Client(sender)


def test_a_notification_nextcloud_did_not_take_is_sent_by_the_worker(
        family: Context, clock: FixedClock) -> None:
    with family.store.transaction() as tx:
        tx.jobs.notify("jansen", json.dumps({"uid": "u1", "short": "s", "long": "l"}), NOW, NOW)
    away = Sender(fails=True)
    worker.run_due(family, lambda: cast(Run, FakeRun(away)))
    with family.store.reading() as tx:
        assert tx.jobs.claim(NOW + RETRY_BASE - timedelta(seconds=1), "w") is None
    back = Sender(fails=False)
    clock.moment += RETRY_BASE
    worker.run_due(family, lambda: cast(Run, FakeRun(back)))
    assert back.sent == [("u1", "s", "l")]
    worker.run_due(family, lambda: cast(Run, FakeRun(back)))
    assert len(back.sent) == 1  # once
    with family.store.reading() as tx:
        assert tx.jobs.count() == 0


def test_a_notification_is_given_up_after_a_few_tries(family: Context,
                                                     clock: FixedClock) -> None:
    with family.store.transaction() as tx:
        tx.jobs.notify("jansen", json.dumps({"uid": "u1", "short": "s"}), NOW, NOW)
    away = Sender(fails=True)
    for _ in range(NOTIFY_ATTEMPTS):
        worker.run_due(family, lambda: cast(Run, FakeRun(away)))
        clock.moment += RETRY_CAP
    with family.store.reading() as tx:
        assert tx.jobs.count() == 0


@pytest.fixture
def sites(database_url: str) -> Iterator[tuple[Site, Site]]:
    """Two web processes' sites on one database (no Nextcloud needed here)."""
    first, second = Site(WebSettings(database_url, None)), Site(WebSettings(database_url, None))
    yield first, second
    first.close()
    second.close()


def test_what_one_web_process_keeps_every_other_finds(sites: tuple[Site, Site]) -> None:
    one, two = sites
    assert one.settings.key == two.settings.key and len(one.settings.key) == 32
    sid = one.sessions.start("petra", "petra", "app-password")
    found = two.sessions.get(sid)
    assert found is not None and found.uid == "petra"
    assert two.sessions.end(sid) is not None
    assert one.sessions.get(sid) is None and one.sessions.end(sid) is None
    one.notices.put("session:x", "/gezin/jansen", Notice("Klaar.", card="energie"))
    assert two.notices.take("session:x", "/gezin/jansen") == Notice("Klaar.", card="energie")
    assert one.notices.take("session:x", "/gezin/jansen") is None  # shown once
    for _ in range(20):
        assert one.sign_in_throttle.attempt("10.0.0.1") == 0
    assert two.sign_in_throttle.attempt("10.0.0.1") > 0  # counted over both
    assert two.poll_throttle.attempt("10.0.0.1") == 0  # another throttle


def test_the_database_never_holds_a_session_id_or_token(sites: tuple[Site, Site]) -> None:
    one, _ = sites
    sid = one.sessions.start("petra", "petra", "app-password")
    one.notices.put(f"session:{sid}", "/gezin/jansen", Notice("Klaar."))
    with one.store.engine.connect() as conn:
        rows = [str(r) for t in ("web_sessions", "web_entries")
                for r in conn.execute(text(f"SELECT * FROM {t}"))]
    assert rows and not any(sid in row for row in rows)


def test_a_sessions_app_password_is_sealed_with_a_key_outside_the_database(
        database_url: str) -> None:
    """A copy of the database alone opens no one's Nextcloud: the app password is sealed
    with a key derived from the service account's app password (in the environment)."""
    def site(service_password: str) -> Site:
        return Site(WebSettings(database_url, NextcloudConfig(
            "http://127.0.0.1:9", "zolicht", service_password)))

    one, two, other = site("service-secret"), site("service-secret"), site("rotated")
    try:
        sid = one.sessions.start("petra", "petra", "petras-app-password")
        with one.store.engine.connect() as conn:
            stored = conn.execute(text("SELECT app_password FROM web_sessions")).scalar_one()
        assert stored.startswith("v1:") and "petras-app-password" not in stored
        found = two.sessions.get(sid)  # another process with the same key opens it
        assert found is not None and found.app_password == "petras-app-password"
        rotated = other.sessions.get(sid)  # a key that cannot: nothing to use
        assert rotated is not None and rotated.app_password == ""
    finally:
        for closing in (one, two, other):
            closing.close()


@pytest.mark.postgres
def test_processes_starting_at_once_on_a_new_database_migrate_it_once(
        pg_schema_url: str) -> None:
    start = ("import sys; from zolicht.store import Store; "
             "Store(sys.argv[1]).close()")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    processes = [subprocess.Popen([sys.executable, "-c", start, pg_schema_url], env=env,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors


def test_a_familys_lock_is_one_holders_until_its_lease_runs_out(family: Context) -> None:
    """One upsert takes the lock: free, taken by one owner only; held, refused; run out,
    taken over; and a family that does not exist is an error, not a wait."""
    now = work._now()
    with family.store.transaction() as tx:
        first = tx.locks.take("jansen", "a", now, now + timedelta(seconds=10))
        assert first is not None
        assert tx.locks.take("jansen", "b", now, now + timedelta(seconds=10)) is None
    later = now + timedelta(seconds=11)
    with family.store.transaction() as tx:
        assert tx.locks.take("jansen", "b", later, later + timedelta(seconds=10)) == first
        assert not tx.locks.release(first, "a") and tx.locks.release(first, "b")
        with pytest.raises(NoResultFound):
            tx.locks.take("nobody", "c", now, later)
