"""Nextcloud's sharing API (``files_sharing/api/v1/shares``) for the service account's files.

zolicht shares a document with a group, never by link or e-mail, never with the reshare
bit; and it never lets Nextcloud mail a share (the mail names the file, which is exactly
what the family did not choose to tell anyone): ``sendMail`` is always ``false``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from zolicht.nextcloud.errors import Gone
from zolicht.nextcloud.transport import Transport

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
USER, GROUP = 0, 1


@dataclass(frozen=True)
class ShareInfo:
    id: str
    share_type: int
    path: str
    """Path as the service account sees it, without leading slash."""
    share_with: str | None
    permissions: int
    initiator: str
    file_id: int

    @classmethod
    def from_ocs(cls, data: dict[str, Any]) -> ShareInfo:
        return cls(str(data["id"]), int(data["share_type"]), str(data["path"]).lstrip("/"),
                   data.get("share_with"), int(data["permissions"]), str(data["uid_owner"]),
                   int(data.get("item_source") or data.get("file_source") or 0))


class Shares:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def all(self) -> list[ShareInfo]:
        """Every share made by the service account or on its files, in one request."""
        data = self.transport.ocs("GET", SHARES, params={"reshares": "true"})
        return [ShareInfo.from_ocs(s) for s in data]

    def of(self, path: str, subfiles: bool = False) -> list[ShareInfo]:
        """Shares of ``path`` (or, with ``subfiles``, of what is directly inside it), made
        by anyone on the service account's files; none when ``path`` does not exist."""
        try:
            data = self.transport.ocs("GET", SHARES, params={
                "path": "/" + path, "reshares": "true",
                "subfiles": "true" if subfiles else "false"})
        except Gone:
            return []
        return [ShareInfo.from_ocs(s) for s in data]

    def create(self, path: str, share_type: int, share_with: str,
               permissions: int) -> ShareInfo:
        """Nextcloud allows one account 20 of these per 10 minutes (``RateLimited``)."""
        data = self.transport.ocs("POST", SHARES, data={
            "path": "/" + path, "shareType": share_type, "shareWith": share_with,
            "permissions": permissions, "sendMail": "false"})
        return ShareInfo.from_ocs(data)

    def update(self, share_id: str, permissions: int) -> None:
        self.transport.ocs("PUT", f"{SHARES}/{share_id}", data={"permissions": permissions})

    def delete(self, share_id: str) -> None:
        """Gone already is what was wanted."""
        with contextlib.suppress(Gone):
            self.transport.ocs("DELETE", f"{SHARES}/{share_id}")
