"""The family page, "Wie mag wat zien?": each document opens in Nextcloud for a viewer who
can see it, the notice after a change shows in the card that was tapped, and per person
what they can see."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import httpx

from tests.web.conftest import Web
from zolicht.domain.model import Access
from zolicht.domain.visibility import readers
from zolicht.services import method

PAGE = "/gezin/jansen"


def cards(page: str) -> dict[str, str]:
    """Each card's HTML, by document key."""
    return dict(re.findall(r'<section class="card" id="([^"]+)"[^>]*>(.*?)</section>', page,
                           re.DOTALL))


def test_each_card_title_opens_the_document_in_nextcloud_for_who_sees_it(web: Web) -> None:
    petra = web.signed_in("petra")
    page = petra.get(PAGE).text
    family = web.world.family()
    seen = readers(family, web.site.today())
    petra_key = next(p.key for p in family.people if p.key == "petra")
    nextcloud = web.site.settings.nextcloud
    assert nextcloud is not None
    links = web.site.document_links(family)
    shown = cards(page)
    assert shown
    for key, card in shown.items():
        title = re.search(r'<h2 id="t-[^"]+">(.*?)</h2>', card)
        assert title is not None
        if petra_key in seen[key]:
            opened = re.fullmatch(r'<a href="([^"]+)">([^<]+)</a>', title[1])
            assert opened is not None, title[1]
            assert html.unescape(opened[1]) == links[key]
            assert opened[1].startswith(nextcloud.url.rstrip("/") + "/index.php/f/")
        else:
            assert "<a " not in title[1]
    api = petra.get("/api/v1/families/jansen/sharing").json()
    assert {c["document"]: c["link"] for c in api["cards"]} == {
        key: links[key] if petra_key in seen[key] else "" for key in shown}


def test_the_notice_is_in_the_card_that_was_tapped_and_announced(web: Web) -> None:
    petra = web.signed_in("petra")
    answer = petra.post(f"{PAGE}/toestemming", data={
        "document": "school-concentratie", "member": "kevin", "aan": "1",
        "csrf": web.csrf(petra)})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{PAGE}#school-concentratie"
    page = petra.get(PAGE).text
    notice = re.compile(r'<div class="notice[^"]*" id="melding" role="status" '
                        r'aria-live="polite" tabindex="-1">')
    assert len(notice.findall(page)) == 1
    shown = cards(page)
    assert notice.search(shown["school-concentratie"])
    assert "zodra Sanne ook ja zegt" in shown["school-concentratie"]
    assert not any(notice.search(card) for key, card in shown.items()
                   if key != "school-concentratie")
    assert not notice.search(page.split('<section class="card"', 1)[0])
    assert 'tabindex="-1"' in page.split('<section class="card" id="school-concentratie"')[1] \
        .split(">", 1)[0]


def test_what_can_oma_ria_see(web: Web) -> None:
    petra = web.signed_in("petra")
    family_page = petra.get(PAGE).text
    assert f'<a href="{PAGE}/persoon/oma-ria">Oma Ria</a>' in family_page
    page = petra.get(f"{PAGE}/persoon/oma-ria")
    assert page.status_code == 200
    assert "<h1>Wat kan Oma Ria zien?</h1>" in page.text
    shown = cards(family_page)
    rows = dict(re.findall(r'<li id="stuk-([^"]+)">(.*?)</li>', page.text, re.DOTALL))
    assert set(rows) == set(shown)  # every card the viewer has, one line each
    for key, row in rows.items():
        state = re.search(r'<span class="status[^"]*">([^<]+)</span>', row)
        card_state = re.search(r'persoon/oma-ria">Oma Ria</a><span class="status[^"]*">'
                               r"([^<]+)</span>", shown[key])
        assert state is not None and card_state is not None
        assert state[1] == card_state[1], key
        assert f'href="{PAGE}#{key}"' in row
    assert "kan dit zien" in page.text


