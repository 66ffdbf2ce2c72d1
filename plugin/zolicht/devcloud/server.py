"""Serving the development Nextcloud over HTTP with uvicorn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from zolicht.devcloud.app import Server, create_app
from zolicht.devcloud.settings import Settings


def serve(port: int, data_dir: Path, admin_user: str, admin_password: str,
          host: str = "127.0.0.1", version: str = "33.0.3",
          settings: Settings | None = None) -> None:
    app = create_app(data_dir, admin_user, admin_password, version,
                     base_url=f"http://{host}:{port}", settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@contextmanager
def running(data_dir: Path, admin_user: str = "admin", admin_password: str = "admin",
            version: str = "33.0.3", settings: Settings | None = None
            ) -> Iterator[tuple[str, Server]]:
    """A devcloud on a free loopback port in a background thread; yields (URL, server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    app = create_app(data_dir, admin_user, admin_password, version, base_url=url,
                     settings=settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("devcloud did not start")
        time.sleep(0.02)
    try:
        yield url, app
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.webhooks.close()
        app.conn.close()
