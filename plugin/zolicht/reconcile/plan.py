"""The difference between what should be and what is, as an ordered list of operations. Pure.

Minimal: nothing that already matches is touched. Ordered so that no moment grants more
than the old and the new state together: every revocation (deleting or narrowing a share,
leaving a group) comes before anything that grants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from zolicht.nextcloud import Entry, ShareInfo
from zolicht.reconcile.desired import Desired, DesiredShare

USER_SHARE = 0


class Kind(IntEnum):
    """Operation kinds, in the order they run."""

    DELETE_SHARE = 1
    NARROW_SHARE = 2
    REMOVE_FROM_GROUP = 3
    CREATE_GROUP = 4
    CREATE_USER = 5
    ADD_TO_GROUP = 6
    MKDIR = 7
    UPLOAD = 8
    WIDEN_SHARE = 9
    CREATE_SHARE = 10


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

    def describe(self) -> str:
        parts = [self.kind.name.lower().replace("_", " "), self.target]
        if self.uid:
            parts.append(f"for {self.uid}")
        if self.permissions:
            parts.append(f"permissions {self.permissions}")
        if self.reason:
            parts.append(f"({self.reason})")
        return " ".join(parts)


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


@dataclass(frozen=True)
class Plan:
    family: str
    ops: tuple[Op, ...]
    drift: tuple[Drift, ...]
    problems: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.ops


def plan(desired: Desired, observed: Observed, service_user: str) -> Plan:
    ops: list[Op] = []
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
