"""Many processes, one truth (PostgreSQL): 20 people switch sharing on and off through the
API for 30 seconds while ``zolicht apply --all`` runs over and over in another process.

No answer is a 5xx, the audit chain verifies, no family is worked on by two processes at
once (no share, group or form twice), and afterwards every member of every family reads
exactly what the consent rules allow, read as that member over WebDAV.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLE
from tests.devcloud.conftest import Cloud, serve
from zolicht import reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.domain.visibility import readers
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.services import audit, transfer
from zolicht.services import family as families
from zolicht.store import Store
from zolicht.store.forms import FormRecords
from zolicht.web.app import create_app
from zolicht.web.server import running
from zolicht.web.site import Site, WebSettings

pytestmark = pytest.mark.postgres

FAMILIES = 5
MEMBERS = ("kevin", "oma-ria", "joost", "ans")
"""Four network members per family: 20 clients, each switching one member's access to a
document about the mother, whose yes alone decides."""
DOCUMENT = "energie"
SECONDS = float(os.environ.get("ZOLICHT_CONCURRENCY_SECONDS", "30"))
SECRET = "concurrency-secret"


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    yield from serve(tmp_path / "devcloud")


def slugs() -> list[str]:
    return [f"gezin{n}" for n in range(FAMILIES)]


def import_all(ctx: Context) -> None:
    for slug in slugs():
        text = EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}").replace(
            "nextcloud_user: lotte.visser", f"nextcloud_user: lotte-{slug}")
        transfer.import_family(ctx, text, EXAMPLE.parent)


def as_user(uid: str) -> dict[str, str]:
    """What AppAPI sends with a request of ``uid`` (zolicht runs as an external app)."""
    token = base64.b64encode(f"{uid}:{SECRET}".encode()).decode()
    return {"EX-APP-ID": "zolicht", "EX-APP-VERSION": "0.1.0",
            "AUTHORIZATION-APP-API": token}


def toggler(url: str, uid: str, slug: str, member: str, until: float,
            statuses: Counter[int], waiting: Counter[str]) -> None:
    """Switch ``member``'s access on and off until ``until``; count the answers' statuses,
    and per family the changes that were recorded but said to wait (not applied yet)."""
    with httpx.Client(base_url=url, headers=as_user(uid), timeout=60) as client:
        csrf = client.get("/api/v1/me").json()["csrf_token"]
        path = f"/api/v1/families/{slug}/consents/{DOCUMENT}/{member}"
        on = True
        while time.monotonic() < until:
            answer = client.request("PUT" if on else "DELETE", path,
                                    headers={"X-CSRF-Token": csrf})
            statuses[answer.status_code] += 1
            if answer.status_code == 200 and not answer.json()["applied"]:
                waiting[slug] += 1
            on = not on


def apply_loop(database: str, cloud: Cloud, until: float, runs: list[int]) -> None:
    env = {**os.environ, "ZOLICHT_DATABASE_URL": database,
           "ZOLICHT_NEXTCLOUD_URL": cloud.url, "ZOLICHT_NEXTCLOUD_USER": "admin",
           "ZOLICHT_NEXTCLOUD_APP_PASSWORD": "admin"}
    while time.monotonic() < until:
        done = subprocess.run([sys.executable, "-m", "zolicht.cli", "apply", "--all", "--yes"],
                              env=env, capture_output=True, text=True, timeout=300)
        runs.append(done.returncode)


def readable(cloud: Cloud, ctx: Context, slug: str) -> dict[str, set[str]]:
    family = families.load_family(ctx, slug)
    names = {d.file_name for d in family.documents}
    seen: dict[str, set[str]] = {}
    with cloud.client() as admin:
        for person in family.people:
            password = f"pw-{person.uid}-concurrency"
            if admin.put(f"/ocs/v2.php/cloud/users/{person.uid}",
                         data={"key": "password", "value": password}).status_code != 200:
                seen[person.key] = set()
                continue
            with httpx.Client(base_url=cloud.url, auth=(person.uid, password)) as member:
                listing = member.request("PROPFIND", f"/remote.php/dav/files/{person.uid}/",
                                         headers={"Depth": "1"}).text
            seen[person.key] = {n for n in names if f"/{n}</d:href>" in listing}
    return seen


def allowed(ctx: Context, slug: str) -> dict[str, set[str]]:
    family = families.load_family(ctx, slug)
    seen = readers(family, ctx.today())
    names = {d.key: d.file_name for d in family.documents}
    return {p.key: {names[d] for d, who in seen.items() if p.key in who}
            if (p.email or p.nextcloud_user) and p.circle.value != "professional" else set()
            for p in family.people}


def assert_nothing_twice(cloud: Cloud, ctx: Context) -> None:
    """No share twice, and every form in Nextcloud is one a family records (no copies)."""
    with cloud.client() as admin:
        shares = admin.get("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json"
                           "&reshares=true").json()["ocs"]["data"]
        forms = admin.get("/ocs/v2.php/apps/forms/api/v3/forms?type=owned&format=json"
                          ).json()["ocs"]["data"]
    made = Counter((s["path"], s["share_with"]) for s in shares)
    assert all(n == 1 for n in made.values()), made.most_common(3)
    recorded = Counter[int]()
    with ctx.store.reading() as tx:
        for slug in slugs():
            recorded.update(f.id for f in FormRecords(tx.families.conn, slug).forms().values())
    assert sorted(f["id"] for f in forms) == sorted(recorded)


def story(ctx: Context, slug: str) -> str:
    """The family's latest audit events and its pending work, for a failure's message."""
    with ctx.store.reading() as tx:
        events = tx.audit.events(slug)[-16:]
        pending = tx.pending.of(slug)
    lines = [f"{e.event.at:%H:%M:%S.%f} {e.event.actor} {e.event.action} "
             f"{e.event.document or ''} {e.event.member or ''}" for e in events]
    return "\n".join([*lines, f"pending: {pending}"])


@pytest.fixture
def store(pg_schema_url: str) -> Iterator[Store]:
    store = Store(pg_schema_url)
    yield store
    store.close()


@pytest.fixture
def client(cloud: Cloud) -> Iterator[Nextcloud]:
    client = Nextcloud(NextcloudConfig(cloud.url, "admin", "admin"))
    yield client
    client.close()


def test_toggles_through_the_api_during_apply_all_in_another_process(
        cloud: Cloud, pg_schema_url: str, store: Store, client: Nextcloud) -> None:
    ctx = Context(store, SystemClock(), "test:operator")
    import_all(ctx)
    run = reconcile.Run(client)
    for slug in slugs():
        assert reconcile.apply_family(ctx, run, slug).complete
    site = Site(WebSettings(pg_schema_url, NextcloudConfig(cloud.url, "admin", "admin"),
                            app_secret=SECRET))
    statuses: Counter[int] = Counter()
    waiting: Counter[str] = Counter()
    runs: list[int] = []
    with running(create_app(site)) as url:
        until = time.monotonic() + SECONDS
        threads = [threading.Thread(target=apply_loop, args=(pg_schema_url, cloud, until,
                                                             runs))]
        for slug in slugs():
            petra = families.load_family(ctx, slug).person("petra")
            assert petra is not None
            threads += [threading.Thread(target=toggler, args=(url, petra.uid, slug, member,
                                                               until, statuses, waiting))
                        for member in MEMBERS]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=SECONDS + 300)
        finally:
            site.close()
    assert sum(statuses.values()) > 20 and set(statuses) == {200}, statuses
    assert runs and set(runs) == {0}, runs
    for slug in slugs():
        # whatever the last toggle was, one more apply settles nothing new, unless the
        # family is queued (a change was said to wait; a worker does it once due)
        with store.reading() as tx:
            queued = tx.pending.of(slug) is not None
        before = story(ctx, slug)
        outcome = reconcile.apply_family(ctx, reconcile.Run(client), slug)
        assert outcome.complete and (outcome.plan.empty or queued), \
            f"{outcome.plan}\n{before}\nsaid to wait: {dict(waiting)}"
        assert reconcile.apply_family(ctx, reconcile.Run(client), slug).plan.empty
    problems, _head = audit.verify(ctx)
    assert problems == []
    assert_nothing_twice(cloud, ctx)
    for slug in slugs():
        seen, wanted = readable(cloud, ctx, slug), allowed(ctx, slug)
        assert {k: v for k, v in seen.items() if k != "lotte"} == \
            {k: v for k, v in wanted.items() if k != "lotte"}, slug
