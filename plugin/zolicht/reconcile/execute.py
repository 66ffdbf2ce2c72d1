"""Carrying out a plan: one operation at a time, each journalled before and after, each
success recorded (share id, etag, audit event) in the transaction that marks it done.

Rate limits do not stop a run: when Nextcloud says 429 to a new share, the remaining new
shares wait for a later run (``deferred``) and everything else goes on, so a family's
memberships (its yes and stops) never wait behind another family's new documents. Any
other failure stops the run; the next run observes anew and repairs it.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from zolicht.calendar.ics import event_object
from zolicht.context import Context
from zolicht.domain.audit import AuditEvent
from zolicht.domain.model import Family
from zolicht.nextcloud import AlreadyExists, NextcloudError, RateLimited, Refused, Temporary
from zolicht.nextcloud.shares import GROUP
from zolicht.reconcile import form_ops
from zolicht.reconcile.desired import Desired, DesiredCalendar
from zolicht.reconcile.forms import DesiredForm
from zolicht.reconcile.observe import Run
from zolicht.reconcile.ops import RATE_LIMITED, Kind, Op
from zolicht.reconcile.plan import Observed, Plan, event_record
from zolicht.store import Transaction
from zolicht.store.remote import ACCOUNT, Remote, Upload
from zolicht.store.remote import GROUP as GROUP_OBJECT
from zolicht.store.work import Lease


@dataclass(frozen=True)
class Wanted:
    """Everything a family's space should hold, derived from the record."""

    family: Family
    desired: Desired
    calendar: DesiredCalendar | None
    forms: list[DesiredForm]


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    done: int
    failed: Op | None = None
    failure: NextcloudError | None = None
    deferred: tuple[Op, ...] = ()
    """Operations Nextcloud would not take yet (rate limited); the worker runs them later."""
    retry_after: float | None = None

    @property
    def error(self) -> str | None:
        return str(self.failure) if self.failure is not None else None

    @property
    def complete(self) -> bool:
        """Nextcloud now matches the record (nothing failed, nothing waits)."""
        return self.failure is None and not self.deferred

    @property
    def temporary(self) -> bool:
        """What is missing may come by itself later: rate limited, or Nextcloud away."""
        return bool(self.deferred) or isinstance(self.failure, Temporary)

    def undone(self) -> list[Op]:
        """The planned operations Nextcloud has not carried out."""
        if self.failed is None:
            return list(self.deferred)
        return list(self.deferred) + list(self.plan.ops[self.plan.ops.index(self.failed):])

    def waiting_for(self, document: str) -> bool:
        """Whether anything about ``document`` is not in Nextcloud yet (also when the run
        failed before it could plan, so nothing is known to be done)."""
        if self.failure is not None and self.failed is None:
            return True
        return any(op.document == document for op in self.undone())


Progress = Callable[[Op], None]
Recording = Callable[[Transaction, Remote], None]
"""What an operation that succeeded leaves in the record (a share id, an etag, an audit
event); written in the transaction that marks the operation done."""


def execute(ctx: Context, run: Run, slug: str, todo: Plan, wanted: Wanted,
            observed: Observed, progress: Progress = lambda op: None,
            lease: Lease | None = None) -> Outcome:
    """Carry out ``todo`` in order (see the module's docstring for failures)."""
    if todo.empty:
        return Outcome(todo, 0)
    relied_on = run.check_version()
    _journal(ctx, slug, run.id, todo.ops,
             [(seq, "planned" if seq else "started") for seq in range(len(todo.ops))],
             recording=_accepted(ctx, slug, relied_on))
    deferred: list[Op] = []
    retry_after: float | None = None
    for seq, op in enumerate(todo.ops):
        following = [(seq + 1, "started")] if seq + 1 < len(todo.ops) else []
        if deferred and op.kind in RATE_LIMITED:
            deferred.append(op)
            _journal(ctx, slug, run.id, todo.ops, [(seq, "deferred"), *following])
            continue
        try:
            recording = _carry_out(ctx, run, slug, op, wanted, observed)
        except RateLimited as limited:
            if op.kind not in RATE_LIMITED:
                return _stop(ctx, run, slug, todo, seq, op, limited, deferred, retry_after)
            deferred.append(op)
            retry_after = limited.retry_after
            _journal(ctx, slug, run.id, todo.ops, [(seq, "deferred"), *following], str(limited))
            continue
        except NextcloudError as error:
            return _stop(ctx, run, slug, todo, seq, op, error, deferred, retry_after)
        _journal(ctx, slug, run.id, todo.ops, [(seq, "done"), *following], recording=recording)
        run.note(op)
        progress(op)
        if lease is not None:
            lease.renew_if_due()
    done = len(todo.ops) - len(deferred)
    return Outcome(todo, done, deferred=tuple(deferred), retry_after=retry_after)


