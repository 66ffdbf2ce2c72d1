"""A professional's whole first week through the pages only, in headless Chromium at phone
size: Bram, new in the professionals' group, makes a family (a second "Gezin Jansen": the
same name as another family is a normal day), adds its people and a document, reads the
wishes of step 5 from Nextcloud Forms and accepts one with the yeses given, plans a series
of contact moments and moves one, and makes and finalises a signaleringsplan. Then Petra,
Sanne and Oma Ria each sign in and see what is theirs, and nothing else; what they see is
also read back from Nextcloud as each of them.

Every page state is screenshotted (``artifacts/screenshots/week-*.png``) and checked with
axe-core (WCAG 2.2 A and AA, ``tests/web/axe.py``)."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import caldav
import pytest
from icalendar import Calendar

from tests.documents.conftest import fill
from tests.e2e.test_forms import data
from tests.web.conftest import Web
from tests.web.test_browser import SHOTS, all_violations, browser, sign_in  # noqa: F401
from tests.web.test_browser import pytestmark as pytestmark
from tests.web.test_family_pages import group, newcomer  # noqa: F401
from tests.web.test_people_pages import ENGLISH
from zolicht.clock import AMSTERDAM
from zolicht.documents.fields import long_date
from zolicht.domain import names
from zolicht.domain.model import Family
from zolicht.domain.proposals import ProposalKind
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.services import contacts
from zolicht.services import forms as answers
from zolicht.store.forms import FormRecords

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as expected  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"
UITLEG = "Wat helpt bij concentratie op school?\n\nKorte pauzes, een vaste plek, samen plannen.\n"


@pytest.fixture
def step_5(web: Web, tmp_path: Path) -> None:
    """The forms of steps 1 and 5 (what may whom know), for the family of this test."""
    folder = tmp_path / "forms-week"
    folder.mkdir()
    for name in ("stap-1-helpen.yaml", "stap-5-vertellen.yaml"):
        shutil.copy(DEFAULT_DIR / name, folder / name)
    web.world.forms_dir = folder
    web.site.settings.forms_dir = folder


class Pages:
    """Bram's hands: open a page, fill in a form, press its button, read the notice."""

    def __init__(self, web: Web, driver: webdriver.Chrome) -> None:
        self.web, self.browser = web, driver
        self.wait = WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,))

    def open(self, path: str) -> None:
        self.browser.get(f"{self.web.url}{path}")
        self.wait.until(lambda b: b.execute_script("return document.readyState") == "complete")

    def fill(self, values: dict[str, str]) -> None:
        """Type into fields by id; a select by its option's text; dates and times set as
        the browser's own picker would."""
        for field, value in values.items():
            element = self.browser.find_element(By.ID, field)
            if element.tag_name == "select":
                Select(element).select_by_visible_text(value)
            elif element.get_attribute("type") in ("date", "datetime-local", "file"):
                if element.get_attribute("type") == "file":
                    element.send_keys(value)
                else:
                    self.browser.execute_script("arguments[0].value = arguments[1]",
                                                element, value)
            elif element.get_attribute("type") == "checkbox":
                if element.is_selected() != (value == "ja"):
                    self.click(element)
            else:
                element.clear()
                element.send_keys(value)

    def click(self, element: webdriver.remote.webelement.WebElement) -> None:
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def submit(self, form: str, values: dict[str, str] | None = None) -> str:
        """Fill in and send form ``form`` (its id); the text of the page that follows."""
        self.fill(values or {})
        button = self.browser.find_element(By.CSS_SELECTOR, f"form#{form} button[type=submit]")
        self.click(button)
        self.wait.until(expected.staleness_of(button))
        self.wait.until(lambda b: b.execute_script("return document.readyState") == "complete")
        return str(self.browser.find_element(By.TAG_NAME, "main").text)

    def shot(self, name: str) -> None:
        """A screenshot at phone size; no axe-core violation and no English word."""
        self.browser.save_screenshot(str(SHOTS / f"week-{name}.png"))
        assert all_violations(self.browser) == [], name
        text = self.browser.find_element(By.TAG_NAME, "body").text
        assert ENGLISH.findall(text) == [], (name, ENGLISH.findall(text))


def control_tags(path: Path) -> list[str]:
    """The tags of the content controls a Word document asks to complete."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    return re.findall(r'<w:tag w:val="([^"]+)"', xml)


def final_status(path: Path) -> str:
    """The status a finalised Word document carries in its bookmark text."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode()


def family(web: Web, slug: str) -> Family:
    return web.world.family(slug)


