"""The audit trail as one hash chain per family, each with its own head row, so that a
family's transaction never waits for another family's to append (with one chain, every
transaction that wrote an event queued on its one head row, across all web processes).

The chains are kept in the order they began (``audit_chains``: how many, and an anchor
hashed over their names), so a family's whole chain cannot be removed unseen either. The
one chain written before (``audit_events`` and ``audit_head`` up to now) stays as it was,
as ``audit_legacy_events`` and ``audit_legacy_head``, verified as before.

Revision ID: 0013
Revises: 0012
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import cast

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
GENESIS = "0" * 64
RENAMED = (("audit_legacy_events", "pk_audit_events", "pk_audit_legacy_events"),
           ("audit_legacy_head", "pk_audit_head", "pk_audit_legacy_head"))
"""PostgreSQL's primary keys, renamed with their table (their index's name is the
schema's, and the new tables take the old names)."""


def upgrade() -> None:
    op.rename_table("audit_events", "audit_legacy_events")
    op.rename_table("audit_head", "audit_legacy_head")
    if op.get_bind().dialect.name == "postgresql":
        for table, old, new in RENAMED:
            op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new}")
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("on_behalf_of", sa.String(64), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("family", sa.String(64), nullable=True),
        sa.Column("subject", sa.String(64), nullable=True),
        sa.Column("document", sa.String(64), nullable=True),
        sa.Column("member", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_family_seq", "audit_events", ["family", "seq"])
    op.create_table(
        "audit_head",
        sa.Column("chain", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name="pk_audit_head"),
        sa.UniqueConstraint("number", name="uq_audit_head_number"),
    )
    chains = op.create_table(
        "audit_chains",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chains"),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chains_single_row")),
    )
    op.bulk_insert(chains, [{"id": 1, "number": 0, "anchor": GENESIS}])


FIELDS = ("at", "actor", "on_behalf_of", "action", "family", "subject", "document", "member",
          "reason")


def _events(name: str) -> sa.TableClause:
    return sa.table(name, sa.column("seq", sa.Integer()), sa.column("id", sa.Integer()),
                    sa.column("at", TZ), *(sa.column(f, sa.String()) for f in FIELDS[1:]),
                    sa.column("prev_hash", sa.String()), sa.column("hash", sa.String()))


def _hash(prev_hash: str, event: dict[str, object]) -> str:
    """``zolicht.domain.audit.chain_hash`` as it was at this revision."""
    at = cast(datetime, event["at"])
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    fields = {**event, "at": moment.isoformat(timespec="microseconds")}
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def downgrade() -> None:
    """Back to one chain: the per-family chains' events are appended to it in the order
    they were written, each with a new hash (a downgrade is for development)."""
    conn = op.get_bind()
    one, chains = _events("audit_legacy_events"), _events("audit_events")
    head = conn.execute(sa.text("SELECT seq, hash FROM audit_legacy_head")).first()
    seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS)
    for row in conn.execute(sa.select(*(chains.c[f] for f in FIELDS)).order_by(chains.c.id)):
        event = dict(row._mapping)
        digest = _hash(prev_hash, event)
        conn.execute(sa.insert(one).values(seq=seq + 1, prev_hash=prev_hash, hash=digest,
                                           **event))
        seq, prev_hash = seq + 1, digest
    if head is not None:
        conn.execute(sa.text("UPDATE audit_legacy_head SET seq = :seq, hash = :hash"),
                     {"seq": seq, "hash": prev_hash})
    elif seq:
        conn.execute(sa.text("INSERT INTO audit_legacy_head (id, seq, hash) "
                             "VALUES (1, :seq, :hash)"), {"seq": seq, "hash": prev_hash})
    op.drop_table("audit_chains")
    op.drop_table("audit_head")
    op.drop_index("ix_audit_events_family_seq", "audit_events")
    op.drop_table("audit_events")
    if op.get_bind().dialect.name == "postgresql":
        for table, old, new in RENAMED:
            op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {new} TO {old}")
    op.rename_table("audit_legacy_head", "audit_head")
    op.rename_table("audit_legacy_events", "audit_events")
