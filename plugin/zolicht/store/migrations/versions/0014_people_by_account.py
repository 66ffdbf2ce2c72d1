"""People found by the account they sign in with: every request of a signed-in person
asks which family members use that account (``Families.accounts_of``: a linked
``nextcloud_user``, else the ``account`` zolicht made). Only ``account`` had an index, and
PostgreSQL read every person of every family for each request (1.3 ms at 500 families, some
25 ms at 10,000).

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_people_nextcloud_user", "people", ["nextcloud_user"])


def downgrade() -> None:
    op.drop_index("ix_people_nextcloud_user", "people")
