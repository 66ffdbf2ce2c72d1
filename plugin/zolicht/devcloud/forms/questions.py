"""Questions and their options: create, read, change, reorder and delete."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from zolicht.devcloud.call import Call, Reply, route
from zolicht.devcloud.forms.common import (
    BASE,
    LIMITS,
    TYPES,
    child_or_fail,
    edited_form,
    edited_question,
    form_or_fail,
    key_value_pairs,
    question_or_fail,
    questions_of,
    render_question,
)
from zolicht.devcloud.ocs import OCSError


# -- questions and options ---------------------------------------------------------------------
def new_order(call: Call, current: list[int]) -> list[int]:
    """The ``newOrder`` parameter, which must name every current id exactly once."""
    given = call.params.get("newOrder")
    wanted = [int(v) for v in given if str(v).isdigit()] if isinstance(given, list) else []
    if sorted(wanted) != sorted(current) or len(wanted) != len(given or []):
        raise OCSError(400, "The given array contains duplicates or does not match all ids")
    return wanted


@route("PATCH", BASE + r"/(?P<form>[^/]+)/questions")
def reorder_questions(call: Call) -> Any:
    form = edited_form(call)
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
    form = edited_form(call)
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
    form, question = edited_question(call)
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
    form, question = edited_question(call)
    conn = call.server.conn
    conn.execute("DELETE FROM form_questions WHERE id = ?", (question["id"],))
    for n, q in enumerate(questions_of(conn, form["id"]), 1):
        conn.execute("UPDATE form_questions SET ord = ? WHERE id = ?", (n, q["id"]))
    return question["id"]


@route("POST", BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)/options")
def create_options(call: Call) -> Any:
    form, question = edited_question(call)
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
    return child_or_fail(call, "form_options", call.arg("option"),
                         ("question_id", question["id"]), "Could not find option",
                         "The given option id doesn't match the question")


OPTION = BASE + r"/(?P<form>[^/]+)/questions/(?P<question>[^/]+)/options"


@route("PATCH", OPTION + r"/reorder")
def reorder_options(call: Call) -> Any:
    form, question = edited_question(call)
    conn = call.server.conn
    current = [r["id"] for r in conn.execute("SELECT id FROM form_options WHERE question_id = ?",
                                             (question["id"],))]
    order = new_order(call, current)
    for n, oid in enumerate(order, 1):
        conn.execute("UPDATE form_options SET ord = ? WHERE id = ?", (n, oid))
    return {str(oid): {"order": n} for n, oid in enumerate(order, 1)}


@route("PATCH", OPTION + r"/(?P<option>\d+)")
def update_option(call: Call) -> Any:
    _form, question = edited_question(call)
    option = option_or_fail(call, question)
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
    form, question = edited_question(call)
    option = option_or_fail(call, question)
    conn = call.server.conn
    conn.execute("DELETE FROM form_options WHERE id = ?", (option["id"],))
    for n, row in enumerate(conn.execute("SELECT id FROM form_options WHERE question_id = ? "
                                         "ORDER BY ord, id", (question["id"],)).fetchall(), 1):
        conn.execute("UPDATE form_options SET ord = ? WHERE id = ?", (n, row["id"]))
    return option["id"]
