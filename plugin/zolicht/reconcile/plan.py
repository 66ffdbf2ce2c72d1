"""The difference between what should be and what is, as an ordered list of operations. Pure.

Minimal: nothing that already matches is touched. Ordered so that no moment grants more
than the old and the new state together: every revocation (deleting or narrowing a share,
leaving a group) comes before anything that grants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zolicht.nextcloud import Entry, ShareInfo
from zolicht.nextcloud.caldav import CalendarState
from zolicht.reconcile.desired import Desired, DesiredCalendar, DesiredShare
from zolicht.reconcile.forms import DesiredForm, ObservedForm, plan_forms
from zolicht.reconcile.ops import Kind, Op

USER_SHARE = 0


@dataclass(frozen=True)
class Drift:
    share_id: str
    path: str
    share_type: int
    share_with: str | None
    created_by: str
    permissions: int


@dataclass
class Observed:
    users: dict[str, list[str]]
    """Every user id on the server with its groups."""
    groups: set[str]
    entries: dict[str, Entry]
    """The family's folders and files, by path."""
    shares: list[ShareInfo]
    """Shares of anything inside the family folder."""
    uploaded: dict[str, tuple[str, str]] = field(default_factory=dict)
    """What zolicht uploaded: path → (sha256, etag returned by Nextcloud)."""
    ours: set[str] = field(default_factory=set)
    """Ids of the shares zolicht created."""
    calendar: CalendarState | None = None
    """The family calendar as it is, or None when it does not exist (or was not read)."""
    forms: dict[str, ObservedForm] = field(default_factory=dict)
    """The family's forms that were read, by form key."""
    settled_forms: set[str] = field(default_factory=set)
    """Forms unchanged since zolicht last made them right; not read again."""


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
    share_ops, drift = _shares(desired, observed, service_user)
    ops += share_ops
    ops += _groups(desired, observed)
    ops += [Op(Kind.MKDIR, folder) for folder in desired.folders
            if folder not in observed.entries]
    for wanted in desired.files:
        entry = observed.entries.get(wanted.path)
        record = observed.uploaded.get(wanted.path)
        current = entry is not None and record == (wanted.sha256, entry.etag)
        if not current:
            ops.append(Op(Kind.UPLOAD, wanted.path, document=wanted.document))
    return Plan(desired.family, tuple(sorted(ops, key=lambda op: op.kind)), tuple(drift),
                desired.problems)


def _shares(desired: Desired, observed: Observed,
            service_user: str) -> tuple[list[Op], list[Drift]]:
    wanted = {(s.path, s.uid): s for s in desired.shares}
    ops: list[Op] = []
    drift: list[Drift] = []
    kept: set[tuple[str, str]] = set()
    for share in observed.shares:
        key = (share.path, share.share_with or "")
        target = wanted.get(key)
        if share.share_type == USER_SHARE and target is not None and key not in kept \
                and share.initiator == service_user:
            kept.add(key)
            if share.permissions != target.permissions:
                kind = Kind.NARROW_SHARE if share.permissions & ~target.permissions \
                    else Kind.WIDEN_SHARE
                ops.append(Op(kind, share.id, uid=target.uid, permissions=target.permissions))
            continue
        explained = share.id in observed.ours and share.share_type == USER_SHARE
        if not explained:
            drift.append(Drift(share.id, share.path, share.share_type, share.share_with,
                               share.initiator, share.permissions))
        ops.append(Op(Kind.DELETE_SHARE, share.id, uid=share.share_with or "",
                      reason="revoked" if explained else "drift"))
    ops += [_create(s) for key, s in sorted(wanted.items()) if key not in kept]
    return ops, drift


def event_record(uri: str, name: str) -> str:
    """The key under which an uploaded event is remembered with the uploaded files."""
    return f"caldav:{uri}/{name}"


def _calendar(wanted: DesiredCalendar, observed: Observed) -> list[Op]:
    current = observed.calendar or CalendarState()
    ops = [] if observed.calendar is not None else [
        Op(Kind.MAKE_CALENDAR, wanted.uri, display_name=wanted.name)]
    for principal, access in sorted(current.sharees.items()):
        target = wanted.sharees.get(principal)
        if target is None:
            ops.append(Op(Kind.UNSHARE_CALENDAR, wanted.uri, uid=principal))
        elif target != access:
            kind = Kind.LIMIT_CALENDAR if target == "read" else Kind.SHARE_CALENDAR
            ops.append(Op(kind, wanted.uri, uid=principal, access=target))
    ops += [Op(Kind.SHARE_CALENDAR, wanted.uri, uid=principal, access=access)
            for principal, access in sorted(wanted.sharees.items())
            if principal not in current.sharees]
    for event in wanted.events:
        etag = current.events.get(event.name)
        record = observed.uploaded.get(event_record(wanted.uri, event.name))
        if etag is None or record != (event.sha256, etag):
            ops.append(Op(Kind.PUT_EVENT, wanted.uri, document=event.name, etag=etag or ""))
    names = {e.name for e in wanted.events}
    ops += [Op(Kind.DELETE_EVENT, wanted.uri, document=name)
            for name in sorted(current.events) if name not in names]
    return ops


def _create(share: DesiredShare) -> Op:
    return Op(Kind.CREATE_SHARE, share.path, uid=share.uid, permissions=share.permissions,
              document=share.document)


def _groups(desired: Desired, observed: Observed) -> list[Op]:
    ops = [Op(Kind.CREATE_GROUP, gid, display_name=name)
           for gid, name in sorted(desired.groups.items()) if gid not in observed.groups]
    ops += [Op(Kind.CREATE_USER, a.uid, email=a.email or "", display_name=a.display_name)
            for a in desired.accounts if a.uid not in observed.users]
    for gid, members in sorted(desired.members.items()):
        ops += [Op(Kind.ADD_TO_GROUP, gid, uid=uid) for uid in sorted(members)
                if gid not in observed.users.get(uid, [])]
        ops += [Op(Kind.REMOVE_FROM_GROUP, gid, uid=uid) for uid, groups in
                sorted(observed.users.items()) if gid in groups and uid not in members]
    return ops
