"""Make each family's Nextcloud space match the family's record: observe, plan, apply.

Level-triggered: every run observes anew and plans from the difference, so a run that
crashed between two operations is repaired by the next one, without duplicates (Nextcloud
returns an existing share instead of a second one; uploads overwrite; folders that exist
are left alone).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from zolicht.calendar.ics import event_object
from zolicht.domain.audit import AuditEvent
from zolicht.domain.model import Family
from zolicht.forms.definitions import DEFAULT_DIR, FormDefinition, load_all
from zolicht.nextcloud import Entry, Nextcloud, NextcloudError, OCSError, ShareInfo
from zolicht.nextcloud.advisories import refusal
from zolicht.nextcloud.forms import Forms
from zolicht.reconcile import form_ops
from zolicht.reconcile.desired import (
    Desired,
    DesiredCalendar,
    desired_calendar,
    desired_state,
    keeps_account,
)
from zolicht.reconcile.forms import DesiredForm, desired_forms
from zolicht.reconcile.ops import Kind, Op
from zolicht.reconcile.plan import Observed, Plan, event_record, plan
from zolicht.services import Context
from zolicht.store import Transaction
from zolicht.store.contacts import Contacts
from zolicht.store.forms import FormRecords, RecordedForm
from zolicht.store.remote import Remote

ALREADY_EXISTS = 102  # OCS status of creating a user or group that exists


class RefusedServer(NextcloudError):
    """The Nextcloud version has known advisories; nothing was written."""


@dataclass
class Run:
    """One reconcile run and what it has read.

    A run over many families reads users, groups and shares once for all of them. A run
    for one family (``per_family``: a grant or revoke being applied) reads only that
    family's groups, folders and shares, so its cost does not grow with the installation;
    it trusts the record for forms nobody changed in zolicht (an edit made in Forms itself
    is found by the next full run, which reads the service account's form list).
    """

    client: Nextcloud
    per_family: bool = False
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    _users: dict[str, list[str]] | None = None
    _groups: set[str] | None = None
    _shares: list[ShareInfo] | None = None
    forms_dir: Path = DEFAULT_DIR
    _forms: dict[int, int] | None = None
    checked_version: bool = False

    def users(self) -> dict[str, list[str]]:
        if self._users is None:
            self._users = self.client.users_with_groups()
        return self._users

    def groups(self) -> set[str]:
        if self._groups is None:
            self._groups = set(self.client.groups("zolicht-"))
        return self._groups

    def shares(self) -> list[ShareInfo]:
        if self._shares is None:
            self._shares = self.client.shares()
        return self._shares

    def owned_forms(self, refresh: bool = False) -> dict[int, int]:
        """The service account's forms: id → Forms' ``lastUpdated``."""
        if self._forms is None or refresh:
            self._forms = form_ops.owned_forms(Forms(self.client))
        return self._forms

    def note(self, op: Op) -> None:
        """Keep the run's shared reads true after ``op`` succeeded, for later families.

        Shares are filtered by family folder, and an operation only touches its own
        family's folder, so the share listing needs no update.
        """
        if op.kind is Kind.CREATE_USER and self._users is not None:
            self._users.setdefault(op.target, [])
        elif op.kind is Kind.CREATE_GROUP and self._groups is not None:
            self._groups.add(op.target)
        elif op.kind is Kind.ADD_TO_GROUP and self._users is not None:
            self._users.setdefault(op.uid, []).append(op.target)
        elif op.kind is Kind.REMOVE_FROM_GROUP and self._users is not None:
            groups = self._users.get(op.uid, [])
            if op.target in groups:
                groups.remove(op.target)

    def accounts_for(self, desired: Desired) -> tuple[dict[str, list[str]], set[str]]:
        """(user id → groups, existing groups) as far as this family needs to know."""
        if not self.per_family:
            return self.users(), self.groups()
        users: dict[str, list[str]] = {}
        groups: set[str] = set()
        for gid in desired.groups:
            members = self.client.group_members(gid)
            if members is not None:
                groups.add(gid)
                for uid in members:
                    users.setdefault(uid, []).append(gid)
        for account in desired.accounts:
            if account.uid not in users and self.client.user_exists(account.uid):
                users[account.uid] = []
        return users, groups

    def shares_in(self, root: str, folders: list[str]) -> list[ShareInfo]:
        """Shares of the family folder, of its subfolders and of everything in them."""
        if not self.per_family:
            inside = root + "/"
            return [s for s in self.shares() if s.path == root or s.path.startswith(inside)]
        found = {s.id: s for s in self.client.shares_of(root, subfiles=False)}
        for folder in [root, *folders]:
            found.update((s.id, s) for s in self.client.shares_of(folder, subfiles=True))
        return list(found.values())

    def check_version(self) -> None:
        if not self.checked_version:
            problem = refusal(self.client.version())
            if problem:
                raise RefusedServer(problem)
            self.checked_version = True


@dataclass(frozen=True)
class Wanted:
    """Everything a family's space should hold, derived from the record."""

    family: Family
    desired: Desired
    calendar: DesiredCalendar | None
    forms: list[DesiredForm]

    def form(self, key: str) -> DesiredForm:
        return next(f for f in self.forms if f.spec.key == key)


@cache
def definitions(directory: Path = DEFAULT_DIR) -> list[FormDefinition]:
    """The form definitions in ``directory``, read once per process."""
    return load_all(directory)


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    done: int
    failed: Op | None = None
    error: str | None = None


@dataclass(frozen=True)
class Records:
    """What zolicht remembers of a family's Nextcloud space, read in one go so that no
    transaction stays open while Nextcloud is asked anything."""

    uploaded: dict[str, tuple[str, str]]
    """Path → (sha256, etag) of what zolicht uploaded."""
    folders: dict[str, str]
    """Folder path → etag when last read."""
    shares: set[str]
    """Ids of the shares zolicht created."""
    forms: dict[str, RecordedForm]
    last_run_ok: bool


def _family_and_records(ctx: Context, slug: str) -> tuple[Family, Records]:
    """The family, and the records a decision's apply needs (not folders, not forms)."""
    with ctx.store.reading() as tx:
        remote = Remote(tx.families.conn, slug)
        return tx.families.load(slug), Records(remote.uploaded(), {}, remote.shares(), {},
                                               remote.last_run_ok())


def _records(tx: Transaction, slug: str) -> Records:
    remote = Remote(tx.families.conn, slug)
    return Records(remote.uploaded(), remote.folders(), remote.shares(),
                   FormRecords(tx.families.conn, slug).forms(), remote.last_run_ok())


def observe(run: Run, desired: Desired, known: Records,
            calendar: DesiredCalendar | None = None,
            wanted_forms: list[DesiredForm] | None = None) -> Observed:
    """What exists, in a constant number of requests per family.

    One PROPFIND of the family folder; a subfolder is read again only when its etag
    changed since zolicht last recorded it (Nextcloud changes a folder's etag whenever
    anything inside it changes).
    """
    uploaded = known.uploaded
    entries = {e.path: e for e in run.client.propfind(desired.root)}
    for path, entry in list(entries.items()):
        if not entry.is_dir or path == desired.root:
            continue
        if known.folders.get(path) == entry.etag:
            entries.update(_recorded_files(path, uploaded))
        else:
            entries.update((e.path, e) for e in run.client.propfind(path)[1:])
    if desired.root not in entries:
        shares: list[ShareInfo] = []
    else:
        folders = [p for p, e in entries.items() if e.is_dir and p.count("/") == 1]
        shares = run.shares_in(desired.root, folders)
    users, groups = run.accounts_for(desired)
    known_calendar = calendar is not None or any(p.startswith("caldav:") for p in uploaded)
    state = run.client.calendar(f"zolicht-{desired.family}") if known_calendar else None
    recorded_forms = known.forms
    owned = run.owned_forms() if recorded_forms and not run.per_family else {
        form.id: form.last_updated for form in recorded_forms.values()}
    read, settled = form_ops.observe_forms(Forms(run.client), recorded_forms,
                                           wanted_forms or [], owned)
    return Observed(users, groups, entries, shares, uploaded, known.shares, state, read,
                    settled)


def _recorded_files(folder: str, uploaded: dict[str, tuple[str, str]]) -> dict[str, Entry]:
    prefix = folder + "/"
    return {path: Entry(path, False, etag, 0, 0) for path, (_sha, etag) in uploaded.items()
            if path.startswith(prefix) and "/" not in path[len(prefix):]}


def plan_family(ctx: Context, run: Run, slug: str) -> Plan:
    wanted = _wanted(ctx, run, slug)
    return plan(wanted.desired, _observe(ctx, run, slug, wanted), run.client.user,
                wanted.calendar, wanted.forms)


def _observe(ctx: Context, run: Run, slug: str, wanted: Wanted) -> Observed:
    with ctx.store.reading() as tx:
        known = _records(tx, slug)
    return observe(run, wanted.desired, known, wanted.calendar, wanted.forms)


def apply_family(ctx: Context, run: Run, slug: str,
                 progress: Callable[[Op], None] = lambda op: None) -> Outcome:
    """Plan and carry out one family's operations, journalled one by one."""
    wanted = _wanted(ctx, run, slug)
    observed = _observe(ctx, run, slug, wanted)
    todo = plan(wanted.desired, observed, run.client.user, wanted.calendar, wanted.forms)
    outcome = _execute(ctx, run, slug, todo, wanted, observed, progress)
    if outcome.failed is None:
        _record_folders(ctx, run, wanted.desired, slug, todo)
        _settle_forms(ctx, run, slug, wanted, observed, todo)
    return outcome


def apply_after(ctx: Context, run: Run, slug: str,
                decision: tuple[str, str] | None = None) -> Outcome:
    """Apply a family after a change; after a ``decision`` (document, member), a yes or a
    stop about one member seeing one document, possibly only that document's shares.

    Such a decision changes who reads that one file. When it cannot change the accounts
    and groups the family needs (the member needs an account for other reasons too), the
    file is uploaded as it is now, and the family's last run ended well, only that file's
    shares are read and put right: one read and at most one write. Anything else (the
    member's first or last document, a file not uploaded yet, an earlier failed run, a
    failure now) is left to a whole-family apply, which repairs it.
    """
    if decision is None:
        return apply_family(ctx, run, slug)
    document, member = decision
    family, known = _family_and_records(ctx, slug)
    desired = desired_state(family, ctx.today(), run.client.user)
    file = next((f for f in desired.files if f.document == document), None)
    person = family.person(member)
    if (file is None or person is None or not known.last_run_ok
            or known.uploaded.get(file.path, ("", ""))[0] != file.sha256
            or not keeps_account(desired, person, without=document)):
        return apply_family(ctx, run, slug)
    focus = replace(desired, folders=(), groups={}, members={}, accounts=(), files=(),
                    shares=frozenset(s for s in desired.shares if s.path == file.path))
    try:
        shares = run.client.shares_of(file.path, subfiles=False)
    except NextcloudError:
        return apply_family(ctx, run, slug)
    observed = Observed({}, set(), {}, shares, known.uploaded, known.shares)
    todo = plan(focus, observed, run.client.user)
    outcome = _execute(ctx, run, slug, todo, Wanted(family, focus, None, []), observed)
    if outcome.failed is None:
        return outcome
    return apply_family(ctx, replace(run, id=secrets.token_hex(8)), slug)


def _execute(ctx: Context, run: Run, slug: str, todo: Plan, wanted: Wanted,
             observed: Observed, progress: Callable[[Op], None] = lambda op: None) -> Outcome:
    """Carry out ``todo`` in order, journalled one by one; stop at the first failure."""
    if todo.empty:
        return Outcome(todo, 0)
    run.check_version()
    _journal(ctx, slug, run.id, todo.ops,
             [(seq, "planned" if seq else "started") for seq in range(len(todo.ops))])
    for seq, op in enumerate(todo.ops):
        try:
            recording = _carry_out(ctx, run, slug, op, wanted, observed)
        except NextcloudError as error:
            _journal(ctx, slug, run.id, todo.ops, [(seq, "failed")], str(error))
            return Outcome(todo, seq, op, str(error))
        following = [(seq + 1, "started")] if seq + 1 < len(todo.ops) else []
        _journal(ctx, slug, run.id, todo.ops, [(seq, "done"), *following], recording=recording)
        run.note(op)
        progress(op)
    return Outcome(todo, len(todo.ops))


def _settle_forms(ctx: Context, run: Run, slug: str, wanted: Wanted, observed: Observed,
                  done: Plan) -> None:
    """After a successful run, remember the forms as right; after form writes that costs
    one read of Forms' list, for the new ``lastUpdated`` values."""
    if not observed.forms:
        return
    changed = any(op.kind in FORM_KINDS for op in done.ops)
    form_ops.settle(ctx, slug, wanted.forms, observed.forms, run.owned_forms(refresh=changed))


def _wanted(ctx: Context, run: Run, slug: str) -> Wanted:
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        contacts = Contacts(tx.families.conn, slug).load()
    desired = desired_state(family, ctx.today(), run.client.user)
    calendar = desired_calendar(family, contacts, desired.accounts, run.client.user)
    return Wanted(family, desired, calendar,
                  desired_forms(family, definitions(run.forms_dir)))


Recording = Callable[[Transaction, Remote], None]
"""What an operation that succeeded leaves in the record (a share id, an etag, an audit
event); written in the transaction that marks the operation done."""


def _journal(ctx: Context, slug: str, run_id: str, ops: tuple[Op, ...],
             states: list[tuple[int, str]], error: str | None = None,
             recording: Recording | None = None) -> None:
    """Record new states of a run's operations (by position) in one transaction."""
    with ctx.store.transaction() as tx:
        remote = Remote(tx.families.conn, slug)
        if recording is not None:
            recording(tx, remote)
        for seq, state in states:
            op = ops[seq]
            remote.journal(run_id, seq, op.kind.name, op.describe(), state, ctx.now(), error)


def _carry_out(ctx: Context, run: Run, slug: str, op: Op, wanted: Wanted,
               observed: Observed) -> Recording | None:
    client, family = run.client, wanted.family
    if op.kind in CALENDAR_KINDS:
        return _calendar_op(ctx, client, family, op, wanted.calendar)
    if op.kind is Kind.UPLOAD:
        return _upload(ctx, client, family, op)
    if op.kind is Kind.DELETE_SHARE:
        client.delete_share(op.target)
        return _share_recording(ctx, slug, op, op.target, created=False)
    if op.kind is Kind.CREATE_SHARE:
        share = client.create_user_share(op.target, op.uid, op.permissions)
        if share.permissions != op.permissions:  # it existed, with other rights
            client.update_share(share.id, op.permissions)
        return _share_recording(ctx, slug, op, share.id, created=True)
    if op.kind in FORM_KINDS:
        form_ops.carry_out(ctx, Forms(client), slug, op,
                           {f.spec.key: f for f in wanted.forms}, observed.forms)
    elif op.kind in (Kind.NARROW_SHARE, Kind.WIDEN_SHARE):
        client.update_share(op.target, op.permissions)
    elif op.kind is Kind.REMOVE_FROM_GROUP:
        client.remove_from_group(op.uid, op.target)
    elif op.kind is Kind.CREATE_GROUP:
        _tolerate_existing(lambda: client.create_group(op.target, op.display_name))
    elif op.kind is Kind.CREATE_USER:
        _tolerate_existing(lambda: client.create_user(op.target, op.email, op.display_name))
    elif op.kind is Kind.ADD_TO_GROUP:
        client.add_to_group(op.uid, op.target)
    elif op.kind is Kind.MKDIR:
        client.mkcol(op.target)
    return None


def _share_recording(ctx: Context, slug: str, op: Op, share_id: str,
                     created: bool) -> Recording:
    """Remember (or forget) a share zolicht made, with its audit event."""
    def record(tx: Transaction, remote: Remote) -> None:
        if created:
            remote.record_share(share_id)
        else:
            remote.forget_share(share_id)
        _audit(ctx, tx, slug, "share.create" if created else "share.delete", op)
    return record


FORM_KINDS = {Kind.UNSHARE_FORM, Kind.UPDATE_FORM, Kind.CREATE_FORM, Kind.ARCHIVE_QUESTION,
              Kind.ADD_QUESTION, Kind.UPDATE_QUESTION, Kind.ORDER_QUESTIONS, Kind.SHARE_FORM}
CALENDAR_KINDS = {Kind.MAKE_CALENDAR, Kind.SHARE_CALENDAR, Kind.LIMIT_CALENDAR,
                  Kind.UNSHARE_CALENDAR, Kind.PUT_EVENT, Kind.DELETE_EVENT}


def _calendar_op(ctx: Context, client: Nextcloud, family: Family, op: Op,
                 calendar: DesiredCalendar | None) -> Recording | None:
    if op.kind is Kind.MAKE_CALENDAR:
        client.make_calendar(op.target, op.display_name)
    elif op.kind in (Kind.SHARE_CALENDAR, Kind.LIMIT_CALENDAR):
        client.share_calendar(op.target, [(op.uid, op.access)])
    elif op.kind is Kind.UNSHARE_CALENDAR:
        client.share_calendar(op.target, [(op.uid, None)])
    elif op.kind is Kind.DELETE_EVENT:
        client.delete_event(op.target, op.document)
    else:
        assert calendar is not None
        event = next(e for e in calendar.events if e.name == op.document)
        etag = client.put_event(op.target, op.document,
                                event_object(family, event.item, ctx.now()), op.etag or None)
        return lambda _tx, remote: remote.record_upload(
            event_record(op.target, op.document), event.sha256, etag)
    return None


def _upload(ctx: Context, client: Nextcloud, family: Family, op: Op) -> Recording:
    document = family.document(op.document)
    assert document is not None
    with ctx.store.reading() as tx:
        content = tx.families.blob(document.sha256)
    etag = client.put(op.target, content)
    return lambda _tx, remote: remote.record_upload(op.target, document.sha256, etag)


def _tolerate_existing(create: Callable[[], None]) -> None:
    try:
        create()
    except OCSError as error:
        if error.statuscode != ALREADY_EXISTS:
            raise


def _audit(ctx: Context, tx: Transaction, slug: str, action: str, op: Op) -> None:
    tx.audit.append(AuditEvent(
        at=ctx.now(), actor=ctx.actor, action=action, family=slug, document=op.document or None,
        member=op.uid or None, reason=op.reason or f"permissions={op.permissions}"))


def _record_folders(ctx: Context, run: Run, desired: Desired, slug: str, done: Plan) -> None:
    """After writing files, remember the folders' new etags (one read), so the next run
    does not read them again."""
    if not any(op.kind in (Kind.UPLOAD, Kind.MKDIR) for op in done.ops):
        return
    listing = run.client.propfind(desired.root)
    with ctx.store.transaction() as tx:
        remote = Remote(tx.families.conn, slug)
        for entry in listing[1:]:
            if entry.is_dir:
                remote.record_folder(entry.path, entry.etag)
