"""The database schema. Alembic migrations in ``migrations/`` create exactly this.

Rows refer to each other by integer ids; the domain refers by keys. Deleting a family,
person or document removes what hangs off it (grants, consents), except that a person who
is the subject of a document cannot be deleted while the document exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    true,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

families = Table(
    "families",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    # raised by every change to the family's record (repository.Families), see FamilyCache
    Column("space", String(16), nullable=False, unique=True),
    # random and unique: every name of the family's objects in Nextcloud is made from it
    Column("legacy_root", String(200), nullable=True),
    # the folder name before migration 0006 (the family's display name), until the first
    # apply has moved or removed what was named after the family
    Column("method", Text, nullable=True),
    # the method's record as JSON (domain.method.to_data): maps, evaluations, tasks, the
    # "never involve" list. Always read and written whole with the family, so one column
    # instead of eight tables of rows that nothing queries on their own.
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("key", String(64), nullable=False),
    Column("name", String(120), nullable=False),
    Column("role", String(60), nullable=False),
    Column("circle", String(16), nullable=False),
    Column("birth_date", Date, nullable=True),
    Column("has_authority", Boolean, nullable=False),
    Column("not_capable", Boolean, nullable=False),
    Column("email", String(254), nullable=True),
    Column("phone", String(32), nullable=True),
    Column("nextcloud_user", String(64), nullable=True),
    Column("account", String(64), nullable=False, unique=True),
    Column("notify", Boolean, nullable=False, server_default=true()),
    # the account zolicht makes for this person when they need one (unless linked to
    # nextcloud_user): random, never given to anyone else
    UniqueConstraint("family_id", "key", name="uq_people_family_key"),
    Index("ix_people_nextcloud_user", "nextcloud_user"),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("key", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject_id", ForeignKey("people.id", ondelete="RESTRICT"), nullable=False),
    Column("sensitivity", String(16), nullable=False),
    Column("file_name", String(120), nullable=False),
    Column("sha256", ForeignKey("blobs.sha256"), nullable=False),
    UniqueConstraint("family_id", "key", name="uq_documents_family_key"),
    UniqueConstraint("family_id", "file_name", name="uq_documents_family_file_name"),
)

grants = Table(
    "grants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("access", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_on", Date, nullable=True),
    UniqueConstraint("document_id", "member_id", name="uq_grants_document_member"),
)

consents = Table(
    "consents",
    metadata,
    Column("grant_id", ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("given_at", DateTime(timezone=True), nullable=False),
)

refusals = Table(
    "refusals",
    metadata,
    Column("grant_id", ForeignKey("grants.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)


def _audit_event_columns() -> list[Column[Any]]:
    """An audit event and its place in a hash chain (new columns for each table)."""
    return [
        Column("at", DateTime(timezone=True), nullable=False),
        Column("actor", String(120), nullable=False),
        Column("on_behalf_of", String(64), nullable=True),
        Column("action", String(40), nullable=False),
        Column("family", String(64), nullable=True),
        Column("subject", String(64), nullable=True),
        Column("document", String(64), nullable=True),
        Column("member", String(64), nullable=True),
        Column("reason", Text, nullable=True),
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
    ]

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False),
    # the number in its family's chain (``family`` NULL: the chain of events of no family)
    *_audit_event_columns(),
    Index("ix_audit_events_family_seq", "family", "seq"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("chain", String(64), primary_key=True),
    # the family's slug; "": the events of no family
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("number", Integer, nullable=False, unique=True),
    # the chains in the order they began (``audit_chains``)
    Column("anchor", String(64), nullable=False),
)

audit_chains = Table(
    "audit_chains",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("number", Integer, nullable=False),
    # how many chains began; ``anchor``: the last one's
    Column("anchor", String(64), nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

audit_legacy_events = Table(
    "audit_legacy_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    *_audit_event_columns(),
)
"""The one chain of every family's events written before migration 0012; no longer
appended to."""

audit_legacy_head = Table(
    "audit_legacy_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

remote_files = Table(
    "remote_files",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("path", String(400), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("etag", String(100), nullable=False),
    Column("fileid", Integer, nullable=False, server_default="0"),
    Column("sequence", Integer, nullable=False, server_default="0"),
    # for a calendar event: its SEQUENCE, raised at every change so Nextcloud mails it
)

remote_folders = Table(
    "remote_folders",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("path", String(400), primary_key=True),
    Column("etag", String(100), nullable=False),
)

remote_shares = Table(
    "remote_shares",
    metadata,
    Column("share_id", String(32), primary_key=True),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False,
           index=True),
)

remote_objects = Table(
    "remote_objects",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), primary_key=True),
    # 'group' or 'account': seen in Nextcloud by the family's last full run, or made since
    Column("name", String(64), primary_key=True),
)

family_locks = Table(
    "family_locks",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(80), nullable=False, unique=True),
    # "apply:<family id>" (one apply job per family at most) or "notify:<random>"
    Column("kind", String(16), nullable=False),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=True,
           index=True),
    Column("payload", Text, nullable=False, server_default=""),
    Column("not_before", DateTime(timezone=True), nullable=False),
    # on the record's clock
    Column("reason", String(200), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("asked", Integer, nullable=False, server_default="0"),
    # apply jobs: how often the apply was asked for again (an apply clears only its own)
    Column("owner", String(64), nullable=True),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    # on the wall clock: a worker that dies holding a job loses it when this passes
    Index("ix_jobs_not_before_id", "not_before", "id"),
    # a worker takes the job due longest: found at the index's start, not by a scan
)

shared_reads = Table(
    "shared_reads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    # on the wall clock: when the reads began
    Column("journal", Integer, nullable=False),
    # the operation journal's newest entry before the reads (see ``Run.snapshot``)
    Column("body", LargeBinary, nullable=False),
)
"""One worker's reads of all accounts, groups, shares and forms, for the other workers of
a sweep (``reconcile.worker``): only the newest row is kept."""

operations = Table(
    "operations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", String(32), nullable=False, index=True),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("target", Text, nullable=False),
    Column("state", String(12), nullable=False),
    Column("error", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_operations_family_id_id", "family_id", "id"),
)
"""A family's journal is read newest first at every apply (its latest run, anything after
a run's snapshot): the index keeps that one family's rows, not the whole journal."""

contact_plans = Table(
    "contact_plans",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("closing", Date, nullable=True),
    Column("taper", String(80), nullable=False),
    Column("strips", Integer, nullable=False),
    Column("strips_used", Integer, nullable=False),
)

contact_moments = Table(
    "contact_moments",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(120), nullable=False),
    Column("start", DateTime(timezone=False), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("every_weeks", Integer, nullable=True),
    Column("until", Date, nullable=True),
    Column("participants", Text, nullable=False),
    Column("location", String(200), nullable=False),
    Column("cancelled", Boolean, nullable=False),
)

series_exceptions = Table(
    "series_exceptions",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("series_key", String(64), primary_key=True),
    Column("occurs_on", Date, primary_key=True),
    # the day the occurrence falls on by the series' rule
    Column("moved_to", DateTime(timezone=False), nullable=True),
    # its new local start; NULL: the occurrence is cancelled
)

remote_forms = Table(
    "remote_forms",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("form_key", String(64), primary_key=True),
    Column("form_id", Integer, nullable=False),
    Column("last_updated", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
)

form_submissions = Table(
    "form_submissions",
    metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("form_key", String(64), primary_key=True),
    Column("submission_id", Integer, primary_key=True),
    Column("user_id", String(64), nullable=False),
    Column("submitted_at", DateTime(timezone=False), nullable=False),
    Column("answers", Text, nullable=False),
    Column("processed", Boolean, nullable=False),
)

proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("form_key", String(64), nullable=False),
    Column("submission_id", Integer, nullable=False),
    Column("submitted_by", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("state", String(10), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("decided_at", DateTime(timezone=False), nullable=True),
    Column("decided_by", String(64), nullable=True),
    Column("outcome", Text, nullable=True),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=False), nullable=False),
    Column("author", String(64), nullable=False),
    Column("source", String(200), nullable=False),
    Column("text", Text, nullable=False),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    # SHA-256 of the session id in the cookie; the id itself is never stored
    Column("uid", String(64), nullable=False),
    Column("login", String(254), nullable=False),
    Column("app_password", Text, nullable=False),
    Column("created", Float, nullable=False),
    # times in seconds since the epoch (the web state's clock)
    Column("seen", Float, nullable=False),
    Column("checked", Float, nullable=False),
    Column("due", Float, nullable=False),
    Column("checking_until", Float, nullable=True),
    # a process checks the session at Nextcloud until then (a lease: it may die)
)

web_entries = Table(
    "web_entries",
    metadata,
    Column("kind", String(16), primary_key=True),
    # "notice", "undo" or "sign_in"
    Column("key", String(64), primary_key=True),
    # SHA-256 of what finds the entry (a token, a session and page), never the token itself
    Column("value", Text, nullable=False),
    Column("at", Float, nullable=False, index=True),
)

web_attempts = Table(
    "web_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("key", String(64), nullable=False, index=True),
    # SHA-256 of the client address
    Column("at", Float, nullable=False),
)

web_secrets = Table(
    "web_secrets",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", String(128), nullable=False),
    # the key that signs CSRF tokens, shared by every web process on this database
)


def family_id_of(conn: Connection, slug: str) -> int:
    """The id of family ``slug`` (NoResultFound when there is none)."""
    found: int = conn.execute(select(families.c.id).where(families.c.slug == slug)).scalar_one()
    return found
