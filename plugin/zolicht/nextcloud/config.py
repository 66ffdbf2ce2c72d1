"""Where the Nextcloud is and how zolicht logs in, checked once at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput


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


def from_env(env: Mapping[str, str] = os.environ) -> NextcloudConfig | None:
    """The configured Nextcloud, None when none is configured, or one clear error."""
    url = env.get("ZOLICHT_NEXTCLOUD_URL", "").strip()
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput("ZOLICHT_NEXTCLOUD_URL", M.NEXTCLOUD_URL_RULE.format(value=url))
    user = env.get("ZOLICHT_NEXTCLOUD_USER", "").strip()
    password = env.get("ZOLICHT_NEXTCLOUD_APP_PASSWORD", "")
    if not user:
        raise InvalidInput("ZOLICHT_NEXTCLOUD_USER", M.TEXT_EMPTY)
    if not password:
        raise InvalidInput("ZOLICHT_NEXTCLOUD_APP_PASSWORD", M.TEXT_EMPTY)
    return NextcloudConfig(url.rstrip("/"), user, password)
