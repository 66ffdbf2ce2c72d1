"""Comparing a replay with its recording, exchange by exchange.

Everything recorded must come back the same after normalisation: status, the recorded
headers, the body's kind, keys, list lengths and values. Values under a ``loose`` path
(sizes, storage paths) need only the same type; ``ignore`` paths are skipped; with
``only`` just those paths are compared.
"""

from __future__ import annotations

from typing import Any

from tests.contract.paths import covers, wanted
from tests.contract.session import Check

LOOSE_KEYS = {
    "quota", "item_size", "size", "oc:size", "storageLocation", "d:getcontentlength",
    "d:quota-used-bytes", "d:quota-available-bytes", "free", "used", "total", "relative",
}
"""Byte counts and server paths differ with the skeleton's sizes and the data directory."""


def differences(recorded: list[dict[str, Any]], replayed: list[dict[str, Any]],
                checks: list[Check]) -> list[str]:
    problems: list[str] = []
    for n, (old, new) in enumerate(zip(recorded, replayed, strict=False)):
        where = f"#{n} {old.get('label')}"
        if _identity(old) != _identity(new):
            problems.append(f"{where}: the replay diverged: {_identity(new)}")
            break
        problems += [f"{where}: {p}" for p in exchange(old, new, checks[n])]
    if len(recorded) != len(replayed) and not any("diverged" in p for p in problems):
        problems.append(f"recorded {len(recorded)} exchanges, replayed {len(replayed)}")
    return problems


def _identity(exchange: dict[str, Any]) -> tuple[Any, ...]:
    request = exchange.get("request", {})
    return exchange.get("label"), exchange.get("as"), request.get("method"), request.get("path")


def exchange(old: dict[str, Any], new: dict[str, Any], check: Check) -> list[str]:
    if "response" not in old:
        key = next(k for k in old if k != "label")
        return tree(old[key], new.get(key), key, check)
    before, after = old["response"], new["response"]
    problems = []
    if before["status"] != after["status"]:
        problems.append(f"status {before['status']} != {after['status']}")
    problems += headers(before["headers"], after["headers"])
    problems += tree(before["body"], after["body"], "", check)
    return problems


def headers(old: dict[str, str], new: dict[str, str]) -> list[str]:
    problems = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            problems.append(f"header {name} missing (recorded {old[name]!r})")
        elif name not in old:
            problems.append(f"header {name} not recorded ({new[name]!r})")
        elif old[name] != new[name]:
            problems.append(f"header {name}: {old[name]!r} != {new[name]!r}")
    return problems


def tree(old: Any, new: Any, path: str, check: Check) -> list[str]:
    if not wanted(path, check.only, check.ignore):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return [p for key in sorted(set(old) | set(new), key=str)
                for p in _entry(old, new, key, f"{path}.{key}" if path else str(key), check)]
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path or 'body'}: {len(old)} items recorded, {len(new)} replayed"]
        return [p for n, (a, b) in enumerate(zip(old, new, strict=True))
                for p in tree(a, b, f"{path}.{n}" if path else str(n), check)]
    loose = any(covers(p, path) for p in check.loose) or _leaf(path) in LOOSE_KEYS
    if old != new and not (loose and type(old) is type(new)):
        return [f"{path or 'body'}: recorded {_short(old)}, replayed {_short(new)}"]
    return []


def _entry(old: dict[str, Any], new: dict[str, Any], key: str, path: str,
           check: Check) -> list[str]:
    if not wanted(path, check.only, check.ignore):
        return []
    if key not in new:
        return [f"{path}: missing (recorded {_short(old[key])})"]
    if key not in old:
        return [f"{path}: not recorded (replayed {_short(new[key])})"]
    return tree(old[key], new[key], path, check)


def _leaf(path: str) -> str:
    """The innermost key of a path, skipping list positions."""
    return next((p for p in reversed(path.split(".")) if not p.isdigit()), "")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."
