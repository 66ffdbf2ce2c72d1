"""Each user's view of the files: their own storage plus the shares that reach them.

A share received (user share, or group share through membership) appears in the
recipient's tree at its ``file_target``, as one mount per shared node whose permissions
are the union of every share reaching that user (Nextcloud merges them the same way).
Anything else of another user does not exist for the viewer.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
import shutil
import sqlite3
import stat
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from zolicht.devcloud.db import chunks, in_chunks

READ, UPDATE, CREATE, DELETE, SHARE = 1, 2, 4, 8, 16
ALL = 31
USER, GROUP, LINK, EMAIL = 0, 1, 3, 4


@dataclass(frozen=True)
class Mount:
    target: str
    """Where the recipient sees it, without leading slash (``report.odt``)."""
    owner: str
    path: str
    permissions: int
    share_ids: tuple[int, ...]


@dataclass(frozen=True)
class Node:
    owner: str
    path: str
    """Path inside the owner's storage, '' for the root."""
    view_path: str
    """Path inside the viewer's tree, '' for the root."""
    permissions: int
    mount: Mount | None
    file: Path

    @cached_property
    def stat(self) -> os.stat_result | None:
        """The file's stat, taken once: a node lives for one request."""
        try:
            return self.file.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None

    @property
    def is_dir(self) -> bool:
        return self.stat is not None and stat.S_ISDIR(self.stat.st_mode)

    @property
    def exists(self) -> bool:
        return self.stat is not None

    @property
    def name(self) -> str:
        return self.view_path.rsplit("/", 1)[-1]

    @property
    def is_mount_root(self) -> bool:
        return self.mount is not None and self.view_path == self.mount.target


def clean(path: str) -> str | None:
    """A relative path without empty, '.' or '..' parts; None when it tries to climb out."""
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == ".." or "\x00" in part:
            return None
        parts.append(part)
    return "/".join(parts)


def join(base: str, name: str) -> str:
    if not name:
        return base
    return f"{base}/{name}" if base else name


def parent_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def mimetype(path: str, is_dir: bool) -> str:
    if is_dir:
        return "httpd/unix-directory"
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def bytes_under(folder: str) -> int:
    """The bytes of every file below ``folder`` (a walk with ``os.scandir``: no path
    objects, so a listing of many shared folders stays quick)."""
    total = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                total += bytes_under(entry.path)
            elif entry.is_file():
                total += entry.stat().st_size
    return total


