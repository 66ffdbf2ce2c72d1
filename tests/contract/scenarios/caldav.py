"""CalDAV: a family calendar, shared read and read-write, classes, and iMIP mails."""

from __future__ import annotations

from tests.contract.scenarios.common import XML
from tests.contract.session import Actor, Session

CLIENT_PROPS = (
    b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
    b"<d:prop><d:getetag/><oc:invite/><d:resourcetype/></d:prop></d:propfind>"
)
"""What zolicht asks of its calendar."""

SHAREE_PROPS = (
    b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
    b"<d:prop><d:resourcetype/><d:displayname/><oc:owner-principal/><oc:read-only/>"
    b"<d:getetag/></d:prop></d:propfind>"
)
MKCALENDAR = (
    b'<?xml version="1.0" encoding="UTF-8"?><c:mkcalendar xmlns:d="DAV:" '
    b'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
    b"<d:displayname>Gezin Test</d:displayname><c:supported-calendar-component-set>"
    b'<c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set>'
    b"</c:mkcalendar>"
)
ICS = {"Content-Type": "text/calendar; charset=utf-8"}
DEPTH0 = {"Depth": "0", **XML}
DEPTH1 = {"Depth": "1", **XML}


def event(uid: str, summary: str, extra: str = "", day: str = "20270316") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zolicht//contract//NL",
             "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20270101T090000Z",
             f"DTSTART:{day}T150000Z", f"DTEND:{day}T160000Z", f"SUMMARY:{summary}",
             "DESCRIPTION:Notes for the family", "LOCATION:Thuis", *extra.split("|"),
             "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def share_body(principal: str, access: str | None) -> bytes:
    href = f"<d:href>principal:principals/users/{principal}</d:href>"
    if access is None:
        inner = f"<o:remove>{href}</o:remove>"
    else:
        inner = f"<o:set>{href}{'<o:read-write/>' if access == 'rw' else ''}</o:set>"
    return ('<?xml version="1.0" encoding="utf-8"?><o:share xmlns:d="DAV:" '
            f'xmlns:o="http://owncloud.org/ns">{inner}</o:share>').encode()


def home(who: Actor) -> str:
    return f"/remote.php/dav/calendars/{who.uid}/"


def scenario(s: Session) -> None:
    owner, reader, writer = s.user("owner"), s.user("reader"), s.user("writer")
    calendar = home(owner) + "gezin/"
    s.call(owner, "PROPFIND", home(owner), "the owner's calendar home", content=CLIENT_PROPS,
           headers=DEPTH1)
    s.call(owner, "MKCALENDAR", calendar, "a new calendar", content=MKCALENDAR, headers=XML)
    s.call(owner, "MKCALENDAR", calendar, "the same calendar again", content=MKCALENDAR,
           headers=XML)
    s.call(owner, "POST", calendar, "share read-only", content=share_body(reader.uid, "r"),
           headers=XML)
    s.call(owner, "POST", calendar, "share read-write", content=share_body(writer.uid, "rw"),
           headers=XML)
    events(s, owner, calendar)
    s.call(owner, "PROPFIND", calendar, "the calendar with its sharees and events",
           content=CLIENT_PROPS, headers=DEPTH1)
    as_sharees(s, owner, reader, writer)
    s.call(owner, "POST", calendar, "unshare the reader", content=share_body(reader.uid, None),
           headers=XML)
    s.call(reader, "PROPFIND", shared(owner, reader), "the reader lost the calendar",
           content=SHAREE_PROPS, headers=DEPTH0)
    s.call(s.user("stranger"), "PROPFIND", calendar, "a stranger looks at the calendar",
           content=CLIENT_PROPS, headers=DEPTH0)
    s.call(owner, "DELETE", calendar + "public.ics", "delete an event")
    s.call(owner, "DELETE", calendar + "public.ics", "delete it again")
    s.call(owner, "DELETE", calendar, "delete the calendar")
    s.call(owner, "PROPFIND", calendar, "the deleted calendar", content=CLIENT_PROPS,
           headers=DEPTH0)
    s.call(owner, "MKCALENDAR", calendar, "the same calendar after deleting it",
           content=MKCALENDAR, headers=XML)


def events(s: Session, owner: Actor, calendar: str) -> None:
    created = s.call(owner, "PUT", calendar + "public.ics", "a new event (If-None-Match)",
                     content=event("public@contract", "Contactmoment"),
                     headers={**ICS, "If-None-Match": "*"})
    s.call(owner, "PUT", calendar + "public.ics", "the same event again (If-None-Match)",
           content=event("public@contract", "Contactmoment"),
           headers={**ICS, "If-None-Match": "*"})
    etag = created.headers.get("etag", '"none"')
    s.call(owner, "PUT", calendar + "public.ics", "replace it (If-Match)",
           content=event("public@contract", "Contactmoment verzet"),
           headers={**ICS, "If-Match": etag})
    s.call(owner, "PUT", calendar + "public.ics", "replace it with a stale If-Match",
           content=event("public@contract", "Stale"), headers={**ICS, "If-Match": etag})
    s.call(owner, "PUT", calendar + "confidential.ics", "a confidential event",
           content=event("confidential@contract", "Gesprek", "CLASS:CONFIDENTIAL"),
           headers=ICS)
    s.call(owner, "PUT", calendar + "private.ics", "a private event",
           content=event("private@contract", "Prive", "CLASS:PRIVATE"), headers=ICS)
    s.call(owner, "GET", calendar + "public.ics", "the owner reads the event")


