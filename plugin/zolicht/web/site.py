"""The web side's state and the actions pages and API share: who someone is in which
family, recording a yes or a stop, and applying it to Nextcloud at once."""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from zolicht import reconcile
from zolicht.clock import Clock, SystemClock
from zolicht.domain.errors import ZolichtError
from zolicht.domain.model import Family, Person
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.nextcloud import Nextcloud, NextcloudConfig, NextcloudError
from zolicht.services import Context, grants
from zolicht.services import family as families
from zolicht.store import Store
from zolicht.web.auth import Sessions
from zolicht.web.views import has_a_say


class Forbidden(ZolichtError):
    """The signed-in person may not see or do this."""


@dataclass
class WebSettings:
    database_url: str
    nextcloud: NextcloudConfig | None
    """The service account zolicht applies changes with, and the Nextcloud people sign in
    to (standalone mode)."""
    app_secret: str = ""
    """AppAPI's shared secret (``APP_SECRET``): set when running as an external app."""
    secure_cookies: bool = False
    """Mark the session cookie ``Secure``; on whenever zolicht is served over TLS."""
    forms_dir: Path = DEFAULT_DIR
    app_version: str = "0.1.0"
    """``APP_VERSION`` from AppAPI; sent back in ``EX-APP-VERSION``."""
    root_path: str = ""
    """Prefix of every link and redirect: AppAPI's proxy path when running as an ExApp."""
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    """Signs the CSRF tokens; a new one per start."""


@dataclass(frozen=True)
class Membership:
    family: Family
    person: Person


@dataclass(frozen=True)
class Change:
    """A yes or a stop, recorded, and whether Nextcloud already has it."""

    outcome: grants.Outcome
    applied: bool


class Site:
    def __init__(self, settings: WebSettings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.database_url)
        self.clock = clock or SystemClock()
        self.sessions = Sessions()
        self._apply_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    def close(self) -> None:
        self.store.close()

    def context(self, uid: str) -> Context:
        return Context(self.store, self.clock, f"web:{uid}")

    def memberships(self, uid: str) -> list[Membership]:
        """Every family this Nextcloud user belongs to, with who they are in it."""
        with self.store.transaction() as tx:
            found = tx.families.accounts_of(uid)
            loaded = {slug: tx.families.load(slug) for slug in {s for s, _ in found}}
        return [Membership(loaded[slug], person) for slug, key in found
                if (person := loaded[slug].person(key)) is not None]

    def membership(self, uid: str, slug: str) -> Membership:
        """Who ``uid`` is in family ``slug``; Forbidden when they are not in it (the same
        answer whether or not the family exists)."""
        found = next((m for m in self.memberships(uid) if m.family.slug == slug), None)
        if found is None:
            raise Forbidden(slug)
        return found

    def decide(self, uid: str, slug: str, document: str, member: str, on: bool) -> Change:
        """Record the signed-in person's yes (``on``) or stop, then apply the family."""
        me = self.membership(uid, slug)
        doc = families.document_or_fail(me.family, document)
        if not has_a_say(me.family, me.person, doc, self.clock.now().date()):
            raise Forbidden(document)
        ctx = self.context(uid)
        if on and me.family.grant(document, member) is not None:
            outcome = grants.consent(ctx, slug, document, member, me.person.key)
        elif on:
            outcome = grants.grant(ctx, slug, document, member, me.person.key)
        else:
            outcome = grants.revoke(ctx, slug, document, member, me.person.key)
        return Change(outcome, self.apply(slug))

    def apply(self, slug: str) -> bool:
        """Make Nextcloud match the family now; one apply per family at a time."""
        if self.settings.nextcloud is None:
            return False
        with self._apply_locks[slug]:
            client = Nextcloud(self.settings.nextcloud)
            try:
                run = reconcile.Run(client, per_family=True, forms_dir=self.settings.forms_dir)
                outcome = reconcile.apply_family(self.context("apply"), run, slug)
            except NextcloudError:
                return False
            finally:
                client.close()
        return outcome.failed is None

