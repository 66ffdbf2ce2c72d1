"""Carrying out the operations on shares, accounts, groups, files and the calendar: one
handler per kind, each returning what its success leaves in the record.

The forms' handlers are in ``form_execute.py``; ``execute.HANDLERS`` joins both.
"""

from __future__ import annotations

import contextlib
import hashlib

from zolicht.calendar.ics import event_object
from zolicht.domain.audit import AuditEvent
from zolicht.nextcloud import AlreadyExists, Refused
from zolicht.nextcloud.shares import GROUP
from zolicht.reconcile.ops import (
    AddToGroup,
    AdoptEdit,
    CreateGroup,
    CreateShare,
    CreateUser,
    DeleteEvent,
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
from zolicht.reconcile.plan import event_record
from zolicht.reconcile.step import Handler, Recording, Step
from zolicht.store import Transaction
from zolicht.store.remote import ACCOUNT, Remote, Upload
from zolicht.store.remote import GROUP as GROUP_OBJECT


# -- shares ------------------------------------------------------------------------------------
def delete_share(step: Step, op: DeleteShare) -> Recording:
    step.run.client.shares.delete(op.target)
    return _share_recording(step, op, op.target, created=False)


def create_share(step: Step, op: CreateShare) -> Recording:
    """A group share of ``op.target``; the id of one that exists already is taken (after a
    lost answer Nextcloud refuses a second share for the same group)."""
    client = step.run.client
    try:
        share = client.shares.create(op.target, GROUP, op.uid, op.permissions)
    except Refused:
        existing = next((s for s in client.shares.of(op.target)
                         if s.share_type == GROUP and s.share_with == op.uid
                         and s.initiator == client.user), None)
        if existing is None:
            raise
        share = existing
    if share.permissions != op.permissions:
        client.shares.update(share.id, op.permissions)
    return _share_recording(step, op, share.id, created=True)


def change_share(step: Step, op: NarrowShare) -> None:
    step.run.client.shares.update(op.target, op.permissions)


def _share_recording(step: Step, op: Op, share_id: str, created: bool) -> Recording:
    """Remember (or forget) a share zolicht made, with its audit event."""
    def record(tx: Transaction, remote: Remote) -> None:
        if created:
            remote.record_share(share_id)
        else:
            remote.forget_share(share_id)
        _audit(step, tx, "share.create" if created else "share.delete", op, member=op.uid)
    return record


# -- accounts and groups -----------------------------------------------------------------------
def join(step: Step, op: AddToGroup) -> Recording:
    step.run.client.users.add_to_group(op.uid, op.target)
    return _membership(step, op, "access.open")


def leave(step: Step, op: RemoveFromGroup) -> Recording:
    step.run.client.users.remove_from_group(op.uid, op.target)
    return _membership(step, op, "access.close")


def _membership(step: Step, op: Op, action: str) -> Recording:
    """For a document's group a membership is someone's access: audited."""
    document = step.wanted.desired.document_of_group(op.target)

    def record(tx: Transaction, _remote: Remote) -> None:
        if document:
            _audit(step, tx, action, op, document=document, member=op.uid)
    return record


def adopted(step: Step, op: Op) -> Recording | None:
    """What to record for ``op`` when an interrupted run did it in Nextcloud without
    recording it (its process died, or Nextcloud's answer was lost): a membership's audit
    event, a group share's id (found under its path) and audit event; None for other
    kinds, and for a share not found."""
    if isinstance(op, AddToGroup):
        return _membership(step, op, "access.open")
    if isinstance(op, RemoveFromGroup):
        return _membership(step, op, "access.close")
    if isinstance(op, CreateShare):
        share = next((s for s in step.observed.shares
                      if s.share_type == GROUP and s.path == op.target
                      and s.share_with == op.uid and s.initiator == step.run.client.user), None)
        return None if share is None else _share_recording(step, op, share.id, created=True)
    return None


def create_group(step: Step, op: CreateGroup) -> Recording:
    with contextlib.suppress(AlreadyExists):
        step.run.client.users.create_group(op.target, op.target)
    return _object(GROUP_OBJECT, op.target, exists=True)


def delete_group(step: Step, op: DeleteGroup) -> Recording:
    step.run.client.users.delete_group(op.target)
    return _object(GROUP_OBJECT, op.target, exists=False)


def create_user(step: Step, op: CreateUser) -> Recording:
    with contextlib.suppress(AlreadyExists):
        step.run.client.users.create_user(op.target, op.email, op.display_name)
    return _object(ACCOUNT, op.target, exists=True)


def _object(kind: str, name: str, exists: bool) -> Recording:
    return lambda _tx, remote: remote.record_object(kind, name, exists)


# -- files -------------------------------------------------------------------------------------
def mkdir(step: Step, op: Mkdir) -> None:
    step.run.client.files.mkcol(op.target)


def upload(step: Step, op: UploadFile) -> Recording:
    document = step.wanted.family.document(op.document)
    assert document is not None
    with step.ctx.store.reading() as tx:
        content = tx.families.blob(document.sha256)
    uploaded = step.run.client.files.put(op.target, content)
    return lambda _tx, remote: remote.record_upload(
        op.target, Upload(document.sha256, uploaded.etag, uploaded.fileid))


def adopt(step: Step, op: AdoptEdit) -> Recording:
    """Someone with an edit grant changed the file in Nextcloud: the record follows, and
    the version zolicht had stays in its store (the audit event names both)."""
    content = step.run.client.files.get(op.target)
    sha256 = hashlib.sha256(content).hexdigest()
    entry = step.observed.entries[op.target]
    before = step.observed.uploaded[op.target].sha256

    def record(tx: Transaction, remote: Remote) -> None:
        remote.record_upload(op.target, Upload(sha256, op.etag, entry.fileid))
        if sha256 != before:
            tx.families.set_content(step.slug, op.document, content, sha256)
            _audit(step, tx, "document.changed_in_nextcloud", op,
                   reason=f"{before[:12]} -> {sha256[:12]}")
    return record


# -- the calendar ------------------------------------------------------------------------------
def make_calendar(step: Step, op: MakeCalendar) -> None:
    step.run.client.calendars.make(op.target, op.display_name)


def share_calendar(step: Step, op: ShareCalendar) -> None:
    step.run.client.calendars.share(op.target, [(op.uid, op.access)])


def unshare_calendar(step: Step, op: UnshareCalendar) -> None:
    step.run.client.calendars.share(op.target, [(op.uid, None)])


def delete_event(step: Step, op: DeleteEvent) -> None:
    step.run.client.calendars.delete_event(op.target, op.event)


def put_event(step: Step, op: PutEvent) -> Recording:
    calendar = step.wanted.calendar
    assert calendar is not None
    event = next(e for e in calendar.events if e.name == op.event)
    key = event_record(op.target, op.event)
    before = step.observed.uploaded.get(key)
    sequence = before.sequence + 1 if before is not None and op.etag else 0
    ics = event_object(step.wanted.family, event.item, step.ctx.now(), calendar.organizer,
                       sequence)
    etag = step.run.client.calendars.put_event(op.target, op.event, ics, op.etag or None)
    return lambda _tx, remote: remote.record_upload(
        key, Upload(event.sha256, etag, sequence=sequence))


def _audit(step: Step, tx: Transaction, action: str, op: Op, document: str | None = None,
           member: str | None = None, reason: str | None = None) -> None:
    ctx = step.ctx
    tx.audit.append(AuditEvent(
        at=ctx.now(), actor=ctx.actor, action=action, family=step.slug,
        document=document or op.document or None, member=member or None,
        reason=reason or op.reason or f"permissions={op.permissions}"))


HANDLERS: dict[type[Op], Handler] = {
    DeleteShare: delete_share, CreateShare: create_share, NarrowShare: change_share,
    WidenShare: change_share, AddToGroup: join, RemoveFromGroup: leave,
    CreateGroup: create_group, DeleteGroup: delete_group, CreateUser: create_user,
    Mkdir: mkdir, UploadFile: upload, AdoptEdit: adopt, MakeCalendar: make_calendar,
    ShareCalendar: share_calendar, LimitCalendar: share_calendar,
    UnshareCalendar: unshare_calendar, PutEvent: put_event, DeleteEvent: delete_event,
}
