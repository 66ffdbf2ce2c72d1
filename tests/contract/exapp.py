"""A tiny ExApp that AppAPI (or devcloud) can register and proxy to, and that remembers
every request it was sent, so a scenario can record what reached the ExApp."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SEEN_HEADERS = (
    "host", "ex-app-id", "ex-app-version", "authorization-app-api", "aa-version",
    "aa-request-id", "x-origin-ip", "accept-language", "content-type", "cookie",
    "authorization", "referer", "user-agent", "ocs-apirequest", "x-custom", "content-length",
)
"""Headers whose value (or, for ids, presence) the recording keeps."""


HEADERS_OUT = {"X-ExApp": "1", "Cache-Control": "no-store", "Set-Cookie": "first=1; Path=/"}


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class ExApp:
    app_id: str
    secret: str
    port: int = 0
    host: str = "127.0.0.1"
    """Where Nextcloud reaches it."""
    seen: list[Seen] = field(default_factory=list)

    def take(self) -> list[Seen]:
        """The requests since the last call, without AppAPI's heartbeat polling."""
        taken, self.seen = self.seen, []
        return [s for s in taken if s.path != "/heartbeat"]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def answer(self, status: int, body: bytes = b"", kind: str = "application/json",
               extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def remember(self) -> str:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.app.seen.append(Seen(self.command, self.path, headers, body))
        return body

    def route(self) -> str:
        """The last part of the path: ``/public/page`` is served as ``page``."""
        return self.path.split("?")[0].rsplit("/", 1)[-1]

    def do_GET(self) -> None:
        self.remember()
        route = self.route()
        if route == "heartbeat":
            return self.answer(200, b'{"status":"ok"}')
        if route == "page":
            return self.answer(200, b"<!DOCTYPE html><html><body>page</body></html>",
                               "text/html; charset=utf-8")
        if route == "data":
            return self.answer(200, b'{"ok":true}')
        if route == "loop":
            return self.answer(302, extra={"Location": "/loop"})
        if route == "headers":
            return self.answer(200, b"plain", "text/plain", extra=HEADERS_OUT)
        if route == "cookie":
            return self.answer(303, extra={"Location": "/page", "Set-Cookie": "exapp=1; Path=/"})
        return self.answer(404, b'{"error":"not found"}')

    def do_POST(self) -> None:
        body = self.remember()
        route = self.route()
        if route == "init":
            return self.answer(501, b'{"error":"no init step"}')
        if route == "form":
            return self.answer(303, extra={"Location": "/page?saved=1"})
        if route == "form-absolute":
            location = f"http://{self.server.app.host}:{self.server.app.port}/data?saved=2"
            return self.answer(303, extra={"Location": location})
        if route == "keep":
            return self.answer(307, extra={"Location": "/echo"})
        if route in ("echo", "ok"):
            return self.answer(200, json.dumps({"received": body}).encode())
        return self.answer(404, b'{"error":"not found"}')

    def do_PUT(self) -> None:
        self.remember()
        if self.path.startswith("/enabled"):
            return self.answer(200, b'{"error":""}')
        return self.answer(200, b"{}")

    def do_DELETE(self) -> None:
        self.remember()
        return self.answer(200, b"{}")


class Server(ThreadingHTTPServer):
    app: ExApp


@contextmanager
def serving(app_id: str, secret: str, host: str = "127.0.0.1") -> Iterator[ExApp]:
    """The ExApp on a free port, reached by Nextcloud at ``host`` (listening on every
    address unless that is loopback, as when Nextcloud runs in a container)."""
    server = Server(("127.0.0.1" if host == "127.0.0.1" else "0.0.0.0", 0), Handler)
    app = ExApp(app_id, secret, int(server.server_address[1]), host)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app
    finally:
        server.shutdown()
        server.server_close()
