"""Nextcloud's ``webhook_listeners`` OCS API (Nextcloud 32): which events Nextcloud posts
to zolicht, and making sure they are registered exactly once.

Only an administrator (or an ExApp through AppAPI, ``headers``) may register. Each
registration names one event class; Nextcloud refuses (400) classes that are not
webhook compatible, such as the share events of Nextcloud 32 (tests/contract/FINDINGS.md):
``ensure`` asks for them anyway and reports them as not offered, so a server that offers
them later is used without a change here.

The secret travels as a header Nextcloud adds to each call (``authMethod`` "header"); it is
stored encrypted there and never shown back. So that ``ensure`` can tell whether a
registration carries the current secret without seeing it, each registration also
carries a fingerprint of it (a hash, useless for calling zolicht) as a plain header.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from zolicht.nextcloud.errors import Refused
from zolicht.nextcloud.transport import Transport

WEBHOOKS = "/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks"
SECRET_HEADER = "X-Zolicht-Webhook-Secret"
FINGERPRINT_HEADER = "X-Zolicht-Webhook-Key"
NODE_WRITTEN = "OCP\\Files\\Events\\Node\\NodeWrittenEvent"
SHARE_CREATED = "OCP\\Share\\Events\\ShareCreatedEvent"
SHARE_UPDATED = "OCP\\Share\\Events\\ShareUpdatedEvent"
SHARE_DELETED = "OCP\\Share\\Events\\ShareDeletedEvent"
EVENTS = (NODE_WRITTEN, SHARE_CREATED, SHARE_UPDATED, SHARE_DELETED)
"""What zolicht asks for: a file written (an edit through an edit grant), and a share
made, changed or removed (in Nextcloud 32 not offered)."""
NOT_COMPATIBLE = "not an event class compatible with webhooks"


def fingerprint(secret: str) -> str:
    """What tells the current secret's registrations from older ones, without the secret."""
    return hashlib.sha256(f"zolicht-webhook:{secret}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Registration:
    id: int
    event: str
    uri: str
    app_id: str | None
    headers: dict[str, str]

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Registration:
        headers = data.get("headers") or {}
        return cls(int(data["id"]), str(data["event"]), str(data["uri"]),
                   data.get("appId") or None,
                   {str(k): str(v) for k, v in headers.items()}
                   if isinstance(headers, dict) else {})


@dataclass(frozen=True)
class Ensured:
    made: tuple[str, ...] = ()
    """Event classes registered now (or re-registered with the current secret)."""
    kept: tuple[str, ...] = ()
    """Event classes already registered with the current secret."""
    not_offered: tuple[str, ...] = ()
    """Event classes this Nextcloud does not send webhooks for."""


class Webhooks:
    def __init__(self, transport: Transport, headers: dict[str, str] | None = None) -> None:
        self.transport = transport
        self.headers = headers or {}
        """AppAPI's headers when registering as the ExApp, else none (as the account)."""

    def listing(self, uri: str) -> list[Registration]:
        data = self.transport.ocs("GET", WEBHOOKS, params={"uri": uri}, headers=self.headers)
        return [Registration.parse(d) for d in data or []]

    def register(self, event: str, uri: str, secret: str,
                 event_filter: dict[str, Any] | None = None,
                 listener: int | None = None) -> Registration:
        """Register (or, with ``listener``, replace) one webhook: POST ``uri`` with the
        event as JSON, the secret in ``SECRET_HEADER``."""
        body = {"httpMethod": "POST", "uri": uri, "event": event,
                "eventFilter": event_filter or {},
                "headers": {FINGERPRINT_HEADER: fingerprint(secret)},
                "authMethod": "header", "authData": {SECRET_HEADER: secret}}
        path = WEBHOOKS if listener is None else f"{WEBHOOKS}/{listener}"
        return Registration.parse(self.transport.ocs("POST", path, idempotent=False,
                                                     json=body, headers=self.headers))

    def delete(self, listener: int) -> None:
        self.transport.ocs("DELETE", f"{WEBHOOKS}/{listener}", headers=self.headers)

    def ensure(self, uri: str, secret: str, filters: dict[str, dict[str, Any]] | None = None,
               events: tuple[str, ...] = EVENTS) -> Ensured:
        """Each of ``events`` registered once for ``uri`` with ``secret`` (and the event's
        filter from ``filters``): kept when it is, replaced when it carries another
        secret, duplicates removed; reads only when all is in place."""
        mine = fingerprint(secret)
        existing = self.listing(uri)
        made: list[str] = []
        kept: list[str] = []
        absent: list[str] = []
        for event in events:
            found = [r for r in existing if r.event == event]
            current = [r for r in found if r.headers.get(FINGERPRINT_HEADER) == mine]
            keep = current[0] if current else None
            replaced = found[0] if keep is None and found else None
            for extra in found:
                if extra is not keep and extra is not replaced:
                    self.delete(extra.id)
            if keep is not None:
                kept.append(event)
                continue
            try:
                self.register(event, uri, secret, (filters or {}).get(event),
                              replaced.id if replaced else None)
            except Refused as refusal:
                if NOT_COMPATIBLE not in refusal.message:
                    raise
                absent.append(event)
                continue
            made.append(event)
        return Ensured(tuple(made), tuple(kept), tuple(absent))
