"""The operations a reconcile run carries out, and the order in which they run.

One small frozen record per kind of operation, carrying exactly what that kind needs.
Every record also answers the few questions asked of any operation (for the journal, the
listings of ``zolicht plan`` and for ``Outcome.waiting_for``): the person or group it
concerns (``uid``), the document (``document``), the share permissions and the reason.
The base class gives the empty answer; a kind that carries one declares it as a field.

Operations are never stored as such: the journal keeps the kind's name and
``describe()``'s text, so both stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import ClassVar


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


class Op:
    """What every operation can say about itself; empty where its kind has nothing."""

    kind: ClassVar[Kind]
    target: str
    """The path, group id, user id, share id, calendar or form the operation acts on."""
    uid: str = ""
    """The account or group the operation is about."""
    document: str = ""
    """The key of the document whose access or content the operation changes."""
    permissions: int = 0
    reason: str = ""

    def detail(self) -> str:
        """What the operation's text names after its target (a question, an event)."""
        return ""

    def describe(self) -> str:
        parts = [self.kind.name.lower().replace("_", " "), self.target]
        if self.detail():
            parts.append(self.detail())
        if self.uid:
            parts.append(f"for {self.uid}")
        if self.permissions:
            parts.append(f"permissions {self.permissions}")
        if self.reason:
            parts.append(f"({self.reason})")
        return " ".join(parts)


# -- shares of the family folder's files ------------------------------------------------------
@dataclass(frozen=True)
class DeleteShare(Op):
    kind = Kind.DELETE_SHARE
    target: str
    """The share id."""
    uid: str = field()
    """Whom it shared with (empty for a link share)."""
    reason: str = field()
    """``revoked`` (a share zolicht made) or ``drift`` (one nobody decided on)."""


@dataclass(frozen=True)
class NarrowShare(Op):
    kind = Kind.NARROW_SHARE
    target: str
    """The share id."""
    uid: str = field()
    """The group it shares with."""
    permissions: int = field()
    """What it is to allow from now on."""
    document: str = field()


@dataclass(frozen=True)
class WidenShare(NarrowShare):
    kind = Kind.WIDEN_SHARE


@dataclass(frozen=True)
class CreateShare(Op):
    kind = Kind.CREATE_SHARE
    target: str
    """The path shared."""
    uid: str = field()
    """The group it is shared with."""
    permissions: int = field()
    document: str = field()


# -- accounts and groups -----------------------------------------------------------------------
@dataclass(frozen=True)
class CreateGroup(Op):
    kind = Kind.CREATE_GROUP
    target: str
    """The group id."""


@dataclass(frozen=True)
class DeleteGroup(CreateGroup):
    kind = Kind.DELETE_GROUP


@dataclass(frozen=True)
class CreateUser(Op):
    kind = Kind.CREATE_USER
    target: str
    """The account id."""
    email: str
    display_name: str


@dataclass(frozen=True)
class AddToGroup(Op):
    kind = Kind.ADD_TO_GROUP
    target: str
    """The group id."""
    uid: str = field()
    """The account that joins."""
    document: str = field()
    """The document whose group it is; empty for a circle's group."""


@dataclass(frozen=True)
class RemoveFromGroup(Op):
    kind = Kind.REMOVE_FROM_GROUP
    target: str
    """The group id."""
    uid: str = field()
    """The account that leaves."""
    document: str = field()
    """The document whose group it is; empty for a circle's group."""
    reason: str = ""
    """``revoked`` (one of the family) or ``drift`` (an account not of the family); empty
    for a stop applied on its own (``apply_after``)."""


# -- files -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mkdir(Op):
    kind = Kind.MKDIR
    target: str
    """The folder's path."""


@dataclass(frozen=True)
class UploadFile(Op):
    kind = Kind.UPLOAD
    target: str
    """The file's path."""
    document: str = field()


