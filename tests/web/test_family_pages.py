"""The professional's desk through the pages only: "Nieuw gezin" for members of the
professionals' group (read back from Nextcloud as the new professional), the family's
status, the answers of the forms per step with "Antwoorden ophalen", the network map page,
and the same in the JSON API with every status in the OpenAPI schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.e2e.harness import propfind
from tests.web.conftest import Web
from tests.web.test_people_pages import ENGLISH, visible_words
from zolicht.domain import names
from zolicht.domain.model import Circle, FamilyStatus, Person
from zolicht.services import family as families
from zolicht.services import method
from zolicht.store.forms import FormRecords

DESK = "/hulpverlener"
FORMS = "/ocs/v2.php/apps/forms/api/v3/forms"


@pytest.fixture
def group(web: Web) -> Iterator[str]:
    """The professionals' group of this test (its own name: a real server is shared)."""
    gid = f"zt-pro-{web.world.tag}"
    web.world.cloud.ocs("POST", "/cloud/groups", web.world.service.auth,
                        data={"groupid": gid})
    web.site.settings.professionals_group = gid
    yield gid
    web.world.cloud.delete_group(gid, web.world.service.auth)


def newcomer(web: Web, gid: str | None, display: str = "Bram de Wit") -> str:
    """A professional in no family yet (in group ``gid`` when given)."""
    uid = web.world.stranger()
    web.world.cloud.ocs("PUT", f"/cloud/users/{quote(uid)}", web.world.service.auth,
                        data={"key": "displayname", "value": display})
    if gid:
        web.world.cloud.ocs("POST", f"/cloud/users/{quote(uid)}/groups",
                            web.world.service.auth, data={"groupid": gid})
    return uid


def signed_in_as(web: Web, uid: str) -> httpx.Client:
    client = web.anonymous()
    token, login_url = web.start_sign_in(client)
    granted = web.grant_at_nextcloud(login_url, uid, web.app_password(uid))
    assert "Account connected" in granted.text, granted.text
    done = client.post("/inloggen/klaar", data={"login_token": token})
    assert done.status_code == 303, done.text
    return client


def post(web: Web, client: httpx.Client, path: str, **form: object) -> httpx.Response:
    return client.post(path, data={**form, "csrf": web.csrf(client)})


def api(web: Web, client: httpx.Client, method: str, path: str,
        body: dict[str, Any] | None = None) -> httpx.Response:
    return client.request(method, f"/api/v1{path}", json=body,
                          headers={"X-CSRF-Token": web.csrf(client)})


def test_a_group_member_without_families_makes_one_and_nextcloud_has_it(
        web: Web, group: str) -> None:
    uid = newcomer(web, group)
    bram = signed_in_as(web, uid)
    desk = bram.get(DESK)
    assert desk.status_code == 200
    assert 'id="new-family"' in desk.text and 'for="new-family-name"' in desk.text
    assert ENGLISH.findall(visible_words(desk.text)) == []
    before = set(web.world.slugs())
    made = post(web, bram, f"{DESK}/gezinnen", name="Gezin Bakker")
    assert made.status_code == 303 and made.headers["location"] == f"{DESK}/bakker/mensen"
    assert set(web.world.slugs()) == before | {"bakker"}
    family = web.world.family("bakker")
    assert (family.name, family.status) == ("Gezin Bakker", FamilyStatus.ACTIVE)
    [me] = family.people
    assert (me.name, me.circle, me.nextcloud_user) == ("Bram de Wit", Circle.PROFESSIONAL, uid)
    people = bram.get(f"{DESK}/bakker/mensen")
    assert people.status_code == 200 and "Gezin Bakker is gemaakt" in people.text
    assert "Nextcloud is nog niet bijgewerkt" not in people.text
    # Nextcloud, read back: the professionals' group holds Bram, and he sees the folder
    members = web.world.cloud.ocs(
        "GET", f"/cloud/groups/{quote(names.circle_group(family.space, Circle.PROFESSIONAL))}"
        "/users", web.world.service.auth)["users"]
    assert members == [uid]
    auth = web.world.auth(uid)
    assert auth is not None
    seen = propfind(web.world.http, auth) or []
    assert any(n.is_dir and n.owner == web.world.service.uid for n in seen), seen
    # the same name again is another family
    again = post(web, bram, f"{DESK}/gezinnen", name="Gezin Bakker")
    assert again.status_code == 303 and again.headers["location"] == f"{DESK}/bakker-2/mensen"
    assert web.world.family("bakker-2").name == "Gezin Bakker"
    # and now both are on his desk
    desk = bram.get(DESK).text
    assert 'id="f-bakker"' in desk and 'id="f-bakker-2"' in desk


