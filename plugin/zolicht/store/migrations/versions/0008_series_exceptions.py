"""Single occurrences of a series, cancelled or moved (holidays, illness).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "series_exceptions",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("series_key", sa.String(64), nullable=False),
        sa.Column("occurs_on", sa.Date(), nullable=False),
        sa.Column("moved_to", sa.DateTime(timezone=False), nullable=True),
        sa.PrimaryKeyConstraint("family_id", "series_key", "occurs_on",
                                name="pk_series_exceptions"),
        sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                name="fk_series_exceptions_family_id_families"),
    )


def downgrade() -> None:
    op.drop_table("series_exceptions")
