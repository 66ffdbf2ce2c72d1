"""Every name zolicht gives in Nextcloud: accounts, the family folder, its calendar and
groups, all made from random tokens (a family's ``space``, an account's token). Pure: the
tokens come from the store, which draws them. Written once, here, for every layer.

Nothing is named after a family's slug, display name or people: such names are not
unique ("Gezin Jansen" is common), can be read as a path (``/``, ``..``), and would tell
anyone who can search Nextcloud's accounts and groups who is in care. A ``space`` is
random and unique (the database enforces it), so two families can never share an object,
whatever their names, slugs or keys; and the names say nothing about anyone.

Group ids carry the family's prefix, so that one search finds all of a family's groups.
A document's groups carry a token derived from the space and the document's key, not the
key itself (keys such as ``uitleg-adhd`` would tell what the document is about).
"""

from __future__ import annotations

import base64
import hashlib
import re

from zolicht.domain.model import Access, Circle

PREFIX = "zl-"
"""What every name zolicht gives starts with."""
CIRCLE_SUFFIX = {Circle.FAMILY: "g", Circle.NETWORK: "n", Circle.PROFESSIONAL: "p"}
ACCESS_SUFFIX = {Access.READ: "r", Access.EDIT: "w"}


def account_id(token: str) -> str:
    """An account id that tells nobody who it is for: ``zl-`` and a random token."""
    return f"{PREFIX}{token}"


def root(space: str) -> str:
    """The family folder, in the service account's files."""
    return f"{PREFIX}{space}"


ROOT = re.compile(rf"{re.escape(PREFIX)}([a-z0-9]{{6,32}})")
"""A family folder's name (``root``), with its space."""


def space_of(path: str) -> str | None:
    """The space of the family folder ``path`` starts with (a path as the service account
    sees it, with or without its leading slash); None when it starts with none."""
    found = ROOT.fullmatch(path.lstrip("/").split("/", 1)[0])
    return found.group(1) if found else None


def calendar_uri(space: str) -> str:
    return f"{PREFIX}{space}"


def group_prefix(space: str) -> str:
    """What every group id of the family starts with (and no other family's does)."""
    return f"{PREFIX}{space}-"


def circle_group(space: str, circle: Circle) -> str:
    """The group of the family's members of one circle (for forms and the folder)."""
    return group_prefix(space) + CIRCLE_SUFFIX[circle]


def document_group(space: str, document: str, access: Access) -> str:
    """The group whose members may read (or edit) one document."""
    digest = hashlib.sha256(f"{space}/{document}".encode()).digest()
    token = base64.b32encode(digest).decode().lower()[:8]
    return f"{group_prefix(space)}{token}-{ACCESS_SUFFIX[access]}"


def legacy_account(slug: str, key: str) -> str:
    """The account id zolicht gave a person before migration 0006."""
    return f"{slug}-{key}"


def legacy_groups(slug: str) -> tuple[str, ...]:
    """The groups zolicht named after a family's slug before migration 0006."""
    return (f"zolicht-{slug}-gezin", f"zolicht-{slug}-netwerk")


def legacy_calendar(slug: str) -> str:
    return f"zolicht-{slug}"
