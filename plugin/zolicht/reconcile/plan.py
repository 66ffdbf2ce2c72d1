"""The difference between what should be and what is, as an ordered list of operations. Pure.

Minimal: nothing that already matches is touched. Ordered so that no moment grants more
than the old and the new state together: every revocation (deleting or narrowing a share,
leaving or deleting a group) comes before anything that grants.

A file zolicht uploaded that has another etag in Nextcloud now was changed there (someone
with an edit grant): it is taken over into the record, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zolicht.nextcloud import Entry, ShareInfo
from zolicht.nextcloud.caldav import CalendarState
from zolicht.nextcloud.forms import ObservedForm
from zolicht.nextcloud.shares import GROUP
from zolicht.reconcile.desired import Desired, DesiredCalendar, DesiredShare
from zolicht.reconcile.forms import DesiredForm, plan_forms
from zolicht.reconcile.ops import (
    AddToGroup,
    AdoptEdit,
    CreateGroup,
    CreateShare,
    CreateUser,
    DeleteEvent,
    DeleteForm,
    DeleteGroup,
    DeleteShare,
    LimitCalendar,
    MakeCalendar,
    Mkdir,
    NarrowShare,
    Op,
    PutEvent,
    RemoveFromGroup,
    ShareCalendar,
    UnshareCalendar,
    UploadFile,
    WidenShare,
)
from zolicht.store.remote import Upload


@dataclass(frozen=True)
class Drift:
    """Access in Nextcloud that nobody in the family decided on: a share of something in
    the family folder, or a member of one of the family's groups who is not of the family."""

    where: str
    """The path shared, or the group id."""
    who: str | None
    share_type: int = GROUP
    created_by: str = ""
    permissions: int = 0
    share_id: str = ""


