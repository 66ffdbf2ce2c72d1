"""Provisioning at scale against the development Nextcloud, in three phases.

    python3 bench/provision.py [--families 200]

1. provision FAMILIES families like the example, from empty (``apply --all``);
2. a no-op ``apply --all``;
3. one new grant in each family (to a member who has an account), applied family by family.

For each phase: writes made versus the minimal number (derived from the desired state,
independently of the planner), reads, wall time, and the resident memory of this process
(the zolicht side). devcloud runs in its own process, as a real Nextcloud would.
"""

from __future__ import annotations

import argparse
import resource
import time

from _devcloud import devcloud_process, import_families

from zolicht import reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.domain.model import Family
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile.desired import Account, desired_state
from zolicht.reconcile.forms import desired_forms
from zolicht.services import family as families
from zolicht.services import grants
from zolicht.store import Store


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def minimal_writes(ctx: Context, slugs: list[str], service_user: str) -> int:
    """Operations an empty Nextcloud needs for these families: groups, memberships,
    folders, files, shares and forms of each, and every distinct account once (a professional's
    linked account serves all their families)."""
    total, accounts = 0, set()
    for slug in slugs:
        family = families.load_family(ctx, slug)
        desired = desired_state(family, ctx.today(), service_user)
        accounts |= {a.uid for a in desired.accounts}
        total += (len(desired.groups) + sum(len(m) for m in desired.members.values())
                  + len(desired.folders) + len(desired.files) + len(desired.shares)
                  + form_writes(family, desired.accounts, ctx))
    return total + len(accounts)


def form_writes(family: Family, accounts: tuple[Account, ...], ctx: Context) -> int:
    """Forms' API needs, per form: create, settings, share; per question: create (type and
    text only), its other fields, and its options in one request."""
    forms = desired_forms(family, reconcile.definitions(), ctx.today(), accounts)
    return sum(3 + sum(2 + bool(q.options) for q in f.spec.questions) for f in forms)


def phase(name: str, client: Nextcloud, started: float, minimal: int, families_: int,
          extra: str = "") -> None:
    seconds = time.perf_counter() - started
    ratio = f"{client.counter.writes / minimal:.3f}" if minimal else "-"
    print(f"{name:<26} writes {client.counter.writes:>6} / minimal {minimal:>6} = {ratio:>5}  "
          f"reads {client.counter.reads:>5} ({client.counter.reads / families_:.2f}/family)  "
          f"{seconds:7.2f} s  RSS {rss_mb():6.1f} MB {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=200)
    args = parser.parse_args()
    with devcloud_process() as (url, pid, tmp):
        ctx = Context(Store(f"sqlite:///{tmp / 'zolicht.sqlite3'}"), SystemClock(), "bench")
        slugs = import_families(ctx, args.families)
        config = NextcloudConfig(url, "admin", "admin")
        print(f"{args.families} families like the example; devcloud pid {pid}")

        client = Nextcloud(config)
        minimal = minimal_writes(ctx, slugs, "admin")
        started = time.perf_counter()
        run = reconcile.Run(client)
        samples = []
        for i, slug in enumerate(slugs, 1):
            outcome = reconcile.apply_family(ctx, run, slug)
            assert outcome.failed is None, outcome.error
            if i % max(1, args.families // 4) == 0:
                samples.append(f"{rss_mb():.1f}")
        phase("1 provision from empty", client, started, minimal, args.families,
              f"(RSS at 1/4..4/4: {' '.join(samples)})")
        client.close()

        client = Nextcloud(config)
        started = time.perf_counter()
        run = reconcile.Run(client)
        for slug in slugs:
            assert reconcile.apply_family(ctx, run, slug).plan.empty
        phase("2 no-op apply --all", client, started, 0, args.families)
        client.close()

        client = Nextcloud(config)
        started = time.perf_counter()
        slowest = 0.0
        for slug in slugs:
            one = time.perf_counter()
            grants.grant(ctx, slug, "prikkels", "kevin", "petra")
            outcome = reconcile.apply_family(ctx, reconcile.Run(client, per_family=True), slug)
            assert outcome.failed is None and outcome.done == 1, outcome
            slowest = max(slowest, time.perf_counter() - one)
        phase("3 one new grant per family", client, started, args.families, args.families,
              f"(slowest family {slowest * 1000:.0f} ms)")
        client.close()
        ctx.store.close()


if __name__ == "__main__":
    main()
