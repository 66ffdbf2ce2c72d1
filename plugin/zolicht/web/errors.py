"""What nobody signed in, a forbidden request and bad input get: JSON under ``/api/``, a page
(or the sign-in page) elsewhere. Forbidden is one answer, whatever was asked for."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from zolicht import messages as M
from zolicht.domain.errors import Conflict, InvalidInput, NotFound
from zolicht.web.deps import SAFE, SignIn
from zolicht.web.responses import go, page, through_appapi
from zolicht.web.site import Forbidden


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def sign_in_first(request: Request, _error: Exception) -> Response:
    if _api(request):
        return JSONResponse({"error": "sign in first"}, 401)
    if through_appapi(request):  # AppAPI did not vouch
        return page(request, "message.html", None, 401, message=M.WEB_NOT_VOUCHED)
    if request.method not in SAFE:
        return go(request, "/inloggen")
    return go(request, f"/inloggen?naar={quote(request.url.path)}")


def forbidden(request: Request, _error: Exception) -> Response:
    if _api(request):
        return JSONResponse({"error": "forbidden"}, 403)
    return page(request, "message.html", None, 403, message=M.WEB_NOT_FOR_YOU)


def status_of(error: InvalidInput) -> int:
    """404 for something named that does not exist, 409 for a clash with the record,
    else 400."""
    if isinstance(error, NotFound):
        return 404
    return 409 if isinstance(error, Conflict) else 400


def invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, InvalidInput)
    status = status_of(error)
    if _api(request):
        return JSONResponse({"field": error.field, "error": error.message}, status)
    return page(request, "message.html", None, status,
                message=f"{error.field}: {error.message}")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(SignIn, sign_in_first)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(InvalidInput, invalid)