def test_someone_outside_the_group_gets_the_one_403_and_nothing_is_made(
        web: Web, group: str) -> None:
    outsider = signed_in_as(web, newcomer(web, None))
    assert outsider.get(DESK).status_code == 403
    before = web.world.slugs()
    assert post(web, outsider, f"{DESK}/gezinnen", name="Gezin Bakker").status_code == 403
    assert api(web, outsider, "POST", "/families", {"name": "Gezin Bakker"}).status_code == 403
    assert api(web, outsider, "GET", "/families").status_code == 403
    # a professional of a family, outside the group: the desk, without "Nieuw gezin"
    lotte = web.signed_in("lotte")
    page = lotte.get(DESK).text
    assert 'id="f-jansen"' in page and 'id="new-family"' not in page
    assert post(web, lotte, f"{DESK}/gezinnen", name="Gezin Bakker").status_code == 403
    assert web.world.slugs() == before


def test_a_bad_name_or_short_name_changes_nothing_and_says_why(web: Web, group: str) -> None:
    bram = signed_in_as(web, newcomer(web, group))
    before = web.world.slugs()
    for name, slug, status in (("   ", "", 400), ("Gezin\u200bBakker", "", 400),
                               ("Gezin Bakker", "Bakker!", 400), ("Gezin Jansen", "jansen", 409)):
        bad = post(web, bram, f"{DESK}/gezinnen", name=name, slug=slug)
        assert bad.status_code == status, (name, slug, bad.text)
        assert 'id="new-family-error"' in bad.text and "Niets veranderd." in bad.text
        assert f'value="{slug}"' in bad.text  # what was typed stays in the form
    assert web.world.slugs() == before
    given = post(web, bram, f"{DESK}/gezinnen", name="Gezin Bakker", slug="bakker-west")
    assert given.headers["location"] == f"{DESK}/bakker-west/mensen"


def test_the_status_changes_on_the_desk_with_the_same_rules(web: Web) -> None:
    lotte = web.signed_in("lotte")
    page = lotte.get(DESK).text
    assert "Status: actief" in page and 'id="status-jansen"' in page
    assert 'for="status-keuze-jansen"' in page
    bad = post(web, lotte, f"{DESK}/jansen/status", status="weg")
    assert bad.status_code == 400 and "actief, afschalen, nazorg, gesloten" in bad.text
    assert web.world.family().status is FamilyStatus.ACTIVE
    done = post(web, lotte, f"{DESK}/jansen/status", status="aftercare")
    assert done.status_code == 303
    assert web.world.family().status is FamilyStatus.AFTERCARE
    with web.world.ctx.store.reading() as tx:
        assert tx.contacts("jansen").load().closing == web.world.ctx.today()
    page = lotte.get(DESK).text
    assert "Gezin Jansen heeft nu status nazorg." in page and "Status: nazorg" in page
    # someone of the family is no professional: the one 403, nothing changes
    petra = web.signed_in("petra")
    assert post(web, petra, f"{DESK}/jansen/status", status="closed").status_code == 403
    assert web.world.family().status is FamilyStatus.AFTERCARE


def submit_step_1(web: Web, person: str, answer: str) -> None:
    """Fill in step 1 as ``person`` of the Jansens through the Forms API."""
    with web.world.ctx.store.reading() as tx:
        form_id = FormRecords(tx.families.conn, "jansen").forms()["stap-1"].id
    uid = web.world.uid(person)
    auth = web.world.auth(uid)
    headers = {"OCS-APIRequest": "true", "Accept": "application/json"}
    form = web.world.http.get(f"{FORMS}/{form_id}", auth=auth, headers=headers)
    assert form.status_code == 200, form.text
    questions = {q["name"]: q for q in form.json()["ocs"]["data"]["questions"]}
    feeling = questions["gevoel"]
    doubt = next(o["id"] for o in feeling["options"] if o["text"] == "Ik twijfel nog")
    sent = web.world.http.post(f"{FORMS}/{form_id}/submissions", auth=auth, headers=headers,
                               json={"answers": {str(questions["wie_om_je_heen"]["id"]): [answer],
                                                 str(feeling["id"]): [str(doubt)]}})
    assert sent.status_code in (200, 201), sent.text


def test_answers_per_step_after_pulling_them(web: Web) -> None:
    lotte = web.signed_in("lotte")
    path = f"{DESK}/jansen/antwoorden"
    page = lotte.get(path)
    assert page.status_code == 200 and 'id="pull-answers"' in page.text
    assert "Stap 1: Hoe kunnen de mensen om jullie heen helpen?" in page.text
    assert "Nog geen antwoorden." in page.text
    assert ENGLISH.findall(visible_words(page.text)) == []
    submit_step_1(web, "petra", "Oma Ria en <b>buurvrouw</b> Ans")
    pulled = post(web, lotte, f"{path}/ophalen")
    assert pulled.status_code == 303 and pulled.headers["location"] == path
    page = lotte.get(path).text
    assert "1 nieuwe antwoorden gelezen" in page
    assert re.search(r"Ingevuld door Petra Jansen op \d\d-\d\d-\d{4} \d\d:\d\d", page)
    assert "Oma Ria en &lt;b&gt;buurvrouw&lt;/b&gt; Ans" in page  # as typed, escaped
    assert f'href="{DESK}/jansen/voorstellen"' in page
    again = post(web, lotte, f"{path}/ophalen")
    assert again.status_code == 303 and "0 nieuwe antwoorden gelezen" in lotte.get(path).text
    # the family does not see the answers page
    petra = web.signed_in("petra")
    assert petra.get(path).status_code == 403
    assert post(web, petra, f"{path}/ophalen").status_code == 403


