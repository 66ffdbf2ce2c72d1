"""Settings, read from the environment once, by the composition root (``zolicht.bootstrap``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import platformdirs

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput
from zolicht.forms.definitions import DEFAULT_DIR as DEFAULT_FORMS
from zolicht.nextcloud.config import NextcloudConfig


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    """Where zolicht keeps its SQLite database: ``ZOLICHT_DATA_DIR``, else the user's data dir."""
    database_url: str
    """Any SQLAlchemy URL (``ZOLICHT_DATABASE_URL``); PostgreSQL in production."""
    actor: str
    """Who is operating zolicht, for the audit trail (``ZOLICHT_ACTOR``, else the OS user)."""
    forms_dir: Path = DEFAULT_FORMS
    """The form definitions to deploy (``ZOLICHT_FORMS_DIR``, else the shipped ones)."""
    accepted_advisories: frozenset[str] = frozenset()
    """Security advisories of the Nextcloud server the operator accepts by name
    (``ZOLICHT_ACCEPT_ADVISORIES``, comma separated); every run relying on it is audited."""
    public_url: str = ""
    """Where people reach zolicht's pages (``ZOLICHT_PUBLIC_URL``), for the links in
    notifications; empty: they are told to look in zolicht, without a link."""
    share_watch: float = 0.0
    """Seconds between two looks for shares nobody chose (``ZOLICHT_SHARE_WATCH_SECONDS``,
    2 unless set; 0: only at applies), by a worker or ``zolicht serve``."""


def load(env: Mapping[str, str] = os.environ) -> Settings:
    data_dir = Path(env.get("ZOLICHT_DATA_DIR") or platformdirs.user_data_dir("zolicht"))
    url = env.get("ZOLICHT_DATABASE_URL") or f"sqlite:///{data_dir / 'zolicht.sqlite3'}"
    actor = env.get("ZOLICHT_ACTOR") or f"cli:{_os_user()}"
    forms = Path(env["ZOLICHT_FORMS_DIR"]) if env.get("ZOLICHT_FORMS_DIR") else DEFAULT_FORMS
    accepted = frozenset(a.strip() for a in env.get("ZOLICHT_ACCEPT_ADVISORIES", "").split(",")
                         if a.strip())
    return Settings(data_dir=data_dir, database_url=url, actor=actor, forms_dir=forms,
                    accepted_advisories=accepted, public_url=_public_url(env),
                    share_watch=_seconds(env, "ZOLICHT_SHARE_WATCH_SECONDS", 2.0))


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    given = env.get(name, "").strip()
    if not given:
        return default
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise InvalidInput(name, M.SECONDS_RULE.format(value=given))
    return seconds


def _public_url(env: Mapping[str, str]) -> str:
    url = env.get("ZOLICHT_PUBLIC_URL", "").strip().rstrip("/")
    if not url:
        return ""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput("ZOLICHT_PUBLIC_URL", M.PUBLIC_URL_RULE.format(value=url))
    return url


def _os_user() -> str:
    try:
        return os.getlogin()
    except OSError:
        import getpass

        return getpass.getuser()


def nextcloud(env: Mapping[str, str] = os.environ) -> NextcloudConfig | None:
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
