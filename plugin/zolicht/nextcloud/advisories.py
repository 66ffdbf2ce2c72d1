"""Nextcloud versions zolicht refuses to provision, because of known security advisories.

Kept in one place (shared/reference/security.md §3): sharing with a Team that has an
external member silently creates a public link (CVE-2026-45285) and calendar
authorisation can be bypassed through a known principal URL (CVE-2026-45281); both are
fixed in 32.0.9 and 33.0.3. Versions before 32 no longer receive fixes at all.

An operator who knows a server is affected and accepts the risk of one advisory (for
example because the Teams app is off) may name it; zolicht then provisions, and records
the acceptance in the audit trail at every run that relies on it. Unsupported versions
cannot be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from zolicht import messages as M

OLDEST_SUPPORTED_MAJOR = 32


@dataclass(frozen=True)
class Advisory:
    name: str
    fixed_in: dict[int, tuple[int, int, int]]
    """Per major version, the first release with the fix."""


ADVISORIES = (
    Advisory("CVE-2026-45285", {32: (32, 0, 9), 33: (33, 0, 3)}),
    Advisory("CVE-2026-45281", {32: (32, 0, 9), 33: (33, 0, 3)}),
)


def parse(version: str) -> tuple[int, int, int] | None:
    try:
        parts = tuple(int(p) for p in version.split(".")[:3])
    except ValueError:
        return None
    padded = parts + (0,) * (3 - len(parts))
    return padded[0], padded[1], padded[2]


def affecting(version: str) -> list[Advisory]:
    """The advisories a readable, supported ``version`` is affected by."""
    parts = parse(version)
    if parts is None:
        return []
    return [a for a in ADVISORIES if parts[0] in a.fixed_in and parts < a.fixed_in[parts[0]]]


def refusal(version: str, accepted: frozenset[str] = frozenset()) -> str | None:
    """Why ``version`` must not be provisioned, or None when it is fine (or every advisory
    it is affected by was accepted by name)."""
    parts = parse(version)
    if parts is None:
        return M.VERSION_UNREADABLE.format(version=version)
    if parts[0] < OLDEST_SUPPORTED_MAJOR:
        return M.VERSION_UNSUPPORTED.format(version=version)
    open_ = [a for a in affecting(version) if a.name not in accepted]
    if not open_:
        return None
    fixed = ".".join(map(str, open_[0].fixed_in[parts[0]]))
    return M.VERSION_ADVISORIES.format(version=version, fixed=fixed,
                                       advisories=", ".join(a.name for a in open_))
