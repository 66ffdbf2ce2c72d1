"""Stable placeholders for what differs between two runs of the same scenario.

Ids, etags, times, tokens, the random run name, the server's address and its instance id
are replaced by placeholders numbered in order of first appearance, per kind: the first
share id seen becomes ``<share:1>``, the second ``<share:2>``, and the same id seen again
is the same placeholder. So a recording still says "this is the share created above" or
"the etag changed", without the values that no two servers share.
"""

from __future__ import annotations

import re
from typing import Any

RUN = "RUN"
BASE = "BASE"
HOST = "HOST"
INSTANCE = "INSTANCE"
CLIENT_IP = "CLIENT_IP"

OC, DAV, CS = "oc:", "d:", "cs:"

ID_KEYS = {
    "item_source": "file", "file_source": "file", "file_parent": "file", "fileId": "file",
    OC + "fileid": "file", "storage": "storage", "formId": "form", "questionId": "question",
    "submissionId": "submission", "optionId": "option",
}
"""Keys whose numeric value is an id of a known kind, wherever they appear."""

TIME_KEYS = {
    "stime", "item_mtime", "created", "lastUpdated", "timestamp", "lastLogin", "mtime",
    "lastLoginTimestamp", "firstLoginTimestamp", "lockedUntil", DAV + "getlastmodified",
    DAV + "creationdate", "last-modified", "date", "DTSTAMP", "CREATED", "LAST-MODIFIED",
}
"""Keys holding a moment; 0 and -1 mean "never" and stay as they are."""

SECRET_KEYS = {
    "token": "token", "hash": "hash", "apppassword": "secret", "appPassword": "secret",
    "password": "secret", "etag": "etag", "oc-etag": "etag", DAV + "getetag": "etag",
    CS + "getctag": "sync", DAV + "sync-token": "sync", "requesttoken": "secret",
    "stateToken": "secret", "share_with_link": "secret",
}
"""Keys whose string value is random; later occurrences inside other strings follow."""

COLLECTIONS = {
    "shares": "share", "forms": "form", "questions": "question", "options": "option",
    "submissions": "submission", "answers": "answer",
}
"""A list or path segment of this name holds objects whose ``id`` is of this kind."""

ENVELOPE = ("json", "ocs", "data")
"""Keys an answer is wrapped in: the ids inside are still those the path names."""
KEYED_BY = {"answers": "question"}
"""Objects whose keys are ids of another kind (a submission's answers, by question)."""

FILE_ID = re.compile(r"^(\d{8})(oc[a-z0-9]{10})$")
SYNC_TOKEN = re.compile(r"^(http://sabre\.io/ns/sync/)(\d+)$")
SUBSTITUTED = 8
"""Secrets at least this long are also replaced where they appear inside other text."""
RANDOM = re.compile(r"[A-Za-z0-9]{32,}")
"""Long runs of letters and digits are generated tokens (login flows, app passwords)."""


def collection_kind(name: str, forms: bool) -> str | None:
    kind = COLLECTIONS.get(name)
    if kind is None:
        return None
    return "form" + kind if forms and kind == "share" else kind


class Normaliser:
    """One scenario run's placeholder tables."""

    def __init__(self, run: str, base_url: str) -> None:
        self.tables: dict[str, dict[str, str]] = {}
        self.strings: dict[str, str] = {}
        host = base_url.split("://", 1)[-1].rstrip("/")
        self.register_string(base_url.rstrip("/"), BASE)
        self.register_string(host, HOST)
        self.register_string(run, RUN)

    # -- tables ----------------------------------------------------------------------------------
    def placeholder(self, kind: str, value: object) -> str:
        table = self.tables.setdefault(kind, {})
        key = str(value)
        if key not in table:
            table[key] = f"<{kind}:{len(table) + 1}>"
        return table[key]

    def register_string(self, value: str, placeholder: str) -> None:
        if value and value not in self.strings:
            self.strings[value] = placeholder

    def secret(self, kind: str, value: str) -> str:
        quoted = len(value) > 1 and value[0] == value[-1] == '"'
        bare = value[1:-1] if quoted else value
        if not bare:
            return value
        name = self.placeholder(kind, bare)
        if len(bare) >= SUBSTITUTED:
            self.register_string(bare, name)
        return f'"{name}"' if quoted else name

    # -- strings ---------------------------------------------------------------------------------
    def text(self, value: str) -> str:
        found = FILE_ID.match(value)
        if found:
            self.register_string(found.group(2), INSTANCE)
            return self.placeholder("file", int(found.group(1))) + INSTANCE
        sync = SYNC_TOKEN.match(value)
        if sync:
            return sync.group(1) + self.placeholder("sync", sync.group(2))
        for known in sorted(self.strings, key=len, reverse=True):
            if known in value:
                value = value.replace(known, self.strings[known])
        return RANDOM.sub(lambda m: self.secret("secret", m.group(0)), value)

    def path(self, path: str) -> str:
        """A request path: numeric segments become ids of the collection before them."""
        route, _, query = path.partition("?")
        forms = "/apps/forms/" in route
        parts = route.split("/")
        for n in range(1, len(parts)):
            kind = collection_kind(parts[n - 1], forms)
            if kind is not None and parts[n].isdigit():
                parts[n] = self.placeholder(kind, int(parts[n]))
        joined = "/".join(parts)
        return self.text(f"{joined}?{query}" if query else joined)

    # -- trees -----------------------------------------------------------------------------------
    def tree(self, value: Any, kind: str | None = None, key: str = "", forms: bool = False) -> Any:
        """Normalise decoded JSON, XML or iCalendar; ``kind`` is what an ``id`` here is."""
        if isinstance(value, dict):
            keys = KEYED_BY.get(key, kind)
            return {self.key(k, keys): self.entry(k, v, kind, forms) for k, v in value.items()}
        if isinstance(value, list):
            inner = collection_kind(key, forms) or kind
            return [self.tree(v, inner, key, forms) for v in value]
        return self.scalar(key, value, kind)

    def key(self, key: str, kind: str | None) -> str:
        """A dict key: an id when it is a number (Forms' reorder answers), else text."""
        if kind is not None and key.isdigit():
            return self.placeholder(kind, int(key))
        for known in sorted(self.strings, key=len, reverse=True):
            key = key.replace(known, self.strings[known])
        return key

    def entry(self, key: str, value: Any, kind: str | None, forms: bool) -> Any:
        if key == "newOrder" and isinstance(value, list) and kind is not None:
            return [self.placeholder(kind, v) if _numeric(v) else v for v in value]
        if isinstance(value, (dict, list)):
            inner = collection_kind(key, forms) or (kind if key in ENVELOPE else None)
            return self.tree(value, inner, key, forms)
        return self.scalar(key, value, kind)

    def scalar(self, key: str, value: Any, kind: str | None) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        if key in TIME_KEYS and value not in (0, -1, "0", "", "-1"):
            return "<time>"
        if key in ID_KEYS and _numeric(value):
            return self.placeholder(ID_KEYS[key], int(value))
        if key == "id" and kind is not None and _numeric(value):
            return self.placeholder(kind, int(value))
        if key in SECRET_KEYS and isinstance(value, str):
            return self.secret(SECRET_KEYS[key], value)
        if isinstance(value, str):
            return self.text(value)
        if key == "data" and kind is not None and isinstance(value, int):
            return self.placeholder(kind, value)
        return value


def _numeric(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())
