"""What a Nextcloud administrator configures, as far as devcloud imitates it.

The defaults are Nextcloud's own, so a plain devcloud refuses what a fresh Nextcloud
refuses. Tests that are not about rate limits may put loopback on the brute-force
allow-list and apply it to rate limits, as an administrator of a real instance would.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass
class Settings:
    bruteforce_allowlist: tuple[str, ...] = ()
    """Address ranges (``127.0.0.1/32``) never throttled for failed logins (app config
    ``bruteForce`` → ``whitelist_*``)."""
    apply_allowlist_to_ratelimit: bool = False
    """``bruteforcesettings`` → ``apply_allowlist_to_ratelimit``: the allow-list also lifts
    the per-user rate limits of createShare and editUser."""
    share_mail: bool = True
    """``sharing.enable_share_mail``: a user share without ``sendMail`` mails the sharee."""
    skeleton: bool = True
    """New accounts get Nextcloud's skeleton files (``skeletondirectory`` set to "" turns
    that off)."""
    webhook_delay: float = 0.5
    """Seconds from an event until the job runner sends its webhooks: a background-job
    worker for ``WebhookCall`` runs, as Nextcloud's manual advises for webhooks (with only
    the 5-minute system cron, a webhook waits up to 300 seconds)."""
    webhook_share_events: bool = False
    """Accept webhooks for the share events (created, updated, deleted). No Nextcloud
    release does (32 refuses them with 400: they are not webhook compatible); on only to
    test the path for a server that would."""

    def allow_listed(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(r, strict=False)
                   for r in self.bruteforce_allowlist)


def for_tests() -> Settings:
    """How an administrator would set up a Nextcloud for automated tests: loopback on the
    brute-force allow-list, the allow-list applied to rate limits, no skeleton files."""
    return Settings(bruteforce_allowlist=("127.0.0.1/32", "::1/128"),
                    apply_allowlist_to_ratelimit=True, skeleton=False)
