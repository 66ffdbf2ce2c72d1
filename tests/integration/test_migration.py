"""Migration 0006 on a database that families were written to before it (SQLite and
PostgreSQL): every family gets a random space and remembers its old folder, people keep the
accounts zolicht made for them, and an old id two people shared goes to the first only."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from zolicht.store import MIGRATIONS, Store

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def upgrade_to(url: str, revision: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def add_family(conn: sa.Connection, slug: str, name: str, people: dict[str, str | None]) -> None:
    family_id = conn.execute(sa.text(
        "INSERT INTO families (slug, name, status, created_at, revision) "
        "VALUES (:slug, :name, 'active', :at, 0) RETURNING id"),
        {"slug": slug, "name": name, "at": NOW}).scalar_one()
    for key, linked in people.items():
        conn.execute(sa.text(
            "INSERT INTO people (family_id, key, name, role, circle, has_authority, "
            "not_capable, nextcloud_user) VALUES (:family, :key, :key, 'x', 'family', "
            "false, false, :linked)"), {"family": family_id, "key": key, "linked": linked})


def test_families_from_before_keep_their_accounts_and_get_a_space(database_url: str) -> None:
    upgrade_to(database_url, "0005")
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        add_family(conn, "jansen", "Gezin Jansen", {"oma-ria": None, "lotte": "lotte.visser"})
        add_family(conn, "jansen-oma", "Gezin Jansen", {"ria": None})  # same old id
    engine.dispose()
    store = Store(database_url)  # migrates to the newest revision
    with store.reading() as tx:
        jansen, other = tx.families.load("jansen"), tx.families.load("jansen-oma")
        roots = dict(tx.families.conn.execute(sa.text(
            "SELECT slug, legacy_root FROM families")).all())
    store.close()
    assert jansen.space != other.space and len(jansen.space) == 10
    assert roots == {"jansen": "Gezin Jansen", "jansen-oma": "Gezin Jansen"}
    ria, lotte = jansen.person("oma-ria"), jansen.person("lotte")
    assert ria is not None and lotte is not None
    assert ria.uid == "jansen-oma-ria"  # the account that exists keeps working
    assert lotte.uid == "lotte.visser"
    other_ria = other.person("ria")
    assert other_ria is not None and other_ria.uid.startswith("zl-")  # never the same one
