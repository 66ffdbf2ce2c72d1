"""One clock for the web: the day and every time shown are those of the Netherlands, the
same day the consent rules use."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.web.conftest import Web
from zolicht.clock import FixedClock

SIXTEENTH_BIRTHDAY = datetime(2028, 6, 7, 22, 30, tzinfo=UTC)
"""Half past midnight on 8 June 2028 in Amsterdam (summer time): Sanne turns 16."""


def test_just_after_midnight_on_her_16th_birthday_her_mother_is_offered_nothing(
        web: Web) -> None:
    petra = web.signed_in("petra")
    assert isinstance(web.site.clock, FixedClock)
    web.site.clock.moment = SIXTEENTH_BIRTHDAY
    cards = petra.get("/api/v1/families/jansen/sharing").json()["cards"]
    assert "school-concentratie" not in [c["document"] for c in cards]
    assert "Uitleg over school en concentratie" not in petra.get("/gezin/jansen").text
    refused = petra.put("/api/v1/families/jansen/consents/school-concentratie/kevin",
                        headers={"X-CSRF-Token": web.csrf(petra)})
    assert refused.status_code == 403
    sanne = web.signed_in("sanne")
    rule = next(c["rule"] for c in sanne.get("/api/v1/families/jansen/sharing").json()["cards"]
                if c["document"] == "school-concentratie")
    assert rule == "Sanne (16) beslist dit zelf."


def test_times_on_pages_are_dutch_time(web: Web) -> None:
    petra = web.signed_in("petra")
    assert petra.put("/api/v1/families/jansen/consents/energie/joost",
                     headers={"X-CSRF-Token": web.csrf(petra)}).status_code == 200
    # the clock says 10:00 UTC on 23 November 2026: 11:00 in Amsterdam
    line = next(line for line in petra.get("/api/v1/families/jansen/audit").json()
                if "Joost" in line["text"])
    assert line["at"] == "2026-11-23T11:00:00+01:00"
    assert "23-11-2026 11:00" in petra.get("/gezin/jansen/logboek").text
