"""CalDAV at /remote.php/dav/ (reference §5): principals, calendar homes, calendars and
events with ETags and preconditions, calendar-query (with time-range) and multiget, and
calendar sharing the ownCloud way: the owner POSTs ``o:share``; a sharee finds the
calendar in their own home as ``<uri>_shared_by_<owner>``, read-only unless shared
read-write; for sharees, PRIVATE events do not exist, and a read-only sharee sees
CONFIDENTIAL ones as "Busy" with only their times, and no alarms (a read-write sharee sees
them in full). A deleted calendar goes to the trash bin and keeps its address. Events the
owner organises are mailed to their attendees (``imip.py``). Anything else of another user
is 404.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import recurring_ical_events
from icalendar import Calendar
from starlette.requests import Request
from starlette.responses import Response

from zolicht.devcloud import imip
from zolicht.devcloud.db import add_columns
from zolicht.devcloud.webdav import DavError, empty, parse_propfind

D, C, CS, OC, A = ("DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/",
                   "http://owncloud.org/ns", "http://apple.com/ns/ical/")
RESERVED = ("contact_birthdays", "trashbin", "app-generated--")
READ_WRITE, READ_ONLY = 2, 3
CAL_DAV = ("1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, "
           "calendar-access, calendar-proxy, calendarserver-sharing, calendar-auto-schedule, "
           "calendar-availability, nc-calendar-trashbin, nc-calendar-webcal-cache, "
           "calendarserver-subscribed, oc-resource-sharing, oc-calendar-publishing, "
           "nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, "
           "nc-paginate")
"""The DAV header Nextcloud's calendar endpoints send with OPTIONS and PROPFIND answers."""
SPECIAL = (("inbox", "<d:collection/><cal:schedule-inbox/>"),
           ("outbox", "<d:collection/><cal:schedule-outbox/>"),
           ("trashbin", "<d:collection/><x2:trash-bin/>"))
"""What a calendar home holds besides calendars: scheduling boxes and the trash bin."""
NOT_FOUND = "Sabre\\DAV\\Exception\\NotFound"
DEFAULT_CALENDARS = (("personal", "Personal"), ("contact_birthdays", "Contact birthdays"))
SHARED_BY = "_shared_by_"
CONFIDENTIAL_KEEP = {"CREATED", "DTSTART", "RRULE", "RECURRENCE-ID", "RDATE", "DURATION",
                     "DTEND", "CLASS", "EXRULE", "EXDATE", "UID"}


@dataclass(frozen=True)
class View:
    """A calendar as one user sees it: their own, or shared with them."""

    calendar: sqlite3.Row
    uri: str
    """The URI in the viewer's home (``x_shared_by_owner`` for a sharee)."""
    access: int
    """1 owner, 2 read-write, 3 read-only (Nextcloud's levels)."""

    @property
    def owner(self) -> bool:
        return self.access == 1

    @property
    def deleted(self) -> bool:
        return bool(self.calendar["deleted"])
SCHEMA = """
CREATE TABLE IF NOT EXISTS calendars (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    uri TEXT NOT NULL,
    displayname TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL DEFAULT '',
    components TEXT NOT NULL DEFAULT 'VEVENT',
    synctoken INTEGER NOT NULL DEFAULT 1,
    UNIQUE (owner, uri)
);
CREATE TABLE IF NOT EXISTS calendar_shares (
    calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    principal TEXT NOT NULL,
    access INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (calendar_id, principal)
);
CREATE TABLE IF NOT EXISTS calendar_objects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    data TEXT NOT NULL,
    etag TEXT NOT NULL,
    uid TEXT NOT NULL,
    UNIQUE (calendar_id, uri)
);
"""
MULTISTATUS = ('<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org'
               '/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org'
               '/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:x1="http://apple.com/ns/ical/" '
               'xmlns:x2="http://nextcloud.com/ns">')


