"""Settings, read from the environment once, at the composition root (the CLI)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from zolicht.forms.definitions import DEFAULT_DIR as DEFAULT_FORMS


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


def load(env: Mapping[str, str] = os.environ) -> Settings:
    data_dir = Path(env.get("ZOLICHT_DATA_DIR") or platformdirs.user_data_dir("zolicht"))
    url = env.get("ZOLICHT_DATABASE_URL") or f"sqlite:///{data_dir / 'zolicht.sqlite3'}"
    actor = env.get("ZOLICHT_ACTOR") or f"cli:{_os_user()}"
    forms = Path(env["ZOLICHT_FORMS_DIR"]) if env.get("ZOLICHT_FORMS_DIR") else DEFAULT_FORMS
    accepted = frozenset(a.strip() for a in env.get("ZOLICHT_ACCEPT_ADVISORIES", "").split(",")
                         if a.strip())
    return Settings(data_dir=data_dir, database_url=url, actor=actor, forms_dir=forms,
                    accepted_advisories=accepted)


def _os_user() -> str:
    try:
        return os.getlogin()
    except OSError:
        import getpass

        return getpass.getuser()
