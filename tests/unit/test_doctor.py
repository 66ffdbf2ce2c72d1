"""``zolicht doctor``'s verdicts, from what a Nextcloud answered (pure)."""

from __future__ import annotations

from zolicht.doctor import Facts, Level, findings
from zolicht.nextcloud.provisioning import Account
from zolicht.nextcloud.server import Capabilities

GOOD = Capabilities("32.0.9", {"forms": "5.3.5", "app_api": "32.0.0"}, True, 0, False)
ADMIN = Account("zolicht", True, "zorg@example.nl", "zolicht", ("admin",))
SETTINGS: dict[str, str | None] = {
    "shareapi_allow_share_dialog_user_enumeration": "no",
    "shareapi_restrict_user_enumeration_to_group": "",
    "apply_allowlist_to_ratelimit": "true"}


def verdicts(capabilities: Capabilities = GOOD, me: Account = ADMIN,
             settings: dict[str, str | None] | None = None,
             accepted: frozenset[str] = frozenset()) -> list[tuple[Level, str]]:
    facts = Facts("https://cloud.example.nl", "zolicht", accepted, capabilities, me,
                  SETTINGS if settings is None else settings)
    return [(f.level, f.text) for f in findings(facts)]


def levels(found: list[tuple[Level, str]]) -> list[Level]:
    return [level for level, _ in found]


def test_a_well_set_up_nextcloud_is_all_ok() -> None:
    assert set(levels(verdicts())) == {Level.OK}


def test_each_missing_need_is_named_with_what_to_do() -> None:
    old = Capabilities("32.0.1", {"forms": "5.2.3"}, False, 0, True)
    clerk = Account("zolicht", True, "", "zolicht", ("zorg",))
    found = verdicts(old, clerk, {**SETTINGS, "shareapi_allow_share_dialog_user_enumeration":
                                  "", "apply_allowlist_to_ratelimit": ""})
    text = "\n".join(t for _, t in found)
    assert levels(found).count(Level.FAIL) == 3  # version, not admin, Forms too old
    for needle in ("--accept-advisory", "groep admin", "5.2.7", "e-mailadres",
                   "apply_allowlist_to_ratelimit", "Opnieuw delen", "AppAPI",
                   "shareapi_allow_share_dialog_user_enumeration --value=no"):
        assert needle in text, needle


def test_an_accepted_advisory_is_a_warning_and_a_throttled_address_is_named() -> None:
    old = Capabilities("32.0.1", GOOD.apps, True, 1600, False)
    found = verdicts(old, accepted=frozenset({"CVE-2026-45285", "CVE-2026-45281"}))
    assert Level.FAIL not in levels(found)
    assert any("1600 ms" in text for _, text in found)
    assert any("geaccepteerd" in text for _, text in found)


def test_an_unreachable_nextcloud_is_one_clear_failure() -> None:
    found = findings(Facts("https://cloud.example.nl", "zolicht", frozenset(),
                           problem="no answer"))
    assert [(f.level, "no answer" in f.text) for f in found] == [(Level.FAIL, True)]
