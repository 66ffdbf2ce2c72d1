"""What a page says after a change comes from the server, once, and never from the
address; and "this does not exist" looks exactly like "this is not yours"."""

from __future__ import annotations

import httpx

from tests.web.conftest import Web

TOGGLE = "/gezin/jansen/toestemming"


def decide(web: Web, client: httpx.Client, document: str, member: str,
           on: bool = True) -> httpx.Response:
    return client.post(TOGGLE, data={"document": document, "member": member,
                                     "aan": "1" if on else "0", "csrf": web.csrf(client)})


def test_a_link_cannot_make_the_page_say_anything(web: Web) -> None:
    mark = web.signed_in("mark")  # father without authority
    page = mark.get("/gezin/jansen?wijziging=energie/oma-ria").text
    assert "Als mama minder energie heeft" not in page and "Klaar" not in page
    petra = web.signed_in("petra")
    page = petra.get("/gezin/jansen?wijziging=school-concentratie/joost").text
    assert "Je ja is bewaard" not in page and 'class="notice' not in page


def test_after_a_yes_the_page_says_what_happened_once(web: Web) -> None:
    petra = web.signed_in("petra")
    answer = decide(web, petra, "school-concentratie", "kevin")
    assert answer.status_code == 303 and "?" not in answer.headers["location"]
    first = petra.get("/gezin/jansen").text
    assert "Je ja is bewaard. Kevin kan &#39;Uitleg over school en concentratie&#39; zien " \
           "zodra Sanne ook ja zegt." in first
    assert 'class="notice' not in petra.get("/gezin/jansen").text
    # another person's notice is theirs alone
    sanne = web.signed_in("sanne")
    assert 'class="notice' not in sanne.get("/gezin/jansen").text


def same(answers: list[httpx.Response]) -> set[tuple[int, str]]:
    return {(a.status_code, a.text) for a in answers}


def test_unknown_and_not_yours_look_exactly_the_same(web: Web) -> None:
    mark, sanne = web.signed_in("mark"), web.signed_in("sanne")
    petra = web.signed_in("petra")
    pages = [decide(web, mark, "bestaat-niet", "kevin"), decide(web, mark, "energie", "kevin"),
             decide(web, sanne, "bestaat-niet", "kevin"), decide(web, sanne, "energie", "kevin"),
             decide(web, petra, "energie", "niemand"), decide(web, petra, "energie", "lotte"),
             decide(web, petra, "energie", "mark"), decide(web, petra, "energie", "sanne")]
    assert len(same(pages)) == 1 and pages[0].status_code == 403
    api = []
    for client in (mark, sanne, petra):
        token = {"X-CSRF-Token": web.csrf(client)}
        for path in ("bestaat-niet/kevin", "energie/kevin", "energie/niemand", "energie/lotte",
                     "te-veel/kevin", "prikkels/mark"):
            if path == "te-veel/kevin" and client is not mark or (
                    client is petra and path == "energie/kevin"):
                continue  # they decide about these
            for method in ("PUT", "DELETE"):
                api.append(client.request(method, f"/api/v1/families/jansen/consents/{path}",
                                          headers=token))
    assert same(api) == {(403, '{"error":"forbidden"}')}
    assert web.world.family().grant("energie", "kevin") is None
