"""Shares nobody chose, noticed within seconds. Nextcloud 32 sends no webhooks for shares
(tests/contract/FINDINGS.md), so one process at a time asks it every few seconds for every
share on the service account's files (one request, ``reshares=true``: also those someone
else made of a family file) and has each family with a share zolicht did not make applied
at once, which takes the share away (see ``reconcile.plan``, drift).

A share zolicht made a moment ago but has not recorded yet only costs one apply that
finds nothing to do. The listing grows with the installation (at 10,000 families some
240,000 shares, seconds to list): looks are spaced so that at most a fifth of the time goes
to looking (``Watcher``).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from zolicht.context import Context
from zolicht.domain.names import space_of
from zolicht.nextcloud import Nextcloud
from zolicht.nextcloud.shares import ShareInfo

TASK = "share-watch"
EVERY = 2.0
"""Seconds between two looks, unless set otherwise (``ZOLICHT_SHARE_WATCH_SECONDS``)."""
LOOKING = 0.2
"""The largest part of the time a process spends looking: after a look that took 3 s the
next comes 15 s later, for every process (the turn lasts that long)."""


def unexplained(ctx: Context, shares: Iterable[ShareInfo]) -> set[str]:
    """The families with a share in their folder that zolicht did not make."""
    found: set[str] = set()
    with ctx.store.reading() as tx:
        known = tx.families.known_shares()
        for share in shares:
            space = space_of(share.path) if share.id not in known else None
            slug = tx.families.by_space(space) if space else None
            if slug is not None:
                found.add(slug)
    return found


def look(ctx: Context, client: Nextcloud, every: float, owner: str = "") -> set[str] | None:
    """If it is this process's turn (none looked within ``every`` seconds): the families
    with a share nobody chose; None when another process has the turn."""
    with ctx.store.transaction() as tx:
        mine = tx.jobs.take_turn(TASK, owner or secrets.token_hex(8), timedelta(seconds=every))
    if not mine:
        return None
    return unexplained(ctx, client.shares.all())


class Watcher:
    """One process's looks (``look``), spaced by ``every`` seconds or, when a look takes
    longer than a fifth of that, by five times the last look's duration."""

    def __init__(self, every: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self.took = 0.0
        self.owner = secrets.token_hex(8)

    @property
    def interval(self) -> float:
        """Seconds until the next look."""
        return max(self.every, self.took / LOOKING)

    def look(self, ctx: Context, client: Nextcloud) -> set[str] | None:
        """``look`` with this process's turn lasting ``interval``; notes how long it took."""
        started = self.clock()
        found = look(ctx, client, self.interval, self.owner)
        if found is not None:
            self.took = self.clock() - started
        return found
