"""Provisioning end to end: a Nextcloud (devcloud, or the one the environment names), a
family record, and reading back as each person over WebDAV.

A ``World`` is one test's zolicht (its own database) working as one fresh service account.
Everything it makes in Nextcloud is named from random tokens (the families' spaces and
accounts, and the world's ``tag`` in e-mail addresses and linked accounts), so tests can
share a real server with each other and with other people.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import EXAMPLE, NOW
from tests.e2e.harness import (
    Account,
    Instance,
    instance,
    new_password,
    scratch,
    shared_files,
)
from zolicht import reconcile
from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.domain import names
from zolicht.domain.model import Family
from zolicht.domain.visibility import readers
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile.plan import Plan
from zolicht.services import family as families
from zolicht.services import transfer
from zolicht.store import Store


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "devcloud: only makes sense against devcloud; "
                            "skipped when ZOLICHT_E2E_NEXTCLOUD_URL names a real server")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from tests.e2e.harness import REAL

    if REAL is None:
        return
    skip = pytest.mark.skip(reason="needs devcloud; the tests run against a real server")
    for item in items:
        if "devcloud" in item.keywords:
            item.add_marker(skip)


SMALL = ("ouder", "jongere", "hulpverlener", "oma", "buur")
"""The keys of ``World.small_family``'s people: parent, youth, professional, network ×2."""


@dataclass(frozen=True)
class Placed:
    """One of the world's documents, as someone found it in Nextcloud."""

    family: str
    document: str
    file_name: str


