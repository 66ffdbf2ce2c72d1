"""The worker's sweep: a round with many families due (``apply --all --queue``) reads
Nextcloud's accounts and shares once for all of them, and still finds and removes a share
made by hand in one family's folder; a round with few works family by family."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import EXAMPLE, NOW
from tests.devcloud.conftest import Cloud, serve
from zolicht import reconcile
from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.domain import names
from zolicht.nextcloud import Entry, Nextcloud, NextcloudConfig, Unreachable
from zolicht.nextcloud.shares import USER
from zolicht.reconcile import worker
from zolicht.services import family as families
from zolicht.services import transfer
from zolicht.store import Store
from zolicht.store.shared import SharedRead, SharedReads
from zolicht.store.tables import family_locks, jobs
from zolicht.store.work import TURN

SLUGS = ("jansen", "jansen-b", "jansen-c")


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    yield from serve(tmp_path / "devcloud")


@pytest.fixture
def ctx(tmp_path: Path, cloud: Cloud) -> Iterator[Context]:
    store = Store(f"sqlite:///{tmp_path / 'zolicht.sqlite3'}")
    context = Context(store, FixedClock(NOW), "test:operator")
    for slug in SLUGS:
        transfer.import_family(context, EXAMPLE.read_text().replace("slug: jansen",
                                                                    f"slug: {slug}"),
                               EXAMPLE.parent)
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    run = reconcile.Run(client)
    for _ in range(2):  # the second finds each family as wanted: its etags are recorded
        for slug in SLUGS:
            assert reconcile.apply_family(context, run, slug).complete
    client.close()
    yield context
    store.close()


class Runs:
    """Run factories that keep what they made."""

    def __init__(self, cloud: Cloud) -> None:
        self.config = NextcloudConfig(cloud.url, "admin", "admin")
        self.one: list[reconcile.Run] = []
        self.full: list[reconcile.Run] = []

    def new_one(self) -> reconcile.Run:
        self.one.append(reconcile.Run(Nextcloud(self.config), per_family=True))
        return self.one[-1]

    def new_full(self) -> reconcile.Run:
        self.full.append(reconcile.Run(Nextcloud(self.config)))
        return self.full[-1]

    def reads(self) -> int:
        return sum(r.client.counter.reads for r in self.one + self.full)


def queue(ctx: Context, slugs: tuple[str, ...]) -> None:
    with ctx.store.transaction() as tx:
        for slug in slugs:
            tx.jobs.apply(slug, ctx.now())


def test_a_sweep_reads_once_for_all_and_still_removes_a_share_made_by_hand(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "SWEEP", len(SLUGS))
    family = families.load_family(ctx, "jansen-c")
    document = family.documents[0]
    outsider = "collega"
    with cloud.client() as admin:
        assert admin.post("/ocs/v2.php/cloud/users",
                          data={"userid": outsider, "password": "collega-pw-1234"}
                          ).status_code == 200
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    folder = f"{names.root(family.space)}/Psycho-educatie"
    path = next(e.path for e in client.files.propfind(folder)
                if e.path.endswith(document.file_name))
    client.shares.create(path, USER, outsider, 1)
    assert any(s.share_with == outsider for s in client.shares.of(path))

    queue(ctx, SLUGS)
    runs = Runs(cloud)
    done = worker.run_due(ctx, runs.new_one, new_sweep=runs.new_full)

    assert set(done) == set(SLUGS) and all(o.complete for o in done.values())
    assert len(runs.full) == 1 and runs.one == []  # one full run for the round
    assert gc.get_freeze_count() == 0  # its reads, kept from collection, may go now
    assert not any(s.share_with == outsider for s in client.shares.of(path))  # gone
    assert runs.reads() <= 4 * len(SLUGS)
    client.close()


def test_a_round_with_few_families_due_works_family_by_family(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "SWEEP", len(SLUGS))
    queue(ctx, SLUGS[:2])
    runs = Runs(cloud)
    done = worker.run_due(ctx, runs.new_one, new_sweep=runs.new_full)
    assert set(done) == set(SLUGS[:2]) and all(o.plan.empty for o in done.values())
    assert runs.full == [] and len(runs.one) == 2


@pytest.mark.parametrize("read", ["shares", "users"])
def test_a_shared_read_that_failed_leaves_later_families_nothing_to_do(
        ctx: Context, cloud: Cloud, monkeypatch: pytest.MonkeyPatch, read: str) -> None:
    """A full run whose read of all shares (or all accounts) failed, a timeout say, reads
    them again for the next family rather than taking them for none: nothing to do."""
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    run = reconcile.Run(client)
    api = client.shares if read == "shares" else client.users
    method = "all" if read == "shares" else "users_with_groups"
    real = getattr(api, method)
    calls = []

    def once_unreachable() -> object:
        calls.append(1)
        if len(calls) == 1:
            raise Unreachable("GET", "/ocs", "no answer (timeout)")
        return real()

    monkeypatch.setattr(api, method, once_unreachable)
    try:
        first = reconcile.apply_family(ctx, run, SLUGS[0])
        second = reconcile.apply_family(ctx, run, SLUGS[1])
    finally:
        client.close()
    assert not first.complete and first.plan.empty
    assert second.complete and second.plan.empty, second.plan.ops
    assert len(calls) == 2


def test_a_sweep_reads_for_all_before_it_holds_any_job_or_family(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 10,000 families the reads for all take longer than a lease: were a job or a
    family held meanwhile, another worker would take it over and apply it twice."""
    monkeypatch.setattr(worker, "SWEEP", len(SLUGS))
    queue(ctx, SLUGS)
    runs = Runs(cloud)
    held: list[tuple[int, int]] = []

    def new_full() -> reconcile.Run:
        run = runs.new_full()
        real = run.client.shares.all

        def listing() -> object:
            with ctx.store.reading() as tx:
                conn = tx.families.conn
                held.append((conn.execute(select(func.count()).select_from(jobs).where(
                    jobs.c.owner.is_not(None), jobs.c.kind != TURN)).scalar_one(),
                    conn.execute(select(func.count()).select_from(family_locks)).scalar_one()))
            return real()

        run.client.shares.all = listing  # type: ignore[method-assign]
        return run

    done = worker.run_due(ctx, runs.new_one, new_sweep=new_full)
    assert set(done) == set(SLUGS) and all(o.plan.empty for o in done.values())
    assert held == [(0, 0)]  # read once, holding nothing


