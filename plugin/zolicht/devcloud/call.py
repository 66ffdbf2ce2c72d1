"""One OCS request being served, and the table of OCS routes the modules register."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from zolicht.devcloud.ratelimit import Limit

if TYPE_CHECKING:
    from zolicht.devcloud.app import Server
    from zolicht.devcloud.appapi import Signed


@dataclass
class Call:
    server: Server
    request: Request
    uid: str
    params: dict[str, Any]
    args: dict[str, str] = field(default_factory=dict)
    app_password: bool = False
    secret: str = ""
    signed: Signed | None = None
    """The ExApp that signed the request with AppAPI's headers, if one did."""

    def param(self, name: str) -> str | None:
        value = self.params.get(name)
        return None if value is None else str(value)

    def int_param(self, name: str) -> int | None:
        value = self.param(name)
        return int(value) if value is not None and value.lstrip("-").isdigit() else None

    def list_param(self, name: str) -> list[str]:
        value = self.params.get(name, self.params.get(name + "[]", []))
        return [str(v) for v in (value if isinstance(value, list) else [value])]

    def page(self) -> tuple[str, int | None, int]:
        """The ``search``, ``limit`` and ``offset`` of a listing."""
        return self.param("search") or "", self.int_param("limit"), self.int_param("offset") or 0

    def arg(self, name: str) -> str:
        return self.args[name]


@dataclass(frozen=True)
class Reply:
    """A handler's answer with a status other than 200 (Forms answers 201 on creation), or
    with an ETag of its data (capabilities)."""

    data: Any
    code: int = 200
    etag: bool = False


@dataclass(frozen=True)
class Download:
    """A handler's answer that is a file, not an OCS envelope (Forms' CSV export)."""

    body: bytes
    media_type: str
    filename: str


Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    public: bool
    """Reachable without logging in, and without the OCS-APIRequest header."""
    limit: Limit | None
    """A per-user rate limit."""


ROUTES: list[Route] = []


def route(method: str, pattern: str, public: bool = False,
          limit: Limit | None = None) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, re.compile(pattern), handler, public, limit))
        return handler

    return register


def match(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    """(route, arguments, whether the path exists for some other method)."""
    known_path = False
    for candidate in ROUTES:
        found = candidate.pattern.fullmatch(path)
        if found is None:
            continue
        if candidate.method == method:
            return candidate, {k: v for k, v in found.groupdict().items() if v is not None}, True
        known_path = True
    return None, {}, known_path