@dataclass
class World:
    cloud: Instance
    ctx: Context
    service: Account
    """zolicht's service account (an administrator made for this test)."""
    http: httpx.Client
    """Keeps no cookies (see ``harness.cookieless``): requests as several people are safe."""
    tag: str
    """Makes this world's e-mail addresses and linked account ids its own."""
    root: Path
    """A folder of the test's own (documents to import)."""
    clients: list[Nextcloud] = field(default_factory=list)
    passwords: dict[str, str | None] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    """App passwords by account id: reading with them is fast on a real server."""
    owners: dict[str, Account] = field(default_factory=dict)
    """Families applied by another service account than ``service`` (their own allowance
    of Nextcloud's rate limits)."""
    strangers: list[str] = field(default_factory=list)
    forms_dir: Path = DEFAULT_DIR
    """The form definitions every run of this world deploys (``make_world``: two of them,
    so that families apply quickly; the forms tests deploy all)."""

    # -- zolicht ------------------------------------------------------------------------------

    def owner(self, slug: str = "jansen") -> Account:
        return self.owners.get(slug, self.service)

    def config(self, slug: str = "jansen", **settings: Any) -> NextcloudConfig:
        """zolicht's settings for the service account that applies family ``slug``."""
        account = self.owner(slug)
        return NextcloudConfig(self.cloud.url, account.uid, account.app_password, **settings)

    def client(self, slug: str = "jansen", **settings: Any) -> Nextcloud:
        client = Nextcloud(self.config(slug, **settings))
        self.clients.append(client)
        return client

    def run(self, slug: str = "jansen", client: Nextcloud | None = None,
            **settings: Any) -> reconcile.Run:
        """A reconcile run as family ``slug``'s service account (advisories of the server
        accepted, see ``Instance.accepted``)."""
        settings.setdefault("forms_dir", self.forms_dir)
        return reconcile.Run(client or self.client(slug),
                             accepted_advisories=self.cloud.accepted, **settings)

    def apply(self, slug: str = "jansen", client: Nextcloud | None = None) -> reconcile.Outcome:
        return reconcile.apply_family(self.ctx, self.run(slug, client), slug)

    def plan(self, slug: str = "jansen", client: Nextcloud | None = None) -> Plan:
        return reconcile.plan_family(self.ctx, self.run(slug, client), slug)

    # -- the record ---------------------------------------------------------------------------

    def example(self, slug: str = "jansen", name: str = "Gezin Jansen") -> str:
        """The example family as YAML, under another slug and name, with e-mail addresses
        and the professional's account id of this world and family alone."""
        return (EXAMPLE.read_text()
                .replace("slug: jansen", f"slug: {slug}")
                .replace("name: Gezin Jansen", f"name: {json.dumps(name)}")
                .replace("@example.nl", f"@{slug}.{self.tag}.example.nl")
                .replace("nextcloud_user: lotte.visser",
                         f"nextcloud_user: lotte.{slug}.{self.tag}"))

    def new_family(self, slug: str, name: str | None = None, text: str | None = None,
                   own_account: bool = False) -> Family:
        """Import a family (the example's people and documents by default), each document
        ending in a line of its own (so that its content says which family's it is); with
        ``own_account`` it is applied by a service account of its own."""
        if own_account:
            self.owners[slug] = self.cloud.service_account()
        text = text or self.example(slug, name or f"Gezin {slug.title()}")
        base = self.root / f"documents-{slug}"
        (base / "jansen").mkdir(parents=True, exist_ok=True)
        for source in (EXAMPLE.parent / "jansen").iterdir():
            (base / "jansen" / source.name).write_bytes(
                source.read_bytes() + f"\n<!-- {slug} {self.tag} -->\n".encode())
        return transfer.import_family(self.ctx, text, base)

    def small_family(self, slug: str, name: str, keys: tuple[str, ...] = SMALL,
                     own_account: bool = False) -> Family:
        """A family of five (a parent with authority, a youth of 14, a professional with a
        linked account, two network members: ``keys`` in that order) and a document about
        each of the first two, nothing granted yet. Its first apply makes five shares, so
        four such families stay under Nextcloud's limit of twenty per account."""
        parent, youth, professional, first, second = keys
        mail = f"{slug}.{self.tag}.example.nl"
        people = [
            dict(key=parent, name="Ouder", role="moeder", circle="family", born="1984-09-12",
                 authority=True, email=f"{parent}@{mail}"),
            dict(key=youth, name="Jongere", role="dochter", circle="family",
                 born="2012-06-08", email=f"{youth}@{mail}"),
            dict(key=professional, name="Hulpverlener", role="jeugdprofessional",
                 circle="professional", email=f"{professional}@{mail}",
                 nextcloud_user=f"{professional}.{slug}.{self.tag}"),
            dict(key=first, name="Netwerk een", role="oma", circle="network",
                 email=f"{first}@{mail}"),
            dict(key=second, name="Netwerk twee", role="buurman", circle="network",
                 email=f"{second}@{mail}"),
        ]
        documents = [
            dict(key="over-jongere", title="Uitleg", kind="psycho_education", about=youth,
                 sensitivity="health", file_name="uitleg.md", file="uitleg.md"),
            dict(key="over-ouder", title="Rust", kind="psycho_education", about=parent,
                 sensitivity="sensitive", file_name="rust.md", file="rust.md"),
        ]
        base = self.root / f"documents-{slug}"
        base.mkdir(parents=True, exist_ok=True)
        for document in documents:
            (base / str(document["file"])).write_text(
                f"# {document['title']}\n\n{slug} {self.tag}\n")
        text = json.dumps({"zolicht": 1, "family": {"slug": slug, "name": name},
                           "people": people, "documents": documents})
        if own_account:
            self.owners[slug] = self.cloud.service_account()
        return transfer.import_family(self.ctx, text, base)

    def family(self, slug: str = "jansen") -> Family:
        return families.load_family(self.ctx, slug)

    def slugs(self) -> list[str]:
        return [f.slug for f in families.list_families(self.ctx)]

    def uid(self, person: str, slug: str = "jansen") -> str:
        """Who ``person`` of family ``slug`` is in Nextcloud."""
        found = self.family(slug).person(person)
        assert found is not None, (slug, person)
        return found.uid

    def expected(self, slug: str = "jansen") -> dict[str, set[str]]:
        """Per person: the file names the consent rules let them see today.

        Someone with neither an e-mail address nor a Nextcloud account cannot be given
        anything (zolicht reports them as a problem of the plan), so they see nothing.
        """
        family = self.family(slug)
        seen = readers(family, self.ctx.today())
        names_ = {d.key: d.file_name for d in family.documents}
        return {p.key: {names_[doc] for doc, who in seen.items() if p.key in who}
                if p.email or p.nextcloud_user else set() for p in family.people}

    def readers(self, slug: str = "jansen") -> dict[str, set[str]]:
        """Per person: the documents the rules allow, account or not."""
        family = self.family(slug)
        seen = readers(family, self.ctx.today())
        return {p.key: {doc for doc, who in seen.items() if p.key in who}
                for p in family.people}

    def allowed(self) -> dict[str, set[Placed]]:
        """Per account of any of the world's families: the documents the rules let it read
        today (a professional of two families reads both)."""
        found: dict[str, set[Placed]] = {}
        for slug in self.slugs():
            family = self.family(slug)
            seen = readers(family, self.ctx.today())
            for person in family.people:
                mine = found.setdefault(person.uid, set())
                if person.email or person.nextcloud_user:
                    mine |= {Placed(slug, d.key, d.file_name) for d in family.documents
                             if person.key in seen[d.key]}
        return found

    # -- Nextcloud, as people -----------------------------------------------------------------

    def password(self, uid: str) -> str | None:
        """The login password of ``uid``, set (once) by the service account of their
        family; None when Nextcloud has no such account."""
        if self.passwords.get(uid) is None:
            password = new_password()
            answer = self.http.put(f"/ocs/v2.php/cloud/users/{quote(uid)}",
                                   data={"key": "password", "value": password},
                                   auth=self._setter(uid).auth,
                                   headers={"OCS-APIRequest": "true"})
            assert answer.status_code in (200, 404), answer.text
            self.passwords[uid] = password if answer.status_code == 200 else None
        return self.passwords[uid]

    def _setter(self, uid: str) -> Account:
        """The service account of (one of) the families ``uid`` belongs to: Nextcloud counts
        password changes per account that makes them (50 per 10 minutes)."""
        for slug in self.owners:
            if any(p.uid == uid for p in self.family(slug).people):
                return self.owners[slug]
        return self.service

    def auth(self, uid: str) -> tuple[str, str] | None:
        """Credentials to act as ``uid`` (an app password), or None without an account."""
        if uid not in self.tokens:
            password = self.password(uid)
            if password is None:
                return None
            self.tokens[uid] = self.cloud.app_password(uid, password)
        return (uid, self.tokens[uid])

    def stranger(self) -> str:
        """A new account in none of the families (a random id); it has a known password."""
        uid = f"zt-x-{secrets.token_hex(4)}"
        self.passwords[uid] = self.cloud.account(uid, self.service.auth).password
        self.strangers.append(uid)
        return uid

    def index(self) -> dict[str, list[Placed]]:
        """The world's documents by the hash of their content in the record (which every
        family's import makes its own: see ``new_family``)."""
        found: dict[str, list[Placed]] = {}
        for slug in self.slugs():
            for document in self.family(slug).documents:
                found.setdefault(document.sha256, []).append(
                    Placed(slug, document.key, document.file_name))
        return found

    def reach(self, uid: str, index: dict[str, list[Placed]] | None = None
              ) -> dict[str, Placed]:
        """What ``uid`` reads of what was shared with them, by the path they see it at,
        each file known by its content; a file that is none of the world's documents (as
        the record has them now) is placed in no family (``Placed("", "", name)``)."""
        auth = self.auth(uid)
        if auth is None:
            return {}
        index = self.index() if index is None else index
        found = {}
        for path, content in shared_files(self.http, auth).items():
            name = path.rsplit("/", 1)[-1]
            candidates = index.get(hashlib.sha256(content).hexdigest(), [])
            found[path] = next((c for c in candidates if c.file_name == name),
                               candidates[0] if candidates else Placed("", "", name))
        return found

    def listing(self, uid: str) -> set[str]:
        """The file names of the world's documents ``uid`` can read."""
        return {placed.file_name for placed in self.reach(uid).values()}

    def visible(self, slug: str = "jansen") -> dict[str, set[str]]:
        """Per person: the file names they read back from Nextcloud, as themselves; another
        family's document is named ``<family>:<file name>``, so it never passes for one
        of this family's."""
        index = self.index()
        return {p.key: {placed.file_name if placed.family == slug
                        else f"{placed.family}:{placed.file_name}"
                        for placed in self.reach(p.uid, index).values()}
                for p in self.family(slug).people}

    def seen(self, uids: set[str] | None = None) -> dict[str, set[Placed]]:
        """Per account (every account of the world's families and every stranger by
        default): the documents it reads back, as itself."""
        index = self.index()
        uids = uids if uids is not None else {
            p.uid for slug in self.slugs() for p in self.family(slug).people} | set(
            self.strangers)
        return {uid: set(self.reach(uid, index).values()) for uid in uids}

    def read(self, uid: str, name: str) -> int:
        """The HTTP status of ``uid`` reading the world's document ``name`` where they see
        it (at the root of their files when they do not see it)."""
        auth = self.auth(uid)
        assert auth is not None, uid
        path = next((p for p, placed in self.reach(uid).items() if placed.file_name == name),
                    name)
        return self.http.get(f"/remote.php/dav/files/{quote(uid)}/{quote(path)}",
                             auth=auth).status_code

    def shares(self, slug: str = "jansen") -> list[dict[str, Any]]:
        """Every share of the service account's files (as Nextcloud lists them to it)."""
        return list(self.cloud.ocs("GET", "/apps/files_sharing/api/v1/shares",
                                   self.owner(slug).auth, params={"reshares": "true"}))

    def cleanup(self) -> None:
        """On a real server: remove the accounts and groups this world made (best effort)."""
        for client in self.clients:
            client.close()
        if not self.cloud.real:
            return
        by = self.service.auth
        for slug in self.slugs():
            family = self.family(slug)
            owner = self.owner(slug).auth
            for gid in self.cloud.groups(names.group_prefix(family.space), owner):
                self.cloud.delete_group(gid, owner)
            for person in family.people:
                self.cloud.delete_account(person.uid, owner)
        for account in self.cloud.made:
            if account.uid != self.service.uid:
                self.cloud.delete_account(account.uid, by)
        for account in [*self.owners.values(), self.service]:
            self.cloud.delete_account(account.uid, self.cloud.admin)


