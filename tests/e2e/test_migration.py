"""A family applied before migration 0006 (its folder named after the family, its groups
after the slug, one user share per document and reader) is moved by one apply.

The old state is written here the way zolicht wrote it before 0006 (b24a216): a database
at schema 0005 and, by HTTP as the service account, the folder ``<family name>/`` with its
subfolders and files, the accounts ``<slug>-<key>``, the groups ``zolicht-<slug>-gezin``
and ``-netwerk``, and a user share per (document, reader), read (1) or read and change (3).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from tests.e2e.conftest import World
from zolicht.context import Context
from zolicht.domain import names
from zolicht.domain.model import Access, Circle, Family, Person
from zolicht.domain.visibility import readers
from zolicht.reconcile.ops import Kind
from zolicht.services import audit, grants
from zolicht.store import MIGRATIONS, Store, schema_revision

SUBFOLDERS = ("Psycho-educatie", "Afspraken", "Signaleringsplan", "Formulieren", "Dossier")
OLD_PERMISSIONS = {Access.READ: 1, Access.EDIT: 3}


def migrate(url: str, revision: str, up: bool) -> None:
    """Move the schema to ``revision``, with SQLite's foreign keys off meanwhile: SQLite
    rebuilds a table to change it, and dropping the old table with foreign keys on deletes
    (ON DELETE CASCADE) or refuses for every row that refers to it."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
        with conn.begin():
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            (command.upgrade if up else command.downgrade)(config, revision)
    engine.dispose()


def old_uid(family: Family, person: Person) -> str:
    return person.nextcloud_user or f"{family.slug}-{person.key}"


def apply_the_old_way(world: World, family: Family, on: date,
                      contents: dict[str, bytes]) -> list[tuple[str, dict[str, str]]]:
    """What zolicht before 0006 made in Nextcloud for ``family``; returns the rows it kept
    (table, values) for the database at schema 0005."""
    cloud, auth = world.cloud, world.service.auth
    seen = readers(family, on)
    accounts = {p.key: old_uid(family, p) for p in family.people if p.email or p.nextcloud_user}
    for person in family.people:
        if person.key in accounts:
            cloud.ocs("POST", "/cloud/users", auth, data={
                "userid": accounts[person.key], "email": person.email or "",
                "displayName": person.name})
    for circle, suffix in ((Circle.FAMILY, "gezin"), (Circle.NETWORK, "netwerk")):
        gid = f"zolicht-{family.slug}-{suffix}"
        cloud.ocs("POST", "/cloud/groups", auth, data={"groupid": gid})
        for person in family.people:
            if person.circle is circle and person.key in accounts:
                cloud.ocs("POST", f"/cloud/users/{quote(accounts[person.key])}/groups", auth,
                          data={"groupid": gid})
    dav = f"/remote.php/dav/files/{world.service.uid}/"
    root = family.name
    for folder in (root, *(f"{root}/{sub}" for sub in SUBFOLDERS)):  # 405: made already
        made = world.http.request("MKCOL", dav + quote(folder), auth=auth).status_code
        assert made in (201, 405), made
    rows: list[tuple[str, dict[str, str]]] = []
    for document in family.documents:
        path = f"{root}/Psycho-educatie/{document.file_name}"
        put = world.http.put(dav + quote(path), content=contents[document.sha256], auth=auth)
        assert put.status_code in (201, 204), put.text  # 204: another family's file
        rows.append(("remote_files", {"path": path, "sha256": document.sha256,
                                      "etag": put.headers["etag"].strip('"')}))
        for key, access in seen[document.key].items():
            if key not in accounts:
                continue
            share = cloud.ocs("POST", "/apps/files_sharing/api/v1/shares", auth, data={
                "path": f"/{path}", "shareType": 0, "shareWith": accounts[key],
                "permissions": OLD_PERMISSIONS[access]})
            rows.append(("remote_shares", {"share_id": str(share["id"])}))
    return rows


