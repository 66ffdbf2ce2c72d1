"""Indexes for many families: the journal by family (every apply reads its family's
latest run and whether another process worked on it since a snapshot; without it
PostgreSQL searches the whole journal for each family), and the work queue by due time
(each claim takes the job due longest).

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
    op.create_index("ix_jobs_not_before_id", "jobs", ["not_before", "id"])


def downgrade() -> None:
    op.drop_index("ix_jobs_not_before_id", "jobs")
    op.drop_index("ix_operations_family_id_id", "operations")
