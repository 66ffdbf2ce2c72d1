"""Running one scenario against a Nextcloud and writing down every exchange, normalised.

A scenario acts as named people (``owner``, ``sharee``, ``stranger`` …), each a fresh
account of this run (``<run>-owner``), so runs never meet on a shared server and every
rate-limit bucket starts empty. Each request is recorded with its normalised response;
``mails`` and ``exapp_seen`` record what left the server by other ways.
"""

from __future__ import annotations

import base64
import secrets
import string
import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

from tests.contract import decode
from tests.contract.exapp import SEEN_HEADERS, ExApp
from tests.contract.normalise import CLIENT_IP, Normaliser, collection_kind
from tests.contract.paths import prune
from tests.contract.targets import Shell, Target

OCS_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}
CLIENT_HEADERS = {"User-Agent": "zolicht-contract", "Accept-Encoding": "identity"}


@dataclass(frozen=True)
class Check:
    """How a response is compared: ``only`` these paths, or all but ``ignore``; ``loose``
    paths compare by type. Paths are dotted keys below the body (``json.ocs.data``);
    ``*`` stands for any key or list item."""

    only: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    loose: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    """Further response headers to record for this exchange."""
    select: tuple[str, ...] = ()
    """Paths of listings cut down, when recorded, to this run's entries (a shared server
    holds other runs' users and groups too)."""


@dataclass(frozen=True)
class Actor:
    role: str
    uid: str
    password: str
    app_password: str = ""

    @property
    def auth(self) -> tuple[str, str]:
        return (self.uid, self.app_password or self.password)


@dataclass
class Session:
    target: Target
    run: str = field(default_factory=lambda: new_run())
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.norm = Normaliser(self.run, self.target.url)
        self.norm.register_string(self.target.client_ip, CLIENT_IP)
        self.http = httpx.Client(base_url=self.target.url, timeout=120, headers=CLIENT_HEADERS,
                                 cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])))
        self.anonymous = Actor("anonymous", "", "")
        self.root = Actor("root", *self.target.admin)

    def close(self) -> None:
        self.http.close()

    def browser(self) -> httpx.Client:
        """A client that keeps cookies between requests, as a browser does."""
        return httpx.Client(base_url=self.target.url, timeout=120, headers=CLIENT_HEADERS)

    # -- people ----------------------------------------------------------------------------------
    @property
    def admin(self) -> Actor:
        """This run's administrator (the service account's stand-in)."""
        if "admin" not in self.actors:
            self.actors["admin"] = self.account("admin", self.root, groups=("admin",))
        return self.actors["admin"]

    def user(self, role: str, email: bool = True, groups: tuple[str, ...] = ()) -> Actor:
        if role not in self.actors:
            self.actors[role] = self.account(role, self.admin, email, groups)
        return self.actors[role]

    def uid(self, role: str) -> str:
        return f"{self.run}-{role}"

    def account(self, role: str, by: Actor, email: bool = True,
                groups: tuple[str, ...] = ()) -> Actor:
        uid, password = self.uid(role), f"Contract-{self.run}-{role}-Pw-1"
        data: dict[str, Any] = {"userid": uid, "password": password,
                                "displayName": f"{role.title()} {self.run}"}
        if email:
            data["email"] = f"{uid}@example.test"
        created = self.http.post("/ocs/v2.php/cloud/users", data=data, auth=by.auth,
                                 headers=OCS_HEADERS)
        created.raise_for_status()
        for gid in groups:  # separately: e-mail and groups at once can lock SQLite
            self.http.post(f"/ocs/v2.php/cloud/users/{uid}/groups", data={"groupid": gid},
                           auth=by.auth, headers=OCS_HEADERS).raise_for_status()
        self.drop_mails()
        return Actor(role, uid, password, self.app_password(uid, password))

    def adopt(self, role: str, password: str) -> Actor:
        """An account the scenario created itself, signed in for the first time."""
        uid = self.uid(role)
        self.actors[role] = Actor(role, uid, password, self.app_password(uid, password))
        return self.actors[role]

    def app_password(self, uid: str, password: str) -> str:
        got = self.http.get("/ocs/v2.php/core/getapppassword", auth=(uid, password),
                            headers=OCS_HEADERS)
        got.raise_for_status()
        return str(got.json()["ocs"]["data"]["apppassword"])

    def group(self, name: str, *members: str) -> str:
        gid = f"{self.run}-{name}"
        self.http.post("/ocs/v2.php/cloud/groups", data={"groupid": gid}, auth=self.admin.auth,
                       headers=OCS_HEADERS).raise_for_status()
        for role in members:
            self.http.post(f"/ocs/v2.php/cloud/users/{self.user(role).uid}/groups",
                           data={"groupid": gid}, auth=self.admin.auth,
                           headers=OCS_HEADERS).raise_for_status()
        return gid

    # -- exchanges -------------------------------------------------------------------------------
    def call(self, who: Actor, method: str, path: str, label: str = "",
             check: Check = Check(), auth: tuple[str, str] | None = None,
             record: bool = True, client: httpx.Client | None = None,
             **options: Any) -> httpx.Response:
        """One request as ``who``; ``client`` is a browser keeping its cookies, otherwise
        no cookie is kept (Basic auth only, as zolicht's client does)."""
        if who.role != "anonymous":
            options.setdefault("auth", auth or who.auth)
        response = (client or self.http).request(method, path, **options)
        if record:
            self.remember(who, label, response, check)
        return response

    def ocs(self, who: Actor, method: str, path: str, label: str = "", **options: Any
            ) -> httpx.Response:
        options["headers"] = {**OCS_HEADERS, **options.get("headers", {})}
        return self.call(who, method, path, label, **options)

    def dav(self, who: Actor, method: str, path: str, label: str = "", **options: Any
            ) -> httpx.Response:
        """WebDAV below ``/remote.php/dav/files/<who>/``."""
        return self.call(who, method, f"/remote.php/dav/files/{who.uid}/{path}", label,
                         **options)

    def remember(self, who: Actor, label: str, response: httpx.Response, check: Check) -> None:
        request = response.request
        path = self.norm.path(request.url.raw_path.decode())
        kind = path_kind(request.url.path)
        forms = "/apps/forms/" in request.url.path
        sent = decode.request_body(request.content, request.headers.get("content-type", ""))
        sent = self.norm.tree(sent, kind, forms=forms)
        headers = self.norm.tree(decode.headers(response, check.headers))
        answer = prune(decode.body(response), check.only, check.ignore)
        for selected in check.select:
            keep_run(answer, selected.split("."), self.run)
        self.exchanges.append({
            "label": label or f"{request.method} {path}",
            "as": who.role,
            "request": {"method": request.method, "path": path, "body": sent},
            "response": {"status": response.status_code, "headers": headers,
                         "body": self.norm.tree(answer, kind, forms=forms)},
        })
        self.checks.append(check)

    def note(self, label: str, key: str, value: Any, check: Check = Check()) -> None:
        """A recorded fact that is not an HTTP exchange (mails, what an ExApp received)."""
        self.exchanges.append({"label": label, key: self.norm.tree(value)})
        self.checks.append(check)

    def next_second(self) -> None:
        """Wait for the clock's next second on a server that keeps time in seconds (see
        ``Target``): so that an edit gets a new ETag, or a later item sorts as later."""
        if self.target.whole_seconds:
            time.sleep(1.05 - time.time() % 1)

    # -- the administrator's shell ---------------------------------------------------------------
    @property
    def shell(self) -> Shell:
        if self.target.shell is None:
            raise Skip("no shell (occ) given")
        return self.target.shell

    def reset_bruteforce(self) -> None:
        """Forget failed logins, where the target lets us (one failure does little harm)."""
        if self.target.shell is not None:
            self.target.shell.reset_bruteforce()

    # -- mails -----------------------------------------------------------------------------------
    def drop_mails(self) -> None:
        if self.target.mailbox is not None:
            self.target.mailbox.new()

    def mails(self, label: str) -> None:
        """Record the mails sent since the last look (recipient and subject)."""
        if self.target.mailbox is None:
            raise Skip("no mailbox given")
        sent = sorted((m.to, m.subject) for m in self.target.mailbox.new())
        self.note(label, "mails", [{"to": to, "subject": subject} for to, subject in sent])

    # -- AppAPI ----------------------------------------------------------------------------------
    def exapp_seen(self, label: str, app: ExApp) -> None:
        self.norm.register_string(f"{app.host}:{app.port}", "EXAPP")
        seen = [{"method": s.method, "path": s.path, "body": s.body,
                 "headers": exapp_headers(s.headers, app.secret)} for s in app.take()]
        self.note(label, "exapp", seen)


