"""How AppAPI's HTTP client (Guzzle, as Nextcloud sets it up) talks to an ExApp.

It sends exactly the headers it is given and follows up to five redirects itself,
against the ExApp's address (a relative ``Location`` resolves there):

* 303, and 301/302, turn a POST (or any method but GET, HEAD, OPTIONS) into a GET without
  a body; the other headers stay, ``Content-Type`` included;
* 307 and 308 repeat the request as it was;
* ``Host`` follows the new address, ``Referer`` is dropped, and ``Authorization`` and
  ``Cookie`` are dropped when the redirect leaves the ExApp's origin;
* cookies the ExApp sets on the way are kept for the ExApp's host, with the caller's.

More redirects than five, or an ExApp that cannot be reached, give no answer (None).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 5
SAFE = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Forward:
    method: str
    url: str
    headers: dict[str, str]
    """Lower-case names."""
    body: bytes


async def follow(first: Forward) -> httpx.Response | None:
    host = urlsplit(first.url).netloc
    jar = cookies(first.headers.get("cookie", ""))
    request = first
    async with httpx.AsyncClient(timeout=None) as client:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                answer = await send(client, with_cookies(request, jar, host))
            except httpx.HTTPError:
                return None
            if urlsplit(request.url).netloc == host:
                jar.update(set_cookies(answer))
            if not (300 <= answer.status_code < 400 and "location" in answer.headers):
                return answer
            if hop == MAX_REDIRECTS:
                return None
            request = redirected(request, answer)
    return None


async def send(client: httpx.AsyncClient, request: Forward) -> httpx.Response:
    body = request.body or (b"" if request.method in ("POST", "PUT") else None)
    built = client.build_request(request.method, request.url, headers=request.headers,
                                 content=body)
    return await client.send(exactly(built, request.headers))


def exactly(built: httpx.Request, wanted: dict[str, str]) -> httpx.Request:
    """The request with only the given headers (and Host, Content-Length): none of the
    defaults httpx would add."""
    keep = {name.lower() for name in wanted} | {"host", "content-length"}
    for name in list(built.headers):
        if name.lower() not in keep:
            del built.headers[name]
    return built


def redirected(request: Forward, answer: httpx.Response) -> Forward:
    target = urljoin(request.url, answer.headers["location"])
    method, body = request.method, request.body
    if answer.status_code in (301, 302, 303) and method not in SAFE:
        method, body = "GET", b""
    headers = {k: v for k, v in request.headers.items() if k != "referer"}
    headers["host"] = urlsplit(target).netloc
    if origin(target) != origin(request.url):
        headers.pop("authorization", None)
        headers.pop("cookie", None)
    return replace(request, method=method, url=target, headers=headers, body=body)


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def cookies(header: str) -> dict[str, str]:
    parsed: SimpleCookie = SimpleCookie()
    parsed.load(header)
    return {name: morsel.value for name, morsel in parsed.items()}


def set_cookies(answer: httpx.Response) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in answer.headers.get_list("set-cookie"):
        found.update(cookies(line.split(";")[0]))
    return found


def with_cookies(request: Forward, jar: dict[str, str], host: str) -> Forward:
    """The request with the jar's cookies, when it goes to the ExApp's host."""
    headers = {k: v for k, v in request.headers.items() if k != "cookie"}
    if jar and urlsplit(request.url).netloc == host:
        headers["cookie"] = "; ".join(f"{name}={value}" for name, value in jar.items())
    return replace(request, headers=headers)
