"""The Nextcloud an end-to-end test runs against, and how a test acts and reads on it.

By default every test starts its own devcloud. With ``ZOLICHT_E2E_NEXTCLOUD_URL`` set, the
tests run against that Nextcloud instead (see ``README.md``). Either way a test never uses
the administrator for its work: the harness creates a fresh service account per test (a
random id, an admin, with an e-mail address so calendar invitations have an organizer),
zolicht runs as it, and it sets the members' passwords. Nextcloud's rate limits count per
account, so tests do not use up each other's allowance.

Only this module knows devcloud; tests get mail through a ``Mailbox`` and read as people
over HTTP, as they would on any Nextcloud.
"""

from __future__ import annotations

import contextlib
import email
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, unquote
from xml.etree import ElementTree

import httpx
import pytest

from tests.devcloud.conftest import Cloud
from zolicht.devcloud.server import running
from zolicht.devcloud.settings import Settings
from zolicht.nextcloud.advisories import affecting

URL_VARIABLE = "ZOLICHT_E2E_NEXTCLOUD_URL"
OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}
DAV, OC = "{DAV:}", "{http://owncloud.org/ns}"
PROPFIND = (b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">'
            b"<d:prop><d:resourcetype/><oc:owner-id/></d:prop></d:propfind>")


@dataclass(frozen=True)
class RealServer:
    url: str
    admin: tuple[str, str]
    mail_dir: Path | None


def real_server(env: Mapping[str, str]) -> RealServer | None:
    """The Nextcloud named in the environment, or None: then tests start devcloud."""
    url = env.get(URL_VARIABLE, "").strip().rstrip("/")
    if not url:
        return None
    admin = env.get("ZOLICHT_E2E_ADMIN", "")
    password = env.get("ZOLICHT_E2E_ADMIN_PASSWORD", "")
    if not (admin and password):
        raise pytest.UsageError(f"{URL_VARIABLE} needs ZOLICHT_E2E_ADMIN and "
                                "ZOLICHT_E2E_ADMIN_PASSWORD")
    mail = env.get("ZOLICHT_E2E_MAIL_DIR", "")
    return RealServer(url, (admin, password), Path(mail) if mail else None)


REAL = real_server(os.environ)
"""Read once at import: the test fixtures clear ``ZOLICHT_*`` variables for every test."""

Test = TypeVar("Test", bound=Callable[..., object])


def devcloud_only(test: Test) -> Test:
    """For tests that only make sense on devcloud (they start one of their own, or need a
    broken server state); skipped against a real Nextcloud. (The mark is made when the
    test is, after ``conftest.py`` registered it.)"""
    marked: Test = pytest.mark.devcloud(test)
    return marked


HARNESS_ADDRESS = "127.0.0.2"
"""Where the harness's own requests come from (setting passwords, reading as people): not
zolicht's address, so that its many requests never count against zolicht's rate limits.
devcloud puts it on its brute-force allow-list, applied to rate limits; against a real
Nextcloud, an administrator does the same (tests/e2e/README.md)."""


def cookieless(url: str) -> httpx.Client:
    """An HTTP client that keeps no cookies, speaking from ``HARNESS_ADDRESS``.

    Nextcloud answers a Basic-auth request with a session cookie; a client that kept it
    would send it with the next request and be read as that session's person, whoever
    the next request's credentials name. So every request here stands on its own.
    """
    jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return httpx.Client(base_url=url, timeout=60, cookies=jar,
                        transport=httpx.HTTPTransport(local_address=HARNESS_ADDRESS))


# -- mail ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mail:
    to: str
    kind: str
    """``imip-request``, ``imip-cancel``, ``welcome`` or ``other``."""
    about: str
    """For an invitation the event's UID, else the subject."""


class Mailbox(Protocol):
    def messages(self) -> list[Mail]:
        """The mails Nextcloud sent since the mailbox was opened, oldest first."""