class Skip(Exception):
    """The target cannot do what the scenario needs (no occ, no mailbox)."""


def exapp_headers(headers: dict[str, str], secret: str) -> dict[str, str]:
    kept = {k: v for k, v in headers.items() if k in SEEN_HEADERS}
    if "authorization-app-api" in kept:
        user, _, given = base64.b64decode(kept["authorization-app-api"]).decode().partition(":")
        kept["authorization-app-api"] = f"{user}:{'SECRET' if given == secret else 'OTHER'}"
    for volatile in ("aa-request-id", "content-length", "authorization"):
        if volatile in kept:
            kept[volatile] = "<present>"
    kept["names"] = ",".join(sorted(headers))
    return kept


def keep_run(tree: Any, path: list[str], run: str) -> None:
    """Keep only this run's keys or items in the listing at ``path`` (changed in place)."""
    for step in path[:-1]:
        if not isinstance(tree, dict) or step not in tree:
            return
        tree = tree[step]
    if not isinstance(tree, dict) or not isinstance(tree.get(path[-1]), (dict, list)):
        return
    listing = tree[path[-1]]
    if isinstance(listing, dict):
        tree[path[-1]] = {k: v for k, v in listing.items() if run in k}
    else:
        tree[path[-1]] = [item for item in listing if run in str(item)]


def path_kind(path: str) -> str | None:
    """What an ``id`` at the top of this path's answer is: the last collection named."""
    forms = "/apps/forms/" in path
    for part in reversed(path.split("/")):
        kind = collection_kind(part, forms)
        if kind is not None:
            return kind
    return None


def new_run() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "c" + "".join(secrets.choice(alphabet) for _ in range(7))
