"""Nextcloud's ``webhook_listeners`` app (Nextcloud 32), as devcloud imitates it.

* The OCS API ``/apps/webhook_listeners/api/v1/webhooks``: list (optionally by ``uri``),
  show, register, update and delete registrations, and delete all of one ExApp's. Only an
  administrator may call it, or an ExApp through AppAPI without a user; anyone else gets
  403, nobody 401.
* A registration names one event class; Nextcloud accepts only classes that are
  "webhook compatible" and answers 400 otherwise. In Nextcloud 32 the share events are
  not (see tests/contract/FINDINGS.md); ``Settings.webhook_share_events`` models a server
  where they are, for the forward path only.
* When such an event happens, every registration for its class whose user filter and
  event filter match gets a queued job; a background thread (Nextcloud's job runner)
  sends each job later: the JSON body ``{"event": {..., "class": ...}, "user": {"uid",
  "displayName"} | null, "time": <unix seconds>}`` with the registered headers plus, for
  ``authMethod`` "header", the headers in ``authData``. A registration made by an ExApp
  with a URI starting with "/" is delivered to that ExApp through AppAPI.
* A failed delivery is only logged: Nextcloud does not retry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from zolicht.devcloud.appapi import auth_headers
from zolicht.devcloud.call import Call, route
from zolicht.devcloud.ocs import UNAUTHORISED, OCSError

if TYPE_CHECKING:
    from zolicht.devcloud.app import Server

BASE = r"/apps/webhook_listeners/api/v1/webhooks"
NODE = "OCP\\Files\\Events\\Node\\"
NODE_CREATED = NODE + "NodeCreatedEvent"
NODE_WRITTEN = NODE + "NodeWrittenEvent"
SHARE_CREATED = "OCP\\Share\\Events\\ShareCreatedEvent"
SHARE_UPDATED = "OCP\\Share\\Events\\ShareUpdatedEvent"
SHARE_DELETED = "OCP\\Share\\Events\\ShareDeletedEvent"
COMPATIBLE = frozenset(
    [NODE + n for n in (
        "BeforeNodeCreatedEvent", "BeforeNodeTouchedEvent", "BeforeNodeWrittenEvent",
        "BeforeNodeReadEvent", "BeforeNodeDeletedEvent", "NodeCreatedEvent",
        "NodeTouchedEvent", "NodeWrittenEvent", "NodeDeletedEvent", "NodeCopiedEvent",
        "NodeRenamedEvent", "NodeRestoredEvent", "BeforeNodeCopiedEvent",
        "BeforeNodeRestoredEvent", "BeforeNodeRenamedEvent")]
    + ["OCP\\SystemTag\\TagAssignedEvent", "OCP\\SystemTag\\TagUnassignedEvent",
       "OCP\\Calendar\\Events\\CalendarObjectCreatedEvent",
       "OCP\\Calendar\\Events\\CalendarObjectDeletedEvent",
       "OCP\\Calendar\\Events\\CalendarObjectMovedEvent",
       "OCP\\Calendar\\Events\\CalendarObjectMovedToTrashEvent",
       "OCP\\Calendar\\Events\\CalendarObjectRestoredEvent",
       "OCP\\Calendar\\Events\\CalendarObjectUpdatedEvent",
       "OCP\\User\\Events\\UserFirstTimeLoggedInEvent",
       "OCA\\Forms\\Events\\FormSubmittedEvent"])
"""The event classes of Nextcloud 32 (and its shipped apps) that are webhook compatible."""
SHARE_EVENTS = frozenset({SHARE_CREATED, SHARE_UPDATED, SHARE_DELETED})
NOT_ADMIN = "Logged in account must be an admin"

SCHEMA = """
CREATE TABLE IF NOT EXISTS webhook_listeners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id TEXT, user_id TEXT, http_method TEXT NOT NULL, uri TEXT NOT NULL,
    event TEXT NOT NULL, event_filter TEXT NOT NULL, user_id_filter TEXT NOT NULL,
    headers TEXT, auth_method TEXT NOT NULL, auth_data TEXT
);
"""


@dataclass(frozen=True)
class Job:
    """One queued WebhookCall: everything the runner needs, read when it was queued."""

    listener: int
    method: str
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Delivery:
    """What the runner did with a job (kept for tests): the status, or the error."""

    listener: int
    url: str
    status: int | None
    error: str = ""
    at: float = 0.0


class Webhooks:
    def __init__(self, conn: sqlite3.Connection, server_secret: str,
                 delay: Callable[[], float]) -> None:
        self.conn = conn
        conn.executescript(SCHEMA)
        self.server_secret = server_secret
        self.delay = delay
        self.jobs: queue.Queue[tuple[float, Job] | None] = queue.Queue()
        self.deliveries: list[Delivery] = []
        self._runner = threading.Thread(target=self._run, daemon=True,
                                        name="devcloud-webhook-jobs")
        self._runner.start()

    def close(self) -> None:
        self.jobs.put(None)
        self._runner.join(timeout=10)

    # -- the registrations ---------------------------------------------------------------------
    def rows(self, uri: str | None = None) -> list[sqlite3.Row]:
        if uri is None:
            return self.conn.execute("SELECT * FROM webhook_listeners ORDER BY id").fetchall()
        return self.conn.execute("SELECT * FROM webhook_listeners WHERE uri = ? ORDER BY id",
                                 (uri,)).fetchall()

    def row(self, listener: int) -> sqlite3.Row:
        found = self.conn.execute("SELECT * FROM webhook_listeners WHERE id = ?",
                                  (listener,)).fetchone()
        if found is None:
            raise OCSError(404, "Webhook listener not found")
        return found  # type: ignore[no-any-return]

    def render(self, row: sqlite3.Row) -> dict[str, Any]:
        """A registration as the API shows it; the auth data only as an opaque string (in
        Nextcloud: encrypted with the server's secret)."""
        sealed = None
        if row["auth_data"] is not None:
            sealed = hmac.new(self.server_secret.encode(), row["auth_data"].encode(),
                              hashlib.sha256).hexdigest()
        return {"id": row["id"], "appId": row["app_id"], "userId": row["user_id"],
                "httpMethod": row["http_method"], "uri": row["uri"], "event": row["event"],
                "eventFilter": json.loads(row["event_filter"]) or [],
                "userIdFilter": row["user_id_filter"],
                "headers": json.loads(row["headers"]) if row["headers"] else None,
                "authMethod": row["auth_method"], "authData": sealed}

    def save(self, listener: int | None, app_id: str | None, user_id: str | None,
             params: dict[str, Any], compatible: frozenset[str]) -> dict[str, Any]:
        method, uri = params.get("httpMethod"), params.get("uri")
        event = str(params.get("event") or "").lstrip("\\")
        if not isinstance(method, str) or not isinstance(uri, str) or not event:
            raise OCSError(400, "Missing parameters")
        auth_method = params.get("authMethod") or "none"
        if auth_method not in ("none", "header"):
            raise OCSError(400, "This auth method does not exist")
        if event not in compatible:
            raise OCSError(400, f"{event} is not an event class compatible with webhooks")
        event_filter, headers = params.get("eventFilter"), params.get("headers")
        auth_data, user_filter = params.get("authData"), params.get("userIdFilter")
        if auth_method == "header" and not isinstance(auth_data, dict):
            raise OCSError(400, "Header auth method needs an associative array of headers as "
                                "auth data")
        values = (app_id, user_id, method, uri, event,
                  json.dumps(event_filter if isinstance(event_filter, dict) else []),
                  str(user_filter or ""),
                  json.dumps(headers) if isinstance(headers, dict) else None, auth_method,
                  json.dumps(auth_data) if isinstance(auth_data, dict) else None)
        if listener is None:
            cursor = self.conn.execute(
                "INSERT INTO webhook_listeners (app_id, user_id, http_method, uri, event, "
                "event_filter, user_id_filter, headers, auth_method, auth_data) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)", values)
            listener = int(cursor.lastrowid or 0)
        else:
            self.row(listener)
            self.conn.execute(
                "UPDATE webhook_listeners SET app_id = ?, user_id = ?, http_method = ?, "
                "uri = ?, event = ?, event_filter = ?, user_id_filter = ?, headers = ?, "
                "auth_method = ?, auth_data = ? WHERE id = ?", (*values, listener))
        return self.render(self.row(listener))

    # -- events --------------------------------------------------------------------------------
    def fire(self, server: Server, event_class: str, fields: dict[str, Any],
             uid: str | None) -> None:
        """An event happened (as ``uid``, or with no user session): queue a job for every
        registration that wants it."""
        rows = self.conn.execute(
            "SELECT * FROM webhook_listeners WHERE event = ? AND (user_id_filter = '' OR "
            "user_id_filter = ?)", (event_class, uid or "")).fetchall()
        if not rows:
            return
        user = None
        if uid:
            user = {"uid": uid, "displayName": server.display_name(uid)}
        data = {"event": {**fields, "class": event_class}, "user": user,
                "time": int(time.time())}
        for row in rows:
            if not matches(json.loads(row["event_filter"]) or {}, data):
                continue
            job = self.job(server, row, data)
            if job is not None:
                self.jobs.put((time.monotonic() + self.delay(), job))

    def job(self, server: Server, row: sqlite3.Row, data: dict[str, Any]) -> Job | None:
        headers = {str(k): str(v) for k, v in (json.loads(row["headers"] or "null") or {}
                                              ).items()}
        if row["auth_method"] == "header" and row["auth_data"]:
            headers.update({str(k): str(v) for k, v in json.loads(row["auth_data"]).items()})
        url = row["uri"]
        if row["app_id"] and url.startswith("/"):
            app = server.appapi.apps.get(row["app_id"])
            if app is None:
                return None
            headers.update(auth_headers(app, row["user_id"] or ""))
            url = app.url + url
        return Job(row["id"], row["http_method"], url, headers,
                   json.dumps(data).encode())

    def _run(self) -> None:
        while True:
            item = self.jobs.get()
            if item is None:
                return
            due, job = item
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.deliver(job)

    def deliver(self, job: Job) -> None:
        try:
            with httpx.Client(timeout=30) as client:
                answer = client.request(job.method, job.url, headers=job.headers,
                                        content=job.body)
            self.deliveries.append(Delivery(job.listener, job.url, answer.status_code,
                                            at=time.time()))
        except httpx.HTTPError as failure:
            self.deliveries.append(Delivery(job.listener, job.url, None, str(failure),
                                            time.time()))


# -- the event filter: the part of PHPMongoQuery Nextcloud's documentation describes -----------
def matches(query: dict[str, Any], data: dict[str, Any]) -> bool:
    for key, condition in query.items():
        if key == "$and":
            ok = all(matches(q, data) for q in condition)
        elif key == "$or":
            ok = any(matches(q, data) for q in condition)
        elif key == "$nor":
            ok = not any(matches(q, data) for q in condition)
        else:
            ok = _field(_lookup(data, key), condition)
        if not ok:
            return False
    return True


_MISSING = object()


def _lookup(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data


def _field(value: Any, condition: Any) -> bool:
    if isinstance(condition, dict) and condition and all(k.startswith("$")
                                                          for k in condition):
        return all(_operator(value, op, arg) for op, arg in condition.items())
    return _equal(value, condition)


def _operator(value: Any, op: str, arg: Any) -> bool:
    present = value is not _MISSING
    if op in ("$e", "$eq"):
        return _equal(value, arg)
    if op == "$ne":
        return not _equal(value, arg)
    if op == "$in":
        return any(_equal(value, a) for a in arg)
    if op == "$nin":
        return not any(_equal(value, a) for a in arg)
    if op == "$exists":
        return present == bool(arg)
    if op == "$not":
        return not _field(value, arg)
    if not present or value is None:
        return False
    try:
        return bool({"$gt": value > arg, "$gte": value >= arg, "$lt": value < arg,
                     "$lte": value <= arg}[op])
    except (KeyError, TypeError):
        return False


def _equal(value: Any, wanted: Any) -> bool:
    if value is _MISSING:
        return False
    if isinstance(wanted, str) and len(wanted) > 1 and wanted.startswith("/"):
        end = wanted.rfind("/")
        if end > 0:
            flags = 0
            for letter in wanted[end + 1:]:
                flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(letter, 0)
            try:
                return re.search(wanted[1:end], str(value), flags) is not None
            except re.error:
                return False
    return bool(value == wanted)


# -- the OCS API -------------------------------------------------------------------------------
def caller(call: Call) -> tuple[str | None, str | None]:
    """(app id, user id) of an allowed caller: an administrator, or an ExApp through AppAPI
    (with no user, or with an administrator)."""
    if call.signed is not None and not call.signed.uid:
        return call.signed.app.app_id, None
    if not call.uid:
        raise OCSError(UNAUTHORISED, "Current user is not logged in")
    if not call.server.accounts.is_admin(call.uid):
        raise OCSError(403, NOT_ADMIN)
    return (call.signed.app.app_id if call.signed else None), call.uid


def compatible(call: Call) -> frozenset[str]:
    if call.server.settings.webhook_share_events:
        return COMPATIBLE | SHARE_EVENTS
    return COMPATIBLE


def listener_id(call: Call) -> int:
    raw = call.arg("id")
    if not raw.isdigit():
        raise OCSError(400, "Invalid id")
    return int(raw)


@route("GET", BASE, public=True)
def index(call: Call) -> Any:
    caller(call)
    hooks = call.server.webhooks
    return [hooks.render(r) for r in hooks.rows(call.param("uri"))]


@route("POST", BASE, public=True)
def create(call: Call) -> Any:
    app_id, uid = caller(call)
    return call.server.webhooks.save(None, app_id, uid, call.params, compatible(call))


@route("GET", BASE + r"/(?P<id>[^/]+)", public=True)
def show(call: Call) -> Any:
    caller(call)
    hooks = call.server.webhooks
    return hooks.render(hooks.row(listener_id(call)))


@route("POST", BASE + r"/(?P<id>[^/]+)", public=True)
def update(call: Call) -> Any:
    app_id, uid = caller(call)
    return call.server.webhooks.save(listener_id(call), app_id, uid, call.params,
                                     compatible(call))


@route("DELETE", BASE + r"/byappid/(?P<appid>[^/]+)", public=True)
def delete_by_app(call: Call) -> Any:
    caller(call)
    cursor = call.server.conn.execute("DELETE FROM webhook_listeners WHERE app_id = ?",
                                      (call.arg("appid"),))
    return cursor.rowcount


@route("DELETE", BASE + r"/(?P<id>[^/]+)", public=True)
def destroy(call: Call) -> Any:
    caller(call)
    cursor = call.server.conn.execute("DELETE FROM webhook_listeners WHERE id = ?",
                                      (listener_id(call),))
    return cursor.rowcount > 0
