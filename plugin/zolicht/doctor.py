"""``zolicht doctor``: what the installation needs from Nextcloud, and whether it has it.

``gather`` asks Nextcloud (a handful of reads, as the service account); ``findings`` turns
the answers into one screen of plain Dutch, each line with what to do (pure).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from zolicht import messages as M
from zolicht.nextcloud import Nextcloud, NextcloudError
from zolicht.nextcloud.advisories import affecting, parse, refusal
from zolicht.nextcloud.provisioning import Account
from zolicht.nextcloud.server import Capabilities

FORMS_FIXED = (5, 2, 7)
"""Forms releases before 5.2.7 leave a removed collaborator's share on uploaded answers
(CVE-2026-45543)."""
SHARING_SETTINGS = ("shareapi_allow_share_dialog_user_enumeration",
                    "shareapi_restrict_user_enumeration_to_group")


class Level(StrEnum):
    OK = M.DOCTOR_OK
    WARN = M.DOCTOR_WARN
    FAIL = M.DOCTOR_FAIL


@dataclass(frozen=True)
class Finding:
    level: Level
    text: str


@dataclass(frozen=True)
class Facts:
    url: str
    service_user: str
    accepted: frozenset[str]
    capabilities: Capabilities | None = None
    me: Account | None = None
    settings: dict[str, str | None] | None = None
    """App settings read as admin (None each: not readable)."""
    problem: str = ""
    """Why Nextcloud could not be asked, if it could not."""


def gather(client: Nextcloud, accepted: frozenset[str]) -> Facts:
    facts = Facts(client.config.url, client.user, accepted)
    try:
        capabilities = client.server.capabilities()
        me = client.users.me()
    except NextcloudError as error:
        return Facts(facts.url, facts.service_user, accepted, problem=str(error))
    settings = {key: client.server.app_value("core", key) for key in SHARING_SETTINGS}
    settings["apply_allowlist_to_ratelimit"] = client.server.app_value(
        "bruteforcesettings", "apply_allowlist_to_ratelimit")
    return Facts(facts.url, facts.service_user, accepted, capabilities, me, settings)


def findings(facts: Facts) -> list[Finding]:
    if facts.capabilities is None or facts.me is None or facts.settings is None:
        return [Finding(Level.FAIL, M.DOCTOR_UNREACHABLE.format(url=facts.url,
                                                                 problem=facts.problem))]
    caps, me, settings = facts.capabilities, facts.me, facts.settings
    return [
        _version(caps.version, facts.accepted),
        _service_account(me),
        _organizer(me),
        _forms(caps.apps.get("forms")),
        Finding(Level.OK, M.DOCTOR_APPAPI.format(version=caps.apps["app_api"]))
        if "app_api" in caps.apps else Finding(Level.WARN, M.DOCTOR_NO_APPAPI),
        _rate_limits(caps, settings.get("apply_allowlist_to_ratelimit")),
        Finding(Level.WARN, M.DOCTOR_RESHARING) if caps.resharing
        else Finding(Level.OK, M.DOCTOR_NO_RESHARING),
        _enumeration(settings),
        Finding(Level.OK, M.DOCTOR_SHARE_MAILS),
    ]


def _version(version: str, accepted: frozenset[str]) -> Finding:
    refused = refusal(version, accepted)
    if refused:
        return Finding(Level.FAIL, M.DOCTOR_VERSION_REFUSED.format(version=version,
                                                                   problem=refused))
    relied = [a.name for a in affecting(version)]
    if relied:
        return Finding(Level.WARN, M.DOCTOR_VERSION_ACCEPTED.format(
            version=version, advisories=", ".join(relied)))
    return Finding(Level.OK, M.DOCTOR_VERSION.format(version=version))


def _service_account(me: Account) -> Finding:
    if "admin" in me.groups:
        return Finding(Level.OK, M.DOCTOR_ADMIN.format(user=me.id))
    return Finding(Level.FAIL, M.DOCTOR_NOT_ADMIN.format(user=me.id))


def _organizer(me: Account) -> Finding:
    if me.email:
        return Finding(Level.OK, M.DOCTOR_EMAIL.format(user=me.id, email=me.email))
    return Finding(Level.WARN, M.DOCTOR_NO_EMAIL.format(user=me.id))


def _forms(version: str | None) -> Finding:
    if version is None:
        return Finding(Level.FAIL, M.DOCTOR_NO_FORMS)
    parsed = parse(version)
    if parsed is None or parsed < FORMS_FIXED:
        return Finding(Level.FAIL, M.DOCTOR_FORMS_OLD.format(version=version))
    return Finding(Level.OK, M.DOCTOR_FORMS.format(version=version))


def _rate_limits(caps: Capabilities, apply_to_limits: str | None) -> Finding:
    if caps.delay:
        return Finding(Level.WARN, M.DOCTOR_THROTTLED.format(delay=caps.delay))
    lifted = caps.allow_listed and (apply_to_limits or "").lower() in ("1", "true", "yes")
    if lifted:
        return Finding(Level.OK, M.DOCTOR_NO_RATE_LIMIT)
    return Finding(Level.WARN, M.DOCTOR_RATE_LIMIT)


def _enumeration(settings: dict[str, str | None]) -> Finding:
    enumeration = settings.get("shareapi_allow_share_dialog_user_enumeration")
    to_group = settings.get("shareapi_restrict_user_enumeration_to_group")
    if enumeration is None:
        return Finding(Level.WARN, M.DOCTOR_ENUMERATION_UNKNOWN)
    if enumeration == "no" or to_group == "yes":
        return Finding(Level.OK, M.DOCTOR_NO_ENUMERATION)
    return Finding(Level.WARN, M.DOCTOR_ENUMERATION)
