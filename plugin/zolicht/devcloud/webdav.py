"""WebDAV on a user's tree, as Nextcloud's SabreDAV setup answers (reference §4)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable
from email.utils import formatdate
from urllib.parse import quote, unquote, urlparse
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from zolicht.devcloud.tree import (
    CREATE,
    DELETE,
    SHARE,
    UPDATE,
    Mount,
    Node,
    Tree,
    clean,
    mimetype,
    parent_of,
)

D, OC, NC = "DAV:", "http://owncloud.org/ns", "http://nextcloud.org/ns"
PREFIXES = {D: "d", OC: "oc", NC: "nc", "http://sabredav.org/ns": "s",
            "http://open-collaboration-services.org/ns": "ocs"}
DEFAULT_PROPS = [(D, "getlastmodified"), (D, "getetag"), (D, "getcontenttype"),
                 (D, "resourcetype"), (D, "getcontentlength"), (D, "quota-used-bytes"),
                 (D, "quota-available-bytes")]


FILES_DAV = ("1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, "
             "nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, "
             "nc-paginate")
"""The DAV header Nextcloud's files endpoint sends with OPTIONS and PROPFIND answers."""
EMPTY = "text/html; charset=UTF-8"
"""PHP's default Content-Type, which Nextcloud's bodiless DAV answers keep."""


class DavError(Exception):
    def __init__(self, status: int, exception: str, message: str = "",
                 headers: dict[str, str] | None = None, header: str = "",
                 extra: str = "") -> None:
        super().__init__(message)
        self.status, self.exception, self.message = status, exception, message
        self.headers = headers or {}
        self.header = header
        """The request header that failed (``<s:header>``), for precondition errors."""
        self.extra = extra
        """Further XML inside ``<d:error>`` (Nextcloud's own exceptions add some)."""


def not_found(path: str) -> DavError:
    """Sabre's 404 for ``path``, named as Nextcloud names it: from the root, with the
    parent and the missing name joined by a slash (``//plan.txt`` at the top)."""
    parent, _, name = path.rpartition("/")
    return DavError(404, "Sabre\\DAV\\Exception\\NotFound",
                    f"File with name /{parent}/{name} could not be located")


def empty(status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, headers=headers, media_type=EMPTY)


def forbidden(message: str = "") -> DavError:
    return DavError(403, "Sabre\\DAV\\Exception\\Forbidden", message)


def error_response(failure: DavError) -> Response:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n'
        f"  <s:exception>{escape(failure.exception)}</s:exception>\n"
        f"  <s:message>{escape(failure.message)}</s:message>\n"
        + (f"  <s:header>{escape(failure.header)}</s:header>\n" if failure.header else "")
        + failure.extra + "</d:error>\n"
    )
    return Response(body, failure.status, headers=failure.headers,
                     media_type="application/xml; charset=utf-8")


async def with_dav_header(request: Request, features: str,
                          answer: Awaitable[Response]) -> Response:
    """Sabre's DAV header, which Nextcloud sends with PROPFIND and OPTIONS answers (also
    with a PROPFIND's error)."""
    header = {"DAV": features} if request.method in ("PROPFIND", "OPTIONS") else {}
    try:
        response = await answer
    except DavError as failure:
        failure.headers.update(header)
        raise
    response.headers.update(header)
    return response


def http_date(timestamp: float) -> str:
    return formatdate(timestamp, usegmt=True)


