"""With ZOLICHT_CONTRACT_URL set (README.md), each scenario is recorded anew from that
Nextcloud and written under ``recordings/<version>/``; without it these tests are skipped.

    ZOLICHT_CONTRACT_URL=… ZOLICHT_CONTRACT_ADMIN_PASSWORD=… python3 -m pytest -q \\
        tests/contract/test_record.py
"""

from __future__ import annotations

import httpx
import pytest

from tests.contract import recordings
from tests.contract.record import KEPT
from tests.contract.scenarios import SCENARIOS
from tests.contract.session import Skip
from tests.contract.targets import from_environment


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_record_from_a_real_nextcloud(name: str) -> None:
    target = from_environment()
    if target is None:
        pytest.skip("no ZOLICHT_CONTRACT_URL: nothing to record from")
    status = httpx.get(f"{target.url}/status.php", timeout=30).json()
    try:
        session = recordings.run(name, target)
    except Skip as why:
        pytest.skip(str(why))
    recordings.save(status["versionstring"], {k: status[k] for k in KEPT}, name, session)
    assert session.exchanges
