"""A form's shares with users, groups and links."""

from __future__ import annotations

import json
import secrets
import sqlite3
from typing import Any

from zolicht.devcloud.call import Call, Reply, route
from zolicht.devcloud.forms.common import (
    BASE,
    PERMISSIONS,
    child_or_fail,
    edited_form,
    render_share,
)
from zolicht.devcloud.ocs import OCSError


# -- shares ------------------------------------------------------------------------------------
@route("POST", BASE + r"/(?P<form>[^/]+)/shares")
def create_form_share(call: Call) -> Any:
    form = edited_form(call)
    share_type = call.int_param("shareType")
    if share_type not in (0, 1, 3):
        raise OCSError(400, "Invalid shareType")
    given = call.params.get("permissions", ["submit"])
    wanted = given if isinstance(given, list) else [given]
    check_permissions(wanted, share_type)
    share_with = call.param("shareWith") or ""
    if share_type == 0 and call.server.accounts.user(share_with) is None:
        raise OCSError(400, "Invalid user to share with.")
    if share_type == 1 and call.server.accounts.group(share_with) is None:
        raise OCSError(400, "Invalid group to share with.")
    if share_type == 3:
        share_with = secrets.token_hex(8)
    cursor = call.server.conn.execute(
        "INSERT INTO form_shares (form_id, share_type, share_with, permissions) "
        "VALUES (?, ?, ?, ?)", (form["id"], share_type, share_with, json.dumps(sorted(wanted))))
    row = call.server.conn.execute("SELECT * FROM form_shares WHERE id = ?",
                                   (cursor.lastrowid,)).fetchone()
    return Reply(render_share(call, row), 201)


def check_permissions(wanted: list[str], share_type: int | None) -> None:
    extra = {"edit", "results", "results_delete"}
    if not wanted or any(p not in PERMISSIONS for p in wanted) or "submit" not in wanted or (
            "results_delete" in wanted and "results" not in wanted) or (
            share_type == 3 and extra & set(wanted)):
        raise OCSError(400, "Invalid permission given")


def form_share_or_fail(call: Call) -> tuple[sqlite3.Row, sqlite3.Row]:
    form = edited_form(call)
    return form, child_or_fail(call, "form_shares", call.arg("share"), ("form_id", form["id"]),
                               "Could not find share", "Share doesn't belong to given Form")


@route("PATCH", BASE + r"/(?P<form>[^/]+)/shares/(?P<share>[^/]+)")
def update_form_share(call: Call) -> Any:
    _form, row = form_share_or_fail(call)
    pairs = call.params.get("keyValuePairs")
    if not isinstance(pairs, dict) or not pairs:
        raise OCSError(403, "Empty keyValuePairs, will not update")
    if set(pairs) != {"permissions"}:
        raise OCSError(403, "Not allowed to update other properties than permissions")
    wanted = pairs["permissions"] if isinstance(pairs["permissions"], list) else []
    check_permissions([str(p) for p in wanted], row["share_type"])
    call.server.conn.execute("UPDATE form_shares SET permissions = ? WHERE id = ?",
                             (json.dumps(sorted(str(p) for p in wanted)), row["id"]))
    return row["id"]


@route("DELETE", BASE + r"/(?P<form>[^/]+)/shares/(?P<share>[^/]+)")
def delete_form_share(call: Call) -> Any:
    _form, row = form_share_or_fail(call)
    call.server.conn.execute("DELETE FROM form_shares WHERE id = ?", (row["id"],))
    return row["id"]
