"""The notifications app's admin endpoint: a short message to one account.

``POST /ocs/v2.php/apps/notifications/api/v2/admin_notifications/{userId}`` with the form
fields ``shortMessage`` and, optionally, ``longMessage`` (notifications app, Nextcloud 30
and later, where this v2 route is kept as a deprecated wrapper around v3). What its
controller does:

- Only an administrator may call it; anyone else gets 403 ("Logged in account must be an
  admin"), before the controller runs.
- An unknown account is 404 (checked first); an empty ``shortMessage``, or one longer than
  255 bytes (PHP's ``strlen``: bytes, not characters), or a ``longMessage`` longer than
  4000 bytes is 400. Both come with ``data`` null, without a message.
- On success ``data`` is empty. The account sees the short message as the notification's
  subject (and the long one as its text) in the bell menu, on its devices through push,
  and by e-mail in the app's batched reminder of unread notifications (by default every
  three hours; each person can change or switch that off in their own settings).

The text is shown as it is: it must itself be safe to show anyone who sees the screen or
the mail (zolicht puts no title in it; see ``services.notify``).
"""

from __future__ import annotations

from urllib.parse import quote

from zolicht.nextcloud.errors import Refused
from zolicht.nextcloud.transport import Transport

ENDPOINT = "/ocs/v2.php/apps/notifications/api/v2/admin_notifications"
SHORT_LIMIT = 255
LONG_LIMIT = 4000
"""Nextcloud's limits, in bytes of UTF-8."""


class Notifications:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def send(self, uid: str, short: str, long: str = "") -> None:
        """Notify account ``uid``. ``Gone``: no such account; ``Refused``: not an admin
        (HTTP 403), or a text Nextcloud does not take (HTTP 400; checked here first, so
        nothing is sent that would be refused)."""
        path = f"{ENDPOINT}/{quote(uid, safe='')}"
        if not short or len(short.encode()) > SHORT_LIMIT:
            raise Refused("POST", path, f"shortMessage empty or over {SHORT_LIMIT} bytes")
        if len(long.encode()) > LONG_LIMIT:
            raise Refused("POST", path, f"longMessage over {LONG_LIMIT} bytes")
        data = {"shortMessage": short}
        if long:
            data["longMessage"] = long
        self.transport.ocs("POST", path, data=data)
