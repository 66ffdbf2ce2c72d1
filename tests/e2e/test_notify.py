"""Notifications that tell nobody a secret: whose yes is missing is asked, a network member
who can newly see something is told so, once per apply; never a title, never a name; off
per person; never for the never-involved or people without an account. Read back as each
person, through Nextcloud's own list of their notifications."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import World, cli_uses
from zolicht import messages as M
from zolicht import reconcile
from zolicht.context import Context
from zolicht.services import family as families
from zolicht.services import method
from zolicht.services.decisions import Runs, State, apply, decide

LIST = "/ocs/v2.php/apps/notifications/api/v2/notifications?format=json"
PUBLIC = "https://zorg.example.nl/zolicht"
HIDDEN = ("Uitleg", "Als het", "Slapen", "Rust", "school", "prikkels", "energie", "Sanne",
          "Petra", "Daan", "Oom Kees", ".md")
"""Titles, document names and names: none may appear in a notification."""


def runs(world: World) -> Runs:
    @contextmanager
    def one() -> Iterator[reconcile.Run]:
        yield world.run(client=world.client(), per_family=True, checked_version=True)
    return one


def told(world: World, person: str) -> list[dict[str, Any]]:
    auth = world.auth(world.uid(person))
    if auth is None:  # no account: nobody to tell
        return []
    answer = world.http.get(LIST, auth=auth, headers={"OCS-APIRequest": "true"})
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["ocs"]["data"]
    for item in found:
        text = item["subject"] + " " + item["message"]
        assert not any(word in text for word in HIDDEN), text
    return found


def texts(world: World, person: str) -> list[tuple[str, str]]:
    return [(n["subject"], n["message"]) for n in told(world, person)]


@pytest.fixture
def ctx(world: World) -> Context:
    return replace(world.ctx, public_url=PUBLIC)


def test_a_waiting_request_asks_exactly_whose_yes_is_missing(world: World, ctx: Context) -> None:
    world.apply()
    decided = decide(ctx, runs(world), "jansen", "te-veel", "oma-ria", "petra", True)
    assert decided.recorded.decision.missing == {"sanne"}
    asked = (M.NOTIFY_ASKED, f"Kijk op {PUBLIC}/gezin/jansen.")
    assert texts(world, "sanne") == [asked]
    assert texts(world, "petra") == [] and texts(world, "mark") == []
    assert texts(world, "oma-ria") == []  # nothing new for her yet
    again = decide(ctx, runs(world), "jansen", "te-veel", "oma-ria", "petra", True)
    assert again.recorded.asked == frozenset()
    assert texts(world, "sanne") == [asked]  # asked once, not at every yes of another
    done = decide(ctx, runs(world), "jansen", "te-veel", "oma-ria", "sanne", True)
    assert done.applied.state is State.DONE
    assert texts(world, "oma-ria") == [(M.NOTIFY_SHARED, f"Kijk op {PUBLIC}/netwerk/jansen.")]
    assert texts(world, "sanne") == [asked] and texts(world, "petra") == []


def test_one_apply_that_shares_several_documents_tells_a_member_once(
        world: World, ctx: Context) -> None:
    assert apply(ctx, runs(world), "jansen").state is State.DONE
    shared = [(M.NOTIFY_SHARED, f"Kijk op {PUBLIC}/netwerk/jansen.")]
    assert len(world.reach(world.uid("oma-ria"))) >= 3
    assert texts(world, "oma-ria") == shared and texts(world, "kevin") == shared
    assert texts(world, "joost") == []  # still waits for Sanne's yes
    for person in ("petra", "mark", "sanne", "lotte"):  # no member of the network
        assert texts(world, person) == []


def test_switched_off_or_never_involved_nobody_is_told(world: World, ctx: Context) -> None:
    families.change_person(ctx, "jansen", "oma-ria", {"notify": False})
    method.never_add(ctx, "jansen", "Kevin", person="kevin")
    assert apply(ctx, runs(world), "jansen").state is State.DONE
    assert world.reach(world.uid("oma-ria"))  # she sees her documents, untold
    assert texts(world, "oma-ria") == [] and texts(world, "kevin") == []
    decide(ctx, runs(world), "jansen", "slapen", "oma-ria", "petra", True)
    assert texts(world, "oma-ria") == []


def test_without_a_public_address_the_message_has_no_link(world: World) -> None:
    world.apply()
    decide(world.ctx, runs(world), "jansen", "te-veel", "oma-ria", "petra", True)
    assert texts(world, "sanne") == [(M.NOTIFY_ASKED, M.NOTIFY_LOOK_IN_ZOLICHT)]


def test_a_failing_notification_leaves_the_decision_as_it_is(
        world: World, ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()

    def broken(self: object, uid: str, short: str, long: str = "") -> None:
        raise RuntimeError("down")

    monkeypatch.setattr("zolicht.nextcloud.notifications.Notifications.send", broken)
    decided = decide(ctx, runs(world), "jansen", "slapen", "oma-ria", "petra", True)
    assert decided.applied.state is State.DONE and decided.recorded.decision.allowed
    assert texts(world, "oma-ria") == []


def test_zolicht_apply_tells_members_too_and_only_once(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's apply (and so cron's `apply --all`) tells a member who can newly
    see something, as a yes on the page does; applying again tells nobody again."""
    cli_uses(world, monkeypatch)
    monkeypatch.setenv("ZOLICHT_PUBLIC_URL", PUBLIC)
    assert run_cli("apply", "jansen", "--yes").code == 0
    shared = [(M.NOTIFY_SHARED, f"Kijk op {PUBLIC}/netwerk/jansen.")]
    assert texts(world, "oma-ria") == shared and texts(world, "kevin") == shared
    assert run_cli("apply", "jansen", "--yes").code == 0
    assert texts(world, "oma-ria") == shared


def test_a_worker_tells_members_too(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """An apply left to the work queue (`apply --queue`, or Nextcloud's rate limit on a
    page's apply) tells a member who can newly see something when a worker does it."""
    cli_uses(world, monkeypatch)
    assert run_cli("apply", "jansen", "--queue").code == 0
    assert texts(world, "oma-ria") == []
    assert run_cli("worker", "--once").code == 0
    assert texts(world, "oma-ria") == [(M.NOTIFY_SHARED, M.NOTIFY_LOOK_IN_ZOLICHT)]
    assert run_cli("apply", "jansen", "--queue").code == 0
    assert run_cli("worker", "--once").code == 0
    assert len(texts(world, "oma-ria")) == 1