def at_0005(url: str, slug: str, rows: list[tuple[str, dict[str, str]]],
            when: datetime) -> None:
    """Keep what the old run remembered, in the old schema, and a journal that ended well."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        assert schema_revision(conn) == "0005"
        family_id = conn.execute(sa.text("SELECT id FROM families WHERE slug = :slug"),
                                 {"slug": slug}).scalar_one()
        for table, values in rows:
            columns = ", ".join(["family_id", *values])
            marks = ", ".join(f":{c}" for c in ["family_id", *values])
            conn.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"),
                         {"family_id": family_id, **values})
        conn.execute(sa.text(
            "INSERT INTO operations (run_id, family_id, seq, kind, target, state, at) "
            "VALUES ('old-run', :family_id, 0, 'UPLOAD', 'the old apply', 'done', :at)"),
            {"family_id": family_id, "at": when})
    engine.dispose()


Grant = tuple[str, str, str, tuple[str, ...]]
"""(document, member, access, consenting keys)"""


def from_before_0006(world: World, families: dict[str, tuple[str, list[Grant]]]) -> None:
    """Small families (slug: display name and grants) as zolicht before 0006 left them:
    applied the old way, the database at schema 0005; then migrated to the newest schema.

    The migration runs as ``Store(url)`` runs it (foreign keys off on SQLite)."""
    contents: dict[str, bytes] = {}
    for slug, (name, given) in families.items():
        world.small_family(slug, name)
        for document, member, access, consenters in given:
            for by in consenters:
                grants.grant(world.ctx, slug, document, member, by=by, access=access)
        with world.ctx.store.reading() as tx:
            contents |= {d.sha256: tx.families.blob(d.sha256)
                         for d in world.family(slug).documents}
    old = {slug: world.family(slug) for slug in families}
    url = world.ctx.store.engine.url.render_as_string(hide_password=False)
    world.ctx.store.close()
    migrate(url, "0005", up=False)
    for slug, family in old.items():
        at_0005(url, slug, apply_the_old_way(world, family, world.ctx.today(), contents),
                world.ctx.now())
    Store(url).close()  # migrates to the newest schema, as every zolicht command does
    world.ctx = Context(Store(url), world.ctx.clock, world.ctx.actor)
    for slug, family in old.items():
        migrated = world.family(slug)
        assert migrated.space and migrated.space != family.space
        assert [p.uid for p in migrated.people] == [old_uid(family, p) for p in family.people]


def assert_only_the_new_names(world: World, slug: str, old_folder: str) -> None:
    """The old folder and groups are gone; every share is a group share in the family's
    new folder."""
    service = world.service.auth
    dav = f"/remote.php/dav/files/{world.service.uid}/"
    space = world.family(slug).space
    assert world.http.request("PROPFIND", dav + quote(old_folder), auth=service,
                              headers={"Depth": "0"}).status_code == 404
    assert world.http.request("PROPFIND", dav + names.root(space), auth=service,
                              headers={"Depth": "0"}).status_code == 207
    assert world.cloud.groups(f"zolicht-{slug}", service) == []
    mine = [s for s in world.shares(slug) if s["path"].startswith(f"/{names.root(space)}")]
    assert mine and {s["share_type"] for s in mine} == {1}
    assert world.plan(slug).empty


def test_a_family_from_before_0006_moves_in_one_apply(bare_world: World) -> None:
    world = bare_world
    slug = f"visser-{world.tag}"  # old account ids are made from the slug: unique here
    from_before_0006(world, {slug: ("Gezin Visser", [
        ("over-ouder", "oma", "edit", ("ouder",)),
        ("over-jongere", "buur", "read", ("jongere", "ouder"))])})
    before = world.seen()
    assert before == world.allowed() and any(before.values())  # read the old way

    outcome = world.apply(slug)
    assert outcome.complete, outcome.error
    kinds = {op.kind for op in outcome.plan.ops}
    assert Kind.UPLOAD not in kinds and Kind.CREATE_USER not in kinds  # moved, kept
    assert world.seen() == before  # nobody lost access for longer than that apply
    assert_only_the_new_names(world, slug, "Gezin Visser")
    assert not any(s["share_type"] != 1 for s in world.shares(slug))
    moved = [e.event for e in audit.events(world.ctx, slug)
             if e.event.action == "family.migrated"]
    assert [e.reason for e in moved] == ["folder moved"]


def test_two_families_that_shared_a_folder_before_0006_are_separated(
        bare_world: World) -> None:
    """Two families of one name shared a folder (the second's files overwrote the first's,
    and the first family read them): the old folder is removed, each family gets its own."""
    world = bare_world
    first, second = f"jansen-{world.tag}", f"jansen-oma-{world.tag}"
    from_before_0006(world, {first: ("Gezin Jansen", [("over-ouder", "oma", "read",
                                                       ("ouder",))]),
                             second: ("Gezin Jansen", [])})
    assert world.seen() != world.allowed()  # the old way: the first read the second's text
    for slug in (first, second):
        outcome = world.apply(slug)
        assert outcome.complete, (slug, outcome.error)
    assert world.seen() == world.allowed()
    for slug in (first, second):
        assert_only_the_new_names(world, slug, "Gezin Jansen")
        removed = [e.event for e in audit.events(world.ctx, slug)
                   if e.event.action == "family.migrated"]
        assert [e.reason for e in removed] == ["old objects removed"]


def test_the_store_upgrades_a_0005_database_and_keeps_everyone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrate(url, "0005", up=True)
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # as zolicht before 0006 stored a family of two
        conn.execute(sa.text(
            "INSERT INTO families (id, slug, name, status, created_at, revision) "
            "VALUES (1, 'visser', 'Gezin Visser', 'active', '2026-11-01 10:00:00', 1)"))
        for number, key in enumerate(("ouder", "oma"), start=1):
            conn.execute(sa.text(
                "INSERT INTO people (id, family_id, key, name, role, circle, has_authority, "
                "not_capable) VALUES (:id, 1, :key, :key, 'rol', 'family', 0, 0)"),
                {"id": number, "key": key})
    engine.dispose()
    store = Store(url)
    try:
        with store.reading() as tx:
            family = tx.families.load("visser")
    finally:
        store.close()
    assert [p.key for p in family.people] == ["ouder", "oma"]
    assert {p.account for p in family.people} == {"visser-ouder", "visser-oma"}
