"""devcloud as a contract target: its outbox is the mailbox, its server object the shell."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.contract.targets import ExAppInfo, Mail, Target
from zolicht.devcloud.app import Server
from zolicht.devcloud.server import running

LOOPBACK = "127.0.0.1"


@dataclass
class Outbox:
    server: Server
    last: int = 0

    def new(self) -> list[Mail]:
        sent = self.server.outbox(self.last)
        if sent:
            self.last = sent[-1].id
        return [Mail(m.recipient, m.subject) for m in sent]


@dataclass
class Shell:
    server: Server

    def reset_bruteforce(self) -> None:
        self.server.accounts.reset_attempts(LOOPBACK)

    def allowlist(self, on: bool) -> None:
        self.server.settings.bruteforce_allowlist = (f"{LOOPBACK}/32",) if on else ()
        self.server.settings.apply_allowlist_to_ratelimit = on

    def register_exapp(self, app: ExAppInfo) -> None:
        self.server.appapi.register(app.app_id, f"http://{LOOPBACK}:{app.port}", app.secret,
                                    app.version, [dict(r) for r in app.routes])

    def unregister_exapp(self, app_id: str) -> None:
        self.server.appapi.unregister(app_id)


@contextmanager
def devcloud(data: Path, status: dict[str, Any]) -> Iterator[Target]:
    """A fresh devcloud claiming the recorded Nextcloud's version."""
    with running(data, version=str(status["version"])) as (url, server):
        yield Target(url, ("admin", "admin"), Outbox(server), Shell(server),
                     whole_seconds=False)
