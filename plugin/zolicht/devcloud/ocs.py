"""The OCS envelope: V1 and V2 flavours, JSON and XML (reference §1.3-1.4)."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import Response

UNAUTHORISED = 997
NOT_FOUND = 998
SERVER_ERROR = 996
UNKNOWN_ERROR = 999
INVALID_QUERY = (
    "Invalid query, please check the syntax. API specifications are here: "
    "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n"
)


class Null:
    """A handler's ``data`` that is rendered as JSON null (Forms' submission answer)."""


NULL = Null()


class Bare(Exception):
    """An answer with this status and an empty body, outside the OCS envelope (Forms'
    missing form)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class OCSError(Exception):
    """An OCS failure: ``code`` is the controller status (404, 102, 997 …)."""

    def __init__(self, code: int, message: str = "", headers: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = headers or {}


def is_v2(request: Request) -> bool:
    return request.url.path.startswith("/ocs/v2.php")


def wants_json(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt is not None:
        return fmt == "json"
    return "application/json" in request.headers.get("accept", "")


def respond(request: Request, data: Any = None, code: int = 200, message: str = "",
            headers: dict[str, str] | None = None) -> Response:
    """Wrap ``data`` in the envelope of the request's OCS version and format."""
    if is_v2(request):
        http = _v2_http_status(code)
        meta: dict[str, Any] = {
            "status": "ok" if 200 <= http < 300 else "failure",
            "statuscode": code,
            "message": "OK" if 200 <= http < 300 else message,
        }
    else:
        http = 401 if code == UNAUTHORISED else 200
        statuscode = 100 if code == 200 else code
        meta = {
            "status": "ok" if statuscode == 100 else "failure",
            "statuscode": statuscode,
            "message": "OK" if statuscode == 100 else message,
            "totalitems": "",
            "itemsperpage": "",
        }
    payload = None if data is NULL else [] if data is None or data == {} else data
    if wants_json(request):
        body = json.dumps({"ocs": {"meta": meta, "data": payload}}, separators=(",", ":"))
        media = "application/json; charset=utf-8"
    else:
        body = _xml(meta, payload)
        media = "application/xml; charset=utf-8"
    return Response(body, status_code=http, headers=headers, media_type=media)


def error(request: Request, failure: OCSError) -> Response:
    return respond(request, None, failure.code, failure.message, failure.headers)


def _v2_http_status(code: int) -> int:
    if code == UNAUTHORISED:
        return 401
    if code == NOT_FOUND:
        return 404
    if code in (SERVER_ERROR, UNKNOWN_ERROR):
        return 500
    if 200 <= code < 600:
        return code
    return 400


def _xml(meta: dict[str, Any], data: Any) -> str:
    lines = ['<?xml version="1.0"?>', "<ocs>", " <meta>"]
    lines += [f"  <{k}>{_text(v)}</{k}>" for k, v in meta.items()]
    lines.append(" </meta>")
    lines += _element("data", data, 1)
    lines.append("</ocs>")
    return "\n".join(lines) + "\n"


def _element(name: str, value: Any, depth: int) -> list[str]:
    pad = " " * depth
    if isinstance(value, dict):
        if not value:
            return [f"{pad}<{name}/>"]
        inner = [line for k, v in value.items() for line in _element(str(k), v, depth + 1)]
        return [f"{pad}<{name}>", *inner, f"{pad}</{name}>"]
    if isinstance(value, list):
        if not value:
            return [f"{pad}<{name}/>"]
        inner = [line for v in value for line in _element("element", v, depth + 1)]
        return [f"{pad}<{name}>", *inner, f"{pad}</{name}>"]
    if value is None:
        return [f"{pad}<{name}/>"]
    return [f"{pad}<{name}>{_text(value)}</{name}>"]


def _text(value: Any) -> str:
    if value is True:
        return "1"
    if value is False:
        return ""
    return escape(str(value))
