"""The method's record per family (network maps, evaluations, tasks, the "never involve"
list, the signaleringsplan's helpers), as one JSON column read and written with the family.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.add_column(sa.Column("method", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.drop_column("method")
