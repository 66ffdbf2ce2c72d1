"""Fixtures for the command-line tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import EXAMPLE, run_cli
from zolicht.store import Store


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The command works on this database, with the example family already imported."""
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", database_url)
    assert run_cli("family", "import", str(EXAMPLE)).code == 0
    store = Store(database_url)
    yield store
    store.close()
