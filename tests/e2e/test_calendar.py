"""The family calendar in Nextcloud, read through CalDAV as each member."""

from __future__ import annotations

from datetime import date, datetime, time

import caldav
import pytest
from icalendar import Calendar

from tests.e2e.conftest import World
from tests.e2e.harness import Mail, wait_for_mail
from zolicht.clock import AMSTERDAM
from zolicht.domain import names
from zolicht.reconcile.ops import Kind
from zolicht.services import contacts


def shared_calendar(world: World) -> str:
    """The family calendar's name in a sharee's calendar home."""
    return f"{names.calendar_uri(world.family().space)}_shared_by_{world.service.uid}"


def event_uid(world: World, key: str) -> str:
    """An event's UID names the family's space, not the family."""
    return f"{world.family().space}-{key}@zolicht"


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


def dav_client(world: World, person: str) -> caldav.DAVClient:
    """The caldav library as ``person`` (it keeps no session cookie: its requests each
    carry the credentials)."""
    auth = world.auth(world.uid(person))
    assert auth is not None
    client = caldav.DAVClient(url=f"{world.cloud.url}/remote.php/dav", username=auth[0],
                              password=auth[1])
    world.clients.append(client)  # type: ignore[arg-type]
    return client


def calendars_of(world: World, person: str) -> dict[str, caldav.Calendar]:
    calendars = dav_client(world, person).principal().calendars()
    return {c.url.path.rstrip("/").rsplit("/", 1)[-1]: c for c in calendars}


def test_the_family_and_chosen_network_see_the_calendar_others_do_not(planned: World) -> None:
    calendar = shared_calendar(planned)
    for person in ("petra", "sanne", "oma-ria", "lotte"):
        assert calendar in calendars_of(planned, person), person
    assert calendar not in calendars_of(planned, "kevin")  # not taking part
    kevin = planned.auth(planned.uid("kevin"))
    assert kevin is not None
    own = names.calendar_uri(planned.family().space)
    for path in (f"/remote.php/dav/calendars/{kevin[0]}/{calendar}/",
                 f"/remote.php/dav/calendars/{planned.service.uid}/{own}/",
                 f"/remote.php/dav/calendars/{kevin[0]}/{calendar}/gesprek.ics"):
        answer = planned.http.request("PROPFIND", path, headers={"Depth": "0"}, auth=kevin)
        assert answer.status_code == 404, path
    events = calendars_of(planned, "oma-ria")[calendar].events()
    uids = sorted(str(e.icalendar_component["uid"]) for e in events)
    assert event_uid(planned, "gesprek") in uids and event_uid(planned, "nazorg-2w") in uids
    assert not any("jansen" in uid for uid in uids)
    titles = {str(e.icalendar_component["summary"]) for e in events}
    assert titles == {"Contactmoment", "Evaluatie", "Nazorg: even bijpraten"}


def test_a_read_only_sharee_cannot_write(planned: World) -> None:
    calendar = calendars_of(planned, "oma-ria")[shared_calendar(planned)]
    with pytest.raises(caldav.lib.error.DAVError):
        calendar.save_event("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//NL\nBEGIN:VEVENT\n"
                            "UID:x@t\nDTSTAMP:20270101T000000Z\nDTSTART:20270101T100000Z\n"
                            "SUMMARY:Hack\nEND:VEVENT\nEND:VCALENDAR\n")


def test_times_stay_local_across_daylight_saving(planned: World) -> None:
    calendar = calendars_of(planned, "petra")[shared_calendar(planned)]
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
    assert any(op.kind is Kind.UNSHARE_CALENDAR for op in outcome.plan.ops)
    assert shared_calendar(planned) not in calendars_of(planned, "oma-ria")
    assert shared_calendar(planned) in calendars_of(planned, "petra")


def test_a_cancelled_moment_stays_as_cancelled(planned: World) -> None:
    contacts.cancel(planned.ctx, "jansen", "evaluatie")
    outcome = planned.apply()
    assert [op.kind for op in outcome.plan.ops] == [Kind.PUT_EVENT]
    calendar = calendars_of(planned, "petra")[shared_calendar(planned)]
    evaluation = calendar.event_by_uid(event_uid(planned, "evaluatie"))
    assert str(evaluation.icalendar_component["status"]) == "CANCELLED"


def test_the_ics_export_imports_into_the_caldav_client_unchanged(planned: World) -> None:
    exported = Calendar.from_ical(contacts.export_ics(planned.ctx, "jansen"))
    own = dav_client(planned, "petra").principal().make_calendar(name="Mijn agenda", cal_id="eigen")
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


