"""Reading and writing family records. One instance works inside one transaction.

Every method either does all of its writes or raises; the caller's transaction decides
whether anything is kept (see ``Store.transaction``).
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Select,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from zolicht import messages as M
from zolicht.domain import names
from zolicht.domain.audit import utc
from zolicht.domain.errors import Conflict, NotFound
from zolicht.domain.method import MethodRecord, from_data, to_data
from zolicht.domain.model import (
    Access,
    Circle,
    Consent,
    Document,
    DocumentKind,
    Family,
    FamilyStatus,
    Grant,
    Person,
    Sensitivity,
)
from zolicht.domain.text import shown
from zolicht.store.tables import (
    blobs,
    consents,
    documents,
    families,
    grants,
    people,
    refusals,
    remote_files,
    remote_shares,
)


@dataclass(frozen=True)
class FamilySummary:
    slug: str
    name: str
    status: FamilyStatus
    people: int
    documents: int


class FamilyCache:
    """Families as loaded, by slug, each with the row id and revision it was loaded at.

    Every change to a family's record goes through ``Families`` and raises the family's
    revision in the same transaction, so a cached family is current exactly while the
    database shows the same (id, revision): one query instead of six. Only transactions
    that merely read add to the cache, so it only ever holds committed states.

    It keeps the ``size`` families used last: a worker going through 10,000 families
    would otherwise keep them all (about a gigabyte). A family is kept from its second
    load on: a sweep loads each family once, and keeping those would only push out the
    families people work with (and give the garbage collector a heap to walk, again and
    again, as the kept families are replaced).
    """

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._families: OrderedDict[str, tuple[int, int, Family]] = OrderedDict()
        self._loaded_once: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, slug: str, family_id: int, revision: int) -> Family | None:
        with self._lock:
            found = self._families.get(slug)
            if found is None or found[:2] != (family_id, revision):
                return None
            self._families.move_to_end(slug)
            return found[2]

    def put(self, family_id: int, revision: int, family: Family) -> None:
        with self._lock:
            if family.slug not in self._families and family.slug not in self._loaded_once:
                self._loaded_once[family.slug] = None
                while len(self._loaded_once) > self.size:
                    self._loaded_once.popitem(last=False)
                return
            self._loaded_once.pop(family.slug, None)
            self._families[family.slug] = (family_id, revision, family)
            self._families.move_to_end(family.slug)
            while len(self._families) > self.size:
                self._families.popitem(last=False)


class Families:
    def __init__(self, conn: Connection, cache: FamilyCache | None = None,
                 fill_cache: bool = False) -> None:
        self.conn = conn
        self.cache = cache
        self.fill_cache = fill_cache and cache is not None

    # -- reading ---------------------------------------------------------------------------
    def summaries(self) -> list[FamilySummary]:
        counts: dict[Table, dict[int, int]] = {
            table: dict(
                self.conn.execute(
                    select(table.c.family_id, func.count()).group_by(table.c.family_id)
                ).all()
            )
            for table in (people, documents)
        }
        rows = self.conn.execute(
            select(families.c.id, families.c.slug, families.c.name, families.c.status)
            .order_by(families.c.slug)
        )
        return [
            FamilySummary(
                r.slug, r.name, FamilyStatus(r.status),
                counts[people].get(r.id, 0), counts[documents].get(r.id, 0),
            )
            for r in rows
        ]

    def accounts_of(self, uid: str) -> list[tuple[str, str]]:
        """(family slug, person key) of everyone who signs in to Nextcloud as ``uid``: the
        linked account, else the one zolicht made for them (``Person.uid``)."""
        rows = self.conn.execute(
            select(families.c.slug, people.c.key).join_from(people, families)
            .where(or_(people.c.nextcloud_user == uid,
                       and_(people.c.nextcloud_user.is_(None), people.c.account == uid)))
            .order_by(families.c.slug))
        return [(r.slug, r.key) for r in rows]

    def by_space(self, space: str) -> str | None:
        """The slug of the family whose folder is named after ``space``, if one is."""
        return self.conn.execute(select(families.c.slug).where(families.c.space == space)
                                 ).scalar_one_or_none()

    def known_shares(self) -> set[str]:
        """The ids of every share zolicht made, in any family."""
        return {r.share_id for r in self.conn.execute(select(remote_shares.c.share_id))}

    def by_fileid(self, fileid: int) -> str | None:
        """The slug of the family zolicht put Nextcloud's file ``fileid`` in, if it did."""
        if fileid <= 0:
            return None
        return self.conn.execute(
            select(families.c.slug).join_from(remote_files, families)
            .where(remote_files.c.fileid == fileid).limit(1)).scalar_one_or_none()

    def made_account(self, uid: str) -> bool:
        """Whether ``uid`` is an account zolicht made (or will make) for someone: such an
        account is never linked to another person."""
        found = self.conn.execute(select(people.c.id).where(people.c.account == uid))
        return found.first() is not None

    def exists(self, slug: str) -> bool:
        found = self.conn.execute(select(families.c.id).where(families.c.slug == slug))
        return found.first() is not None

    def load(self, slug: str) -> Family:
        row = self._family_row(slug)
        cached = self.cache.get(slug, row.id, row.revision) if self.cache else None
        if cached is not None:
            return cached
        family = self._load(row)
        if self.cache is not None and self.fill_cache:
            self.cache.put(row.id, row.revision, family)
        return family

    def _load(self, family: Row[Any, Any, Any, Any, Any, Any, Any]) -> Family:
        people_rows = self.conn.execute(
            select(people).where(people.c.family_id == family.id).order_by(people.c.id)
        ).all()
        keys = {r.id: r.key for r in people_rows}
        document_rows = self.conn.execute(
            select(documents, blobs.c.size)
            .join(blobs, blobs.c.sha256 == documents.c.sha256)
            .where(documents.c.family_id == family.id)
            .order_by(documents.c.id)
        ).all()
        document_keys = {r.id: r.key for r in document_rows}
        return Family(
            slug=family.slug,
            name=family.name,
            status=FamilyStatus(family.status),
            space=family.space,
            people=tuple(_person(r) for r in people_rows),
            documents=tuple(_document(r, keys) for r in document_rows),
            grants=self._grants(family.id, keys, document_keys),
            method=from_data(json.loads(family.method)) if family.method else MethodRecord(),
        )

    def blob(self, sha256: str) -> bytes:
        content = self.conn.execute(
            select(blobs.c.content).where(blobs.c.sha256 == sha256)
        ).scalar_one()
        return bytes(content)

    # -- writing ---------------------------------------------------------------------------
    def create(self, slug: str, name: str, status: FamilyStatus, created_at: datetime) -> None:
        """A new family, with a new random ``space`` of its own."""
        if self.exists(slug):
            raise Conflict("slug", M.FAMILY_EXISTS.format(value=slug))
        self.conn.execute(insert(families).values(
            slug=slug, name=name, status=status, created_at=created_at, space=new_token()))

    def set_status(self, slug: str, status: FamilyStatus) -> None:
        self.conn.execute(
            update(families).where(families.c.slug == slug)
            .values(status=status.value, revision=families.c.revision + 1)
        )

    def save_method(self, slug: str, record: MethodRecord) -> None:
        """Replace the family's method record (maps, evaluations, tasks, never-list)."""
        family_id = self._changing(slug)
        body = json.dumps(to_data(record), ensure_ascii=False, sort_keys=True)
        self.conn.execute(update(families).where(families.c.id == family_id)
                          .values(method=body))

    def add_people(self, slug: str, new: Iterable[Person]) -> None:
        family_id = self._changing(slug)
        rows = [{"family_id": family_id, "account": p.account or new_account(),
                 **_person_values(p)} for p in new]
        if rows:
            self.conn.execute(insert(people), rows)

    def update_person(self, slug: str, person: Person) -> None:
        family_id = self._changing(slug)
        self.conn.execute(
            update(people)
            .where(and_(people.c.family_id == family_id, people.c.key == person.key))
            .values(**_person_values(person))
        )

    def remove_person(self, slug: str, key: str) -> None:
        person_id = self._person_ids(self._changing(slug))[key]
        self.conn.execute(delete(consents).where(consents.c.person_id == person_id))
        self.conn.execute(delete(refusals).where(refusals.c.person_id == person_id))
        member_grants = select(grants.c.id).where(grants.c.member_id == person_id)
        self._delete_grants(member_grants)
        self.conn.execute(delete(people).where(people.c.id == person_id))

    def add_documents(self, slug: str, new: Iterable[tuple[Document, bytes]]) -> None:
        family_id = self._changing(slug)
        ids = self._person_ids(family_id)
        rows = []
        for document, content in new:
            self._store_blob(document.sha256, content)
            rows.append(
                {
                    "family_id": family_id,
                    "key": document.key,
                    "title": document.title,
                    "kind": document.kind.value,
                    "subject_id": ids[document.subject],
                    "sensitivity": document.sensitivity.value,
                    "file_name": document.file_name,
                    "sha256": document.sha256,
                }
            )
        if rows:
            self.conn.execute(insert(documents), rows)

    def set_content(self, slug: str, key: str, content: bytes, sha256: str) -> None:
        """The document's file is now ``content`` (changed in Nextcloud, by someone with an
        edit grant); earlier contents stay in ``blobs``."""
        family_id = self._changing(slug)
        self._store_blob(sha256, content)
        self.conn.execute(update(documents).where(and_(
            documents.c.family_id == family_id, documents.c.key == key)).values(sha256=sha256))

    def remove_document(self, slug: str, key: str) -> None:
        family_id = self._changing(slug)
        document_id = self.conn.execute(
            select(documents.c.id).where(
                and_(documents.c.family_id == family_id, documents.c.key == key)
            )
        ).scalar_one()
        self._delete_grants(select(grants.c.id).where(grants.c.document_id == document_id))
        self.conn.execute(delete(documents).where(documents.c.id == document_id))

    def save_grants(self, slug: str, changed: Iterable[Grant], created_at: datetime) -> None:
        """Insert or replace each grant with its consents and refusals, in a few statements."""
        family_id = self._changing(slug)
        person_ids = self._person_ids(family_id)
        document_ids = self._document_ids(family_id)
        by_pair = {(document_ids[g.document], person_ids[g.member]): g for g in changed}
        grant_ids = self._upsert_grants(family_id, by_pair, created_at)
        ids = list(grant_ids.values())
        self.conn.execute(delete(consents).where(consents.c.grant_id.in_(ids)))
        self.conn.execute(delete(refusals).where(refusals.c.grant_id.in_(ids)))
        consent_rows = [
            {"grant_id": grant_ids[pair], "person_id": person_ids[c.person],
             "given_at": c.given_at}
            for pair, g in by_pair.items() for c in g.consents
        ]
        refusal_rows = [
            {"grant_id": grant_ids[pair], "person_id": person_ids[p]}
            for pair, g in by_pair.items() for p in sorted(g.refused_by)
        ]
        if consent_rows:
            self.conn.execute(insert(consents), consent_rows)
        if refusal_rows:
            self.conn.execute(insert(refusals), refusal_rows)

    def remove_grants_of(self, slug: str, member: str) -> None:
        """Remove every grant that lets ``member`` see something, with its consents."""
        family_id = self._changing(slug)
        person_id = self._person_ids(family_id)[member]
        self._delete_grants(select(grants.c.id).where(grants.c.member_id == person_id))

    def _upsert_grants(
        self, family_id: int, by_pair: dict[tuple[int, int], Grant], now: datetime
    ) -> dict[tuple[int, int], int]:
        """The id of each grant row, updating the rows that exist and inserting the rest."""
        existing = {
            (r.document_id, r.member_id): r.id
            for r in self.conn.execute(
                select(grants.c.id, grants.c.document_id, grants.c.member_id)
                .where(grants.c.family_id == family_id)
            )
            if (r.document_id, r.member_id) in by_pair
        }
        for pair, grant_id in existing.items():
            g = by_pair[pair]
            self.conn.execute(update(grants).where(grants.c.id == grant_id)
                              .values(access=g.access.value, expires_on=g.expires_on))
        new = [pair for pair in by_pair if pair not in existing]
        if new:
            inserted = self.conn.execute(
                insert(grants).returning(grants.c.id, sort_by_parameter_order=True),
                [{"family_id": family_id, "document_id": d, "member_id": m,
                  "access": by_pair[d, m].access.value, "expires_on": by_pair[d, m].expires_on,
                  "created_at": by_pair[d, m].created_at or now} for d, m in new],
            )
            existing.update(zip(new, inserted.scalars(), strict=True))
        return existing

    # -- helpers ---------------------------------------------------------------------------
    def _family_row(self, slug: str) -> Row[Any, Any, Any, Any, Any, Any, Any]:
        row = self.conn.execute(
            select(families.c.id, families.c.slug, families.c.name, families.c.status,
                   families.c.revision, families.c.space, families.c.method)
            .where(families.c.slug == slug)
        ).first()
        if row is None:
            raise NotFound("family", M.UNKNOWN_FAMILY.format(value=shown(slug)))
        return row

    def _changing(self, slug: str) -> int:
        """The id of family ``slug``, whose record is about to change: its revision is
        raised now, in the changing transaction (see ``FamilyCache``)."""
        family_id: int = self._family_row(slug).id
        self.conn.execute(update(families).where(families.c.id == family_id)
                          .values(revision=families.c.revision + 1))
        return family_id

    def _person_ids(self, family_id: int) -> dict[str, int]:
        pairs = self.conn.execute(
            select(people.c.key, people.c.id).where(people.c.family_id == family_id)
        )
        return {key: id_ for key, id_ in pairs}

    def _document_ids(self, family_id: int) -> dict[str, int]:
        pairs = self.conn.execute(
            select(documents.c.key, documents.c.id).where(documents.c.family_id == family_id)
        )
        return {key: id_ for key, id_ in pairs}

    def _grants(
        self, family_id: int, person_keys: dict[int, str], document_keys: dict[int, str]
    ) -> tuple[Grant, ...]:
        grant_rows = self.conn.execute(
            select(grants).where(grants.c.family_id == family_id).order_by(grants.c.id)
        ).all()
        given: dict[int, list[Consent]] = defaultdict(list)
        for r in self.conn.execute(
            select(consents)
            .join(grants, grants.c.id == consents.c.grant_id)
            .where(grants.c.family_id == family_id)
            .order_by(consents.c.given_at, consents.c.person_id)
        ):
            given[r.grant_id].append(Consent(person_keys[r.person_id], utc(r.given_at)))
        refused: dict[int, set[str]] = defaultdict(set)
        for r in self.conn.execute(
            select(refusals)
            .join(grants, grants.c.id == refusals.c.grant_id)
            .where(grants.c.family_id == family_id)
        ):
            refused[r.grant_id].add(person_keys[r.person_id])
        return tuple(
            Grant(
                document=document_keys[r.document_id],
                member=person_keys[r.member_id],
                access=Access(r.access),
                consents=tuple(given[r.id]),
                refused_by=frozenset(refused[r.id]),
                created_at=utc(r.created_at),
                expires_on=r.expires_on,
            )
            for r in grant_rows
        )

    def _delete_grants(self, grant_ids: Select[Any]) -> None:
        self.conn.execute(delete(consents).where(consents.c.grant_id.in_(grant_ids)))
        self.conn.execute(delete(refusals).where(refusals.c.grant_id.in_(grant_ids)))
        self.conn.execute(delete(grants).where(grants.c.id.in_(grant_ids)))

    def _store_blob(self, sha256: str, content: bytes) -> None:
        known = self.conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha256))
        if known.first() is None:
            self.conn.execute(
                insert(blobs).values(sha256=sha256, size=len(content), content=content)
            )


TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def new_token() -> str:
    """Ten random lowercase letters and digits (50 bits): a family's ``space``."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(10))


def new_account() -> str:
    """A new random account id (see ``names.account_id``)."""
    return names.account_id(new_token())


def _person_values(p: Person) -> dict[str, object]:
    """The columns a person's record may change (the account id never changes)."""
    return {
        "key": p.key, "name": p.name, "role": p.role, "circle": p.circle.value,
        "birth_date": p.birth_date, "has_authority": p.has_authority,
        "not_capable": p.not_capable, "email": p.email, "phone": p.phone,
        "nextcloud_user": p.nextcloud_user, "notify": p.notify,
    }


def _person(r: Row[Any]) -> Person:
    return Person(
        key=r.key, name=r.name, role=r.role, circle=Circle(r.circle),
        birth_date=r.birth_date, has_authority=r.has_authority, not_capable=r.not_capable,
        email=r.email, phone=r.phone, nextcloud_user=r.nextcloud_user, account=r.account,
        notify=r.notify,
    )


def _document(r: Row[Any], person_keys: dict[int, str]) -> Document:
    return Document(
        key=r.key, title=r.title, kind=DocumentKind(r.kind),
        subject=person_keys[r.subject_id], sensitivity=Sensitivity(r.sensitivity),
        file_name=r.file_name, sha256=r.sha256, size=r.size,
    )
