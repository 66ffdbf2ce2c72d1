"""Routes of the files_sharing OCS API; the rules live in ``sharing.py``."""

from __future__ import annotations

from typing import Any

from zolicht.devcloud.call import Call, route

BASE = r"/apps/files_sharing/api/v1"


@route("GET", BASE + r"/shares")
def list_shares(call: Call) -> Any:
    return call.server.sharing.listing(call.uid, call.params)


@route("POST", BASE + r"/shares")
def create_share(call: Call) -> Any:
    return call.server.sharing.create(call.uid, call.params)


@route("GET", BASE + r"/shares/pending")
def pending_shares(call: Call) -> Any:
    return []


@route("GET", BASE + r"/shares/(?P<id>[^/]+)")
def get_share(call: Call) -> Any:
    return call.server.sharing.get(call.uid, call.arg("id"))


@route("PUT", BASE + r"/shares/(?P<id>[^/]+)")
def update_share(call: Call) -> Any:
    return call.server.sharing.update(call.uid, call.arg("id"), call.params)


@route("DELETE", BASE + r"/shares/(?P<id>[^/]+)")
def delete_share(call: Call) -> Any:
    call.server.sharing.delete(call.uid, call.arg("id"))
    return None