def _stop(ctx: Context, run: Run, slug: str, todo: Plan, seq: int, op: Op,
          error: NextcloudError, deferred: list[Op], retry_after: float | None) -> Outcome:
    _journal(ctx, slug, run.id, todo.ops, [(seq, "failed")], str(error))
    done = seq - len(deferred)
    return Outcome(todo, done, op, error, tuple(deferred), retry_after)


def _journal(ctx: Context, slug: str, run_id: str, ops: tuple[Op, ...],
             states: list[tuple[int, str]], error: str | None = None,
             recording: Recording | None = None) -> None:
    """Record new states of a run's operations (by position) in one transaction."""
    with ctx.store.transaction() as tx:
        remote = tx.remote(slug)
        if recording is not None:
            recording(tx, remote)
        for seq, state in states:
            op = ops[seq]
            remote.journal(run_id, seq, op.kind.name, op.describe(), state, ctx.now(), error)


def _accepted(ctx: Context, slug: str, advisories: tuple[str, ...]) -> Recording | None:
    """The audit event saying this run relies on advisories an operator accepted."""
    if not advisories:
        return None

    def record(tx: Transaction, _remote: Remote) -> None:
        tx.audit.append(AuditEvent(at=ctx.now(), actor=ctx.actor,
                                   action="server.advisory_accepted", family=slug,
                                   reason=",".join(advisories)))
    return record


def _carry_out(ctx: Context, run: Run, slug: str, op: Op, wanted: Wanted,
               observed: Observed) -> Recording | None:
    client = run.client
    if op.kind in CALENDAR_KINDS:
        return _calendar_op(ctx, run, wanted.family, op, wanted.calendar, observed)
    if op.kind in FORM_KINDS:
        form_ops.carry_out(ctx, client.forms, slug, op, {f.spec.key: f for f in wanted.forms},
                           observed.forms)
        return None
    if op.kind is Kind.UPLOAD:
        return _upload(ctx, run, wanted.family, op)
    if op.kind is Kind.ADOPT_EDIT:
        return _adopt(ctx, run, slug, op, observed)
    if op.kind is Kind.DELETE_SHARE:
        client.shares.delete(op.target)
        return _share_recording(ctx, slug, op, op.target, created=False)
    if op.kind is Kind.CREATE_SHARE:
        return _share_recording(ctx, slug, op, _create_share(run, op), created=True)
    if op.kind in (Kind.NARROW_SHARE, Kind.WIDEN_SHARE):
        client.shares.update(op.target, op.permissions)
    elif op.kind in (Kind.ADD_TO_GROUP, Kind.REMOVE_FROM_GROUP):
        return _membership(ctx, run, slug, op, wanted.desired)
    elif op.kind is Kind.CREATE_GROUP:
        _tolerate_existing(lambda: client.users.create_group(op.target, op.target))
        return _object(GROUP_OBJECT, op.target, exists=True)
    elif op.kind is Kind.DELETE_GROUP:
        client.users.delete_group(op.target)
        return _object(GROUP_OBJECT, op.target, exists=False)
    elif op.kind is Kind.CREATE_USER:
        _tolerate_existing(
            lambda: client.users.create_user(op.target, op.email, op.display_name))
        return _object(ACCOUNT, op.target, exists=True)
    elif op.kind is Kind.MKDIR:
        client.files.mkcol(op.target)
    return None


FORM_KINDS = {Kind.UNSHARE_FORM, Kind.UPDATE_FORM, Kind.DELETE_FORM, Kind.CREATE_FORM,
              Kind.ARCHIVE_QUESTION, Kind.ADD_QUESTION, Kind.UPDATE_QUESTION,
              Kind.ORDER_QUESTIONS, Kind.SHARE_FORM}
CALENDAR_KINDS = {Kind.MAKE_CALENDAR, Kind.SHARE_CALENDAR, Kind.LIMIT_CALENDAR,
                  Kind.UNSHARE_CALENDAR, Kind.PUT_EVENT, Kind.DELETE_EVENT}


