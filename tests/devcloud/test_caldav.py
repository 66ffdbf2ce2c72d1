"""CalDAV in devcloud, driven by the independent `caldav` client library."""

from __future__ import annotations

from datetime import datetime

import caldav
import httpx
import pytest

from tests.devcloud.conftest import Cloud

EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//NL
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20261123T090000Z
DTSTART;TZID=Europe/Amsterdam:{start}
DURATION:PT1H
SUMMARY:{title}
{extra}END:VEVENT
END:VCALENDAR
"""


def event(uid: str, start: str, title: str = "Contactmoment", extra: str = "") -> str:
    return EVENT.format(uid=uid, start=start, title=title, extra=extra)


def test_caldav_client_discovers_creates_adds_and_searches(cloud: Cloud) -> None:
    password = cloud.user("lotte")
    with caldav.DAVClient(url=f"{cloud.url}/remote.php/dav", username="lotte",
                          password=password) as client:
        principal = client.principal()
        calendar = principal.make_calendar(name="Gezin Jansen – contactmomenten",
                                           cal_id="gezin-jansen")
        calendar.save_event(event("a@zolicht", "20270316T160000"))
        calendar.save_event(event("b@zolicht", "20270330T160000", "Evaluatie"))
        calendar.save_event(event("c@zolicht", "20270105T160000",
                                  extra="RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=30\n"))
        names = [c.get_display_name() for c in principal.calendars()]
        assert names == ["Personal", "Contact birthdays", "Gezin Jansen – contactmomenten"]
        found = calendar.search(start=datetime(2027, 3, 20), end=datetime(2027, 4, 1),
                                event=True)
        uids = sorted(str(e.icalendar_component["uid"]) for e in found)
        assert uids == ["b@zolicht", "c@zolicht"]  # c recurs into the window
        assert len(calendar.events()) == 3
        first = calendar.event_by_uid("a@zolicht")
        first.icalendar_component["summary"] = "Verzet"
        first.save()
        assert str(calendar.event_by_uid("a@zolicht").icalendar_component["summary"]) == \
            "Verzet"
        first.delete()
        assert len(calendar.events()) == 2


def test_etag_preconditions_and_errors(cloud: Cloud) -> None:
    password = cloud.user("lotte")
    base = "/remote.php/dav/calendars/lotte/plan/"
    with httpx.Client(base_url=cloud.url, auth=("lotte", password)) as client:
        assert client.request("MKCALENDAR", base).status_code == 201
        assert client.request("MKCALENDAR", base).status_code == 405
        assert client.request("MKCALENDAR", "/remote.php/dav/calendars/lotte/"
                                            "contact_birthdays/").status_code == 405
        new = client.put(base + "x.ics", content=event("x@z", "20270316T160000"),
                         headers={"If-None-Match": "*"})
        assert new.status_code == 201
        etag = new.headers["etag"]
        again = client.put(base + "x.ics", content=event("x@z", "20270316T170000"),
                           headers={"If-None-Match": "*"})
        assert again.status_code == 412
        stale = client.put(base + "x.ics", content=event("x@z", "20270316T170000"),
                           headers={"If-Match": '"stale"'})
        assert stale.status_code == 412
        fresh = client.put(base + "x.ics", content=event("x@z", "20270316T170000"),
                           headers={"If-Match": etag})
        assert fresh.status_code == 204 and fresh.headers["etag"] != etag
        assert client.put(base + "y.ics", content=b"not a calendar").status_code == 415
        assert client.get(base + "missing.ics").status_code == 404


@pytest.mark.parametrize("path", ["/remote.php/dav/calendars/lotte/",
                                  "/remote.php/dav/principals/users/lotte/"])
def test_other_peoples_calendars_do_not_exist(cloud: Cloud, path: str) -> None:
    cloud.user("lotte")
    password = cloud.user("oma")
    with httpx.Client(base_url=cloud.url, auth=("oma", password)) as client:
        assert client.request("PROPFIND", path, headers={"Depth": "0"}).status_code == 404


SHARE = """<?xml version="1.0" encoding="utf-8"?>
<o:share xmlns:d="DAV:" xmlns:o="http://owncloud.org/ns">{body}</o:share>"""


def test_calendar_sharing_as_nextcloud_does(cloud: Cloud) -> None:
    owner_pw = cloud.user("service")
    oma_pw = cloud.user("oma")
    kevin_pw = cloud.user("kevin", groups=("netwerk",))
    stranger_pw = cloud.user("stranger")
    base = "/remote.php/dav/calendars/service/gezin/"
    with httpx.Client(base_url=cloud.url, auth=("service", owner_pw)) as owner:
        owner.request("MKCALENDAR", base, content=b'<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:'
                      b'ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>Gezin Jansen'
                      b'</d:displayname></d:prop></d:set></c:mkcalendar>')
        owner.put(base + "open.ics", content=event("open@z", "20270316T160000",
                                                   extra="BEGIN:VALARM\nACTION:DISPLAY\n"
                                                         "DESCRIPTION:Morgen\nTRIGGER:-P1D\n"
                                                         "END:VALARM\n"))
        owner.put(base + "geheim.ics", content=event("geheim@z", "20270317T160000",
                                                     "Alleen voor mij", "CLASS:PRIVATE\n"))
        owner.put(base + "druk.ics", content=event("druk@z", "20270318T160000",
                                                   "Gesprek over Sanne", "CLASS:CONFIDENTIAL\n"))
        answer = owner.post(base, headers={"Content-Type": "application/xml"}, content=SHARE.format(
            body="<o:set><d:href>principal:principals/users/oma</d:href></o:set>"
                 "<o:set><d:href>principal:principals/groups/netwerk</d:href><o:read-write/>"
                 "</o:set><o:set><d:href>principal:principals/users/nobody</d:href></o:set>"
                 "<o:set><d:href>mailto:x@example.nl</d:href></o:set>"))
        assert answer.status_code == 200
        assert answer.headers["x-sabre-status"] == "everything-went-well"
        invite = owner.request("PROPFIND", base, headers={"Depth": "0"},
                               content=b'<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.'
                                       b'org/ns"><d:prop><oc:invite/></d:prop></d:propfind>')
        assert invite.text.count("<oc:user>") == 2
        assert "principal:principals/users/oma" in invite.text and "<oc:read/>" in invite.text
        assert "<oc:read-write/>" in invite.text

    shared = "/remote.php/dav/calendars/oma/gezin_shared_by_service/"
    with httpx.Client(base_url=cloud.url, auth=("oma", oma_pw)) as oma:
        home = oma.request("PROPFIND", "/remote.php/dav/calendars/oma/", headers={"Depth": "1"})
        assert "gezin_shared_by_service" in home.text
        assert "Gezin Jansen (service)" in home.text and "<oc:read-only>1" in home.text
        opened = oma.get(shared + "open.ics")
        assert opened.status_code == 200 and "VALARM" not in opened.text  # read-only: no alarm
        assert oma.get(shared + "geheim.ics").status_code == 404
        busy = oma.get(shared + "druk.ics").text
        assert "SUMMARY:Busy" in busy and "Sanne" not in busy
        assert oma.put(shared + "nieuw.ics", content=event("n@z", "20270319T160000")
                       ).status_code == 404  # Nextcloud 32 hides the calendar from writes
        listing = oma.request("PROPFIND", shared, headers={"Depth": "1"})
        assert "geheim.ics" not in listing.text and "open.ics" in listing.text

    kevin_shared = "/remote.php/dav/calendars/kevin/gezin_shared_by_service/"
    with httpx.Client(base_url=cloud.url, auth=("kevin", kevin_pw)) as kevin:
        assert kevin.put(kevin_shared + "nieuw.ics", content=event("n@z", "20270319T160000")
                         ).status_code == 201
        assert "VALARM" in kevin.get(kevin_shared + "open.ics").text  # read-write keeps alarms
        assert "Sanne" in kevin.get(kevin_shared + "druk.ics").text  # and sees it in full

    with httpx.Client(base_url=cloud.url, auth=("stranger", stranger_pw)) as stranger:
        assert stranger.get(shared + "open.ics").status_code == 404
        assert stranger.request("PROPFIND", "/remote.php/dav/calendars/stranger/gezin_shared_by_"
                                            "service/").status_code == 404

    with httpx.Client(base_url=cloud.url, auth=("service", owner_pw)) as owner:
        owner.post(base, headers={"Content-Type": "application/xml"}, content=SHARE.format(
            body="<o:remove><d:href>principal:principals/users/oma</d:href></o:remove>"))
    with httpx.Client(base_url=cloud.url, auth=("oma", oma_pw)) as oma:
        assert oma.get(shared + "open.ics").status_code == 404
