"""Forms: the deployed form of each step, the submissions read back, proposals and notes.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def family(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                   name=f"fk_{table}_family_id_families")


def upgrade() -> None:
    op.create_table(
        "remote_forms",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.String(64), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("last_updated", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("family_id", "form_key", name="pk_remote_forms"),
        family("remote_forms"),
    )
    op.create_table(
        "form_submissions",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.String(64), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("processed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("family_id", "form_key", "submission_id",
                                name="pk_form_submissions"),
        family("form_submissions"),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("form_key", sa.String(64), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
        family("proposals"),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notes"),
        family("notes"),
    )


def downgrade() -> None:
    for table in ("notes", "proposals", "form_submissions", "remote_forms"):
        op.drop_table(table)
