"""Documents per second for each kind, with each template parsed once and reused.

    python3 bench/documents.py [--runs 60]

Prints, per kind, the median generation time of many runs (start-up excluded), documents
per second from that median, and the size of the .docx.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate

from zolicht.documents.render import KINDS, check_template, render, template_path
from zolicht.services.transfer import parse_family

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gezin-jansen.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    on = date(2026, 11, 23)
    family = parse_family(EXAMPLE.read_text(), EXAMPLE.parent, on)[0]
    for kind in KINDS:
        path = template_path(kind)
        check_template(path, kind)
        template = DocxTemplate(str(path))
        render(family, kind, on, template=template)  # warm up
        times = []
        for _ in range(args.runs):
            gc.collect()
            started = time.perf_counter()
            rendered = render(family, kind, on, template=template)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        print(f"{kind:<18} median {median * 1000:6.1f} ms  {1 / median:6.1f} documents/s  "
              f"size {len(rendered.content) / 1024:5.1f} KB  ({args.runs} runs)")


if __name__ == "__main__":
    main()
