"""What the web keeps on the server between requests, in memory for now (a restart forgets
it and signs everyone out; another issue moves it into the database): sessions, sign-ins
waiting for Nextcloud, notices shown once, and zolicht's own throttle.

Each store is a small thread-safe class with its own clock (``now``: seconds, monotonic),
so tests can move time forward.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

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

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """A dictionary whose entries are forgotten ``keep`` seconds after they were put."""

    def __init__(self, keep: float, now: Callable[[], float] = time.monotonic) -> None:
        self.keep = keep
        self.now = now
        self._entries: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def put(self, key: K, value: V) -> None:
        with self._lock:
            now = self.now()
            for old in [k for k, (at, _) in self._entries.items() if now - at > self.keep]:
                del self._entries[old]
            self._entries[key] = (now, value)

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._entries.get(key)
        return found[1] if found and self.now() - found[0] <= self.keep else None

    def pop(self, key: K) -> V | None:
        with self._lock:
            found = self._entries.pop(key, None)
        return found[1] if found and self.now() - found[0] <= self.keep else None


class Notices:
    """A message for one signed-in identity, shown once on one page after a change.

    Notices come from what the server did, never from the address, so a link cannot make a
    page say something happened, nor make it tell anything about a document.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._notices: Expiring[tuple[str, str], Notice] = Expiring(NOTICE_KEEP, now)

    def put(self, owner: str, page: str, notice: Notice) -> None:
        self._notices.put((owner, page), notice)

    def take(self, owner: str, page: str) -> Notice | None:
        return self._notices.pop((owner, page))


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

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._undos: Expiring[str, Undo] = Expiring(NOTICE_KEEP, now)

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


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in waiting for the person to grant access in Nextcloud."""

    flow: LoginFlow
    next: str
    """Where to go once signed in."""


class SignIns:
    """Sign-ins under way, by a random id kept in the browser's cookie; the poll token
    never leaves the server."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._pending: Expiring[str, PendingSignIn] = Expiring(SIGN_IN_KEEP, now)

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
    counted before anything is asked of Nextcloud."""

    def __init__(self, limit: int, window: float,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.now = now
        self._attempts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, key: str) -> float:
        """Count an attempt; 0 when it may go ahead, else the seconds until one may."""
        with self._lock:
            now = self.now()
            for old in [k for k, q in self._attempts.items() if now - q[-1] > self.window]:
                del self._attempts[old]
            recent = self._attempts.setdefault(key, deque())
            while recent and now - recent[0] > self.window:
                recent.popleft()
            if len(recent) >= self.limit:
                return recent[0] + self.window - now
            recent.append(now)
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


class Sessions:
    """Signed-in sessions by random id (the cookie holds only the id); thread-safe.

    Signing in always makes a new id, so an id planted before sign-in (session fixation)
    never becomes a signed-in session. A session ends after ``IDLE`` without use, after
    ``LIFETIME``, when a check finds the account or the app password gone, or when no check
    succeeded for ``STALE``.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, uid: str, login: str, app_password: str) -> str:
        sid = secrets.token_urlsafe(32)
        now = self.now()
        with self._lock:
            self._sessions[sid] = Session(uid, login, app_password, now, now, now,
                                          now + RECHECK)
        return sid

    def get(self, sid: str | None) -> Session | None:
        """The live session, marked as used now; None when there is none (any more)."""
        now = self.now()
        with self._lock:
            session = self._sessions.get(sid or "")
            if session is None or self._over(session, now):
                return None
            session.seen = now
            return session

    def claim_check(self, sid: str) -> Session | None:
        """The session when its check is due and nobody is checking it yet; the caller
        checks it and reports with ``checked``. One check at a time per session, so a
        check can fail at Nextcloud at most once before the session ends."""
        with self._lock:
            session = self._sessions.get(sid)
            if session is None or session.checking or self.now() < session.due:
                return None
            session.checking = True
            return session

    def checked(self, sid: str, still_valid: bool | None) -> None:
        """Record a check: True (renewed), False (ended), None (Nextcloud did not say)."""
        now = self.now()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return
            session.checking = False
            if still_valid is False or (still_valid is None and now - session.checked > STALE):
                del self._sessions[sid]
            elif still_valid:
                session.checked, session.due = now, now + RECHECK
            else:
                session.due = now + RECHECK_SOON

    def end(self, sid: str | None) -> Session | None:
        with self._lock:
            return self._sessions.pop(sid or "", None)

    def sweep(self) -> list[Session]:
        """Forget the sessions that timed out; returns them (their app passwords can be
        revoked)."""
        now = self.now()
        with self._lock:
            over = [sid for sid, s in self._sessions.items() if self._over(s, now)]
            return [self._sessions.pop(sid) for sid in over]

    @staticmethod
    def _over(session: Session, now: float) -> bool:
        return now - session.seen > IDLE or now - session.created > LIFETIME
