"""Login Flow v2: start, poll while pending, complete with an app password, poll again."""

from __future__ import annotations

import re

from tests.contract.session import Session

START = "/index.php/login/v2"
POLL = "/index.php/login/v2/poll"
PENDING_POLLS = 12
"""More than the brute-force threshold (ten failures), to see whether polls count."""


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found.group(1) if found else ""


def scenario(s: Session) -> None:
    user = s.user("user")
    started = s.call(s.anonymous, "POST", START, "start a login flow")
    token = started.json().get("poll", {}).get("token", "") if started.is_success else ""
    login = started.json().get("login", "") if started.is_success else ""
    for n in range(1, PENDING_POLLS + 1):
        s.call(s.anonymous, "POST", POLL, f"poll a pending flow #{n}", data={"token": token})
    s.call(s.anonymous, "POST", POLL, "poll an unknown token", data={"token": "x" * 128})
    s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "logins still work after the polls")
    with s.browser() as browser:
        landing = s.call(s.anonymous, "GET", login.removeprefix(s.target.url),
                         "the browser opens the login URL", client=browser)
        location = landing.headers.get("location", "").removeprefix(s.target.url)
        page = s.call(s.anonymous, "GET", location or "/", "the flow's page", client=browser)
        form = {"user": user.uid, "password": user.app_password,
                "stateToken": field(page.text, "stateToken"),
                "requesttoken": field(page.text, "requesttoken")}
        s.call(s.anonymous, "POST", "/index.php/login/v2/apptoken",
               "grant access with an app password", data=form, client=browser)
    done = s.call(s.anonymous, "POST", POLL, "poll the completed flow", data={"token": token})
    s.call(s.anonymous, "POST", POLL, "poll it once more", data={"token": token})
    granted = done.json() if done.status_code == 200 else {}
    if granted:
        s.ocs(user, "GET", "/ocs/v2.php/cloud/user", "sign in with the granted app password",
              auth=(granted["loginName"], granted["appPassword"]))
