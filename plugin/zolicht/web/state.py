"""What the web keeps between requests, in the database, so that any number of web
processes on one database behave as one (a request may reach any of them, and a restart
signs nobody out): sessions, sign-ins waiting for Nextcloud, notices shown once, undos,
zolicht's own throttle, and the key that signs CSRF tokens.

Nothing that finds an entry is stored as it is: session ids, tokens, sign-in ids and client
addresses are stored as their SHA-256, so reading the database gives no way in. (A
session's app password is stored: it is needed to check the session and to revoke it.)

Each store is a small class with its own clock (``now``: seconds since the epoch, the same
in every process), so tests can move time forward.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from zolicht.store import Store
from zolicht.store.tables import web_attempts, web_entries, web_secrets, web_sessions
from zolicht.web.auth import LoginFlow
from zolicht.web.views import Notice

IDLE = 30 * 60.0
"""A session ends after this many seconds without use ..."""
LIFETIME = 12 * 60 * 60.0
"""... and this many after signing in, whatever happens."""
RECHECK = 5 * 60.0
"""Seconds between two checks of a session's account and app password at Nextcloud."""
RECHECK_SOON = 60.0
"""When Nextcloud could not answer a check: try again after this many seconds ..."""
STALE = 15 * 60.0
"""... and end the session when no check succeeded for this long (fail closed)."""
NOTICE_KEEP = 10 * 60.0
"""Seconds a notice waits to be shown; after that it no longer belongs to what was done."""
SIGN_IN_KEEP = 20 * 60.0
"""Nextcloud forgets a login flow after 20 minutes (LoginFlowV2Mapper::lifetime)."""

TOUCH = 5.0
"""A session's last use is written at most this often (seconds), not at every request."""
CHECK_LEASE = 60.0
"""Seconds a process has to check a session at Nextcloud before another may (it may die)."""

V = TypeVar("V")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def shared_key(store: Store) -> bytes:
    """The key that signs CSRF tokens: made by the first web process on this database,
    read by every other, so a form made by one process is accepted by all."""
    for _ in range(3):
        with store.reading() as tx:
            found = tx.families.conn.execute(
                select(web_secrets.c.value).where(web_secrets.c.name == "csrf")).scalar()
        if found is not None:
            return bytes.fromhex(found)
        try:
            with store.transaction() as tx:
                tx.families.conn.execute(insert(web_secrets).values(
                    name="csrf", value=secrets.token_hex(32)))
        except IntegrityError:  # another process made it first
            continue
    raise RuntimeError("no CSRF key in the database")