def not_found(path: str) -> DavError:
    return DavError(404, NOT_FOUND, f"File with name {path} could not be located")


def no_node(name: str) -> DavError:
    return DavError(404, NOT_FOUND, f"Node with name '{name}' could not be found")


def no_calendar(name: str) -> DavError:
    return DavError(404, NOT_FOUND, f"Calendar with name '{name}' could not be found")


def no_object() -> DavError:
    return DavError(404, NOT_FOUND, "Calendar object not found")


class CalDav:
    def __init__(self, conn: sqlite3.Connection, groups_of: Callable[[str], list[str]],
                 display_name: Callable[[str], str], user_exists: Callable[[str], bool],
                 group_exists: Callable[[str], bool], email_of: Callable[[str], str],
                 send_mail: Callable[[str, str, str, str], None]) -> None:
        self.conn = conn
        self.groups_of, self.display_name = groups_of, display_name
        self.user_exists, self.group_exists = user_exists, group_exists
        self.email_of, self.send_mail = email_of, send_mail
        conn.executescript(SCHEMA)
        add_columns(conn, [("calendars", "deleted", "INTEGER NOT NULL DEFAULT 0")])

    async def handle(self, request: Request, uid: str, email: str, display: str,
                     rest: str) -> Response:
        """``rest`` is the path after /remote.php/dav/."""
        parts = [unquote(p) for p in rest.strip("/").split("/") if p]
        if request.method == "OPTIONS":
            return empty(200, {"Allow": "OPTIONS, GET, HEAD, DELETE, PROPFIND, PUT, PROPPATCH, "
                                        "COPY, MOVE, REPORT, MKCALENDAR, MKCOL"})
        if not parts:
            return await self.root(request, uid)
        if parts[:2] == ["principals", "users"] and len(parts) == 3:
            return await self.principal(request, parts[2], uid, email, display)
        if parts[0] == "calendars" and len(parts) >= 2:
            if parts[1] != uid:
                raise no_calendar(parts[2]) if len(parts) > 2 else not_found(rest.strip("/"))
            return await self.calendars(request, uid, parts[2:], rest.strip("/"))
        raise not_found(rest.strip("/"))

    # -- discovery -------------------------------------------------------------------------------
    async def root(self, request: Request, uid: str) -> Response:
        if request.method != "PROPFIND":
            raise DavError(501, "Sabre\\DAV\\Exception\\NotImplemented", "")
        props = {(D, "current-user-principal"): _href(f"/remote.php/dav/principals/users/{uid}/"),
                 (D, "resourcetype"): "<d:collection/>"}
        return _multistatus([("/remote.php/dav/", props)], parse_propfind(await request.body()))

    async def principal(self, request: Request, who: str, uid: str, email: str,
                        display: str) -> Response:
        if who != uid or request.method != "PROPFIND":
            raise not_found(f"principals/users/{who}")
        props = {
            (D, "resourcetype"): "<d:principal/>",
            (D, "displayname"): escape(display),
            (D, "current-user-principal"): _href(f"/remote.php/dav/principals/users/{uid}/"),
            (C, "calendar-home-set"): _href(f"/remote.php/dav/calendars/{uid}/"),
            (C, "calendar-user-address-set"): _href(f"mailto:{email}") if email else "",
            (D, "principal-URL"): _href(f"/remote.php/dav/principals/users/{uid}/"),
        }
        href = f"/remote.php/dav/principals/users/{uid}/"
        return _multistatus([(href, props)], parse_propfind(await request.body()))

    # -- calendars -------------------------------------------------------------------------------
    async def calendars(self, request: Request, uid: str, parts: list[str],
                        path: str) -> Response:
        method = request.method
        if not parts:
            if method != "PROPFIND":
                raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed", "")
            return await self.home(request, uid)
        view = self.view(uid, parts[0])
        if len(parts) == 1:
            if method in ("MKCALENDAR", "MKCOL"):
                return await self.make(request, uid, parts[0], view)
            if view is None:
                raise no_node(parts[0])
            return await self.on_calendar(request, uid, view)
        if view is None or view.deleted or len(parts) > 2:
            raise no_calendar(parts[0]) if view is None else not_found(path)
        return await self.object(request, view, parts[1])

    async def home(self, request: Request, uid: str) -> Response:
        """The calendar home: its calendars, those shared with ``uid``, the scheduling
        boxes and the trash bin (deleted calendars are not listed)."""
        home = f"/remote.php/dav/calendars/{uid}/"
        rows = [(home, {(D, "resourcetype"): "<d:collection/>"})]
        if request.headers.get("depth", "1") != "0":
            rows += [(self.view_href(uid, v), self.calendar_props(v))
                     for v in self.views(uid) if not v.deleted]
            rows += [(f"{home}{name}/", {(D, "resourcetype"): kind}) for name, kind in SPECIAL]
        return _multistatus(rows, parse_propfind(await request.body()))

    async def on_calendar(self, request: Request, uid: str, view: View) -> Response:
        method = request.method
        if method == "PROPFIND":
            return await self.list_calendar(request, uid, view)
        if method == "REPORT":
            return await self.report(request, uid, view)
        if method == "POST" and view.owner:
            return await self.share(request, view)
        if method == "DELETE" and view.owner:
            self.conn.execute("UPDATE calendars SET deleted = 1 WHERE id = ?",
                              (view.calendar["id"],))
            return empty(204)
        if method == "PROPPATCH":
            return Response(MULTISTATUS + "</d:multistatus>", 207,
                            media_type="application/xml; charset=utf-8")
        if method in ("POST", "DELETE"):
            raise no_calendar(view.uri)
        raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed", "")

    def views(self, uid: str) -> list[View]:
        """Own calendars, then those shared with ``uid`` or one of their groups."""
        own = [View(c, c["uri"], 1) for c in self.conn.execute(
            "SELECT * FROM calendars WHERE owner = ? ORDER BY id", (uid,))]
        principals = [f"users/{uid}", *(f"groups/{g}" for g in self.groups_of(uid))]
        marks = ",".join("?" * len(principals))
        shared: dict[int, View] = {}
        for row in self.conn.execute(
                f"SELECT c.*, min(s.access) AS level FROM calendars c JOIN calendar_shares s "
                f"ON s.calendar_id = c.id WHERE s.principal IN ({marks}) AND c.owner != ? "
                f"AND c.deleted = 0 GROUP BY c.id ORDER BY c.id", (*principals, uid)):
            shared[row["id"]] = View(row, f"{row['uri']}{SHARED_BY}{row['owner']}",
                                     row["level"])
        return own + list(shared.values())

    def view(self, uid: str, uri: str) -> View | None:
        return next((v for v in self.views(uid) if v.uri == uri), None)

    def view_href(self, uid: str, view: View) -> str:
        return f"/remote.php/dav/calendars/{uid}/{quote(view.uri)}/"

    def calendar_props(self, view: View) -> dict[tuple[str, str], str]:
        calendar = view.calendar
        components = "".join(f'<cal:comp name="{c}"/>' for c in calendar["components"].split(","))
        token = calendar["synctoken"]
        name = calendar["displayname"]
        if not view.owner:
            name = f"{name} ({self.display_name(calendar['owner'])})"
        props = {
            (D, "resourcetype"): "<d:collection/><x2:deleted-calendar/>" if view.deleted
            else "<d:collection/><cal:calendar/>",
            (D, "displayname"): escape(name),
            (C, "calendar-description"): escape(calendar["description"]),
            (A, "calendar-color"): escape(calendar["color"]),
            (C, "supported-calendar-component-set"): components,
            (CS, "getctag"): f"http://sabre.io/ns/sync/{token}",
            (D, "sync-token"): f"http://sabre.io/ns/sync/{token}",
            (OC, "owner-principal"): f"principals/users/{calendar['owner']}",
            (D, "current-user-privilege-set"): "<d:privilege><d:read/></d:privilege>" + (
                "" if view.access == READ_ONLY else "<d:privilege><d:write/></d:privilege>"),
        }
        if view.owner:
            props[OC, "invite"] = self.invitees(calendar)
        else:
            props[OC, "read-only"] = "1" if view.access == READ_ONLY else ""
        return props

    def invitees(self, calendar: sqlite3.Row) -> str:
        parts = []
        for row in self.conn.execute("SELECT * FROM calendar_shares WHERE calendar_id = ? "
                                     "ORDER BY principal", (calendar["id"],)):
            kind, _, name = row["principal"].partition("/")
            access = "<oc:read-write/>" if row["access"] == READ_WRITE else "<oc:read/>"
            summary = f"<oc:summary>{escape(row['summary'])}</oc:summary>" if row[
                "summary"] else ""
            common = self.display_name(name) if kind == "users" else name
            parts.append(f"<oc:user><d:href>principal:principals/{escape(row['principal'])}"
                         f"</d:href><oc:common-name>{escape(common)}</oc:common-name>"
                         f"<oc:invite-accepted/><oc:access>{access}</oc:access>"
                         f"{summary}</oc:user>")
        return "".join(parts)

    async def share(self, request: Request, view: View) -> Response:
        """The ownCloud sharing POST: o:set adds or updates, o:remove unshares; unknown
        principals, other forms of href and the owner themself are ignored."""
        root = parse_xml(await request.body())
        if root.tag != f"{{{OC}}}share":
            raise DavError(501, "Sabre\\DAV\\Exception\\NotImplemented",
                           "There was no plugin in the system that was willing to handle this "
                           "POST method. Enable the Browser plugin to get a better result here.")
        calendar_id = view.calendar["id"]
        for element in root:
            principal = self.principal_of(element.findtext(f"{{{D}}}href") or "",
                                          view.calendar["owner"])
            if principal is None:
                continue
            if element.tag == f"{{{OC}}}remove":
                self.conn.execute("DELETE FROM calendar_shares WHERE calendar_id = ? AND "
                                  "principal = ?", (calendar_id, principal))
            elif element.tag == f"{{{OC}}}set":
                access = READ_WRITE if element.find(f"{{{OC}}}read-write") is not None \
                    else READ_ONLY
                self.conn.execute(
                    "INSERT OR REPLACE INTO calendar_shares (calendar_id, principal, access, "
                    "summary) VALUES (?, ?, ?, ?)",
                    (calendar_id, principal, access, element.findtext(f"{{{OC}}}summary") or ""))
        return empty(200, {"X-Sabre-Status": "everything-went-well"})

    def principal_of(self, href: str, owner: str) -> str | None:
        prefix = "principal:principals/"
        if not href.startswith(prefix):
            return None
        kind, _, name = href[len(prefix):].strip("/").partition("/")
        if kind == "users" and name != owner and self.user_exists(name):
            return f"users/{name}"
        if kind == "groups" and self.group_exists(name):
            return f"groups/{name}"
        return None

    def default_calendars(self, uid: str) -> None:
        """A new account's "Personal" calendar and its "Contact birthdays"."""
        for uri, name in DEFAULT_CALENDARS:
            self.conn.execute("INSERT OR IGNORE INTO calendars (owner, uri, displayname) "
                              "VALUES (?, ?, ?)", (uid, uri, name))

    async def make(self, request: Request, uid: str, uri: str,
                   existing: View | None) -> Response:
        if existing is not None:
            raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed",
                           "The resource you tried to create already exists")
        if uri.startswith(RESERVED) or SHARED_BY in uri:
            raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed",
                           "The resource you tried to create has a reserved name")
        props = _mk_props(await request.body())
        self.conn.execute(
            "INSERT INTO calendars (owner, uri, displayname, description, color, components) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (uid, uri, props.get("displayname", uri), props.get("calendar-description", ""),
             props.get("calendar-color", ""), props.get("components", "VEVENT")))
        return empty(201)

    async def list_calendar(self, request: Request, uid: str, view: View) -> Response:
        rows = [(self.view_href(uid, view), self.calendar_props(view))]
        if request.headers.get("depth", "1") != "0":
            rows += [(self.view_href(uid, view) + quote(uri), _object_props(etag, data))
                     for uri, etag, data in self.visible(view)]
        return _multistatus(rows, parse_propfind(await request.body()))

    def visible(self, view: View) -> list[tuple[str, str, str]]:
        """(uri, etag, data) of the objects as this viewer may see them, by name; a
        sharee's trimmed copy keeps the object's own ETag."""
        found = []
        for row in self.conn.execute("SELECT * FROM calendar_objects WHERE calendar_id = ? "
                                     "ORDER BY uri", (view.calendar["id"],)):
            data = row["data"] if view.owner else for_sharee(row["data"], view.access)
            if data is not None:
                found.append((row["uri"], row["etag"], data))
        return found

    async def object(self, request: Request, view: View, uri: str) -> Response:
        row = self.conn.execute("SELECT * FROM calendar_objects WHERE calendar_id = ? AND "
                                "uri = ?", (view.calendar["id"], uri)).fetchone()
        method = request.method
        if method in ("GET", "HEAD"):
            shown = next(((e, d) for u, e, d in self.visible(view) if u == uri), None)
            if shown is None:
                raise no_object()
            return _ics_response(uri, *shown, head=method == "HEAD")
        if view.access == READ_ONLY:  # Nextcloud does not let a reader find what to change
            raise no_node(uri) if method == "PUT" and row is not None else no_calendar(view.uri)
        if method == "PUT":
            return await self.put(request, view.calendar, uri, row)
        if method == "DELETE":
            if row is None:
                raise no_object()
            _check_match(request, row)
            self.conn.execute("DELETE FROM calendar_objects WHERE id = ?", (row["id"],))
            self._bump(view.calendar)
            self.schedule(view.calendar, row["data"], None)
            return empty(204)
        raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed", "")

    async def put(self, request: Request, calendar: sqlite3.Row, uri: str,
                  row: sqlite3.Row | None) -> Response:
        _check_preconditions(request, row)
        body = (await request.body()).decode("utf-8", "replace")
        try:
            parsed = Calendar.from_ical(body)
            uids = {str(c["uid"]) for c in parsed.walk() if "uid" in c}
        except (ValueError, KeyError):
            raise DavError(415, "Sabre\\DAV\\Exception\\UnsupportedMediaType",
                           "Calendar object is not valid iCalendar") from None
        if len(uids) != 1:
            raise DavError(400, "Sabre\\DAV\\Exception\\BadRequest",
                           "Every object must have exactly one UID")
        etag = _etag(body)
        if row is None:
            self.conn.execute("INSERT INTO calendar_objects (calendar_id, uri, data, etag, uid) "
                              "VALUES (?, ?, ?, ?, ?)",
                              (calendar["id"], uri, body, etag, uids.pop()))
        else:
            self.conn.execute("UPDATE calendar_objects SET data = ?, etag = ?, uid = ? "
                              "WHERE id = ?", (body, etag, uids.pop(), row["id"]))
        self._bump(calendar)
        scheduled = self.schedule(calendar, row["data"] if row else None, body)
        # scheduling rewrites the object (attendees' status), so Sabre sends no ETag then
        headers = {} if scheduled else {"ETag": f'"{etag}"', "OC-ETag": f'"{etag}"'}
        return empty(201 if row is None else 204, headers)

    def schedule(self, calendar: sqlite3.Row, old: str | None, new: str | None) -> bool:
        """Mail the attendees as Nextcloud would; whether the owner organises the event."""
        owner_email = self.email_of(calendar["owner"])
        event = imip.master(new if new is not None else old)
        for mail in imip.mails(owner_email, old, new):
            self.send_mail(mail.to, mail.kind, mail.uid, mail.subject)
        return bool(owner_email) and event is not None and \
            imip.organizer(event) == owner_email.lower() and bool(imip.attendees(event))

    def _bump(self, calendar: sqlite3.Row) -> None:
        self.conn.execute("UPDATE calendars SET synctoken = synctoken + 1 WHERE id = ?",
                          (calendar["id"],))

    # -- reports ---------------------------------------------------------------------------------
    async def report(self, request: Request, uid: str, view: View) -> Response:
        root = parse_xml(await request.body())
        wanted = [(child.tag[1:].split("}")[0], child.tag.split("}")[1])
                  for child in root.findall(f"{{{D}}}prop/*")]
        base = self.view_href(uid, view)
        objects = self.visible(view)
        if root.tag == f"{{{C}}}calendar-multiget":
            hrefs = {unquote(h.text or "").rsplit("/", 1)[-1]
                     for h in root.findall(f"{{{D}}}href")}
            chosen = [o for o in objects if o[0] in hrefs]
        elif root.tag == f"{{{C}}}calendar-query":
            chosen = [o for o in objects if _matches(o[2], root)]
        else:
            raise DavError(415, "Sabre\\DAV\\Exception\\ReportNotSupported",
                           "The report is not supported")
        rows = [(base + quote(uri), _object_props(etag, data, with_data=True))
                for uri, etag, data in chosen]
        return _multistatus(rows, wanted or None)


