"""Reading what exists: one run's shared reads of Nextcloud, and what zolicht remembers.

A run over many families reads accounts, groups and shares once for all of them. A run
for one family (``per_family``: a change being applied) reads only that family's groups,
folders and shares, so its cost does not grow with the installation; it trusts the record
for forms nobody changed in zolicht (an edit made in Forms itself is found by the next
full run, which reads the service account's form list).
"""

from __future__ import annotations

import json
import secrets
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path

from zolicht.calendar.ics import Organizer
from zolicht.domain import names
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.nextcloud import Entry, Nextcloud, NextcloudError, ShareInfo
from zolicht.nextcloud.advisories import affecting, refusal
from zolicht.nextcloud.forms import ObservedForm
from zolicht.reconcile import form_ops
from zolicht.reconcile.desired import Desired, DesiredCalendar
from zolicht.reconcile.forms import DesiredForm
from zolicht.reconcile.ops import (
    AddToGroup,
    CreateGroup,
    CreateUser,
    DeleteGroup,
    Op,
    RemoveFromGroup,
)
from zolicht.reconcile.plan import Observed
from zolicht.store import Transaction
from zolicht.store.forms import RecordedForm
from zolicht.store.remote import ACCOUNT, GROUP, Upload, unsure


class RefusedServer(NextcloudError):
    """The Nextcloud version has known advisories; nothing was written."""

    def __init__(self, problem: str) -> None:
        super().__init__("GET", "/status.php", problem)


