"""``zolicht demo``: who is who, what each person sees and why (read back from Nextcloud as
them), and a sign-in link and password per person that work on the running pages."""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import threading
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.conftest import NOW, run_cli
from zolicht.cli import demo
from zolicht.clock import FixedClock
from zolicht.web.auth import SESSION_COOKIE


def blocks(out: str) -> dict[str, list[str]]:
    """The printed lines under each unindented heading line."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in out.splitlines():
        if line and not line.startswith(" "):
            current = found.setdefault(line, [])
        elif line:
            current.append(line.strip())
    return found


def test_once_prints_who_is_who_what_each_sees_and_why_and_how_to_sign_in() -> None:
    result = run_cli("demo", "--once")
    assert result.code == 0, result
    out = blocks(result.out)
    who = out["Wie is wie in Gezin Jansen"]
    for line in ("Petra Jansen: moeder, hoort bij het gezin, 42 jaar, heeft gezag",
                 "Sanne: dochter, hoort bij het gezin, 14 jaar",
                 "Oma Ria: oma, hoort bij het netwerk",
                 "Buurvrouw Ans: buurvrouw, hoort bij het netwerk, heeft geen account "
                 "(geen e-mailadres)",
                 "Lotte Visser: jeugdprofessional, hulpverlener van het gezin"):
        assert line in who
    assert len(who) == 9
    oma = out["Oma Ria (hoort bij het netwerk)"]
    assert oma[0] == ("Nextcloud geeft Oma Ria: drukte-en-prikkels.md, minder-energie.md, "
                      "uitleg-school-en-concentratie.md")
    assert ("- Uitleg over school en concentratie: kan dit zien: Sanne en Petra Jansen "
            "zeiden ja") in oma
    assert "- Als mama minder energie heeft: kan dit zien en bewerken: Petra Jansen zei ja" \
        in oma
    assert out["Mark de Vries (hoort bij het gezin)"][0] == (
        "Nextcloud geeft Mark de Vries: drukte-en-prikkels.md")
    assert out["Kevin (hoort bij het netwerk)"][0] == (
        "Nextcloud geeft Kevin: als-het-even-te-veel-is.md")
    ans = out["Buurvrouw Ans (hoort bij het netwerk)"]
    assert "- Uitleg over school en concentratie: ziet dit niet: Sanne wil dit niet" in ans
    assert "- Slapen en vaste ritmes: ziet dit niet meer: de toestemming is verlopen" in ans
    joost = out["Meester Joost (hoort bij het netwerk)"]
    assert "- Uitleg over school en concentratie: ziet dit nog niet: wacht op Sanne" in joost
    links = re.findall(r"link: +(http://\S+)", result.out)
    assert [parse_qs(urlsplit(link).query)["naar"][0] for link in links] == (
        ["/gezin/jansen"] * 3 + ["/netwerk/jansen"] * 2 + ["/hulpverlener"])
    logins = [parse_qs(urlsplit(link).query)["gebruiker"][0] for link in links]
    assert all(logins) and all("@" in login for login in logins[:5])  # their own address
    assert len(re.findall(r"wachtwoord: +[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$", result.out,
                          re.MULTILINE)) == len(links)
    for name in ("Petra Jansen (gezinspagina)", "Sanne (gezinspagina)",
                 "Oma Ria (netwerkpagina)", "Lotte Visser (pagina voor de hulpverlener)"):
        assert name in out
    assert "Ctrl-C" not in result.out


def post_form(browser: httpx.Client, page: str, typed: dict[str, str]) -> httpx.Response:
    """Submit the page's post form with what is filled in and ``typed``."""
    action = re.search(r'<form action="([^"]+)" method="post"', page)
    assert action is not None, page
    filled = {name: html.unescape(value) for name, value in re.findall(
        r'<input type="(?:hidden|text)" name="([^"]+)" value="([^"]*)"', page)}
    return browser.post(html.unescape(action[1]), data={**filled, **typed})


def sign_in_as(sign_in: demo.SignIn) -> httpx.Response:
    """Follow the printed link the way a browser would, press "Log in" at Nextcloud, type
    the printed password in its login form (the user name is filled in), grant access, come
    back, and open the page the link was for."""
    with httpx.Client(timeout=30) as browser, httpx.Client(
            timeout=30, follow_redirects=True) as at_nextcloud:
        start = browser.get(sign_in.link)
        fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', start.text))
        started = browser.post(str(start.url.copy_with(query=None)), data=fields)
        assert started.status_code == 303, started.text
        waiting = browser.get(str(start.url.join(started.headers["location"])))
        link = re.search(r'id="nextcloud" href="([^"]+)"', waiting.text)
        assert link is not None, waiting.text
        page = at_nextcloud.get(html.unescape(link[1]))
        log_in = re.search(r'id="log-in" href="([^"]+)"', page.text)
        assert log_in is not None, page.text
        form = at_nextcloud.get(html.unescape(log_in[1]))
        assert f'name="user" value="{sign_in.user}"' in form.text, form.text
        grant = post_form(at_nextcloud, form.text, {"password": sign_in.password})
        granted = post_form(at_nextcloud, grant.text, {})
        assert "Account connected" in granted.text, granted.text
        done = browser.post(str(start.url.join("/inloggen/klaar")),
                            data={"login_token": fields["login_token"]})
        assert done.status_code == 303 and browser.cookies.get(SESSION_COOKIE), done.text
        return browser.get(str(start.url.join(done.headers["location"])))


def test_the_printed_links_and_passwords_sign_in_petra_sanne_and_oma_ria() -> None:
    stop, ready = threading.Event(), threading.Event()
    printed: list[str] = []
    given: list[demo.SignIn] = []

    def started(sign_ins: list[demo.SignIn]) -> None:
        given.extend(sign_ins)
        ready.set()

    running = threading.Thread(target=demo.run, args=(printed.append, FixedClock(NOW), stop),
                               kwargs={"started": started}, daemon=True)
    running.start()
    try:
        assert ready.wait(120), printed
        assert printed[-1] == "Alles blijft draaien. Stop met Ctrl-C."
        by_key = {s.person: s for s in given}
        for key, heading in (("petra", "Gezin Jansen"), ("sanne", "Gezin Jansen"),
                             ("oma-ria", "Uitleg over school en concentratie")):
            s = by_key[key]
            assert f"  link:            {s.link}" in printed
            assert f"  wachtwoord:      {s.password}" in printed
            page = sign_in_as(s)
            assert page.status_code == 200, page.text
            assert heading in page.text
    finally:
        stop.set()
        running.join(30)
    assert not running.is_alive()


def test_ctrl_c_stops_the_demo_cleanly() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("ZOLICHT_DATABASE_URL", None)
    demo_process = subprocess.Popen(
        [sys.executable, "-u", "-m", "zolicht.cli", "demo"], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, env=env)
    assert demo_process.stdout is not None
    try:
        for line in demo_process.stdout:
            if "Ctrl-C" in line:
                break
        demo_process.send_signal(signal.SIGINT)
        rest = demo_process.communicate(timeout=60)[0]
    finally:
        if demo_process.poll() is None:
            demo_process.kill()
    assert demo_process.returncode == 0, rest
    assert "Gestopt. De tijdelijke map is weg." in rest
