"""Errors of the Nextcloud client, by cause, so callers decide without reading status codes.

- ``Temporary``: worth trying again later, possibly after ``retry_after`` seconds:
  ``Unreachable`` (no answer), ``RateLimited`` (HTTP 429, often with an empty body) and
  ``ServerError`` (5xx, maintenance mode).
- ``Permanent``: trying again gives the same answer: ``AlreadyExists``, ``Gone`` (it is
  not there, or not for this account) and ``Refused`` (any other refusal).

Each carries the request it answers (method and path) and, where Nextcloud said something,
the HTTP status, the OCS status code and its message.
"""

from __future__ import annotations


class NextcloudError(Exception):
    """Nextcloud refused, failed, or answered something the client cannot use."""

    def __init__(self, method: str, path: str, problem: str, http_status: int = 0,
                 statuscode: int = 0, message: str = "") -> None:
        super().__init__(f"{method} {path}: {problem}")
        self.method = method
        self.path = path
        self.http_status = http_status
        self.statuscode = statuscode
        """The OCS status code (``102``, ``404``, ``997`` …), 0 when there was none."""
        self.message = message


class Temporary(NextcloudError):
    """Try again later; ``retry_after`` is Nextcloud's own advice in seconds, if it gave one."""

    def __init__(self, method: str, path: str, problem: str, http_status: int = 0,
                 retry_after: float | None = None) -> None:
        super().__init__(method, path, problem, http_status)
        self.retry_after = retry_after


class Unreachable(Temporary):
    """No answer after every retry: timeouts or refused connections."""


class RateLimited(Temporary):
    """Nextcloud's rate limit or brute-force protection said 429: too many requests."""


class ServerError(Temporary):
    """Nextcloud failed (5xx) or is in maintenance mode."""


class Permanent(NextcloudError):
    """Asking again gives the same answer."""


class AlreadyExists(Permanent):
    """What was to be created exists already (OCS 102)."""


class Gone(Permanent):
    """It does not exist, or not for this account (HTTP 404, OCS 404 or 998)."""


class Refused(Permanent):
    """Any other refusal: bad request, forbidden, a precondition, an unreadable answer."""
