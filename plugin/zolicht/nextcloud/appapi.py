"""AppAPI, as zolicht calls it when it runs as a Nextcloud external app: as the app
itself, with AppAPI's shared secret instead of an account."""

from __future__ import annotations

import base64

from zolicht.nextcloud.transport import Transport

APP_ID = "zolicht"
HEADER = "AUTHORIZATION-APP-API"
TOP_MENU = "/ocs/v1.php/apps/app_api/api/v1/ui/top-menu"


def headers(secret: str, version: str, uid: str = "") -> dict[str, str]:
    """AppAPI's authentication for a call as the app (``uid`` empty) or for a user."""
    token = base64.b64encode(f"{uid}:{secret}".encode()).decode()
    return {"EX-APP-ID": APP_ID, "EX-APP-VERSION": version, HEADER: token}


class AppAPI:
    def __init__(self, transport: Transport, secret: str, version: str) -> None:
        self.transport = transport
        self.headers = headers(secret, version)

    def top_menu(self, enabled: bool) -> None:
        """Add (or remove) zolicht's entry in Nextcloud's top menu; both may be repeated."""
        body: dict[str, str | int] = {"name": "main"}
        if enabled:
            body |= {"displayName": "zolicht", "icon": "", "adminRequired": 0}
        self.transport.ocs("POST" if enabled else "DELETE", TOP_MENU, idempotent=True,
                           json=body, headers=self.headers)