def reads_of_all(run: reconcile.Run) -> list[str]:
    """The run's requests for all accounts or all shares (not one folder's)."""
    return [path for method, path in run.client.counter.log
            if method == "GET" and (path.endswith("/users/details")
                                    or path.endswith("/files_sharing/api/v1/shares"))]


def test_workers_at_once_read_all_accounts_and_shares_once_between_them(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 10,000 families the reads of all accounts and shares cost Nextcloud half a
    minute: of two workers sweeping at once, one reads them and the other waits for its
    reads, kept in the database."""
    monkeypatch.setattr(worker, "SWEEP", 1)
    monkeypatch.setattr(worker, "READS_POLL", 0.05)
    queue(ctx, SLUGS)
    runs = [Runs(cloud), Runs(cloud)]
    reading = threading.Event()

    def slow_full(made: Runs) -> reconcile.Run:
        run = made.new_full()
        real = run.client.shares.all

        def listing() -> object:
            reading.set()
            time.sleep(0.5)  # the other worker looks for these reads meanwhile
            return real()

        run.client.shares.all = listing  # type: ignore[method-assign]
        return run

    done: list[dict[str, reconcile.Outcome]] = []
    first = threading.Thread(target=lambda: done.append(worker.run_due(
        ctx, runs[0].new_one, new_sweep=lambda: slow_full(runs[0]))))
    first.start()
    assert reading.wait(10)
    done.append(worker.run_due(ctx, runs[1].new_one, new_sweep=runs[1].new_full))
    first.join()

    outcomes = {slug: o for d in done for slug, o in d.items()}
    assert set(outcomes) == set(SLUGS) and all(o.plan.empty for o in outcomes.values())
    full = runs[0].full + runs[1].full
    assert len(full) == 2
    assert sorted(len(reads_of_all(run)) for run in full) == [0, 2]


def test_reads_kept_just_after_a_worker_looked_for_them_are_not_read_again(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that found no reads, then got the turn, looks again before it reads: the
    worker whose turn it was may have kept its reads and ended its turn in between (seen
    at 10,000 families: a second worker read everything again, 20 s of Nextcloud's CPU)."""
    monkeypatch.setattr(worker, "SWEEP", 1)
    queue(ctx, SLUGS)
    first = Runs(cloud)
    worker.run_due(ctx, first.new_one, new_sweep=first.new_full)  # reads, keeps, ends turn
    real = SharedReads.newest
    looks: list[bool] = []

    def looked_too_early(self: SharedReads, since: datetime) -> SharedRead | None:
        found = real(self, since)
        looks.append(found is not None)
        return None if len(looks) == 1 else found  # the first look: not kept yet

    monkeypatch.setattr(SharedReads, "newest", looked_too_early)
    queue(ctx, SLUGS)
    second = Runs(cloud)
    done = worker.run_due(ctx, second.new_one, new_sweep=second.new_full)
    assert set(done) == set(SLUGS) and all(o.plan.empty for o in done.values())
    assert looks == [True, True]
    assert [len(reads_of_all(run)) for run in first.full + second.full] == [2, 0]


def test_reads_older_than_a_sweep_trusts_are_read_again(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another worker's reads are used while they are younger than ``SWEEP_SECONDS``."""
    monkeypatch.setattr(worker, "SWEEP", 1)
    fresh = []
    for age in (3600.0, 3600.0, 0.0):  # none yet; an hour is young enough; no time is not
        monkeypatch.setattr(worker, "SWEEP_SECONDS", age)
        queue(ctx, SLUGS)
        runs = Runs(cloud)
        done = worker.run_due(ctx, runs.new_one, new_sweep=runs.new_full)
        assert set(done) == set(SLUGS) and all(o.plan.empty for o in done.values())
        fresh.append(len(reads_of_all(runs.full[0])))
    assert fresh == [2, 0, 2]


def family_folder_reads(runs: Runs) -> list[str]:
    """The family folders (and subfolders) the runs read, without the listing of all."""
    return [path for run in runs.full + runs.one for method, path in run.client.counter.log
            if method == "PROPFIND" and not path.endswith("/files/admin/")]


def test_a_sweep_reads_only_the_family_folders_whose_etag_changed(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nextcloud changes a folder's etag whenever anything in it changes: one listing of
    all family folders tells which ones a sweep must read, and a file edited by hand is
    found in the one family where it was."""
    monkeypatch.setattr(worker, "SWEEP", 1)
    monkeypatch.setattr(worker, "SWEEP_SECONDS", 0.0)  # every sweep reads afresh

    def sweep() -> tuple[dict[str, reconcile.Outcome], list[str]]:
        queue(ctx, SLUGS)
        runs = Runs(cloud)
        done = worker.run_due(ctx, runs.new_one, new_sweep=runs.new_full)
        assert set(done) == set(SLUGS) and all(o.complete for o in done.values())
        return done, family_folder_reads(runs)

    first, read = sweep()  # the applies recorded each folder's etag as they found it
    assert all(o.plan.empty for o in first.values()) and read == []

    family = families.load_family(ctx, "jansen-b")
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    folder = f"{names.root(family.space)}/Psycho-educatie"
    path = next(e.path for e in client.files.propfind(folder) if not e.is_dir)
    client.files.put(path, b"door iemand anders veranderd")
    client.close()
    second, read = sweep()
    assert read and all(names.root(family.space) in p for p in read)
    assert [op.kind.name for op in second["jansen-b"].plan.ops] == ["ADOPT_EDIT"]
    assert second["jansen"].plan.empty and second["jansen-c"].plan.empty
    third, read = sweep()  # the run that adopted the edit wrote nothing: read once more
    assert all(o.plan.empty for o in third.values())
    assert read and all(names.root(family.space) in p for p in read)
    fourth, read = sweep()  # ... found as wanted, and its etag recorded so
    assert all(o.plan.empty for o in fourth.values()) and read == []


def test_an_edit_made_just_after_a_run_wrote_is_found_by_the_next_sweep(
        cloud: Cloud, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that wrote does not record its folders' etags from a listing after its
    writes: that listing could hold an edit made in between (by a member with an edit
    grant), and a sweep trusting it would never read that edit, which a later upload of
    the document would then overwrite."""
    monkeypatch.setattr(worker, "SWEEP", 1)
    monkeypatch.setattr(worker, "SWEEP_SECONDS", 0.0)
    family = families.load_family(ctx, "jansen")
    admin = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    folder = f"{names.root(family.space)}/Psycho-educatie"
    removed, edited = [e.path for e in admin.files.propfind(folder) if not e.is_dir][:2]
    admin.files.delete(removed)  # the next apply uploads it again: a write
    run = reconcile.Run(Nextcloud(NextcloudConfig(cloud.url, "admin", "admin")))
    listing = run.client.files.propfind
    made: list[str] = []

    def edit_after_the_writes(path: str) -> list[Entry]:
        if run.client.counter.writes and not made:  # someone edits, just after the upload
            made.append(path)
            admin.files.put(edited, b"net na de upload door iemand veranderd")
        return listing(path)

    run.client.files.propfind = edit_after_the_writes  # type: ignore[method-assign]
    outcome = reconcile.apply_family(ctx, run, "jansen")
    assert outcome.complete and "UPLOAD" in [op.kind.name for op in outcome.plan.ops]
    run.client.close()
    if not made:  # the run read nothing after its writes: the edit comes right after it
        admin.files.put(edited, b"net na de upload door iemand veranderd")
    admin.close()

    queue(ctx, SLUGS)
    runs = Runs(cloud)
    done = worker.run_due(ctx, runs.new_one, new_sweep=runs.new_full)
    assert [op.kind.name for op in done["jansen"].plan.ops] == ["ADOPT_EDIT"]

