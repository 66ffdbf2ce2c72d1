"""What a Nextcloud says about itself: version, capabilities and (as admin) app settings.

Used by ``zolicht doctor`` to tell an operator what the installation needs and has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zolicht.nextcloud.errors import Permanent
from zolicht.nextcloud.transport import Transport

APP_CONFIG = "/ocs/v2.php/apps/provisioning_api/api/v1/config/apps"


@dataclass(frozen=True)
class Capabilities:
    version: str
    apps: dict[str, str]
    """App id → version, for the apps that report one (forms, app_api)."""
    allow_listed: bool
    """Whether Nextcloud's brute-force allow-list holds the address zolicht calls from."""
    delay: int
    """Brute-force delay (ms) Nextcloud now applies to zolicht's address."""
    resharing: bool

    @classmethod
    def from_ocs(cls, data: dict[str, Any]) -> Capabilities:
        found = data.get("capabilities") or {}
        apps = {app: str(found[app]["version"]) for app in ("forms", "app_api")
                if isinstance(found.get(app), dict) and "version" in found[app]}
        brute = found.get("bruteforce") or {}
        sharing = found.get("files_sharing") or {}
        return cls(str((data.get("version") or {}).get("string", "")), apps,
                   bool(brute.get("allow-listed")), int(brute.get("delay") or 0),
                   bool(sharing.get("resharing", True)))


class Server:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def capabilities(self) -> Capabilities:
        return Capabilities.from_ocs(self.transport.ocs("GET", "/ocs/v2.php/cloud/capabilities"))

    def app_value(self, app: str, key: str) -> str | None:
        """An app setting ("" when unset, so the default applies); None when this account
        may not read it or this Nextcloud has no such API."""
        try:
            data = self.transport.ocs("GET", f"{APP_CONFIG}/{app}/{key}")
        except Permanent:
            return None
        return str(data.get("data") or "") if isinstance(data, dict) else None