def few_forms(folder: Path) -> Path:
    """The form definitions cut down to one for the family and the check-in for the
    network: every kind of form operation, in families that apply quickly."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("stap-1-helpen.yaml", "check-in-netwerk.yaml"):
        shutil.copy(DEFAULT_DIR / name, folder / name)
    return folder


def make_world(cloud: Instance, tmp_path: Path, clock: FixedClock | None = None,
               import_example: bool = True) -> World:
    store = Store(f"sqlite:///{tmp_path / f'zolicht-{secrets.token_hex(3)}.sqlite3'}")
    ctx = Context(store, clock or FixedClock(NOW), "test:operator")
    service = cloud.service_account()
    cloud.operator = service
    world = World(cloud, ctx, service, cloud.http, secrets.token_hex(3), tmp_path)
    world.forms_dir = few_forms(tmp_path / f"forms-{world.tag}")
    if import_example:
        world.new_family("jansen", "Gezin Jansen")
    return world


def worlds(tmp_path: Path, import_example: bool) -> Iterator[World]:
    with scratch(tmp_path) as folder, instance(folder / "nextcloud") as cloud:
        made = make_world(cloud, folder, import_example=import_example)
        try:
            yield made
        finally:
            made.cleanup()
            made.ctx.store.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A world holding the example family ``jansen``, not yet applied."""
    yield from worlds(tmp_path, import_example=True)


@pytest.fixture
def bare_world(tmp_path: Path) -> Iterator[World]:
    """A world without families."""
    yield from worlds(tmp_path, import_example=False)


def cli_uses(world: World, monkeypatch: pytest.MonkeyPatch, slug: str = "jansen") -> None:
    """The ``zolicht`` command works on this world's database and Nextcloud."""
    database = world.ctx.store.engine.url.render_as_string(hide_password=False)
    account = world.owner(slug)
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", database)
    monkeypatch.setenv("ZOLICHT_NEXTCLOUD_URL", world.cloud.url)
    monkeypatch.setenv("ZOLICHT_NEXTCLOUD_USER", account.uid)
    monkeypatch.setenv("ZOLICHT_NEXTCLOUD_APP_PASSWORD", account.app_password)
    monkeypatch.setenv("ZOLICHT_ACCEPT_ADVISORIES", ",".join(sorted(world.cloud.accepted)))
    monkeypatch.setenv("ZOLICHT_FORMS_DIR", str(world.forms_dir))