def test_no_page_for_the_never_involved_the_unknown_or_a_stranger(web: Web) -> None:
    petra = web.signed_in("petra")
    assert petra.get(f"{PAGE}/persoon/joost").status_code == 200
    method.never_add(web.world.ctx, "jansen", "Meester Joost")
    for key in ("joost", "niemand", "lotte", "sanne"):
        answer = petra.get(f"{PAGE}/persoon/{key}")
        assert answer.status_code == 404, key
        assert "Deze persoon staat niet op jullie pagina." in answer.text
        assert "Meester Joost" not in answer.text
    # someone who may not open the family page gets the one 403
    assert web.signed_in("oma-ria").get(f"{PAGE}/persoon/oma-ria").status_code == 403
    assert web.signed_in("petra", "de-boer").get(f"{PAGE}/persoon/oma-ria").status_code == 403


def say(web: Web, client: httpx.Client, document: str, member: str, on: bool = True,
        **terms: str) -> httpx.Response:
    return client.post(f"{PAGE}/toestemming", data={
        "document": document, "member": member, "aan": "1" if on else "0",
        "csrf": web.csrf(client), **terms})


def test_a_yes_for_reading_and_changing_until_a_day(web: Web) -> None:
    petra = web.signed_in("petra")
    page = petra.get(PAGE).text
    form = cards(page)["school-concentratie"]
    assert 'id="a-school-concentratie-kevin" name="aanpassen"' in form
    assert '<input type="date" id="d-school-concentratie-kevin" name="tot"' in form
    until = web.site.today() + timedelta(days=30)
    assert say(web, petra, "school-concentratie", "kevin", aanpassen="1",
               tot=until.isoformat()).status_code == 303
    grant = web.world.family().grant("school-concentratie", "kevin")
    assert grant is not None and grant.access is Access.EDIT and grant.expires_on == until
    # Sanne's form offers the same terms, so her yes keeps Petra's
    sanne = web.signed_in("sanne")
    card = cards(sanne.get(PAGE).text)["school-concentratie"]
    row = card.split('name="member" value="kevin"', 1)[1].split("</form>", 1)[0]
    assert '<option value="1" selected>' in row and f'value="{until.isoformat()}"' in row
    assert say(web, sanne, "school-concentratie", "kevin", aanpassen="1",
               tot=until.isoformat()).status_code == 303
    grant = web.world.family().grant("school-concentratie", "kevin")
    assert grant is not None and {c.person for c in grant.consents} == {"petra", "sanne"}


def test_a_wrong_or_past_end_day_changes_nothing_and_says_so(web: Web) -> None:
    petra = web.signed_in("petra")
    before = web.world.family().grant("school-concentratie", "kevin")
    past = (web.site.today() - timedelta(days=1)).isoformat()
    for day in ("31-02-2027", "morgen", past):
        answer = say(web, petra, "school-concentratie", "kevin", tot=day)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"{PAGE}#school-concentratie"
        card = cards(petra.get(PAGE).text)["school-concentratie"]
        assert "Die einddatum klopt niet" in card and 'notice problem' in card
        assert web.world.family().grant("school-concentratie", "kevin") == before


def undo_token(page: str) -> str:
    found = re.search(r'action="/gezin/jansen/ongedaan">.*?name="token" value="([^"]+)"', page)
    assert found is not None, page
    return found[1]


def undo(web: Web, client: httpx.Client, token: str) -> httpx.Response:
    return client.post(f"{PAGE}/ongedaan", data={"token": token, "csrf": web.csrf(client)})


def consents(web: Web, document: str, member: str) -> set[str]:
    grant = web.world.family().grant(document, member)
    return set() if grant is None else {c.person for c in grant.consents}


