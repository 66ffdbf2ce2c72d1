"""The provisioning API (reference §2): users, groups, the current user, app passwords."""

from __future__ import annotations

import re
from typing import Any

from zolicht.devcloud.accounts import ADMIN_GROUP, AccountError, User
from zolicht.devcloud.call import Call, route
from zolicht.devcloud.ocs import NOT_FOUND, OCSError
from zolicht.devcloud.outbox import WELCOME
from zolicht.devcloud.ratelimit import EDIT_USER

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NOT_ADMIN = "Logged in account must be an admin or sub admin"
NOT_SUBADMIN = "Logged in account must be at least a sub admin"
NOT_AUTHORIZED = ("Logged in account must be an admin, a sub admin or gotten special right to "
                  "access this setting")
MIN_PASSWORD = 10
"""password_policy's default minimum length (its list of common passwords is not kept)."""
EDITABLE = {"display": "display_name", "displayname": "display_name", "email": "email",
            "quota": "quota", "language": "language", "phone": "phone"}


def require_admin(call: Call, message: str = NOT_ADMIN) -> None:
    if not call.server.accounts.is_admin(call.uid):
        raise OCSError(403, message)


PROFILE = ("phone", "address", "website", "twitter", "bluesky", "fediverse", "organisation",
           "role", "headline", "biography", "profile_enabled", "pronouns")
FEDERATED = {"avatar", "email", "displayname", "pronouns"}
"""Properties whose default scope is v2-federated; the others are v2-local."""
UNLIMITED = -3


def user_data(call: Call, user: User, scoped: bool = False) -> dict[str, Any]:
    """The user as the provisioning API shows it to the caller: an admin also sees where
    the files are; a user reading themself also sees each property's scope."""
    accounts = call.server.accounts
    data: dict[str, Any] = {
        "enabled": user.enabled, "id": user.uid, "firstLoginTimestamp": user.first_login,
        "lastLoginTimestamp": user.last_login, "lastLogin": user.last_login * 1000,
        "backend": "Database", "subadmin": [], "quota": quota(call, user), "manager": "",
        "email": user.email or None, "additional_mail": [], "displayname": user.display_name,
        "display-name": user.display_name,
        **{key: "" for key in PROFILE}, "phone": user.phone, "profile_enabled": "1",
        "groups": accounts.groups_of(user.uid), "language": user.language or "en",
        "locale": "", "timezone": "", "notify_email": None,
        "backendCapabilities": {"setDisplayName": True, "setPassword": True},
    }
    if accounts.is_admin(call.uid):
        data["storageLocation"] = str(call.server.tree.root / user.uid)
    if scoped and user.uid == call.uid:
        data.update(scopes())
    return data


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise OCSError(107, f"Password needs to be at least {MIN_PASSWORD} characters long.")


def scopes() -> dict[str, Any]:
    names = ("avatar", "email", "displayname", *PROFILE)
    found: dict[str, Any] = {f"{n}Scope": "v2-federated" if n in FEDERATED else "v2-local"
                             for n in names}
    found["additional_mailScope"] = []
    return found


def quota(call: Call, user: User) -> dict[str, Any]:
    used = call.server.tree.used(user.uid)
    limit = quota_bytes(user.quota)
    if limit == UNLIMITED:
        return {"free": UNLIMITED, "used": used, "total": UNLIMITED, "relative": 0,
                "quota": UNLIMITED}
    return {"free": max(limit - used, 0), "used": used, "total": limit,
            "relative": round(100 * used / limit, 2) if limit else 0, "quota": limit}


def quota_bytes(text: str) -> int:
    """``none``/``default`` or a size such as ``5 GB``, in bytes (-3: unlimited)."""
    units = {"b": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "tb": 1024 ** 4}
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?b)?\s*", text.lower())
    if found is None:
        return UNLIMITED
    return int(float(found.group(1)) * units[found.group(2) or "b"])


@route("GET", r"/cloud/user")
def current_user(call: Call) -> Any:
    user = call.server.accounts.user(call.uid)
    assert user is not None
    return user_data(call, user, scoped=True)


