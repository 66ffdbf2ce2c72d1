"""The professional's people and proposals pages and their JSON API: add, change, remove,
never involve and allow again; accept and reject proposals from the forms. Bad input
changes nothing and says why in Dutch, next to the form."""

from __future__ import annotations

import re

import httpx

from tests.e2e.test_notify import texts
from tests.web.conftest import Web
from zolicht import messages as M
from zolicht.domain.proposals import Draft, ProposalKind

PEOPLE = "/hulpverlener/jansen/mensen"
PROPOSALS = "/hulpverlener/jansen/voorstellen"
ENGLISH = re.compile(r"\b(the|and|add|remove|delete|accept|reject|save|error|yes|no|"
                     r"family|network|professional|submit|button|delete)\b", re.IGNORECASE)


def visible_words(page: str) -> str:
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return re.sub(r"<[^>]*>", " ", body)


def post(web: Web, client: httpx.Client, path: str, **form: object) -> httpx.Response:
    return client.post(path, data={**form, "csrf": web.csrf(client)})


def propose(web: Web, kind: ProposalKind, payload: dict[str, object], by: str = "petra") -> int:
    ctx = web.world.ctx
    with ctx.store.transaction() as tx:
        return tx.forms("jansen").propose_from_document("stap-3", by, Draft(kind, payload),
                                                        ctx.now())


def test_the_pages_are_linked_and_in_dutch(web: Web) -> None:
    lotte = web.signed_in("lotte")
    for start in ("/hulpverlener", "/hulpverlener/jansen/controle"):
        page = lotte.get(start).text
        assert f'href="{PEOPLE}"' in page and f'href="{PROPOSALS}"' in page
    propose(web, ProposalKind.NEVER, {"name": "Oom Kees", "reason": "dronken op feestjes"})
    for path in (PEOPLE, PROPOSALS, f"{PEOPLE}?verwijderen=ans"):
        page = lotte.get(path)
        assert page.status_code == 200
        assert ENGLISH.findall(visible_words(page.text)) == [], path
    people = lotte.get(PEOPLE).text
    assert "Oma Ria" in people and "nog geen account" in people and "heeft een account" in people
    assert "uitgenodigd, nog niet ingelogd" in people  # Oma Ria, as Nextcloud says
    proposals = lotte.get(PROPOSALS).text
    assert "nooit betrekken: Oom Kees (reden, alleen voor jou: dronken op feestjes)" in proposals


def test_add_change_and_remove_a_person(web: Web) -> None:
    lotte = web.signed_in("lotte")
    added = post(web, lotte, f"{PEOPLE}/toevoegen", name="Tante Els", role="tante",
                 circle="netwerk", email="els@example.nl", phone="06-11112222")
    assert added.status_code == 303
    els = web.world.family().person("tante-els")
    assert els is not None and els.circle.value == "network" and els.email == "els@example.nl"
    page = lotte.get(PEOPLE).text
    assert "Tante Els is toegevoegd." in page
    changed = post(web, lotte, f"{PEOPLE}/tante-els/aanpassen", role="buurvrouw", email="",
                   phone="06-33334444")
    assert changed.status_code == 303
    els = web.world.family().person("tante-els")
    assert els is not None and (els.role, els.email, els.phone) == (
        "buurvrouw", None, "06-33334444")
    confirm = lotte.get(f"{PEOPLE}?verwijderen=tante-els").text
    assert "Weet je het zeker? Tante Els verdwijnt" in confirm
    assert web.world.family().person("tante-els") is not None  # asking removes nothing
    removed = post(web, lotte, f"{PEOPLE}/tante-els/verwijderen")
    assert removed.status_code == 303
    assert web.world.family().person("tante-els") is None
    assert "Tante Els is verwijderd." in lotte.get(PEOPLE).text


def test_bad_input_changes_nothing_and_says_why_next_to_the_form(web: Web) -> None:
    lotte = web.signed_in("lotte")
    before = web.world.family().people
    bad = post(web, lotte, f"{PEOPLE}/toevoegen", name="Tante Els", role="tante",
               circle="netwerk", email="geen-adres")
    assert bad.status_code == 400
    assert re.search(r'id="toevoegen".*role="alert">Niets veranderd\. e-mailadres: ', bad.text,
                     re.DOTALL)
    assert 'value="Tante Els"' in bad.text  # what was typed stays
    minor = post(web, lotte, f"{PEOPLE}/sanne/aanpassen", role="dochter", authority="1")
    assert minor.status_code == 400 and "gezag: iemand onder de 18" in minor.text
    subject = post(web, lotte, f"{PEOPLE}/sanne/verwijderen")
    assert subject.status_code == 409
    assert post(web, lotte, f"{PEOPLE}/niemand/verwijderen").status_code == 404
    assert web.world.family().people == before


