"""The Forms app, API v3 (reference §6): forms, questions, options, shares, submissions.

Access follows Forms: the owner may do everything; a share gives its permissions
(``submit``, ``results``, ``results_delete``, ``edit``) to a user or a group's members;
anyone else gets 403 'User has no permissions to get this form', and an unknown form 404
'Could not find form'.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import string
import time
from typing import Any

from zolicht.devcloud.call import Call, Reply, route
from zolicht.devcloud.ocs import OCSError

BASE = r"/apps/forms/api/v3/forms"
SCHEMA = """
CREATE TABLE IF NOT EXISTS forms (
    id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL UNIQUE, owner TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0,
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
TYPES = {"short", "long", "multiple", "multiple_unique", "dropdown", "date", "time",
         "linearscale", "color", "file", "grid", "ranking"}
PERMISSIONS = ("submit", "results", "results_delete", "edit")
ALL = ["edit", "results", "results_delete", "submit"]
FORM_KEYS = {"title", "description", "access", "expires", "isAnonymous", "submitMultiple",
             "allowEditSubmissions", "showExpiration", "submissionMessage", "state"}
LIMITS = {"title": 256, "description": 8192, "text": 2048, "answer": 4096, "option": 1024}


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


# -- access ------------------------------------------------------------------------------------
def form_or_fail(call: Call, form_id: str) -> sqlite3.Row:
    row = call.server.conn.execute("SELECT * FROM forms WHERE id = ?",
                                   (int(form_id) if form_id.isdigit() else -1,)).fetchone()
    if row is None:
        raise OCSError(404, "Could not find form")
    if not permissions(call, row):
        raise OCSError(403, "User has no permissions to get this form")
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
        raise OCSError(403, "User has no permissions to get this form" if permission == "edit"
                       else "The current user has no permission to get the results for this "
                            "form" if permission == "results" else "This form is not shared "
                                                                   "with you to submit")


# -- rendering ---------------------------------------------------------------------------------
def render_form(call: Call, form: sqlite3.Row) -> dict[str, Any]:
    settings = json.loads(form["settings"])
    conn = call.server.conn
    allowed = permissions(call, form)
    return {
        "id": form["id"], "hash": form["hash"], "title": form["title"],
        "description": form["description"], "ownerId": form["owner"],
        "submissionMessage": settings.get("submissionMessage", ""), "created": form["created"],
        "access": settings.get("access", {"permitAllUsers": False, "showToAllUsers": False}),
        "expires": settings.get("expires", 0), "fileFormat": None, "fileId": None,
        "filePath": None, "isAnonymous": settings.get("isAnonymous", False),
        "submitMultiple": settings.get("submitMultiple", False),
        "allowEditSubmissions": settings.get("allowEditSubmissions", False),
        "showExpiration": settings.get("showExpiration", False), "canSubmit": True,
        "state": form["state"], "lockedBy": None, "lockedUntil": None,
        "permissions": allowed,
        "questions": [render_question(conn, q) for q in questions_of(conn, form["id"])],
        "shares": [render_share(s) for s in conn.execute(
            "SELECT * FROM form_shares WHERE form_id = ? ORDER BY id", (form["id"],))]
        if "edit" in allowed else [],
        "submissionCount": conn.execute("SELECT count(*) FROM form_submissions WHERE "
                                        "form_id = ?", (form["id"],)).fetchone()[0],
    }


def questions_of(conn: sqlite3.Connection, form_id: int) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM form_questions WHERE form_id = ? ORDER BY ord, id",
                        (form_id,)).fetchall()


def render_question(conn: sqlite3.Connection, q: sqlite3.Row) -> dict[str, Any]:
    options = conn.execute("SELECT * FROM form_options WHERE question_id = ? ORDER BY ord, id",
                           (q["id"],)).fetchall()
    return {"id": q["id"], "formId": q["form_id"], "order": q["ord"], "type": q["type"],
            "isRequired": bool(q["is_required"]), "text": q["text"], "name": q["name"],
            "description": q["description"], "extraSettings": json.loads(q["extra"]),
            "options": [{"id": o["id"], "questionId": q["id"], "text": o["text"],
                         "order": o["ord"]} for o in options], "accept": []}


def render_share(share: sqlite3.Row) -> dict[str, Any]:
    return {"id": share["id"], "formId": share["form_id"], "shareType": share["share_type"],
            "shareWith": share["share_with"], "permissions": json.loads(share["permissions"]),
            "displayName": share["share_with"]}


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
    rows = call.server.conn.execute("SELECT * FROM forms ORDER BY id").fetchall()
    if kind == "owned":
        chosen = [f for f in rows if f["owner"] == call.uid]
    else:
        chosen = [f for f in rows if f["owner"] != call.uid and permissions(call, f)]
    return [{"id": f["id"], "hash": f["hash"], "title": f["title"], "expires": 0,
             "permissions": permissions(call, f), "partial": True, "state": f["state"],
             "lockedBy": None, "lockedUntil": None} for f in chosen]


@route("POST", BASE)
def create_form(call: Call) -> Any:
    hash_ = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
    cursor = call.server.conn.execute("INSERT INTO forms (hash, owner, created) VALUES (?,?,?)",
                                      (hash_, call.uid, int(time.time())))
    row = call.server.conn.execute("SELECT * FROM forms WHERE id = ?",
                                   (cursor.lastrowid,)).fetchone()
    return Reply(render_form(call, row), 201)


@route("GET", BASE + r"/(?P<form>[^/]+)")
def get_form(call: Call) -> Any:
    return render_form(call, form_or_fail(call, call.arg("form")))


