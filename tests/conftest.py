"""Shared fixtures: real databases (a SQLite file, and PostgreSQL on 127.0.0.1:5432), a
clock that stands still, and a way to run the ``zolicht`` command in-process."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.domain.model import Family
from zolicht.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "gezin-jansen.yaml"
POSTGRES = os.environ.get("ZOLICHT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def example_family(on: date, space: str = "k3m9x2q7ab") -> Family:
    """The example family as if stored: with a space and an account id for everyone."""
    from zolicht.services.transfer import parse_family

    family = parse_family(EXAMPLE.read_text(), EXAMPLE.parent, on)[0]
    people = tuple(replace(p, account=f"zl-{space[:4]}{i:06d}")
                   for i, p in enumerate(family.people))
    return replace(family, space=space, people=people)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own database or settings."""
    for name in list(os.environ):
        if name.startswith("ZOLICHT_") and name != "ZOLICHT_TEST_POSTGRES":
            monkeypatch.delenv(name)
    monkeypatch.setenv("ZOLICHT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZOLICHT_ACTOR", "test:operator")


def postgres_available() -> bool:
    try:
        engine = sa.create_engine(POSTGRES)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and not reachable at {POSTGRES}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES}")
    return POSTGRES


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped afterwards."""
    schema = f"zt_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zolicht.sqlite3'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


@pytest.fixture
def ctx(store: Store, clock: FixedClock) -> Context:
    return Context(store, clock, "test:operator")


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to compare a database before and after a command."""
    from zolicht.store.tables import metadata

    with store.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(map(repr, row)) for row in conn.execute(sa.select(table))), key=repr
            )
            for table in metadata.sorted_tables
        }


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> CliResult:
    """Run ``zolicht ARGS`` in this process, exactly as the console script does, on the
    tests' fixed clock (``NOW``), so that no test depends on today's date."""
    from zolicht import cli

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        old_argv = os.sys.argv
        os.sys.argv = ["zolicht", *args]
        try:
            cli.out.file = out
            cli.main(clock=FixedClock(NOW))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        finally:
            os.sys.argv = old_argv
            cli.out.file = None  # type: ignore[assignment]
    return CliResult(code, out.getvalue(), err.getvalue())
