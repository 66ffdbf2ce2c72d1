"""Scaling down during care: the proposal changes nothing, confirming it keeps history
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import EXAMPLE, snapshot
from zolicht.context import Context
from zolicht.domain.contacts import occurrences
from zolicht.services import audit, contacts, transfer
from zolicht.services import family as families
from zolicht.store import Store

FIRST = datetime(2026, 10, 6, 16, 0)  # every other Tuesday; "today" is 23 November 2026


@pytest.fixture
def jansen(ctx: Context) -> Context:
    transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    contacts.add(ctx, "jansen", "gesprek", "Contactmoment", FIRST, every_weeks=2,
                 until=date(2027, 6, 29), participants=("petra",))
    families.set_status(ctx, "jansen", "scaling_down")
    return ctx


def test_the_proposal_changes_nothing(jansen: Context, store: Store) -> None:
    before = snapshot(store)
    (proposal,) = contacts.scale_down_proposal(jansen, "jansen")
    assert (proposal.thinner.every_weeks, proposal.switch) == (4, datetime(2026, 12, 1, 16, 0))
    assert snapshot(store) == before


def test_confirming_ends_the_old_series_and_adds_the_thinner_one(jansen: Context) -> None:
    had = occurrences(contacts.load(jansen, "jansen"), date(2026, 10, 1), date(2026, 11, 30))
    applied = contacts.scale_down(jansen, "jansen")
    plan = contacts.load(jansen, "jansen")
    assert [(s.key, s.every_weeks, s.until) for s in plan.series] == [
        ("gesprek", 2, date(2026, 11, 30)), ("gesprek-20261201", 4, date(2027, 6, 29))]
    assert [t.thinner for t in applied] == [plan.series[1]]
    assert occurrences(plan, date(2026, 10, 1), date(2026, 11, 30)) == had
    coming = occurrences(plan, date(2026, 12, 1), date(2027, 2, 28))
    assert [o.start.date() for o in coming] == [
        date(2026, 12, 1), date(2026, 12, 29), date(2027, 1, 26), date(2027, 2, 23)]
    (event,) = [e.event for e in audit.events(jansen, "jansen")
                if e.event.action == "contact.scale_down"]
    assert event.reason == "gesprek -> gesprek-20261201 every 4w from 2026-12-01 16:00"
    # a next step (4 → 8) before the thinner series began changes it in place
    (second,) = contacts.scale_down_proposal(jansen, "jansen")
    assert second.ended is None
    assert (second.thinner.key, second.thinner.every_weeks) == ("gesprek-20261201", 8)