def test_never_involve_with_a_private_reason_and_allow_again(web: Web) -> None:
    lotte = web.signed_in("lotte")
    done = post(web, lotte, f"{PEOPLE}/ans/nooit", reason="roddelt")
    assert done.status_code == 303
    family = web.world.family()
    assert family.never_involved("ans")
    page = lotte.get(PEOPLE).text
    assert "Buurvrouw Ans staat nu op de lijst" in page
    assert "reden, alleen voor jou: roddelt" in page
    assert post(web, lotte, f"{PEOPLE}/ans/nooit").status_code == 409
    assert post(web, lotte, f"{PEOPLE}/petra/nooit").status_code == 400  # authority
    allowed = post(web, lotte, f"{PEOPLE}/toestaan", name="Buurvrouw Ans")
    assert allowed.status_code == 303
    assert not web.world.family().never_involved("ans")
    assert "staat niet meer op de lijst" in lotte.get(PEOPLE).text


def test_accept_a_member_accept_a_wish_with_consents_and_reject(web: Web) -> None:
    lotte = web.signed_in("lotte")
    member = propose(web, ProposalKind.MEMBER, {"name": "Tante Els", "relation": "tante"})
    wish = propose(web, ProposalKind.GRANT, {"document": "school-concentratie",
                                             "member": "joost"})
    note = propose(web, ProposalKind.NOTE, {"answers": [["Vraag", "Antwoord"]]})
    page = lotte.get(PROPOSALS).text
    assert "nieuw in het netwerk: Tante Els" in page
    assert f'id="c-{wish}-sanne"' in page and f'id="c-{wish}-petra"' in page
    assert f'id="c-{wish}-mark"' not in page  # no authority: never a consenter
    assert post(web, lotte, f"{PROPOSALS}/{member}/aannemen").status_code == 303
    assert web.world.family().person("tante-els") is not None
    accepted = lotte.post(f"{PROPOSALS}/{wish}/aannemen", data={
        "consents": ["sanne", "petra"], "csrf": web.csrf(lotte)})
    assert accepted.status_code == 303
    grant = web.world.family().grant("school-concentratie", "joost")
    assert grant is not None and grant.consented_by == {"sanne", "petra"}
    shown = lotte.get(PROPOSALS).text
    assert "Meester Joost kan &#39;Uitleg over school en concentratie&#39; nu zien" in shown
    assert post(web, lotte, f"{PROPOSALS}/{note}/afwijzen").status_code == 303
    left = lotte.get(PROPOSALS).text
    assert "Voorstel afgewezen" in left and "Geen open voorstellen." in left
    again = post(web, lotte, f"{PROPOSALS}/{note}/afwijzen")
    assert again.status_code == 409 and "al afgewezen" in again.text


def test_the_json_api_does_the_same(web: Web) -> None:
    lotte = web.signed_in("lotte")
    token = {"X-CSRF-Token": web.csrf(lotte)}
    base = "/api/v1/families/jansen"
    added = lotte.post(f"{base}/people", headers=token, json={
        "name": "Tante Els", "role": "tante", "circle": "network"})
    assert added.status_code == 201 and added.json()["person"] == "tante-els"
    assert lotte.post(f"{base}/people", headers=token, json={
        "name": "Tante Els", "role": "tante", "circle": "network"}).status_code == 409
    bad = lotte.patch(f"{base}/people/tante-els", headers=token, json={"email": "x"})
    assert bad.status_code == 400 and bad.json()["field"] == "email"
    assert lotte.patch(f"{base}/people/tante-els", headers=token,
                       json={"phone": "06-12121212"}).status_code == 200
    assert lotte.put(f"{base}/never/tante-els", headers=token,
                     json={"reason": "geheim"}).status_code == 200
    listed = lotte.get(f"{base}/people").json()
    assert [n["reason"] for n in listed["never"] if n["name"] == "Tante Els"] == ["geheim"]
    assert lotte.delete(f"{base}/never/Tante Els", headers=token).status_code == 200
    assert lotte.delete(f"{base}/people/tante-els", headers=token).status_code == 200
    assert lotte.delete(f"{base}/people/tante-els", headers=token).status_code == 404
    wish = propose(web, ProposalKind.GRANT, {"document": "school-concentratie",
                                             "member": "joost"})
    rows = lotte.get(f"{base}/proposals").json()
    assert [c["key"] for c in rows[0]["consenters"]] == ["petra", "sanne"]
    done = lotte.post(f"{base}/proposals/{wish}/accept", headers=token,
                      json={"consents": ["petra"]})
    assert done.status_code == 200 and "Nog nodig: toestemming van Sanne" in done.json()["message"]
    assert lotte.post(f"{base}/proposals/{wish}/reject", headers=token).status_code == 409
    assert lotte.post(f"{base}/proposals/999/reject", headers=token).status_code == 404


