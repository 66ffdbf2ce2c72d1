"""What an interrupted run did without recording it.

A run journals each operation before it asks Nextcloud and records its effect (a share's
id, the audit event of a membership) in the transaction that marks it done. When the
process dies in between, or Nextcloud's answer is lost, the journal says "started" or
"failed" while Nextcloud may have done it. The next apply of the family (holding its
lock) compares: an operation of the latest run whose outcome is unknown, that the new
plan no longer needs, was done by Nextcloud; its record and audit event are written now,
once, and the journal says so. An operation the new plan still needs was not done; the
new run does it and records it as ever.

Covered: memberships of document groups (joined, left) and group shares, the operations
that have audit events a new plan cannot tell apart from "nothing to do".
"""

from __future__ import annotations

from zolicht.context import Context
from zolicht.reconcile.handlers import adopted
from zolicht.reconcile.observe import Run
from zolicht.reconcile.ops import AddToGroup, CreateShare, Op, RemoveFromGroup
from zolicht.reconcile.plan import Observed, Plan
from zolicht.reconcile.step import Step, Wanted


def settle(ctx: Context, run: Run, slug: str, todo: Plan, wanted: Wanted,
           observed: Observed, unsure: list[tuple[str, int, str, str]]) -> None:
    """Record what the latest run of family ``slug`` did without recording it (see the
    module's docstring), given the new plan ``todo`` and the ``unsure`` operations of that
    run (``Remote.unsure``, read before observing, holding the family's lock)."""
    if not unsure:
        return
    planned = {(op.kind.name, op.describe()) for op in todo.ops}
    known = {(op.kind.name, op.describe()): op for op in _candidates(wanted)}
    step = Step(ctx, run, slug, wanted, observed)
    with ctx.store.transaction() as tx:
        remote = tx.remote(slug)
        for run_id, seq, kind, text in unsure:
            op = known.get((kind, text))
            if op is None or (kind, text) in planned:
                continue
            recording = adopted(step, op)
            if recording is not None:
                recording(tx, remote)
                remote.settle(run_id, seq, "done")


def _candidates(wanted: Wanted) -> list[Op]:
    """Every membership and group share an earlier run may have asked for, as the plan
    writes them."""
    desired = wanted.desired
    family = sorted(a.uid for a in desired.accounts)
    ops: list[Op] = []
    for gid, members in desired.members.items():
        document = desired.document_of_group(gid)
        ops += [AddToGroup(gid, uid=uid, document=document) for uid in sorted(members)]
        ops += [RemoveFromGroup(gid, uid=uid, document=document, reason="revoked")
                for uid in family if uid not in members]
    ops += [CreateShare(s.path, uid=s.group, permissions=s.permissions, document=s.document)
            for s in desired.shares]
    return ops
