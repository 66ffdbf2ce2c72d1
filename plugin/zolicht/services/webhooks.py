"""Nextcloud's webhooks for the family folders: the secret, what zolicht registers, and
which family an event is about.

Nextcloud posts an event (``{"event": {...}, "user": ..., "time": ...}``) when a file is
written, and, on a server that offers them, when a share is made, changed or removed. The
call carries the secret in a header; zolicht then checks only the family the event is
about, found by the file's id (the files zolicht put in a family folder) or by the
family folder's name in the path (``zl-<space>``); anything else is ignored.

The secret is ``ZOLICHT_WEBHOOK_SECRET`` when set, else derived (HMAC) from the service
account's app password, which every zolicht process already has: nothing to store, the
same in every web process and the CLI, and a new app password gives a new secret (which
``zolicht doctor --fix`` registers).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from zolicht.context import Context
from zolicht.domain.names import PREFIX, ROOT
from zolicht.nextcloud import Nextcloud
from zolicht.nextcloud.webhooks import NODE_WRITTEN, Ensured, Webhooks

PATH = "/nextcloud/webhook"
"""Where zolicht takes Nextcloud's webhooks (relative to its root)."""
MAX_CANDIDATES = 8
"""At most this many file ids and folder names of one event are looked up."""
NODE_FILTER: dict[str, Any] = {
    "event.node.path": "/^\\/" + PREFIX + "|\\/files\\/(.*\\/)?" + PREFIX + "/"}
"""Only writes that may be in a family folder: in a ``zl-`` account's files (a network
member, where shared files appear), or below a ``zl-`` folder (the service account's
family folders, as a professional sees them too). Checked by Nextcloud before it queues a
call; zolicht checks the family itself anyway."""


def secret(app_password: str, explicit: str = "") -> str:
    """The webhook secret: ``explicit`` when given, else derived from ``app_password``."""
    if explicit:
        return explicit
    if not app_password:
        return ""
    return hmac.new(app_password.encode(), b"zolicht webhook secret",
                    hashlib.sha256).hexdigest()


def register(hooks: Webhooks, uri: str, key: str) -> Ensured:
    """zolicht's webhooks registered once for ``uri`` with secret ``key``."""
    return hooks.ensure(uri, key, {NODE_WRITTEN: NODE_FILTER})


def register_as_account(client: Nextcloud, public_url: str, key: str) -> Ensured:
    return register(client.webhooks, public_url.rstrip("/") + PATH, key)


def families_of(ctx: Context, payload: Any) -> set[str]:
    """The families an event (Nextcloud's JSON body) is about: none for anything else,
    including a body that is not what Nextcloud sends."""
    if not isinstance(payload, dict) or not isinstance(payload.get("event"), dict):
        return set()
    event = payload["event"]
    fileids: list[int] = []
    paths: list[str] = []
    for key in ("node", "source", "target"):
        node = event.get(key)
        if isinstance(node, dict):
            _add_id(fileids, node.get("id"))
            if isinstance(node.get("path"), str):
                paths.append(node["path"])
    share = event.get("share")
    if isinstance(share, dict):
        _add_id(fileids, share.get("file_source"))
        if isinstance(share.get("path"), str):
            paths.append(share["path"])
    spaces = [m.group(1) for path in paths[:MAX_CANDIDATES] for part in path.split("/")
              if (m := ROOT.fullmatch(part))]
    found: set[str] = set()
    with ctx.store.reading() as tx:
        for fileid in fileids[:MAX_CANDIDATES]:
            slug = tx.families.by_fileid(fileid)
            if slug is not None:
                found.add(slug)
        for space in spaces[:MAX_CANDIDATES]:
            slug = tx.families.by_space(space)
            if slug is not None:
                found.add(slug)
    return found


def _add_id(into: list[int], raw: Any) -> None:
    if isinstance(raw, bool):
        return
    if isinstance(raw, int) and 0 < raw < 2 ** 62:
        into.append(raw)
    elif isinstance(raw, str) and raw.isdigit() and len(raw) < 19:
        into.append(int(raw))
