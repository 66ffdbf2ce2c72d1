"""zolicht's client for Nextcloud: one session per Nextcloud, as the service account.

Every request has a connect and a read timeout; timeouts, connection errors, 429 and 5xx
are retried with exponential backoff and jitter; OCS failures become ``OCSError`` with the
OCS status and message. The client counts its reads and writes, so tests and benchmarks
can hold the reconciler to its request budget.

It is built directly on ``requests`` rather than on nextcloud-api-wrapper: that wrapper
creates users without e-mail, sets no timeouts and hides OCS status codes, which are the
three things provisioning depends on.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from zolicht.nextcloud.caldav import (
    CalendarState,
    calendar_propfind,
    mkcalendar_body,
    parse_calendar,
    share_body,
)
from zolicht.nextcloud.config import NextcloudConfig
from zolicht.nextcloud.errors import NextcloudError, OCSError, TransportError
from zolicht.nextcloud.webdav import Entry, parse_multistatus, propfind_body

READ_METHODS = {"GET", "HEAD", "PROPFIND", "OPTIONS", "REPORT"}
RETRY_STATUS = {429, 500, 502, 503, 504}
SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"

__all__ = ["Entry", "Nextcloud", "NextcloudConfig", "NextcloudError", "OCSError",
           "ShareInfo", "TransportError"]


@dataclass(frozen=True)
class ShareInfo:
    id: str
    share_type: int
    path: str
    """Path as the service account sees it, without leading slash."""
    share_with: str | None
    permissions: int
    initiator: str

    @classmethod
    def from_ocs(cls, data: dict[str, Any]) -> ShareInfo:
        return cls(str(data["id"]), int(data["share_type"]), str(data["path"]).lstrip("/"),
                   data.get("share_with"), int(data["permissions"]), str(data["uid_owner"]))


@dataclass
class Counter:
    reads: int = 0
    writes: int = 0
    log: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=10_000))
    """The latest requests (method, path); bounded, as a client may live as long as a server."""


class Nextcloud:
    def __init__(self, config: NextcloudConfig, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.session = session or requests.Session()
        self.session.auth = (config.user, config.app_password)
        self.session.headers.update({"OCS-APIRequest": "true", "Accept": "application/json"})
        self.sleep = sleep
        self.counter = Counter()

    @property
    def user(self) -> str:
        return self.config.user

    def close(self) -> None:
        self.session.close()

    # -- transport -------------------------------------------------------------------------------
    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One HTTP exchange, retried on transient failures; never raises requests errors."""
        url = self.config.url + path
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            self._count(method, path)
            try:
                response = self.session.request(
                    method, url, timeout=(self.config.connect_timeout, self.config.read_timeout),
                    **kwargs)
            except (requests.Timeout, requests.ConnectionError) as problem:
                if attempt + 1 == attempts:
                    raise TransportError(method, path, str(problem)) from problem
            else:
                if response.status_code not in RETRY_STATUS or attempt + 1 == attempts:
                    return response
            self.sleep(self._backoff(attempt))
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        base = self.config.backoff * 2 ** attempt
        return float(base + random.uniform(0, base))

    def _count(self, method: str, path: str) -> None:
        if method in READ_METHODS:
            self.counter.reads += 1
        else:
            self.counter.writes += 1
        self.counter.log.append((method, path))

    def ocs(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        try:
            meta = response.json()["ocs"]["meta"]
            data = response.json()["ocs"]["data"]
        except (ValueError, KeyError, TypeError):
            raise OCSError(method, path, response.status_code, response.status_code,
                           response.text[:200]) from None
        if meta["status"] != "ok":
            raise OCSError(method, path, response.status_code, int(meta["statuscode"]),
                           str(meta.get("message") or ""))
        return data

    def dav_path(self, path: str) -> str:
        return f"/remote.php/dav/files/{quote(self.user)}/{quote(path)}"

    # -- server ----------------------------------------------------------------------------------
    def version(self) -> str:
        response = self.request("GET", "/status.php")
        try:
            return str(response.json()["versionstring"])
        except (ValueError, KeyError):
            raise NextcloudError(f"GET /status.php: not a Nextcloud ({response.status_code})") \
                from None

    # -- accounts --------------------------------------------------------------------------------
    def users_with_groups(self) -> dict[str, list[str]]:
        """Every user id with its groups, in one request."""
        data = self.ocs("GET", "/ocs/v2.php/cloud/users/details")
        users = data.get("users", {}) if isinstance(data, dict) else {}
        return {uid: list(info.get("groups", [])) for uid, info in users.items()}

    def user_exists(self, uid: str) -> bool:
        try:
            self.ocs("GET", f"/ocs/v2.php/cloud/users/{quote(uid)}")
        except OCSError as error:
            if error.statuscode in (404, 998):
                return False
            raise
        return True

    def group_members(self, gid: str) -> list[str] | None:
        """The members of a group, or None when the group does not exist."""
        try:
            return list(self.ocs("GET", f"/ocs/v2.php/cloud/groups/{quote(gid)}/users")["users"])
        except OCSError as error:
            if error.statuscode == 404:
                return None
            raise

    def create_user(self, uid: str, email: str, display_name: str) -> None:
        """Without a password: Nextcloud mails the person a link to choose one."""
        self.ocs("POST", "/ocs/v2.php/cloud/users",
                 data={"userid": uid, "email": email, "displayName": display_name})

    def groups(self, search: str = "") -> list[str]:
        return list(self.ocs("GET", "/ocs/v2.php/cloud/groups", params={"search": search})[
            "groups"])

    def create_group(self, gid: str, display_name: str) -> None:
        self.ocs("POST", "/ocs/v2.php/cloud/groups",
                 data={"groupid": gid, "displayname": display_name})

    def add_to_group(self, uid: str, gid: str) -> None:
        self.ocs("POST", f"/ocs/v2.php/cloud/users/{quote(uid)}/groups", data={"groupid": gid})

    def remove_from_group(self, uid: str, gid: str) -> None:
        self.ocs("DELETE", f"/ocs/v2.php/cloud/users/{quote(uid)}/groups",
                 params={"groupid": gid})

    # -- files -----------------------------------------------------------------------------------
    def propfind(self, path: str, depth: str = "1") -> list[Entry]:
        """The entries at ``path`` (itself first); an empty list when it does not exist."""
        response = self.request("PROPFIND", self.dav_path(path), data=propfind_body(),
                                headers={"Depth": depth, "Content-Type": "application/xml"})
        if response.status_code == 404:
            return []
        if response.status_code != 207:
            raise NextcloudError(f"PROPFIND {path}: HTTP {response.status_code}")
        return parse_multistatus(response.content, f"/remote.php/dav/files/{self.user}/")

    def mkcol(self, path: str) -> None:
        response = self.request("MKCOL", self.dav_path(path))
        if response.status_code not in (201, 405):  # 405: it exists already
            raise NextcloudError(f"MKCOL {path}: HTTP {response.status_code}")

    def put(self, path: str, content: bytes) -> str:
        """Upload, returning the new etag (without quotes)."""
        response = self.request("PUT", self.dav_path(path), data=content)
        if response.status_code not in (201, 204):
            raise NextcloudError(f"PUT {path}: HTTP {response.status_code}")
        return response.headers.get("OC-ETag", response.headers.get("ETag", "")).strip('"')

    # -- calendars -------------------------------------------------------------------------------
    def calendar_path(self, uri: str) -> str:
        return f"/remote.php/dav/calendars/{quote(self.user)}/{quote(uri)}/"

    def calendar(self, uri: str) -> CalendarState | None:
        """The calendar's sharees and events (uri → etag) in one request; None if absent."""
        response = self.request("PROPFIND", self.calendar_path(uri), data=calendar_propfind(),
                                headers={"Depth": "1", "Content-Type": "application/xml"})
        if response.status_code == 404:
            return None
        if response.status_code != 207:
            raise NextcloudError(f"PROPFIND calendar {uri}: HTTP {response.status_code}")
        return parse_calendar(response.content)

    def make_calendar(self, uri: str, name: str) -> None:
        response = self.request("MKCALENDAR", self.calendar_path(uri),
                                data=mkcalendar_body(name),
                                headers={"Content-Type": "application/xml"})
        if response.status_code not in (201, 405):
            raise NextcloudError(f"MKCALENDAR {uri}: HTTP {response.status_code}")

    def share_calendar(self, uri: str, changes: list[tuple[str, str | None]]) -> None:
        """(principal, 'read'/'read-write' or None to unshare) for each sharee."""
        response = self.request("POST", self.calendar_path(uri), data=share_body(changes),
                                headers={"Content-Type": "application/xml"})
        if response.status_code != 200:
            raise NextcloudError(f"share calendar {uri}: HTTP {response.status_code}")

    def put_event(self, uri: str, name: str, ics: bytes, etag: str | None) -> str:
        """Create (``etag`` None: only if absent) or replace (only if unchanged)."""
        condition = {"If-Match": f'"{etag}"'} if etag else {"If-None-Match": "*"}
        response = self.request("PUT", self.calendar_path(uri) + quote(name), data=ics,
                                headers={"Content-Type": "text/calendar; charset=utf-8",
                                         **condition})
        if response.status_code not in (201, 204):
            raise NextcloudError(f"PUT event {name}: HTTP {response.status_code}")
        return response.headers.get("ETag", "").strip('"')

    def delete_event(self, uri: str, name: str) -> None:
        response = self.request("DELETE", self.calendar_path(uri) + quote(name))
        if response.status_code not in (204, 404):
            raise NextcloudError(f"DELETE event {name}: HTTP {response.status_code}")

    # -- shares ----------------------------------------------------------------------------------
    def shares(self) -> list[ShareInfo]:
        """Every share made by the service account or on its files, in one request."""
        data = self.ocs("GET", SHARES, params={"reshares": "true"})
        return [ShareInfo.from_ocs(s) for s in data]

    def shares_of(self, path: str, subfiles: bool) -> list[ShareInfo]:
        """Shares of ``path`` (or, with ``subfiles``, of what is directly inside it),
        made by anyone on the service account's files."""
        data = self.ocs("GET", SHARES, params={"path": "/" + path, "reshares": "true",
                                               "subfiles": "true" if subfiles else "false"})
        return [ShareInfo.from_ocs(s) for s in data]

    def create_user_share(self, path: str, uid: str, permissions: int) -> ShareInfo:
        data = self.ocs("POST", SHARES, data={"path": "/" + path, "shareType": 0,
                                              "shareWith": uid, "permissions": permissions})
        return ShareInfo.from_ocs(data)

    def update_share(self, share_id: str, permissions: int) -> None:
        self.ocs("PUT", f"{SHARES}/{share_id}", data={"permissions": permissions})

    def delete_share(self, share_id: str) -> None:
        try:
            self.ocs("DELETE", f"{SHARES}/{share_id}")
        except OCSError as error:
            if error.statuscode != 404:  # already gone is what we wanted
                raise
