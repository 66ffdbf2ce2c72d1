"""A devcloud in its own process for the benchmarks, as a real Nextcloud would be, and
families like the example to fill it with."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from zolicht.context import Context
from zolicht.services import transfer

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gezin-jansen.yaml"


@contextmanager
def devcloud_process(limits: bool = False, keep: Path | None = None,
                     skeleton: bool = True) -> Iterator[tuple[str, int, Path]]:
    """Start ``zolicht devcloud`` on a free port with a fresh data directory: with Nextcloud's
    rate limits when ``limits``, else with loopback allow-listed and the allow-list lifting
    them (as an organisation would for provisioning many families at once). ``keep``: use
    that directory instead, and keep it (devcloud's data survives for the next start);
    ``skeleton``: new accounts get Nextcloud's example files.

    Yields (url, pid, a scratch directory that is removed afterwards unless ``keep``).
    """
    scratch = keep or Path(tempfile.mkdtemp(prefix="zolicht-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    lifted = [] if limits else ["--allow-list", "127.0.0.0/8", "--allow-list-lifts-limits"]
    server = subprocess.Popen([sys.executable, "-m", "zolicht.cli", "devcloud", "--port",
                               str(port), "--data", str(scratch / "nextcloud"), *lifted,
                               *([] if skeleton else ["--no-skeleton"])],
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/status.php")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, server.pid, scratch
    finally:
        server.terminate()
        server.wait(timeout=10)
        if keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def import_families(ctx: Context, count: int) -> list[str]:
    """``count`` copies of the example family, ``gezin-0000`` onwards; returns their slugs."""
    slugs = [f"gezin-{n:04d}" for n in range(count)]
    for slug in slugs:
        text = EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}").replace(
            "name: Gezin Jansen", f"name: Gezin {slug[6:]}")
        transfer.import_family(ctx, text, EXAMPLE.parent)
    return slugs
