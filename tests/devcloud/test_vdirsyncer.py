"""A second, independent CalDAV client: vdirsyncer syncs both ways, unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.devcloud.conftest import Cloud

EVENT = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//NL\nBEGIN:VEVENT\nUID:{uid}\n"
         "DTSTAMP:20270101T000000Z\nDTSTART:20270316T150000Z\nSUMMARY:{title}\nEND:VEVENT\n"
         "END:VCALENDAR\n")


def vdirsyncer(config: Path, *args: str) -> str:
    """Run the ``vdirsyncer`` installed with this interpreter (a venv's ``bin`` need not be
    on ``PATH``), else the one on ``PATH``."""
    beside = Path(sys.executable).parent / "vdirsyncer"
    binary = str(beside) if beside.is_file() else shutil.which("vdirsyncer")
    if binary is None:
        pytest.fail("vdirsyncer is part of the test dependencies")
    done = subprocess.run([binary, "-c", str(config), *args], input="y\ny\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_vdirsyncer_discovers_and_syncs_both_ways(cloud: Cloud, tmp_path: Path) -> None:
    password = cloud.user("petra")
    base = "/remote.php/dav/calendars/petra/gezin/"
    with httpx.Client(base_url=cloud.url, auth=("petra", password)) as client:
        assert client.request("MKCALENDAR", base).status_code == 201
        client.put(base + "a.ics", content=EVENT.format(uid="a@z", title="Contactmoment"))
    config = tmp_path / "config"
    config.write_text(
        f'[general]\nstatus_path = "{tmp_path}/status/"\n'
        '[pair fam]\na = "remote"\nb = "local"\ncollections = ["gezin"]\n'
        f'[storage remote]\ntype = "caldav"\nurl = "{cloud.url}/remote.php/dav/"\n'
        f'username = "petra"\npassword = "{password}"\n'
        f'[storage local]\ntype = "filesystem"\npath = "{tmp_path}/local/"\nfileext = ".ics"\n')
    assert '"gezin"' in vdirsyncer(config, "discover", "fam")
    vdirsyncer(config, "sync")
    local = tmp_path / "local" / "gezin"
    assert ["UID:a@z" in f.read_text() for f in local.glob("*.ics")] == [True]
    (local / "b.ics").write_text(EVENT.format(uid="b@z", title="Evaluatie"))
    vdirsyncer(config, "sync")
    with httpx.Client(base_url=cloud.url, auth=("petra", password)) as client:
        listing = client.request("PROPFIND", base, headers={"Depth": "1"}).text
    assert listing.count(".ics</d:href>") == 2
