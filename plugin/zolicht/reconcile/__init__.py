"""Make each family's Nextcloud space match the family's record: observe, plan, apply.

Level-triggered: every run observes anew and plans from the difference, so a run that
crashed between two operations is repaired by the next one, without duplicates. A family
is locked in the database while it is applied, so two processes (two ``apply`` runs, a
web toggle during ``apply --all``, two web servers) never work on one family at once.

- ``observe.py``: the run's shared reads and what zolicht remembers;
- ``desired.py`` and ``plan.py``: what should be, and the operations to get there (pure);
- ``execute.py``: carrying them out, journalled; ``legacy.py``: families from before 0006.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path

from zolicht import messages as M
from zolicht.calendar.ics import Organizer
from zolicht.context import Context
from zolicht.domain import names
from zolicht.domain.contacts import ContactPlan, all_moments
from zolicht.domain.model import Access, Family, Person
from zolicht.forms.definitions import DEFAULT_DIR, FormDefinition, load_all
from zolicht.nextcloud import NextcloudError, Temporary
from zolicht.nextcloud.shares import GROUP
from zolicht.reconcile import form_ops, legacy, recover
from zolicht.reconcile.desired import (
    Desired,
    desired_calendar,
    desired_state,
    needs_account,
)
from zolicht.reconcile.execute import Outcome, Progress, Wanted, execute
from zolicht.reconcile.forms import desired_forms
from zolicht.reconcile.observe import Records, RefusedServer, Run, observe, records
from zolicht.reconcile.ops import (
    FORM_OPS,
    AddToGroup,
    DeleteShare,
    Op,
    RemoveFromGroup,
)
from zolicht.reconcile.plan import Observed, Plan, plan, shares
from zolicht.store import Transaction
from zolicht.store.remote import ACCOUNT
from zolicht.store.remote import GROUP as GROUP_OBJECT
from zolicht.store.work import Busy, Lease, family_lock

__all__ = ["Outcome", "RefusedServer", "Run", "apply_after", "apply_family", "definitions",
           "plan_family"]

RETRY = timedelta(seconds=60)
"""When to try again after a temporary failure Nextcloud gave no time for."""


@cache
def definitions(directory: Path = DEFAULT_DIR) -> list[FormDefinition]:
    """The form definitions in ``directory``, read once per process."""
    return load_all(directory)


def plan_family(ctx: Context, run: Run, slug: str) -> Plan:
    """What apply would do now, with the drift it would remove; changes nothing."""
    wanted = _wanted(ctx, run, slug)
    return plan(wanted.desired, _observe(ctx, run, slug, wanted), run.client.user,
                wanted.calendar, wanted.forms)


def apply_family(ctx: Context, run: Run, slug: str, progress: Progress = lambda op: None,
                 wait: float = 120.0, queue_if_busy: bool = True) -> Outcome:
    """Plan and carry out one family's operations, holding the family's lock. When the lock
    cannot be had within ``wait`` seconds, ``Busy`` is raised, after queueing the family
    (unless the caller gives back a job of its own: ``queue_if_busy`` false)."""
    with _holding(ctx, slug, wait, queue_if_busy) as lease:
        return _apply_family(ctx, run, slug, progress, lease)


@contextmanager
def _holding(ctx: Context, slug: str, wait: float = 120.0,
             queue_if_busy: bool = True) -> Iterator[Lease]:
    """The family's lock for the block. The family's apply is queued, so that a later run
    settles it, when the lock could not be had in time (its holder may have read the record
    before the change this apply was for), and when it turns out at the release that the
    lease had run out and another process took the family over (both may have written to
    Nextcloud at once, this holder perhaps from an older record)."""
    lease: Lease | None = None
    try:
        with family_lock(ctx.store, slug, wait) as lease:
            yield lease
    except Busy:
        if lease is None and queue_if_busy:
            _queue(ctx, slug)
        raise
    finally:
        if lease is not None and lease.lost:
            _queue(ctx, slug)


def _queue(ctx: Context, slug: str) -> None:
    with ctx.store.transaction() as tx:
        tx.jobs.apply(slug, ctx.now())


def apply_after(ctx: Context, run: Run, slug: str,
                decision: tuple[str, str] | None = None, wait: float = 120.0) -> Outcome:
    """Apply a family after a change; after a ``decision`` (document, member), a yes or a
    stop about one member seeing one document, possibly only that member's memberships.

    Such a decision changes who belongs to that document's groups. When the groups and
    their shares exist as zolicht recorded them, the member's account exists, and the
    family's last run ended well with nothing pending, the document's shares are read (one
    request, to be sure the membership opens exactly that file) and the member joins or
    leaves the groups: a write per group. Anything else (a group or share to make, a new
    account, an earlier failed run or anything still waiting, a failure now) is left to a
    whole-family apply, which takes everything along.
    """
    if decision is None:
        return apply_family(ctx, run, slug, wait=wait)
    with _holding(ctx, slug, wait) as lease:
        focused = _focused(ctx, run, slug, decision, lease)
        if focused is not None and focused.complete:
            return focused
        if focused is not None:
            run = replace(run, id=secrets.token_hex(8))
        return _apply_family(ctx, run, slug, lambda op: None, lease)


def _apply_family(ctx: Context, run: Run, slug: str, progress: Progress,
                  lease: Lease) -> Outcome:
    try:
        with ctx.store.reading() as tx:  # all zolicht remembers, in one go
            read = _read(tx, slug)
            known = records(tx, slug, run=run)
            left = legacy.leftover(tx, slug)
        unsure = known.unsure
        wanted = _wanted_from(ctx, run, *read)
        if legacy.migrate(ctx, run.client, wanted.family, left):
            known = _records(ctx, run, slug)
        observed = observe(run, wanted.desired, known, wanted.calendar, wanted.forms)
    except RefusedServer:
        raise
    except NextcloudError as error:
        outcome = Outcome(Plan(slug, (), (), ()), 0, failure=error)
        _schedule(ctx, slug, outcome, None)
        return outcome
    todo = plan(wanted.desired, observed, run.client.user, wanted.calendar, wanted.forms)
    todo = replace(todo, problems=todo.problems + _calendar_problems(wanted))
    recover.settle(ctx, run, slug, todo, wanted, observed, unsure)
    outcome = execute(ctx, run, slug, todo, wanted, observed, progress, lease)
    if outcome.failure is None:
        _remember(ctx, run, slug, wanted, observed, known, outcome)
    _schedule(ctx, slug, outcome, wanted.asked)
    return outcome


def _focused(ctx: Context, run: Run, slug: str, decision: tuple[str, str],
             lease: Lease) -> Outcome | None:
    """The one-document apply of ``apply_after``, or None when it cannot be used."""
    document, member = decision
    with ctx.store.reading() as tx:
        family = tx.families.load(slug)
        known = records(tx, slug, with_forms=False)
        waiting = tx.pending.of(slug) is not None
    if waiting:
        return None
    desired = desired_state(family, ctx.today(), run.client.user)
    file = next((f for f in desired.files if f.document == document), None)
    person = family.person(member)
    upload = known.uploaded.get(file.path) if file else None
    needed = desired.groups_of(document)
    existing = {names.document_group(family.space, document, a) for a in Access} & known.groups
    if (file is None or person is None or upload is None or upload.sha256 != file.sha256
            or not known.last_run_ok or person.uid not in known.accounts
            or needed != existing or not _account_kept(desired, person, document)):
        return None
    try:
        found = run.client.shares.of(file.path)
    except NextcloudError:
        return None
    focus = replace(desired, shares=frozenset(s for s in desired.shares
                                              if s.document == document))
    share_ops, drift = shares(focus, found, known.shares, run.client.user)
    moved = any(s.share_type == GROUP and upload.fileid and s.file_id != upload.fileid
                for s in found)
    if moved or any(not isinstance(op, DeleteShare) for op in share_ops):
        return None
    joins: list[Op] = [
        (AddToGroup if person.uid in desired.members[gid] else RemoveFromGroup)(
            gid, uid=person.uid, document=document)
        for gid in sorted(needed)]
    todo = Plan(slug, tuple(sorted(share_ops + joins, key=lambda op: op.kind)), tuple(drift),
                ())
    observed = Observed(set(), {}, {}, found, known.uploaded, known.shares)
    return execute(ctx, run, slug, todo, Wanted(family, focus, None, []), observed,
                   lease=lease)


def _account_kept(desired: Desired, person: Person, document: str) -> bool:
    """Whether ``person`` needs an account whatever becomes of ``document``: then a decision
    about it changes only that document's groups. Else their first or last document comes
    or goes, and with it their circle's group, forms and calendar (the whole family)."""
    return desired.sees_besides(person.uid, document) or needs_account(person, False)


