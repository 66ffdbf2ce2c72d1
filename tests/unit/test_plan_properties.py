"""Properties of the pure planner: any observed state and any desired state plan to a diff
that, applied to the observed state by a tiny in-memory model of Nextcloud, reaches the
desired state; revocations come before grants; planning is deterministic."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from zolicht.domain.model import Circle
from zolicht.nextcloud import Entry, ShareInfo
from zolicht.nextcloud.shares import GROUP, USER
from zolicht.reconcile import ops as O
from zolicht.reconcile.desired import Account, Desired, DesiredFile, DesiredShare
from zolicht.reconcile.ops import Kind
from zolicht.reconcile.plan import Observed, plan
from zolicht.store.remote import Upload

SERVICE = "zolicht"
ROOT = "zl-space"
REVOKING = {Kind.DELETE_SHARE, Kind.NARROW_SHARE, Kind.UNSHARE_CALENDAR, Kind.LIMIT_CALENDAR,
            Kind.UNSHARE_FORM, Kind.UPDATE_FORM, Kind.DELETE_FORM, Kind.REMOVE_FROM_GROUP,
            Kind.DELETE_GROUP}

groups = st.sampled_from([f"zl-space-{n}" for n in "abcd"])
uids = st.sampled_from(["zl-u1", "zl-u2", "zl-u3", "stranger"])
paths = st.sampled_from([ROOT, f"{ROOT}/a.md", f"{ROOT}/b.md", f"{ROOT}/Dossier/c.md"])
perms = st.sampled_from([1, 3, 17, 31])
digests = st.sampled_from(["h1", "h2"])


@st.composite
def desired_states(draw: st.DrawFn) -> Desired:
    wanted_groups = draw(st.frozensets(groups))
    accounts = tuple(Account(uid, uid, f"{uid}@x.nl", uid, Circle.NETWORK)
                     for uid in sorted(draw(st.frozensets(uids.filter(lambda u: u != "stranger")))))
    uid_set = [a.uid for a in accounts]
    members = {gid: frozenset(draw(st.frozensets(st.sampled_from(uid_set)))) if uid_set
               else frozenset() for gid in wanted_groups}
    shares = frozenset(DesiredShare(path, gid, draw(perms), document=path)
                       for path, gid in draw(st.frozensets(st.tuples(paths, groups)))
                       if gid in wanted_groups)
    files = tuple(DesiredFile(path, path, draw(digests))
                  for path in sorted(draw(st.frozensets(paths.filter(lambda p: p != ROOT)))))
    return Desired("f", "space", ROOT, (ROOT, f"{ROOT}/Dossier"), wanted_groups, members,
                   accounts, files, shares, ())


@st.composite
def observed_states(draw: st.DrawFn) -> Observed:
    shares = [ShareInfo(str(n), draw(st.sampled_from([GROUP, USER])), draw(paths), draw(groups),
                        draw(perms), draw(st.sampled_from([SERVICE, "someone"])), 0)
              for n in range(draw(st.integers(0, 6)))]
    entries = {path: Entry(path, path in (ROOT, f"{ROOT}/Dossier"), draw(digests), 0, 0)
               for path in draw(st.frozensets(st.sampled_from(
                   [ROOT, f"{ROOT}/Dossier", f"{ROOT}/a.md", f"{ROOT}/b.md"])))}
    uploaded = {path: Upload(draw(digests), entry.etag if draw(st.booleans()) else "old")
                for path, entry in entries.items() if not entry.is_dir and draw(st.booleans())}
    return Observed(
        accounts=set(draw(st.frozensets(uids))),
        groups={gid: frozenset(draw(st.frozensets(uids))) for gid in draw(st.frozensets(groups))},
        entries=entries, shares=shares, uploaded=uploaded,
        ours={s.id for s in shares if draw(st.booleans())})


@dataclass
class Model:
    """Nextcloud as far as the planner's operations change it."""

    observed: Observed
    next_id: int = 1000
    shares: dict[str, ShareInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.shares = {s.id: s for s in self.observed.shares}

    def apply(self, op: O.Op) -> None:  # noqa: C901 - one branch per kind, as Nextcloud does
        o = self.observed
        if isinstance(op, O.DeleteShare):
            del self.shares[op.target]
        elif isinstance(op, O.NarrowShare):
            old = self.shares[op.target]
            self.shares[op.target] = ShareInfo(old.id, old.share_type, old.path, old.share_with,
                                               op.permissions, old.initiator, old.file_id)
        elif isinstance(op, O.CreateShare):
            self.next_id += 1
            self.shares[str(self.next_id)] = ShareInfo(str(self.next_id), GROUP, op.target,
                                                       op.uid, op.permissions, SERVICE, 0)
            o.ours.add(str(self.next_id))
        elif isinstance(op, O.DeleteGroup):
            del o.groups[op.target]
        elif isinstance(op, O.CreateGroup):
            o.groups[op.target] = frozenset()
        elif isinstance(op, O.CreateUser):
            o.accounts.add(op.target)
        elif isinstance(op, O.AddToGroup):
            assert op.uid in o.accounts, "a member joins before their account exists"
            o.groups[op.target] = o.groups[op.target] | {op.uid}
        elif isinstance(op, O.RemoveFromGroup):
            o.groups[op.target] = o.groups[op.target] - {op.uid}
        elif isinstance(op, O.Mkdir):
            o.entries[op.target] = Entry(op.target, True, "dir", 0, 0)
        elif isinstance(op, O.UploadFile | O.AdoptEdit):
            self.upload(op)
        else:
            raise AssertionError(f"unexpected {op}")

    def upload(self, op: O.UploadFile | O.AdoptEdit) -> None:
        """An upload writes the wanted content; an adopted edit makes the record follow the
        file (and the record is the desired state, so both end with record == file)."""
        o = self.observed
        etag = f"e{self.next_id}"
        self.next_id += 1
        if isinstance(op, O.AdoptEdit):
            etag = o.entries[op.target].etag
        o.entries[op.target] = Entry(op.target, False, etag, 0, 0)
        self.wanted_sha[op.target] = etag

    wanted_sha: dict[str, str] = field(default_factory=dict)

    def settle(self, desired: Desired) -> Observed:
        o = self.observed
        o.shares = list(self.shares.values())
        for path, etag in self.wanted_sha.items():
            sha = next(f.sha256 for f in desired.files if f.path == path)
            o.uploaded[path] = Upload(sha, etag)
        return o


@settings(max_examples=150, deadline=None)
@given(desired_states(), observed_states())
def test_a_plan_applied_reaches_the_desired_state(desired: Desired, observed: Observed) -> None:
    first = plan(desired, observed, SERVICE)
    assert first == plan(desired, observed, SERVICE), "planning is deterministic"
    kinds = [op.kind for op in first.ops]
    revoking = [n for n, k in enumerate(kinds) if k in REVOKING]
    granting = [n for n, k in enumerate(kinds) if k not in REVOKING]
    assert not revoking or not granting or max(revoking) < min(granting)
    model = Model(observed)
    for op in first.ops:
        model.apply(op)
    after = model.settle(desired)
    assert plan(desired, after, SERVICE).ops == ()
    assert set(after.groups) == set(desired.groups)
    assert {g: after.groups[g] for g in desired.members} == desired.members
    assert {(s.path, s.share_with, s.permissions) for s in after.shares} == {
        (s.path, s.group, s.permissions) for s in desired.shares}
    assert {a.uid for a in desired.accounts} <= after.accounts
    assert {f.path for f in desired.files} | set(desired.folders) <= set(after.entries)
