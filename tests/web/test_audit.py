"""The family's audit page: who shared what, when, one month at a time if they like."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests.web.conftest import Web
from zolicht.clock import FixedClock
from zolicht.domain.errors import InvalidInput
from zolicht.web.views import audit_months, lines_in

LINES = [(datetime(2026, 11, 20, 9), "c"), (datetime(2026, 11, 2, 9), "b"),
         (datetime(2025, 12, 31, 23), "a")]


def test_months_are_offered_newest_first_in_dutch_and_filter_the_lines() -> None:
    assert audit_months(LINES) == [("2026-11", "november 2026"), ("2025-12", "december 2025")]
    assert [text for _, text in lines_in(LINES, "2026-11")] == ["c", "b"]
    assert lines_in(LINES, "") == LINES and lines_in(LINES, "2024-01") == []


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2026-1", "nov"])
def test_a_month_that_is_not_one_is_refused_by_name(month: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        lines_in(LINES, month)
    assert refused.value.field == "maand" and "2026-11" in refused.value.message


def test_the_family_reads_a_yes_in_its_month_and_not_in_another(web: Web) -> None:
    petra = web.signed_in("petra")
    token = {"X-CSRF-Token": web.csrf(petra)}
    assert petra.put("/api/v1/families/jansen/consents/energie/joost",
                     headers=token).status_code == 200
    month = f"{web.site.clock.now():%Y-%m}"
    shown = [line["text"] for line in
             petra.get(f"/api/v1/families/jansen/audit?month={month}").json()]
    assert shown[:2] == [
        "Gedeeld in Nextcloud: Meester Joost kan 'Als mama minder energie heeft' nu openen.",
        "Petra Jansen zei ja: Meester Joost mag 'Als mama minder energie heeft' zien."]
    assert petra.get("/api/v1/families/jansen/audit?month=1999-01").json() == []
    refused = petra.get("/api/v1/families/jansen/audit?month=deze")
    assert refused.status_code == 400 and refused.json()["field"] == "maand"
    page = petra.get(f"/gezin/jansen/logboek?maand={month}")
    assert page.status_code == 200 and "Joost" in page.text


def texts(client: httpx.Client) -> list[str]:
    return [line["text"] for line in client.get("/api/v1/families/jansen/audit").json()]


def test_a_14_year_old_reads_only_the_log_of_what_she_may_see_or_decide(web: Web) -> None:
    sanne = web.signed_in("sanne")
    shown = texts(sanne)
    assert any("Uitleg over school en concentratie" in text for text in shown)
    others = ("Als mama minder energie heeft", "Rust in geldzaken",
              "Uitleg over drukte en prikkels", "Slapen en vaste ritmes")
    assert [text for text in shown if any(title in text for title in others)] == []
    page = sanne.get("/gezin/jansen/logboek").text
    assert "Uitleg over school en concentratie" in page
    assert not any(title in page for title in others)
    # the professional reads the whole family's log
    lotte = texts(web.signed_in("lotte"))
    assert all(any(title in text for text in lotte) for title in others)


def test_a_mother_does_not_read_the_log_of_her_16_year_olds_own_document(web: Web) -> None:
    assert isinstance(web.site.clock, FixedClock)
    web.site.clock.moment = datetime(2028, 6, 9, 10, tzinfo=UTC)  # Sanne is 16
    sanne = web.signed_in("sanne")
    assert sanne.put("/api/v1/families/jansen/consents/school-concentratie/kevin",
                     headers={"X-CSRF-Token": web.csrf(sanne)}).status_code == 200
    line = "Sanne zei ja: Kevin mag 'Uitleg over school en concentratie' zien."
    assert line in texts(sanne) and line in texts(web.signed_in("lotte"))
    petra = web.signed_in("petra")
    assert line not in texts(petra)
    assert "Kevin mag &#39;Uitleg over school" not in petra.get("/gezin/jansen/logboek").text
