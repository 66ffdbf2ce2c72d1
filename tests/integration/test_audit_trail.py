"""The audit trail is a hash chain per family: any edit, deletion, insertion or reordering
is named, and so is a family's whole chain removed with its head; the one chain written
before migration 0013 stays verifiable."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from zolicht.clock import FixedClock
from zolicht.context import Context
from zolicht.domain.audit import GENESIS, AuditEvent, Tamper, chain_hash
from zolicht.store import MIGRATIONS, Store
from zolicht.store.audit import AuditLog
from zolicht.store.tables import audit_events, audit_head, audit_legacy_events


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


def append(store: Store, clock: FixedClock, *families: str | None) -> None:
    with store.transaction() as tx:
        for family in families:
            clock.moment += timedelta(minutes=1)
            tx.audit.append(AuditEvent(at=clock.now(), actor="test", action="step",
                                       family=family))


def chained(store: Store) -> list[tuple[str | None, int, Tamper]]:
    with store.transaction() as tx:
        return [(p.chain, p.seq, p.kind) for p in tx.audit.verify()]


def test_each_family_has_a_chain_of_its_own(ctx: Context, clock: FixedClock) -> None:
    append(ctx.store, clock, "jansen", "bakker", None, "jansen")
    with ctx.store.transaction() as tx:
        assert [e.seq for e in tx.audit.events("jansen")] == [1, 2]
        assert [e.seq for e in tx.audit.events("bakker")] == [1]
        assert tx.audit.head()[0] == 4  # type: ignore[index]
        assert tx.audit.verify() == []
    execute(ctx.store, sa.delete(audit_events).where(
        audit_events.c.family == "jansen", audit_events.c.seq == 1))
    assert chained(ctx.store) == [("jansen", 1, Tamper.DELETED)]


def test_a_whole_chain_removed_with_its_head_is_named(ctx: Context, clock: FixedClock) -> None:
    append(ctx.store, clock, "jansen", "bakker", "visser")
    execute(ctx.store, sa.delete(audit_events).where(audit_events.c.family == "bakker"),
            sa.delete(audit_head).where(audit_head.c.chain == "bakker"))
    assert [(seq, kind) for _, seq, kind in chained(ctx.store)] == [(0, Tamper.DELETED)]


def test_a_renamed_chain_is_named(ctx: Context, clock: FixedClock) -> None:
    append(ctx.store, clock, "jansen", "bakker")
    execute(ctx.store, sa.update(audit_events).where(audit_events.c.family == "bakker")
            .values(family="visser"),
            sa.update(audit_head).where(audit_head.c.chain == "bakker").values(chain="visser"))
    assert ("visser", 0, Tamper.CHANGED) in chained(ctx.store)


@pytest.mark.postgres
def test_a_family_appends_while_another_holds_its_head(pg_schema_url: str,
                                                      clock: FixedClock) -> None:
    store = Store(pg_schema_url)
    append(store, clock, "jansen", "bakker")
    try:
        with store.transaction() as holding:
            holding.audit.append(AuditEvent(at=clock.now(), actor="test", action="step",
                                            family="jansen"))
            holding.audit.flush()  # jansen's head is locked until this block ends
            with store.engine.begin() as conn:
                conn.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
                other = AuditLog(conn)
                other.append(AuditEvent(at=clock.now(), actor="test", action="step",
                                        family="bakker"))
                assert [e.seq for e in other.flush()] == [2]  # no wait for jansen's
        with store.transaction() as tx:
            assert tx.audit.verify() == []
    finally:
        store.close()


def upgrade_to(url: str, revision: str, down: bool = False) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def test_the_one_chain_from_before_stays_verifiable(database_url: str,
                                                    clock: FixedClock) -> None:
    upgrade_to(database_url, "0012")
    engine = sa.create_engine(database_url)
    prev = GENESIS
    with engine.begin() as conn:
        for seq, family in enumerate(("jansen", "bakker", "jansen"), start=1):
            event = AuditEvent(at=clock.now(), actor="test", action="step", family=family)
            digest = chain_hash(prev, event)
            conn.execute(sa.text(
                "INSERT INTO audit_events (seq, at, actor, action, family, prev_hash, hash) "
                "VALUES (:seq, :at, 'test', 'step', :family, :prev, :hash)"),
                {"seq": seq, "at": event.at, "family": family, "prev": prev, "hash": digest})
            prev = digest
        conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, :hash)"),
                     {"hash": prev})
    engine.dispose()
    store = Store(database_url)  # migrates
    try:
        with store.transaction() as tx:
            assert tx.audit.head() == (3, prev)  # as before, until a chain begins
        append(store, clock, "jansen")
        with store.transaction() as tx:
            assert [e.seq for e in tx.audit.events("jansen")] == [1, 3, 1]
            assert tx.audit.head()[0] == 4  # type: ignore[index]
            assert tx.audit.verify() == []
        execute(store, sa.update(audit_legacy_events).where(audit_legacy_events.c.seq == 2)
                .values(member="somebody"))
        assert chained(store) == [(None, 2, Tamper.CHANGED)]
    finally:
        store.close()


def test_going_back_to_one_chain_keeps_every_event(database_url: str,
                                                  clock: FixedClock) -> None:
    store = Store(database_url)
    append(store, clock, "jansen", "bakker", None, "jansen")
    store.close()
    upgrade_to(database_url, "0012", down=True)
    upgrade_to(database_url, "head")
    store = Store(database_url)
    try:
        with store.transaction() as tx:
            assert [e.seq for e in tx.audit.events()] == [1, 2, 3, 4]
            assert tx.audit.verify() == []
    finally:
        store.close()
