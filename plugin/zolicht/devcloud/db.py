"""Metadata of the development Nextcloud in one SQLite file under the data directory.

File contents live on disk under ``DATA/files/<uid>/``; this database holds users,
groups, app passwords, the file cache (ids, etags), shares and brute-force attempts.
One connection, used from the event loop thread only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    uid TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1,
    quota TEXT NOT NULL DEFAULT 'none',
    language TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    last_login INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS app_passwords (
    token_hash TEXT PRIMARY KEY,
    uid TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS groups (
    gid TEXT PRIMARY KEY,
    display_name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS group_members (
    gid TEXT NOT NULL REFERENCES groups(gid) ON DELETE CASCADE,
    uid TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    PRIMARY KEY (gid, uid)
);
CREATE INDEX IF NOT EXISTS group_members_uid ON group_members(uid);
CREATE TABLE IF NOT EXISTS filecache (
    fileid INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    path TEXT NOT NULL,
    etag TEXT NOT NULL,
    UNIQUE (owner, path)
);
CREATE TABLE IF NOT EXISTS shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    share_type INTEGER NOT NULL,
    uid_owner TEXT NOT NULL,
    uid_initiator TEXT NOT NULL,
    share_with TEXT,
    fileid INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    file_target TEXT NOT NULL,
    permissions INTEGER NOT NULL,
    stime INTEGER NOT NULL,
    expiration TEXT,
    token TEXT UNIQUE,
    password_hash TEXT,
    label TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    hide_download INTEGER NOT NULL DEFAULT 0,
    mail_send INTEGER NOT NULL DEFAULT 0,
    parent INTEGER
);
CREATE INDEX IF NOT EXISTS shares_fileid ON shares(fileid);
CREATE INDEX IF NOT EXISTS shares_with ON shares(share_with);
CREATE TABLE IF NOT EXISTS bruteforce_attempts (
    action TEXT NOT NULL,
    ip TEXT NOT NULL,
    occurred REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    about TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    sent REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS appconfig (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


ADDED = [("outbox", "subject", "TEXT NOT NULL DEFAULT ''"),
         ("users", "first_login", "INTEGER NOT NULL DEFAULT 0")]
"""Columns added since the first release, for data directories made before them."""


def connect(data_dir: Path) -> sqlite3.Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data_dir / "devcloud.sqlite3", isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(SCHEMA)
    add_columns(conn, ADDED)
    return conn


def add_columns(conn: sqlite3.Connection, added: list[tuple[str, str, str]]) -> None:
    """Columns added since the first release, for data directories made before them."""
    for table, column, kind in added:
        known = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in known:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def chunks(keys: Collection[Any]) -> Iterator[tuple[list[Any], str]]:
    """``keys`` sorted, 500 at a time (SQLite's limit on parameters is near), each with
    its ``?`` marks for ``IN (…)``."""
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        yield chunk, ",".join("?" * len(chunk))


def in_chunks(conn: sqlite3.Connection, query: str, keys: Collection[Any]
              ) -> Iterator[sqlite3.Row]:
    """The rows of ``query ... IN (keys)``, asked 500 keys at a time."""
    for chunk, marks in chunks(keys):
        yield from conn.execute(f"{query} ({marks})", chunk)
