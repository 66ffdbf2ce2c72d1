"""The family's audit page: who shared what, when, one month at a time if they like."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.web.conftest import Web
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
    petra = web.signed_in("jansen-petra")
    token = {"X-CSRF-Token": web.csrf(petra)}
    assert petra.put("/api/v1/families/jansen/consents/energie/joost",
                     headers=token).status_code == 200
    month = f"{web.site.clock.now():%Y-%m}"
    shown = petra.get(f"/api/v1/families/jansen/audit?month={month}").json()
    assert any("Joost" in line["text"] for line in shown)
    assert petra.get("/api/v1/families/jansen/audit?month=1999-01").json() == []
    refused = petra.get("/api/v1/families/jansen/audit?month=deze")
    assert refused.status_code == 400 and refused.json()["field"] == "maand"
    page = petra.get(f"/gezin/jansen/logboek?maand={month}")
    assert page.status_code == 200 and "Joost" in page.text
