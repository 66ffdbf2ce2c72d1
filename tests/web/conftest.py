"""The web app served on loopback next to a development Nextcloud holding two families, and
people signed in to it the way they would be: with a Nextcloud app password."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLE
from tests.e2e.conftest import World
from tests.e2e.conftest import world as world  # noqa: F401  (the fixture, re-exported)
from tests.web.appapi import PREFIX, appapi_proxy
from zolicht.nextcloud import NextcloudConfig
from zolicht.services import transfer
from zolicht.web.app import create_app
from zolicht.web.server import running
from zolicht.web.site import Site, WebSettings

OTHER = "de-boer"
"""A second family; its mother is ``de-boer-petra``."""
BROWSER = "127.0.0.2"
"""The address people's browsers talk to Nextcloud from; zolicht talks from 127.0.0.1."""


@dataclass
class Web:
    world: World
    url: str
    site: Site
    clients: list[httpx.Client] = field(default_factory=list)

    def password(self, uid: str) -> str:
        """A password the test knows for ``uid``'s Nextcloud account."""
        password = self.world.password(uid)
        if password is None:  # a linked account zolicht does not create (the professional)
            self.world.cloud.user(uid)
            self.world.passwords[uid] = password = f"{uid}-secret-pw"
        return password

    def anonymous(self, address: str = "127.0.0.1") -> httpx.Client:
        """A browser talking to zolicht from ``address``."""
        client = httpx.Client(base_url=self.url, timeout=30, follow_redirects=False,
                              transport=httpx.HTTPTransport(local_address=address))
        self.clients.append(client)
        return client

    def grant_at_nextcloud(self, login_url: str, uid: str, password: str) -> httpx.Response:
        """The person signs in at Nextcloud, in their own browser (at ``BROWSER``), and
        grants zolicht access."""
        with httpx.Client(timeout=30, transport=httpx.HTTPTransport(
                local_address=BROWSER)) as browser:
            page = browser.get(login_url)
            token = re.search(r"name='token' value='([^']+)'", page.text)
            assert token is not None, page.text
            return browser.post(f"{self.world.cloud.url}/index.php/login/v2/grant",
                                data={"token": token[1], "user": uid, "password": password})

    def start_sign_in(self, client: httpx.Client) -> tuple[str, str]:
        """Press "Inloggen via Nextcloud"; returns (the form token, Nextcloud's login URL)."""
        token = re.search(r'name="login_token" value="([^"]+)"', client.get("/inloggen").text)
        assert token is not None
        started = client.post("/inloggen", data={"login_token": token[1], "naar": "/"})
        assert started.status_code == 303, started.text
        assert started.headers["location"] == "/inloggen/nextcloud"
        link = re.search(r'id="nextcloud" href="([^"]+)"', client.get("/inloggen/nextcloud").text)
        assert link is not None
        return token[1], html.unescape(link[1])

    def signed_in(self, uid: str) -> httpx.Client:
        client = self.anonymous()
        token, login_url = self.start_sign_in(client)
        granted = self.grant_at_nextcloud(login_url, uid, self.password(uid))
        assert "Account connected" in granted.text, granted.text
        done = client.post("/inloggen/klaar", data={"login_token": token})
        assert done.status_code == 303 and done.headers["location"] == "/", done.text
        return client

    def csrf(self, client: httpx.Client) -> str:
        return str(client.get("/api/v1/me").json()["csrf_token"])


def import_other_family(world: World) -> None:
    text = EXAMPLE.read_text().replace("slug: jansen", f"slug: {OTHER}").replace(
        "name: Gezin Jansen", "name: Gezin De Boer").replace(
        "nextcloud_user: lotte.visser", "nextcloud_user: sem.bakker")
    transfer.import_family(world.ctx, text, EXAMPLE.parent)


@pytest.fixture
def behind_appapi(web: Web) -> Iterator[str]:
    """zolicht as an external app, reached only through a proxy that behaves as AppAPI's;
    yields the proxy's address (Nextcloud's, as the browser sees it)."""
    settings = WebSettings(web.site.settings.database_url, web.site.settings.nextcloud,
                           app_secret="s3cret", root_path=PREFIX)
    site = Site(settings, web.site.clock)
    with running(create_app(site)) as app_url, running(appapi_proxy(app_url, "s3cret")) as url:
        yield url
    site.close()


@pytest.fixture
def web(world: World, tmp_path: Path) -> Iterator[Web]:
    import_other_family(world)
    world.apply()
    world.apply(OTHER)
    database = world.ctx.store.engine.url.render_as_string(hide_password=False)
    settings = WebSettings(database, NextcloudConfig(world.cloud.url, "admin", "admin"))
    site = Site(settings, world.ctx.clock)
    with running(create_app(site)) as url:
        made = Web(world, url, site)
        yield made
        for client in made.clients:
            client.close()
    site.close()
