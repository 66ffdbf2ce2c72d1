"""The family record: families, people, documents, grants, consents, audit trail.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "families",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_families"),
        sa.UniqueConstraint("slug", name="uq_families_slug"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(60), nullable=False),
        sa.Column("circle", sa.String(16), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("has_authority", sa.Boolean(), nullable=False),
        sa.Column("not_capable", sa.Boolean(), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("nextcloud_user", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.ForeignKeyConstraint(
            ["family_id"], ["families.id"], ondelete="CASCADE",
            name="fk_people_family_id_families",
        ),
        sa.UniqueConstraint("family_id", "key", name="uq_people_family_key"),
    )
    op.create_index("ix_people_family_id", "people", ["family_id"])
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_blobs"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("sensitivity", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(120), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.ForeignKeyConstraint(
            ["family_id"], ["families.id"], ondelete="CASCADE",
            name="fk_documents_family_id_families",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["people.id"], ondelete="RESTRICT",
            name="fk_documents_subject_id_people",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name="fk_documents_sha256_blobs"
        ),
        sa.UniqueConstraint("family_id", "key", name="uq_documents_family_key"),
        sa.UniqueConstraint("family_id", "file_name", name="uq_documents_family_file_name"),
    )
    op.create_index("ix_documents_family_id", "documents", ["family_id"])
    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("access", sa.String(8), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_grants"),
        sa.ForeignKeyConstraint(
            ["family_id"], ["families.id"], ondelete="CASCADE",
            name="fk_grants_family_id_families",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], ondelete="CASCADE",
            name="fk_grants_document_id_documents",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["people.id"], ondelete="CASCADE",
            name="fk_grants_member_id_people",
        ),
        sa.UniqueConstraint("document_id", "member_id", name="uq_grants_document_member"),
    )
    op.create_index("ix_grants_family_id", "grants", ["family_id"])
    for name, extra in (
        ("consents", [sa.Column("given_at", TZ, nullable=False)]),
        ("refusals", []),
    ):
        op.create_table(
            name,
            sa.Column("grant_id", sa.Integer(), nullable=False),
            sa.Column("person_id", sa.Integer(), nullable=False),
            *extra,
            sa.PrimaryKeyConstraint("grant_id", "person_id", name=f"pk_{name}"),
            sa.ForeignKeyConstraint(
                ["grant_id"], ["grants.id"], ondelete="CASCADE",
                name=f"fk_{name}_grant_id_grants",
            ),
            sa.ForeignKeyConstraint(
                ["person_id"], ["people.id"], ondelete="CASCADE",
                name=f"fk_{name}_person_id_people",
            ),
        )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("on_behalf_of", sa.String(64), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("family", sa.String(64), nullable=True),
        sa.Column("subject", sa.String(64), nullable=True),
        sa.Column("document", sa.String(64), nullable=True),
        sa.Column("member", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
        sa.CheckConstraint("id = 1", name="ck_audit_head_single_row"),
    )


def downgrade() -> None:
    for table in (
        "audit_head", "audit_events", "refusals", "consents", "grants",
        "documents", "blobs", "people", "families",
    ):
        op.drop_table(table)
