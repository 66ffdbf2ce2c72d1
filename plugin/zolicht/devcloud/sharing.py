"""The files_sharing OCS API v1 (reference §3): create, list, get, update, delete shares."""

from __future__ import annotations

import re
import secrets
import sqlite3
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from zolicht.devcloud.accounts import Accounts, hash_secret
from zolicht.devcloud.ocs import OCSError
from zolicht.devcloud.settings import Settings
from zolicht.devcloud.tree import (
    ALL,
    CREATE,
    DELETE,
    EMAIL,
    GROUP,
    LINK,
    READ,
    SHARE,
    UPDATE,
    USER,
    Mount,
    Node,
    Tree,
    clean,
    mimetype,
    parent_of,
)

EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TOKEN_ALPHABET = string.ascii_letters + string.digits
WRONG_ID = "Wrong share ID, share does not exist"
WRONG_PATH = "Wrong path, file/folder does not exist"
PREVIEWED = {"text/plain", "text/markdown", "image/png", "image/jpeg", "image/gif", "image/bmp",
             "image/x-xbitmap", "application/x-krita", "image/webp"}
"""Types Nextcloud's default preview providers handle (besides OpenDocument)."""
OPEN_DOCUMENT = "application/vnd.oasis.opendocument."


@dataclass
class Sharing:
    conn: sqlite3.Connection
    accounts: Accounts
    tree: Tree
    base_url: str
    settings: Settings
    mail: Callable[[str, str, str, str], None]

    # -- who sees what -------------------------------------------------------------------------
    def mounts(self, uid: str) -> list[Mount]:
        return self.tree.mounts(uid, self.accounts.groups_of(uid))

    def node(self, uid: str, path: str | None) -> Node:
        cleaned = clean(path or "")
        node = None if cleaned is None else self.tree.locate(uid, cleaned, self.mounts(uid))
        if node is None or not node.exists:
            raise OCSError(404, WRONG_PATH)
        return node

    def share(self, share_id: str) -> sqlite3.Row | None:
        if not share_id.isdigit():
            return None
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM shares WHERE id = ?", (int(share_id),)).fetchone()
        return row

    def reaches(self, row: sqlite3.Row, uid: str) -> bool:
        if row["share_type"] == USER:
            return bool(row["share_with"] == uid)
        if row["share_type"] == GROUP:
            return row["share_with"] in self.accounts.groups_of(uid)
        return False

    def visible(self, row: sqlite3.Row, uid: str) -> bool:
        return uid in (row["uid_owner"], row["uid_initiator"]) or self.reaches(row, uid)

    def share_types(self, uid: str, fileid: int) -> list[int]:
        """The types of the shares ``uid`` made or owns on file ``fileid`` (one indexed
        query: a listing costs what it lists, not every share of the viewer)."""
        rows = self.conn.execute(
            "SELECT DISTINCT share_type FROM shares WHERE fileid = ? AND (uid_initiator = ? "
            "OR uid_owner = ?) ORDER BY share_type", (fileid, uid, uid))
        return [row["share_type"] for row in rows]

    # -- create --------------------------------------------------------------------------------
    def create(self, uid: str, params: dict[str, Any]) -> dict[str, Any]:
        node, share_type, share_with = self.target(uid, params)
        permissions = self.requested_permissions(node, share_type, params)
        self.check_permissions(node, permissions, share_type)
        fileid = self.tree.fileid(node.owner, node.path)
        if share_type in (USER, GROUP):
            existing = self.conn.execute(
                "SELECT * FROM shares WHERE fileid = ? AND share_type = ? AND share_with = ?",
                (fileid, share_type, share_with)).fetchone()
            if existing is not None:  # Nextcloud answers with the share that already exists
                return self.render(existing, uid)
        row = self.insert(uid, node, share_type, share_with, permissions, params)
        mail = self.mail_send(share_type, params)
        if mail and share_type == USER:
            self.notify(uid, node, str(share_with))
        return {**self.render(row, uid), "mail_send": int(mail)}

    def target(self, uid: str, params: dict[str, Any]) -> tuple[Node, int, str | None]:
        """The node, share type and recipient asked for, checked as Nextcloud checks them."""
        if not params.get("path"):
            raise OCSError(404, "Please specify a file or folder path")
        node = self.node(uid, params["path"])
        share_type = _int(params.get("shareType"), -1)
        if share_type not in (USER, GROUP, LINK, EMAIL):
            raise OCSError(400, "Unknown share type")
        if node.view_path == "":
            raise OCSError(403, "You cannot share your root folder")
        share_with = params.get("shareWith")
        if share_type == USER:
            if not share_with or self.accounts.user(share_with) is None:
                raise OCSError(404, "Please specify a valid account to share with")
            if share_with == uid:
                raise OCSError(403, "Cannot share with yourself")
            if share_with == node.owner:
                raise OCSError(403, "Cannot share with the share owner")
        elif share_type == GROUP:
            if not share_with or self.accounts.group(share_with) is None:
                raise OCSError(404, "Please specify a valid group")
        elif share_type == EMAIL and not EMAIL_ADDRESS.fullmatch(share_with or ""):
            raise OCSError(404, "Please specify a valid email address")
        return node, share_type, share_with

    def insert(self, uid: str, node: Node, share_type: int, share_with: str | None,
               permissions: int, params: dict[str, Any]) -> sqlite3.Row:
        expiration = self.expiration(params.get("expireDate"))
        label = params.get("label") or ""
        if len(label) > 255:
            raise OCSError(400, "Maximum label length is 255")
        token = password_hash = None
        if share_type in (LINK, EMAIL):
            token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(15))
            if params.get("password"):
                password_hash = hash_secret(params["password"])
        target = self.file_target(node, str(share_with)) if share_type == USER \
            else "/" + node.name
        cursor = self.conn.execute(
            "INSERT INTO shares (share_type, uid_owner, uid_initiator, share_with, fileid, "
            "item_type, file_target, permissions, stime, expiration, token, password_hash, "
            "label, note, hide_download, mail_send) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            (share_type, node.owner, uid, share_with if share_type != LINK else None,
             self.tree.fileid(node.owner, node.path), "folder" if node.is_dir else "file",
             target, permissions, int(time.time()), expiration, token, password_hash, label,
             params.get("note") or "", int(_flag(params.get("hideDownload")))),
        )
        return self.share(str(cursor.lastrowid))  # type: ignore[return-value]

    def mail_send(self, share_type: int, params: dict[str, Any]) -> bool:
        """``sendMail`` as given, else ``sharing.enable_share_mail`` (e-mail shares: whether
        there is an address). Nextcloud reports it in the answer but does not keep it."""
        given = params.get("sendMail")
        if given is not None:
            return str(given) == "true"
        if share_type == EMAIL or not self.settings.share_mail:
            return share_type == EMAIL and bool(params.get("shareWith"))
        return True

    def notify(self, uid: str, node: Node, recipient: str) -> None:
        """A user share mails its recipient, when they have an address, naming the file."""
        user = self.accounts.user(recipient)
        if user is not None and user.email:
            sender = self.accounts.user(uid)
            who = sender.display_name if sender else uid
            self.mail(user.email, "share", node.name, f"{who} shared {node.name} with you")

    def requested_permissions(self, node: Node, share_type: int, params: dict[str, Any]) -> int:
        raw = params.get("permissions")
        public_upload = _flag(params.get("publicUpload"))
        if share_type in (LINK, EMAIL):
            if public_upload and not node.is_dir:
                raise OCSError(400, "Public upload is only possible for publicly shared folders")
            permissions = _int(raw, READ)
            if public_upload:
                permissions = READ | UPDATE | CREATE | DELETE
            if not permissions & (READ | CREATE):
                raise OCSError(400, "Share must at least have READ or CREATE permissions")
            if permissions & (UPDATE | DELETE) and not permissions & READ:
                raise OCSError(400, "Share must have READ permission if UPDATE or DELETE "
                                    "permission is set")
            if permissions & READ:
                permissions |= SHARE  # outgoing federated sharing is allowed by default
            return permissions
        permissions = _int(raw, ALL) | READ  # other than links, shares always allow reading
        if not node.is_dir:
            permissions &= ~(CREATE | DELETE)
        return permissions

    def check_permissions(self, node: Node, permissions: int, share_type: int) -> None:
        if permissions < 0 or permissions > ALL:
            raise OCSError(403, "Valid permissions are required for sharing")
        if share_type in (USER, GROUP) and not permissions & READ:
            raise OCSError(403, "Shares need at least read permissions")
        if node.mount is not None:  # a reshare: never more than the sharer has
            if not node.permissions & SHARE:
                raise OCSError(404, f"You are not allowed to share {node.name}")
            if permissions & ~node.permissions & ~SHARE & ALL and share_type in (USER, GROUP):
                raise OCSError(404, f"Cannot increase permissions of {node.name}")

    def expiration(self, raw: str | None) -> str | None:
        if raw in (None, ""):
            return None
        try:
            day = datetime.strptime(str(raw)[:10], "%Y-%m-%d").date()
        except ValueError:
            raise OCSError(404, "Invalid date. Format must be YYYY-MM-DD") from None
        if day <= date.today():
            raise OCSError(404, "Expiration date is in the past")
        return f"{day.isoformat()} 00:00:00"

    def file_target(self, node: Node, recipient: str) -> str:
        """'/name', or '/name (2)' … when the recipient already has something else so called.

        Another share of the same node is no clash: shares of one node form one mount.
        """
        stem, dot, ext = node.name.rpartition(".")
        if not stem or node.is_dir:
            stem, dot, ext = node.name, "", ""
        taken = {m.target for m in self.mounts(recipient)
                 if (m.owner, m.path) != (node.owner, node.path)}
        home = self.tree.home(recipient)
        candidate, n = node.name, 1
        while candidate in taken or (home / candidate).exists():
            n += 1
            candidate = f"{stem} ({n}){dot}{ext}"
        return "/" + candidate

    # -- read ----------------------------------------------------------------------------------
    def listing(self, uid: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        reshares = _flag(params.get("reshares"))
        path = params.get("path")
        if _flag(params.get("shared_with_me")):
            rows = [r for r in self.all_rows() if r["uid_owner"] != uid and self.reaches(r, uid)]
            if path:
                fileid = self.fileid_of(self.node(uid, path))
                rows = [r for r in rows if r["fileid"] == fileid]
            look = Lookups(self, rows)
            return [self.render(r, uid, look) for r in rows]
        if path:
            node = self.node(uid, path)
            if _flag(params.get("subfiles")):
                if not node.is_dir:
                    raise OCSError(400, "Not a directory")
                children = self.tree.children(node, self.mounts(uid))
                fileids = [self.fileid_of(c) for c in children if c.mount == node.mount]
            else:
                fileids = [self.fileid_of(node)]
            every = self.all_rows()  # a folder's shares come child by child, by name
            rows = [r for fileid in fileids for r in every if r["fileid"] == fileid]
        else:
            rows = self.all_rows()
        mine = [r for r in rows
                if r["uid_initiator"] == uid or (reshares and r["uid_owner"] == uid)]
        look = Lookups(self, mine)
        return [self.render(r, uid, look) for r in mine]

    def fileid_of(self, node: Node) -> int:
        return self.tree.fileid(node.owner, node.path)

    def all_rows(self) -> list[sqlite3.Row]:
        """Every share, as Nextcloud lists them: by type (user, group, link, e-mail), then
        in order of creation."""
        return self.conn.execute("SELECT * FROM shares ORDER BY share_type, id").fetchall()

    def get(self, uid: str, share_id: str) -> list[dict[str, Any]]:
        row = self.share(share_id)
        if row is None or not self.visible(row, uid):
            raise OCSError(404, WRONG_ID)
        return [self.render(row, uid)]

    # -- update / delete -----------------------------------------------------------------------
    def update(self, uid: str, share_id: str, params: dict[str, Any]) -> dict[str, Any]:
        row = self.share(share_id)
        if row is None or not self.visible(row, uid):
            raise OCSError(404, WRONG_ID)
        if uid not in (row["uid_owner"], row["uid_initiator"]):
            raise OCSError(403, "You are not allowed to edit incoming shares")
        keys = {"permissions", "password", "expireDate", "note", "label", "hideDownload",
                "publicUpload", "attributes", "sendPasswordByTalk"}
        if not keys & params.keys():
            raise OCSError(400, "Wrong or no update parameter given")
        changes: dict[str, Any] = {}
        if "permissions" in params or "publicUpload" in params:
            changes["permissions"] = self.updated_permissions(uid, row, params)
        if "expireDate" in params:
            changes["expiration"] = self.expiration(params["expireDate"])
        if "label" in params:
            if len(params["label"]) > 255:
                raise OCSError(400, "Maximum label length is 255")
            changes["label"] = params["label"]
        if "note" in params:
            changes["note"] = params["note"]
        if "hideDownload" in params:
            changes["hide_download"] = int(_flag(params["hideDownload"]))
        if "password" in params and row["share_type"] in (LINK, EMAIL):
            changes["password_hash"] = hash_secret(params["password"]) if params["password"] \
                else None
        for column, value in changes.items():
            self.conn.execute(f"UPDATE shares SET {column} = ? WHERE id = ?", (value, row["id"]))
        return self.render(self.share(share_id), uid)  # type: ignore[arg-type]

    def updated_permissions(self, uid: str, row: sqlite3.Row, params: dict[str, Any]) -> int:
        located = self.tree.by_fileid(row["fileid"])
        if located is None:
            raise OCSError(404, WRONG_ID)
        view = self.view_of(uid, row)
        if row["share_type"] in (LINK, EMAIL):
            return self.requested_permissions(view, row["share_type"], params)
        permissions = _int(params.get("permissions"), -1)
        if row["item_type"] == "file" and permissions & (CREATE | DELETE):
            raise OCSError(400, "Failed to update share.")
        self.check_permissions(view, permissions, row["share_type"])
        return permissions

    def view_of(self, uid: str, row: sqlite3.Row, look: Lookups | None = None) -> Node:
        """The shared node as ``uid`` sees it (their own file, or inside a mount)."""
        owner, path = self.tree.by_fileid(row["fileid"]) or ("", "")
        if owner == uid:
            return self.tree.locate(uid, path, [])
        for mount in (look or Lookups(self, [])).mounts(uid):
            if mount.owner == owner and (path == mount.path or path.startswith(mount.path + "/")):
                rest = path[len(mount.path):].lstrip("/")
                return self.tree.locate(uid, f"{mount.target}/{rest}".rstrip("/"), [mount])
        raise OCSError(404, WRONG_ID)

    def delete(self, uid: str, share_id: str) -> None:
        row = self.share(share_id)
        if row is None or not self.visible(row, uid):
            raise OCSError(404, WRONG_ID)
        if uid not in (row["uid_owner"], row["uid_initiator"]) and row["share_type"] != USER:
            raise OCSError(403, "Could not delete share")
        self.conn.execute("DELETE FROM shares WHERE id = ?", (row["id"],))

    def leave(self, uid: str, mount: Mount) -> bool:
        """A recipient deleting a mount root leaves the user shares behind it."""
        rows = [self.share(str(i)) for i in mount.share_ids]
        personal = [r for r in rows if r is not None and r["share_type"] == USER
                    and r["share_with"] == uid]
        for row in personal:
            self.conn.execute("DELETE FROM shares WHERE id = ?", (row["id"],))
        return bool(personal)

    # -- the share object ----------------------------------------------------------------------
    def render(self, row: sqlite3.Row, viewer: str, look: Lookups | None = None
               ) -> dict[str, Any]:
        """The share object as ``viewer`` gets it (its owner, initiator or recipient).
        ``look``: the lookups of the listing it is part of."""
        look = look or Lookups(self, [row])
        owner, path = look.places.get(row["fileid"]) or (row["uid_owner"], "")
        node = self.tree.locate(owner, path, [])
        if not node.exists:  # gone from the disk: the file cache has not caught up yet
            owner, path = row["uid_owner"], ""
            node = self.tree.locate(owner, path, [])
        initiator = look.user(row["uid_initiator"])
        file_owner = look.user(owner)
        kind = mimetype(path, node.is_dir)
        result: dict[str, Any] = {
            "id": str(row["id"]), "share_type": row["share_type"],
            "uid_owner": row["uid_initiator"],
            "displayname_owner": initiator.display_name if initiator else row["uid_initiator"],
            "permissions": row["permissions"], "can_edit": True, "can_delete": True,
            "stime": row["stime"], "parent": None, "expiration": row["expiration"],
            "token": row["token"], "uid_file_owner": owner, "note": row["note"],
            "label": row["label"],
            "displayname_file_owner": file_owner.display_name if file_owner else owner,
            "path": self.path_for(viewer, row, owner, path, look),
            "item_type": "folder" if node.is_dir else "file",
            "item_permissions": ALL if node.is_dir else ALL & ~CREATE,
            "is-mount-root": False, "mount-type": "", "mimetype": kind,
            "has_preview": kind in PREVIEWED or kind.startswith(OPEN_DOCUMENT),
            "storage_id": f"home::{owner}", "storage": look.number(owner),
            "item_source": row["fileid"], "file_source": row["fileid"],
            "file_parent": look.fileid(owner, parent_of(path)),
            "file_target": row["file_target"], "item_size": self.tree.size(node),
            "item_mtime": int((node.stat or node.file.stat()).st_mtime),
            "share_with": row["share_with"],
            "share_with_displayname": self.display_of(row, look), "mail_send": 0,
            "hide_download": row["hide_download"], "attributes": None,
        }
        if viewer not in (row["uid_owner"], row["uid_initiator"]) and self.reaches(row, viewer):
            result.update(as_recipient(row))
        result.update(self.by_type(row, look))
        return result

    def by_type(self, row: sqlite3.Row, look: Lookups) -> dict[str, Any]:
        """Fields only some types of share have."""
        if row["share_type"] == USER:
            recipient = look.user(row["share_with"])
            return {"share_with_displayname_unique": (recipient.email or recipient.uid)
                    if recipient else row["share_with"]}
        if row["share_type"] not in (LINK, EMAIL):
            return {}
        extra = {"url": f"{self.base_url}/index.php/s/{row['token']}",
                 "password": row["password_hash"], "send_password_by_talk": False}
        if row["share_type"] == LINK:
            extra["share_with"] = row["password_hash"]
        return extra

    def path_for(self, viewer: str, row: sqlite3.Row, owner: str, path: str,
                 look: Lookups) -> str:
        if viewer == owner:
            return "/" + path
        if viewer != row["uid_initiator"] and self.reaches(row, viewer):
            return str(row["file_target"])
        try:
            return "/" + self.view_of(viewer, row, look).view_path
        except OCSError:
            return str(row["file_target"])

    def display_of(self, row: sqlite3.Row, look: Lookups) -> str:
        if row["share_type"] == USER:
            user = look.user(row["share_with"])
            return user.display_name if user else row["share_with"]
        if row["share_type"] == GROUP:
            group = look.groups.get(row["share_with"])
            return str(group["display_name"]) if group else row["share_with"]
        if row["share_type"] == LINK:
            return "(Shared link)"
        return str(row["share_with"])

    # -- public links --------------------------------------------------------------------------
    def by_token(self, token: str) -> sqlite3.Row | None:
        row = self.conn.execute("SELECT * FROM shares WHERE token = ? AND share_type IN (3, 4)",
                                (token,)).fetchone()
        if row is None:
            return None
        if row["expiration"] and row["expiration"][:10] <= date.today().isoformat():
            return None
        return row if self.tree.by_fileid(row["fileid"]) else None


class Lookups:
    """What rendering ``rows`` looks up, asked at once or once each: the places of their
    files and their groups in a few queries, and the accounts and parent folders they
    repeat (the same owner, initiator, recipient) once. Lives for one request."""

    def __init__(self, sharing: Sharing, rows: list[sqlite3.Row]) -> None:
        self.places = sharing.tree.places({r["fileid"] for r in rows})
        self.groups = sharing.accounts.groups_named(
            {r["share_with"] for r in rows if r["share_type"] == GROUP})
        self.user = cache(sharing.accounts.user)
        self.number = cache(sharing.accounts.number)
        self.fileid = cache(sharing.tree.fileid)
        self.mounts = cache(sharing.mounts)


def as_recipient(row: sqlite3.Row) -> dict[str, Any]:
    """How a share looks to the one it reaches: a mount in their root, which they may
    always leave (DELETE) and, if it was shared with them alone, delete."""
    return {"can_edit": False, "can_delete": row["share_type"] == USER,
            "item_permissions": row["permissions"] | DELETE, "is-mount-root": True,
            "mount-type": "shared", "storage_id": f"shared::{row['file_target']}",
            "path": row["file_target"]}


def _int(raw: Any, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        return -1


def _flag(raw: Any) -> bool:
    return str(raw).lower() in ("true", "1", "yes")
