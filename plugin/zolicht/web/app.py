"""The FastAPI app: pages for families, network members and professionals, the JSON API
(``/api/v1``, with its OpenAPI schema), and AppAPI's lifecycle endpoints.

Pages work without JavaScript: server-rendered HTML forms, POST-redirect-GET (behind
AppAPI's proxy: POST and a page that sends the browser on), and a CSRF token in every form
(``X-CSRF-Token`` for the API). Every family route checks that the person is in that
family and may see that page; anything else gets the same 403, whether or not the family,
the document or the member exists.

- ``deps.py``: the site, the signed-in person, CSRF, who the viewer is in the family;
- ``signin.py``, ``pages.py``, ``api.py``, ``appapi.py``: the routes;
- ``errors.py``: the answers to nobody signed in, a forbidden request, bad input;
- ``site.py``: the process's state and actions (a yes or a stop is
  ``services.decisions.decide``); ``views.py``: what each page shows (pure).
"""

from __future__ import annotations

from fastapi import FastAPI

from zolicht.web import (
    api,
    appapi,
    contact_pages,
    desk,
    errors,
    hooks,
    pages,
    paperwork,
    signin,
    work,
)
from zolicht.web.headers import SecurityHeaders
from zolicht.web.site import Site


def create_app(site: Site) -> FastAPI:
    """The web app serving ``site``."""
    app = FastAPI(title="zolicht", version="1", openapi_url="/api/v1/openapi.json",
                  docs_url="/api/v1/docs", redoc_url=None)
    app.state.site = site
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    for router in (signin.router, pages.router, desk.pages, work.pages, contact_pages.pages,
                   paperwork.pages, api.router, desk.api, work.api, contact_pages.api,
                   paperwork.api, appapi.router, hooks.router):
        app.include_router(router)
    return app
