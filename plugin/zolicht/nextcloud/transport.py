"""The one HTTP transport every Nextcloud API of the client rides on.

It owns timeouts, retries, request counting, the OCS envelope and the translation of
answers into typed errors (``zolicht.nextcloud.errors``). Rules:

- Only what is safe to repeat is repeated. A request whose answer was lost may have been
  carried out, so after a timeout only idempotent requests (reads, PUT, DELETE, MKCOL, and
  calls a caller marks idempotent) are sent again; a POST that creates something is not.
- A 5xx answer is retried for idempotent requests only, for the same reason.
- A 429 is retried when Nextcloud asks for a short wait (``Retry-After`` up to
  ``max_wait``); otherwise it is raised as ``RateLimited`` for the caller to pace. Nextcloud
  refuses before doing anything when it rate limits, so nothing was done.
- No cookies are kept: Nextcloud answers Basic auth with a session cookie, and a client
  that kept it would go on as that session (for a client of several people, as the wrong
  one). Every request authenticates on its own.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests

from zolicht.nextcloud.config import NextcloudConfig
from zolicht.nextcloud.errors import (
    Gone,
    NextcloudError,
    RateLimited,
    Refused,
    ServerError,
    Unreachable,
)

READ_METHODS = frozenset({"GET", "HEAD", "PROPFIND", "OPTIONS", "REPORT"})
IDEMPOTENT = READ_METHODS | {"PUT", "DELETE", "MKCOL", "MKCALENDAR", "PROPPATCH"}
OCS_NOT_FOUND = (404, 998)


@dataclass
class Counter:
    reads: int = 0
    writes: int = 0
    log: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=10_000))
    """The latest requests (method, path); bounded, as a client may live as long as a server."""


class Transport:
    def __init__(self, config: NextcloudConfig, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.session = session or requests.Session()
        if config.user:  # an anonymous transport (a login flow, AppAPI) has no account
            self.session.auth = (config.user, config.app_password)
        self.session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self.session.headers.update({"OCS-APIRequest": "true", "Accept": "application/json"})
        self.sleep = sleep
        self.counter = Counter()

    @property
    def user(self) -> str:
        return self.config.user

    def close(self) -> None:
        self.session.close()

    def request(self, method: str, path: str, idempotent: bool | None = None,
                **kwargs: Any) -> requests.Response:
        """One exchange, repeated only where that is safe (see the module's rules).

        Returns the response whatever its status, except that no answer at all raises
        ``Unreachable`` and a 429 not worth waiting for raises ``RateLimited``.
        """
        repeatable = method in IDEMPOTENT if idempotent is None else idempotent
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            last = attempt + 1 == attempts
            self._count(method, path)
            try:
                response = self.session.request(
                    method, self.config.url + path,
                    timeout=(self.config.connect_timeout, self.config.read_timeout), **kwargs)
            except (requests.Timeout, requests.ConnectionError) as problem:
                if last or not (repeatable or _never_sent(problem)):
                    raise Unreachable(method, path, f"no answer ({problem})") from None
                self.sleep(self._backoff(attempt))
                continue
            if response.status_code == 429:
                wait = retry_after(response)
                if last or wait is None or wait > self.config.max_wait:
                    raise RateLimited(method, path, "too many requests (HTTP 429)", 429, wait)
                self.sleep(wait)
                continue
            if response.status_code >= 500 and repeatable and not last:
                self.sleep(self._backoff(attempt))
                continue
            return response
        raise AssertionError("unreachable")

    def ocs(self, method: str, path: str, idempotent: bool | None = None,
            **kwargs: Any) -> Any:
        """An OCS call: the envelope's ``data``, or the typed error its status means."""
        response = self.request(method, path, idempotent, **kwargs)
        if response.status_code >= 500:
            raise ServerError(method, path, f"HTTP {response.status_code}",
                              response.status_code, retry_after(response))
        try:
            envelope = response.json()["ocs"]
            meta, data = envelope["meta"], envelope["data"]
            statuscode = int(meta["statuscode"])
        except (ValueError, KeyError, TypeError):
            raise answer_error(method, path, response) from None
        if meta.get("status") == "ok":
            return data
        message = str(meta.get("message") or "")
        problem = f"OCS {statuscode} (HTTP {response.status_code}) {message}".rstrip()
        kind = Gone if statuscode in OCS_NOT_FOUND else Refused
        raise kind(method, path, problem, response.status_code, statuscode, message)

    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff * 2 ** attempt
        return float(base + random.uniform(0, base))

    def _count(self, method: str, path: str) -> None:
        if method in READ_METHODS:
            self.counter.reads += 1
        else:
            self.counter.writes += 1
        self.counter.log.append((method, path))


def answer_error(method: str, path: str, response: requests.Response) -> NextcloudError:
    """The typed error for a plain HTTP answer that is not what the caller wanted."""
    status = response.status_code
    problem = f"HTTP {status}"
    if status >= 500:
        return ServerError(method, path, problem, status, retry_after(response))
    if status == 404:
        return Gone(method, path, problem, status)
    return Refused(method, path, problem, status)


def retry_after(response: requests.Response) -> float | None:
    """Nextcloud's ``Retry-After`` in seconds (given as seconds or as a date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _never_sent(problem: Exception) -> bool:
    """A connection that was never made carried nothing, so even a POST may be sent again."""
    if isinstance(problem, requests.ConnectTimeout):
        return True
    return isinstance(problem, requests.ConnectionError) and "Connection refused" in str(problem)
