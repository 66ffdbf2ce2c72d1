"""The professional's documents: the page ``/hulpverlener/{slug}/documenten`` and the same
actions in the JSON API (``/api/v1/families/{slug}/documents`` and ``.../word/{kind}``).
Only the family's professionals; anyone else gets the one 403.

The family's documents (who may see them, upload, a ready-made sheet, remove) and the Word
documents for the dossier (make, keep a version in the family's folder, finalise, read a
completed one back into proposals). Bad input on a page shows the service's rule next to
the form it came from, with nothing changed; in the API it is a 400 (404: no such person,
document or sheet; 409: a clash with the record), as every route declares in the OpenAPI
schema. After a change the family is applied to Nextcloud at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from zolicht import messages as M
from zolicht.domain.errors import InvalidInput
from zolicht.services import family as families
from zolicht.services import forms as answers
from zolicht.web import deps, documents, people
from zolicht.web.deps import ApiChecked, Identity, Professional, SiteDep, Who, form_checked
from zolicht.web.errors import status_of
from zolicht.web.openapi import answering_with
from zolicht.web.responses import go, jsonable, page
from zolicht.web.site import Site
from zolicht.web.views import Notice

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["professional"])

answering = answering_with({
    403: "Not one of this family's professionals, or no valid X-CSRF-Token",
    404: "No such document, person or ready-made sheet in this family",
    409: "Clashes with the record: a document with that name or file name is already there",
})


def _path(slug: str) -> str:
    return f"/hulpverlener/{slug}/documenten"


def _upload(file: UploadFile) -> tuple[bytes, str]:
    """An uploaded file's first bytes (one more than may be uploaded) and its name."""
    return file.file.read(documents.UPLOAD_LIMIT + 1), file.filename or ""


def _word_file(kind: str, slug: str, content: bytes) -> Response:
    return Response(content, media_type=DOCX, headers={
        "Content-Disposition": f'attachment; filename="{kind}-{slug}.docx"'})


def _waiting(site: Site, uid: str, slug: str) -> int:
    return len(answers.proposals(site.context(uid), slug))


# -- the page ------------------------------------------------------------------------------------
def _page(request: Request, who: Identity, site: Site, slug: str, status: int = 200,
          error: str = "", where: str = "", confirm: str = "",
          given: dict[str, str] | None = None) -> Response:
    me = deps.professional(slug, who, site)
    notice = site.notices.take(who.bound_to, _path(slug))
    view = documents.documents_page(me.family, site.today(),
                                    families.list_sheets(site.context(who.uid)),
                                    _waiting(site, who.uid, slug))
    confirming = next((d for d in view.documents if d.key == confirm), None)
    known = {"upload", "sheet", "finalize", "readback"} | {
        f"word-{w.kind}" for w in view.word} | {d.key for d in view.documents}
    return page(request, "documents.html", who, status, view=view, slug=slug, notice=notice,
                error=error if where in known else "",
                top_error="" if where in known else error, where=where,
                confirming=confirming, given=given or {}, seen=documents.seen_text,
                waiting=documents.waiting_text(view.waiting) if view.waiting else "",
                sensitivities=M.WEB_DOCUMENTS_SENSITIVITIES)

@pages.get("/hulpverlener/{slug}/documenten", response_class=HTMLResponse)
def documents_page(request: Request, slug: str, who: Who, _me: Professional, site: SiteDep,
                   verwijderen: str = "") -> Response:
    return _page(request, who, site, slug, confirm=verwijderen)


@pages.post("/hulpverlener/{slug}/documenten/toevoegen")
def documents_upload(request: Request, slug: str, file: Annotated[UploadFile, File()],
                     title: Annotated[str, Form()], about: Annotated[str, Form()],
                     csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                     sensitivity: Annotated[str, Form()] = "sensitive") -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    content, name = _upload(file)
    try:
        document = documents.upload(site, who.uid, slug, content, name, title, about,
                                    sensitivity)
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     "upload", given={"title": title, "about": about,
                                      "sensitivity": sensitivity})
    return people.applied_and_back(request, who, site, slug, _path(slug),
                                   M.WEB_DOCUMENT_ADDED.format(title=document.title),
                                   f"#d-{document.key}")


@pages.post("/hulpverlener/{slug}/documenten/blad")
def documents_sheet(request: Request, slug: str, sheet: Annotated[str, Form()],
                    csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                    about: Annotated[str, Form()] = "") -> Response:
    form_checked(site, who, csrf)
    me = deps.professional(slug, who, site)
    try:
        document = documents.add_sheet(site, who.uid, slug, sheet, about)
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     "sheet")
    about_name = next((p.name for p in me.family.people if p.key == document.subject),
                      document.subject)
    return people.applied_and_back(
        request, who, site, slug, _path(slug),
        M.WEB_SHEET_ADDED.format(title=document.title, about=about_name), f"#d-{document.key}")


