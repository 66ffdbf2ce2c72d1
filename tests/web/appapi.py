"""A stand-in for AppAPI's proxy (nextcloud/app_api, ExAppProxyController), behaving as it
does where zolicht notices:

- Nextcloud's own session says who the user is (here: the cookie ``nc_user``, set by
  ``/login-as/{uid}``); without one, a USER route answers 404.
- the browser's headers go on to the app, minus ``Content-Length``, ``X-Origin-IP`` and
  ``AUTHORIZATION-APP-API``, plus ``X-Origin-IP`` (the browser's address) and AppAPI's
  own headers (``AA-VERSION``, ``EX-APP-ID``, ``EX-APP-VERSION``, ``AUTHORIZATION-APP-API``
  = base64 of ``uid:secret``, ``AA-REQUEST-ID``);
- the request goes out with Guzzle's defaults: redirects are FOLLOWED by the proxy itself,
  up to 5, a 301/302/303 after a POST becomes a GET without body, and a relative
  ``Location`` is resolved against the app's own address (not Nextcloud's);
- the answer goes back with the app's status and body and the first value of each of its
  headers, minus AppAPI's own headers and ``Transfer-Encoding``.
"""

from __future__ import annotations

import base64

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

PREFIX = "/index.php/apps/app_api/proxy/zolicht"
NOT_PASSED_ON = {"aa-version", "ex-app-id", "authorization-app-api", "ex-app-version",
                 "aa-request-id", "transfer-encoding", "content-length", "content-encoding"}


def appapi_proxy(app_url: str, secret: str) -> FastAPI:
    proxy = FastAPI()

    @proxy.get("/login-as/{uid}")
    def login_as(uid: str) -> Response:
        response = RedirectResponse(f"{PREFIX}/", 303)
        response.set_cookie("nc_user", uid)
        return response

    @proxy.api_route(PREFIX + "/{path:path}", methods=["GET", "POST", "PUT", "DELETE"])
    async def forward(request: Request, path: str) -> Response:
        uid = request.cookies.get("nc_user")
        if not uid:
            return Response("", 404)
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() not in ("content-length", "x-origin-ip", "authorization-app-api")}
        headers |= {
            "x-origin-ip": request.client.host if request.client else "",
            "AA-VERSION": "32.0.0", "EX-APP-ID": "zolicht", "EX-APP-VERSION": "0.1.0",
            "AUTHORIZATION-APP-API": base64.b64encode(f"{uid}:{secret}".encode()).decode(),
            "AA-REQUEST-ID": "test"}
        async with httpx.AsyncClient(base_url=app_url, follow_redirects=True, max_redirects=5,
                                     timeout=30) as client:
            answer = await client.request(request.method, "/" + path,
                                          params=request.query_params, headers=headers,
                                          content=await request.body())
        first: dict[str, str] = {}
        for key, value in answer.headers.multi_items():
            if key.lower() not in NOT_PASSED_ON:
                first.setdefault(key, value)
        return Response(answer.content, answer.status_code, headers=first)

    return proxy