def _wanted(ctx: Context, run: Run, slug: str) -> Wanted:
    with ctx.store.reading() as tx:
        read = _read(tx, slug)
    return _wanted_from(ctx, run, *read)


def _read(tx: Transaction, slug: str) -> tuple[Family, ContactPlan, int | None]:
    """The family's record, its contact plan, and its queued apply's count (read first: a
    request made after the record was read is kept, see ``PendingWork.clear``)."""
    asked = tx.pending.asked(slug)
    return tx.families.load(slug), tx.contacts(slug).load(), asked


def _wanted_from(ctx: Context, run: Run, family: Family, contacts: ContactPlan,
                 asked: int | None) -> Wanted:
    desired = desired_state(family, ctx.today(), run.client.user)
    organizer: Organizer | None = None
    if contacts.series or all_moments(contacts):
        organizer = run.organizer()
    calendar = desired_calendar(family, contacts, desired.accounts, organizer)
    forms = desired_forms(family, definitions(run.forms_dir), ctx.today(), desired.accounts)
    return Wanted(family, desired, calendar, forms, asked)


def _calendar_problems(wanted: Wanted) -> tuple[str, ...]:
    calendar = wanted.calendar
    if calendar is None or calendar.organizer is not None:
        return ()
    invited = any(p.email for p in wanted.family.people
                  if any(p.key in e.item.participants for e in calendar.events))
    return (M.PLAN_INVITATIONS_NEED_ADDRESS,) if invited else ()


