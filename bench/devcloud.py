"""Throughput and memory of the development Nextcloud, measured from another process.

    python3 bench/devcloud.py [--clients 4] [--simple 100000] [--files 1000]

Starts ``zolicht devcloud`` on a free port with a fresh data directory, then measures with
CLIENTS concurrent keep-alive clients:

- PROPFIND Depth 1 on a folder of FILES files (requests per second);
- share creation (one user share per file, requests per second);
- SIMPLE plain OCS requests (GET /cloud/user), sampling the server's resident memory
  every tenth of the way, to show whether it stays flat.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from _devcloud import devcloud_process

ADMIN = ("admin", "admin")
OCS = {"OCS-APIRequest": "true"}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(url: str, clients: int, total: int, request: Callable[[httpx.Client, int], int],
        on_progress: Callable[[int], None] | None = None) -> tuple[float, list[float], int]:
    """Send ``total`` requests from ``clients`` threads; (seconds, latencies, errors)."""
    counter = iter(range(total))
    lock = threading.Lock()
    latencies: list[float] = []
    errors = 0

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, auth=ADMIN, headers=OCS, timeout=30) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                started = time.perf_counter()
                status = request(client, i)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if status >= 400:
                        errors += 1
                if on_progress is not None and i % max(1, total // 10) == 0:
                    on_progress(i)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, errors


def report(name: str, total: int, seconds: float, latencies: list[float], errors: int) -> None:
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    print(f"{name:<34} {total:>7} req  {total / seconds:8.1f} req/s  "
          f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--simple", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--propfinds", type=int, default=200)
    args = parser.parse_args()
    with devcloud_process() as (url, pid, _scratch):
        with httpx.Client(base_url=url, auth=ADMIN, headers=OCS) as admin:
            admin.request("MKCOL", "/remote.php/dav/files/admin/big")
            for i in range(args.files):
                admin.put(f"/remote.php/dav/files/admin/big/file-{i:04d}.txt", content=b"x" * 100)
            admin.post("/ocs/v2.php/cloud/users", data={"userid": "reader",
                                                         "password": "reader-password"})
        print(f"devcloud pid {pid}, {args.clients} concurrent clients, "
              f"folder of {args.files} files")

        seconds, lat, err = run(url, args.clients, args.propfinds, lambda c, i: c.request(
            "PROPFIND", "/remote.php/dav/files/admin/big", headers={"Depth": "1"}).status_code)
        report(f"PROPFIND depth 1 ({args.files} files)", args.propfinds, seconds, lat, err)

        seconds, lat, err = run(url, args.clients, args.files, lambda c, i: c.post(
            "/ocs/v2.php/apps/files_sharing/api/v1/shares",
            data={"path": f"/big/file-{i:04d}.txt", "shareType": 0, "shareWith": "reader",
                  "permissions": 1}).status_code)
        report("create user share", args.files, seconds, lat, err)

        samples: list[float] = [rss_mb(pid)]
        seconds, lat, err = run(url, args.clients, args.simple,
                                lambda c, i: c.get("/ocs/v2.php/cloud/user").status_code,
                                lambda i: samples.append(rss_mb(pid)))
        samples.append(rss_mb(pid))
        report("simple OCS (GET /cloud/user)", args.simple, seconds, lat, err)
        print("server RSS over the simple run (MB): " + " ".join(f"{s:.1f}" for s in samples))


if __name__ == "__main__":
    main()
