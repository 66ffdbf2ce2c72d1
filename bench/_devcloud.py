"""A devcloud in its own process for the benchmarks, as a real Nextcloud would be."""

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


@contextmanager
def devcloud_process() -> Iterator[tuple[str, int, Path]]:
    """Start ``zolicht devcloud`` on a free port with a fresh data directory.

    Yields (url, pid, a scratch directory that is removed afterwards).
    """
    scratch = Path(tempfile.mkdtemp(prefix="zolicht-bench-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "zolicht.cli", "devcloud", "--port",
                               str(port), "--data", str(scratch / "nextcloud")],
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
        shutil.rmtree(scratch, ignore_errors=True)
