"""Login Flow v2 as Nextcloud 32 answers it (seen on a real 32.0.1): a pending poll is a
404 with ``[]`` and never a failed login; a wrong password on the login page counts against
the browser's address; a disabled account's app password is refused without counting, a
revoked one counts once."""

from __future__ import annotations

import re

import httpx

from tests.devcloud.conftest import Cloud
from zolicht.devcloud.app import LOGIN_ACTION

OCS = {"OCS-APIRequest": "true", "Accept": "application/json"}


def from_address(cloud: Cloud, address: str) -> httpx.Client:
    return httpx.Client(base_url=cloud.url, timeout=10,
                        transport=httpx.HTTPTransport(local_address=address))


def test_the_flow_from_start_to_app_password(cloud: Cloud) -> None:
    password = cloud.user("ria")
    with from_address(cloud, "127.0.0.1") as app, from_address(cloud, "127.0.0.2") as browser:
        started = app.post("/index.php/login/v2", headers={"User-Agent": "zolicht"})
        assert started.status_code == 200
        flow = started.json()
        assert flow["poll"]["endpoint"] == f"{cloud.url}/index.php/login/v2/poll"
        assert flow["login"].startswith(f"{cloud.url}/index.php/login/v2/flow/")
        pending = app.post(flow["poll"]["endpoint"], data={"token": flow["poll"]["token"]})
        assert (pending.status_code, pending.text) == (404, "[]")
        page = browser.get(flow["login"])
        assert page.status_code == 200 and "<strong>zolicht</strong>" in page.text
        token = re.search(r"name='token' value='([^']+)'", page.text)
        assert token is not None
        wrong = browser.post("/index.php/login/v2/grant",
                             data={"token": token[1], "user": "ria", "password": "nope"})
        assert "Wrong login or password." in wrong.text
        granted = browser.post("/index.php/login/v2/grant",
                               data={"token": token[1], "user": "ria", "password": password})
        assert "Account connected" in granted.text
        done = app.post(flow["poll"]["endpoint"], data={"token": flow["poll"]["token"]})
        assert done.status_code == 200
        assert set(done.json()) == {"server", "loginName", "appPassword"}
        assert done.json()["loginName"] == "ria" and done.json()["server"] == cloud.url
        assert app.post(flow["poll"]["endpoint"],
                        data={"token": flow["poll"]["token"]}).status_code == 404
        app_password = done.json()["appPassword"]
        me = app.get("/ocs/v2.php/cloud/user", auth=("ria", app_password), headers=OCS)
        assert me.json()["ocs"]["data"]["id"] == "ria"
    accounts = cloud.server.accounts
    assert accounts.attempts(LOGIN_ACTION, "127.0.0.2", 1) == 1
    assert accounts.attempts(LOGIN_ACTION, "127.0.0.1", 1) == 0


def test_an_unknown_flow_is_refused_and_polling_it_is_no_failed_login(cloud: Cloud) -> None:
    with from_address(cloud, "127.0.0.1") as app:
        assert app.get("/index.php/login/v2/flow/nope").status_code == 403
        for _ in range(20):
            assert app.post("/index.php/login/v2/poll", data={"token": "nope"}).status_code == 404
    assert cloud.server.accounts.attempts(LOGIN_ACTION, "127.0.0.1", 1) == 0


def test_a_disabled_account_is_refused_without_counting_a_revoked_app_password_counts(
        cloud: Cloud) -> None:
    cloud.user("kevin")
    app_password = cloud.server.accounts.new_app_password("kevin", "zolicht")
    with from_address(cloud, "127.0.0.3") as user, cloud.client() as admin:
        assert admin.put("/ocs/v2.php/cloud/users/kevin/disable").status_code == 200
        refused = user.get("/ocs/v2.php/cloud/user", auth=("kevin", app_password), headers=OCS)
        assert refused.status_code == 401
        assert cloud.server.accounts.attempts(LOGIN_ACTION, "127.0.0.3", 1) == 0
        assert admin.put("/ocs/v2.php/cloud/users/kevin/enable").status_code == 200
        assert user.delete("/ocs/v2.php/core/apppassword", auth=("kevin", app_password),
                           headers=OCS).status_code == 200
        gone = user.get("/ocs/v2.php/cloud/user", auth=("kevin", app_password), headers=OCS)
        assert gone.status_code == 401
        assert cloud.server.accounts.attempts(LOGIN_ACTION, "127.0.0.3", 1) == 1
