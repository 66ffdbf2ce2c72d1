"""The web app served on loopback next to a Nextcloud holding two families (devcloud, or the
one the e2e harness is pointed at), and people signed in to it the way they would be:
through Nextcloud's Login Flow v2, granting access with an app password of their own."""

from __future__ import annotations

import html
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta

import httpx
import pytest

# the e2e world, and its hooks: the devcloud mark and skipping it on a real server, also
# when only tests/web is collected
from tests.e2e.conftest import World
from tests.e2e.conftest import pytest_collection_modifyitems as pytest_collection_modifyitems
from tests.e2e.conftest import pytest_configure as pytest_configure
from tests.e2e.conftest import world as world  # noqa: F401  (the fixture, re-exported)
from tests.e2e.harness import HARNESS_ADDRESS
from tests.web.appapi import PREFIX, appapi_proxy
from zolicht.clock import FixedClock
from zolicht.devcloud.app import LOGIN_ACTION, Server
from zolicht.web.app import create_app
from zolicht.web.server import running
from zolicht.web.site import Site, WebSettings

OTHER = "de-boer"
"""A second family (the example's people again, accounts of their own)."""
BROWSER = HARNESS_ADDRESS
"""The address people's browsers talk to Nextcloud from (on Nextcloud's allow-list) ..."""
ZOLICHT = "127.0.0.1"
"""... and zolicht's (on no list)."""


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields of a page's form, by name."""
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page))


@dataclass
class Web:
    world: World
    url: str
    site: Site
    clients: list[httpx.Client] = field(default_factory=list)

    def uid(self, person: str, slug: str = "jansen") -> str:
        return self.world.uid(person, slug)

    def app_password(self, uid: str) -> str:
        """A new app password of ``uid``'s (Nextcloud's "alternative log in"): one per
        sign-in, so that signing out, which revokes it, leaves the test's own alone."""
        password = self.world.password(uid)
        assert password is not None, f"{uid} has no Nextcloud account"
        return self.world.cloud.app_password(uid, password)

    def anonymous(self, address: str = "127.0.0.1") -> httpx.Client:
        """A browser talking to zolicht from ``address``."""
        client = httpx.Client(base_url=self.url, timeout=30, follow_redirects=False,
                              transport=httpx.HTTPTransport(local_address=address))
        self.clients.append(client)
        return client

    def grant_at_nextcloud(self, login_url: str, uid: str, app_password: str,
                           address: str = BROWSER) -> httpx.Response:
        """The person opens Nextcloud's login URL in their own browser (at ``address``,
        keeping Nextcloud's session cookie) and grants zolicht access with an app
        password; Nextcloud's last answer."""
        with httpx.Client(timeout=30, follow_redirects=True, transport=httpx.HTTPTransport(
                local_address=address)) as browser:
            page = browser.get(login_url)
            action = re.search(r'<form action="([^"]+)" method="post"', page.text)
            assert page.status_code == 200 and action is not None, page.text
            return browser.post(html.unescape(action[1]), data={
                "user": uid, "password": app_password, **form_fields(page.text)})

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

    def signed_in(self, person: str, slug: str = "jansen") -> httpx.Client:
        """A browser signed in to zolicht as ``person`` of family ``slug``."""
        uid = self.uid(person, slug)
        client = self.anonymous()
        token, login_url = self.start_sign_in(client)
        granted = self.grant_at_nextcloud(login_url, uid, self.app_password(uid))
        assert "Account connected" in granted.text, granted.text
        done = client.post("/inloggen/klaar", data={"login_token": token})
        assert done.status_code == 303 and done.headers["location"] == "/", done.text
        return client

    def csrf(self, client: httpx.Client) -> str:
        return str(client.get("/api/v1/me").json()["csrf_token"])

    def later(self, seconds: float) -> None:
        """Move the site's clock (the record's and the pending work's) forward."""
        assert isinstance(self.site.clock, FixedClock)
        self.site.clock.moment += timedelta(seconds=seconds)

    @contextmanager
    def cut_off(self) -> Iterator[str]:
        """A second web process on the same database, whose Nextcloud does not answer
        (nothing listens at its address); it knows the first one's sessions and signing
        key, as two processes behind one address would. Yields its URL; it stops at the
        end of the block."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
        settings = self.site.settings
        assert settings.nextcloud is not None
        site = Site(replace(settings, nextcloud=replace(settings.nextcloud, url=nowhere,
                                                        retries=0)), self.site.clock)
        site.sessions = self.site.sessions
        try:
            with running(create_app(site)) as url:
                yield url
        finally:
            site.close()

    @property
    def devcloud(self) -> Server:
        """The devcloud behind the test (for tests marked ``devcloud_only``)."""
        assert self.world.cloud.devcloud is not None, "mark the test devcloud_only"
        return self.world.cloud.devcloud.server

    def failed_logins(self, address: str) -> int:
        """The failed logins devcloud counted against ``address`` in the last hour."""
        return self.devcloud.accounts.attempts(LOGIN_ACTION, address, 1)


@pytest.fixture
def behind_appapi(web: Web) -> Iterator[str]:
    """zolicht as an external app, reached only through a proxy that behaves as AppAPI's;
    yields the proxy's address (Nextcloud's, as the browser sees it)."""
    site = Site(replace(web.site.settings, app_secret="s3cret", root_path=PREFIX),
                web.site.clock)
    with running(create_app(site)) as app_url, running(appapi_proxy(app_url, "s3cret")) as url:
        yield url
    site.close()


@pytest.fixture
def web(world: World) -> Iterator[Web]:
    world.new_family(OTHER, "Gezin De Boer")
    world.apply()
    world.apply(OTHER)
    database = world.ctx.store.engine.url.render_as_string(hide_password=False)
    settings = WebSettings(database, world.config(), forms_dir=world.forms_dir,
                           accepted_advisories=world.cloud.accepted)
    site = Site(settings, world.ctx.clock)
    with running(create_app(site)) as url:
        made = Web(world, url, site)
        yield made
        for client in made.clients:
            client.close()
    site.close()
