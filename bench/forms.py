"""The six steps' forms at scale against the development Nextcloud.

    python3 bench/forms.py [--families 50]

1. deploy every family's seven forms (with folders, shares and calendar: a full apply);
2. a no-op apply of every family: requests per family, and writes (must be 0);
3. one question text edited in the definitions: writes per family (must be 1);
4. the youth of each family fills in step 3 and step 5 through the Forms API; then
   ``forms pull`` for every family: time per family and proposals made.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import httpx
from _devcloud import devcloud_process, import_families

from zolicht import reconcile
from zolicht.clock import SystemClock
from zolicht.context import Context
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.services import family as families
from zolicht.services import forms as answers
from zolicht.store import Store
from zolicht.store.forms import FormRecords

API = "/ocs/v2.php/apps/forms/api/v3/forms"
EDITED = ("Welke dag en tijd komt het best uit?", "Welke dag en welk tijdstip passen het best?")


def apply_all(ctx: Context, config: NextcloudConfig, slugs: list[str],
              forms_dir: Path = DEFAULT_DIR) -> tuple[Nextcloud, float]:
    client = Nextcloud(config)
    started = time.perf_counter()
    run = reconcile.Run(client, forms_dir=forms_dir)
    for slug in slugs:
        outcome = reconcile.apply_family(ctx, run, slug)
        assert outcome.failed is None, outcome.error
    return client, time.perf_counter() - started


def report(name: str, client: Nextcloud, seconds: float, families: int) -> None:
    print(f"{name:<30} writes {client.counter.writes:>6} ({client.counter.writes / families:6.1f}"
          f"/family)  reads {client.counter.reads:>5} ({client.counter.reads / families:5.2f}"
          f"/family)  {seconds:7.2f} s")
    client.close()


def youth(ctx: Context, slug: str) -> str:
    """The account of the family's youth (Sanne, 14)."""
    person = families.load_family(ctx, slug).person("sanne")
    assert person is not None
    return person.uid


def fill_in(http: httpx.Client, ctx: Context, slug: str) -> None:
    """The youth answers step 3 (two people) and her step 5 (a wish for every topic she
    decides about)."""
    uid = youth(ctx, slug)
    with ctx.store.transaction() as tx:
        ids = {k: f.id for k, f in FormRecords(tx.families.conn, slug).forms().items()}
    for key in ("stap-3", "stap-5__sanne"):
        form = http.get(f"{API}/{ids[key]}", auth=(uid, "bench-pw")).json()["ocs"]["data"]
        given: dict[str, list[str]] = {}
        for q in form["questions"]:
            if q["name"].endswith("_naam") and q["name"] < "persoon_3":
                given[str(q["id"])] = [f"Iemand {q['name'][8]}"]
            elif q["options"] and q["name"].startswith(("weten__", "persoon_1", "persoon_2")):
                given[str(q["id"])] = [str(q["options"][0]["id"])]
        answer = http.post(f"{API}/{ids[key]}/submissions", json={"answers": given},
                           auth=(uid, "bench-pw"))
        assert answer.status_code == 201, answer.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=50)
    args = parser.parse_args()
    with devcloud_process() as (url, pid, tmp):
        ctx = Context(Store(f"sqlite:///{tmp / 'zolicht.sqlite3'}"), SystemClock(), "bench")
        slugs = import_families(ctx, args.families)
        config = NextcloudConfig(url, "admin", "admin")
        print(f"{args.families} families like the example, 7 forms each; devcloud pid {pid}")

        report("1 deploy from empty", *apply_all(ctx, config, slugs), args.families)
        report("2 no-op apply", *apply_all(ctx, config, slugs), args.families)
        edited = tmp / "forms"
        shutil.copytree(DEFAULT_DIR, edited)
        step6 = edited / "stap-6-contact.yaml"
        step6.write_text(step6.read_text().replace(*EDITED))
        report("3 one question text edited", *apply_all(ctx, config, slugs, edited),
               args.families)

        headers = {"OCS-APIRequest": "true", "Accept": "application/json"}
        with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
            for slug in slugs:
                http.put(f"/ocs/v2.php/cloud/users/{youth(ctx, slug)}",
                         data={"key": "password", "value": "bench-pw"}, auth=("admin", "admin"))
                fill_in(http, ctx, slug)
        client = Nextcloud(config)
        started = time.perf_counter()
        made = slowest = 0.0
        for slug in slugs:
            one = time.perf_counter()
            pulled = answers.pull(ctx, client.forms, slug, reconcile.definitions(edited))
            assert not pulled.problems, pulled.problems
            made += pulled.proposals
            slowest = max(slowest, time.perf_counter() - one)
        seconds = time.perf_counter() - started
        print(f"{'4 forms pull':<30} {made / args.families:.0f} proposals/family  "
              f"{seconds / args.families * 1000:6.1f} ms/family (slowest "
              f"{slowest * 1000:.0f} ms)  reads {client.counter.reads / args.families:.1f}"
              f"/family  writes {client.counter.writes}")
        client.close()
        ctx.store.close()


if __name__ == "__main__":
    main()
