"""axe-core, pinned: one release fetched from the npm registry, checked against the integrity
hash npm publishes for it, kept in a cache, injected into the page and run against WCAG 2.2
A and AA (which include the 2.0 and 2.1 success criteria).

The Python wrapper packages on PyPI bundle axe-core 3.x, which knows no WCAG 2.2 rule, so
the tests bring their own."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tarfile
import urllib.request
from functools import cache
from pathlib import Path
from typing import Any, Protocol

VERSION = "4.14.1"
INTEGRITY = ("sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJp"
             "Ze37OgudVGtQ==")
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "zolicht-tests"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
"""WCAG 2.2 level AA: every A and AA success criterion of 2.0, 2.1 and 2.2."""


class Driver(Protocol):
    def execute_script(self, script: str, *args: Any) -> Any: ...
    def execute_async_script(self, script: str, *args: Any) -> Any: ...
    def set_script_timeout(self, time_to_wait: float) -> None: ...


def _checked(tarball: bytes) -> bytes:
    algorithm, expected = INTEGRITY.split("-", 1)
    digest = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"axe-core {VERSION}: the tarball does not match npm's integrity")
    return tarball


@cache
def script() -> str:
    """axe-core's ``axe.min.js`` of the pinned release (downloaded once per machine)."""
    cached = CACHE / f"axe-core-{VERSION}.min.js"
    if not cached.exists():
        with urllib.request.urlopen(TARBALL, timeout=60) as answer:  # noqa: S310 (fixed https)
            tarball = _checked(answer.read())
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            CACHE.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".part")
            partial.write_bytes(member.read())
            partial.replace(cached)
    return cached.read_text(encoding="utf-8")


def violations(browser: Driver, impacts: tuple[str, ...] = ()) -> list[str]:
    """The page's WCAG 2.2 A/AA violations ("rule: help"), only of ``impacts`` when given."""
    browser.execute_script(script())
    browser.set_script_timeout(120)
    options = json.dumps({"runOnly": {"type": "tag", "values": list(TAGS)},
                          "resultTypes": ["violations"]})
    results = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        f"axe.run(document, {options}).then(done, e => done({{error: String(e)}}));")
    if "error" in results:
        raise RuntimeError(f"axe-core: {results['error']}")
    assert results["testEngine"]["version"] == VERSION
    return [f"{v['id']}: {v['help']}" for v in results["violations"]
            if not impacts or v.get("impact") in impacts]
