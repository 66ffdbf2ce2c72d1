"""The family calendar in Nextcloud, read through CalDAV as each member."""

from __future__ import annotations

from datetime import date, datetime, time

import caldav
import pytest
from icalendar import Calendar

from tests.e2e.conftest import World
from zolicht import reconcile
from zolicht.clock import AMSTERDAM
from zolicht.services import contacts

CALENDAR = "zolicht-jansen_shared_by_admin"


@pytest.fixture
def planned(world: World) -> World:
    ctx = world.ctx
    contacts.set_plan(ctx, "jansen", closing=date(2027, 12, 31), strips=3)
    contacts.add(ctx, "jansen", "gesprek", "Contactmoment", datetime(2027, 3, 16, 16, 0), 60,
                 every_weeks=2, until=date(2027, 11, 30), participants=("petra", "oma-ria"),
                 location="Bij Jansen thuis")
    contacts.add(ctx, "jansen", "evaluatie", "Evaluatie", datetime(2027, 6, 1, 10, 0), 90,
                 kind="evaluation", participants=("petra", "lotte"))
    outcome = world.apply()
    assert outcome.failed is None, outcome.error
    return world


def calendars_of(world: World, uid: str) -> dict[str, caldav.Calendar]:
    password = world.password(uid)
    assert password is not None
    client = caldav.DAVClient(url=f"{world.cloud.url}/remote.php/dav", username=uid,
                              password=password)
    world.clients.append(client)  # type: ignore[arg-type]
    return {c.url.path.rstrip("/").rsplit("/", 1)[-1]: c for c in client.principal().calendars()}


def test_the_family_and_chosen_network_see_the_calendar_others_do_not(planned: World) -> None:
    for uid in ("jansen-petra", "jansen-sanne", "jansen-oma-ria", "lotte.visser"):
        assert CALENDAR in calendars_of(planned, uid), uid
    assert CALENDAR not in calendars_of(planned, "jansen-kevin")  # not taking part
    password = planned.password("jansen-kevin")
    assert password is not None
    for path in (f"/remote.php/dav/calendars/jansen-kevin/{CALENDAR}/",
                 "/remote.php/dav/calendars/admin/zolicht-jansen/",
                 f"/remote.php/dav/calendars/jansen-kevin/{CALENDAR}/jansen-gesprek.ics"):
        answer = planned.http.request("PROPFIND", path, headers={"Depth": "0"},
                                      auth=("jansen-kevin", password))
        assert answer.status_code == 404, path
    events = calendars_of(planned, "jansen-oma-ria")[CALENDAR].events()
    uids = sorted(str(e.icalendar_component["uid"]) for e in events)
    assert "jansen-gesprek@zolicht" in uids and "jansen-nazorg-2w@zolicht" in uids
    titles = {str(e.icalendar_component["summary"]) for e in events}
    assert titles == {"Contactmoment", "Evaluatie", "Nazorg: even bijpraten"}


def test_a_read_only_sharee_cannot_write(planned: World) -> None:
    calendar = calendars_of(planned, "jansen-oma-ria")[CALENDAR]
    with pytest.raises(caldav.lib.error.DAVError):
        calendar.save_event("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//NL\nBEGIN:VEVENT\n"
                            "UID:x@t\nDTSTAMP:20270101T000000Z\nDTSTART:20270101T100000Z\n"
                            "SUMMARY:Hack\nEND:VEVENT\nEND:VCALENDAR\n")


def test_times_stay_local_across_daylight_saving(planned: World) -> None:
    calendar = calendars_of(planned, "jansen-petra")[CALENDAR]
    found = calendar.search(start=datetime(2027, 3, 20), end=datetime(2027, 11, 10),
                            event=True, expand=True)
    starts = [e.icalendar_component.decoded("dtstart") for e in found
              if str(e.icalendar_component["summary"]) == "Contactmoment"]
    local = {s.astimezone(AMSTERDAM).time() for s in starts}
    assert local == {time(16, 0)} and len(starts) >= 15
    offsets = {s.astimezone(AMSTERDAM).utcoffset() for s in starts}
    assert len(offsets) == 2  # summer and winter time both covered


def test_a_no_op_apply_writes_nothing_to_the_calendar(planned: World) -> None:
    client = planned.client()
    assert planned.apply(client=client).plan.empty
    assert client.counter.writes == 0


def test_removing_someone_takes_the_calendar_away(planned: World) -> None:
    contacts.add(planned.ctx, "jansen", "gesprek", "Contactmoment",
                 datetime(2027, 3, 16, 16, 0), 60, every_weeks=2, until=date(2027, 11, 30),
                 participants=("petra",))
    outcome = planned.apply()
    assert any(op.kind is reconcile.Kind.UNSHARE_CALENDAR for op in outcome.plan.ops)
    assert CALENDAR not in calendars_of(planned, "jansen-oma-ria")
    assert CALENDAR in calendars_of(planned, "jansen-petra")


