"""A yes or a stop as one use case (``services.decisions.decide``): recorded, applied when a
Nextcloud is set, and told as it is; refused before anything is written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest

from tests.conftest import EXAMPLE, snapshot
from zolicht import reconcile
from zolicht.clock import local
from zolicht.context import Context
from zolicht.domain.errors import NotFound
from zolicht.domain.model import Access, Family
from zolicht.services import transfer
from zolicht.services.decisions import Applied, State, Terms, Waiting, asked, decide
from zolicht.store.work import Busy


@pytest.fixture
def jansen(ctx: Context) -> Context:
    transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    return ctx


@contextmanager
def busy() -> Iterator[reconcile.Run]:
    raise Busy("jansen")
    yield  # pragma: no cover


def test_without_nextcloud_a_yes_is_recorded_and_said_to_wait(jansen: Context) -> None:
    decided = decide(jansen, None, "jansen", "energie", "joost", "petra", True)
    assert decided.recorded.decision.allowed
    assert decided.applied == Applied(State.NOT_CONFIGURED)
    assert decided.waiting is Waiting.NEXTCLOUD and decided.applied.reason() == ""


def test_a_member_without_address_or_account_waits_for_one(jansen: Context) -> None:
    decided = decide(jansen, None, "jansen", "energie", "ans", "petra", True)
    assert decided.recorded.decision.allowed and decided.waiting is Waiting.NO_ACCOUNT


def test_a_refused_decision_writes_nothing(jansen: Context) -> None:
    before = snapshot(jansen.store)

    def refuse(family: Family) -> None:
        raise PermissionError(family.slug)

    with pytest.raises(PermissionError):
        decide(jansen, None, "jansen", "energie", "joost", "petra", True, check=refuse)
    with pytest.raises(PermissionError):
        decide(jansen, None, "jansen", "energie", "joost", "petra", False, check=refuse)
    with pytest.raises(NotFound):
        decide(jansen, None, "jansen", "energie", "joost", "petra", True,
               check=asked("energie", "joost"))
    assert snapshot(jansen.store) == before


def test_a_yes_without_terms_keeps_the_terms_asked(jansen: Context) -> None:
    until = date(2027, 6, 30)
    decide(jansen, None, "jansen", "energie", "joost", "petra", True, Terms(Access.EDIT, until))
    again = decide(jansen, None, "jansen", "energie", "joost", "petra", True,
                   check=asked("energie", "joost"))
    assert again.recorded.grant is not None
    assert (again.recorded.grant.access, again.recorded.grant.expires_on) == (Access.EDIT, until)
    fresh = decide(jansen, None, "jansen", "energie", "kevin", "petra", True)
    assert fresh.recorded.grant is not None
    assert (fresh.recorded.grant.access, fresh.recorded.grant.expires_on) == (Access.READ, None)


def test_an_apply_that_cannot_be_tried_is_an_outcome_unless_asked_to_raise(
        jansen: Context) -> None:
    decided = decide(jansen, busy, "jansen", "energie", "joost", "petra", True)
    assert decided.applied.state is State.FAILED and decided.waiting is Waiting.NEXTCLOUD
    assert decided.applied.reason().startswith("Nextcloud weigerde: ")
    with pytest.raises(Busy):
        decide(jansen, busy, "jansen", "energie", "joost", "petra", False, raise_errors=True)
    with jansen.store.reading() as tx:  # the stop was recorded before the apply raised
        stopped = tx.families.load("jansen").grant("energie", "joost")
    assert stopped is not None and stopped.refused_by == {"petra"}


def test_what_waits_says_until_when_in_dutch_time() -> None:
    at = local(datetime(2026, 11, 23, 10, 5, tzinfo=UTC))  # winter: UTC+1
    assert "11:05" in Applied(State.RATE_LIMITED, at).reason()
    assert "11:05" in Applied(State.UNREACHABLE, at).reason()
    assert Applied(State.UNREACHABLE).reason().endswith("om ? opnieuw.")
    assert Applied(State.DONE).reason() == ""
