"""One unit of work: every repository, all on the connection of one database transaction.

Code that holds a ``Transaction`` asks it for the repository it needs (``tx.pending``,
``tx.remote(slug)``…) and never builds one on a connection of its own, so whatever it
writes is kept or rolled back together with everything else of the transaction.
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Connection

from zolicht.store.audit import AuditLog
from zolicht.store.contacts import Contacts
from zolicht.store.forms import FormRecords, every_form_id
from zolicht.store.remote import Remote, latest_operation
from zolicht.store.repository import Families, FamilyCache
from zolicht.store.shared import SharedReads
from zolicht.store.tables import family_id_of
from zolicht.store.work import FamilyLocks, Jobs, PendingWork


class Transaction:
    def __init__(self, conn: Connection, cache: FamilyCache | None = None,
                 fill_cache: bool = False, locked: dict[str, int] | None = None) -> None:
        self._conn = conn
        self._ids: dict[str, int] = {}
        self._locked = locked or {}
        """The ids of the families this process holds the lock of, by slug."""
        self.families = Families(conn, cache, fill_cache=fill_cache)
        """Family records: people, documents, grants, content."""
        self.audit = AuditLog(conn)
        """The hash-chained audit trail."""

    @cached_property
    def pending(self) -> PendingWork:
        """Families with work Nextcloud could not do yet."""
        return PendingWork(self._conn, self._family_id)

    @cached_property
    def jobs(self) -> Jobs:
        """The durable work queue."""
        return Jobs(self._conn)

    @cached_property
    def shared_reads(self) -> SharedReads:
        """A worker's reads of all accounts and shares, for the other workers."""
        return SharedReads(self._conn)

    @cached_property
    def locks(self) -> FamilyLocks:
        """The per-family leases that keep two applies apart."""
        return FamilyLocks(self._conn)

    def contacts(self, slug: str) -> Contacts:
        """Family ``slug``'s contact plan."""
        return Contacts(self._conn, slug, self._family_id(slug))

    def remote(self, slug: str) -> Remote:
        """What zolicht put in Nextcloud for family ``slug``, and its operation journal."""
        return Remote(self._conn, slug, self._family_id(slug))

    def forms(self, slug: str) -> FormRecords:
        """Family ``slug``'s deployed forms, submissions, proposals and notes."""
        return FormRecords(self._conn, slug, self._family_id(slug))

    def every_form_id(self) -> set[int]:
        """The ids of the forms any family records."""
        return every_form_id(self._conn)

    def _family_id(self, slug: str) -> int:
        """Family ``slug``'s id, looked up once per transaction (a family's id never changes
        while a transaction sees it), and not at all while this process holds its lock."""
        if slug not in self._ids:
            self._ids[slug] = self._locked.get(slug) or family_id_of(self._conn, slug)
        return self._ids[slug]

    def latest_operation(self) -> int:
        """The newest entry of the operation journal (0 when empty), over all families."""
        return latest_operation(self._conn)