def test_people_without_an_account_get_invitations(planned: World) -> None:
    """Meester Joost has an e-mail address but no account: Nextcloud e-mails him (iMIP), as
    it does every attendee with an address (Petra sees it in the shared calendar too)."""
    contacts.add(planned.ctx, "jansen", "school", "Overleg met school",
                 datetime(2027, 4, 20, 15, 0), 45, participants=("petra", "joost"))
    planned.apply()
    family = planned.family()
    joost, petra = (family.person(key) for key in ("joost", "petra"))
    assert joost is not None and joost.email and petra is not None and petra.email
    invited = {Mail(who.email, "imip-request", event_uid(planned, "school"))
               for who in (joost, petra) if who.email}
    sent = wait_for_mail(planned.cloud.mailbox, lambda mails: invited <= set(mails))
    assert invited <= set(sent)
    contacts.cancel(planned.ctx, "jansen", "school")
    planned.apply()
    cancelled = Mail(joost.email, "imip-cancel", event_uid(planned, "school"))
    sent = wait_for_mail(planned.cloud.mailbox, lambda mails: cancelled in mails)
    assert [m.kind for m in sent if m.to == joost.email and m.kind.startswith("imip")][-1] \
        == "imip-cancel"


def test_moving_a_moment_updates_the_same_event(planned: World) -> None:
    contacts.move(planned.ctx, "jansen", "evaluatie", datetime(2027, 6, 8, 10, 0))
    outcome = planned.apply()
    assert [op.kind for op in outcome.plan.ops] == [Kind.PUT_EVENT]
    calendar = calendars_of(planned, "petra")[shared_calendar(planned)]
    moved = calendar.event_by_uid(event_uid(planned, "evaluatie")).icalendar_component
    assert moved.decoded("dtstart") == datetime(2027, 6, 8, 10, 0, tzinfo=AMSTERDAM)
    assert len([e for e in calendar.events()
                if str(e.icalendar_component["uid"]) == event_uid(planned, "evaluatie")]) == 1


def test_one_occurrence_is_cancelled_then_another_moved_in_the_series_event(
        planned: World) -> None:
    """Cancelling 30 March mails the attendees a cancellation of that day only; moving 13
    April an invitation for the new day; the series stays one object, in which the reader
    sees both changes."""
    contacts.cancel_occurrence(planned.ctx, "jansen", "gesprek", date(2027, 3, 30))
    assert [op.kind for op in planned.apply().plan.ops] == [Kind.PUT_EVENT]
    family = planned.family()
    ria = family.person("oma-ria")
    assert ria is not None and ria.email
    cancelled = Mail(ria.email, "imip-cancel", event_uid(planned, "gesprek"))
    sent = wait_for_mail(planned.cloud.mailbox, lambda mails: cancelled in mails)
    assert cancelled in sent
    invited = Mail(ria.email, "imip-request", event_uid(planned, "gesprek"))
    before = sent.count(invited)
    contacts.move_occurrence(planned.ctx, "jansen", "gesprek", date(2027, 4, 13),
                             datetime(2027, 4, 15, 10, 0))
    assert [op.kind for op in planned.apply().plan.ops] == [Kind.PUT_EVENT]
    after = wait_for_mail(planned.cloud.mailbox, lambda mails: mails.count(invited) > before)
    assert after.count(invited) == before + 1
    calendar = calendars_of(planned, "oma-ria")[shared_calendar(planned)]
    found = calendar.search(start=datetime(2027, 3, 29), end=datetime(2027, 4, 20),
                            event=True, expand=True)
    seen = sorted((e.icalendar_component.decoded("dtstart").astimezone(AMSTERDAM),
                   str(e.icalendar_component.get("status", ""))) for e in found)
    assert seen == [(datetime(2027, 3, 30, 16, 0, tzinfo=AMSTERDAM), "CANCELLED"),
                    (datetime(2027, 4, 15, 10, 0, tzinfo=AMSTERDAM), "CONFIRMED")]
    assert planned.apply().plan.empty


def test_ending_care_stops_the_series_and_starts_aftercare(world: World) -> None:
    from zolicht.services import family as families

    ctx = world.ctx
    contacts.add(ctx, "jansen", "gesprek", "Contactmoment", datetime(2026, 11, 3, 16, 0), 60,
                 every_weeks=2, until=date(2027, 12, 31), participants=("petra",))
    world.apply()
    families.set_status(ctx, "jansen", "aftercare")  # today is 23 November 2026
    outcome = world.apply()
    kinds = [op.kind for op in outcome.plan.ops]
    assert kinds.count(Kind.PUT_EVENT) == 5  # the series changed, four taper moments
    calendar = calendars_of(world, "petra")[shared_calendar(world)]
    series = calendar.event_by_uid(event_uid(world, "gesprek")).icalendar_component
    assert series["rrule"]["UNTIL"][0].date() <= date(2026, 11, 24)
    assert any(str(e.icalendar_component["uid"]) == event_uid(world, "nazorg-2w")
               for e in calendar.events())
