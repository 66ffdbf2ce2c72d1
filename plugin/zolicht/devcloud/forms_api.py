"""The Forms app, API v3 (reference §6): forms, questions, options, shares, submissions.

Access follows Forms: the owner may do everything; a share gives its permissions
(``submit``, ``results``, ``results_delete``, ``edit``) to a user or a group's members;
anyone else gets 403 'User has no permissions to get this form', and an unknown form 404
'Could not find form'.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import sqlite3
import string
import time
from typing import Any

from zolicht.devcloud.call import Call, Download, Reply, route
from zolicht.devcloud.db import add_columns
from zolicht.devcloud.ocs import NULL, Bare, OCSError

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
LIMITS = {"title": 256, "description": 8192, "text": 2048, "answer": 4096, "option": 1024}


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    add_columns(conn, [("forms", "locked_by", "TEXT"), ("forms", "locked_until", "INTEGER")])


# -- access ------------------------------------------------------------------------------------
def form_or_fail(call: Call, form_id: str) -> sqlite3.Row:
    """The form, if the caller may see it. Like Forms' own check, a missing form is a bare
    404 and a form the caller may not see a 403 without a message."""
    row = call.server.conn.execute("SELECT * FROM forms WHERE id = ?",
                                   (int(form_id) if form_id.isdigit() else -1,)).fetchone()
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
        "permissions": allowed, "canSubmit": True, "isMaxSubmissionsReached": False,
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


def submission_count(conn: sqlite3.Connection, form_id: int, uid: str | None = None) -> int:
    """Submissions to a form, or only those of ``uid``."""
    query = "SELECT count(*) FROM form_submissions WHERE form_id = ?"
    return int(conn.execute(query + " AND user_id = ?", (form_id, uid)).fetchone()[0]) if uid \
        else int(conn.execute(query, (form_id,)).fetchone()[0])


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


# -- questions and options ---------------------------------------------------------------------
def question_or_fail(call: Call, form: sqlite3.Row, question_id: str) -> sqlite3.Row:
    row = call.server.conn.execute("SELECT * FROM form_questions WHERE id = ?",
                                   (int(question_id) if question_id.isdigit() else -1,)
                                   ).fetchone()
    if row is None:
        raise OCSError(404, "Could not find question")
    if row["form_id"] != form["id"]:
        raise OCSError(400, "Question doesn't belong to given Form")
    return row  # type: ignore[no-any-return]


def numeric(value: str) -> int:
    return int(value) if value.isdigit() else -1


def new_order(call: Call, current: list[int]) -> list[int]:
    """The ``newOrder`` parameter, which must name every current id exactly once."""
    given = call.params.get("newOrder")
    wanted = [int(v) for v in given if str(v).isdigit()] if isinstance(given, list) else []
    if sorted(wanted) != sorted(current) or len(wanted) != len(given or []):
        raise OCSError(400, "The given array contains duplicates or does not match all ids")
    return wanted


@route("PATCH", BASE + r"/(?P<form>[^/]+)/questions")
def reorder_questions(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    conn = call.server.conn
    order = new_order(call, [q["id"] for q in questions_of(conn, form["id"])])
    for n, qid in enumerate(order, 1):
        conn.execute("UPDATE form_questions SET ord = ? WHERE id = ?", (n, qid))
    return {str(qid): {"order": n} for n, qid in enumerate(order, 1)}


@route("GET", BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)")
def get_question(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    return render_question(call.server.conn, question_or_fail(call, form, call.arg("question")))


@route("GET", BASE + r"/(?P<form>[^/]+)/questions")
def list_questions(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    conn = call.server.conn
    return [render_question(conn, q) for q in questions_of(conn, form["id"])]


@route("POST", BASE + r"/(?P<form>[^/]+)/questions")
def create_question(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    kind = call.param("type") or ""
    if kind == "datetime":
        raise OCSError(400, "Datetime question type no longer supported")
    if kind not in TYPES:
        raise OCSError(400, "Invalid type")
    text = call.param("text") or ""
    if len(text) > LIMITS["text"]:
        raise OCSError(400, "Question text exceeds the maximum length")
    conn = call.server.conn
    order = len(questions_of(conn, form["id"])) + 1
    cursor = conn.execute("INSERT INTO form_questions (form_id, ord, type, text) "
                          "VALUES (?, ?, ?, ?)", (form["id"], order, kind, text))
    row = conn.execute("SELECT * FROM form_questions WHERE id = ?",
                       (cursor.lastrowid,)).fetchone()
    return Reply(render_question(conn, row), 201)


@route("PATCH", BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)")
def update_question(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    question = question_or_fail(call, form, call.arg("question"))
    pairs = key_value_pairs(call)
    if {"id", "formId"} & set(pairs):
        raise OCSError(403, "Not allowed to update 'id' or 'formId'")
    if "order" in pairs:
        raise OCSError(403, "Please use reorderQuestions() to change order")
    columns = {"text": "text", "isRequired": "is_required", "name": "name",
               "description": "description", "extraSettings": "extra"}
    for key, value in pairs.items():
        if key not in columns:
            raise OCSError(400, "Invalid key")
        stored = json.dumps(value) if key == "extraSettings" else (
            int(bool(value)) if key == "isRequired" else str(value))
        call.server.conn.execute(f"UPDATE form_questions SET {columns[key]} = ? WHERE id = ?",
                                 (stored, question["id"]))
    return question["id"]


@route("DELETE", BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)")
def delete_question(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    question = question_or_fail(call, form, call.arg("question"))
    conn = call.server.conn
    conn.execute("DELETE FROM form_questions WHERE id = ?", (question["id"],))
    for n, q in enumerate(questions_of(conn, form["id"]), 1):
        conn.execute("UPDATE form_questions SET ord = ? WHERE id = ?", (n, q["id"]))
    return question["id"]


@route("POST", BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)/options")
def create_options(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    question = question_or_fail(call, form, call.arg("question"))
    texts = call.list_param("optionTexts")
    conn = call.server.conn
    start = conn.execute("SELECT count(*) FROM form_options WHERE question_id = ?",
                         (question["id"],)).fetchone()[0]
    created = []
    for n, text in enumerate(texts, start + 1):
        cursor = conn.execute("INSERT INTO form_options (question_id, text, ord) VALUES (?,?,?)",
                              (question["id"], text[:LIMITS["option"]], n))
        created.append({"id": cursor.lastrowid, "questionId": question["id"], "order": n,
                        "text": text, "optionType": "choice"})
    return Reply(created, 201)


def option_or_fail(call: Call, question: sqlite3.Row) -> sqlite3.Row:
    row = call.server.conn.execute("SELECT * FROM form_options WHERE id = ?",
                                   (numeric(call.arg("option")),)).fetchone()
    if row is None:
        raise OCSError(404, "Could not find option")
    if row["question_id"] != question["id"]:
        raise OCSError(400, "The given option id doesn't match the question")
    return row  # type: ignore[no-any-return]


OPTION = BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)/options"


@route("PATCH", OPTION + r"/reorder")
def reorder_options(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    question = question_or_fail(call, form, call.arg("question"))
    conn = call.server.conn
    current = [r["id"] for r in conn.execute("SELECT id FROM form_options WHERE question_id = ?",
                                             (question["id"],))]
    order = new_order(call, current)
    for n, oid in enumerate(order, 1):
        conn.execute("UPDATE form_options SET ord = ? WHERE id = ?", (n, oid))
    return {str(oid): {"order": n} for n, oid in enumerate(order, 1)}


@route("PATCH", OPTION + r"/(?P<option>\d+)")
def update_option(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    option = option_or_fail(call, question_or_fail(call, form, call.arg("question")))
    pairs = key_value_pairs(call)
    if set(pairs) != {"text"}:
        raise OCSError(403, "Not allowed to update other properties than text")
    text = str(pairs["text"])
    if len(text) > LIMITS["option"]:
        raise OCSError(400, "Option text exceeds the maximum length")
    call.server.conn.execute("UPDATE form_options SET text = ? WHERE id = ?", (text, option["id"]))
    return option["id"]


@route("DELETE", OPTION + r"/(?P<option>\d+)")
def delete_option(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    question = question_or_fail(call, form, call.arg("question"))
    option = option_or_fail(call, question)
    conn = call.server.conn
    conn.execute("DELETE FROM form_options WHERE id = ?", (option["id"],))
    for n, row in enumerate(conn.execute("SELECT id FROM form_options WHERE question_id = ? "
                                         "ORDER BY ord, id", (question["id"],)).fetchall(), 1):
        conn.execute("UPDATE form_options SET ord = ? WHERE id = ?", (n, row["id"]))
    return option["id"]


# -- shares ------------------------------------------------------------------------------------
@route("POST", BASE + r"/(?P<form>[^/]+)/shares")
def create_form_share(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
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
    form = form_or_fail(call, call.arg("form"))
    editing(call, form)
    row = call.server.conn.execute("SELECT * FROM form_shares WHERE id = ?",
                                   (numeric(call.arg("share")),)).fetchone()
    if row is None:
        raise OCSError(404, "Could not find share")
    if row["form_id"] != form["id"]:
        raise OCSError(400, "Share doesn't belong to given Form")
    return form, row


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


# -- submissions -------------------------------------------------------------------------------
SUBMISSIONS = BASE + r"/(?P<form>[^/]+)/submissions"


def answer_rows(call: Call, form: sqlite3.Row) -> list[tuple[int, str]]:
    """Check ``answers`` as Forms does and turn it into (question id, stored text) rows.

    Choice answers are option ids and are stored as the option's text, as Forms does.
    """
    answers = call.params.get("answers")
    if not isinstance(answers, dict):
        raise OCSError(400, "Invalid answers")
    conn = call.server.conn
    questions = {q["id"]: render_question(conn, q) for q in questions_of(conn, form["id"])}
    for q in questions.values():
        if q["isRequired"] and not answers.get(str(q["id"])):
            raise OCSError(400, f'Question "{q["text"]}" is required.')
    rows: list[tuple[int, str]] = []
    for question_id, values in answers.items():
        question = questions.get(numeric(str(question_id)))
        if question is None:
            raise OCSError(400, f"Answer for non-existent question with ID {question_id}.")
        given = values if isinstance(values, list) else [values]
        if question["type"] in SINGLE and len(given) > 1:
            raise OCSError(400, f'Question "{question["text"]}" can only have one answer.')
        for value in given:
            rows.append((question["id"], stored_text(question, value)))
    return rows


def stored_text(question: dict[str, Any], value: Any) -> str:
    if question["type"] in PREDEFINED:
        texts: dict[str, str] = {str(o["id"]): o["text"] for o in question["options"]}
        if str(value) not in texts:
            raise OCSError(400, f'Answer "{value}" for question "{question["text"]}" is not '
                                f'a valid option.')
        return texts[str(value)]
    text = value if isinstance(value, str) else json.dumps(value)
    if len(text) > LIMITS["answer"]:
        raise OCSError(400, f'Answer for question "{question["text"]}" is too long.')
    return text


def store_answers(conn: sqlite3.Connection, submission: int, rows: list[tuple[int, str]]) -> None:
    conn.executemany("INSERT INTO form_answers (submission_id, question_id, text) "
                     "VALUES (?, ?, ?)", [(submission, qid, text) for qid, text in rows])


@route("POST", SUBMISSIONS)
def submit(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "submit")
    conn = call.server.conn
    settings = json.loads(form["settings"])
    if form["state"] != 0:
        raise OCSError(403, "This form is not open for submissions")
    if not settings.get("submitMultiple") and conn.execute(
            "SELECT 1 FROM form_submissions WHERE form_id = ? AND user_id = ?",
            (form["id"], call.uid)).fetchone():
        raise OCSError(403, "Already submitted")
    rows = answer_rows(call, form)
    cursor = conn.execute("INSERT INTO form_submissions (form_id, user_id, timestamp) "
                          "VALUES (?, ?, ?)", (form["id"], call.uid, int(time.time())))
    store_answers(conn, int(cursor.lastrowid or 0), rows)
    return Reply(NULL, 201)  # Forms answers a submission with "data": null


def render_submission(call: Call, s: sqlite3.Row) -> dict[str, Any]:
    answers = [{"id": a["id"], "submissionId": s["id"], "fileId": None,
                "questionId": a["question_id"], "text": a["text"]}
               for a in call.server.conn.execute(
        "SELECT * FROM form_answers WHERE submission_id = ? ORDER BY id", (s["id"],))]
    return {"id": s["id"], "formId": s["form_id"], "userId": s["user_id"],
            "timestamp": s["timestamp"], "answers": answers,
            "userDisplayName": call.server.display_name(s["user_id"])}


def submissions_of(call: Call, form: sqlite3.Row, uid: str | None = None) -> list[sqlite3.Row]:
    """The form's submissions (only ``uid``'s, if given), newest first."""
    query = "SELECT * FROM form_submissions WHERE form_id = ?"
    order = " ORDER BY timestamp DESC, id DESC"
    conn = call.server.conn
    return conn.execute(query + " AND user_id = ?" + order, (form["id"], uid)).fetchall() \
        if uid else conn.execute(query + order, (form["id"],)).fetchall()


@route("GET", SUBMISSIONS)
def list_submissions(call: Call) -> Any:
    """Everyone's submissions for who may see results; one's own for who has submitted."""
    form = form_or_fail(call, call.arg("form"))
    everyone = "results" in permissions(call, form)
    if not everyone and not submission_count(call.server.conn, form["id"], call.uid):
        raise OCSError(403, "")
    if call.param("fileFormat") is not None:
        if call.param("fileFormat") != "csv":
            raise OCSError(400, "Invalid file format")
        return Download(csv_export(call, form), "text/csv;charset=UTF-8",
                        f"{form['title']} (responses).csv")
    submissions = [render_submission(call, s)
                   for s in submissions_of(call, form, None if everyone else call.uid)]
    query = (call.param("query") or "").lower()
    if query:
        submissions = [s for s in submissions if any(query in a["text"].lower()
                                                     for a in s["answers"])]
    total = len(submissions)
    offset, limit = call.int_param("offset") or 0, call.int_param("limit")
    submissions = submissions[offset:offset + limit if limit else None]
    conn = call.server.conn
    return {"submissions": submissions,
            "questions": [render_question(conn, q) for q in questions_of(conn, form["id"])],
            "filteredSubmissionsCount": total}


def csv_export(call: Call, form: sqlite3.Row) -> bytes:
    """Header "User display name","Timestamp", the question texts; a row per submission."""
    questions = questions_of(call.server.conn, form["id"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(["User display name", "Timestamp", *(q["text"] for q in questions)])
    for s in submissions_of(call, form):
        rendered = render_submission(call, s)
        by_question: dict[int, list[str]] = {}
        for a in rendered["answers"]:
            by_question.setdefault(a["questionId"], []).append(a["text"])
        when = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(s["timestamp"]))
        writer.writerow([rendered["userDisplayName"], when,
                         *("; ".join(by_question.get(q["id"], [])) for q in questions)])
    return buffer.getvalue().encode("utf-8")


@route("DELETE", SUBMISSIONS)
def delete_all_submissions(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "results_delete")
    call.server.conn.execute("DELETE FROM form_submissions WHERE form_id = ?", (form["id"],))
    return form["id"]


def submission_or_fail(call: Call, form: sqlite3.Row) -> sqlite3.Row:
    row = call.server.conn.execute("SELECT * FROM form_submissions WHERE id = ?",
                                   (numeric(call.arg("submission")),)).fetchone()
    if row is None:
        raise OCSError(404, "Submission doesn't exist")
    if row["form_id"] != form["id"]:
        raise OCSError(400, "Submission doesn't belong to given form")
    return row  # type: ignore[no-any-return]


ONE_SUBMISSION = SUBMISSIONS + r"/(?P<submission>\d+)"


@route("GET", ONE_SUBMISSION)
def get_submission(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    row = submission_or_fail(call, form)
    if row["user_id"] != call.uid:
        need(call, form, "results")
    return render_submission(call, row)


@route("PUT", ONE_SUBMISSION)
def update_submission(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "submit")
    row = submission_or_fail(call, form)
    if not json.loads(form["settings"]).get("allowEditSubmissions"):
        raise OCSError(400, "Can only update if allowEditSubmissions is set")
    if row["user_id"] != call.uid:
        raise OCSError(403, "Can only update your own submissions")
    rows = answer_rows(call, form)
    conn = call.server.conn
    conn.execute("DELETE FROM form_answers WHERE submission_id = ?", (row["id"],))
    store_answers(conn, row["id"], rows)
    return row["id"]


@route("DELETE", ONE_SUBMISSION)
def delete_submission(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    row = submission_or_fail(call, form)
    if "results_delete" not in permissions(call, form) and row["user_id"] != call.uid:
        raise OCSError(403, "Can only delete your own submissions")
    call.server.conn.execute("DELETE FROM form_submissions WHERE id = ?", (row["id"],))
    return row["id"]


@route("POST", SUBMISSIONS + r"/export")
def export_to_files(call: Call) -> Any:
    """Write the CSV export into the caller's files; answers with the file name."""
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "results")
    if (call.param("fileFormat") or "csv") != "csv":
        raise OCSError(400, "Invalid file format")
    folder = (call.param("path") or "").strip("/")
    tree = call.server.tree
    if folder and not tree.disk(call.uid, folder).is_dir():
        raise OCSError(404, "Could not find folder")
    name = f"{form['title'] or 'Form ' + str(form['id'])} (responses).csv"
    path = f"{folder}/{name}" if folder else name
    tree.disk(call.uid, path).write_bytes(csv_export(call, form))
    tree.changed(call.uid, path)
    return str(name)
