"""Response bodies and headers turned into plain trees that can be normalised and compared.

JSON stays JSON. XML becomes a dict per element: each child tag (``d:href``, with the
usual prefixes for the namespaces Nextcloud uses) maps to the list of that child's
values, attributes appear as ``@name`` and a leaf is its text. iCalendar becomes the
same kind of tree, one key per property or sub-component. HTML pages are recorded only as
being a page; other text as it is.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs
from xml.etree import ElementTree as ET

import httpx

PREFIXES = {
    "DAV:": "d", "http://owncloud.org/ns": "oc", "http://nextcloud.org/ns": "nc",
    "urn:ietf:params:xml:ns:caldav": "cal", "http://calendarserver.org/ns/": "cs",
    "http://apple.com/ns/ical/": "x1", "http://sabredav.org/ns": "s",
    "http://open-collaboration-services.org/ns": "ocs",
}
HEADERS = (
    "content-type", "etag", "oc-etag", "oc-fileid", "retry-after", "dav", "location",
    "www-authenticate", "x-sabre-status", "content-disposition", "x-oc-mtime",
)
"""The response headers a client can depend on; others (Date, CSP, …) are not recorded."""


SESSION_COOKIE = re.compile(
    r"^(oc_sessionPassphrase|nc_sameSiteCookie(lax|strict)|oc[a-z0-9]{10})$")
"""Nextcloud's own session cookies, set on any page; only an ExApp's cookies are recorded."""


def body(response: httpx.Response) -> dict[str, Any]:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not response.content:
        return {"empty": True}
    if kind.endswith("json"):
        try:
            return {"json": response.json()}
        except ValueError:
            return {"text": response.text}
    if kind.endswith("xml"):
        return xml_body(response.content)
    if kind == "text/calendar":
        return {"ics": ics(response.text)}
    if kind == "text/html":
        return {"html": True}
    return {"text": response.text}


def xml_body(content: bytes) -> dict[str, Any]:
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        return {"text": content.decode("utf-8", "replace")}
    return {"xml": {tag(root.tag): [element(root)]}}


def element(node: ET.Element) -> Any:
    children = list(node)
    if not children and not node.attrib:
        return (node.text or "").strip()
    tree: dict[str, Any] = {f"@{k}": v for k, v in sorted(node.attrib.items())}
    for child in children:
        tree.setdefault(tag(child.tag), []).append(element(child))
    if not children and (node.text or "").strip():
        tree["#text"] = (node.text or "").strip()
    return tree


def tag(clark: str) -> str:
    """``{DAV:}href`` as ``d:href``; an unknown namespace stays in Clark notation."""
    if not clark.startswith("{"):
        return clark
    namespace, _, name = clark[1:].partition("}")
    prefix = PREFIXES.get(namespace)
    return f"{prefix}:{name}" if prefix else clark


def ics(text: str) -> dict[str, Any]:
    """Unfolded iCalendar lines as nested components; property parameters are dropped."""
    lines = text.replace("\r\n ", "").replace("\n ", "").replace("\r\n", "\n").split("\n")
    stack: list[dict[str, Any]] = [{}]
    for line in filter(None, lines):
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        if name == "BEGIN":
            component: dict[str, Any] = {}
            stack[-1].setdefault(value, []).append(component)
            stack.append(component)
        elif name == "END":
            stack.pop()
        else:
            stack[-1].setdefault(name, []).append(value)
    return stack[0]


def headers(response: httpx.Response, extra: tuple[str, ...] = ()) -> dict[str, str]:
    found = {}
    for name in (*HEADERS, *extra):
        value = header_value(name, response.headers.get(name, ""))
        if value:
            found[name] = value
    return found


def header_value(name: str, value: str) -> str:
    if name == "content-type":
        return value.lower().replace(" ", "")
    if name == "dav":
        return ", ".join(sorted(p.strip() for p in value.split(",")))
    if name == "set-cookie":
        names = {c.split("=")[0].strip() for c in value.split(", ") if "=" in c.split(";")[0]}
        return ", ".join(sorted(n for n in names if not SESSION_COOKIE.match(n)))
    return value


def request_body(content: bytes, kind: str) -> Any:
    """What the scenario sent, for a reader of the recording."""
    if not content:
        return None
    text = content.decode("utf-8", "replace")
    if "json" in kind:
        return json.loads(text)
    if "x-www-form-urlencoded" in kind:
        return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(text).items()}
    if "xml" in kind:
        return xml_body(content)
    if "calendar" in kind:
        return {"ics": ics(text)}
    return text