@route("GET", r"/cloud/users")
def list_users(call: Call) -> Any:
    require_admin(call, NOT_SUBADMIN)
    return {"users": call.server.accounts.user_ids(*call.page())}


@route("GET", r"/cloud/users/details")
def list_user_details(call: Call) -> Any:
    require_admin(call, NOT_SUBADMIN)
    accounts = call.server.accounts
    ids = accounts.user_ids(*call.page())
    return {"users": {uid: user_data(call, accounts.user(uid)) for uid in ids}}  # type: ignore[arg-type]


@route("POST", r"/cloud/users")
def create_user(call: Call) -> Any:
    require_admin(call, NOT_SUBADMIN)
    accounts = call.server.accounts
    uid = call.param("userid") or ""
    password = call.param("password") or ""
    email = call.param("email") or ""
    groups = call.list_param("groups")
    if accounts.user(uid) is not None:
        raise OCSError(102, "User already exists")
    for gid in groups:
        if accounts.group(gid) is None:
            raise OCSError(104, f"Group {gid} does not exist")
    if email and not EMAIL.fullmatch(email):
        raise OCSError(101, "Invalid email address")
    if not password:
        if not email:
            raise OCSError(108, "To send a password link to the user an email address is "
                                "required.")
        password = call.server.random_password()
    check_password(password)
    try:
        accounts.create_user(uid, password, call.param("displayName") or "", email)
    except AccountError as problem:
        raise OCSError(101, str(problem)) from None
    for gid in groups:
        accounts.add_member(gid, uid)
    if email:
        call.server.send_mail(email, "welcome", uid, WELCOME)
    return {"id": uid}


@route("GET", r"/cloud/users/(?P<uid>[^/]+)")
def get_user(call: Call) -> Any:
    accounts = call.server.accounts
    user = accounts.user(call.arg("uid"))
    if call.arg("uid") != call.uid and not accounts.is_admin(call.uid):
        raise OCSError(NOT_FOUND, "")
    if user is None:
        raise OCSError(404, "User does not exist")
    return user_data(call, user, scoped=True)


@route("PUT", r"/cloud/users/(?P<uid>[^/]+)", limit=EDIT_USER)
def edit_user(call: Call) -> Any:
    accounts = call.server.accounts
    uid = call.arg("uid")
    admin = accounts.is_admin(call.uid)
    if accounts.user(uid) is None or (uid != call.uid and not admin):
        raise OCSError(NOT_FOUND, "")
    key, value = call.param("key") or "", call.param("value") or ""
    if key == "password":
        check_password(value)
        accounts.set_password(uid, value)
        return None
    if key not in EDITABLE or (key == "quota" and not admin):
        raise OCSError(113, "")
    if key == "email" and value and not EMAIL.fullmatch(value):
        raise OCSError(101, "")
    accounts.update_user(uid, EDITABLE[key], value)
    return None


@route("DELETE", r"/cloud/users/(?P<uid>[^/]+)")
def delete_user(call: Call) -> Any:
    accounts = call.server.accounts
    uid = call.arg("uid")
    if accounts.user(uid) is None or not accounts.is_admin(call.uid):
        raise OCSError(NOT_FOUND, "")
    if uid == call.uid:
        raise OCSError(101, "")
    accounts.delete_user(uid)
    call.server.forget_user(uid)
    return None


@route("PUT", r"/cloud/users/(?P<uid>[^/]+)/(?P<state>enable|disable)")
def enable_user(call: Call) -> Any:
    accounts = call.server.accounts
    uid = call.arg("uid")
    if accounts.user(uid) is None or uid == call.uid:
        raise OCSError(101, "")
    if not accounts.is_admin(call.uid):
        raise OCSError(NOT_FOUND, "")
    accounts.update_user(uid, "enabled", "1" if call.arg("state") == "enable" else "0")
    return None


@route("GET", r"/cloud/users/(?P<uid>[^/]+)/groups")
def user_groups(call: Call) -> Any:
    accounts = call.server.accounts
    uid = call.arg("uid")
    if uid != call.uid and not accounts.is_admin(call.uid):
        raise OCSError(NOT_FOUND, "")
    if accounts.user(uid) is None:
        raise OCSError(NOT_FOUND, "")
    return {"groups": accounts.groups_of(uid)}


