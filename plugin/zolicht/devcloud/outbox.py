"""Mails Nextcloud would send (welcome, share, iMIP), kept in a table instead."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

WELCOME = "Your Nextcloud account was created"


@dataclass(frozen=True)
class Sent:
    id: int
    recipient: str
    kind: str
    about: str
    subject: str


def send(conn: sqlite3.Connection, to: str, kind: str, about: str, subject: str) -> None:
    conn.execute("INSERT INTO outbox (recipient, kind, about, subject, sent) VALUES (?,?,?,?,?)",
                 (to, kind, about, subject, time.time()))


def since(conn: sqlite3.Connection, last: int = 0) -> list[Sent]:
    rows = conn.execute("SELECT id, recipient, kind, about, subject FROM outbox WHERE id > ? "
                        "ORDER BY id", (last,))
    return [Sent(r["id"], r["recipient"], r["kind"], r["about"], r["subject"]) for r in rows]
