"""A family's lock is a lease: a holder that stalls past it (a slow Nextcloud, a paused
process) is overtaken by another process, and both may write to Nextcloud at once, the
stalled one from an older record. Nothing it wrote may outlive the family's wishes: it
finds out at the latest when it lets go of the lock, and queues the family's apply again;
and a request made while an apply is under way is never swallowed by that apply."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, NOW
from tests.devcloud.conftest import Cloud, serve
from tests.integration.test_concurrency import readable
from zolicht import reconcile
from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.nextcloud import Nextcloud, NextcloudConfig, Unreachable
from zolicht.reconcile import worker
from zolicht.reconcile.execute import HANDLERS
from zolicht.reconcile.ops import AddToGroup
from zolicht.services import transfer
from zolicht.services.decisions import State, decide
from zolicht.store import Store, work

DOCUMENT, MEMBER, FILE = "energie", "joost", "minder-energie.md"


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    yield from serve(tmp_path / "devcloud")


@pytest.fixture
def run_of(cloud: Cloud) -> Iterator[Callable[[], reconcile.Run]]:
    """One-family runs, each with a session of its own (closed after the test)."""
    made: list[reconcile.Run] = []

    def new() -> reconcile.Run:
        made.append(reconcile.Run(Nextcloud(NextcloudConfig(cloud.url, "admin", "admin")),
                                  per_family=True))
        return made[-1]

    yield new
    for run in made:
        run.client.close()


@pytest.fixture
def jansen(tmp_path: Path, run_of: Callable[[], reconcile.Run]) -> Iterator[Context]:
    store = Store(f"sqlite:///{tmp_path / 'zolicht.sqlite3'}")
    ctx = Context(store, FixedClock(NOW), "test:operator")
    transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    assert reconcile.apply_family(ctx, run_of(), "jansen").complete
    yield ctx
    store.close()


def test_what_a_stalled_apply_wrote_after_losing_the_lock_is_undone_by_the_next_run(
        jansen: Context, cloud: Cloud, run_of: Callable[[], reconcile.Run],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(work, "LEASE", timedelta(seconds=0.4))
    assert FILE not in readable(cloud, jansen, "jansen")[MEMBER]
    decide(jansen, None, "jansen", DOCUMENT, MEMBER, "petra", True)  # recorded, not applied
    stalled, go = threading.Event(), threading.Event()
    join = HANDLERS[AddToGroup]

    def stalling(step: Any, op: AddToGroup) -> Any:
        """The member's first join to the document's group waits, after its holder
        planned it, until told to go on."""
        if op.document == DOCUMENT and not stalled.is_set():
            stalled.set()
            go.wait(30)
        return join(step, op)

    monkeypatch.setitem(HANDLERS, AddToGroup, stalling)
    errors: list[BaseException] = []

    def first() -> None:
        try:
            reconcile.apply_family(jansen, run_of(), "jansen")
        except work.Busy as error:  # it finds out, at its next renewal
            errors.append(error)

    thread = threading.Thread(target=first)
    thread.start()
    assert stalled.wait(30)
    decide(jansen, None, "jansen", DOCUMENT, MEMBER, "petra", False)  # the stop
    second = reconcile.apply_family(jansen, run_of(), "jansen", wait=30)  # takes over
    assert second.complete
    go.set()
    thread.join(30)
    assert errors and not thread.is_alive()
    assert FILE in readable(cloud, jansen, "jansen")[MEMBER]  # the stalled join landed late
    with jansen.store.reading() as tx:
        assert tx.jobs.count() == 1  # and the family is queued again
    worker.run_due(jansen, run_of)
    assert FILE not in readable(cloud, jansen, "jansen")[MEMBER]
    with jansen.store.reading() as tx:
        assert tx.jobs.count() == 0


def test_an_apply_asked_for_during_a_run_is_kept_after_the_run(
        jansen: Context, run_of: Callable[[], reconcile.Run]) -> None:
    with jansen.store.transaction() as tx:
        tx.jobs.apply("jansen", NOW)
        job = tx.jobs.claim(NOW, "worker")
        assert job is not None
    started, go = threading.Event(), threading.Event()
    outcome: list[reconcile.Outcome] = []

    def apply() -> None:
        run = run_of()
        # the run reads the family (and its job's count), then a request comes
        original = run.client.files.propfind

        def propfind(*args: Any, **kwargs: Any) -> Any:
            started.set()
            go.wait(30)
            return original(*args, **kwargs)

        run.client.files.propfind = propfind  # type: ignore[method-assign]
        outcome.append(reconcile.apply_family(jansen, run, "jansen"))

    thread = threading.Thread(target=apply)
    thread.start()
    assert started.wait(30)
    with jansen.store.transaction() as tx:  # e.g. the share watch found something
        tx.jobs.apply("jansen", NOW)
    go.set()
    thread.join(30)
    assert outcome and outcome[0].complete
    with jansen.store.transaction() as tx:
        tx.jobs.done(job)  # the worker that held the job is done with it
    with jansen.store.transaction() as tx:
        again = tx.jobs.claim(NOW, "next")
        assert again is not None and again.slug == "jansen"  # due now, free for any worker
        tx.jobs.done(again)
        assert tx.jobs.count() == 0


def test_a_decision_whose_family_stays_locked_too_long_is_queued_not_forgotten(
        jansen: Context, cloud: Cloud, run_of: Callable[[], reconcile.Run]) -> None:
    decide(jansen, None, "jansen", DOCUMENT, MEMBER, "petra", True)  # recorded, not applied
    with work.family_lock(jansen.store, "jansen"):  # another process, holding on
        with pytest.raises(work.Busy):
            reconcile.apply_after(jansen, run_of(), "jansen", (DOCUMENT, MEMBER), wait=0.2)
        with jansen.store.reading() as tx:
            assert tx.jobs.count() == 1
    assert FILE not in readable(cloud, jansen, "jansen")[MEMBER]
    worker.run_due(jansen, run_of)
    assert FILE in readable(cloud, jansen, "jansen")[MEMBER]


def test_a_decision_is_kept_waiting_when_nextcloud_does_not_answer_its_version(
        jansen: Context, cloud: Cloud, run_of: Callable[[], reconcile.Run]) -> None:
    run = run_of()

    def away() -> Any:
        raise Unreachable("GET", "/status.php", "no answer")

    run.client.version = away  # type: ignore[method-assign]
    decided = decide(jansen, lambda: nullcontext(run), "jansen", DOCUMENT, MEMBER, "petra",
                     True)
    assert decided.applied.state is State.UNREACHABLE
    with jansen.store.reading() as tx:
        pending = tx.pending.of("jansen")
    assert pending is not None and pending.reason == "unreachable"
    assert FILE not in readable(cloud, jansen, "jansen")[MEMBER]
    assert reconcile.apply_family(jansen, run_of(), "jansen").complete  # once it answers
    assert FILE in readable(cloud, jansen, "jansen")[MEMBER]
