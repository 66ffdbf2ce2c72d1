"""The professional's contact plan page and its JSON API: plan a series and single moments,
move or cancel one occurrence, afbouwen, the closing date and aftercare, the strippenkaart
and evaluations. What Lotte does on the page reaches the family calendar in Nextcloud at
once, read back here over CalDAV as a participant. Bad input changes nothing and says why
next to the form; anyone but the family's professional gets the one 403."""

from __future__ import annotations

import re
from datetime import date, datetime

import httpx
from icalendar import Calendar

from tests.e2e.test_calendar import calendars_of, event_uid, shared_calendar
from tests.web.conftest import OTHER, Web
from tests.web.test_people_pages import ENGLISH, post, visible_words
from zolicht.clock import AMSTERDAM
from zolicht.domain.contacts import ContactPlan
from zolicht.services import contacts

PAGE = "/hulpverlener/jansen/contactplan"
API = "/api/v1/families/jansen/contacts"


def plan_of(web: Web) -> ContactPlan:
    return contacts.load(web.world.ctx, "jansen")


def plan_series(web: Web, lotte: httpx.Client, **changes: object) -> httpx.Response:
    form: dict[str, object] = {
        "title": "Gezinsgesprek", "start": "2026-12-01T16:00", "minutes": "60",
        "every_weeks": "2", "until": "2027-01-31", "participants": ["petra", "oma-ria"],
        "location": "Bij Jansen thuis"}
    return post(web, lotte, f"{PAGE}/reeks", **{**form, **changes})


def series_events(web: Web, person: str, key: str) -> list[Calendar]:
    """The VEVENTs of series ``key``'s calendar object, as ``person`` reads it."""
    calendar = calendars_of(web.world, person)[shared_calendar(web.world)]
    found = calendar.event_by_uid(event_uid(web.world, key))
    return list(Calendar.from_ical(found.data).walk("VEVENT"))


def test_the_page_is_linked_in_dutch_and_shows_the_plan(web: Web) -> None:
    lotte = web.signed_in("lotte")
    assert f'href="{PAGE}"' in lotte.get("/hulpverlener").text
    contacts.set_plan(web.world.ctx, "jansen", closing=date(2027, 3, 31), strips=3)
    assert plan_series(web, lotte).status_code == 303
    page = lotte.get(PAGE)
    assert page.status_code == 200
    assert ENGLISH.findall(visible_words(page.text)) == []
    text = visible_words(page.text)
    assert "om de week op dinsdag om 16:00, van 01-12-2026 tot en met 31-01-2027" in text
    assert "Wie is erbij: Oma Ria en Petra Jansen" in text and "Bij Jansen thuis" in text
    assert "di 01-12-2026 16:00" in text and "di 15-12-2026 16:00" in text
    assert "De zorg stopt op 31-03-2027." in text
    assert "3 keer bellen na het einde van de zorg; 0 keer gebruikt, nog 3 over." in text
    for form in ('id="series"', 'id="moment"', 'id="taper"', 'id="plan"', 'id="strip"',
                 'id="evaluation"'):
        assert form in page.text
    # the never-involved are not offered as participants (Oom Kees is on the list)
    assert 'id="series-with-oma-ria"' in page.text and "Oom Kees" not in page.text
    # every control has a label
    ids = set(re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page.text))
    labelled = set(re.findall(r'<label for="([^"]+)"', page.text))
    assert ids and ids <= labelled


