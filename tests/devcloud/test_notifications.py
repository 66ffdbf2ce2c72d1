"""The notifications app's admin endpoint, through zolicht's client and as raw HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.devcloud.conftest import Cloud
from zolicht.nextcloud import Gone, Nextcloud, NextcloudConfig, Refused

SEND = "/ocs/v2.php/apps/notifications/api/v2/admin_notifications"
LIST = "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json"


@contextmanager
def client(cloud: Cloud, user: str = "admin", password: str = "admin") -> Iterator[Nextcloud]:
    nextcloud = Nextcloud(NextcloudConfig(cloud.url, user, password, retries=0))
    try:
        yield nextcloud
    finally:
        nextcloud.close()


def test_the_client_notifies_an_account_which_then_lists_it(cloud: Cloud) -> None:
    password = cloud.user("ria")
    with client(cloud) as admin:
        admin.notifications.send("ria", "Er staat iets nieuws voor je klaar.",
                                 "Kijk in zolicht.")
    sent = cloud.server.notifications()
    assert [(n.uid, n.subject, n.message) for n in sent] == [
        ("ria", "Er staat iets nieuws voor je klaar.", "Kijk in zolicht.")]
    with cloud.client(("ria", password)) as ria:
        answer = ria.get(LIST)
    assert answer.status_code == 200
    [shown] = answer.json()["ocs"]["data"]
    assert (shown["app"], shown["subject"], shown["message"]) == (
        "admin_notifications", "Er staat iets nieuws voor je klaar.", "Kijk in zolicht.")
    with cloud.client() as other:
        assert other.get(LIST).json()["ocs"]["data"] == []


def test_an_unknown_account_is_gone(cloud: Cloud) -> None:
    with client(cloud) as admin, pytest.raises(Gone):
        admin.notifications.send("nobody", "Hallo")
    assert cloud.server.notifications() == []


def test_only_an_admin_may_notify(cloud: Cloud) -> None:
    password = cloud.user("ria")
    cloud.user("petra")
    with client(cloud, "ria", password) as ria_client, pytest.raises(Refused) as refused:
        ria_client.notifications.send("petra", "Hallo")
    assert refused.value.http_status == 403
    with cloud.client(("ria", password)) as ria:
        answer = ria.post(f"{SEND}/petra?format=json", data={"shortMessage": "Hallo"})
    assert answer.status_code == 403
    assert answer.json()["ocs"]["meta"]["message"] == "Logged in account must be an admin"
    assert cloud.server.notifications() == []


@pytest.mark.parametrize(("fields", "status"), [
    ({"shortMessage": ""}, 400),
    ({"shortMessage": "é" * 128}, 400),  # 256 bytes: PHP counts bytes
    ({"shortMessage": "é" * 127}, 200),
    ({"shortMessage": "kort", "longMessage": "x" * 4001}, 400),
    ({"shortMessage": "kort", "longMessage": "x" * 4000}, 200),
])
def test_limits_in_bytes(cloud: Cloud, fields: dict[str, str], status: int) -> None:
    cloud.user("ria")
    with cloud.client() as admin:
        answer = admin.post(f"{SEND}/ria?format=json", data=fields)
    assert answer.status_code == status
    assert answer.json()["ocs"]["meta"]["statuscode"] == status


def test_an_unknown_account_is_404_before_the_text_is_checked(cloud: Cloud) -> None:
    with cloud.client() as admin:
        answer = admin.post(f"{SEND}/nobody?format=json", data={"shortMessage": ""})
    assert answer.status_code == 404


def test_the_client_refuses_what_nextcloud_would_refuse(cloud: Cloud) -> None:
    cloud.user("ria")
    with client(cloud) as admin, pytest.raises(Refused):
        admin.notifications.send("ria", "x" * 256)
    assert cloud.server.notifications() == []