def for_sharee(data: str, access: int) -> str | None:
    """The object as a sharee sees it: PRIVATE not at all; on a read-only share
    CONFIDENTIAL as "Busy" with only its times, and no alarms."""
    calendar = Calendar.from_ical(data)
    events = [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
    classes = {str(c.get("class", "PUBLIC")).upper() for c in events}
    if "PRIVATE" in classes:
        return None
    changed = False
    for component in events:
        confidential = str(component.get("class", "PUBLIC")).upper() == "CONFIDENTIAL"
        if confidential and access == READ_ONLY:
            for name in list(component.keys()):
                if name.upper() not in CONFIDENTIAL_KEEP:
                    del component[name]
            component.add("summary", "Busy")
            component.subcomponents = []
            changed = True
        elif access == READ_ONLY and component.subcomponents:
            component.subcomponents = [s for s in component.subcomponents if s.name != "VALARM"]
            changed = True
    return calendar.to_ical().decode() if changed else data


def _etag(data: str) -> str:
    return hashlib.md5(data.encode(), usedforsecurity=False).hexdigest()


NO_MATCH = "An If-Match header was specified, but none of the specified ETags matched."


def _check_match(request: Request, row: sqlite3.Row) -> None:
    expected = request.headers.get("if-match")
    if expected is not None and expected.strip('"') != row["etag"] and expected != "*":
        raise DavError(412, "Sabre\\DAV\\Exception\\PreconditionFailed", NO_MATCH,
                       {"ETag": f'"{row["etag"]}"'}, header="If-Match")


def _check_preconditions(request: Request, row: sqlite3.Row | None) -> None:
    if request.headers.get("if-none-match") == "*" and row is not None:
        raise DavError(412, "Sabre\\DAV\\Exception\\PreconditionFailed",
                       "An If-None-Match header was specified, but the ETag matched (or * was "
                       "specified).", header="If-None-Match")
    if row is not None:
        _check_match(request, row)
    elif request.headers.get("if-match"):
        raise DavError(412, "Sabre\\DAV\\Exception\\PreconditionFailed", NO_MATCH,
                       header="If-Match")


def _ics_response(uri: str, etag: str, data: str, head: bool) -> Response:
    return Response(b"" if head else data.encode(), 200, headers={
        "ETag": f'"{etag}"', "OC-ETag": f'"{etag}"',
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(uri)}; "
                               f'filename="{uri}"'},
        media_type="text/calendar; charset=utf-8; component=vevent")


