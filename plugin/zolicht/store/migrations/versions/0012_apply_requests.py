"""Apply requests counted: ``jobs.asked`` goes up each time a family's apply is asked for
while its job exists. An apply that read the family at count n clears the job only when
it is still n, so a request made during the apply (by another process, or by an apply
that lost its lock) is never swallowed by it.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("asked", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("asked")
