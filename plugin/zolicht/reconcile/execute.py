"""Carrying out a plan: one operation at a time, each journalled before and after, each
success recorded (share id, etag, audit event) in the transaction that marks it done.

Rate limits do not stop a run: when Nextcloud says 429 to a new share, the remaining new
shares wait for a later run (``deferred``) and everything else goes on, so a family's
memberships (its yes and stops) never wait behind another family's new documents. Any
other failure stops the run; the next run observes anew and repairs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zolicht.context import Context
from zolicht.domain.audit import AuditEvent
from zolicht.nextcloud import NextcloudError, RateLimited, Temporary
from zolicht.reconcile import handlers
from zolicht.reconcile.form_execute import FORM_HANDLERS
from zolicht.reconcile.observe import RefusedServer, Run
from zolicht.reconcile.ops import RATE_LIMITED, Op
from zolicht.reconcile.plan import Observed, Plan
from zolicht.reconcile.step import Handler, Recording, Step, Wanted
from zolicht.store import Transaction
from zolicht.store.remote import Remote
from zolicht.store.work import Lease

__all__ = ["HANDLERS", "Outcome", "Progress", "Wanted", "execute"]


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


def execute(ctx: Context, run: Run, slug: str, todo: Plan, wanted: Wanted,
            observed: Observed, progress: Progress = lambda op: None,
            lease: Lease | None = None) -> Outcome:
    """Carry out ``todo`` in order (see the module's docstring for failures)."""
    if todo.empty:
        return Outcome(todo, 0)
    if lease is not None:  # observing may have taken long: still ours before the first write
        lease.renew_if_due()
    try:
        relied_on = run.check_version()
    except RefusedServer:
        raise
    except NextcloudError as error:  # nothing written: as any failure, retried if temporary
        return Outcome(todo, 0, failure=error)
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
            recording = HANDLERS[type(op)](Step(ctx, run, slug, wanted, observed), op)
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


HANDLERS: dict[type[Op], Handler] = {**handlers.HANDLERS, **FORM_HANDLERS}
"""How each kind of operation is carried out (a test checks every kind has one)."""
