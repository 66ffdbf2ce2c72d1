"""The web side's state and the actions pages and API share: who someone is in which
family, recording a yes or a stop, and applying it to Nextcloud at once."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from zolicht import reconcile
from zolicht.clock import Clock, SystemClock, today
from zolicht.context import Context
from zolicht.domain.audit import utc
from zolicht.domain.errors import ZolichtError
from zolicht.domain.model import Circle, Family, Person
from zolicht.forms.definitions import DEFAULT_DIR, FormDefinition
from zolicht.nextcloud import Nextcloud, NextcloudConfig, NextcloudError, appapi
from zolicht.nextcloud.provisioning import Account
from zolicht.nextcloud.webhooks import Ensured, Webhooks
from zolicht.reconcile import watch, worker
from zolicht.reconcile.desired import file_path
from zolicht.reconcile.plan import Plan
from zolicht.services import decisions, notify, webhooks
from zolicht.services import forms as answers
from zolicht.services.decisions import Decided
from zolicht.services.forms import PullReport
from zolicht.services.grants import Check
from zolicht.store import Store
from zolicht.store.work import Busy
from zolicht.web import auth
from zolicht.web.state import (
    Notices,
    Session,
    Sessions,
    SignIns,
    Throttle,
    Undos,
    session_key,
    shared_key,
)
from zolicht.web.views import AccountState, has_a_say, may_open_family_page

VERSION_RECHECK = 300.0
"""Seconds between two checks of Nextcloud's version against known advisories."""
RETRY = 30.0
"""Seconds between two tries of the changes Nextcloud did not take (and between two sweeps
of timed-out sessions)."""
DECISIONS = frozenset({"grant.consent", "grant.revoke", "grant.request"})
"""Audit actions that record a yes or a stop (see ``Site.unapplied``)."""
THROTTLE_WINDOW = 10 * 60.0
SIGN_INS_PER_WINDOW = 20
POLLS_PER_WINDOW = 60
ACCOUNT_RECHECK = {AccountState.SIGNED_IN: 60.0, AccountState.INVITED: 10.0}
"""Seconds a member's account state (``Site.accounts``) is taken as still true: someone who
signed in stays so; an invitation may be taken up any moment; "no account" is asked every
time, since zolicht's own next apply may make it."""
PROFESSIONALS_GROUP = "zolicht-hulpverleners"
"""The Nextcloud group of the people who may create families, unless set otherwise."""
CREATOR_RECHECK = 60.0
"""Seconds a page trusts the last answer to "may this person create families?"; creating
one always asks Nextcloud again."""


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
    key: bytes = b""
    """Signs the CSRF tokens; empty: the one in the database, shared by every web process
    on it (made by the first)."""
    accepted_advisories: frozenset[str] = frozenset()
    """Advisories of the Nextcloud server the operator accepted by name."""
    public_url: str = ""
    """Where people reach these pages (``ZOLICHT_PUBLIC_URL``), for links in notifications."""
    professionals_group: str = PROFESSIONALS_GROUP
    """The Nextcloud group whose members may create families (``ZOLICHT_PROFESSIONALS_GROUP``)."""
    webhook_secret: str = ""
    """What Nextcloud's webhooks must carry (see :mod:`zolicht.services.webhooks`); none:
    webhooks are refused."""
    share_watch: float = 0.0
    """Seconds between two looks for shares nobody chose (``reconcile.watch``); 0: none."""


@dataclass(frozen=True)
class Membership:
    family: Family
    person: Person


def _decider(key: str, document: str, member: str, on: date) -> Check:
    """Person ``key`` may decide about ``member`` seeing ``document`` on day ``on``: a
    family member with a say about it, about a network member; else the one Forbidden."""
    def check(family: Family) -> None:
        me, doc, target = family.person(key), family.document(document), family.person(member)
        if (me is None or not may_open_family_page(me) or doc is None or target is None
                or target.circle is not Circle.NETWORK or not has_a_say(family, me, doc, on)):
            raise Forbidden(document)
    return check


