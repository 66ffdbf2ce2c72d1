"""As a Nextcloud external app every page and every button works behind AppAPI's proxy,
which follows redirects itself against zolicht's own address (``tests/web/appapi.py``)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.web.appapi import PREFIX
from tests.web.conftest import Web

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def arrive(browser: httpx.Client, answer: httpx.Response) -> httpx.Response:
    """What the browser ends on: it follows redirects and meta refreshes, as browsers do."""
    for _ in range(5):
        if answer.status_code == 303:
            target = answer.headers["location"]
        elif (found := REFRESH.search(answer.text)) is not None:
            target = html.unescape(found[1])
            assert f'<a href="{found[1]}">' in answer.text  # and a link to press
        else:
            return answer
        assert target.startswith(PREFIX + "/"), target
        answer = browser.get(target.split("#")[0])
    raise AssertionError("sent on and on")


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    return found[1]


@contextmanager
def signed_in(web: Web, url: str, person: str) -> Iterator[httpx.Client]:
    """A browser signed in to Nextcloud as ``person`` of the family ``jansen``."""
    with httpx.Client(base_url=url, timeout=60) as browser:
        browser.get(f"/login-as/{web.uid(person)}")
        yield browser


def test_a_parent_opens_zolicht_and_presses_a_button_behind_appapi(
        web: Web, behind_appapi: str) -> None:
    with signed_in(web, behind_appapi, "petra") as browser:
        start = browser.get(PREFIX + "/")
        assert start.status_code == 200, start.text
        family = arrive(browser, start)
        assert family.status_code == 200 and "Wie mag wat zien?" in family.text
        targets = re.findall(r'(?:action|href)="([^"#]+)', family.text)
        nextcloud = web.site.settings.nextcloud
        assert nextcloud is not None  # the documents open in Nextcloud itself
        opens = nextcloud.url.rstrip("/") + "/index.php/f/"
        assert targets and all(t.startswith((PREFIX + "/", opens)) for t in targets), targets
        answer = browser.post(PREFIX + "/gezin/jansen/toestemming", data={
            "document": "school-concentratie", "member": "kevin", "aan": "1",
            "csrf": csrf(family)})
        assert answer.status_code == 200, answer.text
        after = arrive(browser, answer)
        assert after.status_code == 200
        assert "Je ja is bewaard. Kevin kan &#39;Uitleg over school en concentratie&#39;" \
            in after.text
        assert "petra" in web.world.family().grant("school-concentratie", "kevin").consented_by
        log = arrive(browser, browser.get(PREFIX + "/gezin/jansen/logboek"))
        assert "Petra Jansen zei ja: Kevin mag" in log.text


def test_the_professional_applies_and_plans_behind_appapi(web: Web, behind_appapi: str) -> None:
    with signed_in(web, behind_appapi, "lotte") as browser:
        overview = arrive(browser, browser.get(PREFIX + "/"))
        assert "Jouw gezinnen" in overview.text
        check = arrive(browser, browser.get(PREFIX + "/hulpverlener/jansen/controle"))
        applied = arrive(browser, browser.post(PREFIX + "/hulpverlener/jansen/bijwerken",
                                               data={"csrf": csrf(check)}))
        assert "Bijgewerkt." in applied.text
        planned = arrive(browser, browser.post(
            PREFIX + "/hulpverlener/jansen/contactplan/afspraak", data={
                "title": "Contactmoment", "start": "2026-12-01 16:00", "minutes": "60",
                "csrf": csrf(overview)}))
        assert planned.status_code == 200 and "Contactplan: Gezin Jansen" in planned.text
        assert "Toegevoegd: Contactmoment, di 01-12-2026 16:00." in planned.text
        overview = arrive(browser, browser.get(PREFIX + "/"))
        assert "01-12-2026 16:00" in overview.text
