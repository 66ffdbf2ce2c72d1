"""The journal indexed by family: every apply reads its family's latest run and whether
another process worked on it since a snapshot; without this index PostgreSQL searches the
whole journal of every family for it.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_operations_family_id_id", "operations", ["family_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_operations_family_id_id", "operations")
