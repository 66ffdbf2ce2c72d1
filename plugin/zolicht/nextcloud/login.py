"""Nextcloud's Login Flow v2, as a client that signs people in without seeing a password.

zolicht starts a flow; the person signs in at Nextcloud in their own browser and grants
access; zolicht polls and receives the login name and a new app password, once. Both
calls are anonymous (the transport has no account). A pending poll (404) is not a failed
login at Nextcloud (``ClientFlowLoginV2Controller::poll`` has no brute-force protection).
Neither call is repeated after a lost answer: a poll hands the app password out only once.
"""

from __future__ import annotations

from dataclasses import dataclass

from zolicht.nextcloud.transport import Transport, answer_error

CLIENT_NAME = "zolicht"
"""Sent as ``User-Agent`` when starting: the name Nextcloud shows on its grant page and
gives the app password (Instellingen, Beveiliging)."""
JSON = {"Accept": "application/json"}


@dataclass(frozen=True)
class LoginFlow:
    login_url: str
    """Where the person signs in and grants access, in their own browser."""
    poll_token: str


@dataclass(frozen=True)
class Credentials:
    login: str
    app_password: str


class LoginFlows:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def start(self) -> LoginFlow:
        answer = self.transport.request("POST", "/index.php/login/v2",
                                        headers={"User-Agent": CLIENT_NAME, **JSON})
        try:
            found = answer.json()
            return LoginFlow(str(found["login"]), str(found["poll"]["token"]))
        except (ValueError, KeyError, TypeError):
            raise answer_error("POST", "/index.php/login/v2", answer) from None

    def poll(self, flow: LoginFlow) -> Credentials | None:
        """The credentials once the person granted access; None while they have not (or
        the flow expired). Polled at the configured address, not at the endpoint Nextcloud
        names (that may be its public name)."""
        answer = self.transport.request("POST", "/index.php/login/v2/poll",
                                        data={"token": flow.poll_token}, headers=JSON)
        if answer.status_code == 404:
            return None
        try:
            found = answer.json()
            return Credentials(str(found["loginName"]), str(found["appPassword"]))
        except (ValueError, KeyError, TypeError):
            raise answer_error("POST", "/index.php/login/v2/poll", answer) from None
