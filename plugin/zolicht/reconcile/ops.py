"""The operations a reconcile run carries out, and the order in which they run."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Kind(IntEnum):
    """Operation kinds, in the order they run."""

    DELETE_SHARE = 1
    NARROW_SHARE = 2
    UNSHARE_CALENDAR = 3
    LIMIT_CALENDAR = 4
    UNSHARE_FORM = 5
    UPDATE_FORM = 6
    """Only ever closes access (zolicht never opens a form to all users), so it goes early."""
    REMOVE_FROM_GROUP = 7
    CREATE_GROUP = 8
    CREATE_USER = 9
    ADD_TO_GROUP = 10
    MKDIR = 11
    MAKE_CALENDAR = 12
    UPLOAD = 13
    PUT_EVENT = 14
    DELETE_EVENT = 15
    CREATE_FORM = 16
    ARCHIVE_QUESTION = 17
    ADD_QUESTION = 18
    UPDATE_QUESTION = 19
    ORDER_QUESTIONS = 20
    WIDEN_SHARE = 21
    CREATE_SHARE = 22
    SHARE_CALENDAR = 23
    SHARE_FORM = 24


@dataclass(frozen=True)
class Op:
    kind: Kind
    target: str
    """The path, group id, user id or share id the operation acts on."""
    uid: str = ""
    permissions: int = 0
    document: str = ""
    email: str = ""
    display_name: str = ""
    reason: str = ""
    access: str = ""
    """For calendar shares: 'read' or 'read-write'."""
    etag: str = ""
    """For replacing an event: the etag it must still have."""
    ref: str = ""
    """The server's id of a form question or form share the operation acts on."""

    def describe(self) -> str:
        parts = [self.kind.name.lower().replace("_", " "), self.target]
        if self.kind.name.endswith("QUESTION") and self.document:
            parts.append(self.document)
        if self.uid:
            parts.append(f"for {self.uid}")
        if self.permissions:
            parts.append(f"permissions {self.permissions}")
        if self.reason:
            parts.append(f"({self.reason})")
        return " ".join(parts)
