"""Serving the web app with uvicorn: in the foreground (``zolicht serve``) or, for tests and
benchmarks, in a background thread on a free loopback port."""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import uvicorn
from anyio import to_thread
from fastapi import FastAPI

from zolicht.bootstrap import Root, build
from zolicht.services import webhooks
from zolicht.web.site import PROFESSIONALS_GROUP, WebSettings

APPAPI_PROXY = "/index.php/apps/app_api/proxy/zolicht"
"""Where Nextcloud serves an ExApp's pages (nextcloud-api.md §8.3)."""


def settings_from_env(env: Mapping[str, str] = os.environ,
                      root: Root | None = None) -> WebSettings:
    """The web's settings: the composition root's (built from ``env`` unless given), plus
    AppAPI's ``APP_SECRET`` when running as an external app."""
    root = root or build(env)
    nextcloud = root.nextcloud
    secure = env.get("ZOLICHT_SECURE_COOKIES", "") == "1" or bool(
        nextcloud and nextcloud.url.startswith("https://"))
    secret = env.get("APP_SECRET", "")
    path = env.get("ZOLICHT_ROOT_PATH", APPAPI_PROXY if secret else "").rstrip("/")
    return WebSettings(root.settings.database_url, nextcloud, secret, secure,
                       root.settings.forms_dir, env.get("APP_VERSION", "0.1.0"), path,
                       accepted_advisories=root.settings.accepted_advisories,
                       public_url=root.settings.public_url,
                       share_watch=root.settings.share_watch,
                       professionals_group=env.get("ZOLICHT_PROFESSIONALS_GROUP", "").strip()
                       or PROFESSIONALS_GROUP,
                       webhook_secret=webhooks.secret(
                           nextcloud.app_password if nextcloud else "",
                           env.get("ZOLICHT_WEBHOOK_SECRET", "")))


REQUEST_THREADS = 8
"""Requests one web process works on at once (the rest wait their turn; Starlette's default
is 40). A toggle waits for PostgreSQL and Nextcloud some 40 times, and after each for its
turn at the interpreter: with 40 threads at it, each toggle cost more and held its
database connection longer, and the pool (15) ran dry. ``bench/web.py`` (200 families at
a person's pace, 1 process, three rounds of 30 s, each with 40 and with 8): p50 839 / 963 /
1,319 → 593 / 560 / 256 ms, p95 2,990 / 2,434 / 4,217 → 1,698 / 1,741 / 720 ms."""
FEWEST_THREADS = 3
"""Requests each of several web processes works on at once, at the least (see
``request_threads``)."""
PROCESSES = "ZOLICHT_WEB_PROCESSES"
"""How many web processes serve side by side on this machine (``serve --workers`` sets
it for its processes; set it when another ASGI server starts several)."""


def request_threads(processes: int) -> int:
    """Requests each of ``processes`` web processes on one machine works on at once: the
    machine's ``REQUEST_THREADS`` shared out, and at least ``FEWEST_THREADS``. Two
    cores are as busy with 8 requests in one process as with 3 in each of 4; with 8 in
    each of 4, requests waited their turn at the cores while holding a database
    connection (``bench/web.py``, 200 families at a person's pace, 4 processes: p95 760
    and 1,274 ms with 8 each, 294 and 393 ms with 3 each)."""
    return max(FEWEST_THREADS, REQUEST_THREADS // max(processes, 1))


def for_many_requests(app: FastAPI, processes: int = 1) -> None:
    """At its start, limit the requests ``app`` works on at once (``request_threads``), and
    keep what start-up made out of garbage collection: the modules, the app and its
    settings live as long as the process. A full collection holds every request up while
    it walks the heap; with all of that in it, it took 95 to 130 ms, every 10 s or so
    (``bench/web.py``, 200 families at a person's pace; 30 to 50 ms since)."""
    async def start() -> None:
        to_thread.current_default_thread_limiter().total_tokens = request_threads(processes)
        gc.freeze()

    async def stop() -> None:
        gc.unfreeze()  # a server in a thread of a longer process (tests) leaves it as found
    app.router.on_startup.append(start)
    app.router.on_shutdown.append(stop)


def serve(app: FastAPI, host: str, port: int) -> None:
    for_many_requests(app)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)


def serve_processes(host: str, port: int, workers: int) -> None:
    """``workers`` web processes on one address (uvicorn's workers), each building its app
    with ``app_from_env``. They share everything through the database, so any of them may
    answer any request."""
    os.environ[PROCESSES] = str(workers)  # for their share of the requests at once
    uvicorn.run("zolicht.web.server:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning", proxy_headers=True)


def app_from_env() -> FastAPI:
    """The app of one web process, its settings from the environment (the factory
    ``serve_processes`` names; also for any ASGI server: ``--factory``)."""
    from zolicht.web.app import create_app
    from zolicht.web.site import Site

    site = Site(settings_from_env())
    app = create_app(site)
    for_many_requests(app, int(os.environ.get(PROCESSES) or 1))
    app.router.on_shutdown.append(site.close)
    return app


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """``app`` on a free loopback port in a background thread; yields its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("zolicht web did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