class Outbox:
    """devcloud keeps the mails it would send in a table."""

    def __init__(self, cloud: Cloud) -> None:
        self.conn = cloud.server.conn
        self.since = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM outbox").fetchone()[0]

    def messages(self) -> list[Mail]:
        rows = self.conn.execute("SELECT recipient, kind, about FROM outbox WHERE id > ? "
                                 "ORDER BY id", (self.since,)).fetchall()
        return [Mail(r["recipient"], r["kind"], r["about"]) for r in rows]


class MailDir:
    """A folder where an SMTP sink writes one ``.eml`` per mail (and, optionally, a ``.json``
    file with the same name holding the envelope), named so that they sort by time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.before = set(os.listdir(folder))

    def messages(self) -> list[Mail]:
        found = []
        for name in sorted(set(os.listdir(self.folder)) - self.before):
            if name.endswith(".eml") and not name.startswith("."):
                found += self._read(self.folder / name)
        return found

    def _read(self, path: Path) -> list[Mail]:
        message = email.message_from_bytes(path.read_bytes())
        envelope = path.with_suffix(".json")
        recipients = (json.loads(envelope.read_text())["rcpt_tos"] if envelope.exists()
                      else [a.strip() for a in str(message.get("To", "")).split(",")])
        kind, about = _kind_of(message)
        return [Mail(_address(r), kind, about) for r in recipients]


def _kind_of(message: Message) -> tuple[str, str]:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            text = payload.decode() if isinstance(payload, bytes) else str(payload)
            lines = text.replace("\r\n ", "").splitlines()
            method = next((v for k, _, v in (ln.partition(":") for ln in lines)
                           if k == "METHOD"), "")
            uid = next((v for k, _, v in (ln.partition(":") for ln in lines) if k == "UID"), "")
            return f"imip-{method.lower()}", uid
    subject = str(message.get("Subject", ""))
    return ("welcome" if "account was created" in subject.lower() else "other"), subject


def _address(recipient: str) -> str:
    return recipient.rsplit("<", 1)[-1].rstrip(">").strip().lower()


def wait_for_mail(mailbox: Mailbox, wanted: Callable[[list[Mail]], bool],
                  timeout: float = 15.0) -> list[Mail]:
    """The mailbox's messages once ``wanted`` holds for them (or at the timeout): an SMTP
    sink may write a moment after Nextcloud answered."""
    deadline = time.monotonic() + timeout
    while True:
        messages = mailbox.messages()
        if wanted(messages) or time.monotonic() > deadline:
            return messages
        time.sleep(0.2)


# -- the server and its accounts ----------------------------------------------------------------

@dataclass(frozen=True)
class Account:
    uid: str
    password: str
    app_password: str = ""

    @property
    def auth(self) -> tuple[str, str]:
        """The quickest credentials: Nextcloud checks a login password's hash on every
        request (about half a second on a real server), an app password not."""
        return (self.uid, self.app_password or self.password)


def new_password() -> str:
    """Long and random enough for any password policy."""
    return f"Zt-{secrets.token_urlsafe(18)}"


@dataclass
class Instance:
    """The Nextcloud under test: its URL, the administrator the environment names, its
    mailbox, and, only when it is one, the devcloud."""

    url: str
    admin: tuple[str, str]
    mailbox: Mailbox
    devcloud: Cloud | None = None
    http: httpx.Client = field(init=False)
    made: list[Account] = field(default_factory=list)
    """Accounts the harness created, deleted at the end on a real server."""
    operator: Account | None = None
    """Who creates people's accounts (``user``): the test's service account once it has one."""
    accepted: frozenset[str] = field(init=False)
    """The security advisories the server is affected by: accepted by name, so that
    zolicht provisions a real server that has not been updated (devcloud has none)."""

    def __post_init__(self) -> None:
        self.http = cookieless(self.url)
        version = self.http.get("/status.php").json()["versionstring"]
        self.accepted = frozenset(a.name for a in affecting(version))

    @property
    def real(self) -> bool:
        return self.devcloud is None

    def ocs(self, method: str, path: str, auth: tuple[str, str], **kwargs: Any) -> Any:
        answer = self.http.request(method, f"/ocs/v2.php{path}", auth=auth, headers=OCS,
                                   **kwargs)
        assert answer.status_code == 200, (method, path, answer.status_code, answer.text)
        return answer.json()["ocs"]["data"]

    def account(self, uid: str, by: tuple[str, str], groups: tuple[str, ...] = (),
                mail: str = "", password: str | None = None) -> Account:
        password = password or new_password()
        data: dict[str, Any] = {"userid": uid, "password": password, "displayName": uid,
                                "groups[]": list(groups)}
        if mail:
            data["email"] = mail
        for attempt in range(3):
            answer = self.http.post("/ocs/v2.php/cloud/users", auth=by, headers=OCS, data=data)
            if answer.status_code == 200:
                break
            if attempt and answer.json()["ocs"]["meta"]["statuscode"] == 102:
                self._finish(uid, by, groups, mail, password)
                break
            # a busy server (SQLite: "database is locked") fails now and then, sometimes
            # after it made the account
            assert attempt < 2, (uid, answer.status_code, answer.text)
            time.sleep(1 + attempt)
        made = Account(uid, password)
        self.made.append(made)
        return made

    def _finish(self, uid: str, by: tuple[str, str], groups: tuple[str, ...], mail: str,
                password: str) -> None:
        """Complete an account that an earlier, failed attempt made only partly."""
        path = f"/cloud/users/{quote(uid)}"
        self.ocs("PUT", path, by, data={"key": "password", "value": password})
        if mail:
            self.ocs("PUT", path, by, data={"key": "email", "value": mail})
        for gid in groups:
            self.ocs("POST", f"{path}/groups", by, data={"groupid": gid})

    def app_password(self, uid: str, password: str) -> str:
        """An app password, asked for with the login password (a first login on a real
        server also copies the skeleton files, a few seconds)."""
        return str(self.ocs("GET", "/core/getapppassword", (uid, password))["apppassword"])

    def service_account(self) -> Account:
        """A fresh administrator for one test, zolicht's service account: a random id, an
        e-mail address (the organizer of calendar invitations) and an app password."""
        uid = f"zt-{secrets.token_hex(5)}"
        made = self.account(uid, self.admin, ("admin",), f"{uid}@example.test")
        return Account(uid, made.password, self.app_password(uid, made.password))

    def user(self, uid: str, password: str | None = None, groups: tuple[str, ...] = ()) -> str:
        """Create an account with a known password (as the test's service account); returns
        the password. Prefer ``World.stranger``: a fixed id collides on a shared server."""
        by = self.operator.auth if self.operator else self.admin
        return self.account(uid, by, groups, password=password or f"{uid}-secret-pw").password

    def client(self, auth: tuple[str, str] | None = None, ocs: bool = True) -> httpx.Client:
        """An HTTP client as ``auth`` (the test's service account by default), keeping no
        cookies; the caller closes it."""
        made = cookieless(self.url)
        made.auth = auth or (self.operator.auth if self.operator else self.admin)
        if ocs:
            made.headers.update(OCS)
        return made

    def delete_account(self, uid: str, by: tuple[str, str]) -> None:
        self.http.request("DELETE", f"/ocs/v2.php/cloud/users/{quote(uid)}", auth=by,
                          headers=OCS)

    def delete_group(self, gid: str, by: tuple[str, str]) -> None:
        self.http.request("DELETE", f"/ocs/v2.php/cloud/groups/{quote(gid)}", auth=by,
                          headers=OCS)

    def groups(self, search: str, by: tuple[str, str]) -> list[str]:
        return [str(g) for g in self.ocs("GET", "/cloud/groups", by,
                                         params={"search": search})["groups"]]

    def unreadable_submission(self, form_id: int, uid: str) -> None:
        """devcloud only: a submission of ``uid`` the server will hand back broken (no
        answers for its questions, a timestamp that is no number)."""
        assert self.devcloud is not None, "only devcloud can be made to answer this"
        self.devcloud.server.conn.execute(
            "INSERT INTO form_submissions (form_id, user_id, timestamp) "
            "VALUES (?, ?, 'gisteren')", (form_id, uid))

    def close(self) -> None:
        self.http.close()


@contextlib.contextmanager
def scratch(fallback: Path) -> Iterator[Path]:
    """A folder for a test's databases: in memory (``/dev/shm``) where the machine has it,
    because SQLite syncs every commit to disk and the tests commit a lot."""
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK)):
        yield fallback
        return
    with tempfile.TemporaryDirectory(prefix="zolicht-e2e-", dir=memory) as folder:
        yield Path(folder)


@contextlib.contextmanager
def instance(data: Path) -> Iterator[Instance]:
    """The Nextcloud for one test: the one the environment names, or a new devcloud."""
    with contextlib.ExitStack() as stack:
        if REAL is not None:
            mailbox: Mailbox = MailDir(REAL.mail_dir) if REAL.mail_dir else NoMail()
            made = Instance(REAL.url, REAL.admin, mailbox)
        else:
            url, server = stack.enter_context(running(data, settings=Settings(
                bruteforce_allowlist=(f"{HARNESS_ADDRESS}/32",),
                apply_allowlist_to_ratelimit=True)))
            cloud = Cloud(url, server, data)
            made = Instance(url, ("admin", "admin"), Outbox(cloud), cloud)
        stack.callback(made.close)
        yield made


class NoMail:
    """A real server without ``ZOLICHT_E2E_MAIL_DIR``: tests that read mail are skipped."""

    def messages(self) -> list[Mail]:
        pytest.skip("ZOLICHT_E2E_MAIL_DIR is not set")


# -- reading as someone over WebDAV -------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    path: str
    """Relative to the account's root, without leading or trailing slash."""
    is_dir: bool
    owner: str
    """Whose file it is: someone else's when it reached this account through a share."""


def propfind(http: httpx.Client, auth: tuple[str, str], path: str = "") -> list[Node] | None:
    """``path`` and what is directly in it, as ``auth`` sees them; None when it cannot."""
    uid = auth[0]
    root = f"/remote.php/dav/files/{quote(uid)}/"
    answer = http.request("PROPFIND", root + quote(path), content=PROPFIND, auth=auth,
                          headers={"Depth": "1", "Content-Type": "application/xml"})
    if answer.status_code == 404:
        return None
    assert answer.status_code == 207, (uid, path, answer.status_code, answer.text[:300])
    nodes = []
    prefix = unquote(root)
    for response in ElementTree.fromstring(answer.content).iter(f"{DAV}response"):
        href = unquote(response.findtext(f"{DAV}href") or "")
        is_dir = response.find(f".//{DAV}resourcetype/{DAV}collection") is not None
        owner = response.findtext(f".//{OC}owner-id") or ""
        nodes.append(Node(href.removeprefix(prefix).strip("/"), is_dir, owner))
    return nodes


def shared_files(http: httpx.Client, auth: tuple[str, str]) -> dict[str, bytes]:
    """Every file that reached ``auth``'s account through a share, by the path it sees it
    at, with the content it reads: what is in its root and inside shared folders. Its own
    files (Nextcloud's skeleton: ``Readme.md``, ``Documents/`` ...) are left out."""
    found: dict[str, bytes] = {}
    todo = [""]
    while todo:
        for node in (propfind(http, auth, todo.pop()) or [])[1:]:
            if node.owner == auth[0]:
                continue
            if node.is_dir:
                todo.append(node.path)
                continue
            answer = http.get(f"/remote.php/dav/files/{quote(auth[0])}/{quote(node.path)}",
                              auth=auth)
            if answer.status_code == 200:
                found[node.path] = answer.content
    return found
