"""Routes of the files_sharing OCS API; the rules live in ``sharing.py``."""

from __future__ import annotations

from typing import Any

from zolicht.devcloud.call import Call, route
from zolicht.devcloud.ratelimit import CREATE_SHARE
from zolicht.devcloud.webhooks import SHARE_CREATED, SHARE_DELETED, SHARE_UPDATED

BASE = r"/apps/files_sharing/api/v1"
PER_PAGE = 200


@route("GET", BASE + r"/shares")
def list_shares(call: Call) -> Any:
    return call.server.sharing.listing(call.uid, call.params)


@route("POST", BASE + r"/shares", limit=CREATE_SHARE)
def create_share(call: Call) -> Any:
    created = call.server.sharing.create(call.uid, call.params)
    call.server.share_event(SHARE_CREATED, call.server.sharing.share(str(created["id"])),
                            call.uid)
    return created


@route("GET", BASE + r"/shares/pending")
def pending_shares(call: Call) -> Any:
    return []


@route("GET", BASE + r"/shares/(?P<id>[^/]+)")
def get_share(call: Call) -> Any:
    return call.server.sharing.get(call.uid, call.arg("id"))


@route("PUT", BASE + r"/shares/(?P<id>[^/]+)")
def update_share(call: Call) -> Any:
    updated = call.server.sharing.update(call.uid, call.arg("id"), call.params)
    call.server.share_event(SHARE_UPDATED, call.server.sharing.share(call.arg("id")), call.uid)
    return updated


@route("DELETE", BASE + r"/shares/(?P<id>[^/]+)")
def delete_share(call: Call) -> Any:
    row = call.server.sharing.share(call.arg("id"))
    call.server.sharing.delete(call.uid, call.arg("id"))
    call.server.share_event(SHARE_DELETED, row, call.uid)
    return None


@route("GET", BASE + r"/sharees")
def sharees(call: Call) -> Any:
    """Users and groups whose id, name or address contains ``search`` (any account may find
    any other, Nextcloud's default): the first ``perPage`` (200) by display name, exact
    matches apart; never the caller."""
    needle = (call.param("search") or "").lower()
    accounts = call.server.accounts
    found = [u for u in map(accounts.user, accounts.user_ids(needle)) if u is not None]
    found.sort(key=lambda user: user.display_name.lower())
    users: list[dict[str, Any]] = []
    exact_users: list[dict[str, Any]] = []
    for user in found[:call.int_param("perPage") or PER_PAGE]:
        if user.uid == call.uid:
            continue
        entry = {"label": user.display_name, "subline": "", "icon": "icon-user",
                 "value": {"shareType": 0, "shareWith": user.uid},
                 "shareWithDisplayNameUnique": user.email or user.uid, "status": []}
        same = needle in (user.uid.lower(), user.display_name.lower(), user.email.lower())
        (exact_users if same else users).append(entry)
    groups: list[dict[str, Any]] = []
    exact_groups: list[dict[str, Any]] = []
    for gid in accounts.group_ids(needle):
        row = accounts.group(gid)
        label = str(row["display_name"]) if row else gid
        entry = {"label": label, "value": {"shareType": 1, "shareWith": gid}}
        (exact_groups if needle in (gid.lower(), label.lower()) else groups).append(entry)
    nothing: list[Any] = []
    exact = {"users": exact_users, "groups": exact_groups, "remotes": nothing,
             "remote_groups": nothing, "emails": nothing, "circles": nothing, "rooms": nothing}
    return {"exact": exact, "users": users, "groups": sorted(groups, key=_label),
            "remotes": nothing, "remote_groups": nothing, "emails": nothing,
            "lookup": nothing, "circles": nothing, "rooms": nothing, "lookupEnabled": False}


def _label(entry: dict[str, Any]) -> str:
    return str(entry["label"]).lower()
