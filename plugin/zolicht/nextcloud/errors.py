"""Errors of the Nextcloud client, carrying what was asked and what Nextcloud said."""

from __future__ import annotations


class NextcloudError(Exception):
    """Nextcloud refused or answered something the client cannot use."""


class TransportError(NextcloudError):
    """No answer after all retries: timeouts or connection errors."""

    def __init__(self, method: str, path: str, problem: str) -> None:
        super().__init__(f"{method} {path}: no answer ({problem})")


class OCSError(NextcloudError):
    """An OCS call failed; ``statuscode`` is the OCS status (102, 404, 997 …)."""

    def __init__(self, method: str, path: str, http_status: int, statuscode: int,
                 message: str) -> None:
        super().__init__(f"{method} {path}: OCS {statuscode} (HTTP {http_status}) {message}")
        self.http_status = http_status
        self.statuscode = statuscode
        self.message = message

    @property
    def retryable(self) -> bool:
        return self.http_status == 429 or self.http_status >= 500
