"""Create many families like the example and evaluate each one's full visibility matrix.

    python3 bench/matrix.py [--families 1000] [--database URL]

Each family has 12 people and 20 documents, with the example family's grant pattern
repeated over the documents. Creation goes through the store (one transaction per family,
as an import does); evaluation loads each family back from the store and computes its
documents × people matrix. Prints families per second for both phases, the whole wall
time and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from zolicht.clock import FixedClock, today  # noqa: E402
from zolicht.context import Context  # noqa: E402
from zolicht.domain.model import Circle, Document, Family, Grant, Person  # noqa: E402
from zolicht.domain.visibility import matrix  # noqa: E402
from zolicht.services import transfer  # noqa: E402
from zolicht.store import Store  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gezin-jansen.yaml"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DOCUMENTS = 20
EXTRA_NETWORK = ("buurman-piet", "tante-els", "trainer-sem")


def template(day: datetime) -> tuple[Family, dict[str, bytes]]:
    """The example family grown to 12 people and 20 documents, grants repeated per copy."""
    family, contents = transfer.parse_family(EXAMPLE.read_text(), EXAMPLE.parent, day.date())
    extra = tuple(Person(key, key.replace("-", " ").title(), "netwerk", Circle.NETWORK)
                  for key in EXTRA_NETWORK)
    documents: list[Document] = []
    grants: list[Grant] = []
    for i in range(DOCUMENTS):
        base = family.documents[i % len(family.documents)]
        copy = replace(base, key=f"{base.key}-{i}", file_name=f"{i:02d}-{base.file_name}")
        documents.append(copy)
        grants.extend(replace(g, document=copy.key) for g in family.grants
                      if g.document == base.key)
    return replace(family, people=family.people + extra, documents=tuple(documents),
                   grants=tuple(grants)), contents


def create(ctx: Context, family: Family, contents: dict[str, bytes]) -> None:
    with ctx.store.transaction() as tx:
        tx.families.create(family.slug, family.name, family.status, ctx.now())
        tx.families.add_people(family.slug, family.people)
        tx.families.add_documents(family.slug,
                                  [(d, contents[d.sha256]) for d in family.documents])
        tx.families.save_grants(family.slug, family.grants, ctx.now())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zolicht-bench-") as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.sqlite3"
        ctx = Context(Store(url), FixedClock(NOW), "bench")
        family, contents = template(NOW)
        assert len(family.people) == 12 and len(family.documents) == DOCUMENTS
        day = today(ctx.clock)

        started = time.perf_counter()
        for n in range(args.families):
            create(ctx, replace(family, slug=f"gezin-{n:05d}"), contents)
        created = time.perf_counter()

        cells = visible = 0
        for n in range(args.families):
            with ctx.store.transaction() as tx:
                loaded = tx.families.load(f"gezin-{n:05d}")
            result = matrix(loaded, day)
            cells += len(result)
            visible += sum(c.access is not None for c in result)
        evaluated = time.perf_counter()
        ctx.store.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = args.families
    print(f"database            {url.split(':')[0]}")
    print(f"families            {n} x {len(family.people)} people x {DOCUMENTS} documents "
          f"({len(family.grants)} grants each)")
    per_second = n / (created - started)
    print(f"create              {created - started:7.2f} s  {per_second:8.1f} families/s")
    print(f"evaluate matrix     {evaluated - created:7.2f} s  "
          f"{n / (evaluated - created):8.1f} families/s  ({cells} cells, {visible} visible)")
    print(f"total               {evaluated - started:7.2f} s")
    print(f"peak memory (RSS)   {peak_mb:7.1f} MB")


if __name__ == "__main__":
    main()
