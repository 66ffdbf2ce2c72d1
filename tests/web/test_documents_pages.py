"""The professional's documents page and its JSON API: upload a psycho-education document,
add a ready-made sheet, remove one; make, keep, finalise and read back the Word documents.
Effects are read back from Nextcloud as the people themselves; bad input changes nothing
and says why in Dutch, next to the form."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import httpx

from tests.documents.conftest import fill
from tests.web.conftest import OTHER, Web
from tests.web.test_people_pages import ENGLISH, visible_words
from zolicht.documents.controls import read_controls
from zolicht.documents.render import KINDS
from zolicht.domain import names
from zolicht.services import family as families

PAGE = "/hulpverlener/jansen/documenten"
API = "/api/v1/families/jansen"
TEXT = b"# Slapen\n\nWat helpt bij slecht slapen.\n"


def upload(web: Web, client: httpx.Client, content: bytes = TEXT,
           file_name: str = "goed-slapen.md", **form: str) -> httpx.Response:
    fields = {"title": "Uitleg over slapen", "about": "sanne", **form,
              "csrf": web.csrf(client)}
    return client.post(f"{PAGE}/toevoegen", data=fields,
                       files={"file": (file_name, content, "text/markdown")})


def in_folder(web: Web, folder: str, file_name: str) -> httpx.Response:
    """The file in the family's folder, read through WebDAV as zolicht's service account."""
    root = names.root(web.world.family().space)
    service = web.world.service
    return web.world.http.get(
        f"/remote.php/dav/files/{quote(service.uid)}/{quote(f'{root}/{folder}/{file_name}')}",
        auth=service.auth)


def docx_bookmarks(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("docProps/core.xml").decode()


def test_the_page_is_linked_lists_the_documents_and_is_in_dutch(web: Web) -> None:
    lotte = web.signed_in("lotte")
    for start in ("/hulpverlener", "/hulpverlener/jansen/controle"):
        assert f'href="{PAGE}"' in lotte.get(start).text
    page = lotte.get(PAGE)
    assert page.status_code == 200
    assert ENGLISH.findall(visible_words(page.text)) == []
    assert "Uitleg over school en concentratie" in page.text
    assert "uitleg-school-en-concentratie.md" in page.text
    for form in ("upload", "sheet", "finalize", "readback",
                 *(f"word-{k}" for k in KINDS), *(f"store-{k}" for k in KINDS)):
        assert f'<form id="{form}"' in page.text, form
    labelled = set(re.findall(r'<label for="([^"]+)"', page.text))
    controls = set(re.findall(r'<(?:input|select) id="([^"]+)"', page.text))
    assert controls <= labelled
    assert "gespreksgids-stap-1" not in page.text  # the professional's own guide: not offered
    family = web.world.family()
    readers = web.world.readers()
    network = [p.key for p in family.people if p.circle.value == "network"]
    shown = {d["key"]: d["network_sees"]
             for d in lotte.get(f"{API}/documents").json()["documents"]}
    assert shown == {d.key: sum(d.key in readers[k] for k in network)
                     for d in family.documents}
    assert any(shown.values()) and not all(shown.values())  # the example has both


def test_lotte_uploads_a_document_it_lands_in_the_folder_and_nobody_in_the_network_sees_it(
    web: Web,
) -> None:
    lotte = web.signed_in("lotte")
    done = upload(web, lotte)
    assert done.status_code == 303 and done.headers["location"].endswith("#d-goed-slapen")
    document = web.world.family().document("goed-slapen")
    assert document is not None and (document.title, document.subject, document.kind.value) \
        == ("Uitleg over slapen", "sanne", "psycho_education")
    page = lotte.get(PAGE).text
    assert "&#39;Uitleg over slapen&#39; staat in de map van het gezin" in page
    assert "Nextcloud is nog niet bijgewerkt" not in page
    assert in_folder(web, "Psycho-educatie", "goed-slapen.md").content == TEXT
    for member in ("oma-ria", "kevin"):  # with an account, each seeing something else
        assert web.world.read(web.uid(member), "goed-slapen.md") == 404, member
    assert web.world.visible() == web.world.expected()  # the family sees as the rules say


def test_bad_uploads_change_nothing_and_say_why_next_to_the_form(web: Web) -> None:
    lotte = web.signed_in("lotte")
    before = web.world.family()
    cases = [
        ({"content": b""}, 400, "Niets veranderd. bestand: het bestand is leeg"),
        ({"title": "Uitleg\u202eover slapen"}, 400, "Niets veranderd. titel: "),
        ({"title": "   "}, 400, "Niets veranderd. titel: "),
        ({"file_name": "../slapen.md"}, 400, "Niets veranderd. bestandsnaam: "),
        ({"about": "oma-ria"}, 400, "Niets veranderd. over wie: "),
        ({"about": "niemand"}, 404, "Niets veranderd. over wie: "),
        ({"file_name": "uitleg-school-en-concentratie.md"}, 409,
         "Niets veranderd. bestandsnaam: er is al een stuk met bestandsnaam"),
        ({"sensitivity": "geheim"}, 400, "Niets veranderd. gevoeligheid: "),
    ]
    for given, status, said in cases:
        answer = upload(web, lotte, **given)  # type: ignore[arg-type]
        assert answer.status_code == status, (given, answer.status_code)
        assert re.search(r'id="toevoegen".*role="alert">' + re.escape(said), answer.text,
                         re.DOTALL), (given, answer.text[-3000:])
    hostile = upload(web, lotte, title="Uitleg\u202eover slapen")
    assert 'value="Uitleg' in hostile.text  # what was typed stays
    assert web.world.family() == before
    assert in_folder(web, "Psycho-educatie", "goed-slapen.md").status_code == 404


def test_others_get_the_one_403(web: Web) -> None:
    for who in (("petra", "jansen"), ("oma-ria", "jansen"), ("lotte", OTHER)):
        client = web.signed_in(*who)
        token = web.csrf(client)
        assert client.get(PAGE).status_code == 403, who
        assert upload(web, client).status_code == 403, who
        assert client.post("/hulpverlener/jansen/word/signaleringsplan/bewaren",
                           data={"csrf": token}).status_code == 403, who
        assert client.get(f"{API}/documents").status_code == 403, who
        assert client.post(f"{API}/documents", headers={"X-CSRF-Token": token},
                           data={"title": "Uitleg", "about": "sanne"},
                           files={"file": ("x.md", TEXT)}).status_code == 403, who
        assert client.get(f"{API}/word/signaleringsplan").status_code == 403, who
    assert web.world.family().document("x") is None
    assert web.world.family().document("goed-slapen") is None


def test_a_sheet_is_added_and_the_professionals_guide_refused(web: Web) -> None:
    lotte = web.signed_in("lotte")
    token = web.csrf(lotte)
    done = lotte.post(f"{PAGE}/blad", data={"sheet": "krachten-samen", "csrf": token})
    assert done.status_code == 303
    document = web.world.family().document("krachten-samen")
    assert document is not None and document.subject == "sanne"
    assert in_folder(web, "Psycho-educatie", "krachten-samen.md").status_code == 200
    assert web.world.read(web.uid("oma-ria"), "krachten-samen.md") == 404
    assert "Uitlegblad" in lotte.get(PAGE).text
    before = web.world.family()
    guide = lotte.post(f"{PAGE}/blad", data={"sheet": "gespreksgids-stap-1", "csrf": token})
    assert guide.status_code == 400 and "voor de hulpverlener zelf" in guide.text
    again = lotte.post(f"{PAGE}/blad", data={"sheet": "krachten-samen", "csrf": token})
    assert again.status_code == 409
    assert web.world.family() == before


def test_remove_asks_first_then_nobody_in_the_network_sees_it_any_more(web: Web) -> None:
    lotte = web.signed_in("lotte")
    school = "uitleg-school-en-concentratie.md"
    assert web.world.read(web.uid("oma-ria"), school) == 200  # both said yes
    ask = lotte.get(f"{PAGE}?verwijderen=school-concentratie").text
    assert "Weet je het zeker? &#39;Uitleg over school en concentratie&#39; gaat uit" in ask
    assert web.world.family().document("school-concentratie") is not None
    gone = lotte.post(f"{PAGE}/school-concentratie/verwijderen", data={"csrf": web.csrf(lotte)})
    assert gone.status_code == 303
    family = web.world.family()
    assert family.document("school-concentratie") is None
    assert not [g for g in family.grants if g.document == "school-concentratie"]
    assert "is verwijderd uit het dossier" in lotte.get(PAGE).text
    assert web.world.read(web.uid("oma-ria"), school) == 404
    seen = web.world.visible()
    assert not [k for k, files in seen.items() if k != "lotte" and school in files]
    assert lotte.post(f"{PAGE}/school-concentratie/verwijderen",
                      data={"csrf": web.csrf(lotte)}).status_code == 404


def test_a_finalised_signaleringsplan_is_kept_in_the_folder(web: Web) -> None:
    lotte = web.signed_in("lotte")
    before = web.world.family().documents
    made = lotte.get("/hulpverlener/jansen/document",
                     params={"soort": "signaleringsplan", "versie": "2"})
    assert made.status_code == 200 and made.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    assert web.world.family().documents == before  # making one keeps nothing
    kept = lotte.post("/hulpverlener/jansen/word/signaleringsplan/bewaren",
                      data={"version": "2", "final": "1", "csrf": web.csrf(lotte)})
    assert kept.status_code == 303
    day = web.world.ctx.today().isoformat()
    key = f"signaleringsplan-{day}-v2"
    document = web.world.family().document(key)
    assert document is not None and document.subject == "sanne"
    stored = in_folder(web, "Signaleringsplan", f"{key}.docx")
    assert stored.status_code == 200
    properties = docx_bookmarks(stored.content)
    assert "definitief" in properties and ">2<" in properties
    assert "staat definitief in de map van het gezin" in lotte.get(PAGE).text
    assert web.world.read(web.uid("oma-ria"), f"{key}.docx") == 404
    again = lotte.post("/hulpverlener/jansen/word/signaleringsplan/bewaren",
                       data={"version": "2", "csrf": web.csrf(lotte)})
    assert again.status_code == 409
    bad = lotte.post("/hulpverlener/jansen/word/signaleringsplan/bewaren",
                     data={"version": "twee", "csrf": web.csrf(lotte)})
    assert bad.status_code == 400 and re.search(
        r'id="soort-signaleringsplan".*role="alert">Niets veranderd\. versie: ', bad.text,
        re.DOTALL)


def completed(web: Web, client: httpx.Client, tmp: Path) -> bytes:
    """A signaleringsplan made by zolicht, with an achterwacht typed into it (the record
    names none: Lotte, the professional, has no phone number now)."""
    families.change_person(web.world.ctx, "jansen", "lotte", {"phone": None})
    made = client.get(f"{API}/word/signaleringsplan")
    assert made.status_code == 200
    path = tmp / "signaleringsplan.docx"
    path.write_bytes(made.content)
    assert "achterwacht" in read_controls(path)
    fill(path, {"achterwacht": "Bel Mark de Vries: 06-23456789"})
    return path.read_bytes()


def test_reading_back_a_completed_document_makes_proposals(web: Web, tmp_path: Path) -> None:
    lotte = web.signed_in("lotte")
    content = completed(web, lotte, tmp_path)
    before = web.world.family()
    read = lotte.post("/hulpverlener/jansen/word/teruglezen", data={"csrf": web.csrf(lotte)},
                      files={"file": ("plan.docx", content)})
    assert read.status_code == 303
    page = lotte.get(PAGE).text
    assert "Uit het document: 1 nieuw voorstel." in page
    assert "Er wacht 1 voorstel op je." in page
    assert 'href="/hulpverlener/jansen/voorstellen"' in page
    assert web.world.family() == before  # nothing in the record until accepted
    assert "Mark de Vries" in lotte.get("/hulpverlener/jansen/voorstellen").text
    final = lotte.post("/hulpverlener/jansen/word/definitief",
                       data={"version": "3", "csrf": web.csrf(lotte)},
                       files={"file": ("plan.docx", content)})
    assert final.status_code == 200 and "definitief" in docx_bookmarks(final.content)
    for bad in (b"", b"geen word", TEXT):
        answer = lotte.post("/hulpverlener/jansen/word/teruglezen",
                            data={"csrf": web.csrf(lotte)}, files={"file": ("x.docx", bad)})
        assert answer.status_code == 400
        assert re.search(r'id="teruglezen".*role="alert">Niets veranderd\. bestand: ',
                         answer.text, re.DOTALL)
    assert len(lotte.get(f"{API}/proposals").json()) == 1


def test_the_json_api_does_the_same(web: Web, tmp_path: Path) -> None:
    lotte = web.signed_in("lotte")
    token = {"X-CSRF-Token": web.csrf(lotte)}
    added = lotte.post(f"{API}/documents", headers=token,
                       data={"title": "Uitleg over slapen", "about": "sanne"},
                       files={"file": ("goed-slapen.md", TEXT)})
    assert added.status_code == 201, added.text
    assert added.json()["document"] == "goed-slapen" and added.json()["applied"] is True
    assert in_folder(web, "Psycho-educatie", "goed-slapen.md").content == TEXT
    assert web.world.read(web.uid("kevin"), "goed-slapen.md") == 404
    before = web.world.family()
    empty = lotte.post(f"{API}/documents", headers=token,
                       data={"title": "Leeg", "about": "sanne"}, files={"file": ("leeg.md", b"")})
    assert empty.status_code == 400 and empty.json()["field"] == "file"
    hostile = lotte.post(f"{API}/documents", headers=token,
                         data={"title": "a\u200bb", "about": "sanne"},
                         files={"file": ("b.md", TEXT)})
    assert hostile.status_code == 400 and hostile.json()["field"] == "title"
    no_token = lotte.post(f"{API}/documents", data={"title": "Uitleg", "about": "sanne"},
                          files={"file": ("c.md", TEXT)})
    assert no_token.status_code == 403
    assert web.world.family() == before
    sheet = lotte.post(f"{API}/documents/sheets", headers=token,
                       json={"sheet": "gespreksgids-stap-1"})
    assert sheet.status_code == 400 and sheet.json()["field"] == "sheet"
    assert lotte.post(f"{API}/documents/sheets", headers=token,
                      json={"sheet": "bestaat-niet"}).status_code == 404
    assert lotte.post(f"{API}/documents/sheets", headers=token,
                      json={"sheet": "krachten-samen", "about": "daan"}).status_code == 201
    listed = lotte.get(f"{API}/documents").json()
    assert {"goed-slapen", "krachten-samen"} <= {d["key"] for d in listed["documents"]}
    assert "krachten-samen" not in {s["name"] for s in listed["sheets"]}
    assert lotte.get(f"{API}/word/verhaal").status_code == 400
    assert lotte.get(f"{API}/word/afspraken", params={"about": "niemand"}).status_code == 404
    stored = lotte.post(f"{API}/word/signaleringsplan/store", headers=token,
                        json={"final": True})
    assert stored.status_code == 201, stored.text
    assert in_folder(web, "Signaleringsplan", stored.json()["file_name"]).status_code == 200
    assert lotte.post(f"{API}/word/signaleringsplan/store", headers=token,
                      json={"final": True}).status_code == 409
    content = completed(web, lotte, tmp_path)
    wrong = lotte.post(f"{API}/word/afspraken/read", headers=token,
                       files={"file": ("plan.docx", content)})
    assert wrong.status_code == 400 and "geen Afspraken" in wrong.json()["error"]
    read = lotte.post(f"{API}/word/signaleringsplan/read", headers=token,
                      files={"file": ("plan.docx", content)})
    assert read.status_code == 200
    assert (read.json()["proposals"], read.json()["waiting"]) == (1, 1)
    final = lotte.post(f"{API}/word/signaleringsplan/finalize", headers=token,
                       data={"version": "4"}, files={"file": ("plan.docx", content)})
    assert final.status_code == 200 and "definitief" in docx_bookmarks(final.content)
    assert lotte.delete(f"{API}/documents/goed-slapen", headers=token).status_code == 200
    assert lotte.delete(f"{API}/documents/goed-slapen", headers=token).status_code == 404
    assert web.world.family().document("goed-slapen") is None


ROUTES = {
    ("get", "/api/v1/families/{slug}/documents"): {"401", "403"},
    ("post", "/api/v1/families/{slug}/documents"): {"400", "401", "403", "404", "409", "422"},
    ("post", "/api/v1/families/{slug}/documents/sheets"):
        {"400", "401", "403", "404", "409", "422"},
    ("delete", "/api/v1/families/{slug}/documents/{key}"): {"401", "403", "404"},
    ("get", "/api/v1/families/{slug}/word/{kind}"): {"400", "401", "403", "404"},
    ("post", "/api/v1/families/{slug}/word/{kind}/store"):
        {"400", "401", "403", "404", "409", "422"},
    ("post", "/api/v1/families/{slug}/word/{kind}/finalize"): {"400", "401", "403", "422"},
    ("post", "/api/v1/families/{slug}/word/{kind}/read"): {"400", "401", "403", "422"},
}


def test_the_openapi_schema_lists_every_status_of_the_document_routes(web: Web) -> None:
    schema = web.anonymous().get("/api/v1/openapi.json").json()
    for (method, path), statuses in ROUTES.items():
        listed = set(schema["paths"][path][method]["responses"])
        assert statuses <= listed, (method, path, listed)