class Site:
    def __init__(self, settings: WebSettings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.database_url)
        self.clock = clock or SystemClock()
        if not settings.key:
            self.settings = settings = replace(settings, key=shared_key(self.store))
        self.sessions = Sessions(self.store, key=session_key(
            settings.nextcloud.app_password if settings.nextcloud else ""))
        self.sign_ins = SignIns(self.store)
        self.sign_in_throttle = Throttle(self.store, "sign_in", SIGN_INS_PER_WINDOW,
                                         THROTTLE_WINDOW)
        """Sign-ins started per client address, before Nextcloud is asked for a flow."""
        self.poll_throttle = Throttle(self.store, "poll", POLLS_PER_WINDOW, THROTTLE_WINDOW)
        """"I signed in" presses per client address, before Nextcloud is polled."""
        self.notices = Notices(self.store)
        self.undos = Undos(self.store)
        self._local = threading.local()
        self._clients: list[Nextcloud] = []
        self._clients_lock = threading.Lock()
        self._version_checked = -VERSION_RECHECK
        self._accounts: dict[str, tuple[float, AccountState]] = {}
        self._stopping = threading.Event()
        self._creators: dict[str, tuple[float, bool]] = {}
        self._retrying = threading.Thread(target=self._retry_loop, daemon=True)
        self._retrying.start()
        self._rechecks: list[str] = []
        self._rechecking = threading.Condition()
        self._checker = threading.Thread(target=self._recheck_loop, daemon=True)
        self._watcher = threading.Thread(target=self._watch_loop, daemon=True)
        self._checker.start()
        if settings.share_watch and settings.nextcloud is not None:
            self._watcher.start()

    def close(self) -> None:
        self._stopping.set()
        with self._rechecking:
            self._rechecking.notify_all()
        self._retrying.join(timeout=30)
        self._checker.join(timeout=30)
        if self._watcher.is_alive():
            self._watcher.join(timeout=30)
        self.store.close()
        with self._clients_lock:
            for client in self._clients:
                client.close()

    def today(self) -> date:
        """The day in the Netherlands, as the consent rules take it."""
        return today(self.clock)

    def context(self, uid: str) -> Context:
        return Context(self.store, self.clock, f"web:{uid}", self.settings.public_url)

    def memberships(self, uid: str) -> list[Membership]:
        """Every family this Nextcloud user belongs to, with who they are in it."""
        with self.store.reading() as tx:
            found = tx.families.accounts_of(uid)
            loaded = {slug: tx.families.load(slug) for slug in {s for s, _ in found}}
        return [Membership(loaded[slug], person) for slug, key in found
                if (person := loaded[slug].person(key)) is not None]

    def membership(self, uid: str, slug: str) -> Membership:
        """Who ``uid`` is in family ``slug``; Forbidden when they are not in it (the same
        answer whether or not the family exists). Loads only that family."""
        with self.store.reading() as tx:
            key = self._key_in(tx.families.accounts_of(uid), slug)
            person = (family := tx.families.load(slug)).person(key)
        if person is None:
            raise Forbidden(slug)
        return Membership(family, person)

    @staticmethod
    def _key_in(accounts: list[tuple[str, str]], slug: str) -> str:
        key = next((k for s, k in accounts if s == slug), None)
        if key is None:
            raise Forbidden(slug)
        return key

    def creator(self, uid: str) -> Account | None:
        """``uid``'s Nextcloud account (display name, e-mail) when they may create families:
        a member of the professionals' group, asked now through the service account; None
        when they are not (or no Nextcloud is set). ``auth.NextcloudUnavailable`` when
        Nextcloud gave no answer, which is never taken as a yes."""
        nextcloud = self.settings.nextcloud
        if nextcloud is None:
            return None
        account = auth.account_of(nextcloud.url, (nextcloud.user, nextcloud.app_password), uid)
        allowed = (account is not None and account.enabled
                   and self.settings.professionals_group in account.groups)
        self._creators[uid] = (time.monotonic(), allowed)
        return account if allowed else None

    def may_create_families(self, uid: str) -> bool:
        """Whether ``uid`` may create families, as Nextcloud said within ``CREATOR_RECHECK``
        seconds (else asked again); no when Nextcloud does not answer."""
        known = self._creators.get(uid)
        if known is not None and time.monotonic() - known[0] < CREATOR_RECHECK:
            return known[1]
        try:
            return self.creator(uid) is not None
        except auth.NextcloudUnavailable:
            return False

    def pull_answers(self, uid: str, slug: str) -> PullReport | None:
        """Read the new answers of the family's forms now (as ``zolicht forms pull``); None
        when no Nextcloud is set or it could not be read."""
        if self.settings.nextcloud is None:
            return None
        try:
            return answers.pull(self.context(uid), self._client().forms, slug,
                                self.definitions())
        except NextcloudError:
            return None

    def definitions(self) -> list[FormDefinition]:
        """The form definitions zolicht deploys (``ZOLICHT_FORMS_DIR``)."""
        return reconcile.definitions(self.settings.forms_dir)

    def document_links(self, family: Family) -> dict[str, str]:
        """Per document key, where it opens in Nextcloud: its internal link
        (``/index.php/f/<file id>``), which opens the file for anyone it is shared with,
        at the place they see it, read or edit as granted; Nextcloud's Files app when the
        file id is not known yet. Empty when no Nextcloud is set."""
        if self.settings.nextcloud is None:
            return {}
        base = self.settings.nextcloud.url.rstrip("/")
        with self.store.reading() as tx:
            uploaded = tx.remote(family.slug).uploaded()
        links = {}
        for document in family.documents:
            upload = uploaded.get(file_path(family, document))
            links[document.key] = (f"{base}/index.php/f/{upload.fileid}"
                                   if upload is not None and upload.fileid
                                   else f"{base}/index.php/apps/files/")
        return links

    def accounts(self, family: Family) -> dict[str, AccountState]:
        """Per network member, whether Nextcloud has their account and whether they ever
        signed in; asked as the service account, an answer kept as ``ACCOUNT_RECHECK`` says.
        Empty when no Nextcloud is set or it cannot be asked."""
        if self.settings.nextcloud is None:
            return {}
        states = {}
        try:
            for person in family.involved(Circle.NETWORK):
                states[person.key] = (self._account_state(person.uid) if person.has_account
                                      else AccountState.NONE)
        except NextcloudError:
            return {}
        return states

    def _account_state(self, uid: str) -> AccountState:
        known = self._accounts.get(uid)
        if known is not None and time.monotonic() - known[0] < ACCOUNT_RECHECK[known[1]]:
            return known[1]
        account = self._client().users.account(uid)
        state = (AccountState.NONE if account is None else
                 AccountState.SIGNED_IN if account.signed_in else AccountState.INVITED)
        if state in ACCOUNT_RECHECK:
            self._accounts[uid] = (time.monotonic(), state)
        return state

    def decide(self, uid: str, slug: str, document: str, member: str, on: bool,
               terms: decisions.Terms | None = None) -> Decided:
        """Record the signed-in person's yes (``on``) or stop, then apply it at once.

        Only a family member with a say about ``document`` decides, only about a network
        member; anything else is the one Forbidden, whether or not they exist (checked on
        the family as the decision is recorded, so it is loaded once before the apply).
        A yes is given on ``terms`` (read or edit, end date), else on the terms already
        asked; other terms than those asked make it a new request, and the others are
        asked again.
        """
        with self.store.reading() as tx:
            key = self._key_in(tx.families.accounts_of(uid), slug)
        return decisions.decide(self.context(uid), self._runs(), slug, document, member, key,
                                on, terms, check=_decider(key, document, member, self.today()),
                                applier=self.context("apply"))

    def unapplied(self, slug: str) -> frozenset[tuple[str, str]]:
        """The (document, member) yeses and stops of family ``slug`` that Nextcloud did not
        take yet: while the family has pending work, those recorded since its last change
        in Nextcloud. Read from the database, so every web process and the worker agree."""
        with self.store.reading() as tx:
            if tx.pending.of(slug) is None:
                return frozenset()
            since = tx.remote(slug).last_change()
            events = tx.audit.events(slug)
        return frozenset((e.event.document or "", e.event.member or "") for e in events
                         if e.event.action in DECISIONS
                         and (since is None or utc(e.event.at) > utc(since)))

    def do_pending_work(self) -> None:
        """Apply every family whose pending work is due (what ``zolicht worker`` does)."""
        if self.settings.nextcloud is not None:
            worker.run_due(self.context("worker"), self._new_run, after=notify.after_apply)

    def _retry_loop(self) -> None:
        """Every ``RETRY`` seconds: the pending work, then the sessions. A round that fails
        (the database or Nextcloud away in a way nobody caught) is reported on stderr and
        the next one comes as ever: one failure must not end them for the process's life."""
        while not self._stopping.wait(RETRY):
            for task in (self.do_pending_work, self.sweep_sessions):
                try:
                    task()
                except Exception:
                    traceback.print_exc()

    def recheck(self, slugs: Iterable[str]) -> None:
        """Check these families again soon (after a webhook), each once however often it
        is asked before its turn: plan and apply, in the background."""
        with self._rechecking:
            for slug in slugs:
                if slug not in self._rechecks:
                    self._rechecks.append(slug)
            self._rechecking.notify_all()

    def _watch_loop(self) -> None:
        """Every ``share_watch`` seconds, or less often when a look takes long (this
        process's turn permitting, see ``reconcile.watch``): the families with a share
        nobody chose are checked again."""
        watcher = watch.Watcher(self.settings.share_watch)
        while not self._stopping.wait(watcher.interval):
            try:
                found = watcher.look(self.context("watch"), self._client())
                self.recheck(found or ())
            except Exception:
                traceback.print_exc()

    def _recheck_loop(self) -> None:
        while not self._stopping.is_set():
            with self._rechecking:
                while not self._rechecks and not self._stopping.is_set():
                    self._rechecking.wait(1.0)
                if self._stopping.is_set():
                    return
                slug = self._rechecks.pop(0)
            try:
                self.apply(slug)
            except Exception:
                traceback.print_exc()

    def register_webhooks(self) -> Ensured | None:
        """zolicht's webhooks registered at Nextcloud, once (see
        :mod:`zolicht.services.webhooks`): as the service account for
        ``public_url``, else, running as an ExApp, as the app itself for its own path
        (Nextcloud then calls it through AppAPI). None when that cannot be done (no
        Nextcloud, no secret, no address, or Nextcloud refused or failed)."""
        nextcloud, key = self.settings.nextcloud, self.settings.webhook_secret
        if nextcloud is None or not key:
            return None
        try:
            if self.settings.public_url:
                return webhooks.register_as_account(self._client(), self.settings.public_url,
                                                    key)
            if self.settings.app_secret:
                anonymous = Nextcloud(NextcloudConfig(nextcloud.url, "", ""))
                try:
                    hooks = Webhooks(anonymous.transport, appapi.headers(
                        self.settings.app_secret, self.settings.app_version))
                    return webhooks.register(hooks, webhooks.PATH, key)
                finally:
                    anonymous.close()
        except NextcloudError:
            traceback.print_exc()
        return None

    def sweep_sessions(self) -> None:
        """Forget timed-out sessions and revoke their app passwords at Nextcloud."""
        for session in self.sessions.sweep():
            self._revoke(session)

    # -- sessions -------------------------------------------------------------------------------
    def signed_in(self, sid: str | None) -> str | None:
        """The user of session ``sid``, checked again at Nextcloud every ``RECHECK``
        seconds: the session ends once the account is gone or disabled or its app password
        is revoked."""
        session = self.sessions.get(sid)
        if session is None or sid is None:
            return None
        if self.sessions.claim_check(sid) is not None:
            self.sessions.checked(sid, self._still_valid(session))
            if self.sessions.get(sid) is None:
                return None
        return session.uid

    def _still_valid(self, session: Session) -> bool | None:
        """Whether Nextcloud still knows this account as enabled (asked by the service
        account: no failed login) and still takes its app password (a revoked one is one
        failed login at Nextcloud, after which the session is over); None when Nextcloud
        did not answer."""
        nextcloud = self.settings.nextcloud
        if nextcloud is None:
            return None
        try:
            if not auth.account_enabled(nextcloud.url, (nextcloud.user, nextcloud.app_password),
                                        session.uid):
                return False
            return auth.nextcloud_user(nextcloud.url, session.login,
                                       session.app_password) == session.uid
        except auth.NextcloudUnavailable:
            return None

    def sign_out(self, sid: str | None) -> None:
        session = self.sessions.end(sid)
        if session is not None:
            self._revoke(session)

    def _revoke(self, session: Session) -> None:
        if self.settings.nextcloud is not None:
            auth.revoke_app_password(self.settings.nextcloud.url, session.login,
                                     session.app_password)

    def apply(self, slug: str, asking: Iterable[str] = ()) -> reconcile.Outcome | None:
        """Make Nextcloud match the whole family now (the family's lock keeps every other
        process off it meanwhile). None when it could not be tried at all (no Nextcloud
        set, a refused server version, the family busy for too long).

        Then, as after a decision (:mod:`zolicht.services.notify`), the family members in
        ``asking`` are told that a question waits for them, and each network member who
        can newly see something that something new is there."""
        runs = self._runs()
        if runs is None:
            return None
        ctx = self.context("apply")
        try:
            with runs() as run:
                outcome: reconcile.Outcome | None = None
                try:
                    outcome = reconcile.apply_family(ctx, run, slug)
                finally:
                    notify.after_apply(ctx, run.client, slug, outcome, asking)
                return outcome
        except (NextcloudError, Busy):
            return None

    def _runs(self) -> decisions.Runs | None:
        """Runs on this thread's session with Nextcloud; None when no Nextcloud is set."""
        return None if self.settings.nextcloud is None else self._running

    @contextmanager
    def _running(self) -> Iterator[reconcile.Run]:
        """A run for one family on this thread's session, which skips the advisory check
        of Nextcloud's version when it passed within VERSION_RECHECK; a run that did it
        remembers when (if it ended without an error)."""
        run = self._run(checked_version=self._version_checked_recently())
        yield run
        if run.checked_version:
            self._version_checked = time.monotonic()

    def check(self, slug: str) -> Plan | None:
        """What apply would change in Nextcloud now, with the drift it would remove; None
        when Nextcloud is not set or cannot be read. Changes nothing."""
        if self.settings.nextcloud is None:
            return None
        try:
            return reconcile.plan_family(self.context("check"), self._run(), slug)
        except NextcloudError:
            return None

    def _run(self, checked_version: bool = False) -> reconcile.Run:
        """A run for one family, on this thread's session with Nextcloud."""
        return reconcile.Run(self._client(), per_family=True, forms_dir=self.settings.forms_dir,
                             checked_version=checked_version,
                             accepted_advisories=self.settings.accepted_advisories)

    def _new_run(self) -> reconcile.Run:
        """A run for one family with a session of its own (the worker closes it)."""
        assert self.settings.nextcloud is not None
        return reconcile.Run(Nextcloud(self.settings.nextcloud), per_family=True,
                             forms_dir=self.settings.forms_dir,
                             accepted_advisories=self.settings.accepted_advisories)

    def _client(self) -> Nextcloud:
        """This thread's session with Nextcloud, kept open between requests."""
        client: Nextcloud | None = getattr(self._local, "client", None)
        if client is None:
            assert self.settings.nextcloud is not None
            client = self._local.client = Nextcloud(self.settings.nextcloud)
            with self._clients_lock:
                self._clients.append(client)
        return client

    def _version_checked_recently(self) -> bool:
        """Whether Nextcloud's version passed the advisory check within VERSION_RECHECK."""
        return time.monotonic() - self._version_checked < VERSION_RECHECK
