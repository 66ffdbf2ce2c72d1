"""Pure WebDAV request building and response parsing (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree import ElementTree as ET

D, OC = "DAV:", "http://owncloud.org/ns"


@dataclass(frozen=True)
class Entry:
    path: str
    """Relative to the user's files root, without leading or trailing slash."""
    is_dir: bool
    etag: str
    fileid: int
    size: int


def file_id(header: str) -> int:
    """The file id in an ``OC-FileId`` header: zero-padded digits, then the instance id."""
    digits = header[: len(header) - len(header.lstrip("0123456789"))]
    return int(digits) if digits else 0


def propfind_body() -> bytes:
    return (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
            b"<d:prop><d:resourcetype/><d:getetag/><oc:fileid/><oc:size/></d:prop>"
            b"</d:propfind>")


def parse_multistatus(body: bytes, root: str) -> list[Entry]:
    entries = []
    for response in ET.fromstring(body).iter(f"{{{D}}}response"):
        href = unquote(response.findtext(f"{{{D}}}href") or "")
        path = href.split(root, 1)[-1].strip("/")
        prop = response.find(f"{{{D}}}propstat/{{{D}}}prop")
        if prop is None:
            continue
        resourcetype = prop.find(f"{{{D}}}resourcetype")
        entries.append(Entry(
            path=path,
            is_dir=resourcetype is not None and resourcetype.find(f"{{{D}}}collection") is not None,
            etag=(prop.findtext(f"{{{D}}}getetag") or "").strip('"'),
            fileid=int(prop.findtext(f"{{{OC}}}fileid") or 0),
            size=int(prop.findtext(f"{{{OC}}}size") or 0),
        ))
    return entries
