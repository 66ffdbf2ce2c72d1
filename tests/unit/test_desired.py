"""The desired state of a family's Nextcloud space, derived from the record (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.conftest import example_family
from zolicht.domain import names
from zolicht.domain.model import Access, Circle, Family
from zolicht.reconcile.desired import Desired, desired_state

ON = date(2026, 11, 23)


def jansen(space: str = "k3m9x2q7ab") -> Family:
    return example_family(ON, space)


def uid(family: Family, key: str) -> str:
    person = family.person(key)
    assert person is not None
    return person.uid


def documents_opened_for(desired: Desired, uid: str) -> dict[str, int]:
    """Per document, the permissions the groups ``uid`` belongs to give."""
    opened: dict[str, int] = {}
    for share in desired.shares:
        if share.document and uid in desired.members[share.group]:
            opened[share.document] = opened.get(share.document, 0) | share.permissions
    return opened


def test_documents_are_shared_with_groups_never_without_need_and_never_to_reshare() -> None:
    family = jansen()
    desired = desired_state(family, ON, "zolicht")
    assert {s.permissions for s in desired.shares} <= {1, 3}
    assert desired.folders[0] == names.root(family.space) and len(desired.folders) == 6
    assert {s.group for s in desired.shares} <= desired.groups
    assert all(gid.startswith(names.group_prefix(family.space)) for gid in desired.groups)
    read_groups = {names.document_group(family.space, d.key, Access.READ)
                   for d in family.documents}
    assert read_groups <= {s.group for s in desired.shares}
    assert {a.uid for a in desired.accounts} >= {uid(family, "oma-ria"), "lotte.visser"}


def test_a_member_belongs_to_the_groups_of_exactly_the_documents_the_rules_allow() -> None:
    family = jansen()
    desired = desired_state(family, ON, "zolicht")
    assert documents_opened_for(desired, uid(family, "oma-ria")) == {
        "school-concentratie": 1, "prikkels": 1, "energie": 3}
    assert documents_opened_for(desired, uid(family, "joost")) == {}
    professionals = names.circle_group(family.space, Circle.PROFESSIONAL)
    assert "lotte.visser" in desired.members[professionals]
    folder = next(s for s in desired.shares if s.group == professionals)
    assert folder.path == desired.root and folder.permissions == 3


def test_names_in_nextcloud_say_nothing_and_never_meet_another_familys() -> None:
    one, other = jansen("aaaaaaaaaa"), jansen("bbbbbbbbbb")
    first, second = (desired_state(f, ON, "zolicht") for f in (one, other))
    assert not first.groups & second.groups and first.root != second.root
    visible = " ".join([*first.groups, *first.folders, *(a.uid for a in first.accounts
                                                        if a.person != "lotte")])
    words = {"jansen", "gezin", *(p.key for p in one.people), *(d.key for d in one.documents)}
    assert not [w for w in words if w in visible.lower()]


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
    calendar = desired_calendar(family, plan, accounts)
    assert calendar is not None
    names = [e.name for e in calendar.events]
    assert "loopt.ics" in names and "later.ics" not in names
    kept = next(e.item for e in calendar.events if e.name == "loopt.ics")
    assert isinstance(kept, Series) and kept.until == date(2026, 11, 30)