def test_the_network_map_page(web: Web) -> None:
    lotte = web.signed_in("lotte")
    page = lotte.get(f"{DESK}/jansen/netwerkkaart")
    assert page.status_code == 200
    assert "<svg" in page.text and "Oma Ria" in page.text
    assert "05-11-2026 · gemaakt via het formulier stap-3 · 4 mensen" in page.text
    assert ENGLISH.findall(visible_words(page.text)) == []
    link = re.search(r'id="map-download" href="([^"]+)"', page.text)
    assert link is not None
    word = lotte.get(link[1].replace("&amp;", "&"))
    assert word.status_code == 200 and word.content[:2] == b"PK"
    # a new map shows up in the history, with who joined
    ctx = web.world.ctx
    families.add_person(ctx, "jansen", Person("tante-els", "Tante Els", "tante",
                                              Circle.NETWORK))
    method.record_map(ctx, "jansen", [method.map_entry(web.world.family(), "tante-els")],
                      "hulpverlener")
    page = lotte.get(f"{DESK}/jansen/netwerkkaart")
    assert "gemaakt via de hulpverlener · 5 mensen" in page.text
    assert "Erbij: Tante Els" in page.text
    assert web.signed_in("petra").get(f"{DESK}/jansen/netwerkkaart").status_code == 403


def test_the_api_does_the_same(web: Web, group: str) -> None:
    bram = signed_in_as(web, newcomer(web, group))
    assert api(web, bram, "GET", "/families").json() == []
    made = api(web, bram, "POST", "/families", {"name": "Gezin Bakker"})
    assert made.status_code == 201, made.text
    assert made.json()["family"] == "bakker" and made.json()["applied"] is True
    assert api(web, bram, "POST", "/families", {"name": "Gezin Bakker"}).json()["family"] \
        == "bakker-2"
    assert api(web, bram, "POST", "/families", {"name": " "}).status_code == 400
    assert api(web, bram, "POST", "/families", {"name": "X", "slug": "bakker"}).status_code \
        == 409
    no_token = bram.post("/api/v1/families", json={"name": "Gezin Smit"})
    assert no_token.status_code == 403
    assert "smit" not in web.world.slugs()
    status = api(web, bram, "PUT", "/families/bakker/status", {"status": "gesloten"})
    assert status.status_code == 200 and status.json()["status"] == "closed"
    assert api(web, bram, "PUT", "/families/bakker/status", {"status": "x"}).status_code == 400
    assert api(web, bram, "PUT", "/families/jansen/status", {"status": "closed"}) \
        .status_code == 403
    lotte = web.signed_in("lotte")
    submit_step_1(web, "petra", "Oma Ria")
    pulled = api(web, lotte, "POST", "/families/jansen/answers/pull")
    assert pulled.status_code == 200 and pulled.json()["read"] == 1
    answers = api(web, lotte, "GET", "/families/jansen/answers").json()
    step = next(s for s in answers["steps"] if s["form"] == "stap-1")
    assert [f["by"] for f in step["filled"]] == ["Petra Jansen"]
    maps = api(web, lotte, "GET", "/families/jansen/maps").json()
    assert maps["maps"][0]["source"] == "stap-3" and maps["rings"]
    picture = api(web, lotte, "GET", "/families/jansen/map")
    assert picture.headers["content-type"].startswith("image/svg+xml")
    for method_, path in (("GET", "/families/jansen/answers"),
                          ("POST", "/families/jansen/answers/pull"),
                          ("GET", "/families/jansen/maps"), ("GET", "/families/jansen/map")):
        assert api(web, bram, method_, path).status_code == 403, path
    assert families.load_family(web.world.ctx, "jansen").status is FamilyStatus.ACTIVE


NEW_ROUTES = {
    ("post", "/api/v1/families"): {"400", "401", "403", "409", "422", "503"},
    ("put", "/api/v1/families/{slug}/status"): {"400", "401", "403", "422"},
    ("get", "/api/v1/families/{slug}/answers"): {"401", "403"},
    ("post", "/api/v1/families/{slug}/answers/pull"): {"401", "403", "503"},
    ("get", "/api/v1/families/{slug}/maps"): {"401", "403"},
    ("get", "/api/v1/families/{slug}/map"): {"401", "403"},
}


def test_the_openapi_schema_lists_every_status_of_the_new_routes(web: Web) -> None:
    schema = web.anonymous().get("/api/v1/openapi.json").json()
    for (method_, path), codes in NEW_ROUTES.items():
        answers = set(schema["paths"][path][method_]["responses"])
        assert codes <= answers, (method_, path, answers)
