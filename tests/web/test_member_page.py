"""The network member page, "Wat is met jou gedeeld?": only what was given to this person,
the tasks they do with an "Akkoord" each, the moments they take part in (aftercare too),
whom to call, and the short instruction for network members."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import httpx

from tests.conftest import NOW
from tests.web.conftest import OTHER, Web, form_fields
from zolicht.services import contacts as contact_plans
from zolicht.services import method
from zolicht.web import views

PAGE = "/netwerk/jansen"
ENGLISH = re.compile(r"\b(the|and|you|your|open|read|edit|task|agree|share[sd]?|call|"
                     r"aftercare|meeting|none|nothing|document|files?)\b", re.IGNORECASE)


def text_of(page: str) -> str:
    """What a person reads: the page's main text without tags, scripts and styles."""
    main = page.split('<main id="inhoud">', 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def agree(web: Web, client: httpx.Client, task: str) -> httpx.Response:
    return client.post(f"{PAGE}/akkoord", data={"task": task, "csrf": web.csrf(client)})


def test_oma_ria_sees_her_documents_and_tasks_and_nothing_of_kevins(web: Web) -> None:
    ria = web.signed_in("oma-ria")
    page = ria.get(PAGE)
    assert page.status_code == 200
    text = text_of(page.text)
    family = web.world.family()
    given = {"Uitleg over school en concentratie", "Uitleg over drukte en prikkels",
             "Als mama minder energie heeft"}
    for document in family.documents:
        assert (document.title in text) == (document.title in given), document.title
    # each given document opens in Nextcloud; the one she may change says so
    links = re.findall(r'<a class="button" href="([^"]+)"><span class="sr">([^<]+): </span>'
                       r"([^<]+)</a>", page.text)
    assert {html.unescape(title) for _, title, _ in links} == given
    nextcloud = web.site.settings.nextcloud
    assert nextcloud is not None
    assert all(href.startswith(nextcloud.url.rstrip("/") + "/index.php/") for href, _, _ in links)
    opens = {html.unescape(title): how for _, title, how in links}
    assert opens["Als mama minder energie heeft"] == "Lezen en aanpassen"
    assert opens["Uitleg over school en concentratie"] == "Lezen"
    # her task, not Kevin's nor the professional's
    assert "Daan ophalen en samen eten" in text and "elke woensdag" in text
    assert "Bijpraten met Sanne" not in text and "Gezinsgesprek" not in text
    assert "Kevin" not in text and "Buurvrouw" not in text and "Joost" not in text
    # whom to call, and the instruction
    assert "Bel Lotte Visser: 020-1234567" in text and "112" in text
    assert "Voor jou, als iemand uit het netwerk" in text
    assert "De jongere mag stop zeggen" in text
    assert "Voor wie" not in text  # the sheet's audience line is not shown


def test_the_page_shows_no_english_words(web: Web) -> None:
    method.set_backup(web.world.ctx, "jansen", "petra")
    text = text_of(web.signed_in("oma-ria").get(PAGE).text)
    assert ENGLISH.findall(text) == []
    assert "Is de hulpverlener er niet? Bel de achterwacht, Petra Jansen: 06-12345678." in text


def test_akkoord_records_the_day_once(web: Web) -> None:
    ria = web.signed_in("oma-ria")
    done = agree(web, ria, "woensdag")
    assert done.status_code == 303
    text = text_of(ria.get(PAGE).text)
    assert "Je hebt dit afgesproken op maandag 23 november 2026." in text
    assert 'name="task" value="woensdag"' not in ria.get(PAGE).text
    task = next(t for t in web.world.family().method.tasks if t.key == "woensdag")
    assert task.agreed_on == NOW.date()
    with web.world.ctx.store.reading() as tx:
        events = [e for e in tx.audit.events("jansen") if e.event.action == "method.task_agreed"]
    assert len(events) == 1 and events[0].event.member == "oma-ria"

    web.later(timedelta(days=2).total_seconds())
    again = agree(web, ria, "woensdag")
    assert again.status_code == 303
    after = next(t for t in web.world.family().method.tasks if t.key == "woensdag")
    assert after == task
    with web.world.ctx.store.reading() as tx:
        assert len([e for e in tx.audit.events("jansen")
                    if e.event.action == "method.task_agreed"]) == 1


def test_a_forged_akkoord_for_someone_elses_task_is_refused(web: Web) -> None:
    ria = web.signed_in("oma-ria")
    before = web.world.family().method
    for task in ("wekelijks-praten", "gezinsgesprek", "bestaat-niet"):
        assert agree(web, ria, task).status_code == 403, task
    # and without the right token, not even her own
    forged = ria.post(f"{PAGE}/akkoord", data={"task": "woensdag", "csrf": "forged"})
    assert forged.status_code == 403
    kevin = web.signed_in("kevin")
    assert agree(web, kevin, "woensdag").status_code == 403
    assert web.world.family().method == before


def test_the_button_names_the_task(web: Web) -> None:
    page = web.signed_in("oma-ria").get(PAGE).text
    form = page.split('action="/netwerk/jansen/akkoord"', 1)[1].split("</form>", 1)[0]
    assert form_fields(form)["task"] == "woensdag"
    assert re.search(r'<button type="submit"><span class="sr">Daan ophalen en samen eten: '
                     r"</span>Akkoord</button>", form)


def test_the_moments_she_takes_part_in_with_aftercare_in_dutch(web: Web) -> None:
    ctx = web.world.ctx
    start = datetime(2026, 11, 25, 16, 0)
    contact_plans.add(ctx, "jansen", "woensdag-thuis", "Contactmoment", start, 60,
                      every_weeks=2, until=start.date() + timedelta(weeks=6),
                      participants=("petra", "oma-ria"), location="Thuis")
    contact_plans.add(ctx, "jansen", "met-kevin", "Gesprek op school",
                      datetime(2026, 11, 26, 10, 0), 45, participants=("kevin",))
    contact_plans.set_plan(ctx, "jansen", closing=start.date() + timedelta(weeks=6))
    text = text_of(web.signed_in("oma-ria").get(PAGE).text)
    assert "woensdag 25 november 2026, 16:00 Contactmoment (Thuis)" in text
    assert "Gesprek op school" not in text
    assert "Nazorg: even bijpraten" in text  # after closing, she is part of the taper
    assert "-2026" not in text  # no numeric dates
    kevin = text_of(web.signed_in("kevin").get(PAGE).text)
    assert "donderdag 26 november 2026, 10:00 Gesprek op school" in kevin
    assert "25 november" not in kevin  # not in the series
    family = web.world.family()  # Meester Joost takes part in no moment: no aftercare either
    joost = family.person("joost")
    assert joost is not None
    assert views.member_page(family, joost, contact_plans.load(ctx, "jansen"),
                             NOW.date()).meetings == ()


def test_a_never_involved_member_gets_the_strangers_answer(web: Web) -> None:
    kevin = web.signed_in("kevin")
    assert kevin.get(PAGE).status_code == 200
    method.never_add(web.world.ctx, "jansen", "Kevin", person="kevin")
    refused, stranger = kevin.get(PAGE), web.signed_in("petra", OTHER).get(PAGE)
    assert refused.status_code == stranger.status_code == 403
    assert refused.text == stranger.text
    assert agree(web, kevin, "wekelijks-praten").status_code == 403


def test_the_api_gives_the_same_as_the_page(web: Web) -> None:
    ria = web.signed_in("oma-ria")
    agree(web, ria, "woensdag")
    shown = ria.get("/api/v1/families/jansen/shared-with-me").json()
    assert [t["key"] for t in shown["tasks"]] == ["woensdag"]
    assert shown["tasks"][0]["agreed"] == "maandag 23 november 2026"
    assert {d["title"]: d["edit"] for d in shown["documents"]} == {
        "Als mama minder energie heeft": True, "Uitleg over drukte en prikkels": False,
        "Uitleg over school en concentratie": False}
    assert all(d["link"] for d in shown["documents"])
