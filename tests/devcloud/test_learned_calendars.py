"""Calendars as a real Nextcloud 32 showed them (tests/contract recordings caldav, imip)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from tests.devcloud.conftest import Cloud
from zolicht.devcloud import imip

SHARE = ('<?xml version="1.0"?><o:share xmlns:d="DAV:" xmlns:o="http://owncloud.org/ns">'
         '<o:set><d:href>principal:principals/users/{who}</d:href>{access}</o:set></o:share>')
PROPS = (b'<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>'
         b"<oc:read-only/><d:resourcetype/></d:prop></d:propfind>")
CALENDAR = "/remote.php/dav/calendars/owner/gezin/"


def event(uid: str, summary: str = "Overleg", extra: str = "", day: str = "20270316") -> str:
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\nBEGIN:VEVENT\r\nUID:{uid}"
            f"\r\nDTSTAMP:20270101T090000Z\r\nDTSTART:{day}T150000Z\r\nDTEND:{day}T160000Z\r\n"
            f"SUMMARY:{summary}\r\nDESCRIPTION:Notes\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.fixture
def users(cloud: Cloud) -> Iterator[dict[str, httpx.Client]]:
    """owner (with a calendar ``gezin``), reader (read-only) and writer (read-write)."""
    clients = {}
    for uid in ("owner", "reader", "writer"):
        with cloud.client() as admin:
            admin.post("/ocs/v2.php/cloud/users", data={
                "userid": uid, "password": f"{uid}-password-1",
                "email": f"{uid}@example.test"}).raise_for_status()
        clients[uid] = httpx.Client(base_url=cloud.url, auth=(uid, f"{uid}-password-1"))
    owner = clients["owner"]
    owner.request("MKCALENDAR", CALENDAR)
    for who, access in (("reader", ""), ("writer", "<o:read-write/>")):
        owner.post(CALENDAR, content=SHARE.format(who=who, access=access),
                   headers={"Content-Type": "application/xml"})
    yield clients
    for client in clients.values():
        client.close()


def shared(who: str) -> str:
    return f"/remote.php/dav/calendars/{who}/gezin_shared_by_owner/"


def test_read_only_is_1_and_read_write_is_empty(users: dict[str, httpx.Client]) -> None:
    for who, value in (("reader", "<oc:read-only>1</oc:read-only>"),
                       ("writer", "<oc:read-only/>")):
        answer = users[who].request("PROPFIND", shared(who), headers={"Depth": "0"},
                                    content=PROPS)
        assert value in answer.text


def test_a_reader_cannot_even_find_what_to_change(users: dict[str, httpx.Client]) -> None:
    users["owner"].put(CALENDAR + "a.ics", content=event("a@z"))
    reader = users["reader"]
    changed = reader.put(shared("reader") + "a.ics", content=event("a@z", "Mine"))
    added = reader.put(shared("reader") + "b.ics", content=event("b@z"))
    deleted = reader.delete(shared("reader") + "a.ics")
    assert [changed.status_code, added.status_code, deleted.status_code] == [404, 404, 404]
    assert "Node with name &apos;a.ics&apos;" in changed.text or \
        "Node with name 'a.ics'" in changed.text
    assert "Calendar with name" in added.text and "Calendar with name" in deleted.text


def test_confidential_is_busy_for_readers_and_whole_for_writers(
        users: dict[str, httpx.Client]) -> None:
    put = users["owner"].put(CALENDAR + "c.ics", content=event("c@z", "Gesprek",
                                                                 "CLASS:CONFIDENTIAL\r\n"))
    busy = users["reader"].get(shared("reader") + "c.ics")
    whole = users["writer"].get(shared("writer") + "c.ics")
    assert "SUMMARY:Busy" in busy.text and "DTSTAMP" not in busy.text
    assert "Notes" not in busy.text and busy.headers["etag"] == put.headers["etag"]
    assert "SUMMARY:Gesprek" in whole.text and "Notes" in whole.text


def test_a_deleted_calendar_stays_in_the_trash_bin(users: dict[str, httpx.Client]) -> None:
    owner = users["owner"]
    assert owner.delete(CALENDAR).status_code == 204
    kept = owner.request("PROPFIND", CALENDAR, headers={"Depth": "0"}, content=PROPS)
    home = owner.request("PROPFIND", "/remote.php/dav/calendars/owner/", headers={"Depth": "1"})
    assert kept.status_code == 207 and "deleted-calendar" in kept.text
    assert "/gezin/" not in home.text
    assert owner.request("MKCALENDAR", CALENDAR).status_code == 405
    assert users["writer"].request("PROPFIND", shared("writer")).status_code == 404


def invitations(cloud: Cloud) -> list[tuple[str, str]]:
    return [(m.recipient, m.subject) for m in cloud.server.outbox() if m.kind.startswith("imip")]


def test_invitations_follow_the_organizer_and_the_sequence(
        cloud: Cloud, users: dict[str, httpx.Client]) -> None:
    owner, guests = users["owner"], "ATTENDEE:mailto:reader@example.test\r\n" \
        "ATTENDEE:mailto:outsider@example.test\r\n"
    plain = owner.put(CALENDAR + "p.ics", content=event("p@z", extra=guests))
    assert invitations(cloud) == [] and "etag" in plain.headers
    organised = f"ORGANIZER:mailto:owner@example.test\r\n{guests}"
    new = owner.put(CALENDAR + "i.ics", content=event("i@z", extra=organised))
    assert "etag" not in new.headers
    owner.put(CALENDAR + "i.ics", content=event("i@z", extra=organised, day="20270317"))
    owner.put(CALENDAR + "i.ics", content=event("i@z", extra=f"SEQUENCE:1\r\n{organised}",
                                                day="20270318"))
    owner.delete(CALENDAR + "i.ics")
    sent = invitations(cloud)
    assert sent == [(to, f"{subject}: Overleg")
                    for subject in ("Invitation", "Invitation updated", "Cancelled")
                    for to in ("reader@example.test", "outsider@example.test")]


def test_nobody_is_invited_to_what_someone_else_organises_or_what_is_over() -> None:
    foreign = event("f@z", extra="ORGANIZER:mailto:other@example.test\r\n"
                                 "ATTENDEE:mailto:a@example.test\r\n")
    past = event("o@z", extra="ORGANIZER:mailto:owner@example.test\r\n"
                              "ATTENDEE:mailto:a@example.test\r\n", day="20200101")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert imip.mails("owner@example.test", None, foreign, now) == []
    assert imip.mails("owner@example.test", None, past, now) == []
    assert [m.subject for m in imip.mails("other@example.test", None, foreign, now)] == [
        "Invitation: Overleg"]


def series(sequence: int, *instances: str) -> str:
    """A weekly event organised by the owner, with overridden instances appended."""
    people = "ORGANIZER:mailto:owner@example.test\r\nATTENDEE:mailto:reader@example.test\r\n"
    master = (f"BEGIN:VEVENT\r\nUID:s@z\r\nDTSTAMP:20270101T090000Z\r\nSEQUENCE:{sequence}\r\n"
              f"DTSTART:20270316T150000Z\r\nDTEND:20270316T160000Z\r\nRRULE:FREQ=WEEKLY\r\n"
              f"SUMMARY:Overleg\r\n{people}END:VEVENT\r\n")
    overrides = "".join(
        f"BEGIN:VEVENT\r\nUID:s@z\r\nDTSTAMP:20270101T090000Z\r\nSEQUENCE:{sequence}\r\n"
        f"RECURRENCE-ID:{rid}T150000Z\r\nDTSTART:{start}T150000Z\r\nDTEND:{start}T160000Z\r\n"
        f"SUMMARY:Overleg\r\nSTATUS:{status}\r\n{people}END:VEVENT\r\n"
        for rid, start, status in (i.split() for i in instances))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\n{master}{overrides}" \
           "END:VCALENDAR\r\n"


def test_one_occurrence_is_cancelled_or_moved_inside_the_series_object(
        cloud: Cloud, users: dict[str, httpx.Client]) -> None:
    """As Nextcloud 34.0.1 did (FINDINGS.md): a newly cancelled instance is a cancellation
    of that day, a newly moved one an invitation for it, never an update of the series."""
    owner = users["owner"]
    owner.put(CALENDAR + "s.ics", content=series(0))
    cancelled = series(1, "20270323 20270323 CANCELLED")
    owner.put(CALENDAR + "s.ics", content=cancelled)
    moved = series(2, "20270323 20270323 CANCELLED", "20270330 20270401 CONFIRMED")
    owner.put(CALENDAR + "s.ics", content=moved)
    assert invitations(cloud) == [("reader@example.test", "Invitation: Overleg"),
                                  ("reader@example.test", "Cancelled: Overleg"),
                                  ("reader@example.test", "Invitation: Overleg")]
    stored = owner.get(CALENDAR + "s.ics").text
    assert stored.count("BEGIN:VEVENT") == 3 and stored.count("RECURRENCE-ID") == 2
    seen = users["reader"].get(shared("reader") + "s.ics")
    assert seen.status_code == 200 and seen.text.count("RECURRENCE-ID") == 2
