"""The composition root: the one place that reads the settings and builds what commands and
pages run on (the store, the clock, Nextcloud clients, the form definitions).

The CLI builds one :class:`Root` per command and the web server one per process; tests
build theirs with a fixed clock. Nothing below this module reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from zolicht import config, reconcile
from zolicht import messages as M
from zolicht.clock import Clock, SystemClock
from zolicht.context import Context
from zolicht.domain.errors import InvalidInput
from zolicht.forms.definitions import FormDefinition
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.store import Store


@dataclass
class Root:
    """Settings read once, and the parts built from them on first use."""

    settings: config.Settings
    nextcloud: NextcloudConfig | None
    """zolicht's service account on Nextcloud; ``None`` when none is configured."""
    clock: Clock = field(default_factory=SystemClock)
    _store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.database_url)
        return self._store

    def context(self) -> Context:
        return Context(self.store, self.clock, self.settings.actor, self.settings.public_url)

    def client(self) -> Nextcloud:
        """A new session as the service account; the caller closes it."""
        if self.nextcloud is None:
            raise InvalidInput("ZOLICHT_NEXTCLOUD_URL", M.NEXTCLOUD_MISSING)
        return Nextcloud(self.nextcloud)

    @contextmanager
    def connected(self) -> Iterator[Nextcloud]:
        """:meth:`client` for a block; its session is closed afterwards."""
        client = self.client()
        try:
            yield client
        finally:
            client.close()

    def run(self, per_family: bool = False, accepted: Iterable[str] = ()) -> reconcile.Run:
        """A reconcile run with a session of its own (closed by whoever ends the run)."""
        return reconcile.Run(self.client(), per_family, forms_dir=self.settings.forms_dir,
                             accepted_advisories=self.settings.accepted_advisories
                             | set(accepted))

    @contextmanager
    def running(self, per_family: bool = False,
                accepted: Iterable[str] = ()) -> Iterator[reconcile.Run]:
        """:meth:`run` for a block; its session is closed afterwards."""
        run = self.run(per_family, accepted)
        try:
            yield run
        finally:
            run.client.close()

    def definitions(self) -> list[FormDefinition]:
        return reconcile.definitions(self.settings.forms_dir)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def build(env: Mapping[str, str] = os.environ, clock: Clock | None = None) -> Root:
    """Read the settings from ``env``; ``clock`` replaces the system clock (tests)."""
    given = {**env, "ZOLICHT_NEXTCLOUD_URL": env.get("ZOLICHT_NEXTCLOUD_URL")
             or env.get("NEXTCLOUD_URL", "")}  # AppAPI names it NEXTCLOUD_URL
    return Root(config.load(env), config.nextcloud(given), clock or SystemClock())
