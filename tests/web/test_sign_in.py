"""Signing in that cannot be turned against the family: people sign in at Nextcloud itself
(Login Flow v2), so no password passes through zolicht and nothing they type is tried
from zolicht's address; zolicht's own throttle refuses floods before it asks Nextcloud."""

from __future__ import annotations

import html
import re

import httpx

from tests.cli.test_demo import post_form
from tests.e2e.harness import devcloud_only
from tests.web.conftest import ZOLICHT, Web
from tests.web.test_people_pages import visible_words
from zolicht.web.auth import SESSION_COOKIE
from zolicht.web.site import POLLS_PER_WINDOW, SIGN_INS_PER_WINDOW

GUESSER = "127.0.0.6"
"""A browser on no allow-list of Nextcloud's."""


def test_the_sign_in_page_asks_no_password(web: Web) -> None:
    page = web.anonymous().get("/inloggen").text
    assert 'type="password"' not in page and "app_password" not in page
    assert "zolicht ziet je wachtwoord niet" in page


@devcloud_only
def test_wrong_passwords_never_block_the_service_account(web: Web) -> None:
    petra = web.signed_in("petra")
    stranger = web.anonymous(GUESSER)
    token, login_url = web.start_sign_in(stranger)
    for _ in range(15):  # more than Nextcloud's brute-force threshold (ten)
        wrong = web.grant_at_nextcloud(login_url, web.uid("petra"), "guessed", GUESSER)
        assert (wrong.status_code, "Invalid app password" in wrong.text) == (403, True)
    waiting = stranger.post("/inloggen/klaar", data={"login_token": token})
    assert waiting.status_code == 200 and stranger.cookies.get(SESSION_COOKIE) is None
    assert web.failed_logins(ZOLICHT) == 0
    answer = petra.put("/api/v1/families/jansen/consents/energie/kevin",
                       headers={"X-CSRF-Token": web.csrf(petra)})
    assert answer.json()["applied"] and answer.json()["pending"] is None
    assert web.world.read(web.uid("kevin"), "minder-energie.md") == 200
    web.signed_in("sanne")  # and the next person signs in as ever


def flows_started(web: Web) -> int:
    """Login flows devcloud was asked for (none of them completed)."""
    return len(web.devcloud.login_flows.flows)


@devcloud_only
def test_too_many_sign_ins_from_one_address_are_refused_before_nextcloud_is_asked(
        web: Web) -> None:
    flood = web.anonymous("127.0.0.3")
    for _ in range(SIGN_INS_PER_WINDOW):
        web.start_sign_in(flood)
    assert flows_started(web) == SIGN_INS_PER_WINDOW
    page = flood.get("/inloggen").text
    token = page.split('name="login_token" value="')[1].split('"')[0]
    refused = flood.post("/inloggen", data={"login_token": token, "naar": "/"})
    assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 600
    assert "Te veel pogingen. Probeer het opnieuw om 11:10." in refused.text
    assert flows_started(web) == SIGN_INS_PER_WINDOW
    web.start_sign_in(web.anonymous("127.0.0.4"))  # someone else is not held up
    assert flows_started(web) == SIGN_INS_PER_WINDOW + 1


@devcloud_only
def test_pressing_i_signed_in_over_and_over_is_throttled_too(web: Web) -> None:
    impatient = web.anonymous("127.0.0.5")
    token, _login_url = web.start_sign_in(impatient)
    answers = [impatient.post("/inloggen/klaar", data={"login_token": token}).status_code
               for _ in range(POLLS_PER_WINDOW + 1)]
    assert answers == [200] * POLLS_PER_WINDOW + [429]
    assert web.failed_logins(ZOLICHT) == 0


def sign_in_by_login_form(web: Web, login: str, password: str) -> httpx.Client | None:
    """Sign in to zolicht as a grandmother does: at Nextcloud's own login form, with the
    name and password she knows (no app password); None when Nextcloud said no."""
    client = web.anonymous()
    token, login_url = web.start_sign_in(client)
    with httpx.Client(timeout=30, follow_redirects=True) as at_nextcloud:
        page = at_nextcloud.get(login_url)
        log_in = re.search(r'id="log-in" href="([^"]+)"', page.text)
        assert log_in is not None, page.text
        form = at_nextcloud.get(html.unescape(log_in[1]))
        grant = post_form(at_nextcloud, form.text, {"user": login, "password": password})
        if "Account connected" not in post_form(at_nextcloud, grant.text, {}).text:
            return None
    done = client.post("/inloggen/klaar", data={"login_token": token})
    assert done.status_code == 303, done.text
    return client


def test_nextcloud_takes_an_e_mail_address_that_only_one_account_has(web: Web) -> None:
    """Her own e-mail address, not the account id zolicht made up (``zl-…``), is what Oma
    Ria types; an address two accounts share signs nobody in."""
    ria = web.world.family().person("oma-ria")
    assert ria is not None and ria.email
    password = web.world.password(ria.uid)
    assert password is not None
    signed_in = sign_in_by_login_form(web, ria.email.upper(), password)
    assert signed_in is not None
    assert signed_in.get("/").headers["location"] == "/netwerk/jansen"
    stranger = web.world.stranger()
    web.world.cloud.ocs("PUT", f"/cloud/users/{stranger}", web.world.service.auth,
                        data={"key": "email", "value": ria.email})
    assert sign_in_by_login_form(web, ria.email, password) is None
    assert sign_in_by_login_form(web, ria.uid, password) is not None


SIGNED_IN_PAGES = {
    "petra": ("/gezin/jansen", "/gezin/jansen/persoon/oma-ria", "/gezin/jansen/logboek"),
    "sanne": ("/gezin/jansen",),
    "oma-ria": ("/netwerk/jansen",),
    "lotte": ("/hulpverlener", "/hulpverlener/jansen/controle", "/hulpverlener/jansen/mensen",
              "/hulpverlener/jansen/voorstellen", "/hulpverlener/jansen/antwoorden",
              "/hulpverlener/jansen/contactplan", "/hulpverlener/jansen/documenten",
              "/hulpverlener/jansen/netwerkkaart", "/gezin/jansen/logboek"),
}


def test_the_pages_name_people_and_never_show_an_account_id(web: Web) -> None:
    """Signed in as each of them, every page they use shows their name somewhere and no
    account id of anyone in the family (``zl-…``: Nextcloud's name for her, not hers)."""
    web.world.apply()
    family = web.world.family()
    uids = {p.uid for p in family.people if p.uid}
    assert len(uids) > 5
    for key, paths in SIGNED_IN_PAGES.items():
        person = family.person(key)
        assert person is not None
        client = web.signed_in(key)
        for path in paths:
            page = client.get(path)
            assert page.status_code == 200, (key, path)
            words = visible_words(page.text)
            assert [uid for uid in uids if uid in words] == [], (key, path)
        assert any(person.name in visible_words(client.get(path).text) for path in paths), key
