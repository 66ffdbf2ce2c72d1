"""Moving a family made before migration 0006 out of the names it had then.

Before 0006 a family's folder was named after its display name, its groups and calendar
after its slug. The first apply after the migration:

- moves the old folder to the family's new folder when nobody else could have used it
  (the name was not also another family's, and nothing is nested in it), so the files
  keep their ids and any change someone made in Nextcloud; otherwise removes it, because
  it may hold another family's files and shares;
- removes the old groups and the old calendar (the apply then makes the new ones).

Zolicht's old per-person shares travel with a moved folder; the apply that follows
removes them and shares through the document groups instead, so nobody loses access for
longer than that one apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from zolicht.context import Context
from zolicht.domain import names
from zolicht.domain.model import Family
from zolicht.nextcloud import Nextcloud
from zolicht.store import Transaction


@dataclass(frozen=True)
class Leftover:
    """A family's folder from before 0006, not yet moved or removed."""

    root: str
    shared: bool
    """Another family's old folder was the same, or inside it."""


def leftover(tx: Transaction, slug: str) -> Leftover | None:
    remote = tx.remote(slug)
    old = remote.legacy_root()
    return None if old is None else Leftover(old, remote.legacy_shared(old))


def migrate(ctx: Context, client: Nextcloud, family: Family, found: Leftover | None) -> bool:
    """Move or remove what ``found`` says is left (see the module's docstring); whether
    there was anything."""
    if found is None:
        return False
    old, shared = found.root, found.shared
    for gid in names.legacy_groups(family.slug):
        client.users.delete_group(gid)
    client.calendars.delete(names.legacy_calendar(family.slug))
    root = names.root(family.space)
    moved = False
    if _usable(old) and client.files.propfind(old, depth="0"):
        if shared or "/" in old or client.files.propfind(root, depth="0"):
            client.files.delete(old)
        else:
            client.files.move(old, root)
            moved = True
    with ctx.store.transaction() as tx:
        remote = tx.remote(family.slug)
        if moved:
            remote.move_uploads(old, root)
        remote.legacy_done()
        ctx.record(tx, "family.migrated", family.slug,
                   reason="folder moved" if moved else "old objects removed")
    return True


def _usable(path: str) -> bool:
    """Whether an old folder name is a path zolicht could have made at all."""
    return bool(path) and all(part not in ("", ".", "..") for part in path.split("/"))
