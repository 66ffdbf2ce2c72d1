"""The store on SQLite and PostgreSQL: migrations, round trips, all-or-nothing writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import zolicht.store as store_module
from tests.conftest import EXAMPLE, snapshot
from zolicht.context import Context
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Family
from zolicht.services import family as families
from zolicht.services import grants, transfer
from zolicht.store import MIGRATIONS, SCHEMA_REVISION, Store, migrate
from zolicht.store.repository import FamilyCache
from zolicht.store.tables import metadata


def test_migrations_create_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_the_code_knows_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_migrating_twice_changes_nothing(store: Store) -> None:
    before = snapshot(store)
    migrate(store.engine)
    assert snapshot(store) == before


def test_a_family_reads_back_as_it_was_written(ctx: Context) -> None:
    imported = transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    loaded = families.load_family(ctx, "jansen")
    assert loaded == imported
    assert {g.member for g in loaded.grants} >= {"oma-ria", "joost", "ans", "kevin", "mark"}


def test_a_failed_import_leaves_no_half_written_family(ctx: Context, tmp_path: Path) -> None:
    """The last grant refers to a person the store will not find: a write fails mid-way."""
    family, contents = transfer.parse_family(EXAMPLE.read_text(), EXAMPLE.parent, ctx.today())
    before = snapshot(ctx.store)
    with pytest.raises(sa.exc.IntegrityError), ctx.store.transaction() as tx:
        tx.families.create(family.slug, family.name, family.status, ctx.now())
        tx.families.add_people(family.slug, family.people)
        tx.families.add_documents(family.slug,
                                  [(d, contents[d.sha256]) for d in family.documents])
        tx.families.add_people(family.slug, family.people[:1])  # duplicate key
    assert snapshot(ctx.store) == before
    assert families.list_families(ctx) == []


def test_a_rejected_command_rolls_back_its_earlier_writes(ctx: Context) -> None:
    families.create_family(ctx, "jansen", "Gezin Jansen")
    before = snapshot(ctx.store)
    with pytest.raises(InvalidInput), ctx.store.transaction() as tx:
        tx.families.set_status("jansen", families.FamilyStatus.CLOSED)
        tx.families.load("nobody")
    assert snapshot(ctx.store) == before


def test_document_contents_are_kept_once_and_intact(ctx: Context) -> None:
    transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    family = families.load_family(ctx, "jansen")
    with ctx.store.transaction() as tx:
        for document in family.documents:
            source = EXAMPLE.parent / "jansen" / document.file_name
            assert tx.families.blob(document.sha256) == source.read_bytes()


def test_a_family_read_again_shows_every_change_made_since(ctx: Context,
                                                           database_url: str) -> None:
    """The family cache never hides a change: not one made through another Store (another
    process), not one of each kind of change, and not a change that was rolled back."""
    transfer.import_family(ctx, EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.parent)
    other = Context(Store(database_url), ctx.clock, "test:other")
    try:
        def seen() -> object:
            with ctx.store.reading() as tx:
                return tx.families.load("jansen")

        seen()  # loaded once: not kept yet (a sweep loads each family once)
        before = seen()
        assert seen() is before  # unchanged: reused
        grants.grant(other, "jansen", "prikkels", "kevin", by="petra")
        after_grant = seen()
        assert after_grant != before and after_grant.grant("prikkels", "kevin") is not None
        families.set_status(other, "jansen", "aftercare")
        assert seen().status.value == "aftercare"
        families.change_person(other, "jansen", "mark", {"has_authority": True})
        assert seen().person("mark").has_authority
        with pytest.raises(RuntimeError), ctx.store.transaction() as tx:
            tx.families.update_person("jansen", replace(seen().person("mark"), name="X"))
            assert tx.families.load("jansen").person("mark").name == "X"
            raise RuntimeError("rolled back")
        grants.revoke(other, "jansen", "prikkels", "kevin", by="petra")  # the same revision
        assert seen().person("mark").name == "Mark de Vries"
        assert seen().grant("prikkels", "kevin").consents == ()
    finally:
        other.store.close()


def test_the_family_cache_keeps_the_families_used_last() -> None:
    cache = FamilyCache(size=2)
    a, b, c = (Family(slug, slug) for slug in "abc")
    for family_id, family in enumerate((a, b), start=1):
        cache.put(family_id, 1, family)
        cache.put(family_id, 1, family)
    assert cache.get("a", 1, 1) is a  # used: kept before b
    cache.put(3, 1, c)
    cache.put(3, 1, c)
    assert cache.get("a", 1, 1) is a and cache.get("c", 3, 1) is c
    assert cache.get("b", 2, 1) is None
    assert cache.get("a", 1, 2) is None  # another revision is not this family


def test_the_family_cache_keeps_a_family_from_its_second_load() -> None:
    """A sweep loads every family once: those must not push out the families people work
    with."""
    cache = FamilyCache(size=2)
    a, b, c, d = (Family(slug, slug) for slug in "abcd")
    cache.put(1, 1, a)
    cache.put(1, 1, a)
    for family_id, family in enumerate((b, c, d), start=2):
        cache.put(family_id, 1, family)
        assert cache.get(family.slug, family_id, 1) is None
    assert cache.get("a", 1, 1) is a
    cache.put(1, 2, a)  # changed since: the new revision replaces the one kept
    assert cache.get("a", 1, 2) is a
    cache.put(4, 1, d)  # d's second load, after b and c came and went: kept
    assert cache.get("d", 4, 1) is d


@pytest.mark.postgres
def test_a_connection_the_server_dropped_while_idle_is_replaced(
        pg_schema_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pooled connections are checked once idle for ``PING_AFTER`` (not at every checkout,
    a round trip each): one the server ended meanwhile (a restart) is not handed out."""
    opened = Store(pg_schema_url)
    with opened.reading() as tx:
        pid = tx.families.conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    admin = sa.create_engine(pg_schema_url)
    with admin.begin() as conn:
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    admin.dispose()
    monkeypatch.setattr(store_module, "PING_AFTER", 0.0)  # idle long enough
    try:
        with opened.reading() as tx:
            assert tx.families.conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
            assert tx.families.summaries() == []
    finally:
        opened.close()
