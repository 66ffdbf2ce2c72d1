"""Users, groups, passwords, app passwords and brute-force attempts."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import string
import time
from collections.abc import Collection
from dataclasses import dataclass

from zolicht.devcloud.db import in_chunks

ADMIN_GROUP = "admin"
USER_ID = re.compile(r"[a-zA-Z0-9 _.@\-']+")
RESERVED_IDS = {".htaccess", "files_external", "__groupfolders", ".ncdata", "owncloud.log",
                "nextcloud.log", "updater.log", "audit.log"}
MAX_USER_ID = 64
PBKDF2_ROUNDS = 5_000
MAX_ATTEMPTS = 10
MAX_DELAY_MS = 25_000
LOGIN_NOTED = 60
TOKEN_ALPHABET = string.ascii_letters + string.digits
"""Nextcloud's app passwords: 72 letters and digits."""
"""Seconds between two updates of a user's last login."""


class AccountError(ValueError):
    """A rule of Nextcloud's user manager was broken; the message is Nextcloud's."""


@dataclass(frozen=True)
class User:
    uid: str
    display_name: str
    email: str
    enabled: bool
    quota: str
    language: str
    phone: str
    first_login: int = 0
    last_login: int = 0


def hash_secret(secret: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt.encode(), PBKDF2_ROUNDS)
    return f"{salt}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    salt, _, expected = stored.partition("$")
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt.encode(), PBKDF2_ROUNDS)
    return hmac.compare_digest(digest.hex(), expected)


def check_user_id(uid: str) -> None:
    """Nextcloud's login-name rules (lib/private/User/Manager.php), with its messages."""
    if uid == "":
        raise AccountError("A valid Login must be provided")
    if uid != uid.strip():
        raise AccountError("Login contains whitespace at the beginning or at the end")
    if not USER_ID.fullmatch(uid):
        raise AccountError(
            'Only the following characters are allowed in an Login: '
            '"a-z", "A-Z", "0-9", spaces and "_.@-\'"'
        )
    if uid.strip(".") == "":
        raise AccountError("Login must not consist of dots only")
    if len(uid) > MAX_USER_ID:
        raise AccountError("Username is too long")
    if uid in RESERVED_IDS or uid.startswith("appdata_"):
        raise AccountError("Login is invalid because files already exist for this user")


