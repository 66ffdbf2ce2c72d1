"""What zolicht knows it put in Nextcloud for each family, and the operation journal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Select, Table, and_, delete, func, insert, select, update

from zolicht.store.tables import (
    families,
    operations,
    remote_files,
    remote_folders,
    remote_shares,
)


class Remote:
    def __init__(self, conn: Connection, slug: str) -> None:
        self.conn = conn
        self.family_id = conn.execute(
            select(families.c.id).where(families.c.slug == slug)).scalar_one()

    def uploaded(self) -> dict[str, tuple[str, str]]:
        rows = self.conn.execute(select(remote_files.c.path, remote_files.c.sha256,
                                        remote_files.c.etag)
                                 .where(remote_files.c.family_id == self.family_id))
        return {r.path: (r.sha256, r.etag) for r in rows}

    def record_upload(self, path: str, sha256: str, etag: str) -> None:
        self._replace(remote_files, path, sha256=sha256, etag=etag)

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
        found = self.conn.execute(select(operations.c.id).where(and_(
            operations.c.run_id == run_id, operations.c.family_id == self.family_id,
            operations.c.seq == seq))).scalar()
        values = {"state": state, "error": error, "at": at}
        if found is None:
            self.conn.execute(insert(operations).values(
                run_id=run_id, family_id=self.family_id, seq=seq, kind=kind, target=target,
                **values))
        else:
            self.conn.execute(update(operations).where(operations.c.id == found).values(**values))

    def last_change(self) -> datetime | None:
        """When an operation for this family last succeeded."""
        return self.conn.execute(
            select(func.max(operations.c.at)).where(and_(
                operations.c.family_id == self.family_id, operations.c.state == "done"))
        ).scalar()

    def last_run_ok(self) -> bool:
        """Whether every operation of this family's latest run was done (or none ran)."""
        unfinished = self.conn.execute(
            select(operations.c.id).where(and_(
                operations.c.family_id == self.family_id,
                operations.c.run_id == self._latest_run().scalar_subquery(),
                operations.c.state != "done")).limit(1)).first()
        return unfinished is None

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

    def _replace(self, table: Table, path: str, **values: str) -> None:
        """Insert or overwrite the row of ``path`` in a per-family path table."""
        self.conn.execute(delete(table).where(and_(
            table.c.family_id == self.family_id, table.c.path == path)))
        self.conn.execute(insert(table).values(family_id=self.family_id, path=path, **values))
