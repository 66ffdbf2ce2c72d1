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

from zolicht.context import Context
from zolicht.domain import names
from zolicht.domain.model import Family
from zolicht.nextcloud import Nextcloud


def migrate(ctx: Context, client: Nextcloud, family: Family) -> None:
    with ctx.store.reading() as tx:
        remote = tx.remote(family.slug)
        old = remote.legacy_root()
        if old is None:
            return
        shared = remote.legacy_shared(old)
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


def _usable(path: str) -> bool:
    """Whether an old folder name is a path zolicht could have made at all."""
    return bool(path) and all(part not in ("", ".", "..") for part in path.split("/"))
