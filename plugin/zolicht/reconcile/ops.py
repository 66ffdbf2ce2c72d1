"""The operations a reconcile run carries out, and the order in which they run."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Kind(IntEnum):
    """Operation kinds, in the order they run: everything that takes access away first."""

    DELETE_SHARE = 1
    NARROW_SHARE = 2
    UNSHARE_CALENDAR = 3
    LIMIT_CALENDAR = 4
    UNSHARE_FORM = 5
    UPDATE_FORM = 6
    """Only ever closes access (zolicht never opens a form to all users), so it goes early."""
    DELETE_FORM = 7
    """A second copy of a form (two runs that raced before families were locked)."""
    REMOVE_FROM_GROUP = 8
    DELETE_GROUP = 9
    CREATE_GROUP = 10
    CREATE_USER = 11
    ADD_TO_GROUP = 12
    MKDIR = 13
    MAKE_CALENDAR = 14
    ADOPT_EDIT = 15
    """Someone changed a file in Nextcloud (with an edit grant): the record takes it over."""
    UPLOAD = 16
    PUT_EVENT = 17
    DELETE_EVENT = 18
    CREATE_FORM = 19
    ARCHIVE_QUESTION = 20
    ADD_QUESTION = 21
    UPDATE_QUESTION = 22
    ORDER_QUESTIONS = 23
    WIDEN_SHARE = 24
    CREATE_SHARE = 25
    SHARE_CALENDAR = 26
    SHARE_FORM = 27


RATE_LIMITED = frozenset({Kind.CREATE_SHARE})
"""What Nextcloud rate limits per account (20 new shares per 10 minutes): when it says
429, the rest of these wait for a later run, and everything else goes on."""


@dataclass(frozen=True)
class Op:
    kind: Kind
    target: str
    """The path, group id, user id, share id, calendar or form the operation acts on."""
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
