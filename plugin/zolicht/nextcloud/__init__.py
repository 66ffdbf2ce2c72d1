"""zolicht's client for Nextcloud, as the service account: one API object per Nextcloud
API over one transport (``transport.py``), each parsing its own wire format into typed
records and raising typed errors by cause (``errors.py``).

It is built directly on ``requests`` rather than on nextcloud-api-wrapper: that wrapper
creates users without e-mail, sets no timeouts and hides OCS status codes, which are the
three things provisioning depends on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from zolicht.nextcloud.calendars import Calendars
from zolicht.nextcloud.config import NextcloudConfig
from zolicht.nextcloud.errors import (
    AlreadyExists,
    Gone,
    NextcloudError,
    Permanent,
    RateLimited,
    Refused,
    ServerError,
    Temporary,
    Unreachable,
)
from zolicht.nextcloud.files import Files
from zolicht.nextcloud.forms import Forms
from zolicht.nextcloud.login import LoginFlows
from zolicht.nextcloud.notifications import Notifications
from zolicht.nextcloud.provisioning import Provisioning
from zolicht.nextcloud.server import Server
from zolicht.nextcloud.shares import ShareInfo, Shares
from zolicht.nextcloud.transport import Counter, Transport, answer_error
from zolicht.nextcloud.webdav import Entry
from zolicht.nextcloud.webhooks import Webhooks

__all__ = ["AlreadyExists", "Counter", "Entry", "Gone", "Nextcloud", "NextcloudConfig",
           "NextcloudError", "Permanent", "RateLimited", "Refused", "ServerError",
           "ShareInfo", "Temporary", "Unreachable"]


class Nextcloud:
    """One Nextcloud, as one account (or none, for ``login``): ``users``, ``files``,
    ``shares``, ``calendars``, ``forms``, ``server``, ``login``, ``notifications`` and ``webhooks``
    share the transport, so its counter sees every request."""

    def __init__(self, config: NextcloudConfig, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.transport = Transport(config, session, sleep)
        self.users = Provisioning(self.transport)
        self.files = Files(self.transport)
        self.shares = Shares(self.transport)
        self.calendars = Calendars(self.transport)
        self.forms = Forms(self.transport)
        self.server = Server(self.transport)
        self.login = LoginFlows(self.transport)
        self.notifications = Notifications(self.transport)
        self.webhooks = Webhooks(self.transport)

    @property
    def config(self) -> NextcloudConfig:
        return self.transport.config

    @property
    def user(self) -> str:
        return self.transport.user

    @property
    def counter(self) -> Counter:
        return self.transport.counter

    def close(self) -> None:
        self.transport.close()

    def version(self) -> str:
        """The server's version (``status.php``'s ``versionstring``)."""
        response = self.transport.request("GET", "/status.php")
        try:
            return str(response.json()["versionstring"])
        except (ValueError, KeyError, TypeError):
            raise answer_error("GET", "/status.php", response) from None
