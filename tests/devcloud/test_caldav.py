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
        assert names == ["Gezin Jansen – contactmomenten"]
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
