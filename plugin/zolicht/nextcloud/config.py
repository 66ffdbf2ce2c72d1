"""Where the Nextcloud is and how zolicht logs in (read from the settings by
``zolicht.config.nextcloud``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NextcloudConfig:
    url: str
    user: str
    """The service account; it owns every family folder."""
    app_password: str
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.2
    max_wait: float = 5.0
    """The longest ``Retry-After`` worth waiting for inside one request; a longer one is
    left to the caller, who paces the work."""
