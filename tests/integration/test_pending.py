"""Nextcloud's share rate limit on a development Nextcloud: what it cannot take yet waits
as pending work, memberships (a yes or a stop) never wait, nothing is claimed before it is
true, and the worker finishes the rest by itself once its time has come.

The limit is played at the transport (a requests adapter answering 429 with an empty body,
as Nextcloud does past 20 new shares per 10 minutes), so the test does not depend on the
development Nextcloud's own limit settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.conftest import EXAMPLE, NOW
from tests.devcloud.conftest import Cloud, serve
from zolicht import reconcile
from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.domain.model import Family
from zolicht.domain.visibility import readers
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile import worker
from zolicht.reconcile.ops import Kind
from zolicht.services import family as families
from zolicht.services import grants, transfer
from zolicht.store import Store
from zolicht.store.work import PendingWork

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"


class ShareLimit(HTTPAdapter):
    """Lets ``allowed`` new shares through, then answers 429 without a body."""

    def __init__(self, allowed: int) -> None:
        super().__init__()
        self.allowed = allowed

    def send(self, request: requests.PreparedRequest, *args: object,  # type: ignore[override]
             **kwargs: object) -> requests.Response:
        if request.method == "POST" and (request.path_url or "").startswith(SHARES):
            if self.allowed == 0:
                refused = requests.Response()
                refused.status_code, refused._content = 429, b""
                refused.request, refused.url = request, request.url or ""
                return refused
            self.allowed -= 1
        return super().send(request, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    yield from serve(tmp_path / "devcloud")


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    store = Store(f"sqlite:///{tmp_path / 'zolicht.sqlite3'}")
    context = Context(store, FixedClock(NOW), "test:operator")
    transfer.import_family(context, EXAMPLE.read_text(), EXAMPLE.parent)
    yield context
    store.close()


Connect = Callable[..., Nextcloud]


@pytest.fixture
def client(cloud: Cloud) -> Iterator[Connect]:
    """Clients of the development Nextcloud as admin, optionally share-limited; all are
    closed after the test."""
    made: list[Nextcloud] = []

    def connect(allowed: int | None = None) -> Nextcloud:
        session = requests.Session()
        if allowed is not None:
            session.mount("http://", ShareLimit(allowed))
        made.append(Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"), session))
        return made[-1]

    yield connect
    for nextcloud in made:
        nextcloud.close()


def readable(cloud: Cloud, ctx: Context) -> dict[str, set[str]]:
    """Per person with an account, the family's file names they read, as themselves."""
    family = jansen(ctx)
    names = {d.file_name for d in family.documents}
    seen = {}
    with httpx.Client(base_url=cloud.url, auth=("admin", "admin"),
                      headers={"OCS-APIRequest": "true"}) as admin:
        for person in family.people:
            password = f"pw-{person.uid}-for-tests"
            set_it = admin.put(f"/ocs/v2.php/cloud/users/{person.uid}",
                               data={"key": "password", "value": password})
            if set_it.status_code != 200:
                continue
            with httpx.Client(base_url=cloud.url, auth=(person.uid, password)) as member:
                listing = walk(member, f"/remote.php/dav/files/{person.uid}/")
            seen[person.key] = {n for n in names if any(h.endswith(f"/{n}") for h in listing)}
    return seen


def walk(member: httpx.Client, folder: str, depth: int = 3) -> list[str]:
    """Every href below ``folder`` (a shared folder is walked into), as the member."""
    answer = member.request("PROPFIND", folder, headers={"Depth": "1"}).text
    hrefs = [h.split("</d:href>")[0] for h in answer.split("<d:href>")[2:]]
    below = [h for h in hrefs if h.endswith("/") and depth > 1]
    return hrefs + [h for sub in below for h in walk(member, sub, depth - 1)]


def allowed(ctx: Context) -> dict[str, set[str]]:
    family = jansen(ctx)
    seen = readers(family, ctx.today())
    names = {d.key: d.file_name for d in family.documents}
    return {p.key: {names[d] for d, who in seen.items() if p.key in who}
            for p in family.people}


def jansen(ctx: Context) -> Family:
    return families.load_family(ctx, "jansen")


def test_rate_limited_shares_wait_memberships_do_not_and_the_worker_finishes(
        cloud: Cloud, ctx: Context, client: Connect) -> None:
    limited = client(allowed=3)
    first = reconcile.apply_family(ctx, reconcile.Run(limited), "jansen")
    assert first.deferred and first.failure is None and not first.complete
    assert {op.kind for op in first.deferred} == {Kind.CREATE_SHARE}
    assert not any(op.kind is Kind.ADD_TO_GROUP for op in first.undone())
    with ctx.store.reading() as tx:
        pending = PendingWork(tx.families.conn).of("jansen")
    assert pending is not None and pending.reason == "rate_limited"
    assert pending.not_before == NOW + reconcile.RETRY
    seen, wanted = readable(cloud, ctx), allowed(ctx)
    assert all(seen[key] <= wanted[key] for key in seen)  # never more than allowed
    assert seen != {key: wanted[key] for key in seen}  # and not yet everything

    assert worker.run_due(ctx, lambda: reconcile.Run(client())) == {}  # not yet due
    ctx.clock.moment = NOW + reconcile.RETRY + timedelta(seconds=1)  # type: ignore[attr-defined]
    done = worker.run_due(ctx, lambda: reconcile.Run(client()))
    assert done["jansen"].complete
    with ctx.store.reading() as tx:
        assert PendingWork(tx.families.conn).of("jansen") is None
    seen = readable(cloud, ctx)
    assert seen == {key: wanted[key] for key in seen}


def test_a_yes_while_shares_are_rate_limited_is_a_membership_and_takes_effect(
        cloud: Cloud, ctx: Context, client: Connect) -> None:
    reconcile.apply_family(ctx, reconcile.Run(client()), "jansen")
    grants.grant(ctx, "jansen", "prikkels", "kevin", by="petra")
    exhausted = client(allowed=0)
    outcome = reconcile.apply_after(ctx, reconcile.Run(exhausted, per_family=True), "jansen",
                                    ("prikkels", "kevin"))
    assert outcome.complete and not outcome.waiting_for("prikkels")
    assert [op.kind for op in outcome.plan.ops] == [Kind.ADD_TO_GROUP]
    assert exhausted.counter.writes == 1
    assert "drukte-en-prikkels.md" in readable(cloud, ctx)["kevin"]
