"""The development Nextcloud as an ASGI application: routing, authentication, status."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.types import Receive, Scope, Send

from zolicht.devcloud import (  # noqa: F401  (importing registers the routes)
    capabilities,
    forms,
    notifications,
    ocs,
    outbox,
    provisioning,
    ratelimit,
    shares_api,
    skeleton,
    webhooks,
)
from zolicht.devcloud.accounts import ADMIN_GROUP, Accounts, secret_matches
from zolicht.devcloud.appapi import AppApi, Signed
from zolicht.devcloud.caldav import CAL_DAV, CalDav
from zolicht.devcloud.call import Call, Download, Reply, Route, match
from zolicht.devcloud.db import connect
from zolicht.devcloud.loginflow import LoginFlows
from zolicht.devcloud.settings import Settings
from zolicht.devcloud.sharing import Sharing
from zolicht.devcloud.tree import READ, Mount, Tree
from zolicht.devcloud.webdav import (
    EMPTY,
    FILES_DAV,
    Dav,
    DavError,
    error_response,
    forbidden,
    with_dav_header,
)

REALM = 'Basic realm="Nextcloud", charset="UTF-8"'
NOT_AUTHENTICATED = (
    "No public access to this resource., Username or password was incorrect, No "
    "'Authorization: Bearer' header found. Either the client didn't send one, or the server "
    "did not understand it. If you are using apache+mod_php, make sure you have the "
    "HTTP_AUTHORIZATION header in the allowlist, Username or password was incorrect"
)
MAX_BODY = 16 * 1024 * 1024
JSON_UTF8 = "application/json; charset=utf-8"
LOGIN_FLOW = "/index.php/login/v2"
LOGIN_FORM = "/index.php/login"
PROXY = "/index.php/apps/app_api/proxy/"
LOGIN_ACTION = "login"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""What passes for an e-mail address to log in with (PHP's FILTER_VALIDATE_EMAIL, roughly)."""
PUBLIC_ACTION = "public_dav_auth"


@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    micro: int
    build: int = 1

    @classmethod
    def parse(cls, text: str) -> Version:
        """``32.0.1`` or, as status.php's ``version`` says it, ``32.0.1.2``."""
        return cls(*(int(p) for p in text.split(".")[:4]))

    @property
    def string(self) -> str:
        return f"{self.major}.{self.minor}.{self.micro}"

    @property
    def full(self) -> str:
        return f"{self.string}.{self.build}"