def test_undo_reverses_a_yes_and_a_stop_once_within_ten_seconds(web: Web) -> None:
    petra = web.signed_in("petra")
    say(web, petra, "school-concentratie", "kevin")
    assert consents(web, "school-concentratie", "kevin") == {"petra"}
    token = undo_token(cards(petra.get(PAGE).text)["school-concentratie"])
    web.later(9)
    answer = undo(web, petra, token)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{PAGE}#school-concentratie"
    assert consents(web, "school-concentratie", "kevin") == set()
    # used once: a second time changes nothing and says so
    say(web, petra, "school-concentratie", "kevin")
    petra.get(PAGE)
    assert undo(web, petra, token).status_code == 303
    assert consents(web, "school-concentratie", "kevin") == {"petra"}
    assert "Ongedaan maken kan nu niet meer" in petra.get(PAGE).text
    # a stop is undone by a yes of the same person
    before = consents(web, "energie", "oma-ria")
    assert "petra" in before
    say(web, petra, "energie", "oma-ria", on=False)
    assert "petra" not in consents(web, "energie", "oma-ria")
    undo(web, petra, undo_token(petra.get(PAGE).text))
    assert consents(web, "energie", "oma-ria") == before


def test_undo_after_ten_seconds_or_by_someone_else_changes_nothing(web: Web) -> None:
    petra, sanne = web.signed_in("petra"), web.signed_in("sanne")
    say(web, petra, "school-concentratie", "kevin")
    token = undo_token(petra.get(PAGE).text)
    # Sanne cannot use Petra's token (and it stays Petra's)
    undo(web, sanne, token)
    assert "Ongedaan maken kan nu niet meer" in sanne.get(PAGE).text
    assert consents(web, "school-concentratie", "kevin") == {"petra"}
    web.later(11)
    undo(web, petra, token)
    assert "Ongedaan maken kan nu niet meer" in petra.get(PAGE).text
    assert consents(web, "school-concentratie", "kevin") == {"petra"}


def test_the_states_are_honest_on_the_card_and_on_the_person_page(web: Web) -> None:
    """A neighbour without account or e-mail is never said to see it, on either page; a
    member who reads it says "kan dit zien" (waiting for Nextcloud: tests/web/test_outcomes)."""
    petra = web.signed_in("petra")
    web.world.read(web.uid("oma-ria"), "nothing-here.md")  # she signed in before
    say(web, petra, "energie", "ans")
    card = cards(petra.get(PAGE).text)["energie"]
    ans = card.split(f'{PAGE}/persoon/ans">Buurvrouw Ans</a>', 1)[1][:120]
    assert '<span class="status">mag dit zien, maar heeft nog geen account</span>' in ans
    person = petra.get(f"{PAGE}/persoon/ans").text
    line = re.search(r'<li id="stuk-energie">(.*?)</li>', person, re.DOTALL)
    assert line is not None and "mag dit zien, maar heeft nog geen account" in line[1]
    assert "kan dit zien" not in line[1]
    ria = re.search(r'<li id="stuk-energie">(.*?)</li>',
                    petra.get(f"{PAGE}/persoon/oma-ria").text, re.DOTALL)
    assert ria is not None and '<span class="status sees">kan dit zien' in ria[1]


def test_an_invited_member_who_never_signed_in_is_said_to_be_invited(web: Web) -> None:
    """Whether a member has an account and ever signed in, as Nextcloud says: invited
    until their first sign-in (any, also with an app password through WebDAV)."""
    petra = web.signed_in("petra")
    web.world.read(web.uid("kevin"), "nothing-here.md")  # Kevin signs in once
    page = petra.get(f"{PAGE}/persoon/oma-ria").text
    assert "Oma Ria is uitgenodigd, maar heeft nog niet ingelogd." in page
    ria = re.search(r'<li id="stuk-energie">(.*?)</li>', page, re.DOTALL)
    assert ria is not None and \
        "uitgenodigd: kan dit zien zodra Oma Ria de eerste keer inlogt" in ria[1]
    kevin = petra.get(f"{PAGE}/persoon/kevin").text
    assert "Kevin heeft een account en heeft al eens ingelogd." in kevin
    ans = petra.get(f"{PAGE}/persoon/ans").text
    assert "Buurvrouw Ans heeft nog geen account." in ans
