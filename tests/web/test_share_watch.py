"""Shares nobody chose, gone within seconds on a Nextcloud that sends no webhooks for shares
(32): one process at a time lists every share on the service account's files every few
seconds and has each family with a share zolicht did not make applied. Read back as the
person the share was for, through WebDAV; nobody runs apply."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import cast

import pytest
from sqlalchemy import update

from tests.web.conftest import Web
from tests.web.test_webhooks import UITLEG, owner_share, readable, wait_until
from zolicht import reconcile
from zolicht.nextcloud import Nextcloud
from zolicht.reconcile import watch, worker
from zolicht.store.tables import jobs
from zolicht.store.work import TURN
from zolicht.web.site import Site


@pytest.fixture
def watching(web: Web) -> Iterator[Site]:
    """A second web process of the same site that looks for shares twice a second."""
    site = Site(replace(web.site.settings, share_watch=0.5), web.world.ctx.clock)
    yield site
    site.close()


def hand_made_share(web: Web) -> tuple[str, str]:
    """A share of a family document with an outsider, made by hand in Nextcloud; (the
    outsider, the file's name), the share working."""
    stranger = web.world.stranger()
    name = web.world.family().document(UITLEG).file_name  # type: ignore[union-attr]
    owner_share(web, UITLEG, stranger)
    assert readable(web, stranger, name)
    return stranger, name


def test_the_web_process_takes_a_hand_made_share_away_within_seconds(
        web: Web, watching: Site) -> None:
    stranger, name = hand_made_share(web)
    assert wait_until(lambda: not readable(web, stranger, name), 5.0) is not None
    assert not [s for s in web.world.shares() if s.get("share_with") == stranger]
    assert readable(web, web.uid("oma-ria"), name) is False  # nobody else got it either


def test_a_watching_worker_does_the_same(web: Web) -> None:
    def new_run() -> reconcile.Run:
        return web.world.run(client=web.world.client(), per_family=True, checked_version=True)

    stop = threading.Event()
    working = threading.Thread(target=worker.work, args=(web.world.ctx, new_run, stop),
                               kwargs={"interval": 5.0, "watch_every": 0.5}, daemon=True)
    working.start()
    try:
        stranger, name = hand_made_share(web)
        assert wait_until(lambda: not readable(web, stranger, name), 5.0) is not None
    finally:
        stop.set()
        working.join(timeout=30)


def test_one_process_at_a_time_has_the_turn(web: Web) -> None:
    store, every = web.world.ctx.store, timedelta(seconds=30)
    with store.transaction() as tx:
        assert tx.jobs.take_turn("test", "first", every)
    with store.transaction() as tx:
        assert not tx.jobs.take_turn("test", "second", every)
        assert tx.jobs.count() == 0  # a turn is no work
    with store.transaction() as tx:  # a turn of no length is over at once
        assert tx.jobs.take_turn("other", "second", timedelta(0))
    with store.transaction() as tx:
        assert tx.jobs.take_turn("other", "third", every)


class SlowShares:
    """A client whose listing of every share takes ``seconds`` on the watcher's clock."""

    def __init__(self, clock: list[float], seconds: float) -> None:
        self.clock, self.seconds = clock, seconds
        self.shares = self

    def all(self) -> list[object]:
        self.clock[0] += self.seconds
        return []


def test_a_slow_look_spaces_the_next_for_every_process(web: Web) -> None:
    """A look that took 3 s (at 10,000 families, listing every share does) makes the next
    come 15 s later, and no other process looks meanwhile; quick looks keep the interval."""
    clock = [0.0]
    ctx = web.world.ctx
    first = watch.Watcher(2.0, clock=lambda: clock[0])
    assert first.look(ctx, cast(Nextcloud, SlowShares(clock, 0.1))) == set()
    assert first.interval == 2.0
    with ctx.store.engine.begin() as conn:  # two seconds later: the quick look's turn is over
        conn.execute(update(jobs).where(jobs.c.key == f"{TURN}:{watch.TASK}")
                     .values(lease_until=None))
    assert first.look(ctx, cast(Nextcloud, SlowShares(clock, 3.0))) == set()
    assert first.interval == pytest.approx(15.0)
    other = watch.Watcher(2.0, clock=lambda: clock[0])
    assert other.look(ctx, cast(Nextcloud, SlowShares(clock, 0.1))) is None
