"""Many processes on one database: a durable work queue (``jobs``, which takes over the
pending work of migration 0006) and the web's state (sessions, notices, undos, sign-ins
under way, throttles, the CSRF signing key), so any web process can answer any request.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False, server_default=""),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.UniqueConstraint("key", name="uq_jobs_key"),
        sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                name="fk_jobs_family_id_families"),
    )
    op.create_index("ix_jobs_family_id", "jobs", ["family_id"])
    op.execute("INSERT INTO jobs (key, kind, family_id, payload, not_before, reason, since, "
               "attempts) SELECT 'apply:' || CAST(family_id AS VARCHAR(20)), 'apply', "
               "family_id, '', not_before, reason, since, 0 FROM pending_work")
    op.drop_table("pending_work")
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("login", sa.String(254), nullable=False),
        sa.Column("app_password", sa.Text(), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("seen", sa.Float(), nullable=False),
        sa.Column("checked", sa.Float(), nullable=False),
        sa.Column("due", sa.Float(), nullable=False),
        sa.Column("checking_until", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
    )
    op.create_table(
        "web_entries",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_web_entries"),
    )
    op.create_index("ix_web_entries_at", "web_entries", ["at"])
    op.create_table(
        "web_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_attempts"),
    )
    op.create_index("ix_web_attempts_key", "web_attempts", ["key"])
    op.create_table(
        "web_secrets",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_web_secrets"),
    )


def downgrade() -> None:
    op.drop_table("web_secrets")
    op.drop_index("ix_web_attempts_key", "web_attempts")
    op.drop_table("web_attempts")
    op.drop_index("ix_web_entries_at", "web_entries")
    op.drop_table("web_entries")
    op.drop_table("web_sessions")
    op.create_table(
        "pending_work",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("family_id", name="pk_pending_work"),
        sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                name="fk_pending_work_family_id_families"),
    )
    op.execute("INSERT INTO pending_work (family_id, not_before, reason, since) "
               "SELECT family_id, not_before, reason, since FROM jobs WHERE kind = 'apply'")
    op.drop_index("ix_jobs_family_id", "jobs")
    op.drop_table("jobs")