def _matches(data: str, query: ET.Element) -> bool:
    """The comp-filter/time-range of a calendar-query (VEVENT and VTODO; recurrences
    expanded)."""
    inner = query.find(f"{{{C}}}filter/{{{C}}}comp-filter/{{{C}}}comp-filter")
    if inner is None:
        return True
    calendar = Calendar.from_ical(data)
    if not any(c.name == inner.get("name") for c in calendar.walk()):
        return False
    span = inner.find(f"{{{C}}}time-range")
    if span is None:
        return True
    start = _utc(span.get("start")) or datetime(1970, 1, 1, tzinfo=UTC)
    end = _utc(span.get("end")) or datetime(2100, 1, 1, tzinfo=UTC)
    found = recurring_ical_events.of(calendar, components=[inner.get("name")]).between(start,
                                                                                       end)
    return bool(found)


def _utc(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if value else None


def _object_props(etag: str, data: str,
                  with_data: bool = False) -> dict[tuple[str, str], str]:
    props = {(D, "getetag"): f'"{etag}"',
             (D, "getcontenttype"): "text/calendar; charset=utf-8; component=vevent",
             (D, "resourcetype"): ""}
    if with_data:
        props[C, "calendar-data"] = escape(data)
    return props


def parse_xml(body: bytes) -> ET.Element:
    """The request body as XML, or Sabre's 400 for a body that is not."""
    try:
        return ET.fromstring(body)
    except ET.ParseError as problem:
        raise DavError(400, "Sabre\\DAV\\Exception\\BadRequest",
                       f"The request body had an invalid XML body. (message: {problem})"
                       ) from None


def _href(value: str) -> str:
    return f"<d:href>{escape(value)}</d:href>"


def _mk_props(body: bytes) -> dict[str, str]:
    if not body.strip():
        return {}
    root = parse_xml(body)
    props: dict[str, str] = {}
    for prop in root.iter(f"{{{D}}}prop"):
        for child in prop:
            name = child.tag.split("}")[-1]
            if name == "supported-calendar-component-set":
                props["components"] = ",".join(c.get("name", "") for c in child)
            elif child.text:
                props[name] = child.text
    return props


PREFIX = {D: "d", C: "cal", CS: "cs", OC: "oc", A: "x1"}


def _multistatus(rows: list[tuple[str, dict[tuple[str, str], str]]],
                 wanted: list[tuple[str, str]] | None) -> Response:
    out = [MULTISTATUS]
    for href, props in rows:
        names = wanted if wanted is not None else list(props)
        found = [(ns, n) for ns, n in names if (ns, n) in props]
        missing = [(ns, n) for ns, n in names if (ns, n) not in props]
        out.append(f"<d:response><d:href>{escape(href)}</d:href>")
        if found or not missing:
            inner = "".join(_prop(ns, n, props[ns, n]) for ns, n in found)
            out.append(f"<d:propstat><d:prop>{inner}</d:prop>"
                       "<d:status>HTTP/1.1 200 OK</d:status></d:propstat>")
        if missing:
            inner = "".join(_prop(ns, n, "") for ns, n in missing)
            out.append(f"<d:propstat><d:prop>{inner}</d:prop>"
                       "<d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>")
        out.append("</d:response>")
    out.append("</d:multistatus>\n")
    return Response("".join(out), 207, media_type="application/xml; charset=utf-8")


def _prop(ns: str, name: str, value: str) -> str:
    prefix = PREFIX.get(ns)
    tag = f"{prefix}:{name}" if prefix else f'x:{name} xmlns:x="{escape(ns)}"'
    close = f"{prefix}:{name}" if prefix else f"x:{name}"
    return f"<{tag}/>" if value == "" else f"<{tag}>{value}</{close}>"