def _observe(ctx: Context, run: Run, slug: str, wanted: Wanted) -> Observed:
    return observe(run, wanted.desired, _records(ctx, run, slug), wanted.calendar,
                   wanted.forms)


def _records(ctx: Context, run: Run, slug: str) -> Records:
    with ctx.store.reading() as tx:
        return records(tx, slug, run=run)


def _remember(ctx: Context, run: Run, slug: str, wanted: Wanted, observed: Observed,
              known: Records, outcome: Outcome) -> None:
    """After a run without failures: the forms as they are now, which groups and accounts
    exist (unless that is what ``known`` says already), and the folders' etags when the run
    found everything as wanted (``_folders_as_found``)."""
    desired, done = wanted.desired, outcome.plan
    if observed.forms:
        changed = any(isinstance(op, FORM_OPS) for op in done.ops)
        form_ops.settle(ctx, slug, wanted.forms, observed.forms,
                        run.owned_forms(refresh=changed))
    accounts = {a.uid for a in desired.accounts}
    folders = _folders_as_found(observed, known, outcome)
    if not folders and (not outcome.complete or (
            known.groups == set(desired.groups) and known.accounts == accounts)):
        return
    with ctx.store.transaction() as tx:
        remote = tx.remote(slug)
        for path, etag in folders.items():
            remote.record_folder(path, etag)
        if outcome.complete:
            remote.record_objects(GROUP_OBJECT, set(desired.groups))
            remote.record_objects(ACCOUNT, accounts)


def _folders_as_found(observed: Observed, known: Records, outcome: Outcome) -> dict[str, str]:
    """The folders whose etag is new, when the run found everything as wanted (nothing to
    do): later runs need not read a folder again while it keeps that etag (Nextcloud gives
    a folder a new etag whenever anything in it changes). Each etag is the one listed
    before the folder's contents were read, so a change made while the run read them gives
    the folder another etag, and the next run reads it. A run that wrote records nothing:
    an etag listed after its writes could also hold someone's change made in between, which
    would then never be read (the next run reads the folders it wrote to, once)."""
    if not outcome.complete or not outcome.plan.empty:
        return {}
    return {path: entry.etag for path, entry in observed.entries.items()
            if entry.is_dir and known.folders.get(path) != entry.etag}


def _schedule(ctx: Context, slug: str, outcome: Outcome, asked: int | None) -> None:
    """Keep what Nextcloud could not do yet as pending work, or clear it when done (the
    job as it was when the run read the family, ``asked``: see ``PendingWork.clear``)."""
    with ctx.store.transaction() as tx:
        pending = tx.pending
        if outcome.temporary:
            wait = outcome.retry_after
            if wait is None and isinstance(outcome.failure, Temporary):
                wait = outcome.failure.retry_after
            not_before = ctx.now() + (timedelta(seconds=wait) if wait else RETRY)
            reason = "rate_limited" if outcome.deferred else "unreachable"
            pending.schedule(slug, not_before, reason, ctx.now())
        elif outcome.complete:
            pending.clear(slug, asked)
