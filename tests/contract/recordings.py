"""Running scenarios and reading and writing their recordings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.contract.scenarios import SCENARIOS
from tests.contract.session import Session
from tests.contract.targets import Target

FOLDER = Path(__file__).parent / "recordings"


def run(name: str, target: Target) -> Session:
    """Play one scenario against ``target``; the session holds what was recorded."""
    session = Session(target)
    try:
        SCENARIOS[name](session)
    finally:
        session.close()
    return session


def path(version: str, name: str) -> Path:
    return FOLDER / version / f"{name}.json"


def save(version: str, status: dict[str, Any], name: str, session: Session) -> Path:
    target = path(version, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    document = {"scenario": name, "nextcloud": status, "exchanges": session.exchanges}
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return target


def load(file: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(file.read_text())
    return loaded


def recorded() -> list[Path]:
    """Every recording, of every Nextcloud version recorded."""
    return sorted(FOLDER.glob("*/*.json"))
