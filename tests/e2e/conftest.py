"""Provisioning end to end: a devcloud, a family record, and reading back as each member."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLE, NOW
from tests.devcloud.conftest import Cloud, serve
from zolicht import reconcile
from zolicht.clock import FixedClock
from zolicht.domain.model import Family
from zolicht.domain.visibility import readers
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.reconcile.desired import uid_of
from zolicht.services import Context, transfer
from zolicht.services import family as families
from zolicht.store import Store


@dataclass
class World:
    cloud: Cloud
    ctx: Context
    clients: list[Nextcloud]
    http: httpx.Client
    """One connection pool for every request the test makes as somebody."""
    passwords: dict[str, str | None] = field(default_factory=dict)

    def client(self, **settings: object) -> Nextcloud:
        config = NextcloudConfig(self.cloud.url, "admin", "admin", **settings)  # type: ignore[arg-type]
        client = Nextcloud(config)
        self.clients.append(client)
        return client

    def apply(self, slug: str = "jansen", client: Nextcloud | None = None) -> reconcile.Outcome:
        return reconcile.apply_family(self.ctx, reconcile.Run(client or self.client()), slug)

    def family(self, slug: str = "jansen") -> Family:
        return families.load_family(self.ctx, slug)

    def expected(self, slug: str = "jansen") -> dict[str, set[str]]:
        """Per person: the file names the consent rules let them see today.

        Someone with neither an e-mail address nor a Nextcloud account cannot be given
        anything (zolicht reports them as a problem of the plan), so they see nothing.
        """
        family = self.family(slug)
        seen = readers(family, self.ctx.today())
        names = {d.key: d.file_name for d in family.documents}
        return {p.key: {names[doc] for doc, who in seen.items() if p.key in who}
                if p.email or p.nextcloud_user else set() for p in family.people}

    def readers(self, slug: str = "jansen") -> dict[str, set[str]]:
        """Per person: the documents the rules allow, account or not."""
        family = self.family(slug)
        seen = readers(family, self.ctx.today())
        return {p.key: {doc for doc, who in seen.items() if p.key in who}
                for p in family.people}

    def visible(self, slug: str = "jansen") -> dict[str, set[str]]:
        """Per person: the file names they read back from Nextcloud, as themselves."""
        family = self.family(slug)
        return {p.key: self.listing(uid_of(family, p)) for p in family.people}

    def listing(self, uid: str) -> set[str]:
        password = self.password(uid)
        if password is None:
            return set()
        answer = self.http.request("PROPFIND", f"/remote.php/dav/files/{uid}/",
                                   headers={"Depth": "1"}, auth=(uid, password))
        assert answer.status_code == 207, answer.text
        hrefs = answer.text.split("<d:href>")[2:]
        return {h.split("</d:href>")[0].rstrip("/").rsplit("/", 1)[-1] for h in hrefs}

    def read(self, uid: str, name: str) -> int:
        password = self.password(uid)
        assert password is not None
        return self.http.get(f"/remote.php/dav/files/{uid}/{name}",
                             auth=(uid, password)).status_code

    def password(self, uid: str) -> str | None:
        """Set a known password as admin (once), so the test can act as this person."""
        if self.passwords.get(uid) is None:
            password = f"pw-{uid}-for-tests"
            answer = self.http.put(f"/ocs/v2.php/cloud/users/{uid}?format=json",
                                   data={"key": "password", "value": password},
                                   auth=("admin", "admin"), headers={"OCS-APIRequest": "true"})
            self.passwords[uid] = password if answer.status_code == 200 else None
        return self.passwords[uid]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    for cloud in serve(tmp_path / "nextcloud"):
        store = Store(f"sqlite:///{tmp_path / 'zolicht.sqlite3'}")
        ctx = Context(store, FixedClock(NOW), "test:operator")
        transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
        with httpx.Client(base_url=cloud.url, timeout=30) as http:
            made = World(cloud, ctx, [], http)
            yield made
        for client in made.clients:
            client.close()
        store.close()



def cli_uses(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``zolicht`` command works on this world's database and Nextcloud."""
    database = world.ctx.store.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", database)
    monkeypatch.setenv("ZOLICHT_NEXTCLOUD_URL", world.cloud.url)
    monkeypatch.setenv("ZOLICHT_NEXTCLOUD_USER", "admin")
    monkeypatch.setenv("ZOLICHT_NEXTCLOUD_APP_PASSWORD", "admin")
