"""Nextcloud's provisioning API (``/ocs/v2.php/cloud``): accounts, groups, memberships.

Creating an account or a group that exists raises ``AlreadyExists``; asking for one that
does not exist gives None (or raises ``Gone`` where there is nothing sensible to return).
The API reuses its status codes per call (seen on Nextcloud 32): 102 means "exists" when
creating, but "no such group" when leaving or joining one; 101 means "no such group" when
deleting one. Each call here says what its codes mean.
Adding someone to a group is not rate limited by Nextcloud (creating shares is), which is
why zolicht turns a family's yes into a group membership.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from zolicht.nextcloud.errors import AlreadyExists, Gone, Refused
from zolicht.nextcloud.transport import Transport

CLOUD = "/ocs/v2.php/cloud"


@dataclass(frozen=True)
class Account:
    id: str
    enabled: bool
    email: str
    display_name: str
    groups: tuple[str, ...]
    signed_in: bool = False
    """Whether the person ever signed in (Nextcloud's ``lastLogin``, 0 until then)."""

    @classmethod
    def from_ocs(cls, data: dict[str, Any]) -> Account:
        return cls(str(data["id"]), bool(data.get("enabled", True)), str(data.get("email") or ""),
                   str(data.get("displayname") or data.get("display-name") or ""),
                   tuple(str(g) for g in data.get("groups") or []),
                   bool(data.get("lastLogin")))


class Provisioning:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def me(self) -> Account:
        """The account this client signs in as."""
        return Account.from_ocs(self.transport.ocs("GET", f"{CLOUD}/user"))

    def forget_app_password(self) -> None:
        """Delete the app password this client signs in with (``core/apppassword``)."""
        self.transport.ocs("DELETE", "/ocs/v2.php/core/apppassword")

    def new_app_password(self) -> str:
        """A new app password for this client's account, asked for with its login password
        (``core/getapppassword``)."""
        return str(self.transport.ocs("GET", "/ocs/v2.php/core/getapppassword")["apppassword"])

    def users_with_groups(self) -> dict[str, list[str]]:
        """Every account id with its groups, in one request."""
        data = self.transport.ocs("GET", f"{CLOUD}/users/details")
        users = data.get("users", {}) if isinstance(data, dict) else {}
        if not isinstance(users, dict):  # PHP sends an empty map as []
            return {}
        return {uid: list(info.get("groups", [])) for uid, info in users.items()}

    def account(self, uid: str) -> Account | None:
        try:
            return Account.from_ocs(self.transport.ocs("GET", f"{CLOUD}/users/{quote(uid)}"))
        except Gone:
            return None

    def create_user(self, uid: str, email: str, display_name: str) -> None:
        """Without a password: Nextcloud mails the person a link to choose one."""
        with _exists_as(102):
            self.transport.ocs("POST", f"{CLOUD}/users",
                               data={"userid": uid, "email": email, "displayName": display_name})

    def set_password(self, uid: str, password: str) -> None:
        self.transport.ocs("PUT", f"{CLOUD}/users/{quote(uid)}",
                           data={"key": "password", "value": password})

    def groups(self, search: str = "") -> list[str]:
        return [str(g) for g in self.transport.ocs(
            "GET", f"{CLOUD}/groups", params={"search": search})["groups"]]

    def group_sizes(self, search: str = "") -> dict[str, int]:
        """Groups matching ``search`` with their number of members, in one request."""
        data = self.transport.ocs("GET", f"{CLOUD}/groups/details", params={"search": search})
        return {str(g["id"]): int(g.get("usercount") or 0) for g in data["groups"]}

    def create_group(self, gid: str, display_name: str) -> None:
        with _exists_as(102):
            self.transport.ocs("POST", f"{CLOUD}/groups",
                               data={"groupid": gid, "displayname": display_name})

    def delete_group(self, gid: str) -> None:
        """Gone already (101: no such group) is what was wanted."""
        with _absent_as(101):
            self.transport.ocs("DELETE", f"{CLOUD}/groups/{quote(gid)}")

    def group_members(self, gid: str) -> list[str] | None:
        """The members of a group, or None when the group does not exist."""
        try:
            data = self.transport.ocs("GET", f"{CLOUD}/groups/{quote(gid)}/users")
        except Gone:
            return None
        return [str(u) for u in data["users"]]

    def add_to_group(self, uid: str, gid: str) -> None:
        """Idempotent: adding a member twice leaves one membership."""
        self.transport.ocs("POST", f"{CLOUD}/users/{quote(uid)}/groups",
                           idempotent=True, data={"groupid": gid})

    def remove_from_group(self, uid: str, gid: str) -> None:
        """Not in a group that does not exist (102) is what was wanted."""
        with _absent_as(102):
            self.transport.ocs("DELETE", f"{CLOUD}/users/{quote(uid)}/groups",
                               params={"groupid": gid})


@contextmanager
def _exists_as(statuscode: int) -> Iterator[None]:
    """Turn this call's "it exists already" status code into ``AlreadyExists``."""
    try:
        yield
    except Refused as refused:
        if refused.statuscode != statuscode:
            raise
        raise AlreadyExists(refused.method, refused.path, str(refused), refused.http_status,
                            refused.statuscode, refused.message) from None


@contextmanager
def _absent_as(statuscode: int) -> Iterator[None]:
    """Take this call's "no such thing" status code (or a 404) as done."""
    try:
        yield
    except Gone:
        pass
    except Refused as refused:
        if refused.statuscode != statuscode:
            raise
