"""Record the scenarios against a real Nextcloud (see README.md).

    ZOLICHT_CONTRACT_URL=http://127.0.0.1:8080 ZOLICHT_CONTRACT_ADMIN_PASSWORD=… \\
        python -m tests.contract.record [scenario …]
"""

from __future__ import annotations

import sys
import time

import httpx

from tests.contract import recordings
from tests.contract.scenarios import SCENARIOS
from tests.contract.session import Skip
from tests.contract.targets import from_environment

KEPT = ("version", "versionstring", "productname")
"""What of status.php a recording keeps: devcloud replays it claiming that version."""


def main(names: list[str]) -> int:
    target = from_environment()
    if target is None:
        print("set ZOLICHT_CONTRACT_URL and ZOLICHT_CONTRACT_ADMIN_PASSWORD", file=sys.stderr)
        return 2
    status = httpx.get(f"{target.url}/status.php", timeout=30).json()
    keep = {k: status[k] for k in KEPT}
    for name in names or list(SCENARIOS):
        started = time.monotonic()
        try:
            session = recordings.run(name, target)
        except Skip as why:
            print(f"{name}: skipped ({why})")
            continue
        file = recordings.save(status["versionstring"], keep, name, session)
        print(f"{name}: {len(session.exchanges)} exchanges in "
              f"{time.monotonic() - started:.0f} s -> {file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
