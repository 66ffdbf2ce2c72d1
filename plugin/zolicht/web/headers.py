"""Security headers on every response, pages and API alike: nothing is stored by browsers or
proxies (pages carry titles of health documents), no other site may frame a page, nothing
is sniffed as another type, and no address leaks through the Referer.

Behind AppAPI's proxy these headers reach the browser too: AppAPI passes the app's response
headers on (the first value of each), over Nextcloud's own defaults. Without a
``Cache-Control`` of our own, AppAPI would mark a page (a path without ``.html``) as
cacheable for an hour. Framing stays allowed for the same origin, which behind the proxy is
Nextcloud itself (its top-menu page may embed an app's page).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGES_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
DOCS_POLICY = ("default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
               "style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
               "connect-src 'self'; base-uri 'none'; frame-ancestors 'self'")
"""The OpenAPI page (``/api/v1/docs``) loads Swagger UI from its CDN."""
COMMON = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "SAMEORIGIN",
}


def security_headers(path: str) -> dict[str, str]:
    policy = DOCS_POLICY if path == "/api/v1/docs" else PAGES_POLICY
    return {**COMMON, "content-security-policy": policy}


class SecurityHeaders:
    """ASGI middleware adding ``security_headers`` to every response that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [(k.encode(), v.encode()) for k, v in security_headers(scope["path"]).items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in extra if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
