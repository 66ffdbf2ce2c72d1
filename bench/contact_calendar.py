"""A family with a two-year biweekly series plus the aftercare taper: plan and apply.

    python3 bench/contact_calendar.py

Against devcloud in its own process: time to plan and to apply the example family with its
calendar, the calendar requests made versus the minimal number (make the calendar, one
share per sharee, one object per event), and the requests of a second, no-op apply.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

from _devcloud import devcloud_process

from zolicht import reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.domain.contacts import all_moments
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile.desired import desired_calendar, desired_state
from zolicht.services import contacts, transfer
from zolicht.services import family as families
from zolicht.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gezin-jansen.yaml"


def calendar_requests(client: Nextcloud) -> tuple[int, int]:
    log = [(m, p) for m, p in client.counter.log if p.startswith("/remote.php/dav/calendars/")]
    writes = sum(m not in ("PROPFIND", "GET", "REPORT") for m, _ in log)
    return writes, len(log) - writes


def main() -> None:
    with devcloud_process() as (url, _pid, tmp):
        ctx = Context(Store(f"sqlite:///{tmp / 'zolicht.sqlite3'}"), SystemClock(), "bench")
        transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
        contacts.set_plan(ctx, "jansen", closing=date(2028, 12, 31))
        contacts.add(ctx, "jansen", "gesprek", "Contactmoment", datetime(2027, 1, 5, 16, 0),
                     60, every_weeks=2, until=date(2028, 12, 31),
                     participants=("petra", "sanne", "oma-ria", "kevin"))
        plan = contacts.load(ctx, "jansen")
        occurrences = len(plan.series[0].starts(date(2027, 1, 1), date(2028, 12, 31)))
        family = families.load_family(ctx, "jansen")
        desired = desired_state(family, ctx.today(), "admin")
        wanted = desired_calendar(family, plan, desired.accounts, "admin")
        assert wanted is not None
        minimal = 1 + len(wanted.sharees) + len(wanted.events)
        config = NextcloudConfig(url, "admin", "admin")

        client = Nextcloud(config)
        started = time.perf_counter()
        planned = reconcile.plan_family(ctx, reconcile.Run(client), "jansen")
        plan_seconds = time.perf_counter() - started
        started = time.perf_counter()
        outcome = reconcile.apply_family(ctx, reconcile.Run(client), "jansen")
        apply_seconds = time.perf_counter() - started
        assert outcome.failed is None, outcome.error
        writes, reads = calendar_requests(client)
        print(f"series of {occurrences} occurrences over two years, "
              f"{len(all_moments(plan))} aftercare moments, {len(wanted.sharees)} sharees")
        print(f"plan   {plan_seconds * 1000:7.1f} ms  ({len(planned.ops)} operations in all)")
        print(f"apply  {apply_seconds * 1000:7.1f} ms  calendar writes {writes} / minimal "
              f"{minimal}, calendar reads {reads}")
        again = Nextcloud(config)
        started = time.perf_counter()
        assert reconcile.apply_family(ctx, reconcile.Run(again), "jansen").plan.empty
        print(f"no-op  {(time.perf_counter() - started) * 1000:7.1f} ms  writes "
              f"{again.counter.writes}, reads {again.counter.reads} "
              f"(calendar {calendar_requests(again)[1]})")
        for c in (client, again):
            c.close()
        ctx.store.close()


if __name__ == "__main__":
    main()
