"""The method's record (pure): names compared, maps compared, the plain-data form, and the
never-involve list honoured by the matrix, the accounts, the calendar and its invitations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import example_family
from zolicht.calendar.ics import to_ics
from zolicht.domain.consent import Reason
from zolicht.domain.contacts import ContactPlan, Moment, MomentKind, Series
from zolicht.domain.method import (
    MAPPING_METHODS,
    Contribution,
    Evaluation,
    ForWhom,
    HandOver,
    JimMandate,
    MapEntry,
    MethodRecord,
    Need,
    NetworkMap,
    NeverInvolve,
    Referral,
    Ring,
    SafetyCircle,
    Strength,
    Support,
    Task,
    change_between,
    from_data,
    plain_name,
    to_data,
)
from zolicht.domain.model import Circle, Family
from zolicht.domain.visibility import matrix, readers
from zolicht.reconcile.desired import desired_calendar, desired_state

ON = date(2026, 11, 23)


def jansen_without(*never: NeverInvolve) -> Family:
    family = example_family(ON)
    return replace(family, method=replace(family.method, never=never))


def test_names_are_compared_without_case_accents_or_extra_spaces() -> None:
    assert plain_name("  Oma  Ría ") == plain_name("oma ria") == "oma ria"
    assert plain_name("Oma Ria") != plain_name("Oma Rita")


def test_the_example_carries_the_method_record() -> None:
    method = example_family(ON).method
    assert method.never_involved("", "oom kees")
    assert method.helpers_in("crisis") == ("lotte",)
    assert method.current_map is not None and len(method.current_map.entries) == 4


def test_a_change_between_maps_names_who_joined_left_and_changed() -> None:
    before = NetworkMap(date(2026, 11, 1), "stap-3", (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE), MapEntry("ans", "Buurvrouw Ans"),
        MapEntry("kevin", "Kevin", Ring.FURTHER)))
    after = NetworkMap(date(2026, 12, 1), "evaluatie", (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE), MapEntry("kevin", "Kevin", Ring.CLOSE),
        MapEntry("", "Tante Els")))
    change = change_between(before, after)
    assert change.joined == ("Tante Els",)
    assert change.left == ("Buurvrouw Ans",)
    assert change.changed == ("Kevin",)
    assert change_between(None, after).joined == ("Oma Ria", "Kevin", "Tante Els")


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
keys = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def records(draw: st.DrawFn) -> MethodRecord:
    entries = st.builds(MapEntry, keys | st.just(""), texts.filter(str.strip),
                        st.sampled_from(Ring),
                        st.lists(st.sampled_from(Support), unique=True).map(tuple), texts,
                        st.booleans(), st.sampled_from(SafetyCircle) | st.none())
    return MethodRecord(
        maps=tuple(draw(st.lists(st.builds(NetworkMap, days, keys,
                                           st.lists(entries, max_size=3).map(tuple)),
                                 max_size=2))),
        evaluations=tuple(draw(st.lists(st.builds(
            Evaluation, keys, days, keys | st.just(""), texts, texts,
            st.lists(st.builds(Contribution, keys, texts.filter(str.strip), texts),
                     max_size=2).map(tuple),
            st.integers(1, 10) | st.none(),
            st.lists(st.tuples(keys, texts), max_size=1).map(tuple)), max_size=2))),
        never=tuple(draw(st.lists(st.builds(NeverInvolve, texts.filter(str.strip),
                                            keys | st.just(""), texts,
                                            days | st.none()), max_size=2))),
        tasks=tuple(draw(st.lists(st.builds(Task, keys, keys, texts.filter(str.strip), texts,
                                            st.sampled_from(HandOver), keys | st.just(""),
                                            days | st.none()),
                                  max_size=2))),
        referrals=tuple(draw(st.lists(st.builds(Referral, texts.filter(str.strip),
                                                texts.filter(str.strip), texts),
                                      max_size=2))),
        helpers=tuple((phase, tuple(draw(st.lists(keys, min_size=1, max_size=2))))
                      for phase in draw(st.sets(st.sampled_from(("groen", "rood"))))
                      if phase),
        backup=draw(keys | st.just("")),
        jim=draw(st.builds(JimMandate, texts, texts, texts)),
        needs=tuple(draw(st.lists(st.builds(Need, keys, st.sampled_from(ForWhom), texts,
                                            st.sampled_from(Support) | st.none()),
                                  max_size=1))),
        strengths=tuple(draw(st.lists(st.builds(Strength, keys, keys | st.just(""), texts),
                                      max_size=1))),
        pace=draw(texts),
        methods=tuple(draw(st.lists(st.sampled_from(MAPPING_METHODS), unique=True, max_size=2))),
        chat=draw(texts),
    )


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records())
def test_the_plain_data_form_keeps_everything(record: MethodRecord) -> None:
    record = replace(record, helpers=tuple(sorted(
        record.helpers, key=lambda h: ("groen", "oranje", "rood", "crisis").index(h[0]))))
    assert from_data(to_data(record)) == record


def test_the_safety_circle_is_kept_by_name_and_left_out_when_there_is_none() -> None:
    record = MethodRecord(maps=(NetworkMap(ON, "jongere", (
        MapEntry("oma-ria", "Oma Ria", circle=SafetyCircle.KNOWS_ALL),
        MapEntry("", "Kevin"))),))
    people = to_data(record)["maps"][0]["people"]
    assert people == [{"person": "oma-ria", "name": "Oma Ria", "ring": "close",
                       "circle": "knows_all"}, {"name": "Kevin", "ring": "close"}]
    assert from_data(to_data(record)) == record
    moved = NetworkMap(ON, "jongere", (
        MapEntry("oma-ria", "Oma Ria", circle=SafetyCircle.WANTED), MapEntry("", "Kevin")))
    assert change_between(record.maps[0], moved).changed == ("Oma Ria",)


def test_a_never_involved_member_sees_nothing_whatever_the_grants_say() -> None:
    family = example_family(ON)
    assert readers(family, ON)["energie"].get("oma-ria") is not None
    family = jansen_without(NeverInvolve("Oma Ria", person="oma-ria", reason="geheim"))
    assert all("oma-ria" not in who for who in readers(family, ON).values())
    cells = [c for c in matrix(family, ON) if c.member.key == "oma-ria"]
    assert cells and all(c.decision.reason is Reason.NEVER_INVOLVED for c in cells)


def test_a_never_involved_person_matched_by_name_gets_no_account_and_no_group() -> None:
    family = jansen_without(NeverInvolve("  oma ria "))
    desired = desired_state(family, ON, "zolicht")
    person = family.person("oma-ria")
    assert person is not None
    assert person.uid not in {a.uid for a in desired.accounts}
    assert all(person.uid not in members for members in desired.members.values())


def test_a_never_involved_person_gets_no_calendar_and_no_invitation() -> None:
    plan = ContactPlan(
        series=(Series("gesprek", "Contactmoment", datetime(2026, 12, 1, 16), 60, 2,
                       date(2027, 3, 1), ("petra", "kevin", "oma-ria")),),
        moments=(Moment("netwerk", MomentKind.NETWORK_MEETING, "Netwerkberaad",
                        datetime(2026, 12, 10, 19), 90, ("kevin", "oma-ria")),))
    family = jansen_without(NeverInvolve("Kevin", person="kevin"))
    accounts = desired_state(family, ON, "zolicht").accounts
    calendar = desired_calendar(family, plan, accounts)
    assert calendar is not None
    kevin, oma = family.person("kevin"), family.person("oma-ria")
    assert kevin is not None and oma is not None
    assert f"users/{kevin.uid}" not in calendar.sharees
    assert f"users/{oma.uid}" in calendar.sharees
    parsed = Calendar.from_ical(to_ics(family, plan, datetime(2026, 11, 23, tzinfo=UTC)))
    attendees = {str(a) for e in parsed.walk("VEVENT") for a in e.get("attendee", [])
                 for a in (a if isinstance(a, list) else [a])}
    assert f"mailto:{oma.email}" in attendees
    assert f"mailto:{kevin.email}" not in attendees


def test_involved_leaves_out_the_never_involved_of_a_circle() -> None:
    family = jansen_without(NeverInvolve("Buurvrouw Ans", person="ans"))
    network = {p.key for p in family.involved(Circle.NETWORK)}
    assert network == {"oma-ria", "kevin", "joost"}