@dataclass
class Run:
    """One reconcile run and what it has read (see the module's docstring)."""

    client: Nextcloud
    per_family: bool = False
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    forms_dir: Path = DEFAULT_DIR
    checked_version: bool = False
    accepted_advisories: frozenset[str] = frozenset()
    """Advisories the operator accepted knowingly (``--accept-advisory``), by name."""
    relied_on: tuple[str, ...] = ()
    snapshot: int | None = None
    """The journal's newest entry before this run read Nextcloud for all families: a family
    another process worked on after it is read afresh (see ``records``)."""
    _users: dict[str, list[str]] | None = None
    _members: dict[str, set[str]] | None = None
    _groups: set[str] | None = None
    _by_prefix: dict[str, set[str]] | None = None
    _shares: dict[str, list[ShareInfo]] | None = None
    _forms: dict[int, int] | None = None
    _folders: dict[str, str] | None = None
    _unrecorded: dict[int, ObservedForm] | None = None
    _claimed: set[int] = field(default_factory=set)
    """Blank forms nobody records, already given to a family of this run to remove."""
    _organizer: tuple[Organizer | None] | None = None

    def users(self) -> dict[str, list[str]]:
        if self._users is None:
            self._users = self.client.users.users_with_groups()
        return self._users

    def members(self) -> dict[str, set[str]]:
        """Group id → members, for every group (inverted from ``users`` once)."""
        if self._members is None:  # kept only once complete (a failed read leaves none)
            members: dict[str, set[str]] = defaultdict(set)
            for uid, gids in self.users().items():
                for gid in gids:
                    members[gid].add(uid)
            self._members = members
        return self._members

    def zolicht_groups(self) -> set[str]:
        if self._groups is None:
            self._groups = set(self.client.users.groups(names.PREFIX))
        return self._groups

    def groups_starting(self, prefix: str) -> set[str]:
        """zolicht's groups whose id starts with a family's group ``prefix``, without
        going through every family's groups (indexed once per run)."""
        if _cut(prefix[:-1]) != prefix[:-1]:  # not a prefix as zolicht makes them now
            return {gid for gid in self.zolicht_groups() if gid.startswith(prefix)}
        if self._by_prefix is None:
            by_prefix: dict[str, set[str]] = defaultdict(set)
            for gid in self.zolicht_groups():
                by_prefix[_cut(gid)].add(gid)
            self._by_prefix = by_prefix
        return {gid for gid in self._by_prefix.get(prefix[:-1], ()) if gid.startswith(prefix)}

    def listed_etag(self, folder: str) -> str | None:
        """``folder``'s etag in this run's listing of all family folders; None when the run
        has none (only the shared reads of a sweep list them: for a few families the
        listing costs more than the reads it saves)."""
        return None if self._folders is None else self._folders.get(folder)

    def folder_etags(self) -> dict[str, str]:
        """The etag of every folder in the service account's root (the family folders), in
        one request per full run. Nextcloud changes a folder's etag whenever anything in it
        changes, so a family folder whose etag zolicht recorded is as zolicht left it
        (``observe``). A failed read only costs each family a read of its own."""
        if self._folders is None:
            try:
                listing = self.client.files.propfind("")
            except NextcloudError:
                listing = []
            self._folders = {e.path: e.etag for e in listing[1:] if e.is_dir}
        return self._folders

    def wants_every_form(self) -> bool:
        """Whether this run has yet to read the forms no family records (which needs the
        ids of the forms every family records)."""
        return not self.per_family and self._unrecorded is None

    def owned_forms(self, refresh: bool = False) -> dict[int, int]:
        """The service account's forms: id → Forms' ``lastUpdated``."""
        if self._forms is None or refresh:
            self._forms = self.client.forms.last_updated()
        return self._forms

    def unrecorded_forms(self, recorded: set[int]) -> dict[int, ObservedForm]:
        """The service account's forms that no family records, read once per full run
        (with their shares, which tell whose copies they are)."""
        if self._unrecorded is None:
            self._unrecorded = {form_id: self.client.forms.read(form_id)
                                for form_id in sorted(set(self.owned_forms()) - recorded)}
        return self._unrecorded

    def organizer(self) -> Organizer | None:
        """Who sends the family's invitations: the service account, if it has an address."""
        if self._organizer is None:
            me = self.client.users.me()
            self._organizer = (Organizer(me.email, me.display_name or me.id)
                               if me.email else None,)
        return self._organizer[0]

    def note(self, op: Op) -> None:
        """Keep the run's shared reads true after ``op`` succeeded, for later families.

        Shares are read per family folder, and an operation only touches its own family's
        folder, so the share listing needs no update.
        """
        if self._users is None:
            return
        members = self.members()
        if isinstance(op, CreateUser):
            self._users.setdefault(op.target, [])
        elif isinstance(op, DeleteGroup):
            self.zolicht_groups().discard(op.target)
            if self._by_prefix is not None:
                self._by_prefix[_cut(op.target)].discard(op.target)
            for uid in members.pop(op.target, set()):
                self._users[uid].remove(op.target)
        elif isinstance(op, CreateGroup):
            self.zolicht_groups().add(op.target)
            if self._by_prefix is not None:
                self._by_prefix[_cut(op.target)].add(op.target)
        elif isinstance(op, AddToGroup):
            self._users.setdefault(op.uid, []).append(op.target)
            members[op.target].add(op.uid)
        elif isinstance(op, RemoveFromGroup):
            if op.target in self._users.get(op.uid, []):
                self._users[op.uid].remove(op.target)
            members[op.target].discard(op.uid)

    def family_accounts(self, desired: Desired) -> tuple[dict[str, frozenset[str]], set[str]]:
        """(the family's groups with their members, which of its accounts exist).

        A full run takes both from its one listing of all accounts. A one-family run asks
        for the family's groups with their sizes (one search) and for each account the
        family needs (its groups): a request per person, not per document. Only a group
        with more members than the family's accounts in it (someone else was added) has
        its members read, to find who.
        """
        prefix = desired.group_prefix
        if not self.per_family:
            members = self.members()
            groups = {gid: frozenset(members.get(gid, ()))
                      for gid in self.groups_starting(prefix)}
            users = self.users()
            return groups, {a.uid for a in desired.accounts if a.uid in users}
        sizes = {gid: n for gid, n in self.client.users.group_sizes(prefix).items()
                 if gid.startswith(prefix)}
        found: dict[str, set[str]] = {gid: set() for gid in sizes}
        existing = set()
        for account in desired.accounts:
            known = self.client.users.account(account.uid)
            if known is None:
                continue
            existing.add(account.uid)
            for gid in set(known.groups) & set(found):
                found[gid].add(account.uid)
        for gid, size in sizes.items():
            if size != len(found[gid]):
                found[gid] = set(self.client.users.group_members(gid) or ())
        return {gid: frozenset(uids) for gid, uids in found.items()}, existing

    def read_shared(self, every_form: set[int]) -> None:
        """A full run's reads for all families (accounts, groups, shares, the service
        account's forms and those no family records, given ``every_form``, the ids of those
        that families record), done at once: before any family's job or lock is held, as
        at 10,000 families they take longer than a lease."""
        self.members()
        self.zolicht_groups()
        self._all_shares()
        self.folder_etags()
        self.unrecorded_forms(every_form)

    def shared(self) -> bytes:
        """The reads of ``read_shared``, for other workers' runs (``load_shared``)."""
        body = {"users": self.users(), "groups": sorted(self.zolicht_groups()),
                "shares": [astuple(s) for found in self._all_shares().values() for s in found],
                "forms": sorted(self.owned_forms().items()), "folders": self.folder_etags()}
        return zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 1)

    def load_shared(self, body: bytes, every_form: set[int]) -> None:
        """Take another worker's reads (``shared``) as this run's, then read what
        ``read_shared`` reads besides: the forms no family records (given ``every_form``)."""
        data = json.loads(zlib.decompress(body))
        self._users = data["users"]
        self._groups = set(data["groups"])
        self._shares = _by_top_folder(ShareInfo(*row) for row in data["shares"])
        self._forms = {int(form_id): int(updated) for form_id, updated in data["forms"]}
        self._folders = data["folders"]
        self.members()
        self.unrecorded_forms(every_form)

    def shares_in(self, root: str, folders: list[str]) -> list[ShareInfo]:
        """Shares of the family folder, of its subfolders and of everything in them."""
        if not self.per_family:
            return list(self._all_shares().get(root, []))
        found = {s.id: s for s in self.client.shares.of(root)}
        for folder in [root, *folders]:
            found.update((s.id, s) for s in self.client.shares.of(folder, subfiles=True))
        return list(found.values())

    def _all_shares(self) -> dict[str, list[ShareInfo]]:
        """Every share, by the top folder it is in."""
        if self._shares is None:  # kept only once read whole: a read that failed (a
            # timeout) must not leave later families of the run without shares
            self._shares = _by_top_folder(self.client.shares.all())
        return self._shares

    def check_version(self) -> tuple[str, ...]:
        """Refuse a server with advisories nobody accepted; the accepted ones it is
        affected by, which the run then relies on (and the audit trail says so)."""
        if not self.checked_version:
            version = self.client.version()
            problem = refusal(version, self.accepted_advisories)
            if problem:
                raise RefusedServer(problem)
            self.checked_version = True
            self.relied_on = tuple(a.name for a in affecting(version))
        return self.relied_on