@pages.post("/hulpverlener/{slug}/documenten/{key}/verwijderen")
def documents_remove(request: Request, slug: str, key: str, csrf: Annotated[str, Form()],
                     who: Who, site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        document = documents.remove(site, who.uid, slug, key)
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     key)
    return people.applied_and_back(request, who, site, slug, _path(slug),
                                   M.WEB_DOCUMENT_REMOVED.format(title=document.title))


@pages.get("/hulpverlener/{slug}/document")
def render_document(request: Request, slug: str, soort: str, who: Who, site: SiteDep,
                    voor: str = "", versie: str = "1") -> Response:
    """The Word document ``soort`` filled from the record, to download."""
    deps.professional(slug, who, site)
    try:
        content = documents.render(site, who.uid, slug, soort, voor, versie)
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     f"word-{soort}")
    return _word_file(soort, slug, content)


@pages.post("/hulpverlener/{slug}/word/{kind}/bewaren")
def word_store(request: Request, slug: str, kind: str, csrf: Annotated[str, Form()],
               who: Who, site: SiteDep, about: Annotated[str, Form()] = "",
               version: Annotated[str, Form()] = "1",
               final: Annotated[str, Form()] = "") -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    try:
        document = documents.store(site, who.uid, slug, kind, about, version, bool(final))
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     f"word-{kind}")
    said = M.WEB_WORD_STORED_FINAL if final else M.WEB_WORD_STORED
    return people.applied_and_back(
        request, who, site, slug, _path(slug),
        said.format(kind=documents.word_name(kind), file_name=document.file_name),
        f"#d-{document.key}")


@pages.post("/hulpverlener/{slug}/word/definitief")
def word_finalize(request: Request, slug: str, file: Annotated[UploadFile, File()],
                  csrf: Annotated[str, Form()], who: Who, site: SiteDep,
                  version: Annotated[str, Form()] = "1") -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    content, name = _upload(file)
    try:
        kind, final = documents.finalised(content, name, version)
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     "finalize")
    return _word_file(kind, slug, final)


@pages.post("/hulpverlener/{slug}/word/teruglezen")
def word_read(request: Request, slug: str, file: Annotated[UploadFile, File()],
              csrf: Annotated[str, Form()], who: Who, site: SiteDep) -> Response:
    form_checked(site, who, csrf)
    deps.professional(slug, who, site)
    content, name = _upload(file)
    try:
        report = documents.read_back(site, who.uid, slug, content, name)
    except InvalidInput as error:
        return _page(request, who, site, slug, status_of(error), documents.error_text(error),
                     "readback")
    site.notices.put(who.bound_to, _path(slug),
                     Notice(documents.read_back_text(report), problem=bool(report.problems)))
    return go(request, _path(slug) + "#melding")


# -- the JSON API --------------------------------------------------------------------------------
class NewSheet(BaseModel):
    sheet: str
    """The sheet's name (see ``sheets`` in the list)."""
    about: str = ""
    """The key of the person it is about; empty: the family's youth."""


class StoreWord(BaseModel):
    about: str = ""
    """The key of the person it is for; empty: the oldest youth."""
    version: str = "1"
    final: bool = False
    """Finalise it first (empty fields out, version and status "definitief")."""

@api.get("/families/{slug}/documents", responses=answering(401, 403))
def api_documents(slug: str, who: Who, me: Professional, site: SiteDep) -> Any:
    """The family's documents (what they are about, their file name, how many network
    members may see them), the ready-made sheets still to add, the Word documents and how
    many proposals wait."""
    return jsonable(documents.documents_page(me.family, site.today(),
                                             families.list_sheets(site.context(who.uid)),
                                             _waiting(site, who.uid, slug)))


@api.post("/families/{slug}/documents", status_code=201,
          responses=answering(400, 401, 403, 404, 409, 422))