def test_moving_and_cancelling_one_occurrence_reaches_the_calendar(web: Web) -> None:
    lotte = web.signed_in("lotte")
    assert plan_series(web, lotte).status_code == 303
    (series,) = plan_of(web).series
    assert (series.title, series.every_weeks, series.participants) == (
        "Gezinsgesprek", 2, ("petra", "oma-ria"))
    moved = post(web, lotte, f"{PAGE}/reeks/{series.key}/verzetten", day="2026-12-15",
                 start="2026-12-17T10:00")
    assert moved.status_code == 303
    page = lotte.get(PAGE).text
    assert "Verzet: Gezinsgesprek van 15-12-2026 is nu op do 17-12-2026 10:00." in page
    assert "do 17-12-2026 10:00 · <strong>verzet, was di 15-12-2026 16:00" in page
    events = series_events(web, "oma-ria", series.key)
    overrides = [e for e in events if "recurrence-id" in e]
    master = next(e for e in events if "recurrence-id" not in e)
    assert len(overrides) == 1
    (override,) = overrides
    assert override.decoded("recurrence-id").astimezone(AMSTERDAM) == datetime(
        2026, 12, 15, 16, 0, tzinfo=AMSTERDAM)
    assert override.decoded("dtstart").astimezone(AMSTERDAM) == datetime(
        2026, 12, 17, 10, 0, tzinfo=AMSTERDAM)
    assert master.decoded("dtstart").astimezone(AMSTERDAM) == datetime(
        2026, 12, 1, 16, 0, tzinfo=AMSTERDAM)
    assert master["rrule"]["INTERVAL"] == [2]  # the rest unchanged

    cancelled = post(web, lotte, f"{PAGE}/reeks/{series.key}/afzeggen", day="2026-12-29")
    assert cancelled.status_code == 303
    assert "Afgezegd: Gezinsgesprek op 29-12-2026" in lotte.get(PAGE).text
    events = series_events(web, "petra", series.key)
    states = {e.decoded("recurrence-id").astimezone(AMSTERDAM).date(): str(e["status"])
              for e in events if "recurrence-id" in e}
    # a cancelled occurrence stays, marked cancelled (no EXDATE: nobody loses it unexplained)
    assert states == {date(2026, 12, 15): "CONFIRMED", date(2026, 12, 29): "CANCELLED"}
    assert [c.on for c in plan_of(web).series[0].changes] == [date(2026, 12, 15),
                                                               date(2026, 12, 29)]


def test_a_single_moment_planned_moved_and_cancelled(web: Web) -> None:
    lotte = web.signed_in("lotte")
    planned = post(web, lotte, f"{PAGE}/afspraak", title="Netwerkberaad",
                   start="2026-12-03 19:30", minutes="90", kind="network_meeting",
                   participants=["petra", "kevin"])
    assert planned.status_code == 303
    (made,) = plan_of(web).moments
    assert (made.kind.value, made.participants, made.minutes) == (
        "network_meeting", ("petra", "kevin"), 90)
    assert "Toegevoegd: Netwerkberaad, do 03-12-2026 19:30." in lotte.get(PAGE).text
    assert post(web, lotte, f"{PAGE}/afspraak/{made.key}/verzetten",
                start="2026-12-04T19:30").status_code == 303
    assert plan_of(web).moments[0].start == datetime(2026, 12, 4, 19, 30)
    assert post(web, lotte, f"{PAGE}/afspraak/{made.key}/afzeggen").status_code == 303
    assert plan_of(web).moments[0].cancelled
    calendar = calendars_of(web.world, "kevin")[shared_calendar(web.world)]
    event = calendar.event_by_uid(event_uid(web.world, made.key)).icalendar_component
    assert str(event["status"]) == "CANCELLED"


def test_bad_input_changes_nothing_and_says_why_next_to_the_form(web: Web) -> None:
    lotte = web.signed_in("lotte")
    before, evaluations = plan_of(web), web.world.family().method.evaluations
    past = plan_series(web, lotte, start="2026-11-20T16:00")
    assert past.status_code == 400
    assert re.search(r'id="fout-series"[^>]*>Niets veranderd\. wanneer: ligt in het verleden',
                     past.text)
    assert 'value="Bij Jansen thuis"' in past.text  # what was typed stays
    unknown = plan_series(web, lotte, participants=["petra", "niemand"])
    assert unknown.status_code == 400 and "wie is erbij: er is geen persoon" in unknown.text
    diagnosis = post(web, lotte, f"{PAGE}/afspraak", title="Gesprek over ADHD",
                     start="2026-12-03 19:30")
    assert diagnosis.status_code == 400 and "gebruik een neutrale titel" in diagnosis.text
    never = post(web, lotte, f"{PAGE}/afspraak", title="Zonder oom Kees",
                 start="2026-12-03 19:30")
    assert never.status_code == 400 and "nooit betrokken mag worden" in never.text
    assert "Kees" not in visible_words(never.text).replace("Zonder oom Kees", "")
    no_until = plan_series(web, lotte, until="")
    assert no_until.status_code == 400 and "einddatum" in no_until.text
    assert post(web, lotte, f"{PAGE}/nazorg", taper="2x").status_code == 400
    assert post(web, lotte, f"{PAGE}/strip").status_code == 400  # no strippenkaart
    assert post(web, lotte, f"{PAGE}/evaluatie", independence="11").status_code == 400
    assert plan_of(web) == before
    assert web.world.family().method.evaluations == evaluations
    # a series that is there: a day it does not meet, or a move into the past
    assert plan_series(web, lotte).status_code == 303
    (series,) = plan_of(web).series
    wrong_day = post(web, lotte, f"{PAGE}/reeks/{series.key}/afzeggen", day="2026-12-02")
    assert wrong_day.status_code == 400
    assert re.search(rf'id="fout-cancel-{series.key}"[^>]*>Niets veranderd\. welke keer:',
                     wrong_day.text)
    assert post(web, lotte, f"{PAGE}/reeks/{series.key}/verzetten", day="2026-12-15",
                start="2026-11-01T10:00").status_code == 400
    assert post(web, lotte, f"{PAGE}/reeks/niets/afzeggen",
                day="2026-12-15").status_code == 404
    assert plan_of(web).series[0].changes == ()


