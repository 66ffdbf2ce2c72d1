"""CalDAV on the service account's calendars (``/remote.php/dav/calendars/<user>/``).

Bodies are built and answers parsed by the pure helpers in ``zolicht.nextcloud.caldav``.
Events are written with ETag conditions, so zolicht never overwrites a change it has not
seen.
"""

from __future__ import annotations

from urllib.parse import quote

from zolicht.nextcloud.caldav import (
    CalendarState,
    calendar_propfind,
    mkcalendar_body,
    parse_calendar,
    share_body,
)
from zolicht.nextcloud.transport import Transport, answer_error

XML = {"Content-Type": "application/xml"}


class Calendars:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def path(self, uri: str) -> str:
        return f"/remote.php/dav/calendars/{quote(self.transport.user)}/{quote(uri)}/"

    def read(self, uri: str) -> CalendarState | None:
        """The calendar's sharees and events (name → etag) in one request; None if absent."""
        response = self.transport.request("PROPFIND", self.path(uri), data=calendar_propfind(),
                                          headers={"Depth": "1", **XML})
        if response.status_code == 404:
            return None
        if response.status_code != 207:
            raise answer_error("PROPFIND", uri, response)
        return parse_calendar(response.content)

    def make(self, uri: str, name: str) -> None:
        """Make a calendar; one that exists already (405) is fine."""
        response = self.transport.request("MKCALENDAR", self.path(uri),
                                          data=mkcalendar_body(name), headers=XML)
        if response.status_code not in (201, 405):
            raise answer_error("MKCALENDAR", uri, response)

    def delete(self, uri: str) -> None:
        response = self.transport.request("DELETE", self.path(uri))
        if response.status_code not in (204, 404):
            raise answer_error("DELETE", uri, response)

    def share(self, uri: str, changes: list[tuple[str, str | None]]) -> None:
        """(principal, 'read'/'read-write', or None to unshare) for each sharee; setting
        what is already set changes nothing, so this may be repeated."""
        response = self.transport.request("POST", self.path(uri), idempotent=True,
                                          data=share_body(changes), headers=XML)
        if response.status_code != 200:
            raise answer_error("POST share", uri, response)

    def put_event(self, uri: str, name: str, ics: bytes, etag: str | None) -> str:
        """Create (``etag`` None: only if absent) or replace (only if unchanged); the new
        etag. Nextcloud sends none when it changed the object itself (an event with an
        organizer gets scheduling data added), so it is then read back."""
        condition = {"If-Match": f'"{etag}"'} if etag else {"If-None-Match": "*"}
        response = self.transport.request(
            "PUT", self.path(uri) + quote(name), data=ics,
            headers={"Content-Type": "text/calendar; charset=utf-8", **condition})
        if response.status_code not in (201, 204):
            raise answer_error("PUT", f"{uri}/{name}", response)
        return response.headers.get("ETag", "").strip('"') or self.etag(uri, name)

    def etag(self, uri: str, name: str) -> str:
        response = self.transport.request("GET", self.path(uri) + quote(name))
        if response.status_code != 200:
            raise answer_error("GET", f"{uri}/{name}", response)
        return response.headers.get("ETag", "").strip('"')

    def delete_event(self, uri: str, name: str) -> None:
        response = self.transport.request("DELETE", self.path(uri) + quote(name))
        if response.status_code not in (204, 404):
            raise answer_error("DELETE", f"{uri}/{name}", response)