def _create_share(run: Run, op: Op) -> str:
    """A group share of ``op.target``; the id of one that exists already is taken (after a
    lost answer Nextcloud refuses a second share for the same group)."""
    try:
        share = run.client.shares.create(op.target, GROUP, op.uid, op.permissions)
    except Refused:
        existing = next((s for s in run.client.shares.of(op.target)
                         if s.share_type == GROUP and s.share_with == op.uid
                         and s.initiator == run.client.user), None)
        if existing is None:
            raise
        share = existing
    if share.permissions != op.permissions:
        run.client.shares.update(share.id, op.permissions)
    return share.id


def _share_recording(ctx: Context, slug: str, op: Op, share_id: str,
                     created: bool) -> Recording:
    """Remember (or forget) a share zolicht made, with its audit event."""
    def record(tx: Transaction, remote: Remote) -> None:
        if created:
            remote.record_share(share_id)
        else:
            remote.forget_share(share_id)
        _audit(ctx, tx, slug, "share.create" if created else "share.delete", op,
               member=op.uid)
    return record


def _membership(ctx: Context, run: Run, slug: str, op: Op, desired: Desired) -> Recording:
    """Join or leave a group; for a document's group that is someone's access, audited."""
    if op.kind is Kind.ADD_TO_GROUP:
        run.client.users.add_to_group(op.uid, op.target)
    else:
        run.client.users.remove_from_group(op.uid, op.target)
    document = desired.document_of_group(op.target)

    def record(tx: Transaction, _remote: Remote) -> None:
        if document:
            action = "access.open" if op.kind is Kind.ADD_TO_GROUP else "access.close"
            _audit(ctx, tx, slug, action, op, document=document, member=op.uid)
    return record


def _object(kind: str, name: str, exists: bool) -> Recording:
    return lambda _tx, remote: remote.record_object(kind, name, exists)


def _calendar_op(ctx: Context, run: Run, family: Family, op: Op,
                 calendar: DesiredCalendar | None, observed: Observed) -> Recording | None:
    calendars = run.client.calendars
    if op.kind is Kind.MAKE_CALENDAR:
        calendars.make(op.target, op.display_name)
    elif op.kind in (Kind.SHARE_CALENDAR, Kind.LIMIT_CALENDAR):
        calendars.share(op.target, [(op.uid, op.access)])
    elif op.kind is Kind.UNSHARE_CALENDAR:
        calendars.share(op.target, [(op.uid, None)])
    elif op.kind is Kind.DELETE_EVENT:
        calendars.delete_event(op.target, op.document)
    else:
        assert calendar is not None
        event = next(e for e in calendar.events if e.name == op.document)
        key = event_record(op.target, op.document)
        before = observed.uploaded.get(key)
        sequence = before.sequence + 1 if before is not None and op.etag else 0
        ics = event_object(family, event.item, ctx.now(), calendar.organizer, sequence)
        etag = calendars.put_event(op.target, op.document, ics, op.etag or None)
        return lambda _tx, remote: remote.record_upload(
            key, Upload(event.sha256, etag, sequence=sequence))
    return None


def _upload(ctx: Context, run: Run, family: Family, op: Op) -> Recording:
    document = family.document(op.document)
    assert document is not None
    with ctx.store.reading() as tx:
        content = tx.families.blob(document.sha256)
    uploaded = run.client.files.put(op.target, content)
    return lambda _tx, remote: remote.record_upload(
        op.target, Upload(document.sha256, uploaded.etag, uploaded.fileid))


def _adopt(ctx: Context, run: Run, slug: str, op: Op, observed: Observed) -> Recording:
    """Someone with an edit grant changed the file in Nextcloud: the record follows, and
    the version zolicht had stays in its store (the audit event names both)."""
    content = run.client.files.get(op.target)
    sha256 = hashlib.sha256(content).hexdigest()
    entry = observed.entries[op.target]
    before = observed.uploaded[op.target].sha256

    def record(tx: Transaction, remote: Remote) -> None:
        remote.record_upload(op.target, Upload(sha256, op.etag, entry.fileid))
        if sha256 != before:
            tx.families.set_content(slug, op.document, content, sha256)
            _audit(ctx, tx, slug, "document.changed_in_nextcloud", op,
                   reason=f"{before[:12]} -> {sha256[:12]}")
    return record


def _tolerate_existing(create: Callable[[], None]) -> None:
    with contextlib.suppress(AlreadyExists):
        create()


def _audit(ctx: Context, tx: Transaction, slug: str, action: str, op: Op,
           document: str | None = None, member: str | None = None,
           reason: str | None = None) -> None:
    tx.audit.append(AuditEvent(
        at=ctx.now(), actor=ctx.actor, action=action, family=slug,
        document=document or op.document or None, member=member or None,
        reason=reason or op.reason or f"permissions={op.permissions}"))