@dataclass(frozen=True)
class Records:
    """What zolicht remembers of a family's Nextcloud space, read in one go so that no
    transaction stays open while Nextcloud is asked anything."""

    uploaded: dict[str, Upload]
    folders: dict[str, str]
    """Folder path → etag when last read."""
    shares: set[str]
    """Ids of the shares zolicht created."""
    forms: dict[str, RecordedForm]
    every_form: set[int]
    """The ids of the forms any family records (read only for a full run's first family:
    the run reads the forms nobody records once)."""
    groups: set[str]
    """The family's groups known to exist."""
    accounts: set[str]
    """The family's accounts known to exist."""
    unsure: list[tuple[str, int, str, str]]
    """The operations of the family's latest run whose outcome is not known
    (``store.remote.unsure``)."""
    last_run_ok: bool
    changed_elsewhere: bool = False
    """Another process worked on the family after this run's shared reads."""


def records(tx: Transaction, slug: str, with_forms: bool = True,
            run: Run | None = None) -> Records:
    """What zolicht remembers of family ``slug``; with a full ``run``, also whether its
    shared reads may be out of date for this family (another process worked on it since)."""
    remote = tx.remote(slug)
    changed = False
    if run is not None and not run.per_family:
        if run.snapshot is None:
            run.snapshot = tx.latest_operation()
        changed = remote.changed_since(run.snapshot)
    records = tx.forms(slug)
    forms = records.forms() if with_forms else {}
    every = records.every_form_id() if with_forms and (run is None or run.wants_every_form()) \
        else set()
    objects, unfinished = remote.all_objects(), remote.unfinished()
    return Records(remote.uploaded(), remote.folders(), remote.shares(), forms, every,
                   objects.get(GROUP, set()), objects.get(ACCOUNT, set()), unsure(unfinished),
                   not unfinished, changed)