def fill_in_step_5(web: Web, slug: str, person: str, document: str, member: str) -> None:
    """``person`` fills in their own copy of step 5 in Nextcloud Forms (as the Forms page
    does): ``member`` may read ``document``, all of it."""
    uid = family(web, slug).person(person).uid  # type: ignore[union-attr]
    auth = web.world.auth(uid)
    assert auth is not None
    with web.world.ctx.store.reading() as tx:
        form_id = FormRecords(tx.families.conn, slug).forms()[f"stap-5__{person}"].id
    headers = {"OCS-APIRequest": "true", "Accept": "application/json"}
    form = data(web.world.http.get(f"{FORMS}/{form_id}", auth=auth, headers=headers))
    question = next(q for q in form["questions"]
                    if q["name"] == f"weten__{document}__{member}")
    option = next(o for o in question["options"] if o["text"].startswith("Alles"))
    sent = web.world.http.post(f"{FORMS}/{form_id}/submissions", auth=auth, headers=headers,
                               json={"answers": {str(question["id"]): [str(option["id"])]}})
    assert sent.status_code in (200, 201), sent.text


def series_events(web: Web, uid: str, slug: str, key: str) -> list[Any]:
    """The VEVENTs of series ``key`` in family ``slug``'s shared calendar, read over CalDAV
    as account ``uid``."""
    auth = web.world.auth(uid)
    assert auth is not None
    space = family(web, slug).space
    sharer = web.site.settings.nextcloud.user  # type: ignore[union-attr]
    with caldav.DAVClient(f"{web.world.cloud.url}/remote.php/dav", username=auth[0],
                          password=auth[1]) as dav:
        found = {c.url.path.rstrip("/").rsplit("/", 1)[-1]: c
                 for c in dav.principal().calendars()}
        calendar = found[f"{names.calendar_uri(space)}_shared_by_{sharer}"]
        event = calendar.event_by_uid(f"{space}-{key}@zolicht")
        return list(Calendar.from_ical(event.data).walk("VEVENT"))