def test_a_cancelled_moment_stays_as_cancelled(planned: World) -> None:
    contacts.cancel(planned.ctx, "jansen", "evaluatie")
    outcome = planned.apply()
    assert [op.kind for op in outcome.plan.ops] == [reconcile.Kind.PUT_EVENT]
    calendar = calendars_of(planned, "jansen-petra")[CALENDAR]
    evaluation = calendar.event_by_uid("jansen-evaluatie@zolicht")
    assert str(evaluation.icalendar_component["status"]) == "CANCELLED"


def test_the_ics_export_imports_into_the_caldav_client_unchanged(planned: World) -> None:
    exported = Calendar.from_ical(contacts.export_ics(planned.ctx, "jansen"))
    password = planned.password("jansen-petra")
    assert password is not None
    client = caldav.DAVClient(url=f"{planned.cloud.url}/remote.php/dav",
                              username="jansen-petra", password=password)
    own = client.principal().make_calendar(name="Mijn agenda", cal_id="eigen")
    for event in exported.walk("VEVENT"):
        single = Calendar()
        single.add("prodid", "-//test//NL")
        single.add("version", "2.0")
        single.add_component(event)
        own.save_event(single.to_ical().decode())
    back = {str(e.icalendar_component["uid"]): e.icalendar_component for e in own.events()}
    for event in exported.walk("VEVENT"):
        mine = back[str(event["uid"])]
        assert mine.decoded("dtstart") == event.decoded("dtstart")
        assert str(mine["summary"]) == str(event["summary"])
    client.close()


def test_people_without_an_account_get_invitations(planned: World) -> None:
    """Meester Joost has an e-mail address but no account: Nextcloud e-mails him (iMIP)."""
    contacts.add(planned.ctx, "jansen", "school", "Overleg met school",
                 datetime(2027, 4, 20, 15, 0), 45, participants=("petra", "joost"))
    planned.apply()
    sent = planned.cloud.server.conn.execute(
        "SELECT recipient, kind, about FROM outbox WHERE kind LIKE 'imip-%'").fetchall()
    assert ("j.smit@example.nl", "imip-request", "jansen-school@zolicht") in [
        tuple(row) for row in sent]
    assert all(row["recipient"] != "petra.jansen@example.nl" for row in sent)  # has an account
    contacts.cancel(planned.ctx, "jansen", "school")
    planned.apply()
    last = planned.cloud.server.conn.execute(
        "SELECT kind FROM outbox WHERE recipient = 'j.smit@example.nl' ORDER BY id DESC"
    ).fetchone()
    assert last["kind"] == "imip-cancel"


def test_moving_a_moment_updates_the_same_event(planned: World) -> None:
    contacts.move(planned.ctx, "jansen", "evaluatie", datetime(2027, 6, 8, 10, 0))
    outcome = planned.apply()
    assert [op.kind for op in outcome.plan.ops] == [reconcile.Kind.PUT_EVENT]
    calendar = calendars_of(planned, "jansen-petra")[CALENDAR]
    moved = calendar.event_by_uid("jansen-evaluatie@zolicht").icalendar_component
    assert moved.decoded("dtstart") == datetime(2027, 6, 8, 10, 0, tzinfo=AMSTERDAM)
    assert len([e for e in calendar.events()
                if str(e.icalendar_component["uid"]) == "jansen-evaluatie@zolicht"]) == 1


def test_ending_care_stops_the_series_and_starts_aftercare(world: World) -> None:
    from zolicht.services import family as families

    ctx = world.ctx
    contacts.add(ctx, "jansen", "gesprek", "Contactmoment", datetime(2026, 11, 3, 16, 0), 60,
                 every_weeks=2, until=date(2027, 12, 31), participants=("petra",))
    world.apply()
    families.set_status(ctx, "jansen", "aftercare")  # today is 23 November 2026
    outcome = world.apply()
    kinds = [op.kind for op in outcome.plan.ops]
    assert kinds.count(reconcile.Kind.PUT_EVENT) == 5  # the series changed, four taper moments
    calendar = calendars_of(world, "jansen-petra")[CALENDAR]
    series = calendar.event_by_uid("jansen-gesprek@zolicht").icalendar_component
    assert series["rrule"]["UNTIL"][0].date() <= date(2026, 11, 24)
    assert any(str(e.icalendar_component["uid"]) == "jansen-nazorg-2w@zolicht"
               for e in calendar.events())