class Expiring(Generic[V]):
    """Entries of one ``kind`` in the database, forgotten ``keep`` seconds after they were
    put; found by a key that is stored hashed."""

    def __init__(self, store: Store, kind: str, keep: float, encode: Callable[[V], str],
                 decode: Callable[[str], V], now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.kind = kind
        self.keep = keep
        self.encode = encode
        self.decode = decode
        self.now = now

    def put(self, key: str, value: V) -> None:
        now = self.now()
        with self.store.transaction() as tx:
            conn = tx.families.conn
            conn.execute(delete(web_entries).where(web_entries.c.kind == self.kind,
                                                   web_entries.c.at < now - self.keep))
            conn.execute(delete(web_entries).where(web_entries.c.kind == self.kind,
                                                   web_entries.c.key == _hash(key)))
            conn.execute(insert(web_entries).values(kind=self.kind, key=_hash(key),
                                                    value=self.encode(value), at=now))

    def get(self, key: str) -> V | None:
        with self.store.reading() as tx:
            found = tx.families.conn.execute(
                select(web_entries.c.value, web_entries.c.at).where(
                    web_entries.c.kind == self.kind, web_entries.c.key == _hash(key))).first()
        if found is None or self.now() - found.at > self.keep:
            return None
        return self.decode(found.value)

    def pop(self, key: str) -> V | None:
        """The entry, gone for every process; None when another took it first."""
        with self.store.transaction() as tx:
            conn = tx.families.conn
            where = (web_entries.c.kind == self.kind, web_entries.c.key == _hash(key))
            found = conn.execute(select(web_entries.c.value, web_entries.c.at)
                                 .where(*where)).first()
            if found is None or not conn.execute(delete(web_entries).where(*where)).rowcount:
                return None
        return self.decode(found.value) if self.now() - found.at <= self.keep else None


class Notices:
    """A message for one signed-in identity, shown once on one page after a change.

    Notices come from what the server did, never from the address, so a link cannot make a
    page say something happened, nor make it tell anything about a document.
    """

    def __init__(self, store: Store, now: Callable[[], float] = time.time) -> None:
        self._notices: Expiring[Notice] = Expiring(
            store, "notice", NOTICE_KEEP, lambda n: json.dumps(asdict(n)),
            lambda text: Notice(**json.loads(text)), now)

    def put(self, owner: str, page: str, notice: Notice) -> None:
        self._notices.put(json.dumps([owner, page]), notice)

    def take(self, owner: str, page: str) -> Notice | None:
        return self._notices.pop(json.dumps([owner, page]))


UNDO = timedelta(seconds=10)
"""How long after a yes or stop it can be undone."""


@dataclass(frozen=True)
class Undo:
    """What one "Ongedaan maken" reverses: ``owner``'s yes (``on``) or stop."""

    owner: str
    slug: str
    document: str
    member: str
    on: bool
    deadline: datetime
    """On the record's clock."""


class Undos:
    """One-time tokens to undo a change, each for the identity that made it, until its
    deadline on the record's clock (kept a little longer, then forgotten)."""

    def __init__(self, store: Store, now: Callable[[], float] = time.time) -> None:
        self._undos: Expiring[Undo] = Expiring(store, "undo", NOTICE_KEEP, _encode_undo,
                                               _decode_undo, now)

    def offer(self, undo: Undo) -> str:
        token = secrets.token_urlsafe(32)
        self._undos.put(token, undo)
        return token

    def take(self, token: str, owner: str, slug: str, at: datetime) -> Undo | None:
        """The undo of ``token``, used up, when it is ``owner``'s in family ``slug`` and
        its deadline did not pass at ``at``; else None (and someone else's stays)."""
        found = self._undos.get(token)
        if found is None or (found.owner, found.slug) != (owner, slug):
            return None
        if self._undos.pop(token) is None or at > found.deadline:
            return None
        return found


def _encode_undo(undo: Undo) -> str:
    return json.dumps({**asdict(undo), "deadline": undo.deadline.isoformat()})


def _decode_undo(text: str) -> Undo:
    data = json.loads(text)
    return Undo(**{**data, "deadline": datetime.fromisoformat(data["deadline"])})


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in waiting for the person to grant access in Nextcloud."""

    flow: LoginFlow
    next: str
    """Where to go once signed in."""


class SignIns:
    """Sign-ins under way, by a random id kept in the browser's cookie; the poll token
    never leaves the server."""

    def __init__(self, store: Store, now: Callable[[], float] = time.time) -> None:
        self._pending: Expiring[PendingSignIn] = Expiring(
            store, "sign_in", SIGN_IN_KEEP,
            lambda p: json.dumps([p.flow.login_url, p.flow.poll_token, p.next]),
            lambda text: PendingSignIn(LoginFlow(*json.loads(text)[:2]), json.loads(text)[2]),
            now)

    def start(self, flow: LoginFlow, next_path: str) -> str:
        key = secrets.token_urlsafe(32)
        self._pending.put(key, PendingSignIn(flow, next_path))
        return key

    def get(self, key: str | None) -> PendingSignIn | None:
        return self._pending.get(key) if key else None

    def end(self, key: str | None) -> None:
        if key:
            self._pending.pop(key)


class Throttle:
    """At most ``limit`` attempts per key (a client address) in any ``window`` seconds,
    counted before anything is asked of Nextcloud, over every web process (two processes
    counting at the same moment may each let one more through)."""

    def __init__(self, store: Store, kind: str, limit: int, window: float,
                 now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.kind = kind
        self.limit = limit
        self.window = window
        self.now = now

    def attempt(self, key: str) -> float:
        """Count an attempt; 0 when it may go ahead, else the seconds until one may."""
        now = self.now()
        with self.store.transaction() as tx:
            conn = tx.families.conn
            conn.execute(delete(web_attempts).where(web_attempts.c.kind == self.kind,
                                                    web_attempts.c.at < now - self.window))
            recent = list(conn.execute(select(web_attempts.c.at).where(
                web_attempts.c.kind == self.kind, web_attempts.c.key == _hash(key))
                .order_by(web_attempts.c.at)).scalars())
            if len(recent) >= self.limit:
                return float(recent[-self.limit]) + self.window - now
            conn.execute(insert(web_attempts).values(kind=self.kind, key=_hash(key), at=now))
            return 0.0


@dataclass
class Session:
    uid: str
    login: str
    """The login name the app password belongs to (may differ from the user id)."""
    app_password: str
    """From Nextcloud's login flow, used only to check that it still works and to revoke
    it when the session ends."""
    created: float
    seen: float
    checked: float
    """When Nextcloud last confirmed the account and the app password."""
    due: float
    """When the next check is due."""
    checking: bool = False


SEALED = "v1:"
"""How a sealed app password starts in the database (else it is from before sealing)."""


def session_key(service_app_password: str) -> bytes:
    """The key that seals the app passwords of sessions in the database: derived from the
    service account's app password, which is in zolicht's environment and not in the
    database, so that a copy of the database alone opens no one's Nextcloud."""
    if not service_app_password:
        return b""
    return hmac.new(service_app_password.encode(), b"zolicht session key",
                    hashlib.sha256).digest()


def _seal(key: bytes, row_id: str, secret: str) -> str:
    if not key:
        return secret
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), row_id.encode())
    return SEALED + base64.urlsafe_b64encode(nonce + sealed).decode()


