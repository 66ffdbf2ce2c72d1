"""Nextcloud versions zolicht refuses to provision, because of known security advisories.

Kept in one place (shared/reference/security.md §3): sharing with a Team that has an
external member silently creates a public link (CVE-2026-45285) and calendar
authorisation can be bypassed through a known principal URL (CVE-2026-45281); both are
fixed in 32.0.9 and 33.0.3. Versions before 32 no longer receive fixes.
"""

from __future__ import annotations

OLDEST_SUPPORTED_MAJOR = 32
FIXED_IN = {32: (32, 0, 9), 33: (33, 0, 3)}
ADVISORIES = ("CVE-2026-45285", "CVE-2026-45281")


def refusal(version: str) -> str | None:
    """Why ``version`` must not be provisioned, or None when it is fine."""
    try:
        parts = tuple(int(p) for p in version.split(".")[:3])
    except ValueError:
        return f"cannot read the Nextcloud version {version!r}"
    parts = parts + (0,) * (3 - len(parts))
    if parts[0] < OLDEST_SUPPORTED_MAJOR:
        return f"Nextcloud {version} is no longer supported; use 32.0.9, 33.0.3 or newer"
    fixed = FIXED_IN.get(parts[0])
    if fixed is not None and parts < fixed:
        wanted = ".".join(map(str, fixed))
        return f"Nextcloud {version} has known sharing and calendar advisories " \
               f"({', '.join(ADVISORIES)}); update to {wanted} or newer"
    return None
