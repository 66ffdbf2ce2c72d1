"""The audit trail is a hash chain: any edit, deletion, insertion or reordering is named."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.domain.audit import AuditEvent, Tamper, chain_hash
from zolicht.store import Store
from zolicht.store.tables import audit_events, audit_head


@pytest.fixture
def trail(ctx: Context, clock: FixedClock) -> Store:
    """Six events, one minute apart."""
    with ctx.store.transaction() as tx:
        for i in range(6):
            clock.moment += timedelta(minutes=1)
            tx.audit.append(AuditEvent(at=clock.now(), actor="test", action=f"step.{i + 1}",
                                       family="jansen", member=f"m{i + 1}"))
    return ctx.store


def problems(store: Store) -> list[tuple[int, Tamper]]:
    with store.transaction() as tx:
        return [(p.seq, p.kind) for p in tx.audit.verify()]


def execute(store: Store, *statements: sa.Executable) -> None:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(statement)


def test_an_untouched_trail_verifies(trail: Store) -> None:
    assert problems(trail) == []
    with trail.transaction() as tx:
        assert tx.audit.head()[0] == 6  # type: ignore[index]


def test_an_edited_event_is_named(trail: Store) -> None:
    execute(trail, sa.update(audit_events).where(audit_events.c.seq == 3)
            .values(member="somebody-else"))
    assert problems(trail) == [(3, Tamper.CHANGED)]


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(trail: Store) -> None:
    with trail.transaction() as tx:
        third = tx.audit.events()[2]
    forged = AuditEvent(**{**third.event.__dict__, "member": "somebody-else"})
    execute(trail, sa.update(audit_events).where(audit_events.c.seq == 3)
            .values(member="somebody-else", hash=chain_hash(third.prev_hash, forged)))
    found = problems(trail)
    assert found and found[0][0] == 4


def test_a_deleted_event_is_named(trail: Store) -> None:
    execute(trail, sa.delete(audit_events).where(audit_events.c.seq == 4))
    assert problems(trail) == [(4, Tamper.DELETED)]


def test_deleting_the_last_events_is_seen_through_the_head(trail: Store) -> None:
    execute(trail, sa.delete(audit_events).where(audit_events.c.seq >= 5))
    assert problems(trail) == [(5, Tamper.TRUNCATED), (6, Tamper.TRUNCATED)]


def test_deleting_events_and_head_together_is_seen_by_the_kept_copy(trail: Store) -> None:
    with trail.transaction() as tx:
        head_before = tx.audit.head()
        sixth = tx.audit.events()[5]
    execute(trail, sa.delete(audit_events).where(audit_events.c.seq == 6),
            sa.update(audit_head).values(seq=5, hash=sixth.prev_hash))
    with trail.transaction() as tx:
        assert tx.audit.verify() == []
        assert tx.audit.head() != head_before  # only the off-host copy can tell


def test_swapped_events_are_named_as_reordered(trail: Store) -> None:
    execute(
        trail,
        sa.update(audit_events).where(audit_events.c.seq == 3).values(seq=-3),
        sa.update(audit_events).where(audit_events.c.seq == 4).values(seq=3),
        sa.update(audit_events).where(audit_events.c.seq == -3).values(seq=4),
    )
    found = problems(trail)
    assert found[0] == (3, Tamper.REORDERED)
    assert all(kind is Tamper.REORDERED for _, kind in found)


def test_an_inserted_event_is_named(trail: Store, clock: FixedClock) -> None:
    with trail.transaction() as tx:
        second = tx.audit.events()[1]
    fake = AuditEvent(at=clock.now(), actor="intruder", action="grant.consent", family="jansen")
    shift = [sa.update(audit_events).where(audit_events.c.seq == seq).values(seq=seq + 1)
             for seq in range(6, 2, -1)]
    insert = sa.insert(audit_events).values(
        seq=3, prev_hash=second.hash, hash=chain_hash(second.hash, fake),
        **{k: v for k, v in fake.__dict__.items()},
    )
    execute(trail, *shift, insert, sa.update(audit_head).values(seq=7))
    assert (3, Tamper.INSERTED) in problems(trail)