def shared(owner: Actor, sharee: Actor) -> str:
    return f"{home(sharee)}gezin_shared_by_{owner.uid}/"


def as_sharees(s: Session, owner: Actor, reader: Actor, writer: Actor) -> None:
    for who in (reader, writer):
        s.call(who, "PROPFIND", home(who), f"the {who.role}'s calendar home",
               content=SHAREE_PROPS, headers=DEPTH1)
        view = shared(owner, who)
        for name in ("public", "confidential", "private"):
            s.call(who, "GET", f"{view}{name}.ics", f"the {who.role} reads the {name} event")
    view = shared(owner, reader)
    s.call(reader, "PUT", view + "public.ics", "the reader changes an event",
           content=event("public@contract", "Reader was here"), headers=ICS)
    s.call(reader, "PUT", view + "new.ics", "the reader adds an event",
           content=event("new@contract", "Reader's event"), headers=ICS)
    s.call(reader, "DELETE", view + "public.ics", "the reader deletes an event")
    view = shared(owner, writer)
    s.call(writer, "PUT", view + "writer.ics", "the writer adds an event",
           content=event("writer@contract", "Writer's event"), headers=ICS)


def imip(s: Session) -> None:
    """Invitations: Nextcloud mails attendees when the organiser is the calendar's owner."""
    owner, guest = s.user("owner"), s.user("guest")
    calendar = home(owner) + "afspraken/"
    s.call(owner, "MKCALENDAR", calendar, "a calendar for appointments", content=MKCALENDAR,
           headers=XML)
    s.drop_mails()
    attendees = (f"ATTENDEE;CN=Guest;RSVP=TRUE:mailto:{guest.uid}@example.test|"
                 f"ATTENDEE;CN=Outsider;RSVP=TRUE:mailto:{s.run}-outsider@example.test")
    s.call(owner, "PUT", calendar + "no-organizer.ics", "attendees without an organizer",
           content=event("no-organizer@contract", "Zonder organisator", attendees),
           headers=ICS)
    s.mails("no organizer: who is mailed")
    organizer = f"ORGANIZER;CN=Owner:mailto:{owner.uid}@example.test|{attendees}"
    s.call(owner, "PUT", calendar + "invite.ics", "the owner organises",
           content=event("invite@contract", "Overleg", organizer), headers=ICS)
    s.mails("the owner organises: who is mailed")
    s.call(owner, "PUT", calendar + "invite.ics", "the owner renames the meeting",
           content=event("invite@contract", "Overleg verzet", organizer), headers=ICS)
    s.mails("after a new title: who is mailed")
    s.call(owner, "PUT", calendar + "invite.ics", "the owner moves the meeting",
           content=event("invite@contract", "Overleg verzet", organizer, "20270323"),
           headers=ICS)
    s.mails("after a new day: who is mailed")
    s.call(owner, "GET", calendar + "invite.ics", "what the server keeps of the invitation")
    s.call(owner, "PUT", calendar + "invite.ics", "the owner cancels by status",
           content=event("invite@contract", "Overleg verzet", f"STATUS:CANCELLED|{organizer}",
                         "20270323"), headers=ICS)
    s.mails("after STATUS:CANCELLED: who is mailed")
    s.call(owner, "PUT", calendar + "invite.ics", "the owner moves it with SEQUENCE:1",
           content=event("invite@contract", "Overleg", f"SEQUENCE:1|{organizer}", "20270330"),
           headers=ICS)
    s.mails("after a move with a higher SEQUENCE: who is mailed")
    s.call(owner, "PUT", calendar + "invite.ics", "the owner cancels with SEQUENCE:2",
           content=event("invite@contract", "Overleg", f"SEQUENCE:2|STATUS:CANCELLED|{organizer}",
                         "20270330"), headers=ICS)
    s.mails("after STATUS:CANCELLED with a higher SEQUENCE: who is mailed")
    s.call(owner, "DELETE", calendar + "invite.ics", "the owner deletes it")
    s.mails("after deleting it: who is mailed")
    s.call(owner, "PUT", calendar + "second.ics", "a second invitation",
           content=event("second@contract", "Tweede overleg", organizer), headers=ICS)
    s.drop_mails()
    s.call(owner, "DELETE", calendar + "second.ics", "the owner deletes it at once")
    s.mails("after deleting a live invitation: who is mailed")
    other = f"ORGANIZER;CN=Other:mailto:{s.run}-other@example.test|{attendees}"
    s.call(owner, "PUT", calendar + "foreign.ics", "someone else organises",
           content=event("foreign@contract", "Extern", other), headers=ICS)
    s.mails("someone else organises: who is mailed")