def test_a_professionals_first_week_through_the_pages_only(
        web: Web, browser: webdriver.Chrome, group: str, step_5: None,  # noqa: F811
        tmp_path: Path) -> None:
    bram = newcomer(web, group)
    today = web.site.today()
    pages = Pages(web, browser)

    # Monday: Bram signs in for the first time and makes the family
    sign_in(web, browser, "", bram)
    assert browser.current_url.endswith("/hulpverlener")
    pages.shot("1-bureau-leeg")
    pages.submit("new-family", {"new-family-name": "Gezin Jansen"})
    slug = browser.current_url.rsplit("/hulpverlener/", 1)[1].split("/")[0]
    assert slug != "jansen" and browser.current_url.endswith(f"/hulpverlener/{slug}/mensen")
    pages.shot("2-mensen-leeg")

    # ... and adds the people
    for person in (
            {"new-name": "Petra Jansen", "new-role": "moeder", "new-circle": "gezin",
             "new-email": "petra.week@example.nl", "new-born": "1986-03-02",
             "new-authority": "ja"},
            {"new-name": "Sanne", "new-role": "dochter", "new-circle": "gezin",
             "new-email": "sanne.week@example.nl",
             "new-born": (today - timedelta(days=14 * 365 + 100)).isoformat()},
            {"new-name": "Oma Ria", "new-role": "oma", "new-circle": "netwerk",
             "new-email": "ria.week@example.nl"},
            {"new-name": "Buurman Henk", "new-role": "buurman", "new-circle": "netwerk"}):
        shown = pages.submit("add-person", person)
        assert f"{person['new-name']} is toegevoegd." in shown, shown
    pages.shot("3-mensen")
    people = {p.name: p for p in family(web, slug).people}
    assert {"Petra Jansen", "Sanne", "Oma Ria", "Buurman Henk"} <= set(people)
    petra, sanne, ria = (people[n] for n in ("Petra Jansen", "Sanne", "Oma Ria"))
    for person in (petra, sanne):  # each chose a password through Nextcloud's mail
        assert web.world.password(person.uid) is not None, person.name
    assert web.world.password(ria.uid) is None  # no account until something is hers

    # Tuesday: a document about Sanne, which nobody in the network sees yet
    uitleg = tmp_path / "uitleg-concentratie.md"
    uitleg.write_text(UITLEG, encoding="utf-8")
    pages.open(f"/hulpverlener/{slug}/documenten")
    shown = pages.submit("upload", {"upload-file": str(uitleg),
                                    "upload-title": "Uitleg over concentratie",
                                    "upload-about": "Sanne"})
    assert "Uitleg over concentratie" in shown, shown
    pages.shot("4-stukken")
    (document,) = family(web, slug).documents
    assert web.world.read(petra.uid, document.file_name) == 200  # she decides about it
    assert web.world.password(ria.uid) is None  # nothing of Oma Ria's yet

    # ... Petra and Sanne each say in step 5 that Oma Ria may read it; Bram reads the
    # answers in and accepts the wish with the yeses they gave
    for person in (petra, sanne):
        fill_in_step_5(web, slug, person.key, document.key, ria.key)
    pages.open(f"/hulpverlener/{slug}/antwoorden")
    shown = pages.submit("pull-answers")
    assert "2 nieuwe antwoorden gelezen" in shown, shown
    pages.shot("5-antwoorden")
    wishes = [p for p in answers.proposals(web.world.ctx, slug)
              if p.kind is ProposalKind.GRANT]
    assert len(wishes) == 2
    pages.open(f"/hulpverlener/{slug}/voorstellen")
    pages.shot("6-voorstellen")
    first, second = wishes
    shown = pages.submit(f"accept-{first.id}", {f"c-{first.id}-{petra.key}": "ja",
                                                f"c-{first.id}-{sanne.key}": "ja"})
    assert "Oma Ria kan 'Uitleg over concentratie' nu zien" in shown, shown
    shown = pages.submit(f"reject-{second.id}")  # the same wish, from Sanne's form
    assert "Voorstel afgewezen" in shown, shown
    assert web.world.password(ria.uid) is not None  # her account came with her first share
    assert web.world.read(ria.uid, document.file_name) == 200

    # Wednesday: contact moments every two weeks with Petra, Sanne and Oma Ria; one moved
    pages.open(f"/hulpverlener/{slug}/contactplan")
    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)  # next Tuesday
    shown = pages.submit("series", {
        "series-title": "Gezinsgesprek", "series-start": f"{first.isoformat()}T16:00",
        "series-every": "2", "series-until": (first + timedelta(weeks=8)).isoformat(),
        "series-location": "Thuis", f"series-with-{petra.key}": "ja",
        f"series-with-{sanne.key}": "ja", f"series-with-{ria.key}": "ja"})
    assert "Gezinsgesprek" in shown, shown
    (series,) = contacts.load(web.world.ctx, slug).series
    second = first + timedelta(weeks=2)
    Select(browser.find_element(By.ID, f"move-{series.key}-day")).select_by_value(
        second.isoformat())
    shown = pages.submit(f"move-{series.key}", {
        f"move-{series.key}-start": f"{(second + timedelta(days=2)).isoformat()}T10:00"})
    assert "Verzet: Gezinsgesprek" in shown, shown
    pages.shot("7-contactplan")
    events = series_events(web, petra.uid, slug, series.key)
    (override,) = [e for e in events if "recurrence-id" in e]
    assert override.decoded("recurrence-id").astimezone(AMSTERDAM).date() == second
    assert override.decoded("dtstart").astimezone(AMSTERDAM) == datetime.combine(
        second + timedelta(days=2), time(10, 0), tzinfo=AMSTERDAM)

    # Thursday: the signaleringsplan, made from the record, completed as in Word, kept in
    # the family folder as final, and read back
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {
        "behavior": "allow", "downloadPath": str(tmp_path)})
    pages.open(f"/hulpverlener/{slug}/documenten")
    pages.click(browser.find_element(
        By.CSS_SELECTOR, "form#word-signaleringsplan button[type=submit]"))
    made = tmp_path / f"signaleringsplan-{slug}.docx"
    pages.wait.until(lambda _: made.exists() and made.stat().st_size > 0)
    fields = control_tags(made)
    assert fields, "a plan for Bram to complete"
    completed = made.rename(tmp_path / "ingevuld.docx")  # as Bram saved it from Word
    fill(completed, dict.fromkeys(fields, "Bel Bram de Wit"))
    pages.fill({"finalize-file": str(completed), "finalize-version": "1"})
    pages.click(browser.find_element(By.CSS_SELECTOR, "form#finalize button[type=submit]"))
    pages.wait.until(lambda _: len(list(tmp_path.glob("*.docx"))) == 2)  # it comes back
    (final,) = set(tmp_path.glob("*.docx")) - {completed}
    assert "definitief" in final_status(final)
    shown = pages.submit("store-signaleringsplan", {"store-version-signaleringsplan": "1",
                                                    "store-final-signaleringsplan": "ja"})
    assert "definitief" in shown, shown
    shown = pages.submit("readback", {"readback-file": str(completed)})
    assert "Uit het document: 1 nieuw voorstel." in shown, shown
    pages.shot("8-word")
    stored = [name for name in web.world.listing(petra.uid) if name.endswith(".docx")]
    assert stored, web.world.listing(petra.uid)

    # Friday: the family and the network look, each as themselves
    sign_in(web, browser, "", petra.uid)
    assert browser.current_url.endswith(f"/gezin/{slug}")
    card = browser.find_element(By.ID, document.key).text
    assert "Uitleg over concentratie" in card and "Oma Ria" in card
    assert "kan dit zien" in card and "Buurman Henk" in card
    assert "Gezin Jansen" in browser.find_element(By.TAG_NAME, "main").text
    pages.shot("9-petra")
    sign_in(web, browser, "", sanne.uid)
    assert browser.current_url.endswith(f"/gezin/{slug}")
    assert "kan dit zien" in browser.find_element(By.ID, document.key).text
    pages.shot("10-sanne")
    sign_in(web, browser, "", ria.uid)
    assert browser.current_url.endswith(f"/netwerk/{slug}")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Uitleg over concentratie" in main and "Gezinsgesprek" in main
    moved = datetime.combine(second + timedelta(days=2), time(10, 0))
    assert long_date(moved.date()) in main, main
    opens = browser.find_element(By.CSS_SELECTOR, f"#stuk-{document.key} a")
    assert "/index.php/f/" in (opens.get_attribute("href") or "")
    pages.shot("11-oma-ria")
    assert web.world.listing(ria.uid) == {document.file_name}  # and nothing else
