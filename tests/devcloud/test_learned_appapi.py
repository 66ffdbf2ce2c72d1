"""AppAPI as a real Nextcloud 32 (app_api 32.0.0) showed it (tests/contract recording
appapi): registration calls, the proxy that follows the ExApp's redirects itself, the
top-menu API and signed OCS calls."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from tests.contract.exapp import ExApp, serving
from tests.devcloud.conftest import Cloud

ROUTES = [{"url": "^public\\/.*", "verb": "GET", "access_level": 0},
          {"url": "^excl\\/.*", "verb": "GET", "access_level": 1,
           "headers_to_exclude": ["x-custom"]},
          {"url": ".*", "verb": "GET,POST,PUT,DELETE", "access_level": 1}]
PROXY = "/index.php/apps/app_api/proxy/exapp"
TOP_MENU = "/ocs/v1.php/apps/app_api/api/v1/ui/top-menu?format=json"


@pytest.fixture
def app(cloud: Cloud) -> Iterator[ExApp]:
    with serving("exapp", "exapp-secret-0123456789") as exapp:
        cloud.server.appapi.register("exapp", f"http://127.0.0.1:{exapp.port}", exapp.secret,
                                     "1.0.0", ROUTES)
        yield exapp


@pytest.fixture
def user(cloud: Cloud) -> Iterator[httpx.Client]:
    password = cloud.user("user")
    with httpx.Client(base_url=cloud.url, auth=("user", password)) as client:
        yield client


def signed(app: ExApp, uid: str, secret: str = "") -> dict[str, str]:
    token = base64.b64encode(f"{uid}:{secret or app.secret}".encode()).decode()
    return {"EX-APP-ID": app.app_id, "EX-APP-VERSION": "1.0.0",
            "AUTHORIZATION-APP-API": token, "OCS-APIRequest": "true"}


def test_registering_inits_and_enables_and_unregistering_disables(cloud: Cloud,
                                                                  app: ExApp) -> None:
    calls = [(s.method, s.path, s.headers["authorization-app-api"]) for s in app.take()]
    cloud.server.appapi.unregister("exapp")
    token = base64.b64encode(f":{app.secret}".encode()).decode()
    assert calls == [("POST", "/init", token), ("PUT", "/enabled?enabled=1", token)]
    assert [(s.method, s.path) for s in app.take()] == [("PUT", "/enabled?enabled=0")]


def test_a_post_answered_303_is_followed_with_a_get(app: ExApp, user: httpx.Client) -> None:
    app.take()
    answer = user.post(f"{PROXY}/form", data={"a": "1"})
    post, get = app.take()
    assert answer.status_code == 200 and "page" in answer.text  # the browser sees no 303
    assert (post.method, post.path, post.body) == ("POST", "/form", "a=1")
    assert (get.method, get.path, get.body) == ("GET", "/page?saved=1", "")
    assert get.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "content-length" not in get.headers
    assert base64.b64decode(get.headers["authorization-app-api"]).startswith(b"user:")


def test_a_post_answered_307_is_repeated(app: ExApp, user: httpx.Client) -> None:
    app.take()
    user.post(f"{PROXY}/keep", json={"d": 4})
    assert [(s.method, s.path, s.body) for s in app.take()] == [
        ("POST", "/keep", '{"d":4}'), ("POST", "/echo", '{"d":4}')]


def test_more_than_five_redirects_are_a_server_error(app: ExApp, user: httpx.Client) -> None:
    app.take()
    assert user.get(f"{PROXY}/loop").status_code == 500
    assert len(app.take()) == 6


def test_routes_decide_who_may_pass_and_which_headers(cloud: Cloud, app: ExApp,
                                                      user: httpx.Client) -> None:
    with httpx.Client(base_url=cloud.url) as anonymous:
        assert anonymous.get(f"{PROXY}/page").status_code == 404
        assert anonymous.get(f"{PROXY}/public/page").status_code == 200
    app.take()
    user.get(f"{PROXY}/excl/page", headers={"X-Custom": "1"})
    user.get(f"{PROXY}/page", headers={"X-Custom": "1"})
    excluded, kept = app.take()
    assert "x-custom" not in excluded.headers and kept.headers["x-custom"] == "1"
    assert user.get("/index.php/apps/app_api/proxy/nothing/page").status_code == 404


def test_answers_come_back_with_appapis_caching(app: ExApp, user: httpx.Client) -> None:
    page = user.get(f"{PROXY}/page")
    data = user.get(f"{PROXY}/data")
    own = user.get(f"{PROXY}/headers")
    assert page.headers["cache-control"] == "private, max-age=3600, must-revalidate"
    assert data.headers["cache-control"] == "no-cache, no-store, must-revalidate"
    assert own.headers["cache-control"] == "no-store" and own.headers["x-exapp"] == "1"
    assert own.headers["set-cookie"] == "first=1; Path=/"
    assert own.headers["content-type"] == "text/plain; charset=UTF-8"


def test_the_top_menu_takes_entries_from_the_app_itself(cloud: Cloud, app: ExApp) -> None:
    entry = {"name": "main", "displayName": "App", "icon": "", "adminRequired": 0}
    with httpx.Client(base_url=cloud.url) as nextcloud:
        added = nextcloud.post(TOP_MENU, json=entry, headers=signed(app, ""))
        wrong = nextcloud.post(TOP_MENU, json=entry, headers=signed(app, "", "wrong"))
        removed = nextcloud.request("DELETE", TOP_MENU, json={"name": "main"},
                                    headers=signed(app, ""))
        again = nextcloud.request("DELETE", TOP_MENU, json={"name": "main"},
                                  headers=signed(app, ""))
    assert added.status_code == 200 and added.json()["ocs"]["meta"]["statuscode"] == 100
    assert wrong.status_code == 401
    assert wrong.json()["ocs"]["meta"]["message"] == "AppAPI authentication failed"
    assert removed.json()["ocs"]["meta"]["statuscode"] == 100
    assert again.status_code == 200  # OCS v1: the failure is only in the envelope
    assert again.json()["ocs"]["meta"] == {
        "status": "failure", "statuscode": 404, "message": "No such Top Menu entry",
        "totalitems": "", "itemsperpage": ""}


def test_signed_calls_act_as_the_user_and_the_app_alone_is_nobody(cloud: Cloud,
                                                                  app: ExApp) -> None:
    cloud.user("user")
    with httpx.Client(base_url=cloud.url) as nextcloud:
        as_user = nextcloud.get("/ocs/v2.php/cloud/user?format=json", headers=signed(app, "user"))
        alone = nextcloud.get("/ocs/v2.php/cloud/user?format=json", headers=signed(app, ""))
    assert as_user.json()["ocs"]["data"]["id"] == "user"
    assert alone.status_code == 401
