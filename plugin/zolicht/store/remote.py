"""What zolicht knows it put in Nextcloud for each family, and the operation journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, Table, and_, delete, func, insert, select, update

from zolicht.store.tables import (
    families,
    family_id_of,
    operations,
    remote_files,
    remote_folders,
    remote_objects,
    remote_shares,
)

GROUP, ACCOUNT = "group", "account"


def latest_operation(conn: Connection) -> int:
    """The newest entry of the operation journal (0 when empty), over all families."""
    return int(conn.execute(select(func.max(operations.c.id))).scalar() or 0)


@dataclass(frozen=True)
class Upload:
    """What zolicht put at a path: the content's hash, and Nextcloud's etag and file id for
    it. A different etag in Nextcloud means someone changed the file since."""

    sha256: str
    etag: str
    fileid: int = 0
    sequence: int = 0
    """For a calendar event: the SEQUENCE it was last written with."""


class Remote:
    def __init__(self, conn: Connection, slug: str, family_id: int | None = None) -> None:
        self.conn = conn
        self.family_id = family_id_of(conn, slug) if family_id is None else family_id

    def uploaded(self) -> dict[str, Upload]:
        rows = self.conn.execute(select(remote_files.c.path, remote_files.c.sha256,
                                        remote_files.c.etag, remote_files.c.fileid,
                                        remote_files.c.sequence)
                                 .where(remote_files.c.family_id == self.family_id))
        return {r.path: Upload(r.sha256, r.etag, r.fileid, r.sequence) for r in rows}

    def record_upload(self, path: str, upload: Upload) -> None:
        self._replace(remote_files, path, sha256=upload.sha256, etag=upload.etag,
                      fileid=upload.fileid, sequence=upload.sequence)

    def move_uploads(self, old_root: str, new_root: str) -> None:
        """After the family folder was moved: its files are remembered at the new paths."""
        prefix = old_root + "/"
        for path, upload in self.uploaded().items():
            if path.startswith(prefix):
                self.conn.execute(delete(remote_files).where(and_(
                    remote_files.c.family_id == self.family_id, remote_files.c.path == path)))
                self.record_upload(new_root + "/" + path[len(prefix):], upload)

    def objects(self, kind: str) -> set[str]:
        """The groups or accounts zolicht knows exist for this family."""
        return self.all_objects().get(kind, set())

    def all_objects(self) -> dict[str, set[str]]:
        """``objects`` of every kind, in one query."""
        found: dict[str, set[str]] = {}
        for row in self.conn.execute(select(remote_objects.c.kind, remote_objects.c.name)
                                     .where(remote_objects.c.family_id == self.family_id)):
            found.setdefault(row.kind, set()).add(row.name)
        return found

    def record_objects(self, kind: str, names: set[str]) -> None:
        """Replace what is known of one kind with ``names`` (nothing is written when that
        is what is known already, as after every run that changed nothing)."""
        if self.objects(kind) == names:
            return
        self.conn.execute(delete(remote_objects).where(and_(
            remote_objects.c.family_id == self.family_id, remote_objects.c.kind == kind)))
        if names:
            self.conn.execute(insert(remote_objects), [
                {"family_id": self.family_id, "kind": kind, "name": name}
                for name in sorted(names)])

    def record_object(self, kind: str, name: str, exists: bool = True) -> None:
        self.conn.execute(delete(remote_objects).where(and_(
            remote_objects.c.family_id == self.family_id, remote_objects.c.kind == kind,
            remote_objects.c.name == name)))
        if exists:
            self.conn.execute(insert(remote_objects).values(
                family_id=self.family_id, kind=kind, name=name))

    def legacy_root(self) -> str | None:
        """The folder name from before migration 0006, while not yet moved or removed."""
        return self.conn.execute(select(families.c.legacy_root).where(
            families.c.id == self.family_id)).scalar()

    def legacy_done(self) -> None:
        self.conn.execute(update(families).where(families.c.id == self.family_id)
                          .values(legacy_root=None))

    def legacy_shared(self, root: str) -> bool:
        """Whether another family's old folder was ``root`` too, or inside it (then the
        folder may hold that family's files)."""
        others = self.conn.execute(select(families.c.legacy_root).where(and_(
            families.c.legacy_root.is_not(None), families.c.id != self.family_id))).scalars()
        return any(other == root or other.startswith(root + "/") for other in others)

    def folders(self) -> dict[str, str]:
        rows = self.conn.execute(select(remote_folders.c.path, remote_folders.c.etag)
                                 .where(remote_folders.c.family_id == self.family_id))
        return {r.path: r.etag for r in rows}

    def record_folder(self, path: str, etag: str) -> None:
        self._replace(remote_folders, path, etag=etag)

    def forget_folder(self, path: str) -> None:
        self.conn.execute(delete(remote_folders).where(and_(
            remote_folders.c.family_id == self.family_id, remote_folders.c.path == path)))

    def shares(self) -> set[str]:
        rows = self.conn.execute(select(remote_shares.c.share_id)
                                 .where(remote_shares.c.family_id == self.family_id))
        return {r.share_id for r in rows}

    def record_share(self, share_id: str) -> None:
        self.conn.execute(delete(remote_shares).where(remote_shares.c.share_id == share_id))
        self.conn.execute(insert(remote_shares).values(share_id=share_id,
                                                       family_id=self.family_id))

    def forget_share(self, share_id: str) -> None:
        self.conn.execute(delete(remote_shares).where(remote_shares.c.share_id == share_id))

    def journal(self, run_id: str, seq: int, kind: str, target: str, state: str,
                at: datetime, error: str | None = None) -> None:
        """The new state of a run's operation (by position): its row updated, or made
        when there is none yet (a statement fewer than looking first, for the updates)."""
        values = {"state": state, "error": error, "at": at}
        if not self.conn.execute(update(operations).where(and_(
                operations.c.run_id == run_id, operations.c.family_id == self.family_id,
                operations.c.seq == seq)).values(**values)).rowcount:
            self.conn.execute(insert(operations).values(
                run_id=run_id, family_id=self.family_id, seq=seq, kind=kind, target=target,
                **values))

    def changed_since(self, operation: int) -> bool:
        """Whether any process worked on this family after journal entry ``operation``."""
        found = self.conn.execute(select(operations.c.id).where(and_(
            operations.c.family_id == self.family_id, operations.c.id > operation)).limit(1))
        return found.first() is not None

    def last_change(self) -> datetime | None:
        """When an operation for this family last succeeded."""
        return self.conn.execute(
            select(func.max(operations.c.at)).where(and_(
                operations.c.family_id == self.family_id, operations.c.state == "done"))
        ).scalar()

    def last_run_ok(self) -> bool:
        """Whether every operation of this family's latest run was done (or none ran)."""
        return not self.unfinished()

    def unfinished(self) -> list[tuple[str, int, str, str, str]]:
        """The operations of this family's latest run that were not done, in one query:
        (run id, position, kind, description, state)."""
        rows = self.conn.execute(
            select(operations.c.run_id, operations.c.seq, operations.c.kind,
                   operations.c.target, operations.c.state)
            .where(and_(operations.c.family_id == self.family_id,
                        operations.c.run_id == self._latest_run().scalar_subquery(),
                        operations.c.state != "done"))
            .order_by(operations.c.seq))
        return [(r.run_id, r.seq, r.kind, r.target, r.state) for r in rows]

    def _latest_run(self) -> Select[tuple[str]]:
        return (select(operations.c.run_id).where(operations.c.family_id == self.family_id)
                .order_by(operations.c.id.desc()).limit(1))

    def last_run(self) -> list[tuple[int, str, str, str, str | None]]:
        latest = self.conn.execute(self._latest_run()).scalar()
        if latest is None:
            return []
        rows = self.conn.execute(
            select(operations.c.seq, operations.c.kind, operations.c.target,
                   operations.c.state, operations.c.error)
            .where(and_(operations.c.run_id == latest,
                        operations.c.family_id == self.family_id))
            .order_by(operations.c.seq))
        return [(r.seq, r.kind, r.target, r.state, r.error) for r in rows]

    def settle(self, run_id: str, seq: int, state: str) -> None:
        """Mark an operation of an earlier run as found out afterwards (``state``)."""
        self.conn.execute(update(operations).where(and_(
            operations.c.run_id == run_id, operations.c.family_id == self.family_id,
            operations.c.seq == seq)).values(state=state))

    def _replace(self, table: Table, path: str, **values: str | int) -> None:
        """Insert or overwrite the row of ``path`` in a per-family path table."""
        self.conn.execute(delete(table).where(and_(
            table.c.family_id == self.family_id, table.c.path == path)))
        self.conn.execute(insert(table).values(family_id=self.family_id, path=path, **values))


def unsure(unfinished: list[tuple[str, int, str, str, str]]) -> list[tuple[str, int, str, str]]:
    """Of a latest run's ``unfinished`` operations (``Remote.unfinished``), those whose
    outcome is not known: begun ("started": its process died) or failed (the answer may
    have been lost); as (run id, position, kind, description)."""
    return [(run, seq, kind, target) for run, seq, kind, target, state in unfinished
            if state in ("started", "failed")]