@route("PATCH", BASE + r"/(?P<form>[^/]+)")
def update_form(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "edit")
    pairs = key_value_pairs(call)
    if set(pairs) - FORM_KEYS:
        raise OCSError(403, "Not allowed to update id, hash, created, fileId or lastUpdated")
    if form["state"] == 2 and pairs.get("state") is None:
        raise OCSError(403, "This form is archived and can not be modified")
    conn = call.server.conn
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
    return form["id"]


@route("DELETE", BASE + r"/(?P<form>[^/]+)")
def delete_form(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    if form["owner"] != call.uid:
        raise OCSError(403, "User has no permissions to delete this form")
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


@route("GET", BASE + r"/(?P<form>[^/]+)/questions")
def list_questions(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    conn = call.server.conn
    return [render_question(conn, q) for q in questions_of(conn, form["id"])]


@route("POST", BASE + r"/(?P<form>[^/]+)/questions")
def create_question(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "edit")
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
    need(call, form, "edit")
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
    need(call, form, "edit")
    question = question_or_fail(call, form, call.arg("question"))
    call.server.conn.execute("DELETE FROM form_questions WHERE id = ?", (question["id"],))
    return question["id"]


@route("POST", BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)/options")
def create_options(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "edit")
    question = question_or_fail(call, form, call.arg("question"))
    texts = call.list_param("optionTexts")
    conn = call.server.conn
    start = conn.execute("SELECT count(*) FROM form_options WHERE question_id = ?",
                         (question["id"],)).fetchone()[0]
    created = []
    for n, text in enumerate(texts, start + 1):
        cursor = conn.execute("INSERT INTO form_options (question_id, text, ord) VALUES (?,?,?)",
                              (question["id"], text[:LIMITS["option"]], n))
        created.append({"id": cursor.lastrowid, "questionId": question["id"], "text": text,
                        "order": n})
    return Reply(created, 201)


# -- shares ------------------------------------------------------------------------------------
@route("POST", BASE + r"/(?P<form>[^/]+)/shares")
def create_form_share(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "edit")
    share_type = call.int_param("shareType")
    if share_type not in (0, 1, 3):
        raise OCSError(400, "Invalid shareType")
    given = call.params.get("permissions", ["submit"])
    wanted = given if isinstance(given, list) else [given]
    extra = {"edit", "results", "results_delete"}
    if not wanted or any(p not in PERMISSIONS for p in wanted) or "submit" not in wanted or (
            "results_delete" in wanted and "results" not in wanted) or (
            share_type == 3 and extra & set(wanted)):
        raise OCSError(400, "Invalid permission given")
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
    return Reply(render_share(row), 201)


@route("DELETE", BASE + r"/(?P<form>[^/]+)/shares/(?P<share>[^/]+)")
def delete_form_share(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "edit")
    row = call.server.conn.execute("SELECT * FROM form_shares WHERE id = ?",
                                   (int(call.arg("share")) if call.arg("share").isdigit()
                                    else -1,)).fetchone()
    if row is None:
        raise OCSError(404, "Could not find share")
    if row["form_id"] != form["id"]:
        raise OCSError(400, "Share doesn't belong to given Form")
    call.server.conn.execute("DELETE FROM form_shares WHERE id = ?", (row["id"],))
    return row["id"]


# -- submissions -------------------------------------------------------------------------------
@route("POST", BASE + r"/(?P<form>[^/]+)/submissions")
def submit(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "submit")
    conn = call.server.conn
    settings = json.loads(form["settings"])
    if not settings.get("submitMultiple") and conn.execute(
            "SELECT 1 FROM form_submissions WHERE form_id = ? AND user_id = ?",
            (form["id"], call.uid)).fetchone():
        raise OCSError(403, "Already submitted")
    answers = call.params.get("answers")
    if not isinstance(answers, dict):
        raise OCSError(400, "Invalid answers")
    questions = {q["id"]: q for q in questions_of(conn, form["id"])}
    for q in questions.values():
        given = answers.get(str(q["id"]))
        if q["is_required"] and not given:
            raise OCSError(400, f'Question "{q["text"]}" is required.')
    rows: list[tuple[int, str]] = []
    for question_id, values in answers.items():
        question = questions.get(int(question_id)) if str(question_id).isdigit() else None
        if question is None:
            raise OCSError(400, f"Invalid question id {question_id}")
        for value in values if isinstance(values, list) else [values]:
            text = str(value)
            if len(text) > LIMITS["answer"]:
                raise OCSError(400, f'Answer for "{question["text"]}" is too long')
            rows.append((question["id"], text))
    cursor = conn.execute("INSERT INTO form_submissions (form_id, user_id, timestamp) "
                          "VALUES (?, ?, ?)", (form["id"], call.uid, int(time.time())))
    for question_id, text in rows:
        conn.execute("INSERT INTO form_answers (submission_id, question_id, text) "
                     "VALUES (?, ?, ?)", (cursor.lastrowid, question_id, text))
    return Reply(None, 201)


@route("GET", BASE + r"/(?P<form>[^/]+)/submissions")
def list_submissions(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "results")
    conn = call.server.conn
    submissions = []
    for s in conn.execute("SELECT * FROM form_submissions WHERE form_id = ? ORDER BY id",
                          (form["id"],)):
        answers = [{"id": a["id"], "submissionId": s["id"], "questionId": a["question_id"],
                    "text": a["text"]} for a in conn.execute(
            "SELECT * FROM form_answers WHERE submission_id = ? ORDER BY id", (s["id"],))]
        submissions.append({"id": s["id"], "formId": form["id"], "userId": s["user_id"],
                            "timestamp": s["timestamp"], "answers": answers,
                            "userDisplayName": call.server.display_name(s["user_id"])})
    return {"submissions": submissions,
            "questions": [render_question(conn, q) for q in questions_of(conn, form["id"])],
            "filteredSubmissionsCount": len(submissions)}
