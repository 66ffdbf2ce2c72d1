"""Submissions: submit, list, read, change, delete, and the CSV export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from typing import Any

from zolicht.devcloud.call import Call, Download, Reply, route
from zolicht.devcloud.forms.common import (
    BASE,
    PREDEFINED,
    SINGLE,
    can_submit,
    child_or_fail,
    form_or_fail,
    need,
    numeric,
    permissions,
    questions_of,
    render_question,
    submission_count,
)
from zolicht.devcloud.ocs import NULL, OCSError

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
    # Forms 5.3.5 limits the length of titles, texts and options, not of answers: a
    # 10,000-character answer was stored whole on Nextcloud 32.0.1
    return value if isinstance(value, str) else json.dumps(value)


def store_answers(conn: sqlite3.Connection, submission: int, rows: list[tuple[int, str]]) -> None:
    conn.executemany("INSERT INTO form_answers (submission_id, question_id, text) "
                     "VALUES (?, ?, ?)", [(submission, qid, text) for qid, text in rows])


@route("POST", SUBMISSIONS)
def submit(call: Call) -> Any:
    form = form_or_fail(call, call.arg("form"))
    need(call, form, "submit")
    conn = call.server.conn
    if form["state"] != 0:
        raise OCSError(403, "This form is not open for submissions")
    if not can_submit(call, form):  # once per user, unless submitMultiple (Forms' source)
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
    return child_or_fail(call, "form_submissions", call.arg("submission"),
                         ("form_id", form["id"]), "Submission doesn't exist",
                         "Submission doesn't belong to given form")


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