def _unseal(key: bytes, row_id: str, stored: str) -> str:
    """The app password; "" when it cannot be opened (another key: the session is over)."""
    if not stored.startswith(SEALED):
        return stored
    raw = base64.urlsafe_b64decode(stored[len(SEALED):])
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], row_id.encode()).decode()
    except (InvalidTag, ValueError):
        return ""


class Sessions:
    """Signed-in sessions by random id (the cookie holds only the id, the database only its
    hash, and the app password sealed with ``session_key``).

    Signing in always makes a new id, so an id planted before sign-in (session fixation)
    never becomes a signed-in session. A session ends after ``IDLE`` without use, after
    ``LIFETIME``, when a check finds the account or the app password gone, or when no check
    succeeded for ``STALE``.
    """

    def __init__(self, store: Store, now: Callable[[], float] = time.time,
                 key: bytes = b"") -> None:
        self.store = store
        self.now = now
        self.key = key

    def start(self, uid: str, login: str, app_password: str) -> str:
        sid = secrets.token_urlsafe(32)
        now = self.now()
        with self.store.transaction() as tx:
            tx.families.conn.execute(insert(web_sessions).values(
                id=_hash(sid), uid=uid, login=login,
                app_password=_seal(self.key, _hash(sid), app_password), created=now,
                seen=now, checked=now, due=now + RECHECK, checking_until=None))
        return sid

    def get(self, sid: str | None) -> Session | None:
        """The live session, marked as used now; None when there is none (any more)."""
        if not sid:
            return None
        now = self.now()
        with self.store.reading() as tx:
            session = self._load(tx.families.conn, sid)
        if session is None or self._over(session, now):
            return None
        if now - session.seen >= TOUCH:
            with self.store.transaction() as tx:
                tx.families.conn.execute(update(web_sessions).where(
                    web_sessions.c.id == _hash(sid)).values(seen=now))
            session.seen = now
        return session

    def claim_check(self, sid: str) -> Session | None:
        """The session when its check is due and nobody is checking it yet; the caller
        checks it and reports with ``checked``. One check at a time per session (over every
        process), so a check can fail at Nextcloud at most once before the session ends."""
        now = self.now()
        with self.store.transaction() as tx:
            claimed = tx.families.conn.execute(update(web_sessions).where(
                web_sessions.c.id == _hash(sid), web_sessions.c.due <= now,
                (web_sessions.c.checking_until.is_(None))
                | (web_sessions.c.checking_until < now))
                .values(checking_until=now + CHECK_LEASE)).rowcount
            return self._load(tx.families.conn, sid) if claimed else None

    def checked(self, sid: str, still_valid: bool | None) -> None:
        """Record a check: True (renewed), False (ended), None (Nextcloud did not say)."""
        now = self.now()
        with self.store.transaction() as tx:
            conn = tx.families.conn
            session = self._load(conn, sid)
            if session is None:
                return
            row = web_sessions.c.id == _hash(sid)
            if still_valid is False or (still_valid is None and now - session.checked > STALE):
                conn.execute(delete(web_sessions).where(row))
            elif still_valid:
                conn.execute(update(web_sessions).where(row).values(
                    checked=now, due=now + RECHECK, checking_until=None))
            else:
                conn.execute(update(web_sessions).where(row).values(
                    due=now + RECHECK_SOON, checking_until=None))

    def end(self, sid: str | None) -> Session | None:
        """End session ``sid``; the session when this call ended it."""
        if not sid:
            return None
        with self.store.transaction() as tx:
            session = self._load(tx.families.conn, sid)
            if session is None or not tx.families.conn.execute(delete(web_sessions).where(
                    web_sessions.c.id == _hash(sid))).rowcount:
                return None
            return session

    def sweep(self) -> list[Session]:
        """Forget the sessions that timed out; returns them (their app passwords can be
        revoked), each to one process only."""
        now = self.now()
        with self.store.transaction() as tx:
            conn = tx.families.conn
            over = (web_sessions.c.seen < now - IDLE) | (web_sessions.c.created < now - LIFETIME)
            found = [(r.id, self._session(r))
                     for r in conn.execute(select(web_sessions).where(over))]
            return [session for key, session in found if conn.execute(
                delete(web_sessions).where(web_sessions.c.id == key)).rowcount]

    def _load(self, conn: Connection, sid: str) -> Session | None:
        row = conn.execute(select(web_sessions).where(web_sessions.c.id == _hash(sid))).first()
        return None if row is None else self._session(row)

    def _session(self, row: Row[Any]) -> Session:
        return Session(row.uid, row.login, _unseal(self.key, row.id, row.app_password),
                       row.created, row.seen, row.checked, row.due,
                       row.checking_until is not None)

    @staticmethod
    def _over(session: Session, now: float) -> bool:
        return now - session.seen > IDLE or now - session.created > LIFETIME


