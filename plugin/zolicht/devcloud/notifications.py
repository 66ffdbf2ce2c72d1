"""The notifications app: an admin's message to one account, and the account's own list.

What Nextcloud's notifications app does (``APIController::generateNotification``, the v2
route kept since 30 as a wrapper around v3): only an admin may send (403 before the
controller); an unknown account is 404, checked first; ``shortMessage`` empty or over 255
bytes, or ``longMessage`` over 4000 bytes, is 400; both with ``data`` null. The messages
are kept in a table, readable in tests (``Server.notifications``), as mails are in the
outbox.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from zolicht.devcloud.call import Call, route
from zolicht.devcloud.ocs import OCSError

NOT_ADMIN = "Logged in account must be an admin"
SHORT_LIMIT = 255
LONG_LIMIT = 4000
APP = "/apps/notifications/api/v2"


@dataclass(frozen=True)
class Notification:
    id: int
    uid: str
    subject: str
    message: str
    created: float


def since(conn: sqlite3.Connection, last: int = 0) -> list[Notification]:
    rows = conn.execute("SELECT id, uid, subject, message, created FROM notifications "
                        "WHERE id > ? ORDER BY id", (last,))
    return [Notification(r["id"], r["uid"], r["subject"], r["message"], r["created"])
            for r in rows]


@route("POST", APP + r"/admin_notifications/(?P<uid>[^/]+)")
def generate(call: Call) -> Any:
    if not call.server.accounts.is_admin(call.uid):
        raise OCSError(403, NOT_ADMIN)
    uid = call.arg("uid")
    if call.server.accounts.user(uid) is None:
        raise OCSError(404)
    short = call.param("shortMessage") or ""
    long = call.param("longMessage") or ""
    if not short or len(short.encode()) > SHORT_LIMIT or len(long.encode()) > LONG_LIMIT:
        raise OCSError(400)
    call.server.conn.execute(
        "INSERT INTO notifications (uid, subject, message, created) VALUES (?,?,?,?)",
        (uid, short, long, time.time()))
    return []


@route("GET", APP + r"/notifications")
def own(call: Call) -> Any:
    """The caller's notifications, newest first (the bell menu's list)."""
    rows = call.server.conn.execute(
        "SELECT id, uid, subject, message, created FROM notifications WHERE uid = ? "
        "ORDER BY id DESC", (call.uid,))
    return [_shown(Notification(r["id"], r["uid"], r["subject"], r["message"], r["created"]))
            for r in rows]


def _shown(n: Notification) -> dict[str, Any]:
    at = datetime.fromtimestamp(n.created, UTC)
    return {
        "notification_id": n.id, "app": "admin_notifications", "user": n.uid,
        "datetime": at.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "object_type": "admin_notifications", "object_id": f"{int(n.created):x}",
        "subject": n.subject, "message": n.message, "link": "",
        "subjectRich": n.subject, "subjectRichParameters": [],
        "messageRich": n.message, "messageRichParameters": [],
        "icon": "", "shouldNotify": True, "actions": [],
    }