def test_only_the_professional(web: Web) -> None:
    before = plan_of(web)
    for person, slug in (("petra", "jansen"), ("oma-ria", "jansen"), ("lotte", OTHER)):
        client = web.signed_in(person, slug)
        assert client.get(PAGE).status_code == 403
        assert plan_series(web, client).status_code == 403
        assert client.get(API).status_code == 403
        assert client.post(f"{API}/strips/use",
                           headers={"X-CSRF-Token": web.csrf(client)}).status_code == 403
    assert plan_of(web) == before


def test_taper_closing_strips_and_an_evaluation(web: Web) -> None:
    lotte = web.signed_in("lotte")
    assert plan_series(web, lotte, every_weeks="1").status_code == 303
    page = lotte.get(PAGE).text
    assert "Gezinsgesprek: nu elke 1 weken. Vanaf di 01-12-2026 16:00 elke 2 weken" in page
    assert "Taak naar het netwerk: Gezinsgesprek over de week gaat over naar Kevin." in page
    assert post(web, lotte, f"{PAGE}/afbouwen").status_code == 303
    (series,) = plan_of(web).series
    assert series.every_weeks == 2
    task = next(t for t in web.world.family().method.tasks if t.key == "gezinsgesprek")
    assert task.person == "kevin"
    assert "Afgeschaald: Gezinsgesprek is vanaf di 01-12-2026 16:00 elke 2 weken." \
        in lotte.get(PAGE).text

    assert post(web, lotte, f"{PAGE}/nazorg", closing="2027-01-29", taper="2w,3m",
                strips="2").status_code == 303
    plan = plan_of(web)
    assert (plan.closing, plan.taper, plan.strips) == (date(2027, 1, 29), ("2w", "3m"), 2)
    page = lotte.get(PAGE).text
    assert "De zorg stopt op 29-01-2027." in page and "vr 12-02-2027 16:00" in page
    assert post(web, lotte, f"{PAGE}/strip").status_code == 303
    assert "Nog 1 keer bellen over op de strippenkaart." in lotte.get(PAGE).text
    assert plan_of(web).strips_used == 1

    done = lotte.post(f"{PAGE}/evaluatie", data={
        "csrf": web.csrf(lotte), "held_on": "2026-11-23", "moment": series.key,
        "notes": "Het gaat beter.", "next_time": "De woensdag.",
        "network_person": ["oma-ria", "kevin", "joost"],
        "network_text": ["Kookte twee keer.", "", "Belde Petra."], "independence": "7"})
    assert done.status_code == 303
    made = web.world.family().method.evaluations[-1]
    assert (made.key, made.moment, made.notes, made.independence) == (
        "evaluatie-2", series.key, "Het gaat beter.", 7)
    assert [(c.person, c.text) for c in made.network] == [
        ("oma-ria", "Kookte twee keer."), ("joost", "Belde Petra.")]
    page = lotte.get(PAGE).text
    assert "De evaluatie van 23-11-2026 is vastgelegd." in page
    assert "Oma Ria: Kookte twee keer." in page and "Zelf redden: 7 van de 10" in page


