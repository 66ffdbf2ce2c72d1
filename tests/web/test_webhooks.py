"""Nextcloud's webhooks (``webhook_listeners``): zolicht registers them once, refuses calls
without its secret, ignores events outside the family folders, and re-checks the family an
event is about at once: a hand-made share is gone within seconds and a member's edit is
taken into the record, without anyone running apply."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import cli_uses
from tests.e2e.harness import devcloud_only
from tests.web.conftest import Web
from zolicht.nextcloud.webhooks import (
    FINGERPRINT_HEADER,
    NODE_WRITTEN,
    SECRET_HEADER,
    SHARE_CREATED,
    SHARE_DELETED,
    SHARE_UPDATED,
)
from zolicht.reconcile.desired import file_path
from zolicht.reconcile.ops import Kind
from zolicht.services import webhooks
from zolicht.web.app import create_app
from zolicht.web.server import running
from zolicht.web.site import Site

KEY = "k" * 40
SHARES = (SHARE_CREATED, SHARE_UPDATED, SHARE_DELETED)
UITLEG = "geldzaken"  # a document to share by hand


def wait_until(check: Callable[[], bool], seconds: float) -> float | None:
    """How long until ``check`` held (polled), or None if it did not within ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


@pytest.fixture
def hooked(web: Web) -> Iterator[Web]:
    """The web app with a webhook secret and its address, its webhooks registered."""
    web.site.settings.webhook_secret = KEY
    web.site.settings.public_url = web.url
    yield web


def owner_share(web: Web, document: str, uid: str) -> str:
    """The service account shares one family document with ``uid`` by hand; the share id."""
    family = web.world.family()
    doc = family.document(document)
    assert doc is not None
    share = web.world.cloud.ocs("POST", "/apps/files_sharing/api/v1/shares",
                                web.world.owner().auth,
                                data={"path": "/" + file_path(family, doc), "shareType": 0,
                                      "shareWith": uid, "permissions": 1})
    return str(share["id"])


def readable(web: Web, uid: str, name: str) -> bool:
    return web.world.read(uid, name) == 200


@devcloud_only
def test_a_hand_made_share_is_gone_within_seconds_without_an_apply(hooked: Web) -> None:
    hooked.devcloud.settings.webhook_share_events = True  # a server that offers them
    ensured = hooked.site.register_webhooks()
    assert ensured is not None and set(ensured.made) == {NODE_WRITTEN, *SHARES}
    stranger = hooked.world.stranger()
    name = hooked.world.family().document(UITLEG).file_name  # type: ignore[union-attr]
    owner_share(hooked, UITLEG, stranger)
    shared_at = time.monotonic()
    assert readable(hooked, stranger, name)  # the share works, until zolicht notices it

    gone = wait_until(lambda: not readable(hooked, stranger, name), 5.0)
    assert gone is not None, "the hand-made share was still there after 5 s"
    assert time.monotonic() - shared_at < 6
    assert not [s for s in hooked.world.shares() if s.get("share_with") == stranger]
    delivered = [d for d in hooked.devcloud.webhooks.deliveries if d.status == 202]
    assert delivered, hooked.devcloud.webhooks.deliveries


@devcloud_only
def test_nextcloud_32_offers_no_share_events_and_registering_twice_changes_nothing(
        hooked: Web) -> None:
    first = hooked.site.register_webhooks()
    assert first is not None
    assert first.made == (NODE_WRITTEN,) and set(first.not_offered) == set(SHARES)
    second = hooked.site.register_webhooks()
    assert second is not None
    assert second.made == () and second.kept == (NODE_WRITTEN,)
    rows = hooked.world.cloud.ocs("GET", "/apps/webhook_listeners/api/v1/webhooks",
                                  hooked.world.owner().auth,
                                  params={"uri": hooked.url + webhooks.PATH})
    assert [r["event"] for r in rows] == [NODE_WRITTEN]
    assert rows[0]["authMethod"] == "header" and KEY not in json.dumps(rows)
    assert rows[0]["headers"] == {FINGERPRINT_HEADER: rows[0]["headers"][FINGERPRINT_HEADER]}
    # a new secret replaces the registration, it does not add one
    hooked.site.settings.webhook_secret = "n" * 40
    third = hooked.site.register_webhooks()
    assert third is not None and third.made == (NODE_WRITTEN,)
    again = hooked.world.cloud.ocs("GET", "/apps/webhook_listeners/api/v1/webhooks",
                                   hooked.world.owner().auth,
                                   params={"uri": hooked.url + webhooks.PATH})
    assert [r["id"] for r in again] == [rows[0]["id"]]


@devcloud_only
def test_an_edit_through_an_edit_grant_is_taken_into_the_record_at_once(hooked: Web) -> None:
    assert hooked.site.register_webhooks() is not None
    world = hooked.world
    oma = world.uid("oma-ria")
    auth = world.auth(oma)
    assert auth is not None
    path = next(p for p, d in world.reach(oma).items() if d.document == "energie")
    edited = b"# Als mama minder energie heeft\n\nOma Ria: ik kom op dinsdag.\n"
    answer = world.http.put(f"/remote.php/dav/files/{quote(oma)}/{quote(path)}",
                            content=edited, auth=auth)
    assert answer.status_code in (201, 204), answer.text
    after = hashlib.sha256(edited).hexdigest()

    def recorded() -> bool:
        return any(d.key == "energie" and d.sha256 == after for d in world.family().documents)

    assert wait_until(recorded, 5.0) is not None
    assert Kind.ADOPT_EDIT not in {op.kind for op in world.plan().ops}


