"""The Nextcloud a scenario runs against: its address, an admin, its mails, its shell.

Some things only an administrator with a shell can do (reset brute-force attempts, set
an allow-list, register an ExApp). On a real Nextcloud they go through ``occ``; on
devcloud through the server object. Mails come from an SMTP sink's folder on a real
Nextcloud and from devcloud's outbox.
"""

from __future__ import annotations

import email
import email.header
import email.utils
import json
import os
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

ALLOW_KEY = "whitelist_contract"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str


@dataclass(frozen=True)
class ExAppInfo:
    app_id: str
    version: str
    secret: str
    port: int
    routes: tuple[dict[str, object], ...]


class Mailbox(Protocol):
    def new(self) -> list[Mail]:
        """Mails sent since the previous call."""


class Shell(Protocol):
    def reset_bruteforce(self) -> None: ...

    def allowlist(self, on: bool) -> None:
        """Put 127.0.0.1 on the brute-force allow-list and apply it to rate limits."""

    def register_exapp(self, app: ExAppInfo) -> None: ...

    def unregister_exapp(self, app_id: str) -> None: ...


@dataclass
class Target:
    url: str
    admin: tuple[str, str]
    mailbox: Mailbox | None
    shell: Shell | None
    whole_seconds: bool = True
    """Whether file ETags change only with the second (Nextcloud hashes a file's mtime in
    seconds, inode and size, so two writes within one second may keep the ETag)."""
    client_ip: str = "127.0.0.1"
    """The address Nextcloud sees the scenarios come from (brute force, allow-list)."""
    exapp_host: str = "127.0.0.1"
    """The address at which Nextcloud reaches the scenarios' ExApp."""


# -- a real Nextcloud ------------------------------------------------------------------------------
@dataclass
class MailFolder:
    """A folder an SMTP sink writes each message into as a file (``*.eml``, or a maildir's
    files). Recipients come from a ``.json`` envelope beside the message (``rcpt_tos``) if
    there is one, else from its To and Cc headers."""

    folder: Path
    seen: set[Path] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.seen = set(self.messages())

    def messages(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file()
                      and not p.name.startswith(".") and p.suffix != ".json")

    def new(self) -> list[Mail]:
        mails = []
        for path in self.messages():
            if path not in self.seen:
                self.seen.add(path)
                mails += read_mail(path)
        return mails


def read_mail(path: Path) -> list[Mail]:
    message = email.message_from_bytes(path.read_bytes())
    subject = str(email.header.make_header(email.header.decode_header(
        message.get("Subject", ""))))
    envelope = path.with_suffix(".json")
    if envelope.exists():
        recipients = list(json.loads(envelope.read_text())["rcpt_tos"])
    else:
        found = message.get_all("To", []) + message.get_all("Cc", [])
        recipients = [address for _, address in email.utils.getaddresses(found)]
    return [Mail(to, subject) for to in recipients]


@dataclass
class Occ:
    """``occ`` of the Nextcloud being recorded, as a command prefix (``docker exec …``)."""

    command: list[str]
    client_ip: str = "127.0.0.1"
    exapp_host: str = "127.0.0.1"
    daemon: str = "manual_install"

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.command, *args], capture_output=True, text=True,
                              timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"occ {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def reset_bruteforce(self) -> None:
        self.run("security:bruteforce:reset", self.client_ip)

    def allowlist(self, on: bool) -> None:
        if on:
            self.run("config:app:set", "bruteForce", ALLOW_KEY, "--value",
                     f"{self.client_ip}/32")
            self.run("config:app:set", "bruteforcesettings", "apply_allowlist_to_ratelimit",
                     "--value", "true", "--type", "boolean")
        else:
            self.run("config:app:delete", "bruteForce", ALLOW_KEY)
            self.run("config:app:delete", "bruteforcesettings", "apply_allowlist_to_ratelimit")

    def register_exapp(self, app: ExAppInfo) -> None:
        if self.daemon not in self.run("app_api:daemon:list"):
            self.run("app_api:daemon:register", self.daemon, "Manual Install", "manual-install",
                     "http", self.exapp_host, "http://localhost")
        info = {"id": app.app_id, "name": app.app_id, "daemon_config_name": self.daemon,
                "version": app.version, "secret": app.secret, "port": app.port,
                "routes": list(app.routes)}
        self.run("app_api:app:register", app.app_id, self.daemon, "--wait-finish",
                 "--json-info", json.dumps(info))

    def unregister_exapp(self, app_id: str) -> None:
        self.run("app_api:app:unregister", app_id, "--force")


def from_environment() -> Target | None:
    """The real Nextcloud named by ZOLICHT_CONTRACT_* variables, if any (see README)."""
    url = os.environ.get("ZOLICHT_CONTRACT_URL")
    if not url:
        return None
    admin = (os.environ.get("ZOLICHT_CONTRACT_ADMIN", "admin"),
             os.environ["ZOLICHT_CONTRACT_ADMIN_PASSWORD"])
    folder = os.environ.get("ZOLICHT_CONTRACT_MAILDIR")
    occ = os.environ.get("ZOLICHT_CONTRACT_OCC")
    client = os.environ.get("ZOLICHT_CONTRACT_CLIENT_IP", "127.0.0.1")
    exapp = os.environ.get("ZOLICHT_CONTRACT_EXAPP_HOST", "127.0.0.1")
    return Target(url.rstrip("/"), admin, MailFolder(Path(folder)) if folder else None,
                  Occ(shlex.split(occ), client, exapp) if occ else None,
                  client_ip=client, exapp_host=exapp)