def test_an_accepted_wish_asks_whose_yes_is_missing_and_tells_who_can_see(web: Web) -> None:
    """Through Nextcloud's notifications, read back as each person: accepted with Petra's
    yes only, Sanne is asked; with both, Joost is told that something new is there. Never
    a title or a name (``texts`` checks every message)."""
    lotte = web.signed_in("lotte")
    half = propose(web, ProposalKind.GRANT, {"document": "school-concentratie",
                                             "member": "joost"})
    assert lotte.post(f"{PROPOSALS}/{half}/aannemen", data={
        "consents": ["petra"], "csrf": web.csrf(lotte)}).status_code == 303
    assert [s for s, _ in texts(web.world, "sanne")] == [M.NOTIFY_ASKED]
    assert texts(web.world, "petra") == [] and texts(web.world, "joost") == []
    whole = propose(web, ProposalKind.GRANT, {"document": "energie", "member": "joost"})
    assert lotte.post(f"{PROPOSALS}/{whole}/aannemen", data={
        "consents": ["petra"], "csrf": web.csrf(lotte)}).status_code == 303
    assert [s for s, _ in texts(web.world, "joost")] == [M.NOTIFY_SHARED]


def test_notifications_are_switched_off_and_on_per_person(web: Web) -> None:
    """Through the page, Joost's notifications go off: a new document for him tells him
    nothing, read back as Joost; through the API they come on again, and the next does.
    A form that did not show the box (an older page) leaves the switch as it was."""
    lotte = web.signed_in("lotte")
    assert 'id="notify-joost" name="notify" type="checkbox" value="1" checked' in lotte.get(
        PEOPLE).text
    email = web.world.family().person("joost").email  # type: ignore[union-attr]
    assert post(web, lotte, f"{PEOPLE}/joost/aanpassen", role="vriend", email=email,
                notify_shown="1").status_code == 303
    joost = web.world.family().person("joost")
    assert joost is not None and not joost.notify
    assert 'id="notify-joost" name="notify" type="checkbox" value="1">' in lotte.get(
        PEOPLE).text
    assert post(web, lotte, f"{PEOPLE}/joost/aanpassen", role="vriend",
                email=email).status_code == 303
    joost = web.world.family().person("joost")
    assert joost is not None and not joost.notify
    first = propose(web, ProposalKind.GRANT, {"document": "energie", "member": "joost"})
    assert lotte.post(f"{PROPOSALS}/{first}/aannemen", data={
        "consents": ["petra"], "csrf": web.csrf(lotte)}).status_code == 303
    assert texts(web.world, "joost") == []
    assert lotte.patch("/api/v1/families/jansen/people/joost", json={"notify": True},
                       headers={"X-CSRF-Token": web.csrf(lotte)}).status_code == 200
    listed = {p["key"]: p for p in lotte.get("/api/v1/families/jansen/people").json()["people"]}
    assert listed["joost"]["notify"] is True
    second = propose(web, ProposalKind.GRANT, {"document": "school-concentratie",
                                               "member": "joost"})
    assert lotte.post(f"{PROPOSALS}/{second}/aannemen", data={
        "consents": ["petra", "sanne"], "csrf": web.csrf(lotte)}).status_code == 303
    assert [s for s, _ in texts(web.world, "joost")] == [M.NOTIFY_SHARED]


NEW_ROUTES = {
    ("get", "/api/v1/families/{slug}/people"): {"401", "403"},
    ("post", "/api/v1/families/{slug}/people"): {"400", "401", "403", "409", "422"},
    ("patch", "/api/v1/families/{slug}/people/{key}"): {"400", "401", "403", "404", "409", "422"},
    ("delete", "/api/v1/families/{slug}/people/{key}"): {"401", "403", "404", "409"},
    ("put", "/api/v1/families/{slug}/never/{key}"): {"400", "401", "403", "404", "409", "422"},
    ("delete", "/api/v1/families/{slug}/never/{name}"): {"401", "403", "404"},
    ("get", "/api/v1/families/{slug}/proposals"): {"401", "403"},
    ("post", "/api/v1/families/{slug}/proposals/{proposal}/accept"):
        {"400", "401", "403", "404", "409", "422"},
    ("post", "/api/v1/families/{slug}/proposals/{proposal}/reject"):
        {"401", "403", "404", "409", "422"},
}


def test_the_openapi_schema_lists_every_status_of_the_new_routes(web: Web) -> None:
    schema = web.anonymous().get("/api/v1/openapi.json").json()
    for (method, path), statuses in NEW_ROUTES.items():
        listed = set(schema["paths"][path][method]["responses"])
        assert statuses <= listed, (method, path, listed)