def call(web: Web, body: object, secret: str | None) -> httpx.Response:
    headers = {} if secret is None else {SECRET_HEADER: secret}
    return web.anonymous().post(webhooks.PATH, content=json.dumps(body).encode(),
                                headers={"Content-Type": "application/json", **headers})


def counting(web: Web, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    applied: list[str] = []
    original = web.site.apply

    def apply(slug: str, asking: object = ()) -> object:
        applied.append(slug)
        return original(slug)

    monkeypatch.setattr(web.site, "apply", apply)
    return applied


@devcloud_only
def test_a_call_without_the_secret_is_refused_and_changes_nothing(
        hooked: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    applied = counting(hooked, monkeypatch)
    stranger = hooked.world.stranger()
    name = hooked.world.family().document(UITLEG).file_name  # type: ignore[union-attr]
    owner_share(hooked, UITLEG, stranger)  # no webhook registered: nothing tells zolicht
    space = hooked.world.family().space
    event = {"event": {"class": SHARE_CREATED,
                       "node": {"id": 1, "path": f"/x/files/zl-{space}/{name}"}},
             "user": None, "time": 0}
    missing, wrong = call(hooked, event, None), call(hooked, event, "k" * 39 + "x")
    assert (missing.status_code, missing.content) == (401, b"")
    assert (wrong.status_code, wrong.content) == (403, b"")
    time.sleep(1.5)
    assert applied == [] and readable(hooked, stranger, name)
    # the same call with the secret: the family is checked, the share goes
    assert call(hooked, event, KEY).status_code == 202
    assert wait_until(lambda: not readable(hooked, stranger, name), 5.0) is not None
    assert applied == ["jansen"]


@devcloud_only
def test_events_outside_the_family_folders_and_malformed_bodies_do_nothing(
        hooked: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    applied = counting(hooked, monkeypatch)
    outside = {"event": {"class": NODE_WRITTEN,
                         "node": {"id": 987654, "path": "/lotte/files/Eigen map/zl-nietsxx/a"}},
               "user": {"uid": "lotte", "displayName": "Lotte"}, "time": 0}
    answers = [call(hooked, outside, KEY), call(hooked, "geen event", KEY),
               call(hooked, {"event": {"node": {"id": "1' OR 1=1", "path": 5}}}, KEY),
               call(hooked, {"event": {"node": {"id": True}}}, KEY)]
    raw = hooked.anonymous().post(webhooks.PATH, content=b"\xff{", headers={SECRET_HEADER: KEY})
    assert [a.status_code for a in [*answers, raw]] == [202] * 5
    assert {a.content for a in [*answers, raw]} == {b""}
    time.sleep(1.5)
    assert applied == []


@devcloud_only
def test_doctor_fix_registers_once_and_says_what_this_nextcloud_reports(
        hooked: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    cli_uses(hooked.world, monkeypatch)
    monkeypatch.setenv("ZOLICHT_PUBLIC_URL", hooked.url)
    before = run_cli("doctor")
    assert "nog niet direct aan zolicht: draai zolicht doctor --fix" in before.out
    for _ in range(2):
        fixed = run_cli("doctor", "--fix")
        assert f"webhooks naar {hooked.url}{webhooks.PATH}" in fixed.out, fixed.out
        assert "meldt nieuwe, gewijzigde of weggehaalde shares niet direct" in fixed.out
    rows = hooked.world.cloud.ocs("GET", "/apps/webhook_listeners/api/v1/webhooks",
                                  hooked.world.owner().auth)
    assert [r["event"] for r in rows] == [NODE_WRITTEN]
    # the web process derives the same secret from the same app password: it takes the calls
    key = webhooks.secret(hooked.world.owner().app_password)
    hooked.site.settings.webhook_secret = key
    assert call(hooked, {"event": {}}, key).status_code == 202


@devcloud_only
def test_the_external_apps_init_registers_for_itself_and_is_called_through_appapi(
        web: Web) -> None:
    """Registered with AppAPI, zolicht's ``/init`` registers its webhooks as the app, for its
    own path; Nextcloud then calls it through AppAPI, and the family is checked at once."""
    settings = replace(web.site.settings, app_secret="s3cret-app", webhook_secret=KEY,
                       public_url="")
    site = Site(settings, web.site.clock)
    try:
        with running(create_app(site)) as app_url:
            web.devcloud.settings.webhook_share_events = True
            web.devcloud.appapi.register("zolicht", app_url, "s3cret-app", "0.1.0", [])
            rows = web.world.cloud.ocs("GET", "/apps/webhook_listeners/api/v1/webhooks",
                                       web.world.owner().auth)
            assert {(r["appId"], r["uri"]) for r in rows} == {("zolicht", webhooks.PATH)}
            assert len(rows) == 4
            web.devcloud.appapi.register("zolicht", app_url, "s3cret-app", "0.1.0", [])
            assert len(web.world.cloud.ocs("GET", "/apps/webhook_listeners/api/v1/webhooks",
                                           web.world.owner().auth)) == 4
            stranger = web.world.stranger()
            name = web.world.family().document(UITLEG).file_name  # type: ignore[union-attr]
            owner_share(web, UITLEG, stranger)
            assert wait_until(lambda: not readable(web, stranger, name), 5.0) is not None
    finally:
        site.close()
