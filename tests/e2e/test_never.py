"""The never-involve list in Nextcloud: read back as the person the family excluded."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.e2e.conftest import World
from tests.e2e.test_calendar import calendars_of, shared_calendar
from tests.e2e.test_forms import data, forms_api
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.services import contacts, method


@pytest.fixture
def oma_involved(world: World) -> World:
    """The example family with every form, a series Oma Ria takes part in, applied."""
    world.forms_dir = DEFAULT_DIR
    contacts.add(world.ctx, "jansen", "gesprek", "Contactmoment", datetime(2027, 3, 16, 16),
                 60, every_weeks=2, until=date(2027, 6, 29), participants=("petra", "oma-ria"))
    outcome = world.apply()
    assert outcome.failed is None, outcome.error
    return world


def what_oma_has(world: World) -> tuple[set[str], set[str], list[object]]:
    """The documents, calendars and forms Oma Ria finds in Nextcloud, as herself."""
    uid = world.uid("oma-ria")
    calendars = set(calendars_of(world, "oma-ria")) & {shared_calendar(world)}
    return world.listing(uid), calendars, data(forms_api(world, uid, "GET", "?type=shared"))


def test_a_never_involved_member_loses_documents_calendar_and_forms(
        oma_involved: World) -> None:
    world = oma_involved
    documents, calendars, forms = what_oma_has(world)
    assert len(documents) == 3 and calendars and forms
    method.never_add(world.ctx, "jansen", "Oma Ria", reason="Het gezin wil dit zo.")
    outcome = world.apply()
    assert outcome.failed is None, outcome.error
    assert what_oma_has(world) == (set(), set(), [])
    # the rest of the family keeps what it had
    assert world.visible()["mark"] == {"drukte-en-prikkels.md"}
    assert shared_calendar(world) in calendars_of(world, "petra")
