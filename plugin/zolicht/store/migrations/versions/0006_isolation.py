"""Isolation by construction: every family gets a random ``space`` from which its names in
Nextcloud are made, every person an account id of their own, uploads remember their file
id (events their SEQUENCE), and families can be locked and given pending work in the database.

Existing people keep the account id zolicht made before (``<slug>-<key>``: the account
exists in Nextcloud and its owner chose a password), except where two people map to the
same id: then only the first keeps it. Existing families remember their old folder name
(``legacy_root``); their next apply moves the folder or removes what was named after them.

Revision ID: 0006
Revises: 0005
"""

import secrets

import sqlalchemy as sa
from alembic import op

from zolicht.domain import names

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def _token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def upgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.add_column(sa.Column("space", sa.String(16), nullable=True))
        batch.add_column(sa.Column("legacy_root", sa.String(200), nullable=True))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("account", sa.String(64), nullable=True))
    with op.batch_alter_table("remote_files") as batch:
        batch.add_column(sa.Column("fileid", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("sequence", sa.Integer(), nullable=False,
                                   server_default="0"))
    conn = op.get_bind()
    for family_id, name in conn.execute(sa.text("SELECT id, name FROM families")).all():
        conn.execute(sa.text("UPDATE families SET space = :space, legacy_root = :name "
                             "WHERE id = :id"), {"space": _token(), "name": name, "id": family_id})
    taken: set[str] = set(conn.execute(sa.text(
        "SELECT nextcloud_user FROM people WHERE nextcloud_user IS NOT NULL")).scalars())
    rows = conn.execute(sa.text(
        "SELECT people.id, families.slug, people.key, people.nextcloud_user FROM people "
        "JOIN families ON families.id = people.family_id ORDER BY people.id")).all()
    for person_id, slug, key, linked in rows:
        legacy = names.legacy_account(slug, key)
        account = legacy if linked is None and legacy not in taken else names.account_id(_token())
        taken.add(account)
        conn.execute(sa.text("UPDATE people SET account = :account WHERE id = :id"),
                     {"account": account, "id": person_id})
    with op.batch_alter_table("families") as batch:
        batch.alter_column("space", existing_type=sa.String(16), nullable=False)
        batch.create_unique_constraint("uq_families_space", ["space"])
    with op.batch_alter_table("people") as batch:
        batch.alter_column("account", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_people_account", ["account"])
    op.create_table(
        "remote_objects",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("family_id", "kind", "name", name="pk_remote_objects"),
        _family_fk("remote_objects"),
    )
    op.create_table(
        "family_locks",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("family_id", name="pk_family_locks"),
        _family_fk("family_locks"),
    )
    op.create_table(
        "pending_work",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("family_id", name="pk_pending_work"),
        _family_fk("pending_work"),
    )


def _family_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["family_id"], ["families.id"], ondelete="CASCADE",
                                   name=f"fk_{table}_family_id_families")

def downgrade() -> None:
    op.drop_table("pending_work")
    op.drop_table("family_locks")
    op.drop_table("remote_objects")
    with op.batch_alter_table("remote_files") as batch:
        batch.drop_column("sequence")
        batch.drop_column("fileid")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_account", type_="unique")
        batch.drop_column("account")
    with op.batch_alter_table("families") as batch:
        batch.drop_constraint("uq_families_space", type_="unique")
        batch.drop_column("legacy_root")
        batch.drop_column("space")
