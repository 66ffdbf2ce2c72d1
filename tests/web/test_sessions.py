"""A session does not outlive the Nextcloud account: it is checked again every five
minutes and ends when the account is disabled or gone or its app password is revoked. The
check is cheap and adds at most one failed login at Nextcloud per ended session."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.e2e.harness import devcloud_only
from tests.web.conftest import ZOLICHT, Web
from zolicht.web import auth
from zolicht.web.auth import SESSION_COOKIE
from zolicht.web.state import RECHECK, STALE, Session

OCS = {"OCS-APIRequest": "true"}


def later(web: Web, seconds: float) -> None:
    """Move the sessions' clock forward."""
    moved = web.site.sessions.now() + seconds
    web.site.sessions.now = lambda: moved


def session_of(web: Web, client: httpx.Client) -> Session:
    found = web.site.sessions.get(client.cookies.get(SESSION_COOKIE))
    assert found is not None
    return found


def reads(client: httpx.Client) -> int:
    return client.get("/api/v1/families/jansen/sharing").status_code


@devcloud_only
def test_a_disabled_account_is_signed_out_within_five_minutes(web: Web) -> None:
    petra = web.signed_in("petra")
    with web.world.cloud.client() as service:
        disabled = service.put(f"/ocs/v2.php/cloud/users/{web.uid('petra')}/disable")
        assert disabled.status_code == 200
    assert reads(petra) == 200  # checked less than five minutes ago
    later(web, RECHECK + 1)
    assert reads(petra) == 401
    token = {"X-CSRF-Token": "any"}
    assert petra.put("/api/v1/families/jansen/consents/energie/kevin",
                     headers=token).status_code == 401
    assert petra.get("/gezin/jansen").status_code == 303
    assert web.failed_logins(ZOLICHT) == 0  # found by the service account, no failed login


@devcloud_only
def test_a_revoked_app_password_ends_the_session_with_one_failed_login(web: Web) -> None:
    petra = web.signed_in("petra")
    session = session_of(web, petra)
    revoked = web.world.http.delete("/ocs/v2.php/core/apppassword", headers=OCS,
                                    auth=(session.login, session.app_password))
    assert revoked.status_code == 200
    later(web, RECHECK + 1)
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(reads(petra)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 401 in answers
    assert reads(petra) == 401 and reads(petra) == 401
    assert web.failed_logins(ZOLICHT) == 1


def test_checks_are_few_and_nextcloud_being_away_ends_a_session_only_after_a_while(
        web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    petra = web.signed_in("petra")
    asked: list[str] = []
    real = auth.account_enabled

    def counted(*args: object) -> bool:
        asked.append("account")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(auth, "account_enabled", counted)
    for _ in range(20):
        assert reads(petra) == 200
    assert asked == []
    later(web, RECHECK + 1)
    for _ in range(20):
        assert reads(petra) == 200
    assert asked == ["account"]

    def away(*_args: object) -> bool:
        raise auth.NextcloudUnavailable("connection refused")

    monkeypatch.setattr(auth, "account_enabled", away)
    later(web, RECHECK + 1)
    assert reads(petra) == 200  # not known to be wrong: asked again in a minute
    later(web, STALE)
    assert reads(petra) == 401  # no check succeeded for too long: fail closed


def test_signing_out_revokes_the_app_password_at_nextcloud(web: Web) -> None:
    petra = web.signed_in("petra")
    session = session_of(web, petra)
    assert petra.post("/uitloggen", data={"csrf": web.csrf(petra)}).status_code == 303
    gone = web.world.http.get("/ocs/v2.php/cloud/user", headers=OCS,
                              auth=(session.login, session.app_password))
    assert gone.status_code == 401


def test_a_session_that_timed_out_is_swept_and_its_app_password_revoked(web: Web) -> None:
    petra = web.signed_in("petra")
    session = session_of(web, petra)
    later(web, 31 * 60)
    assert reads(petra) == 401
    web.site.sweep_sessions()  # what the web does every 30 seconds
    gone = web.world.http.get("/ocs/v2.php/cloud/user", headers=OCS,
                              auth=(session.login, session.app_password))
    assert gone.status_code == 401
