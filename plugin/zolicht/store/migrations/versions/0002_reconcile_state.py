"""What zolicht put in Nextcloud (files, folder etags, shares) and the operation journal.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def family_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                   name=f"fk_{table}_family_id_families")


def upgrade() -> None:
    op.create_table(
        "remote_files",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(400), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("etag", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("family_id", "path", name="pk_remote_files"),
        family_fk("remote_files"),
    )
    op.create_table(
        "remote_folders",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(400), nullable=False),
        sa.Column("etag", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("family_id", "path", name="pk_remote_folders"),
        family_fk("remote_folders"),
    )
    op.create_table(
        "remote_shares",
        sa.Column("share_id", sa.String(32), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("share_id", name="pk_remote_shares"),
        family_fk("remote_shares"),
    )
    op.create_index("ix_remote_shares_family_id", "remote_shares", ["family_id"])
    op.create_table(
        "operations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_operations"),
        family_fk("operations"),
    )
    op.create_index("ix_operations_run_id", "operations", ["run_id"])


def downgrade() -> None:
    for table in ("operations", "remote_shares", "remote_folders", "remote_files"):
        op.drop_table(table)
