"""devcloud must reproduce every exchange recorded from a real Nextcloud.

Each recording under ``recordings/<version>/`` is replayed against a fresh devcloud that
claims that version; the scenario runs again and its normalised exchanges must equal the
recorded ones (see ``compare.py``). With ZOLICHT_CONTRACT_URL set, ``record.py`` records
them anew from that Nextcloud instead (README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract import compare, recordings
from tests.contract.devcloud_target import devcloud
from tests.contract.scenarios import SCENARIOS
from tests.contract.session import Session


def replay(file: Path, data: Path) -> tuple[list[str], str]:
    """The differences between the recording and devcloud's answers, and an exception
    that stopped the scenario early ("" if none)."""
    recording = recordings.load(file)
    stopped = ""
    with devcloud(data, recording["nextcloud"]) as target:
        session = Session(target)
        try:
            SCENARIOS[recording["scenario"]](session)
        except Exception as problem:  # the differences say more than the crash
            stopped = f"{type(problem).__name__}: {problem}"
        finally:
            session.close()
    return compare.differences(recording["exchanges"], session.exchanges, session.checks), stopped


@pytest.mark.parametrize("file", recordings.recorded(),
                         ids=lambda f: f"{f.parent.name}/{f.stem}")
def test_devcloud_reproduces_the_recording(file: Path, tmp_path: Path) -> None:
    problems, stopped = replay(file, tmp_path / "devcloud")
    report = "\n".join(problems[:60] + ([f"stopped: {stopped}"] if stopped else []))
    assert not problems and not stopped, f"{len(problems)} differences\n{report}"
