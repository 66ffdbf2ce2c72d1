"""Persistence: SQLAlchemy Core tables, Alembic migrations, repositories, the audit trail.

``Store(url)`` opens a database (SQLite file or PostgreSQL), brings its schema up to date,
and hands out transactions: everything written inside one is kept together or not at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

from zolicht.store.repository import FamilyCache
from zolicht.store.transaction import Transaction

__all__ = ["READ_ONLY", "SCHEMA_REVISION", "Store", "Transaction", "migrate", "schema_revision"]

MIGRATIONS = Path(__file__).parent / "migrations"
READ_ONLY = "zolicht_read_only"
"""Execution option marking a connection whose transaction only reads."""
SCHEMA_REVISION = "0015"
"""The newest migration; a test checks it equals Alembic's head."""


class Store:
    def __init__(self, url: str) -> None:
        self.engine = _engine(url)
        self._writers: AbstractContextManager[object] = (
            threading.RLock() if self.engine.dialect.name == "sqlite" else nullcontext())
        self._families = FamilyCache()
        self.locked_ids: dict[str, int] = {}
        """The ids of the families this process holds the lock of (``work.family_lock``),
        by slug: their transactions need not look them up."""
        migrate(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Commit when the block ends normally; roll everything back when it raises.

        Audit events appended in the block are written at its end (``AuditLog``).

        SQLite lets one writer in at a time. Threads of this process queue for that on a
        lock of their own, which wakes the next one at once; SQLite's busy handler would
        let them sleep and poll (up to a tenth of a second per try).
        """
        with self._writers, self.engine.begin() as conn:
            tx = Transaction(conn, self._families, locked=self.locked_ids)
            yield tx
            tx.audit.flush()  # its chains' heads are locked only from here to the commit

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A transaction that only reads: one consistent snapshot (SQLite's deferred
        transaction, PostgreSQL's REPEATABLE READ), and on SQLite no write lock, so readers
        never wait for each other or for a writer."""
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.execution_options(**{READ_ONLY: True})
            else:
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield Transaction(conn, self._families, fill_cache=True,
                                  locked=self.locked_ids)

    def close(self) -> None:
        self.engine.dispose()


MIGRATION_LOCK = 0x7A6F6C69
"""PostgreSQL advisory lock key held while migrating ("zoli")."""


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration; a no-op when already there. Processes
    that start at once on one database take turns (PostgreSQL: an advisory lock; SQLite:
    its write lock), and only the first finds anything to do.

    Alembic is imported only when there is something to do: it costs a fifth of a second
    of start-up, and nearly every run finds the schema current. On SQLite, foreign keys
    are off while migrating: a migration that rebuilds a table (SQLite cannot alter a
    column in place) drops the old one, and with foreign keys on that drop would cascade
    into every row that refers to it. They are checked before the migration commits.
    """
    with engine.connect() as conn:
        if schema_revision(conn) == SCHEMA_REVISION:
            conn.rollback()
            return
        conn.rollback()
        with _foreign_keys_off(conn), conn.begin():
            if engine.dialect.name == "postgresql":  # processes starting at once: one migrates
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                if schema_revision(conn) == SCHEMA_REVISION:
                    return
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if engine.dialect.name == "sqlite" and conn.exec_driver_sql(
                    "PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("a migration left rows that refer to nothing")


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, or it does nothing
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def schema_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url)
        event.listen(engine, "checkin", _note_checkin)
        event.listen(engine, "checkout", _ping_if_idle)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


PING_AFTER = 10.0
"""Seconds a pooled server connection may have been idle before it is checked on checkout
(the server may have been restarted, or a firewall dropped it meanwhile). SQLAlchemy's
``pool_pre_ping`` checks on every checkout: a worker's no-op apply checks out five times,
a toggle more, and each check is a round trip to the server."""


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Check a connection idle longer than ``PING_AFTER``; a dead one is replaced (the pool
    retries the checkout with a new connection when this raises ``DisconnectionError``)."""
    idle_since = record.info.get("idle_since")  # none yet: connected just now
    if idle_since is None or time.monotonic() - idle_since <= PING_AFTER:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:  # noqa: BLE001 (whatever the driver raises: not usable)
        raise DisconnectionError(str(error)) from error


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # Let SQLAlchemy issue BEGIN itself, so a write transaction takes its lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_begin_immediate(conn: Connection) -> None:
    """A writing transaction takes SQLite's write lock when it starts, so two of them never
    deadlock upgrading their read locks; a reading one takes none."""
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
