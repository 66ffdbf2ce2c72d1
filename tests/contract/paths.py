"""Dotted paths into decoded bodies (``json.ocs.data.users``; ``*`` = any key or item)."""

from __future__ import annotations

from typing import Any


def covers(pattern: str, path: str) -> bool:
    """Whether ``pattern`` names ``path`` or one of its ancestors."""
    if not pattern:
        return True
    wanted, parts = pattern.split("."), path.split(".") if path else []
    if len(wanted) > len(parts):
        return False
    return all(w in ("*", p) for w, p in zip(wanted, parts, strict=False))


def wanted(path: str, only: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Whether ``path`` is compared: inside or above an ``only`` path, and not ignored."""
    if only and not any(covers(p, path) or covers(path, p) for p in only):
        return False
    return not any(covers(p, path) for p in ignore)


def prune(tree: Any, only: tuple[str, ...], ignore: tuple[str, ...], path: str = "") -> Any:
    """``tree`` without what is not compared, so that it is neither recorded nor counted
    when placeholders are numbered."""
    if not only and not ignore:
        return tree
    if isinstance(tree, dict):
        kept = {}
        for key, value in tree.items():
            inner = f"{path}.{key}" if path else str(key)
            if wanted(inner, only, ignore):
                kept[key] = prune(value, only, ignore, inner)
        return kept
    if isinstance(tree, list):
        return [prune(v, only, ignore, f"{path}.{n}" if path else str(n))
                for n, v in enumerate(tree)]
    return tree
