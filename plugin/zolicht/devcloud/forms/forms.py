"""Forms: list, create, read, change (``state`` only on its own) and delete."""

from __future__ import annotations

import json
import secrets
import sqlite3
import string
import time
from typing import Any

from zolicht.devcloud.call import Call, Reply, route
from zolicht.devcloud.forms.common import (
    BASE,
    FORBIDDEN_KEYS,
    FORM_KEYS,
    LIMITS,
    counted,
    editing,
    form_or_fail,
    key_value_pairs,
    need,
    permissions,
    render_form,
)
from zolicht.devcloud.ocs import OCSError


# -- forms -------------------------------------------------------------------------------------
@route("GET", BASE)
def list_forms(call: Call) -> Any:
    kind = call.param("type") or "owned"
    if kind not in ("owned", "shared"):
        raise OCSError(400, "wrong form type supplied")
    rows = call.server.conn.execute("SELECT * FROM forms ORDER BY id DESC").fetchall()
    if kind == "owned":
        chosen = [f for f in rows if f["owner"] == call.uid]
    else:
        chosen = [f for f in rows if f["owner"] != call.uid and permissions(call, f)]
    return [partial_form(call, f) for f in chosen]


def partial_form(call: Call, form: sqlite3.Row) -> dict[str, Any]:
    """A form in a listing; who has submitted to it may see their results."""
    allowed = permissions(call, form)
    extra = counted(call, form, allowed)
    if extra and "results" not in allowed:
        allowed = [*allowed, "results"]
    return {"id": form["id"], "hash": form["hash"], "title": form["title"],
            "expires": json.loads(form["settings"]).get("expires", 0),
            "lastUpdated": form["last_updated"], "permissions": allowed, "partial": True,
            "state": form["state"], "lockedBy": form["locked_by"],
            "lockedUntil": form["locked_until"], **extra}


@route("POST", BASE)
def create_form(call: Call) -> Any:
    hash_ = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
    now = int(time.time())
    cursor = call.server.conn.execute("INSERT INTO forms (hash, owner, created, last_updated) "
                                      "VALUES (?, ?, ?, ?)", (hash_, call.uid, now, now))
    row = call.server.conn.execute("SELECT * FROM forms WHERE id = ?",
                                   (cursor.lastrowid,)).fetchone()
    return Reply(render_form(call, row, created=True), 201)


@route("GET", BASE + r"/(?P<form>[^/]+)")
def get_form(call: Call) -> Any:
    return render_form(call, form_or_fail(call, call.arg("form")))


@route("PATCH", BASE + r"/(?P<form>[^/]+)")
def update_form(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "edit")
    pairs = key_value_pairs(call)
    if "state" in pairs and len(pairs) > 1:  # Forms 5.2.3 and later
        raise OCSError(403, "State may only be changed on its own")
    forbidden = next((key for key in FORBIDDEN_KEYS if key in pairs), None)
    if forbidden is not None:
        raise OCSError(403, f"Not allowed to update {forbidden}")
    if set(pairs) - FORM_KEYS:
        raise OCSError(400, "Invalid key")
    if form["state"] == 2 and pairs.get("state") is None:
        raise OCSError(403, "This form is archived and can not be modified")
    editing(call, form)
    store_settings(call.server.conn, form, pairs)
    return form["id"]


def store_settings(conn: sqlite3.Connection, form: sqlite3.Row, pairs: dict[str, Any]) -> None:
    settings = json.loads(form["settings"])
    for key, value in pairs.items():
        if key in ("title", "description"):
            if len(str(value)) > LIMITS[key]:
                raise OCSError(400, f"{key.capitalize()} exceeds the maximum length")
            conn.execute(f"UPDATE forms SET {key} = ? WHERE id = ?", (str(value), form["id"]))
        elif key == "state":
            conn.execute("UPDATE forms SET state = ? WHERE id = ?", (int(value), form["id"]))
        else:
            settings[key] = value
    conn.execute("UPDATE forms SET settings = ? WHERE id = ?", (json.dumps(settings),
                                                                 form["id"]))


@route("DELETE", BASE + r"/(?P<form>[^/]+)")
def delete_form(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    if form["owner"] != call.uid:
        raise OCSError(403, "")
    call.server.conn.execute("DELETE FROM forms WHERE id = ?", (form["id"],))
    return form["id"]