class Dav:
    """One request's view: ``uid`` acting on their tree, addressed below ``base``."""

    def __init__(self, tree: Tree, uid: str, base: str, mounts: list[Mount],
                 instance_id: str, display_name: Callable[[str], str],
                 share_types: Callable[[str, int], list[int]],
                 root_permissions: int | None = None) -> None:
        self.tree, self.uid, self.base, self.mounts = tree, uid, base, mounts
        self.instance_id, self.display_name, self.share_types = (
            instance_id, display_name, share_types)
        self.root_permissions = root_permissions
        self._outgoing: dict[int, list[int]] = {}

    def outgoing(self, fileid: int) -> list[int]:
        """Share types of the viewer's outgoing shares of a file, read once per request."""
        if fileid not in self._outgoing:
            self._outgoing[fileid] = self.share_types(self.uid, fileid)
        return self._outgoing[fileid]

    # -- addressing ----------------------------------------------------------------------------
    def node(self, raw: str) -> Node:
        path = clean(unquote(raw))
        if path is None:
            raise DavError(400, "Sabre\\DAV\\Exception\\BadRequest", "Invalid path")
        return self.tree.locate(self.uid, path, self.mounts)

    def existing(self, raw: str) -> Node:
        node = self.node(raw)
        if not node.exists:
            raise not_found(self.first_missing(node.view_path))
        return node

    def first_missing(self, view_path: str) -> str:
        """The path down to its first part that does not exist (Nextcloud's 404 names it)."""
        parts = view_path.split("/")
        for n in range(1, len(parts) + 1):
            if not self.tree.locate(self.uid, "/".join(parts[:n]), self.mounts).exists:
                return "/".join(parts[:n])
        return view_path

    def href(self, node: Node) -> str:
        path = quote(node.view_path)
        suffix = "/" if node.is_dir else ""
        return f"{self.base}{path}{suffix}" if path else self.base

    def oc_id(self, node: Node) -> str:
        return f"{self.tree.fileid(node.owner, node.path):08d}{self.instance_id}"

    def permission_letters(self, node: Node, listed: bool) -> str:
        """Nextcloud's letters. The root of a share may always be deleted (left) by its
        recipient, and, where a folder lists it, also renamed; writing a shared file still
        needs the share's own update right."""
        bits = node.permissions if self.root_permissions is None else self.root_permissions
        if node.is_mount_root:
            bits |= DELETE | (UPDATE if listed else 0)
        letters = "S" if node.mount is not None else ""
        if bits & SHARE:
            letters += "R"
        letters += "G"
        if bits & DELETE:
            letters += "D"
        if bits & UPDATE:
            letters += "NV"
        if not node.is_dir and node.permissions & UPDATE:
            letters += "W"
        if node.is_dir and bits & CREATE:
            letters += "CK"
        return letters

    # -- reading -------------------------------------------------------------------------------
    def get(self, raw: str, head: bool = False) -> Response:
        node = self.existing(raw)
        if node.is_dir:
            if head:
                return Response(status_code=200)
            raise DavError(501, "Sabre\\DAV\\Exception\\NotImplemented",
                           "GET is only implemented on File objects")
        headers = self.file_headers(node)
        if head:
            headers["Content-Length"] = str(node.file.stat().st_size)
            return Response(status_code=200, headers=headers,
                            media_type=mimetype(node.path, False))
        return FileResponse(node.file, headers=headers, media_type=mimetype(node.path, False))

    def file_headers(self, node: Node) -> dict[str, str]:
        """What a download carries besides the content."""
        etag = f'"{self.tree.etag(node.owner, node.path)}"'
        name = node.name or node.path.rsplit("/", 1)[-1]
        return {"ETag": etag, "OC-ETag": etag,
                "Last-Modified": http_date(node.file.stat().st_mtime),
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}; "
                                       f'filename="{name}"'}

    async def propfind(self, raw: str, request: Request) -> Response:
        node = self.existing(raw)
        wanted = parse_propfind(await request.body())
        depth = request.headers.get("depth", "1").lower()
        nodes = [node]
        if depth != "0" and node.is_dir:  # Nextcloud does not enable Depth: infinity
            nodes += self.tree.children(node, self.mounts)
        responses = "".join(self.response(n, wanted, n is not node) for n in nodes if n.exists)
        body = (
            '<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"'
            ' xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">'
            f"{responses}</d:multistatus>\n"
        )
        return Response(body, 207, media_type="application/xml; charset=utf-8")

    def response(self, node: Node, wanted: list[tuple[str, str]] | None, listed: bool) -> str:
        values = self.properties(node, listed)
        names = wanted if wanted is not None else [p for p in DEFAULT_PROPS if p in values]
        found = [(ns, name, values[ns, name]) for ns, name in names if (ns, name) in values]
        missing = [(ns, name) for ns, name in names if (ns, name) not in values]
        parts = [f"<d:response><d:href>{escape(self.href(node))}</d:href>"]
        if found or not missing:
            inner = "".join(render_prop(ns, name, value) for ns, name, value in found)
            parts.append(f"<d:propstat><d:prop>{inner}</d:prop>"
                         "<d:status>HTTP/1.1 200 OK</d:status></d:propstat>")
        if missing:
            inner = "".join(render_prop(ns, name, None) for ns, name in missing)
            parts.append(f"<d:propstat><d:prop>{inner}</d:prop>"
                         "<d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>")
        parts.append("</d:response>")
        return "".join(parts)

    def properties(self, node: Node, listed: bool) -> dict[tuple[str, str], object]:
        stat = node.stat
        assert stat is not None
        fileid, etag = self.tree.entry(node.owner, node.path)
        size = self.tree.size(node)
        values: dict[tuple[str, str], object] = {
            (D, "getlastmodified"): http_date(stat.st_mtime),
            (D, "getetag"): f'"{etag}"',
            (D, "resourcetype"): Raw("<d:collection/>") if node.is_dir else Raw(""),
            (OC, "fileid"): fileid,
            (OC, "id"): f"{fileid:08d}{self.instance_id}",
            (OC, "permissions"): self.permission_letters(node, listed),
            (OC, "size"): size,
            (OC, "owner-id"): node.owner,
            (OC, "owner-display-name"): self.display_name(node.owner),
            (OC, "favorite"): 0,
            (NC, "has-preview"): "false",
            (NC, "mount-type"): "shared" if node.mount is not None else "",
            (OC, "share-types"): Raw("".join(
                f"<oc:share-type>{t}</oc:share-type>" for t in self.outgoing(fileid))),
        }
        if node.is_dir:
            values[D, "quota-used-bytes"] = size
            values[D, "quota-available-bytes"] = -3
        else:
            values[D, "getcontentlength"] = stat.st_size
            values[D, "getcontenttype"] = mimetype(node.path, False)
        return values

    # -- writing -------------------------------------------------------------------------------
    async def put(self, raw: str, request: Request) -> Response:
        node = self.node(raw)
        if not node.view_path:
            raise forbidden()
        parent = self.tree.locate(self.uid, parent_of(node.view_path), self.mounts)
        if not parent.exists:
            raise not_found(self.first_missing(parent.view_path))
        if not parent.is_dir:
            raise DavError(409, "Sabre\\DAV\\Exception\\Conflict",
                           "Files cannot be created in non-existent collections")
        existed = node.exists
        if existed and node.is_dir:
            raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed",
                           "PUT is not allowed on non-files.")
        needed = UPDATE if existed else CREATE
        rights = node.permissions if existed else parent.permissions
        if not rights & needed:
            raise forbidden()
        partial = node.file.with_name(f".{node.file.name}.part")
        with open(partial, "wb") as out:
            async for chunk in request.stream():
                out.write(chunk)
        os.replace(partial, node.file)
        headers: dict[str, str] = {}
        mtime = request.headers.get("x-oc-mtime")
        if mtime and mtime.isdigit():
            os.utime(node.file, (int(mtime), int(mtime)))
            headers["X-OC-MTime"] = "accepted"
        self.tree.changed(node.owner, node.path)
        etag = f'"{self.tree.etag(node.owner, node.path)}"'
        headers.update({"ETag": etag, "OC-ETag": etag, "OC-FileId": self.oc_id(node)})
        return empty(204 if existed else 201, headers)

    async def mkcol(self, raw: str, request: Request) -> Response:
        if await request.body():
            raise DavError(415, "Sabre\\DAV\\Exception\\UnsupportedMediaType",
                           "The request body for the MKCOL request must have an xml Content-Type")
        node = self.node(raw)
        if node.exists:
            raise DavError(405, "Sabre\\DAV\\Exception\\MethodNotAllowed",
                           "The resource you tried to create already exists")
        parent = self.tree.locate(self.uid, parent_of(node.view_path), self.mounts)
        if not parent.exists:
            raise DavError(409, "Sabre\\DAV\\Exception\\Conflict", "Parent node does not exist")
        if not parent.is_dir:
            raise DavError(409, "Sabre\\DAV\\Exception\\Conflict",
                           "Parent node is not a collection")
        if not parent.permissions & CREATE:
            raise forbidden()
        node.file.mkdir()
        self.tree.changed(node.owner, node.path)
        return empty(201, {"OC-FileId": self.oc_id(node)})

    def delete(self, raw: str, leave_share: Callable[[Mount], bool]) -> Response:
        node = self.existing(raw)
        if not node.view_path:
            raise forbidden()
        if node.is_mount_root:
            assert node.mount is not None
            if not leave_share(node.mount):
                raise forbidden()
            return empty(204)
        if not node.permissions & DELETE:
            raise forbidden()
        self.tree.removed(node.owner, node.path)
        if node.is_dir:
            shutil.rmtree(node.file)
        else:
            node.file.unlink()
        self.tree.changed(node.owner, parent_of(node.path))
        return empty(204)

    def move_or_copy(self, raw: str, request: Request, move: bool) -> Response:
        source = self.existing(raw)
        target = self.destination(request)
        overwrite = request.headers.get("overwrite", "T").upper() != "F"
        parent = self.tree.locate(self.uid, parent_of(target.view_path), self.mounts)
        if not parent.exists or not parent.is_dir:
            raise DavError(409, "Sabre\\DAV\\Exception\\Conflict",
                           "The destination node is not found")
        if target.view_path == source.view_path or \
                target.view_path.startswith(source.view_path + "/"):
            raise forbidden("Source and destination uri are identical.")
        existed = target.exists
        if existed and not overwrite:
            raise DavError(412, "Sabre\\DAV\\Exception\\PreconditionFailed",
                           "The destination node already exists, and the overwrite header "
                           "is set to false", header="Overwrite")
        if move and not (source.permissions & DELETE or source.is_mount_root):
            raise forbidden()
        if not parent.permissions & CREATE or (existed and not target.permissions & UPDATE):
            raise forbidden()
        if existed:
            self.tree.removed(target.owner, target.path)
            shutil.rmtree(target.file) if target.is_dir else target.file.unlink()
        if move:
            shutil.move(source.file, target.file)
            self.tree.moved(source.owner, source.path, target.owner, target.path)
            self.tree.changed(source.owner, parent_of(source.path))
        else:
            self.tree.copy(source, target)
        self.tree.changed(target.owner, target.path)
        return empty(204 if existed else 201, {"OC-FileId": self.oc_id(target)})

    def destination(self, request: Request) -> Node:
        header = request.headers.get("destination")
        if not header:
            raise DavError(400, "Sabre\\DAV\\Exception\\BadRequest",
                           "The destination header was not supplied")
        path = unquote(urlparse(header).path)
        base = unquote(self.base)
        if not path.startswith(base.rstrip("/")):
            raise DavError(502, "Sabre\\DAV\\Exception\\BadGateway",
                           "The destination node is not on this server")
        return self.node(path[len(base.rstrip("/")):])


class Raw(str):
    """Property XML that is written as it is."""


def render_prop(ns: str, name: str, value: object) -> str:
    prefix = PREFIXES.get(ns)
    tag = f"{prefix}:{name}" if prefix else f'x:{name} xmlns:x="{escape(ns)}"'
    close = f"{prefix}:{name}" if prefix else f"x:{name}"
    if value is None or value == "":
        return f"<{tag}/>"
    text = value if isinstance(value, Raw) else escape(str(value))
    return f"<{tag}>{text}</{close}>"


def parse_propfind(body: bytes) -> list[tuple[str, str]] | None:
    """The requested property names, or None for allprop (also an empty body)."""
    if not body.strip():
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError as problem:
        raise DavError(400, "Sabre\\DAV\\Exception\\BadRequest",
                       f"The request body had an invalid XML body. (message: {problem})") from None
    if root.tag != f"{{{D}}}propfind":
        raise DavError(400, "Sabre\\DAV\\Exception\\BadRequest",
                       "The root element of the request body must be {DAV:}propfind")
    prop = root.find(f"{{{D}}}prop")
    if prop is None:
        return None
    return [split_tag(child.tag) for child in prop]


def split_tag(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag

