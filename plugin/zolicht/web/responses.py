"""How pages answer: a template with the CSRF token and the link prefix, sending the browser
on (a 303, or behind AppAPI's proxy a page that does it), cookies, and JSON values."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from zolicht import messages as M
from zolicht.web.auth import APPAPI_HEADER, csrf_token
from zolicht.web.deps import Identity, site_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals["M"] = M
"""Every template reads its words from ``messages`` as ``M`` (``{{ M.PAGE_… }}``); a
template holds no Dutch of its own, so a translation is one module."""


def page(request: Request, name: str, who: Identity | None, status: int = 200,
         **values: Any) -> HTMLResponse:
    """Template ``name`` with ``values``, the signed-in person's CSRF token and the prefix
    of every link."""
    settings = site_of(request).settings
    values["csrf"] = csrf_token(settings.key, who.bound_to) if who else ""
    values["root"] = settings.root_path
    return TEMPLATES.TemplateResponse(request, name, values, status_code=status)


def go(request: Request, path: str) -> Response:
    """Send the browser on to ``path`` on this site (behind AppAPI's proxy prefix when there
    is one): a 303 See Other, or, for a request that came through AppAPI's proxy, a page
    that sends the browser on by itself (meta refresh) with a visible link. AppAPI's proxy
    follows redirects itself, against zolicht's own address, where the prefixed path does
    not exist; so it must never get one."""
    root = site_of(request).settings.root_path
    if not through_appapi(request):
        return RedirectResponse(root + path, 303)
    return page(request, "continue.html", None, target=root + path)


def through_appapi(request: Request) -> bool:
    """Whether the request came through AppAPI's proxy: zolicht runs as an external app and
    the request carries AppAPI's header (valid or not)."""
    return bool(site_of(request).settings.app_secret) and APPAPI_HEADER in request.headers


def set_cookie(request: Request, response: Response, name: str, value: str,
               max_age: int | None = None) -> None:
    """An ``HttpOnly``, ``SameSite=Lax`` cookie for the whole site; ``Secure`` when set."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=site_of(request).settings.secure_cookies, path="/")


def jsonable(value: Any) -> Any:
    """Dataclasses and datetimes as plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
