"""Rate limits, brute-force protection and Login Flow v2 as a real Nextcloud 32 showed them
(tests/contract recordings share_rate_limit, edit_user_rate_limit, bruteforce, login_flow)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx

from tests.devcloud.conftest import Cloud, serve
from zolicht.devcloud.settings import Settings

SHARES = "/ocs/v2.php/apps/files_sharing/api/v1/shares"
JSON = {"OCS-APIRequest": "true", "Accept": "application/json"}


def share_twenty_one_times(cloud: Cloud) -> list[httpx.Response]:
    cloud.user("sharee")
    password = cloud.user("owner")
    with httpx.Client(base_url=cloud.url, auth=("owner", password), headers=JSON) as owner:
        owner.put("/remote.php/dav/files/owner/a.txt", content=b"a")
        return [owner.post(SHARES, data={"path": "/a.txt", "shareType": 0,
                                         "shareWith": "sharee", "permissions": 1})
                for _ in range(21)]


def test_the_twenty_first_share_within_ten_minutes_is_refused(cloud: Cloud) -> None:
    answers = share_twenty_one_times(cloud)
    assert {a.status_code for a in answers[:20]} == {200}
    assert answers[20].status_code == 429 and answers[20].content == b""
    assert answers[20].headers["content-type"].startswith("text/html")


def test_an_allow_listed_address_may_share_more(tmp_path: Path) -> None:
    settings = Settings(bruteforce_allowlist=("127.0.0.1/32",),
                        apply_allowlist_to_ratelimit=True)
    for cloud in serve(tmp_path / "devcloud", settings):
        assert {a.status_code for a in share_twenty_one_times(cloud)} == {200}


def test_the_allow_list_alone_does_not_lift_the_limit(tmp_path: Path) -> None:
    for cloud in serve(tmp_path / "devcloud", Settings(bruteforce_allowlist=("127.0.0.1/32",))):
        assert share_twenty_one_times(cloud)[20].status_code == 429


def test_edit_user_allows_fifty_changes_and_group_changes_are_not_limited(
        cloud: Cloud) -> None:
    cloud.user("person")
    with cloud.client() as admin:
        admin.post("/ocs/v2.php/cloud/groups", data={"groupid": "g"})
        edits = [admin.put("/ocs/v2.php/cloud/users/person", data={
            "key": "email", "value": f"p{n}@example.test"}).status_code for n in range(51)]
        moves = [admin.post("/ocs/v2.php/cloud/users/person/groups",
                            data={"groupid": "g"}).status_code for _ in range(60)]
    assert edits[:50] == [200] * 50 and edits[50] == 429
    assert set(moves) == {200}


def test_a_locked_out_address_gets_nextclouds_dav_error(cloud: Cloud) -> None:
    password = cloud.user("user")
    with httpx.Client(base_url=cloud.url, headers=JSON) as client:
        for _ in range(11):
            client.get("/ocs/v2.php/cloud/user", auth=("user", "wrong"))
        ocs = client.get("/ocs/v2.php/cloud/user", auth=("user", password))
        dav = client.request("PROPFIND", "/remote.php/dav/files/user/", auth=("user", password))
    assert ocs.status_code == 429 and ocs.json()["ocs"]["meta"]["message"] == \
        "Reached maximum delay"
    assert dav.status_code == 429 and "dav" not in dav.headers
    assert "OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests" in dav.text
    cloud.server.accounts.reset_attempts("127.0.0.1")
    with httpx.Client(base_url=cloud.url, headers=JSON) as client:
        assert client.get("/ocs/v2.php/cloud/user", auth=("user", password)).status_code == 200


def test_login_flow_v2_hands_out_the_granted_app_password_once(cloud: Cloud) -> None:
    password = cloud.user("user")
    with httpx.Client(base_url=cloud.url, headers=JSON) as admin:
        app_password = admin.get("/ocs/v2.php/core/getapppassword", auth=("user", password)
                                 ).json()["ocs"]["data"]["apppassword"]
    with httpx.Client(base_url=cloud.url) as client:
        started = client.post("/index.php/login/v2").json()
        token = started["poll"]["token"]
        pending = [client.post("/index.php/login/v2/poll", data={"token": token})
                   for _ in range(12)]
        assert {p.status_code for p in pending} == {404} and pending[0].json() == []
        landing = client.get(started["login"].removeprefix(cloud.url))
        page = client.get(landing.headers["location"].removeprefix(cloud.url)).text
        fields = dict(re.findall(r'name="(stateToken|requesttoken)" value="([^"]*)"', page))
        client.post("/index.php/login/v2/apptoken",
                    data={"user": "user", "password": app_password, **fields})
        done = client.post("/index.php/login/v2/poll", data={"token": token})
        again = client.post("/index.php/login/v2/poll", data={"token": token})
    assert landing.status_code == 303
    assert done.json() == {"server": cloud.url, "loginName": "user", "appPassword": app_password}
    assert again.status_code == 404
    assert not cloud.server.accounts.blocked("login", "127.0.0.1")  # polls are not failures


def log_in_through_the_flow(cloud: Cloud, password: str, user: str = "user"
                            ) -> tuple[httpx.Response, httpx.Response, str]:
    """Open the flow's login URL with ``?user=``, press "Log in", type ``password`` in the
    login form, grant access; (the login form, the last answer, the poll token)."""
    with httpx.Client(base_url=cloud.url) as client:
        started = client.post("/index.php/login/v2").json()
        landing = client.get(started["login"].removeprefix(cloud.url), params={"user": user})
        page = client.get(landing.headers["location"].removeprefix(cloud.url)).text
        log_in = re.search(r'id="log-in" href="([^"]+)"', page)
        assert log_in is not None, page
        to_form = client.get(html.unescape(log_in[1]).removeprefix(cloud.url))
        assert to_form.status_code == 303
        form = client.get(to_form.headers["location"].removeprefix(cloud.url))
        fields = dict(re.findall(r'name="(redirect_url|requesttoken)" value="([^"]*)"',
                                 form.text))
        logged_in = client.post("/index.php/login", data={
            "user": user, "password": password,
            **{k: html.unescape(v) for k, v in fields.items()}})
        assert logged_in.status_code == 303
        grant = client.get(logged_in.headers["location"].removeprefix(cloud.url))
        confirm = dict(re.findall(r'name="(stateToken|requesttoken)" value="([^"]*)"',
                                  grant.text))
        last = (client.post("/index.php/login/v2/grant", data=confirm)
                if "stateToken" in confirm else grant)
        return form, last, started["poll"]["token"]


def test_login_flow_v2_logs_in_with_the_normal_password_and_hands_out_a_new_app_password(
        cloud: Cloud) -> None:
    password = cloud.user("user")
    form, granted, token = log_in_through_the_flow(cloud, password)
    assert 'name="user" value="user"' in form.text  # pre-filled from the login URL's ?user=
    assert "Account connected" in granted.text
    with httpx.Client(base_url=cloud.url, headers=JSON) as client:
        done = client.post("/index.php/login/v2/poll", data={"token": token}).json()
        assert done["loginName"] == "user" and done["appPassword"] != password
        assert len(done["appPassword"]) == 72
        me = client.get("/ocs/v2.php/cloud/user", auth=("user", done["appPassword"]))
    assert me.status_code == 200


def test_login_flow_v2_logs_in_with_an_app_password_in_the_login_form_too(
        cloud: Cloud) -> None:
    password = cloud.user("user")
    with httpx.Client(base_url=cloud.url, headers=JSON) as admin:
        app_password = admin.get("/ocs/v2.php/core/getapppassword", auth=("user", password)
                                 ).json()["ocs"]["data"]["apppassword"]
    _form, granted, token = log_in_through_the_flow(cloud, app_password)
    assert "Account connected" in granted.text
    with httpx.Client(base_url=cloud.url) as client:
        done = client.post("/index.php/login/v2/poll", data={"token": token}).json()
    assert done["loginName"] == "user" and done["appPassword"] != app_password


def test_a_wrong_password_in_the_login_form_grants_nothing(cloud: Cloud) -> None:
    cloud.user("user")
    _form, again, token = log_in_through_the_flow(cloud, "guessed")
    assert "Wrong login or password." in again.text and 'value="user"' in again.text
    assert cloud.server.accounts.attempts("login", "127.0.0.1", 1) == 1  # brute force counts
    with httpx.Client(base_url=cloud.url) as client:
        assert client.post("/index.php/login/v2/poll", data={"token": token}).status_code == 404


def test_a_wrong_app_password_grants_nothing(cloud: Cloud) -> None:
    cloud.user("user")
    with httpx.Client(base_url=cloud.url) as client:
        started = client.post("/index.php/login/v2").json()
        landing = client.get(started["login"].removeprefix(cloud.url))
        page = client.get(landing.headers["location"].removeprefix(cloud.url)).text
        fields = dict(re.findall(r'name="(stateToken|requesttoken)" value="([^"]*)"', page))
        refused = client.post("/index.php/login/v2/apptoken",
                              data={"user": "user", "password": "guessed", **fields})
        done = client.post("/index.php/login/v2/poll", data={"token": started["poll"]["token"]})
    assert refused.status_code == 403 and "Invalid app password" in refused.text
    assert done.status_code == 404