@dataclass(frozen=True)
class AdoptEdit(Op):
    kind = Kind.ADOPT_EDIT
    target: str
    """The file's path."""
    document: str = field()
    etag: str
    """The etag of the changed file in Nextcloud."""


# -- the family calendar -----------------------------------------------------------------------
@dataclass(frozen=True)
class MakeCalendar(Op):
    kind = Kind.MAKE_CALENDAR
    target: str
    """The calendar's uri."""
    display_name: str


@dataclass(frozen=True)
class ShareCalendar(Op):
    kind = Kind.SHARE_CALENDAR
    target: str
    """The calendar's uri."""
    uid: str = field()
    """The sharee's principal (``users/<uid>``)."""
    access: str
    """``read`` or ``read-write``."""


@dataclass(frozen=True)
class LimitCalendar(ShareCalendar):
    kind = Kind.LIMIT_CALENDAR


@dataclass(frozen=True)
class UnshareCalendar(Op):
    kind = Kind.UNSHARE_CALENDAR
    target: str
    """The calendar's uri."""
    uid: str = field()
    """The sharee's principal (``users/<uid>``)."""


@dataclass(frozen=True)
class PutEvent(Op):
    kind = Kind.PUT_EVENT
    target: str
    """The calendar's uri."""
    event: str
    """The event's object name."""
    etag: str
    """The etag the event must still have; empty for a new event."""


@dataclass(frozen=True)
class DeleteEvent(Op):
    kind = Kind.DELETE_EVENT
    target: str
    """The calendar's uri."""
    event: str


# -- forms (target: the form's key) ------------------------------------------------------------
@dataclass(frozen=True)
class CreateForm(Op):
    kind = Kind.CREATE_FORM
    target: str


@dataclass(frozen=True)
class UpdateForm(CreateForm):
    kind = Kind.UPDATE_FORM


@dataclass(frozen=True)
class OrderQuestions(CreateForm):
    kind = Kind.ORDER_QUESTIONS


@dataclass(frozen=True)
class DeleteForm(Op):
    kind = Kind.DELETE_FORM
    target: str
    form_id: int
    reason: str = field()
    """``retired``, ``duplicate`` or ``orphan`` (a blank form nobody records)."""


@dataclass(frozen=True)
class AddQuestion(Op):
    kind = Kind.ADD_QUESTION
    target: str
    question: str
    """The question's technical name."""

    def detail(self) -> str:
        return self.question


@dataclass(frozen=True)
class ArchiveQuestion(Op):
    kind = Kind.ARCHIVE_QUESTION
    target: str
    question: str
    question_id: int

    def detail(self) -> str:
        return self.question


@dataclass(frozen=True)
class UpdateQuestion(ArchiveQuestion):
    kind = Kind.UPDATE_QUESTION


@dataclass(frozen=True)
class ShareForm(Op):
    kind = Kind.SHARE_FORM
    target: str
    uid: str = field()
    """The group or account it is shared with."""


@dataclass(frozen=True)
class UnshareForm(Op):
    kind = Kind.UNSHARE_FORM
    target: str
    uid: str = field()
    share_id: int


OPS: tuple[type[Op], ...] = (
    DeleteShare, NarrowShare, WidenShare, CreateShare, CreateGroup, DeleteGroup, CreateUser,
    AddToGroup, RemoveFromGroup, Mkdir, UploadFile, AdoptEdit, MakeCalendar, ShareCalendar,
    LimitCalendar, UnshareCalendar, PutEvent, DeleteEvent, CreateForm, UpdateForm,
    OrderQuestions, DeleteForm, AddQuestion, ArchiveQuestion, UpdateQuestion, ShareForm,
    UnshareForm)
"""Every kind of operation, one record type each."""

FORM_OPS = (CreateForm, UpdateForm, OrderQuestions, DeleteForm, AddQuestion, ArchiveQuestion,
            UpdateQuestion, ShareForm, UnshareForm)
