"""The scenarios, in the order they are recorded and replayed.

Each is a function of a :class:`~tests.contract.session.Session` that speaks plain HTTP
to the Nextcloud behind it and records what it sees.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.contract.scenarios import (
    appapi,
    caldav,
    forms,
    limits,
    login_flow,
    provisioning,
    server,
    sharing,
    webdav,
)
from tests.contract.session import Session

Scenario = Callable[[Session], None]

SCENARIOS: dict[str, Scenario] = {
    "server": server.scenario,
    "provisioning": provisioning.scenario,
    "new_account": provisioning.new_account,
    "webdav": webdav.scenario,
    "sharing": sharing.scenario,
    "group_shares": sharing.group_shares,
    "caldav": caldav.scenario,
    "imip": caldav.imip,
    "forms": forms.scenario,
    "share_rate_limit": limits.share_rate_limit,
    "edit_user_rate_limit": limits.edit_user_rate_limit,
    "login_flow": login_flow.scenario,
    "appapi": appapi.scenario,
    "bruteforce": limits.bruteforce,
}
