"""Honest outcomes: after a yes or a stop the page and the API say what Nextcloud has, and
what still waits and why: the member has no account yet, or Nextcloud could not be reached."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from tests.web.conftest import Web
from zolicht.web import site as site_module
from zolicht.web.site import Site, WebSettings

FILE = "minder-energie.md"


def consent(web: Web, client: httpx.Client, member: str, on: bool = True,
            document: str = "energie") -> dict[str, Any]:
    answer = client.request("PUT" if on else "DELETE",
                            f"/api/v1/families/jansen/consents/{document}/{member}",
                            headers={"X-CSRF-Token": web.csrf(client)})
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def row(client: httpx.Client, member: str) -> dict[str, Any]:
    cards = client.get("/api/v1/families/jansen/sharing").json()["cards"]
    card = next(c for c in cards if c["document"] == "energie")
    found: dict[str, Any] = next(r for r in card["rows"] if r["member"] == member)
    return found


def test_a_neighbour_without_account_or_e_mail_is_never_said_to_see_it(web: Web) -> None:
    petra = web.signed_in("petra")
    result = consent(web, petra, "ans")  # Buurvrouw Ans: a phone number, nothing else
    assert result["allowed"] and result["pending"] == "no_account"
    assert "nog geen account" in result["message"] and "nu zien" not in result["message"]
    assert (row(petra, "ans")["status"], row(petra, "ans")["sees"]) == (
        "mag dit zien, maar heeft nog geen account", False)
    petra.post("/gezin/jansen/toestemming", data={
        "document": "energie", "member": "ans", "aan": "0", "csrf": web.csrf(petra)})
    petra.post("/gezin/jansen/toestemming", data={
        "document": "energie", "member": "ans", "aan": "1", "csrf": web.csrf(petra)})
    page = petra.get("/gezin/jansen").text
    assert "Buurvrouw Ans heeft nog geen account" in page
    assert "kan dit zien" not in page.split('id="energie"')[1].split("Buurvrouw Ans")[1][:200]


def test_when_nextcloud_cannot_be_reached_the_page_says_it_waits(web: Web) -> None:
    petra = web.signed_in("petra")
    web.later(60)  # a minute after the family's last change in Nextcloud
    with web.cut_off() as url, httpx.Client(base_url=url, cookies=petra.cookies) as there:
        result = consent(web, there, "joost")
        assert result["allowed"] and not result["applied"] and result["pending"] == "nextcloud"
        assert "Nextcloud is even niet bereikbaar" in result["message"]
        assert "Klaar" not in result["message"]
        assert row(there, "joost")["status"] == "wordt gedeeld…"
        stopped = consent(web, there, "oma-ria", on=False)  # she can read it now
        assert stopped["pending"] == "nextcloud" and "misschien nog zien" in stopped["message"]
        assert row(there, "oma-ria")["status"] == "wordt gestopt…"
        there.post("/gezin/jansen/toestemming", data={
            "document": "energie", "member": "kevin", "aan": "1", "csrf": web.csrf(there)})
        assert "Kevin kan &#39;Als mama minder energie heeft&#39; nog niet zien" in \
            there.get("/gezin/jansen").text
    assert row(petra, "joost")["status"] == "wordt gedeeld…"  # every process says so
    web.site.do_pending_work()  # the worker of a process that reaches Nextcloud: not yet
    assert web.world.read(web.uid("oma-ria"), FILE) == 200
    web.later(60)
    web.site.do_pending_work()
    assert web.world.read(web.uid("joost"), FILE) == 200
    assert web.world.read(web.uid("kevin"), FILE) == 200
    assert web.world.read(web.uid("oma-ria"), FILE) == 404
    assert (row(petra, "joost")["status"], row(petra, "oma-ria")["status"]) == (
        "kan dit zien", "Petra Jansen wil dit niet delen")
    assert web.site.unapplied("jansen") == frozenset()


def test_the_familys_next_change_takes_what_waits_along(web: Web) -> None:
    petra = web.signed_in("petra")
    web.later(60)
    with web.cut_off() as url, httpx.Client(base_url=url, cookies=petra.cookies) as there:
        assert consent(web, there, "joost")["pending"] == "nextcloud"
    web.later(5)  # Nextcloud answers again, before the worker's turn
    assert web.world.listing(web.uid("kevin")) == {"als-het-even-te-veel-is.md"}
    result = consent(web, petra, "kevin", document="geldzaken")
    assert result["applied"] and result["pending"] is None
    assert web.world.read(web.uid("kevin"), "rust-in-geldzaken.md") == 200
    assert row(petra, "joost")["status"] == "kan dit zien"
    assert web.world.read(web.uid("joost"), FILE) == 200
    assert web.site.unapplied("jansen") == frozenset()


def test_a_yes_against_a_youths_no_says_so(web: Web) -> None:
    sanne, petra = web.signed_in("sanne"), web.signed_in("petra")
    path = "/api/v1/families/jansen/consents/te-veel/kevin"
    assert sanne.delete(path, headers={"X-CSRF-Token": web.csrf(sanne)}).status_code == 200
    result = petra.put(path, headers={"X-CSRF-Token": web.csrf(petra)}).json()
    assert not result["allowed"] and result["refused_by"] == ["sanne"]
    assert result["message"] == ("Je ja is bewaard. Maar Sanne wil dit niet delen, dus Kevin "
                                 "kan 'Als het even te veel is' niet zien.")


def test_a_yes_still_waiting_for_someone_without_account_says_so(web: Web) -> None:
    petra = web.signed_in("petra")
    result = petra.put("/api/v1/families/jansen/consents/te-veel/ans",
                       headers={"X-CSRF-Token": web.csrf(petra)}).json()
    assert result["missing"] == ["sanne"] and result["pending"] is None
    assert result["message"].endswith("Daarna heeft Buurvrouw Ans ook nog een account nodig.")


def test_a_round_of_retries_that_fails_does_not_end_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_module, "RETRY", 0.02)
    site = Site(WebSettings(f"sqlite:///{tmp_path / 'web.sqlite3'}", None))
    rounds: list[str] = []

    def database_away() -> None:
        rounds.append("work")
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(site, "do_pending_work", database_away)
    monkeypatch.setattr(site, "sweep_sessions", lambda: rounds.append("sweep"))
    deadline = time.monotonic() + 10
    while rounds.count("sweep") < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    site.close()
    assert rounds.count("work") >= 3 and rounds.count("sweep") >= 3
