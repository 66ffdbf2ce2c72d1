"""One worker's reads of all accounts, groups, shares and forms, shared with the other
workers of a sweep: at 10,000 families each read costs Nextcloud some 25 s of CPU, and four
workers each reading them made Nextcloud do it four times.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_reads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("journal", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shared_reads"),
    )


def downgrade() -> None:
    op.drop_table("shared_reads")
