"""AppAPI: an ExApp registered with the manual-install daemon, its proxy (which follows
the ExApp's redirects itself), the top-menu API and calls signed with the app secret."""

from __future__ import annotations

import base64

from tests.contract.exapp import ExApp, serving
from tests.contract.scenarios.common import SHARES
from tests.contract.session import Check, Session
from tests.contract.targets import ExAppInfo

ROUTES = (
    {"url": "^public\\/.*", "verb": "GET", "access_level": 0},
    {"url": "^admin\\/.*", "verb": "GET", "access_level": 2},
    {"url": "^excl\\/.*", "verb": "GET", "access_level": 1, "headers_to_exclude": ["x-custom"]},
    {"url": ".*", "verb": "GET,POST,PUT,DELETE", "access_level": 1},
)
PROXIED = Check(headers=("cache-control", "set-cookie", "x-exapp"))
TOP_MENU = "/ocs/v1.php/apps/app_api/api/v1/ui/top-menu"


def signed(app: ExApp, uid: str, secret: str = "") -> dict[str, str]:
    token = base64.b64encode(f"{uid}:{secret or app.secret}".encode()).decode()
    return {"EX-APP-ID": app.app_id, "EX-APP-VERSION": "1.0.0",
            "AUTHORIZATION-APP-API": token, "OCS-APIRequest": "true",
            "Accept": "application/json"}


def scenario(s: Session) -> None:
    shell = s.shell
    app_id = f"contract_{s.run}"
    with serving(app_id, f"secret-{s.run}-0123456789", s.target.exapp_host) as app:
        shell.register_exapp(ExAppInfo(app_id, "1.0.0", app.secret, app.port, ROUTES))
        try:
            s.exapp_seen("what the ExApp is sent when it is registered", app)
            proxy(s, app)
            top_menu(s, app)
            signed_calls(s, app)
        finally:
            shell.unregister_exapp(app_id)
        s.exapp_seen("what the ExApp is sent when it is unregistered", app)
        s.call(s.user("user"), "GET", f"/index.php/apps/app_api/proxy/{app_id}/page",
               "the proxy after unregistering")


def proxy(s: Session, app: ExApp) -> None:
    user, base = s.user("user"), f"/index.php/apps/app_api/proxy/{app.app_id}"
    cases = (
        (user, "GET", "page", "a page", {}),
        (user, "GET", "data?x=1", "JSON with a query", {}),
        (user, "POST", "form", "a form post answered 303 (relative)", {"data": {"a": "1"}}),
        (user, "POST", "form-absolute", "a form post answered 303 (absolute)",
         {"data": {"b": "2"}}),
        (user, "POST", "ok", "a JSON post answered 200", {"json": {"c": 3}}),
        (user, "POST", "keep", "a post answered 307", {"json": {"d": 4}}),
        (user, "GET", "headers", "an answer with its own headers", {}),
        (user, "GET", "cookie", "a redirect that sets a cookie",
         {"headers": {"Cookie": "browser=1"}}),
        (user, "GET", "loop", "a redirect loop", {}),
        (user, "PUT", "thing", "a PUT", {"content": b"put-body"}),
        (user, "DELETE", "thing", "a DELETE", {}),
        (user, "GET", "excl/page", "a route excluding X-Custom", {"headers": {"X-Custom": "1"}}),
        (user, "GET", "page", "X-Custom on another route", {"headers": {"X-Custom": "1"}}),
        (s.anonymous, "GET", "page", "a user route without login", {}),
        (s.anonymous, "GET", "public/page", "a public route without login", {}),
        (user, "GET", "admin/page", "an admin route as a user", {}),
        (s.admin, "GET", "admin/page", "an admin route as an admin", {}),
    )
    for who, method, path, label, options in cases:
        s.call(who, method, f"{base}/{path}", f"proxy: {label}", check=PROXIED, **options)
        s.exapp_seen(f"proxy: {label}: what reached the ExApp", app)
    s.call(user, "GET", "/index.php/apps/app_api/proxy/no_such_app/page",
           "proxy: an unknown app")


def top_menu(s: Session, app: ExApp) -> None:
    entry = {"name": "main", "displayName": "Contract", "icon": "", "adminRequired": 0}
    s.call(s.anonymous, "POST", TOP_MENU, "top menu: register", json=entry,
           headers=signed(app, ""))
    s.call(s.anonymous, "POST", TOP_MENU, "top menu: register with a wrong secret",
           json=entry, headers=signed(app, "", "wrong-secret"))
    s.call(s.anonymous, "DELETE", TOP_MENU, "top menu: remove", json={"name": "main"},
           headers=signed(app, ""))
    s.call(s.anonymous, "DELETE", TOP_MENU, "top menu: remove again", json={"name": "main"},
           headers=signed(app, ""))


def signed_calls(s: Session, app: ExApp) -> None:
    user = s.user("user")
    s.call(s.anonymous, "GET", "/ocs/v2.php/cloud/user", "OCS as a user through AppAPI",
           headers=signed(app, user.uid))
    s.call(s.anonymous, "GET", "/ocs/v2.php/cloud/user", "OCS as the app itself",
           headers=signed(app, ""))
    for n in range(1, 3):
        s.call(s.anonymous, "POST", SHARES, f"createShare as the app itself #{n}",
               data={"path": "/x.txt", "shareType": 0, "shareWith": user.uid},
               headers=signed(app, ""))
