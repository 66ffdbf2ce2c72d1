"""The desired state of a family's Nextcloud space, derived from the record (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.conftest import EXAMPLE
from zolicht.domain.model import Family
from zolicht.reconcile.desired import desired_state
from zolicht.services.transfer import parse_family

ON = date(2026, 11, 23)


def jansen() -> Family:
    return parse_family(EXAMPLE.read_text(), EXAMPLE.parent, ON)[0]


def test_only_user_shares_without_the_reshare_bit() -> None:
    desired = desired_state(jansen(), ON, "zolicht")
    assert desired.shares
    assert {s.permissions for s in desired.shares} <= {1, 3}
    assert desired.folders[0] == "Gezin Jansen" and len(desired.folders) == 6
    assert {a.uid for a in desired.accounts} >= {"jansen-oma-ria", "lotte.visser"}


def test_a_diagnosis_next_to_a_name_is_refused_and_never_uploaded() -> None:
    family = jansen()
    bad = replace(family.documents[0], file_name="adhd-sanne.md")
    family = replace(family, documents=(bad, *family.documents[1:]))
    desired = desired_state(family, ON, "zolicht")
    assert any(p.startswith(f"{bad.key}:") for p in desired.problems)
    assert all("adhd" not in f.path for f in desired.files)
    assert all("adhd" not in s.path for s in desired.shares)


def test_a_diagnosis_without_a_name_is_allowed() -> None:
    family = jansen()
    plain = replace(family.documents[0], file_name="uitleg-over-adhd.md")
    family = replace(family, documents=(plain, *family.documents[1:]))
    assert not desired_state(family, ON, "zolicht").problems


def test_care_ending_caps_series_and_drops_those_not_yet_started() -> None:
    from datetime import datetime

    from zolicht.domain.contacts import ContactPlan, Series
    from zolicht.reconcile.desired import desired_calendar

    family = jansen()
    running = Series("loopt", "Contactmoment", datetime(2026, 11, 3, 16, 0), 60, 2,
                     date(2027, 12, 31), ("petra",))
    later = Series("later", "Contactmoment", datetime(2027, 1, 5, 16, 0), 60, 2,
                   date(2027, 12, 31), ("petra",))
    plan = ContactPlan(series=(running, later), closing=date(2026, 11, 30))
    accounts = desired_state(family, ON, "zolicht").accounts
    calendar = desired_calendar(family, plan, accounts, "zolicht")
    assert calendar is not None
    names = [e.name for e in calendar.events]
    assert "loopt.ics" in names and "later.ics" not in names
    kept = next(e.item for e in calendar.events if e.name == "loopt.ics")
    assert isinstance(kept, Series) and kept.until == date(2026, 11, 30)
