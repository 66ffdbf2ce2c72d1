"""A family's yes and stop, many times over, against Nextcloud's share rate limit.

    python3 bench/toggles.py [--toggles 60] [--minutes 10]

Against devcloud by default; against any Nextcloud with ZOLICHT_BENCH_NEXTCLOUD_URL,
ZOLICHT_BENCH_USER and ZOLICHT_BENCH_APP_PASSWORD (a service account with admin rights)
and ZOLICHT_BENCH_ADMIN / ZOLICHT_BENCH_ADMIN_PASSWORD (to give the member a password).

Set ZOLICHT_ACCEPT_ADVISORIES to measure a server with known advisories. The example
family is applied from empty; then the mother lets a network member see a
document and stops again, ``--toggles`` times, each decision applied the way the CLI and
the pages do (``apply_after``). A toggle counts from recording the decision until the
member's own WebDAV read of the file (a client that keeps no cookies) gives the new answer
(200 after a yes, 404 after a stop). Nextcloud allows one account 20 new shares per 10
minutes; three more families are applied first until Nextcloud refuses new shares, and a
yes is a group membership, so every toggle must take effect all the same. Prints
toggles, p50/p95/max latency, how many took longer than 5 s, errors, and the requests
zolicht made.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
from _devcloud import EXAMPLE, devcloud_process

from zolicht import config, reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.services import family as families
from zolicht.services import grants, transfer
from zolicht.store import Store

DOCUMENT, MEMBER, BY, FILE = "energie", "kevin", "petra", "minder-energie.md"
"""A document about the mother (an adult): her yes alone lets the member see it."""
OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}
DEADLINE = 5.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--toggles", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    with ExitStack() as stack:
        url, service, admin = nextcloud(stack)
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        store = Store(f"sqlite:///{scratch / 'zolicht.sqlite3'}")
        stack.callback(store.close)
        ctx = Context(store, SystemClock(), "bench")
        transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
        client = Nextcloud(NextcloudConfig(url, *service))
        stack.callback(client.close)
        started = time.monotonic()
        accepted = config.load().accepted_advisories
        first = reconcile.apply_family(ctx, reconcile.Run(client, accepted_advisories=accepted),
                                       "jansen")
        print(f"first apply: {first.done} operations in {time.monotonic() - started:.1f} s, "
              f"complete: {first.complete}" + (f" ({first.error})" if first.error else ""))
        exhaust(ctx, client, accepted)
        member = families.load_family(ctx, "jansen").person(MEMBER)
        assert member is not None
        reader = read_as(url, admin, member.uid)
        toggle(ctx, reconcile.Run(client, per_family=True, accepted_advisories=accepted),
               reader, args.toggles, args.minutes * 60)


def exhaust(ctx: Context, client: Nextcloud, accepted: frozenset[str]) -> None:
    """Three more families from empty, until Nextcloud refuses new shares (429): the toggles
    that follow run with the service account's share allowance spent."""
    deferred = 0
    for n in range(3):
        slug = f"extra{n}"
        text = EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}").replace(
            "nextcloud_user: lotte.visser", f"nextcloud_user: lotte-{slug}")
        transfer.import_family(ctx, text, EXAMPLE.parent)
        outcome = reconcile.apply_family(ctx, reconcile.Run(client, accepted_advisories=accepted),
                                         slug)
        deferred += len(outcome.deferred)
    print(f"before toggling: {deferred} new shares of three more families refused by "
          "Nextcloud's rate limit (they wait as pending work)")


def nextcloud(stack: ExitStack) -> tuple[str, tuple[str, str], tuple[str, str]]:
    """(url, service account, admin) of the Nextcloud to measure against."""
    url = os.environ.get("ZOLICHT_BENCH_NEXTCLOUD_URL")
    if not url:
        url, _pid, _scratch = stack.enter_context(devcloud_process(limits=True))
        return url, ("admin", "admin"), ("admin", "admin")
    service = (os.environ["ZOLICHT_BENCH_USER"], os.environ["ZOLICHT_BENCH_APP_PASSWORD"])
    admin = (os.environ.get("ZOLICHT_BENCH_ADMIN", service[0]),
             os.environ.get("ZOLICHT_BENCH_ADMIN_PASSWORD", service[1]))
    return url.rstrip("/"), service, admin


@dataclass
class Reader:
    """Reads as one member, with an app password of theirs, keeping no cookies."""

    client: httpx.Client
    uid: str

    def sees(self) -> bool:
        answer = self.client.request("PROPFIND", f"/remote.php/dav/files/{self.uid}/{FILE}",
                                     headers={"Depth": "0"})
        return answer.status_code == 207


def read_as(url: str, admin: tuple[str, str], uid: str) -> Reader:
    password = f"Bench-{uid}-pw-9x"
    with httpx.Client(base_url=url, auth=admin, headers=OCS, timeout=60) as as_admin:
        as_admin.put(f"/ocs/v2.php/cloud/users/{uid}", data={"key": "password",
                                                              "value": password})
        made = as_admin.get("/ocs/v2.php/core/getapppassword?format=json",
                            auth=(uid, password))
    assert made.status_code == 200, made.text
    app_password = made.json()["ocs"]["data"]["apppassword"]
    return Reader(httpx.Client(base_url=url, auth=(uid, app_password), timeout=60,
                               cookies=NoCookies()), uid)


class NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing (Nextcloud answers Basic auth with a session)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        pass


def toggle(ctx: Context, template: reconcile.Run, reader: Reader, count: int,
           seconds: float) -> None:
    """Each toggle in a run of its own, as the CLI makes one per command."""
    client = template.client
    latencies: list[float] = []
    errors = 0
    before = (client.counter.reads, client.counter.writes)
    stop_at = time.monotonic() + seconds
    for n in range(count):
        on = n % 2 == 0
        started = time.monotonic()
        if on:
            grants.grant(ctx, "jansen", DOCUMENT, MEMBER, by=BY)
        else:
            grants.revoke(ctx, "jansen", DOCUMENT, MEMBER, by=BY)
        run = replace(template, id=secrets.token_hex(8), checked_version=False)
        outcome = reconcile.apply_after(ctx, run, "jansen", (DOCUMENT, MEMBER))
        errors += not outcome.complete
        if wait_until(reader, on, started + 30):
            latencies.append(time.monotonic() - started)
        else:
            errors += 1
        if time.monotonic() > stop_at:
            break
    reads, writes = client.counter.reads - before[0], client.counter.writes - before[1]
    report(latencies, errors, reads, writes)


def wait_until(reader: Reader, visible: bool, deadline: float) -> bool:
    """Whether the member's read shows ``visible`` before ``deadline``."""
    while time.monotonic() < deadline:
        if reader.sees() == visible:
            return True
        time.sleep(0.05)
    return False


def report(latencies: list[float], errors: int, reads: int, writes: int) -> None:
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")
    print(f"toggles: {len(latencies)}, errors: {errors}, "
          f"slower than {DEADLINE:g} s: {sum(t > DEADLINE for t in latencies)}")
    if ordered:
        print(f"toggle until the member's read shows it: p50 "
              f"{statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {ordered[-1] * 1000:.0f} ms")
    print(f"zolicht's requests for the toggles: {reads} reads, {writes} writes "
          f"({(reads + writes) / max(1, len(latencies)):.1f} per toggle)")


if __name__ == "__main__":
    main()