def observe(run: Run, desired: Desired, known: Records,
            calendar: DesiredCalendar | None = None,
            wanted_forms: list[DesiredForm] | None = None) -> Observed:
    """What exists, in a number of requests that does not grow with the documents.

    One PROPFIND of the family folder, none in a sweep when the folder kept the etag
    zolicht recorded (``Run.listed_etag``); a subfolder is read again only when its etag
    changed since zolicht last recorded it (Nextcloud changes a folder's etag whenever
    anything inside it changes). A family another process worked on since the run's
    shared reads is read on its own, as a one-family run would.
    """
    if known.changed_elsewhere:
        run = replace(run, per_family=True)
    entries = _entries(run, desired.root, known)
    shares: list[ShareInfo] = []
    if desired.root in entries:
        folders = [p for p, e in entries.items() if e.is_dir and p.count("/") == 1]
        shares = run.shares_in(desired.root, folders)
    groups, accounts = run.family_accounts(desired)
    known_calendar = calendar is not None or any(p.startswith("caldav:") for p in known.uploaded)
    state = run.client.calendars.read(names.calendar_uri(desired.space)) \
        if known_calendar else None
    owned = run.owned_forms() if known.forms and not run.per_family else {
        form.id: form.last_updated for form in known.forms.values()}
    wanted_forms = wanted_forms or []
    read, settled = form_ops.observe_forms(run.client.forms, known.forms, wanted_forms, owned)
    return Observed(accounts, groups, entries, shares, known.uploaded, known.shares, state,
                    read, settled, _unwanted_forms(run, desired, known, wanted_forms))


def _entries(run: Run, root: str, known: Records) -> dict[str, Entry]:
    """The family folder and what is in it: as zolicht recorded it when a full run's
    listing shows the folder's etag unchanged since (nothing in it changed), else read."""
    recorded = known.folders.get(root)
    if not run.per_family and recorded is not None and run.listed_etag(root) == recorded:
        entries = {root: Entry(root, True, recorded, 0, 0)}
        entries.update((path, Entry(path, True, etag, 0, 0))
                       for path, etag in known.folders.items() if path.startswith(root + "/"))
        for folder in list(entries):
            entries.update(_recorded_files(folder, known.uploaded))
        return entries
    entries = {e.path: e for e in run.client.files.propfind(root)}
    for path, entry in list(entries.items()):
        if not entry.is_dir or path == root:
            continue
        if known.folders.get(path) == entry.etag:
            entries.update(_recorded_files(path, known.uploaded))
        else:
            entries.update((e.path, e) for e in run.client.files.propfind(path)[1:])
    return entries


def _unwanted_forms(run: Run, desired: Desired, known: Records,
                    wanted: list[DesiredForm]) -> dict[int, tuple[str, str]]:
    """The family's forms that must go: recorded ones no longer wanted, and (in a full
    run, which lists the service account's forms) copies nobody records that are shared
    with the family's groups or people."""
    keys = {form.spec.key for form in wanted}
    found = {record.id: (key, "retired") for key, record in known.forms.items()
             if key not in keys}
    if run.per_family:
        return found
    family = set(desired.groups) | {a.uid for a in desired.accounts}
    titles = {form.spec.title: form.spec.key for form in wanted}
    for form_id, form in run.unrecorded_forms(known.every_form).items():
        if any(s.share_with in family for s in form.shares):
            found[form_id] = (titles.get(form.title, "kopie"), "duplicate")
        elif form.blank and form_id not in run._claimed:
            run._claimed.add(form_id)
            found[form_id] = ("leeg", "orphan")
    return found


def _by_top_folder(found: Iterable[ShareInfo]) -> dict[str, list[ShareInfo]]:
    shares: dict[str, list[ShareInfo]] = defaultdict(list)
    for share in found:
        shares[share.path.split("/", 1)[0]].append(share)
    return shares


def _cut(gid: str) -> str:
    """A group id up to the end of the family's part (``zl-<space>``)."""
    end = gid.find("-", len(names.PREFIX))
    return gid if end < 0 else gid[:end]


def _recorded_files(folder: str, uploaded: dict[str, Upload]) -> dict[str, Entry]:
    prefix = folder + "/"
    return {path: Entry(path, False, upload.etag, upload.fileid, 0)
            for path, upload in uploaded.items()
            if path.startswith(prefix) and "/" not in path[len(prefix):]}
