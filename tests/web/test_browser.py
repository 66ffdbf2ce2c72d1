"""The pages in headless Chromium, as people use them on a phone: a parent and the
14-year-old each switch a grant on; only after both can the network member read the
document (read back through WebDAV as that member); switching off takes it away. Every page
is screenshotted (``artifacts/screenshots/``) and checked with axe-core (pinned in
``tests/web/axe.py``: WCAG 2.2 A and AA)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web import axe
from tests.web.appapi import PREFIX
from tests.web.conftest import Web
from tests.web.test_network_map import mapped
from zolicht.domain.proposals import Draft, ProposalKind

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as expected  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
FILE = "uitleg-school-en-concentratie.md"
pytestmark = pytest.mark.skipif((CHROMIUM is None or DRIVER is None) and not os.environ.get("CI"),
                                reason="needs Debian's chromium and chromium-driver")


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = CHROMIUM or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=412,915", "--lang=nl"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER or ""), options=options)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def sign_in(web: Web, browser: webdriver.Chrome, person: str, uid: str = "") -> None:
    """Sign in as people do: start at zolicht, grant access at Nextcloud in a new tab with
    an app password of theirs (Nextcloud's "alternative log in"), come back and say so.
    ``person`` of the Jansens, or any account ``uid``."""
    uid = uid or web.uid(person)
    browser.delete_all_cookies()
    browser.get(f"{web.url}/inloggen")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait = WebDriverWait(browser, 15)
    wait.until(expected.presence_of_element_located((By.ID, "nextcloud"))).click()
    zolicht = browser.current_window_handle
    wait.until(lambda b: len(b.window_handles) == 2)
    browser.switch_to.window(next(h for h in browser.window_handles if h != zolicht))
    wait.until(expected.presence_of_element_located((By.NAME, "user"))).send_keys(uid)
    browser.find_element(By.NAME, "password").send_keys(web.app_password(uid))
    browser.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    wait.until(lambda b: "Account connected" in b.page_source)
    browser.close()
    browser.switch_to.window(zolicht)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait.until(lambda b: "/inloggen" not in b.current_url
               and b.execute_script("return document.readyState") == "complete")


def switch(browser: webdriver.Chrome, document: str, member: str) -> str:
    """Press the member's button on the document's card; returns the notice shown after."""
    button = browser.find_element(By.XPATH, f"//section[@id='{document}']//form[input["
                                            f"@name='member' and @value='{member}']]//button")
    button.click()
    wait = WebDriverWait(browser, 15)
    # While the page is replaced, Chromium may answer a look at the old button with "Node
    # with given id does not belong to the document" instead of "stale": ask again.
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        expected.staleness_of(button))
    return str(wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, ".notice"))).text)


def test_both_say_yes_then_the_member_reads_it_and_stopping_takes_it_away(
        web: Web, browser: webdriver.Chrome) -> None:
    kevin = web.uid("kevin")
    browser.get(f"{web.url}/inloggen")
    browser.save_screenshot(str(SHOTS / "inloggen.png"))
    assert all_violations(browser) == []
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 15).until(expected.presence_of_element_located((By.ID, "nextcloud")))
    browser.save_screenshot(str(SHOTS / "inloggen-nextcloud.png"))
    assert all_violations(browser) == []

    sign_in(web, browser, "petra")
    assert browser.current_url.endswith("/gezin/jansen")
    notice = switch(browser, "school-concentratie", "kevin")
    assert "zodra Sanne ook ja zegt" in notice, notice
    assert web.world.read(kevin, FILE) == 404
    browser.save_screenshot(str(SHOTS / "gezin-mama.png"))

    sign_in(web, browser, "sanne")
    notice = switch(browser, "school-concentratie", "kevin")
    assert notice.startswith("Klaar: Kevin kan 'Uitleg over school en concentratie' nu zien")
    assert web.world.read(kevin, FILE) == 200
    browser.save_screenshot(str(SHOTS / "gezin-sanne.png"))
    assert all_violations(browser) == []

    browser.get(f"{web.url}/gezin/jansen/logboek")
    assert "Sanne zei ja: Kevin mag 'Uitleg over school en concentratie' zien." in \
        browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(SHOTS / "logboek.png"))

    browser.get(f"{web.url}/gezin/jansen")
    notice = switch(browser, "school-concentratie", "kevin")
    assert "Kevin kan 'Uitleg over school en concentratie' niet meer zien" in notice
    assert web.world.read(kevin, FILE) == 404


def test_the_member_sees_only_what_was_given(web: Web, browser: webdriver.Chrome) -> None:
    sign_in(web, browser, "oma-ria")
    assert browser.current_url.endswith("/netwerk/jansen")
    text = browser.find_element(By.TAG_NAME, "main").text
    family = web.world.family()
    readable = web.world.listing(web.uid("oma-ria"))
    given = {d.title for d in family.documents if d.file_name in readable}
    assert len(given) == 3
    for document in family.documents:
        assert (document.title in text) == (document.title in given), document.title
    assert "Kevin" not in text and "Buurvrouw" not in text
    browser.save_screenshot(str(SHOTS / "netwerk-oma-ria.png"))
    assert all_violations(browser) == []


def test_the_professional_page(web: Web, browser: webdriver.Chrome) -> None:
    sign_in(web, browser, "lotte")
    assert browser.current_url.endswith("/hulpverlener")
    assert "Gezin Jansen" in browser.page_source and "Gezin De Boer" not in browser.page_source
    browser.save_screenshot(str(SHOTS / "hulpverlener.png"))
    assert all_violations(browser) == []


def test_the_people_and_proposals_pages(web: Web, browser: webdriver.Chrome) -> None:
    """Both pages of the professional's work, with a removal to confirm and a wish to share
    with its consents: no axe-core violation in any."""
    ctx = web.world.ctx
    with ctx.store.transaction() as tx:
        tx.forms("jansen").propose_from_document("stap-3", "petra", Draft(
            ProposalKind.GRANT, {"document": "school-concentratie", "member": "joost"}),
            ctx.now())
    sign_in(web, browser, "lotte")
    for path, shot in (("mensen", "mensen"), ("mensen?verwijderen=ans#bevestigen",
                                              "mensen-verwijderen"),
                       ("voorstellen", "voorstellen")):
        browser.get(f"{web.url}/hulpverlener/jansen/{path}")
        browser.save_screenshot(str(SHOTS / f"hulpverlener-{shot}.png"))
        assert all_violations(browser) == [], path


def test_behind_appapis_proxy_a_parent_opens_zolicht_and_presses_a_button(
        web: Web, behind_appapi: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{behind_appapi}/login-as/{web.uid('petra')}")  # Nextcloud's session
    WebDriverWait(browser, 15).until(lambda b: b.current_url.endswith(f"{PREFIX}/gezin/jansen"))
    notice = switch(browser, "school-concentratie", "kevin")
    assert "zodra Sanne ook ja zegt" in notice, notice
    assert browser.current_url.split("#")[0].endswith(f"{PREFIX}/gezin/jansen")
    browser.save_screenshot(str(SHOTS / "appapi-gezin-mama.png"))
    assert all_violations(browser) == []


def test_the_network_map_on_the_pages(web: Web, browser: webdriver.Chrome) -> None:
    """The map as a picture with its words, on the professional's check page and on the
    family page: readable by axe-core, the picture named by its title."""
    mapped(web)
    sign_in(web, browser, "lotte")
    browser.get(f"{web.url}/hulpverlener/jansen/controle")
    picture = browser.find_element(By.CSS_SELECTOR, "figure.map svg")
    assert picture.get_attribute("role") == "img"
    assert picture.accessible_name == "Netwerkkaart van Gezin Jansen"
    assert picture.size["width"] > 300 and picture.size["height"] > 300
    caption = browser.find_element(By.CSS_SELECTOR, "figure.map figcaption").text
    assert "Oma Ria" in caption and "Buurvrouw Ans" not in browser.page_source
    browser.save_screenshot(str(SHOTS / "netwerkkaart-hulpverlener.png"))
    assert all_violations(browser) == []
    circles = browser.find_element(By.CSS_SELECTOR, "figure.circles svg")
    assert circles.get_attribute("role") == "img"
    assert circles.accessible_name == "Veiligheidscirkels van Sanne"
    assert circles.size["width"] > 300 and circles.size["height"] > 300
    words = browser.find_element(By.CSS_SELECTOR, "figure.circles figcaption").text
    assert "weet alles" in words and "Oma Ria" in words
    browser.execute_script("arguments[0].scrollIntoView()", circles)
    browser.save_screenshot(str(SHOTS / "veiligheidscirkels-hulpverlener.png"))

    sign_in(web, browser, "sanne")
    browser.execute_script("arguments[0].scrollIntoView()",
                           browser.find_element(By.CSS_SELECTOR, "figure.map svg"))
    browser.save_screenshot(str(SHOTS / "netwerkkaart-gezin.png"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.map svg")) == 2
    assert all_violations(browser) == []


def all_violations(browser: webdriver.Chrome) -> list[str]:
    """Every WCAG 2.2 A/AA violation axe-core finds, whatever its impact."""
    return axe.violations(browser)


def test_the_member_page_with_tasks_aftercare_and_the_instruction(
        web: Web, browser: webdriver.Chrome) -> None:
    """Oma Ria's page at phone size: her task's "Akkoord" (named by the task), the
    instruction opened, and the page after she agreed; no axe-core violation in any."""
    from datetime import datetime, timedelta

    from zolicht.services import contacts as contact_plans

    start = datetime(2026, 11, 25, 16, 0)
    contact_plans.add(web.world.ctx, "jansen", "thuis", "Contactmoment", start, 60,
                      every_weeks=2, until=start.date() + timedelta(weeks=4),
                      participants=("oma-ria",), location="Thuis")
    contact_plans.set_plan(web.world.ctx, "jansen", closing=start.date() + timedelta(weeks=4))
    sign_in(web, browser, "oma-ria")
    assert browser.current_url.endswith("/netwerk/jansen")
    headings = [int(h.tag_name[1]) for h in browser.find_elements(
        By.CSS_SELECTOR, "main h1, main h2, main h3")]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    button = browser.find_element(By.CSS_SELECTOR, "#taak-woensdag button")
    assert button.accessible_name == "Daan ophalen en samen eten: Akkoord"
    assert "Nazorg: even bijpraten" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(SHOTS / "netwerk-oma-ria-taken.png"))
    assert all_violations(browser) == []

    summary = browser.find_element(By.CSS_SELECTOR, "details summary")
    browser.execute_script("arguments[0].scrollIntoView()", summary)
    summary.click()
    assert browser.find_element(By.CSS_SELECTOR, "details").get_attribute("open") is not None
    browser.save_screenshot(str(SHOTS / "netwerk-oma-ria-uitleg.png"))
    assert all_violations(browser) == []

    browser.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    wait = WebDriverWait(browser, 15)
    # While the page is replaced, Chromium may answer a look at the old button with "Node
    # with given id does not belong to the document" instead of "stale": ask again.
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        expected.staleness_of(button))
    done = wait.until(expected.presence_of_element_located((By.CSS_SELECTOR, "#taak-woensdag")))
    assert "Je hebt dit afgesproken op maandag 23 november 2026." in done.text
    browser.save_screenshot(str(SHOTS / "netwerk-oma-ria-akkoord.png"))
    assert all_violations(browser) == []


def test_the_notice_in_the_card_and_what_oma_ria_can_see(
        web: Web, browser: webdriver.Chrome) -> None:
    """After a yes the notice is in the tapped card, a live region at the address's
    target; the per-person page; no axe-core violation in either."""
    sign_in(web, browser, "petra")
    switch(browser, "school-concentratie", "kevin")
    assert browser.current_url.endswith("/gezin/jansen#school-concentratie")
    notice = browser.find_element(By.CSS_SELECTOR, "section#school-concentratie .notice")
    assert notice.get_attribute("role") == "status"
    assert notice.get_attribute("aria-live") == "polite"
    browser.save_screenshot(str(SHOTS / "gezin-melding-in-kaart.png"))
    assert all_violations(browser) == []
    notice.find_element(By.CSS_SELECTOR, "form button").click()
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        expected.staleness_of(notice))
    assert web.world.family().grant("school-concentratie", "kevin").consents == ()
    assert all_violations(browser) == []
    browser.find_element(By.LINK_TEXT, "Oma Ria").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url.endswith("/persoon/oma-ria"))
    assert "Wat kan Oma Ria zien?" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(SHOTS / "gezin-persoon-oma-ria.png"))
    assert all_violations(browser) == []


def test_axe_core_finds_what_it_should(browser: webdriver.Chrome) -> None:
    """The pinned axe-core runs the WCAG 2.2 rules: an unlabelled field and a too-small
    target (2.5.8, new in 2.2) are found."""
    small = "position:absolute;top:0;width:10px;height:10px;padding:0;border:0"
    browser.get("data:text/html,<html lang=nl><title>t</title><main><input>"
                f"<button style='{small};left:0'>a</button>"
                f"<button style='{small};left:12px'>b</button></main>")
    found = " ".join(all_violations(browser))
    assert "label:" in found and "target-size:" in found, found