def api_upload(slug: str, file: Annotated[UploadFile, File()], title: Annotated[str, Form()],
               about: Annotated[str, Form()], who: ApiChecked, _me: Professional,
               site: SiteDep, sensitivity: Annotated[str, Form()] = "sensitive"
               ) -> dict[str, Any]:
    """Upload a psycho-education document (multipart: ``file``, ``title``, ``about``: the
    key of the person it is about, ``sensitivity``: normal, sensitive or health). Nobody
    in the network sees it until granted; then the family is applied to Nextcloud."""
    content, name = _upload(file)
    document = documents.upload(site, who.uid, slug, content, name, title, about, sensitivity)
    notice = people.applied(site, slug, M.WEB_DOCUMENT_ADDED.format(title=document.title))
    return {"document": document.key, "file_name": document.file_name, **people.notice_json(notice)}


@api.post("/families/{slug}/documents/sheets", status_code=201,
          responses=answering(400, 401, 403, 404, 409, 422))
def api_sheet(slug: str, body: NewSheet, who: ApiChecked, me: Professional,
              site: SiteDep) -> dict[str, Any]:
    """Add a ready-made sheet as psycho-education (a guide for the professional: 400)."""
    document = documents.add_sheet(site, who.uid, slug, body.sheet, body.about)
    about = next((p.name for p in me.family.people if p.key == document.subject),
                 document.subject)
    notice = people.applied(site, slug, M.WEB_SHEET_ADDED.format(title=document.title,
                                                                 about=about))
    return {"document": document.key, "file_name": document.file_name, **people.notice_json(notice)}


@api.delete("/families/{slug}/documents/{key}", responses=answering(401, 403, 404))
def api_remove(slug: str, key: str, who: ApiChecked, _me: Professional,
               site: SiteDep) -> dict[str, Any]:
    """Remove a document and every grant for it: nobody in the network sees it any more."""
    document = documents.remove(site, who.uid, slug, key)
    notice = people.applied(site, slug, M.WEB_DOCUMENT_REMOVED.format(title=document.title))
    return {"document": document.key, **people.notice_json(notice)}


@api.get("/families/{slug}/word/{kind}", response_class=Response,
         responses={200: {"content": {DOCX: {}}, "description": "The Word document"},
                    **answering(400, 401, 403, 404)})
def api_render(slug: str, kind: str, who: Who, _me: Professional, site: SiteDep,
               about: str = "", version: str = "1") -> Response:
    """The Word document ``kind`` filled from the record (``about``: for whom; default the
    oldest youth)."""
    return _word_file(kind, slug, documents.render(site, who.uid, slug, kind, about, version))


@api.post("/families/{slug}/word/{kind}/store", status_code=201,
          responses=answering(400, 401, 403, 404, 409, 422))
def api_store(slug: str, kind: str, who: ApiChecked, _me: Professional, site: SiteDep,
              body: StoreWord | None = None) -> dict[str, Any]:
    """Keep a version in the family's folder (finalised if asked) as a document about its
    subject; nobody in the network sees it until granted. 409: this version is already
    kept today."""
    body = body or StoreWord()
    document = documents.store(site, who.uid, slug, kind, body.about, body.version,
                               body.final)
    said = M.WEB_WORD_STORED_FINAL if body.final else M.WEB_WORD_STORED
    notice = people.applied(site, slug, said.format(kind=documents.word_name(kind),
                                                    file_name=document.file_name))
    return {"document": document.key, "file_name": document.file_name, **people.notice_json(notice)}


@api.post("/families/{slug}/word/{kind}/finalize", response_class=Response,
          responses={200: {"content": {DOCX: {}}, "description": "The finalised document"},
                     **answering(400, 401, 403, 422)})
def api_finalize(slug: str, kind: str, file: Annotated[UploadFile, File()], who: ApiChecked,
                 _me: Professional, version: Annotated[str, Form()] = "1") -> Response:
    """Finalise a completed ``kind`` document zolicht made (multipart: ``file``,
    ``version``): empty fields out, version and status "definitief" in. Nothing is kept."""
    content, name = _upload(file)
    _kind, final = documents.finalised(content, name, version, kind)
    return _word_file(kind, slug, final)


@api.post("/families/{slug}/word/{kind}/read",
          responses=answering(400, 401, 403, 422))
def api_read(slug: str, kind: str, file: Annotated[UploadFile, File()], who: ApiChecked,
             _me: Professional, site: SiteDep) -> dict[str, Any]:
    """Read a completed ``kind`` document back (multipart: ``file``): its fields that
    belong in the record become proposals (``proposals``: how many new ones; ``waiting``:
    how many open ones wait on the proposals page)."""
    content, name = _upload(file)
    report = documents.read_back(site, who.uid, slug, content, name, kind)
    return {"kind": report.kind, "proposals": report.proposals, "problems": report.problems,
            "waiting": _waiting(site, who.uid, slug),
            "message": documents.read_back_text(report)}
