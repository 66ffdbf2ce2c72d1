"""Pure CalDAV request bodies and response parsing for the family calendar (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

D, C, OC = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://owncloud.org/ns"


@dataclass(frozen=True)
class CalendarState:
    sharees: dict[str, str] = field(default_factory=dict)
    """Principal (``users/x``, ``groups/y``) → 'read' or 'read-write'."""
    events: dict[str, str] = field(default_factory=dict)
    """Object name (``x.ics``) → etag."""


def calendar_propfind() -> bytes:
    return (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
            b"<d:prop><d:getetag/><oc:invite/><d:resourcetype/></d:prop></d:propfind>")


def mkcalendar_body(name: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><c:mkcalendar xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
            f"<d:displayname>{escape(name)}</d:displayname>"
            '<c:supported-calendar-component-set><c:comp name="VEVENT"/>'
            "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>").encode()


def share_body(changes: list[tuple[str, str | None]]) -> bytes:
    parts = []
    for principal, access in changes:
        href = f"<d:href>principal:principals/{escape(principal)}</d:href>"
        if access is None:
            parts.append(f"<o:remove>{href}</o:remove>")
        else:
            writable = "<o:read-write/>" if access == "read-write" else ""
            parts.append(f"<o:set>{href}{writable}</o:set>")
    return ('<?xml version="1.0" encoding="utf-8"?><o:share xmlns:d="DAV:" '
            f'xmlns:o="http://owncloud.org/ns">{"".join(parts)}</o:share>').encode()


def parse_calendar(body: bytes) -> CalendarState:
    state = CalendarState()
    for response in ET.fromstring(body).iter(f"{{{D}}}response"):
        href = unquote(response.findtext(f"{{{D}}}href") or "")
        prop = response.find(f"{{{D}}}propstat/{{{D}}}prop")
        if prop is None:
            continue
        invite = prop.find(f"{{{OC}}}invite")
        if invite is not None:
            for user in invite.findall(f"{{{OC}}}user"):
                principal = (user.findtext(f"{{{D}}}href") or "").removeprefix(
                    "principal:principals/")
                writable = user.find(f"{{{OC}}}access/{{{OC}}}read-write") is not None
                state.sharees[principal] = "read-write" if writable else "read"
        elif href.endswith(".ics"):
            state.events[href.rsplit("/", 1)[-1]] = (
                prop.findtext(f"{{{D}}}getetag") or "").strip('"')
    return state
