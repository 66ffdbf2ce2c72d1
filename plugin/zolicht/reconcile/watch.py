"""Shares nobody chose, noticed within seconds. Nextcloud 32 sends no webhooks for shares
(tests/contract/FINDINGS.md), so one process at a time asks it every few seconds for every
share on the service account's files (one request, ``reshares=true``: also those someone
else made of a family file) and has each family with a share zolicht did not make applied
at once, which takes the share away (see ``reconcile.plan``, drift).

A share zolicht made a moment ago but has not recorded yet only costs one apply that
finds nothing to do.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from zolicht.context import Context
from zolicht.domain.names import space_of
from zolicht.nextcloud import Nextcloud
from zolicht.nextcloud.shares import ShareInfo

TASK = "share-watch"
EVERY = 2.0
"""Seconds between two looks, unless set otherwise (``ZOLICHT_SHARE_WATCH_SECONDS``)."""


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
