"""Per-user rate limits of some OCS routes (Nextcloud's ``#[UserRateLimit]``).

Nextcloud counts every call of a limited route by a logged-in user, whatever its outcome,
and refuses the call once ``limit`` calls were counted within ``period`` seconds: HTTP 429
with an empty body. The limit is lifted for addresses on the brute-force allow-list when
``apply_allowlist_to_ratelimit`` is on.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS ratelimit_attempts (
    route TEXT NOT NULL,
    uid TEXT NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS ratelimit_by_user ON ratelimit_attempts(route, uid);
"""


@dataclass(frozen=True)
class Limit:
    calls: int
    period: int
    """Seconds."""


CREATE_SHARE = Limit(20, 600)
EDIT_USER = Limit(50, 600)


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def exceeded(conn: sqlite3.Connection, route: str, uid: str, limit: Limit) -> bool:
    """Count this call, unless the limit is reached already (then True)."""
    now = time.time()
    row = conn.execute("SELECT count(*) FROM ratelimit_attempts WHERE route = ? AND uid = ? "
                       "AND expires > ?", (route, uid, now)).fetchone()
    if int(row[0]) >= limit.calls:
        return True
    conn.execute("INSERT INTO ratelimit_attempts (route, uid, expires) VALUES (?, ?, ?)",
                 (route, uid, now + limit.period))
    return False
