"""A hand-made share in a family folder: how long until it is gone, through Nextcloud's
webhooks, through zolicht's share watch, and through polling.

    python3 bench/webhook.py [--repeat 5] [--interval 10] [--delay 0.5] [--watch 2]

Against devcloud (in this process). The example family is applied; then, ``--repeat``
times each way, the service account shares one family document by hand with an account
outside the family, and the time runs until that account's own WebDAV read of the file
answers 404:

- webhook path: zolicht's web app with its webhooks registered (as ``zolicht doctor --fix``
  does) on a devcloud whose share events are webhook compatible (``webhook_share_events``;
  Nextcloud 32 refuses them, see tests/contract/FINDINGS.md) and whose background-job
  worker takes a job ``--delay`` seconds after the event; nothing else applies;
- share watch: no webhooks; a web process lists every share every ``--watch`` seconds and
  applies the family with one nobody chose (``reconcile.watch``: what works on Nextcloud 32);
- polling path: no webhooks; ``apply --all`` every ``--interval`` seconds (as cron would).

Prints each time, p50 and max per path.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx
from _devcloud import EXAMPLE

from zolicht import config, reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.devcloud.server import running as devcloud
from zolicht.devcloud.settings import for_tests
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile.desired import file_path
from zolicht.services import family as families
from zolicht.services import transfer
from zolicht.store import Store
from zolicht.web.app import create_app
from zolicht.web.server import running as web
from zolicht.web.site import Site, WebSettings

DOCUMENT = "geldzaken"
OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}
ADMIN = ("admin", "admin")
GIVE_UP = 120.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--interval", type=float, default=10.0,
                        help="seconds between two apply --all rounds (polling path)")
    parser.add_argument("--watch", type=float, default=2.0,
                        help="seconds between two looks at the shares (share watch)")
    parser.add_argument("--delay", type=float, default=0.5,
                        help="seconds from an event until devcloud's job runner sends it")
    args = parser.parse_args()
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        settings = for_tests()
        settings.webhook_delay = args.delay
        settings.webhook_share_events = True
        url, server = stack.enter_context(devcloud(scratch / "nextcloud", settings=settings))
        database = f"sqlite:///{scratch / 'zolicht.sqlite3'}"
        store = Store(database)
        stack.callback(store.close)
        ctx = Context(store, SystemClock(), "bench")
        transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
        accepted = config.load().accepted_advisories
        client = Nextcloud(NextcloudConfig(url, *ADMIN))
        stack.callback(client.close)
        outcome = reconcile.apply_family(ctx, reconcile.Run(client, accepted_advisories=accepted),
                                         "jansen")
        print(f"example family applied: {outcome.done} operations, complete: {outcome.complete}")
        family = families.load_family(ctx, "jansen")
        document = family.document(DOCUMENT)
        assert document is not None
        path, name = "/" + file_path(family, document), document.file_name
        http = stack.enter_context(httpx.Client(base_url=url, headers=OCS, timeout=60))
        stranger = account(http, f"buiten-{secrets.token_hex(3)}")

        def hand_made_share() -> float:
            answer = http.post("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json",
                               auth=ADMIN, data={"path": path, "shareType": 0,
                                                 "shareWith": stranger[0], "permissions": 1})
            assert answer.status_code == 200, answer.text
            started = time.monotonic()
            assert reads(http, stranger, name) == 200
            return started

        site = Site(WebSettings(database, NextcloudConfig(url, *ADMIN),
                                accepted_advisories=accepted, webhook_secret=secrets.token_hex(20)))
        stack.callback(site.close)
        app_url = stack.enter_context(web(create_app(site)))
        site.settings.public_url = app_url
        ensured = site.register_webhooks()
        assert ensured is not None, "webhooks not registered"
        hooked = measure("webhook", args.repeat, hand_made_share,
                         lambda: reads(http, stranger, name) == 404)
        for row in http.get("/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks?format=json",
                            auth=ADMIN).json()["ocs"]["data"]:
            http.delete(f"/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks/{row['id']}",
                        auth=ADMIN)
        watcher = Site(WebSettings(database, NextcloudConfig(url, *ADMIN),
                                   accepted_advisories=accepted, share_watch=args.watch))
        watched = measure(f"share watch every {args.watch:g} s", args.repeat, hand_made_share,
                          lambda: reads(http, stranger, name) == 404)
        watcher.close()
        stop = threading.Event()
        poller = threading.Thread(target=poll, args=(ctx, url, accepted, args.interval, stop),
                                  daemon=True)
        poller.start()
        polled = measure(f"polling every {args.interval:g} s", args.repeat, hand_made_share,
                         lambda: reads(http, stranger, name) == 404)
        stop.set()
        poller.join(timeout=GIVE_UP)
        print(f"\ndevcloud job runner delay {args.delay:g} s; requests answered by zolicht's "
              f"webhook route: {sum(1 for d in server.webhooks.deliveries if d.status == 202)}")
        for label, times in (("webhook", hooked), ("watch", watched), ("polling", polled)):
            print(f"{label:8} p50 {statistics.median(times):6.2f} s   max {max(times):6.2f} s   "
                  f"(n={len(times)})")


def account(http: httpx.Client, uid: str) -> tuple[str, str]:
    password = f"Bench-{uid}-pw-9x"
    made = http.post("/ocs/v2.php/cloud/users", auth=ADMIN,
                     data={"userid": uid, "password": password})
    assert made.status_code == 200, made.text
    return uid, password


def reads(http: httpx.Client, who: tuple[str, str], name: str) -> int:
    answer = http.get(f"/remote.php/dav/files/{who[0]}/{name}", auth=who)
    http.cookies.clear()
    return answer.status_code


def measure(label: str, repeat: int, share: Callable[[], float],
            gone: Callable[[], bool]) -> list[float]:
    times = []
    for n in range(repeat):
        started = share()
        while not gone():
            if time.monotonic() - started > GIVE_UP:
                raise SystemExit(f"{label}: the share was still there after {GIVE_UP:g} s")
            time.sleep(0.05)
        times.append(time.monotonic() - started)
        print(f"{label} #{n + 1}: gone after {times[-1]:.2f} s")
    return times


def poll(ctx: Context, url: str, accepted: frozenset[str], interval: float,
         stop: threading.Event) -> None:
    """``zolicht apply --all`` every ``interval`` seconds, as cron would run it."""
    client = Nextcloud(NextcloudConfig(url, *ADMIN))
    try:
        while not stop.wait(interval):
            for summary in families.list_families(ctx):
                reconcile.apply_family(ctx, reconcile.Run(client, per_family=True,
                                                          accepted_advisories=accepted),
                                       summary.slug)
    finally:
        client.close()


if __name__ == "__main__":
    main()