def test_the_json_api_does_the_same(web: Web) -> None:
    lotte = web.signed_in("lotte")
    token = {"X-CSRF-Token": web.csrf(lotte)}
    made = lotte.post(f"{API}/series", headers=token, json={
        "title": "Gezinsgesprek", "start": "2026-12-01 16:00", "every_weeks": 2,
        "until": "2027-01-31", "participants": ["petra", "oma-ria"]})
    assert made.status_code == 201 and made.json()["applied"] is True
    (series,) = plan_of(web).series
    moved = lotte.post(f"{API}/series/{series.key}/occurrences/2026-12-15/move", headers=token,
                       json={"start": "2026-12-17 10:00"})
    assert moved.status_code == 200 and "do 17-12-2026 10:00" in moved.json()["message"]
    assert lotte.post(f"{API}/series/{series.key}/occurrences/2026-12-29/cancel",
                      headers=token).status_code == 200
    shown = lotte.get(API).json()
    coming = {o["day"]: o for o in shown["series"][0]["coming"]}
    assert coming["2026-12-15"]["moved_from"] == "di 15-12-2026 16:00"
    assert coming["2026-12-29"]["cancelled"] is True
    assert [c["key"] for c in shown["people"]].count("petra") == 1
    past = lotte.post(f"{API}/moments", headers=token, json={
        "title": "Contactmoment", "start": "2026-11-01 10:00"})
    assert past.status_code == 400 and past.json()["field"] == "start"
    unknown = lotte.post(f"{API}/moments", headers=token, json={
        "title": "Contactmoment", "start": "2026-12-03 10:00", "participants": ["niemand"]})
    assert unknown.status_code == 400 and unknown.json()["field"] == "with"
    moment = lotte.post(f"{API}/moments", headers=token, json={
        "title": "Contactmoment", "start": "2026-12-03T10:00", "participants": ["petra"]})
    assert moment.status_code == 201
    (single,) = plan_of(web).moments
    assert lotte.post(f"{API}/moments/{single.key}/move", headers=token,
                      json={"start": "2026-12-04 10:00"}).status_code == 200
    assert lotte.post(f"{API}/moments/{single.key}/cancel", headers=token).status_code == 200
    assert lotte.post(f"{API}/moments/niets/cancel", headers=token).status_code == 404
    assert lotte.post(f"{API}/moments", json={
        "title": "Contactmoment", "start": "2026-12-03 10:00"}).status_code == 403  # no token
    proposal = lotte.get(f"{API}/taper").json()
    assert proposal["series"] and proposal["tasks_ready"] == ["gezinsgesprek"]
    assert lotte.post(f"{API}/taper", headers=token).status_code == 200
    assert plan_of(web).series[-1].every_weeks == 4
    assert lotte.patch(f"{API}/plan", headers=token,
                       json={"closing": "2027-02-26", "strips": 1}).status_code == 200
    assert lotte.patch(f"{API}/plan", headers=token, json={"strips": 99}).status_code == 400
    assert lotte.post(f"{API}/strips/use", headers=token).status_code == 200
    assert lotte.post(f"{API}/strips/use", headers=token).status_code == 400  # used up
    evaluated = lotte.post(f"{API}/evaluations", headers=token, json={
        "notes": "Rustig.", "network": {"oma-ria": "Kookte."}, "independence": 6})
    assert evaluated.status_code == 201
    assert web.world.family().method.evaluations[-1].independence == 6
    assert lotte.post(f"{API}/evaluations", headers=token,
                      json={"network": {"niemand": "x"}}).status_code == 404


NEW_ROUTES = {
    ("get", "/api/v1/families/{slug}/contacts"): {"401", "403"},
    ("post", "/api/v1/families/{slug}/contacts/moments"): {"400", "401", "403", "422"},
    ("post", "/api/v1/families/{slug}/contacts/series"): {"400", "401", "403", "422"},
    ("post", "/api/v1/families/{slug}/contacts/moments/{key}/cancel"): {"401", "403", "404"},
    ("post", "/api/v1/families/{slug}/contacts/moments/{key}/move"):
        {"400", "401", "403", "404", "422"},
    ("post", "/api/v1/families/{slug}/contacts/series/{key}/occurrences/{day}/cancel"):
        {"400", "401", "403", "404"},
    ("post", "/api/v1/families/{slug}/contacts/series/{key}/occurrences/{day}/move"):
        {"400", "401", "403", "404", "422"},
    ("get", "/api/v1/families/{slug}/contacts/taper"): {"401", "403"},
    ("post", "/api/v1/families/{slug}/contacts/taper"): {"401", "403"},
    ("patch", "/api/v1/families/{slug}/contacts/plan"): {"400", "401", "403", "422"},
    ("post", "/api/v1/families/{slug}/contacts/strips/use"): {"400", "401", "403"},
    ("post", "/api/v1/families/{slug}/contacts/evaluations"):
        {"400", "401", "403", "404", "422"},
}


def test_the_openapi_schema_lists_every_status_of_the_contact_routes(web: Web) -> None:
    schema = web.anonymous().get("/api/v1/openapi.json").json()
    for (method, path), statuses in NEW_ROUTES.items():
        listed = set(schema["paths"][path][method]["responses"])
        assert statuses <= listed, (method, path, listed)
