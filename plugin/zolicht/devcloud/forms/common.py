"""What the Forms routes share: the schema, who may do what, lookups and rendering.

Access follows Forms: the owner may do everything; a share gives its permissions
(``submit``, ``results``, ``results_delete``, ``edit``) to a user or a group's members;
anyone else gets 403 'User has no permissions to get this form', and an unknown form 404
'Could not find form'.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from zolicht.devcloud.call import Call
from zolicht.devcloud.db import add_columns
from zolicht.devcloud.ocs import Bare, OCSError

BASE = r"/apps/forms/api/v3/forms"
SCHEMA = """
CREATE TABLE IF NOT EXISTS forms (
    id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL UNIQUE, owner TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0,
    last_updated INTEGER NOT NULL DEFAULT 0,
    settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS form_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, type TEXT NOT NULL, is_required INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS form_options (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id INTEGER NOT NULL REFERENCES form_questions(id) ON DELETE CASCADE,
    text TEXT NOT NULL, ord INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS form_shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    share_type INTEGER NOT NULL, share_with TEXT NOT NULL, permissions TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS form_submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL, timestamp INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS form_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id INTEGER NOT NULL REFERENCES form_submissions(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL, text TEXT NOT NULL
);
"""
PREDEFINED = {"multiple", "multiple_unique", "dropdown", "grid", "ranking"}
"""Question types whose answers are option ids, stored as the option's text."""
SINGLE = {"multiple_unique", "dropdown"}
TYPES = {"short", "long", "multiple", "multiple_unique", "dropdown", "date", "time",
         "linearscale", "color", "file", "grid", "ranking"}
PERMISSIONS = ("submit", "results", "results_delete", "edit")
ALL = ["edit", "embed", "results", "results_delete", "submit"]
FORBIDDEN_KEYS = ("id", "hash", "ownerId", "created", "lastUpdated", "lockedBy", "lockedUntil",
                  "accessEnum")
LOCK_SECONDS = 15 * 60
FORM_KEYS = {"title", "description", "access", "expires", "isAnonymous", "submitMultiple",
             "allowEditSubmissions", "showExpiration", "submissionMessage", "state"}
FLAGS = ("isAnonymous", "submitMultiple", "allowEditSubmissions", "showExpiration")
LIMITS = {"title": 256, "description": 8192, "text": 2048, "option": 1024}


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    add_columns(conn, [("forms", "locked_by", "TEXT"), ("forms", "locked_until", "INTEGER")])


# -- access ------------------------------------------------------------------------------------
def form_or_fail(call: Call, form_id: str) -> sqlite3.Row:
    """The form, if the caller may see it. Like Forms' own check, a missing form is a bare
    404 and a form the caller may not see a 403 without a message."""
    row = call.server.conn.execute("SELECT * FROM forms WHERE id = ?",
                                   (numeric(form_id),)).fetchone()
    if row is None:
        raise Bare(404)
    if not permissions(call, row):
        raise OCSError(403, "")
    return row  # type: ignore[no-any-return]


def permissions(call: Call, form: sqlite3.Row) -> list[str]:
    if form["owner"] == call.uid:
        return list(ALL)
    groups = call.server.accounts.groups_of(call.uid)
    granted: set[str] = set()
    for share in call.server.conn.execute("SELECT * FROM form_shares WHERE form_id = ?",
                                          (form["id"],)):
        reaches = (share["share_type"] == 0 and share["share_with"] == call.uid) or (
            share["share_type"] == 1 and share["share_with"] in groups)
        if reaches:
            granted |= set(json.loads(share["permissions"]))
    return sorted(granted)


def need(call: Call, form: sqlite3.Row, permission: str) -> None:
    if permission not in permissions(call, form):
        raise OCSError(403, "")


def editing(call: Call, form: sqlite3.Row) -> None:
    """Check the edit right and, as Forms does on every change, set ``lastUpdated`` and
    lock the form for the editor for a quarter of an hour."""
    need(call, form, "edit")
    now = int(time.time())
    if form["locked_by"] not in (None, call.uid) and (form["locked_until"] or 0) >= now:
        raise OCSError(403, "Form is currently locked by another user.")
    call.server.conn.execute("UPDATE forms SET last_updated = ?, locked_by = ?, "
                             "locked_until = ? WHERE id = ?",
                             (now, call.uid, now + LOCK_SECONDS, form["id"]))


def child_or_fail(call: Call, table: str, child_id: str, parent: tuple[str, int],
                  missing: str, elsewhere: str) -> sqlite3.Row:
    """A question, option, share or submission by id, checked to belong to its parent
    (``(column, id)``): 404 ``missing`` when there is none, 400 ``elsewhere`` when it
    belongs to another, as Forms answers."""
    row = call.server.conn.execute(f"SELECT * FROM {table} WHERE id = ?",
                                   (numeric(child_id),)).fetchone()
    if row is None:
        raise OCSError(404, missing)
    if row[parent[0]] != parent[1]:
        raise OCSError(400, elsewhere)
    return row  # type: ignore[no-any-return]


def numeric(value: str) -> int:
    return int(value) if value.isdigit() else -1


def edited_form(call: Call) -> sqlite3.Row:
    """The form of the path, which the caller is about to change (see ``editing``)."""
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    return form


def edited_question(call: Call) -> tuple[sqlite3.Row, sqlite3.Row]:
    form = edited_form(call)
    return form, question_or_fail(call, form, call.arg("question"))


def question_or_fail(call: Call, form: sqlite3.Row, question_id: str) -> sqlite3.Row:
    return child_or_fail(call, "form_questions", question_id, ("form_id", form["id"]),
                         "Could not find question", "Question doesn't belong to given Form")


# -- rendering ---------------------------------------------------------------------------------
def render_form(call: Call, form: sqlite3.Row, created: bool = False) -> dict[str, Any]:
    """The full form as Forms 5.3 answers it (a just-created form has no state yet)."""
    settings = json.loads(form["settings"])
    conn = call.server.conn
    allowed = permissions(call, form)
    rendered: dict[str, Any] = {
        "id": form["id"], "hash": form["hash"], "title": form["title"],
        "description": form["description"], "ownerId": form["owner"], "fileId": None,
        "fileFormat": None, "created": form["created"],
        "access": settings.get("access", {"permitAllUsers": False, "showToAllUsers": False}),
        "expires": settings.get("expires", 0),
        **{key: settings.get(key, False) for key in FLAGS},
        "lastUpdated": form["last_updated"],
        "submissionMessage": settings.get("submissionMessage"),
        "state": None if created else form["state"], "lockedBy": form["locked_by"],
        "lockedUntil": form["locked_until"], "maxSubmissions": None,
        "confirmationEmailEnabled": False, "confirmationEmailSubject": None,
        "confirmationEmailBody": None, "confirmationEmailQuestionId": None,
        "allowComments": False,
        "questions": [render_question(conn, q, php_array=True)
                      for q in questions_of(conn, form["id"])],
        "shares": [render_share(call, s) for s in conn.execute(
            "SELECT * FROM form_shares WHERE form_id = ? ORDER BY id", (form["id"],))],
        "permissions": allowed, "canSubmit": can_submit(call, form),
        "isMaxSubmissionsReached": False,
    }
    rendered.update(counted(call, form, allowed))
    return rendered


def counted(call: Call, form: sqlite3.Row, allowed: list[str]) -> dict[str, Any]:
    """``submissionCount``: all of them for who may see results, else one's own, if any."""
    conn = call.server.conn
    if "results" in allowed:
        return {"submissionCount": submission_count(conn, form["id"])}
    own = submission_count(conn, form["id"], call.uid)
    return {"submissionCount": own} if own else {}


def questions_of(conn: sqlite3.Connection, form_id: int) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM form_questions WHERE form_id = ? ORDER BY ord, id",
                        (form_id,)).fetchall()


def render_question(conn: sqlite3.Connection, q: sqlite3.Row,
                    php_array: bool = False) -> dict[str, Any]:
    """A question; in a full form, Forms renders empty ``extraSettings`` as ``[]``."""
    options = conn.execute("SELECT * FROM form_options WHERE question_id = ? ORDER BY ord, id",
                           (q["id"],)).fetchall()
    extra = json.loads(q["extra"])
    return {"id": q["id"], "formId": q["form_id"], "order": q["ord"], "type": q["type"],
            "isRequired": bool(q["is_required"]), "text": q["text"], "name": q["name"],
            "description": q["description"],
            "extraSettings": extra or ([] if php_array else {}),
            "options": [render_option(o, q["id"]) for o in options], "accept": []}


def render_option(option: sqlite3.Row, question_id: int) -> dict[str, Any]:
    return {"id": option["id"], "questionId": question_id, "order": option["ord"],
            "text": option["text"], "optionType": "choice"}


def render_share(call: Call, share: sqlite3.Row) -> dict[str, Any]:
    return {"id": share["id"], "formId": share["form_id"], "shareType": share["share_type"],
            "shareWith": share["share_with"], "permissions": json.loads(share["permissions"]),
            "displayName": share_name(call, share)}


def share_name(call: Call, share: sqlite3.Row) -> str:
    """The display name of the user or group shared with; a link share has none."""
    accounts = call.server.accounts
    if share["share_type"] == 0:
        user = accounts.user(share["share_with"])
        return user.display_name if user else str(share["share_with"])
    if share["share_type"] == 1:
        group = accounts.group(share["share_with"])
        return str(group["display_name"]) if group else str(share["share_with"])
    return ""


def key_value_pairs(call: Call) -> dict[str, Any]:
    pairs = call.params.get("keyValuePairs")
    if not isinstance(pairs, dict) or not pairs:
        raise OCSError(403, "Empty keyValuePairs, will not update.")
    return pairs


def can_submit(call: Call, form: sqlite3.Row) -> bool:
    """As Forms' ``FormsService::canSubmit``: always with a link share and for the owner;
    otherwise once per user unless ``submitMultiple`` is set (read in Forms' source)."""
    conn = call.server.conn
    if form["owner"] == call.uid or conn.execute(
            "SELECT 1 FROM form_shares WHERE form_id = ? AND share_type = 3",
            (form["id"],)).fetchone():
        return True
    return bool(json.loads(form["settings"]).get("submitMultiple")) \
        or not submission_count(conn, form["id"], call.uid)


def submission_count(conn: sqlite3.Connection, form_id: int, uid: str | None = None) -> int:
    """Submissions to a form, or only those of ``uid``."""
    query = "SELECT count(*) FROM form_submissions WHERE form_id = ?"
    return int(conn.execute(query + " AND user_id = ?", (form_id, uid)).fetchone()[0]) if uid \
        else int(conn.execute(query, (form_id,)).fetchone()[0])