class Server:
    def __init__(self, data_dir: Path, admin_user: str = "admin", admin_password: str = "admin",
                 version: str = "33.0.3", base_url: str = "http://127.0.0.1",
                 settings: Settings | None = None) -> None:
        self.data_dir = data_dir
        self.settings = settings or Settings()
        self.conn = connect(data_dir)
        self.accounts = Accounts(self.conn)
        self.tree = Tree(self.conn, data_dir)
        self.base_url = base_url
        self.sharing = Sharing(self.conn, self.accounts, self.tree, base_url, self.settings,
                               self.send_mail)
        forms.ensure_schema(self.conn)
        ratelimit.ensure_schema(self.conn)
        self.caldav = CalDav(self.conn, self.accounts.groups_of, self.display_name,
                             lambda uid: self.accounts.user(uid) is not None,
                             lambda gid: self.accounts.group(gid) is not None,
                             self.email_of, self.send_mail)
        self.version = Version.parse(version)
        self.login_flows = LoginFlows(base_url, self.is_app_password, self.log_in,
                                      self.accounts.new_app_password, self.failed_login)
        self.appapi = AppApi()
        self.instance_id = self.config("instanceid", lambda: "oc" + secrets.token_hex(5))
        self.secret = self.config("secret", lambda: secrets.token_hex(24))
        self.webhooks = webhooks.Webhooks(self.conn, self.secret,
                                          lambda: self.settings.webhook_delay)
        if self.accounts.user(admin_user) is None:
            self.accounts.create_user(admin_user, admin_password, admin_user)
        if self.accounts.group(ADMIN_GROUP) is None:
            self.accounts.create_group(ADMIN_GROUP, "admin")
        self.accounts.add_member(ADMIN_GROUP, admin_user)

    def config(self, key: str, default: Any) -> str:
        row = self.conn.execute("SELECT value FROM appconfig WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return str(row["value"])
        value = default()
        self.conn.execute("INSERT INTO appconfig (key, value) VALUES (?, ?)", (key, value))
        return str(value)

    def random_password(self) -> str:
        return secrets.token_urlsafe(24)

    def send_mail(self, to: str, kind: str, about: str, subject: str) -> None:
        """Nextcloud would e-mail; the development server keeps the message in an outbox."""
        outbox.send(self.conn, to, kind, about, subject)

    def outbox(self, since: int = 0) -> list[outbox.Sent]:
        """The mails "sent" after the one numbered ``since``, oldest first."""
        return outbox.since(self.conn, since)

    def notifications(self, since: int = 0) -> list[notifications.Notification]:
        """The notifications "sent" after the one numbered ``since``, oldest first."""
        return notifications.since(self.conn, since)

    def forget_user(self, uid: str) -> None:
        self.conn.execute("DELETE FROM shares WHERE uid_owner = ? OR uid_initiator = ? OR "
                          "(share_type = 0 AND share_with = ?)", (uid, uid, uid))
        self.conn.execute("DELETE FROM filecache WHERE owner = ?", (uid,))
        self.conn.execute("DELETE FROM notifications WHERE uid = ?", (uid,))
        self.tree.forget(uid)

    # -- ASGI ------------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        response = await self.dispatch(request)
        await response(scope, receive, send)

    async def dispatch(self, request: Request) -> Response:
        path = request.url.path
        try:
            if path == "/status.php":
                return JSONResponse(self.status())
            for prefix in ("/ocs/v1.php", "/ocs/v2.php"):
                if path.startswith(prefix + "/") or path == prefix:
                    return await self.ocs(request, path[len(prefix):])
            if path.startswith("/remote.php/dav/") and not path.startswith(
                    "/remote.php/dav/files/") or path == "/remote.php/dav":
                return await self.caldav_request(request, path[len("/remote.php/dav/"):])
            if path.startswith("/remote.php/dav/files/"):
                rest = path[len("/remote.php/dav/files/"):]
                user, _, inner = rest.partition("/")
                return await self.dav(request, f"/remote.php/dav/files/{user}/", inner, user)
            if path == "/remote.php/webdav" or path.startswith("/remote.php/webdav/"):
                return await self.dav(request, "/remote.php/webdav/",
                                      path[len("/remote.php/webdav/"):], None)
            if path.startswith("/public.php/dav/files/"):
                token, _, inner = path[len("/public.php/dav/files/"):].partition("/")
                return await self.public_dav(request, token, inner)
            if path.startswith("/remote.php/"):
                raise DavError(404, "Sabre\\DAV\\Exception\\NotFound", "Path not found")
            if path.startswith(PROXY):
                uid = self.optional_login(request)
                return await self.appapi.proxy(request, path[len(PROXY):], uid,
                                               self.accounts.is_admin(uid))
            if path == LOGIN_FORM:
                return await self.login_flows.login(request)
            if path.startswith(LOGIN_FLOW):
                return await self.login_flows.handle(request, path[len(LOGIN_FLOW):])
            for prefix in ("/s/", "/index.php/s/"):
                if path.startswith(prefix):
                    return await self.public_page(request, path[len(prefix):])
        except DavError as failure:
            return error_response(failure)
        return HTMLResponse("<h1>Page not found</h1>", 404)

    def status(self) -> dict[str, Any]:
        return {"installed": True, "maintenance": False, "needsDbUpgrade": False,
                "version": self.version.full, "versionstring": self.version.string,
                "edition": "", "productname": "Nextcloud", "extendedSupport": False}

    # -- authentication --------------------------------------------------------------------------
    def credentials(self, request: Request) -> tuple[str, str] | None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            login, _, secret = base64.b64decode(header[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return ("", "")
        return login, secret

    def ip(self, request: Request) -> str:
        return request.client.host if request.client else ""

    def optional_login(self, request: Request) -> str:
        """The user of a page that anyone may ask for ("" for nobody, or a failed login)."""
        given = self.credentials(request)
        if given is None or self.throttled(request):
            return ""
        result = self.login(request, given)
        return result[0] if result else ""

    def throttled(self, request: Request) -> bool:
        """Too many failed logins from this address (never for allow-listed ones)."""
        ip = self.ip(request)
        return not self.settings.allow_listed(ip) and self.accounts.blocked(LOGIN_ACTION, ip)

    def limited(self, request: Request, found: Route, uid: str) -> bool:
        """Whether this call goes over the route's per-user rate limit (and count it)."""
        assert found.limit is not None
        if self.settings.apply_allowlist_to_ratelimit and \
                self.settings.allow_listed(self.ip(request)):
            return False
        return ratelimit.exceeded(self.conn, found.pattern.pattern, uid, found.limit)

    def login(self, request: Request, given: tuple[str, str]) -> tuple[str, bool] | None:
        """(uid, used an app password) for good credentials, noting the login; a failure
        counts against the address unless it is allow-listed, or unless it is a disabled
        account's right secret (Nextcloud 32 refuses that without counting it)."""
        result = self.accounts.login(*given)
        if result is None:
            if not (self.settings.allow_listed(self.ip(request))
                    or self.accounts.disabled_with(*given)):
                self.accounts.register_attempt(LOGIN_ACTION, self.ip(request))
            return None
        if self.accounts.signed_in(result[0]):
            self.first_login(result[0])
        return result

    def first_login(self, uid: str) -> None:
        """Nextcloud sets up a new account's files and calendars on its first login."""
        if self.settings.skeleton:
            skeleton.copy_to(self.tree.home(uid))
        self.caldav.default_calendars(uid)

    # -- OCS -------------------------------------------------------------------------------------
    async def ocs(self, request: Request, route_path: str) -> Response:
        try:
            return await self._ocs(request, route_path)
        except ocs.OCSError as failure:
            return ocs.error(request, failure)
        except ocs.Bare as failure:
            return Response(status_code=failure.status, media_type=EMPTY)

    async def _ocs(self, request: Request, route_path: str) -> Response:
        found, args, known = match(request.method, route_path.rstrip("/") or "/")
        if found is None:
            if known:
                return Response(status_code=405)
            raise ocs.OCSError(ocs.NOT_FOUND, ocs.INVALID_QUERY)
        who = self.ocs_caller(request)
        refused = self.refused(request, found, who)
        if refused is not None:
            return refused
        call = Call(self, request, who.uid, await self.params(request), args,
                    who.app_password, who.secret, who.signed)
        return ocs_answer(request, found.handler(call))

    def ocs_caller(self, request: Request) -> Caller:
        """Who makes an OCS request: by Basic auth, by AppAPI's signature, or nobody."""
        given = self.credentials(request)
        if given is None:
            signed = self.appapi.signed(request, lambda uid: self.accounts.user(uid) is not None)
            if signed is not None and signed.uid:
                self.accounts.signed_in(signed.uid)
            return Caller(signed.uid if signed else "", signed=signed)
        if self.throttled(request):
            raise ocs.OCSError(429, "Reached maximum delay")
        result = self.login(request, given)
        if result is None:
            raise ocs.OCSError(ocs.UNAUTHORISED, "Unauthorised",
                               {"WWW-Authenticate": 'Basic realm="Authorisation Required"'})
        return Caller(result[0], result[1], given[1])

    def refused(self, request: Request, found: Route, who: Caller) -> Response | None:
        """Nextcloud's middlewares before the controller: login, CSRF, rate limits."""
        if not found.public:
            if not who.uid:
                raise ocs.OCSError(ocs.UNAUTHORISED, "Current user is not logged in")
            if not request.headers.get("ocs-apirequest") and who.signed is None:
                return JSONResponse({"message": "CSRF check failed"}, 412,
                                    media_type=JSON_UTF8)
        if found.limit is not None and who.uid and self.limited(request, found, who.uid):
            return Response(status_code=429, media_type=EMPTY)
        return None

    async def params(self, request: Request) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in request.query_params.multi_items():
            _merge(params, key, value)
        body = await request.body()
        if len(body) > MAX_BODY:
            raise ocs.OCSError(400, "Request body too large")
        if not body:
            return params
        kind = request.headers.get("content-type", "")
        if "json" in kind:
            try:
                loaded = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                loaded = None
            if isinstance(loaded, dict):
                params.update(loaded)
            return params
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return params
        for key, values in form.items():
            for value in values:
                _merge(params, key, value)
        return params

    # -- WebDAV ----------------------------------------------------------------------------------
    async def dav(self, request: Request, base: str, inner: str, user: str | None) -> Response:
        """WebDAV on the caller's files; PROPFIND and OPTIONS answers carry the DAV header."""
        uid = self.dav_login(request)  # failed logins are refused before any DAV header
        return await with_dav_header(request, FILES_DAV,
                                     self.files_dav(request, base, inner, user, uid))

    async def files_dav(self, request: Request, base: str, inner: str, user: str | None,
                        uid: str) -> Response:
        if user is not None and user != uid:
            raise DavError(404, "Sabre\\DAV\\Exception\\NotFound",
                           f"File not found: {unquote(inner).split('/')[0]} in '{user}'")
        mounts = self.sharing.mounts(uid)
        dav = Dav(self.tree, uid, base, mounts, self.instance_id, self.display_name,
                  self.sharing.share_types)
        return await self.dav_method(request, dav, inner,
                                     lambda mount: self.sharing.leave(uid, mount))

    async def caldav_request(self, request: Request, rest: str) -> Response:
        uid = self.dav_login(request)
        user = self.accounts.user(uid)
        assert user is not None
        return await with_dav_header(request, CAL_DAV, self.caldav.handle(
            request, uid, user.email, user.display_name, rest))

    def dav_login(self, request: Request) -> str:
        """The user of a DAV request, or the Sabre 401 (and a counted failure)."""
        given = self.credentials(request)
        if given is not None and self.throttled(request):
            raise DavError(429, "OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests", "",
                           extra='  <o:hint xmlns:o="o:">too many requests</o:hint>\n')
        result = self.login(request, given) if given else None
        if result is None:
            raise DavError(401, "Sabre\\DAV\\Exception\\NotAuthenticated", NOT_AUTHENTICATED,
                           {"WWW-Authenticate": REALM})
        return result[0]

    async def dav_method(self, request: Request, dav: Dav, inner: str, leave: Any) -> Response:
        method = request.method
        if method == "OPTIONS":
            return Response(status_code=200, media_type=EMPTY, headers={
                "MS-Author-Via": "DAV",
                "Allow": "OPTIONS, GET, HEAD, DELETE, PROPFIND, PUT, PROPPATCH, COPY, MOVE, "
                         "MKCOL, REPORT"})
        if method in ("GET", "HEAD"):
            return dav.get(inner, head=method == "HEAD")
        if method == "PROPFIND":
            return await dav.propfind(inner, request)
        if method == "PUT":
            answer = await dav.put(inner, request)
            self.file_written(dav, inner, created=answer.status_code == 201)
            return answer
        if method == "MKCOL":
            made = await dav.mkcol(inner, request)
            self.node_event(dav, inner, webhooks.NODE_CREATED)
            return made
        if method == "DELETE":
            return dav.delete(inner, leave)
        if method in ("MOVE", "COPY"):
            return dav.move_or_copy(inner, request, method == "MOVE")
        if method == "PROPPATCH":
            dav.existing(inner)
            return Response(status_code=207, media_type="application/xml; charset=utf-8",
                            content='<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:"/>\n')
        raise DavError(501, "Sabre\\DAV\\Exception\\NotImplemented",
                       f"There was no plugin in the system that was willing to handle this "
                       f"{method} method.")

    def file_written(self, dav: Dav, inner: str, created: bool) -> None:
        """A file was written through WebDAV: Nextcloud's node events, as the writer sees
        the file (``/<uid>/files/<path>``), with its file id."""
        if created:
            self.node_event(dav, inner, webhooks.NODE_CREATED)
        self.node_event(dav, inner, webhooks.NODE_WRITTEN)

    def node_event(self, dav: Dav, inner: str, event_class: str) -> None:
        node = dav.node(inner)
        fields = {"node": {"id": self.tree.fileid(node.owner, node.path),
                           "path": f"/{dav.uid}/files/{node.view_path}"}}
        self.webhooks.fire(self, event_class, fields, dav.uid)

    def share_event(self, event_class: str, row: Any, uid: str) -> None:
        """A share was created, changed or deleted (``row`` as it was): its webhooks, if
        the share events are webhook compatible here (``Settings.webhook_share_events``)."""
        if not self.settings.webhook_share_events or row is None:
            return
        owner, path = self.tree.by_fileid(row["fileid"]) or (row["uid_owner"], "")
        fields = {"share": {"id": str(row["id"]), "share_type": row["share_type"],
                            "uid_owner": row["uid_owner"], "share_with": row["share_with"],
                            "permissions": row["permissions"], "item_type": row["item_type"],
                            "file_source": row["fileid"]},
                  "node": {"id": row["fileid"], "path": f"/{owner}/files/{path}"}}
        self.webhooks.fire(self, event_class, fields, uid)

    def failed_login(self, request: Request) -> None:
        self.accounts.register_attempt(LOGIN_ACTION, self.ip(request))

    def log_in(self, login: str, secret: str) -> str | None:
        """The login form: a password or an app password (``Session::login`` tries both),
        by account id or, as Nextcloud's login chain does next, by an e-mail address that
        exactly one account has."""
        result = self.accounts.login(login, secret)
        if result is None and EMAIL.fullmatch(login):
            owners = self.accounts.with_email(login)
            if len(owners) == 1 and owners[0] != login:
                result = self.accounts.login(owners[0], secret)
        return result[0] if result else None

    def is_app_password(self, login: str, secret: str) -> bool:
        result = self.accounts.login(login, secret)
        return result is not None and result[1]

    def email_of(self, uid: str) -> str:
        user = self.accounts.user(uid)
        return user.email if user else ""

    def display_name(self, uid: str) -> str:
        user = self.accounts.user(uid)
        return user.display_name if user else uid

    # -- public links ----------------------------------------------------------------------------
    async def public_dav(self, request: Request, token: str, inner: str) -> Response:
        ip = self.ip(request)
        if self.accounts.blocked(PUBLIC_ACTION, ip):
            raise DavError(503, "Sabre\\DAV\\Exception\\ServiceUnavailable",
                           "OC\\Security\\Bruteforce\\MaxDelayReached: Reached maximum delay")
        share = self.sharing.by_token(token)
        if share is None:
            self.accounts.register_attempt(PUBLIC_ACTION, ip)
            raise DavError(404, "Sabre\\DAV\\Exception\\NotFound", "")
        given = self.credentials(request)
        if share["password_hash"] is not None:
            if given is None:
                self.accounts.register_attempt(PUBLIC_ACTION, ip)
                raise DavError(401, "Sabre\\DAV\\Exception\\NotAuthenticated", "",
                               {"WWW-Authenticate": 'Basic realm="Nextcloud", charset="UTF-8"'})
            if not secret_matches(given[1], share["password_hash"]):
                self.accounts.register_attempt(PUBLIC_ACTION, ip)
                raise DavError(401, "Sabre\\DAV\\Exception\\NotAuthenticated",
                               "Username or password was incorrect",
                               {"WWW-Authenticate": 'Basic realm="Nextcloud", charset="UTF-8"'})
        located = self.tree.by_fileid(share["fileid"])
        assert located is not None
        owner, path = located
        name = path.rsplit("/", 1)[-1]
        mount = Mount(name, owner, path, share["permissions"], (share["id"],))
        dav = Dav(self.tree, f"\0public:{token}", f"/public.php/dav/files/{token}/", [mount],
                  self.instance_id, self.display_name, lambda _uid, _fileid: [],
                  root_permissions=None)
        is_file = not self.tree.disk(owner, path).is_dir()
        inner_path = name if (is_file or not inner.strip("/")) else f"{name}/{inner.strip('/')}"
        if is_file and inner.strip("/"):
            raise DavError(404, "Sabre\\DAV\\Exception\\NotFound",
                           f"File with name {inner} could not be located")
        if request.method == "DELETE" and inner_path == name:
            raise forbidden()
        response = await self.dav_method(request, dav, inner_path, lambda _m: False)
        return _rebase(response, f"/public.php/dav/files/{token}/{name}",
                       f"/public.php/dav/files/{token}")

    async def public_page(self, request: Request, rest: str) -> Response:
        token, _, action = rest.partition("/")
        share = self.sharing.by_token(token)
        if share is None:
            return HTMLResponse("<h1>Share not found</h1>", 404)
        located = self.tree.by_fileid(share["fileid"])
        assert located is not None
        owner, path = located
        name = path.rsplit("/", 1)[-1]
        authenticated = share["password_hash"] is None or \
            request.cookies.get(f"share_{share['id']}") == self.share_cookie(share["id"])
        if action.startswith("authenticate"):
            if request.method == "POST":
                form = parse_qs((await request.body()).decode("utf-8", "replace"))
                password = (form.get("password") or [""])[0]
                if secret_matches(password, share["password_hash"] or ""):
                    response = RedirectResponse(f"/s/{token}", 303)
                    response.set_cookie(f"share_{share['id']}", self.share_cookie(share["id"]),
                                        httponly=True, samesite="lax")
                    return response
                self.accounts.register_attempt(PUBLIC_ACTION, self.ip(request))
                return HTMLResponse(_password_form(token, wrong=True), 403)
            return HTMLResponse(_password_form(token, wrong=False))
        if not authenticated:
            return RedirectResponse(f"/s/{token}/authenticate/showShare", 303)
        disk = self.tree.disk(owner, path)
        if action == "download" and not disk.is_dir():
            if share["hide_download"] or not share["permissions"] & READ:
                return HTMLResponse("<h1>Forbidden</h1>", 403)
            return FileResponse(disk, filename=name)
        return HTMLResponse(f"<!DOCTYPE html><html><head><title>{escape(name)} - Nextcloud"
                            f"</title></head><body><h1>{escape(name)}</h1></body></html>")

    def share_cookie(self, share_id: int) -> str:
        return hmac.new(self.secret.encode(), str(share_id).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Caller:
    uid: str
    app_password: bool = False
    secret: str = ""
    signed: Signed | None = None


def ocs_answer(request: Request, result: Any) -> Response:
    if isinstance(result, Reply):
        headers = {"ETag": f'"{_digest(result.data)}"'} if result.etag else None
        return ocs.respond(request, result.data, result.code, headers=headers)
    if isinstance(result, Download):
        return Response(result.body, media_type=result.media_type, headers={
            "Content-Disposition": f'attachment; filename="{result.filename}"'})
    return ocs.respond(request, result)


def _digest(data: Any) -> str:
    return hashlib.md5(json.dumps(data, sort_keys=True).encode(), usedforsecurity=False).hexdigest()


def _merge(params: dict[str, Any], key: str, value: str) -> None:
    if key.endswith("[]"):
        params.setdefault(key[:-2], []).append(value)
    else:
        params[key] = value


def _rebase(response: Response, old: str, new: str) -> Response:
    """Public DAV answers address the share's own name as the root."""
    if response.status_code != 207:
        return response
    body = bytes(response.body).replace(old.encode(), new.encode())
    return Response(body, 207, media_type="application/xml; charset=utf-8")


def _password_form(token: str, wrong: bool) -> str:
    warning = "<p class='warning'>The password is wrong. Try again.</p>" if wrong else ""
    return (f"<!DOCTYPE html><html><body><form method='post' action='/s/{token}/authenticate/"
            f"showShare'><p>This share is password-protected</p>{warning}"
            "<input type='password' name='password'><button>Submit</button></form></body></html>")


def create_app(data_dir: Path, admin_user: str = "admin", admin_password: str = "admin",
               version: str = "33.0.3", base_url: str = "http://127.0.0.1",
               settings: Settings | None = None) -> Server:
    return Server(data_dir, admin_user, admin_password, version, base_url, settings)