@route("POST", r"/cloud/users/(?P<uid>[^/]+)/groups")
def add_to_group(call: Call) -> Any:
    gid = _membership_checks(call)
    call.server.accounts.add_member(gid, call.arg("uid"))
    return None


@route("DELETE", r"/cloud/users/(?P<uid>[^/]+)/groups")
def remove_from_group(call: Call) -> Any:
    gid = _membership_checks(call)
    if gid == ADMIN_GROUP and call.arg("uid") == call.uid:
        raise OCSError(105, "Cannot remove yourself from the admin group")
    call.server.accounts.remove_member(gid, call.arg("uid"))
    return None


def _membership_checks(call: Call) -> str:
    accounts = call.server.accounts
    gid = call.param("groupid") or ""
    if not gid:
        raise OCSError(101, "")
    if accounts.group(gid) is None:
        raise OCSError(102, "")
    if accounts.user(call.arg("uid")) is None:
        raise OCSError(103, "")
    if not accounts.is_admin(call.uid):
        raise OCSError(104, "")
    return gid


@route("GET", r"/cloud/groups")
def list_groups(call: Call) -> Any:
    require_admin(call, NOT_SUBADMIN)
    return {"groups": call.server.accounts.group_ids(*call.page())}


@route("GET", r"/cloud/groups/details")
def list_group_details(call: Call) -> Any:
    require_admin(call, NOT_AUTHORIZED)
    accounts = call.server.accounts
    groups = []
    for gid in accounts.group_ids(*call.page()):
        row = accounts.group(gid)
        groups.append({"id": gid, "displayname": row["display_name"] if row else gid,
                       "usercount": len(accounts.members(gid)), "disabled": 0,
                       "canAdd": True, "canRemove": True})
    return {"groups": groups}


@route("POST", r"/cloud/groups")
def create_group(call: Call) -> Any:
    require_admin(call, NOT_AUTHORIZED)
    accounts = call.server.accounts
    gid = call.param("groupid") or ""
    if not gid:
        raise OCSError(101, "Invalid group name")
    if accounts.group(gid) is not None:
        raise OCSError(102, "group exists")
    accounts.create_group(gid, call.param("displayname") or "")
    return None


@route("GET", r"/cloud/groups/(?P<gid>.+?)(?:/users)?")
def group_users(call: Call) -> Any:
    accounts = call.server.accounts
    gid = call.arg("gid")
    if accounts.group(gid) is None:
        raise OCSError(404, "The requested group could not be found")
    if not accounts.is_admin(call.uid) and call.uid not in accounts.members(gid):
        raise OCSError(403, "")
    return {"users": accounts.members(gid)}


@route("PUT", r"/cloud/groups/(?P<gid>.+)")
def edit_group(call: Call) -> Any:
    require_admin(call)
    accounts = call.server.accounts
    if accounts.group(call.arg("gid")) is None:
        raise OCSError(NOT_FOUND, "Group does not exist")
    if call.param("key") != "displayname":
        raise OCSError(999, "")
    accounts.rename_group(call.arg("gid"), call.param("value") or "")
    return None


@route("DELETE", r"/cloud/groups/(?P<gid>.+)")
def delete_group(call: Call) -> Any:
    require_admin(call, NOT_AUTHORIZED)
    accounts = call.server.accounts
    gid = call.arg("gid")
    if accounts.group(gid) is None:
        raise OCSError(101, "")
    if gid == ADMIN_GROUP:
        raise OCSError(102, "")
    accounts.delete_group(gid)
    return None


@route("GET", r"/core/getapppassword")
def get_app_password(call: Call) -> Any:
    if call.app_password:
        raise OCSError(403, "You cannot request an new apppassword with an apppassword")
    return {"apppassword": call.server.accounts.new_app_password(call.uid, "devcloud")}


@route("DELETE", r"/core/apppassword")
def delete_app_password(call: Call) -> Any:
    if not call.app_password:
        raise OCSError(403, "Password confirmation is required")
    call.server.accounts.delete_app_password(call.uid, call.secret)
    return None