class Accounts:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._verified: dict[str, tuple[str, bool]] = {}  # digest of login+secret -> result

    # -- users -------------------------------------------------------------------------------
    def create_user(self, uid: str, password: str, display_name: str = "", email: str = "") -> None:
        check_user_id(uid)
        if self.user(uid) is not None:
            raise AccountError("The Login is already being used")
        self.conn.execute(
            "INSERT INTO users (uid, password_hash, display_name, email) VALUES (?, ?, ?, ?)",
            (uid, hash_secret(password), display_name or uid, email),
        )

    def user(self, uid: str) -> User | None:
        row = self.conn.execute("SELECT * FROM users WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            return None
        return User(row["uid"], row["display_name"], row["email"], bool(row["enabled"]),
                    row["quota"], row["language"], row["phone"], row["first_login"],
                    row["last_login"])

    def user_ids(self, search: str = "", limit: int | None = None, offset: int = 0) -> list[str]:
        pattern = f"%{search}%"
        rows = self.conn.execute(
            "SELECT uid FROM users WHERE uid LIKE ? OR display_name LIKE ? OR email LIKE ? "
            "ORDER BY uid LIMIT ? OFFSET ?",
            (pattern, pattern, pattern, -1 if limit is None else limit, offset),
        )
        return [r["uid"] for r in rows]

    def update_user(self, uid: str, column: str, value: str) -> None:
        assert column in {"display_name", "email", "quota", "language", "phone", "enabled"}
        self.conn.execute(f"UPDATE users SET {column} = ? WHERE uid = ?", (value, uid))
        self._verified.clear()

    def set_password(self, uid: str, password: str) -> None:
        self.conn.execute("UPDATE users SET password_hash = ? WHERE uid = ?",
                          (hash_secret(password), uid))
        self._verified.clear()

    def delete_user(self, uid: str) -> None:
        self.conn.execute("DELETE FROM users WHERE uid = ?", (uid,))
        self._verified.clear()

    def number(self, uid: str) -> int:
        """A stable number per user (the numeric id of their storage, in share objects)."""
        row = self.conn.execute("SELECT rowid FROM users WHERE uid = ?", (uid,)).fetchone()
        return int(row[0]) if row else 0

    def with_email(self, address: str) -> list[str]:
        """The ids of the accounts with this e-mail address (any case)."""
        return [row["uid"] for row in self.conn.execute(
            "SELECT uid FROM users WHERE lower(email) = lower(?)", (address,))]

    def has_email(self, address: str) -> bool:
        """Whether some user has this e-mail address."""
        row = self.conn.execute("SELECT 1 FROM users WHERE lower(email) = lower(?)",
                                (address,)).fetchone()
        return row is not None

    def is_admin(self, uid: str) -> bool:
        return ADMIN_GROUP in self.groups_of(uid)

    # -- authentication ----------------------------------------------------------------------
    def login(self, login: str, secret: str) -> tuple[str, bool] | None:
        """(uid, used an app password) for valid credentials of an enabled user, else None."""
        key = hashlib.sha256(f"{login}\0{secret}".encode()).hexdigest()
        if key in self._verified:
            return self._verified[key]
        row = self.conn.execute("SELECT uid, password_hash, enabled FROM users WHERE uid = ?",
                                (login,)).fetchone()
        if row is None or not row["enabled"]:
            return None
        token = hashlib.sha256(secret.encode()).hexdigest()
        if secret_matches(secret, row["password_hash"]):
            self._verified[key] = (row["uid"], False)
        elif self.conn.execute("SELECT 1 FROM app_passwords WHERE token_hash = ? AND uid = ?",
                               (token, login)).fetchone():
            self._verified[key] = (row["uid"], True)
        return self._verified.get(key)

    def disabled_with(self, login: str, secret: str) -> bool:
        """Whether this is a disabled user's right password or app password: Nextcloud
        refuses the login but does not count it as a failed one."""
        row = self.conn.execute("SELECT password_hash, enabled FROM users WHERE uid = ?",
                                (login,)).fetchone()
        if row is None or row["enabled"]:
            return False
        token = hashlib.sha256(secret.encode()).hexdigest()
        return secret_matches(secret, row["password_hash"]) or self.conn.execute(
            "SELECT 1 FROM app_passwords WHERE token_hash = ? AND uid = ?",
            (token, login)).fetchone() is not None

    def signed_in(self, uid: str) -> bool:
        """Note a login (at most once a minute); True for the user's very first one."""
        now = int(time.time())
        row = self.conn.execute("SELECT first_login, last_login FROM users WHERE uid = ?",
                                (uid,)).fetchone()
        if row is None or now - row["last_login"] < LOGIN_NOTED:
            return False
        self.conn.execute("UPDATE users SET first_login = ?, last_login = ? WHERE uid = ?",
                          (row["first_login"] or now, now, uid))
        return not row["first_login"]

    def new_app_password(self, uid: str, name: str = "") -> str:
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(72))
        self.conn.execute("INSERT INTO app_passwords (token_hash, uid, name) VALUES (?, ?, ?)",
                          (hashlib.sha256(token.encode()).hexdigest(), uid, name))
        return token

    def delete_app_password(self, uid: str, token: str) -> None:
        self.conn.execute("DELETE FROM app_passwords WHERE token_hash = ? AND uid = ?",
                          (hashlib.sha256(token.encode()).hexdigest(), uid))
        self._verified.clear()

    # -- groups ------------------------------------------------------------------------------
    def create_group(self, gid: str, display_name: str = "") -> None:
        self.conn.execute("INSERT INTO groups (gid, display_name) VALUES (?, ?)",
                          (gid, display_name or gid))

    def group(self, gid: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM groups WHERE gid = ?", (gid,)).fetchone()
        return row

    def groups_named(self, gids: Collection[str]) -> dict[str, sqlite3.Row]:
        """The groups of ``gids`` that exist, by id (a query per 500)."""
        return {row["gid"]: row for row in in_chunks(
            self.conn, "SELECT * FROM groups WHERE gid IN", gids)}

    def group_ids(self, search: str = "", limit: int | None = None, offset: int = 0) -> list[str]:
        rows = self.conn.execute(
            "SELECT gid FROM groups WHERE gid LIKE ? OR display_name LIKE ? ORDER BY gid "
            "LIMIT ? OFFSET ?",
            (f"%{search}%", f"%{search}%", -1 if limit is None else limit, offset),
        )
        return [r["gid"] for r in rows]

    def rename_group(self, gid: str, display_name: str) -> None:
        self.conn.execute("UPDATE groups SET display_name = ? WHERE gid = ?", (display_name, gid))

    def delete_group(self, gid: str) -> None:
        self.conn.execute("DELETE FROM groups WHERE gid = ?", (gid,))

    def members(self, gid: str) -> list[str]:
        rows = self.conn.execute("SELECT uid FROM group_members WHERE gid = ? ORDER BY uid",
                                 (gid,))
        return [r["uid"] for r in rows]

    def groups_of(self, uid: str) -> list[str]:
        rows = self.conn.execute("SELECT gid FROM group_members WHERE uid = ? ORDER BY gid",
                                 (uid,))
        return [r["gid"] for r in rows]

    def add_member(self, gid: str, uid: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO group_members (gid, uid) VALUES (?, ?)",
                          (gid, uid))

    def remove_member(self, gid: str, uid: str) -> None:
        self.conn.execute("DELETE FROM group_members WHERE gid = ? AND uid = ?", (gid, uid))

    # -- brute force -------------------------------------------------------------------------
    def register_attempt(self, action: str, ip: str) -> None:
        self.conn.execute("INSERT INTO bruteforce_attempts VALUES (?, ?, ?)",
                          (action, ip, time.time()))

    def reset_attempts(self, ip: str) -> None:
        """``occ security:bruteforce:reset <ip>``."""
        self.conn.execute("DELETE FROM bruteforce_attempts WHERE ip = ?", (ip,))

    def attempts(self, action: str, ip: str, hours: float) -> int:
        row = self.conn.execute(
            "SELECT count(*) AS n FROM bruteforce_attempts WHERE action = ? AND ip = ? "
            "AND occurred > ?", (action, ip, time.time() - hours * 3600)).fetchone()
        return int(row["n"])

    def blocked(self, action: str, ip: str) -> bool:
        """Nextcloud's throttler refuses outright after more than 10 failures in 30 minutes
        once the delay has reached its maximum (25 s)."""
        return self.delay_ms(action, ip) == MAX_DELAY_MS and \
            self.attempts(action, ip, 0.5) > MAX_ATTEMPTS

    def delay_ms(self, action: str, ip: str) -> int:
        attempts = self.attempts(action, ip, 12)
        if attempts == 0:
            return 0
        if attempts > MAX_ATTEMPTS:
            return MAX_DELAY_MS
        return min(MAX_DELAY_MS, int(100 * 2 ** attempts))