@dataclass
class Observed:
    accounts: set[str]
    """Which of the accounts the family needs exist."""
    groups: dict[str, frozenset[str]]
    """The family's groups (by prefix) as they are, with their members."""
    entries: dict[str, Entry]
    """The family's folders and files, by path."""
    shares: list[ShareInfo]
    """Shares of anything inside the family folder."""
    uploaded: dict[str, Upload] = field(default_factory=dict)
    """What zolicht uploaded, by path."""
    ours: set[str] = field(default_factory=set)
    """Ids of the shares zolicht created."""
    calendar: CalendarState | None = None
    """The family calendar as it is, or None when it does not exist (or was not read)."""
    forms: dict[str, ObservedForm] = field(default_factory=dict)
    """The family's forms that were read, by form key."""
    settled_forms: set[str] = field(default_factory=set)
    """Forms unchanged since zolicht last made them right; not read again."""
    unwanted_forms: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Form id → (key, why) of the family's forms that must go: recorded but no longer
    wanted (``retired``), or second copies made by runs that raced (``duplicate``)."""


@dataclass(frozen=True)
class Plan:
    family: str
    ops: tuple[Op, ...]
    drift: tuple[Drift, ...]
    problems: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.ops


def plan(desired: Desired, observed: Observed, service_user: str,
         calendar: DesiredCalendar | None = None,
         forms: list[DesiredForm] | None = None) -> Plan:
    ops: list[Op] = []
    if calendar is not None:
        ops += _calendar(calendar, observed)
    if forms:
        ops += plan_forms(forms, observed.forms, observed.settled_forms)
    ops += [DeleteForm(key, form_id, reason=why)
            for form_id, (key, why) in sorted(observed.unwanted_forms.items())]
    share_ops, drift = shares(desired, observed.shares, observed.ours, service_user)
    ops += share_ops
    group_ops, strangers = _groups(desired, observed)
    ops += group_ops
    ops += [Mkdir(folder) for folder in desired.folders
            if folder not in observed.entries]
    ops += _files(desired, observed)
    return Plan(desired.family, tuple(sorted(ops, key=lambda op: op.kind)),
                tuple(drift + strangers), desired.problems)


def shares(desired: Desired, observed: list[ShareInfo], ours: set[str],
           service_user: str) -> tuple[list[Op], list[Drift]]:
    """Keep each wanted group share once, correct its permissions, delete every other
    share (reporting as drift what zolicht did not make), create what is missing."""
    wanted = {(s.path, s.group): s for s in desired.shares}
    ops: list[Op] = []
    drift: list[Drift] = []
    kept: set[tuple[str, str]] = set()
    for share in observed:
        key = (share.path, share.share_with or "")
        target = wanted.get(key)
        if share.share_type == GROUP and target is not None and key not in kept \
                and share.initiator == service_user:
            kept.add(key)
            if share.permissions != target.permissions:
                change = NarrowShare if share.permissions & ~target.permissions \
                    else WidenShare
                ops.append(change(share.id, uid=target.group, permissions=target.permissions,
                                  document=target.document))
            continue
        explained = share.id in ours
        if not explained:
            drift.append(Drift(share.path, share.share_with, share.share_type, share.initiator,
                               share.permissions, share.id))
        ops.append(DeleteShare(share.id, uid=share.share_with or "",
                               reason="revoked" if explained else "drift"))
    ops += [_create(s) for key, s in sorted(wanted.items()) if key not in kept]
    return ops, drift


def _create(share: DesiredShare) -> Op:
    return CreateShare(share.path, uid=share.group, permissions=share.permissions,
                       document=share.document)


def _groups(desired: Desired, observed: Observed) -> tuple[list[Op], list[Drift]]:
    ops: list[Op] = [DeleteGroup(gid) for gid in sorted(observed.groups)
                     if gid not in desired.groups]
    ops += [CreateGroup(gid) for gid in sorted(desired.groups)
            if gid not in observed.groups]
    ops += [CreateUser(a.uid, email=a.email or "", display_name=a.display_name)
            for a in desired.accounts if a.uid not in observed.accounts]
    family = {a.uid for a in desired.accounts}
    strangers: list[Drift] = []
    for gid, members in sorted(desired.members.items()):
        current = observed.groups.get(gid, frozenset())
        document = desired.document_of_group(gid)
        ops += [AddToGroup(gid, uid=uid, document=document)
                for uid in sorted(members - current)]
        for uid in sorted(current - members):
            ops.append(RemoveFromGroup(gid, uid=uid, document=document,
                                       reason="revoked" if uid in family else "drift"))
            if uid not in family:
                strangers.append(Drift(gid, uid))
    return ops, strangers


def _files(desired: Desired, observed: Observed) -> list[Op]:
    ops: list[Op] = []
    for wanted in desired.files:
        entry = observed.entries.get(wanted.path)
        record = observed.uploaded.get(wanted.path)
        if entry is not None and record is not None and entry.etag != record.etag:
            ops.append(AdoptEdit(wanted.path, document=wanted.document, etag=entry.etag))
        elif entry is None or record is None or record.sha256 != wanted.sha256:
            ops.append(UploadFile(wanted.path, document=wanted.document))
    return ops


def event_record(uri: str, name: str) -> str:
    """The key under which an uploaded event is remembered with the uploaded files."""
    return f"caldav:{uri}/{name}"


def _calendar(wanted: DesiredCalendar, observed: Observed) -> list[Op]:
    current = observed.calendar or CalendarState()
    ops: list[Op] = [] if observed.calendar is not None else [
        MakeCalendar(wanted.uri, display_name=wanted.name)]
    for principal, access in sorted(current.sharees.items()):
        target = wanted.sharees.get(principal)
        if target is None:
            ops.append(UnshareCalendar(wanted.uri, uid=principal))
        elif target != access:
            change = LimitCalendar if target == "read" else ShareCalendar
            ops.append(change(wanted.uri, uid=principal, access=target))
    ops += [ShareCalendar(wanted.uri, uid=principal, access=access)
            for principal, access in sorted(wanted.sharees.items())
            if principal not in current.sharees]
    for event in wanted.events:
        etag = current.events.get(event.name)
        record = observed.uploaded.get(event_record(wanted.uri, event.name))
        if etag is None or record is None or (record.sha256, record.etag) != (event.sha256,
                                                                              etag):
            ops.append(PutEvent(wanted.uri, event=event.name, etag=etag or ""))
    names = {e.name for e in wanted.events}
    ops += [DeleteEvent(wanted.uri, event=name)
            for name in sorted(current.events) if name not in names]
    return ops
