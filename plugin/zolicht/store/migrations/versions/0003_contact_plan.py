"""The contact plan: closing date, aftercare taper, strippenkaart, moments and series.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_plans",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("closing", sa.Date(), nullable=True),
        sa.Column("taper", sa.String(80), nullable=False),
        sa.Column("strips", sa.Integer(), nullable=False),
        sa.Column("strips_used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("family_id", name="pk_contact_plans"),
        sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                name="fk_contact_plans_family_id_families"),
    )
    op.create_table(
        "contact_moments",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("start", sa.DateTime(timezone=False), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("family_id", "key", name="pk_contact_moments"),
        sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                name="fk_contact_moments_family_id_families"),
    )


def downgrade() -> None:
    op.drop_table("contact_moments")
    op.drop_table("contact_plans")
