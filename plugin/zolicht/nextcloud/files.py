"""WebDAV on the service account's files (``/remote.php/dav/files/<user>/``).

Paths are relative to the account's root, without a leading slash. Requests are built and
answers parsed by the pure helpers in ``zolicht.nextcloud.webdav``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from zolicht.nextcloud.errors import Gone
from zolicht.nextcloud.transport import Transport, answer_error
from zolicht.nextcloud.webdav import Entry, file_id, parse_multistatus, propfind_body


@dataclass(frozen=True)
class Uploaded:
    etag: str
    fileid: int


class Files:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.root = f"/remote.php/dav/files/{quote(transport.user)}/"

    def url_path(self, path: str) -> str:
        return self.root + quote(path)

    def propfind(self, path: str, depth: str = "1") -> list[Entry]:
        """The entries at ``path`` (itself first); an empty list when it does not exist."""
        response = self.transport.request(
            "PROPFIND", self.url_path(path), data=propfind_body(),
            headers={"Depth": depth, "Content-Type": "application/xml"})
        if response.status_code == 404:
            return []
        if response.status_code != 207:
            raise answer_error("PROPFIND", path, response)
        return parse_multistatus(response.content, f"/remote.php/dav/files/{self.transport.user}/")

    def mkcol(self, path: str) -> None:
        """Make a folder; one that exists already (405) is fine."""
        response = self.transport.request("MKCOL", self.url_path(path))
        if response.status_code not in (201, 405):
            raise answer_error("MKCOL", path, response)

    def put(self, path: str, content: bytes) -> Uploaded:
        response = self.transport.request("PUT", self.url_path(path), data=content)
        if response.status_code not in (201, 204):
            raise answer_error("PUT", path, response)
        etag = response.headers.get("OC-ETag", response.headers.get("ETag", "")).strip('"')
        return Uploaded(etag, file_id(response.headers.get("OC-FileId", "")))

    def get(self, path: str) -> bytes:
        response = self.transport.request("GET", self.url_path(path))
        if response.status_code != 200:
            raise answer_error("GET", path, response)
        return response.content

    def move(self, source: str, target: str) -> None:
        """Move (and keep the file ids, so shares stay with their files); never overwrite."""
        response = self.transport.request(
            "MOVE", self.url_path(source), idempotent=False,
            headers={"Destination": self.transport.config.url + self.url_path(target),
                     "Overwrite": "F"})
        if response.status_code not in (201, 204):
            raise answer_error("MOVE", source, response)

    def delete(self, path: str) -> None:
        """Gone already is what was wanted."""
        response = self.transport.request("DELETE", self.url_path(path))
        if response.status_code not in (204, 404):
            raise answer_error("DELETE", path, response)

    def exists(self, path: str) -> bool:
        try:
            return bool(self.propfind(path, depth="0"))
        except Gone:
            return False