class Tree:
    def __init__(self, conn: sqlite3.Connection, data_dir: Path) -> None:
        self.conn = conn
        self.root = data_dir / "files"
        self._homes: dict[str, Path] = {}

    # -- storage -------------------------------------------------------------------------------
    def home(self, uid: str) -> Path:
        home = self._homes.get(uid)
        if home is None:
            home = self.root / uid
            home.mkdir(parents=True, exist_ok=True)
            self._homes[uid] = home
        return home

    def used(self, uid: str) -> int:
        """Bytes in the user's files (0 before their storage exists)."""
        home = self.root / uid
        return sum(f.stat().st_size for f in home.rglob("*") if f.is_file()) \
            if home.is_dir() else 0

    def forget(self, uid: str) -> None:
        shutil.rmtree(self.root / uid, ignore_errors=True)
        self._homes.pop(uid, None)

    def disk(self, owner: str, path: str) -> Path:
        return self.home(owner) / path if path else self.home(owner)

    def entry(self, owner: str, path: str) -> tuple[int, str]:
        """(file id, etag) of a node, giving it both the first time it is seen."""
        row = self.conn.execute("SELECT fileid, etag FROM filecache WHERE owner = ? AND path = ?",
                                (owner, path)).fetchone()
        if row is not None:
            return int(row["fileid"]), str(row["etag"])
        etag = secrets.token_hex(7)
        cursor = self.conn.execute("INSERT INTO filecache (owner, path, etag) VALUES (?, ?, ?)",
                                   (owner, path, etag))
        return int(cursor.lastrowid or 0), etag

    def fileid(self, owner: str, path: str) -> int:
        return self.entry(owner, path)[0]

    def etag(self, owner: str, path: str) -> str:
        return self.entry(owner, path)[1]

    def by_fileid(self, fileid: int) -> tuple[str, str] | None:
        row = self.conn.execute("SELECT owner, path FROM filecache WHERE fileid = ?",
                                (fileid,)).fetchone()
        if row is None or not self.disk(row["owner"], row["path"]).exists():
            return None
        return row["owner"], row["path"]

    def places(self, fileids: Collection[int]) -> dict[int, tuple[str, str]]:
        """(owner, path) of each of ``fileids`` in the file cache (a query per 500), whether
        or not it is still on the disk."""
        return {row["fileid"]: (row["owner"], row["path"]) for row in in_chunks(
            self.conn, "SELECT fileid, owner, path FROM filecache WHERE fileid IN", fileids)}

    def changed(self, owner: str, path: str) -> None:
        """New etags for the node and every folder above it."""
        while True:
            self.fileid(owner, path)
            self.conn.execute("UPDATE filecache SET etag = ? WHERE owner = ? AND path = ?",
                              (secrets.token_hex(7), owner, path))
            if not path:
                return
            path = parent_of(path)

    def moved(self, owner: str, old: str, new_owner: str, new: str) -> None:
        """Keep file ids (and so shares) when a node and its contents move."""
        self.conn.execute(
            "DELETE FROM filecache WHERE owner = ? AND (path = ? OR path LIKE ?)",
            (new_owner, new, new + "/%"))
        rows = self.conn.execute(
            "SELECT fileid, path FROM filecache WHERE owner = ? AND (path = ? OR path LIKE ?)",
            (owner, old, old + "/%")).fetchall()
        for row in rows:
            self.conn.execute("UPDATE filecache SET owner = ?, path = ? WHERE fileid = ?",
                              (new_owner, new + row["path"][len(old):], row["fileid"]))

    def removed(self, owner: str, path: str) -> None:
        """Forget a deleted node: its cache rows and every share of it or below it."""
        rows = self.conn.execute(
            "SELECT fileid FROM filecache WHERE owner = ? AND (path = ? OR path LIKE ?)",
            (owner, path, path + "/%")).fetchall()
        for chunk, marks in chunks([r["fileid"] for r in rows]):
            self.conn.execute(f"DELETE FROM shares WHERE fileid IN ({marks})", chunk)
            self.conn.execute(f"DELETE FROM filecache WHERE fileid IN ({marks})", chunk)

    # -- the viewer's tree ---------------------------------------------------------------------
    def mounts(self, uid: str, groups: list[str]) -> list[Mount]:
        marks = ",".join("?" * len(groups))
        group_clause = f" OR (share_type = {GROUP} AND share_with IN ({marks}))" if groups else ""
        rows = self.conn.execute(
            f"SELECT s.id, s.fileid, s.file_target, s.permissions, s.expiration, f.owner, f.path "
            f"FROM shares s JOIN filecache f ON f.fileid = s.fileid "
            f"WHERE s.uid_owner != ? AND ((s.share_type = {USER} AND s.share_with = ?)"
            f"{group_clause.replace('share_', 's.share_')}) ORDER BY s.share_type, s.id",
            (uid, uid, *groups),
        ).fetchall()
        merged: dict[int, Mount] = {}
        today = date.today().isoformat()
        for row in rows:
            if row["expiration"] and row["expiration"][:10] <= today:
                continue
            known = merged.get(row["fileid"])
            if known is None:
                merged[row["fileid"]] = Mount(row["file_target"].strip("/"), row["owner"],
                                              row["path"], row["permissions"], (row["id"],))
            else:
                merged[row["fileid"]] = Mount(known.target, known.owner, known.path,
                                              known.permissions | row["permissions"],
                                              known.share_ids + (row["id"],))
        return list(merged.values())

    def locate(self, uid: str, view_path: str, mounts: list[Mount]) -> Node:
        """The node at ``view_path`` for ``uid`` (it may not exist yet)."""
        inside = [m for m in mounts
                  if view_path == m.target or view_path.startswith(m.target + "/")]
        best = max(inside, key=lambda m: len(m.target), default=None)
        if best is None:
            return Node(uid, view_path, view_path, ALL, None, self.disk(uid, view_path))
        rest = view_path[len(best.target):].lstrip("/")
        path = join(best.path, rest)
        return Node(best.owner, path, view_path, best.permissions, best,
                    self.disk(best.owner, path))

    def children(self, node: Node, mounts: list[Mount]) -> list[Node]:
        if not node.is_dir:
            return []
        names = sorted(os.listdir(node.file))
        found = [self.locate_child(node, name) for name in names]
        if node.mount is None:  # shares received come after the folder's own files
            found += [self.locate(node.owner, m.target, mounts)
                      for m in sorted(mounts, key=lambda m: m.target)
                      if parent_of(m.target) == node.view_path and m.target not in
                      {join(node.view_path, n) for n in names}]
        return found

    def locate_child(self, node: Node, name: str) -> Node:
        path = join(node.path, name)
        return Node(node.owner, path, join(node.view_path, name), node.permissions, node.mount,
                    self.disk(node.owner, path))

    def size(self, node: Node) -> int:
        if not node.is_dir:
            return node.stat.st_size if node.stat else 0
        return bytes_under(str(node.file))

    def copy(self, source: Node, target: Node) -> None:
        if source.is_dir:
            shutil.copytree(source.file, target.file)
        else:
            shutil.copyfile(source.file, target.file)
