"""The consent rules of shared/reference/security.md §1, case by case and as properties."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zolicht.domain.consent import Reason, Rule, age_on, decide, grant_decision, requirement
from zolicht.domain.model import (
    Access,
    Circle,
    Consent,
    Document,
    DocumentKind,
    Family,
    Grant,
    Person,
    Sensitivity,
)

ON = date(2026, 11, 23)


def person(key: str, circle: Circle = Circle.FAMILY, born: date | None = None,
           authority: bool = False, not_capable: bool = False) -> Person:
    return Person(key, key.title(), "rol", circle, born, authority, not_capable)


def born_aged(years: int, on: date = ON) -> date:
    return on.replace(year=on.year - years) - timedelta(days=30)


MOTHER = person("mother", authority=True, born=date(1980, 1, 1))
FATHER = person("father", authority=True, born=date(1981, 1, 1))
STEPFATHER = person("stepfather", born=date(1979, 1, 1))  # a parent without authority
GRANDMA = person("grandma", Circle.NETWORK)
PRO = person("pro", Circle.PROFESSIONAL)


def youth(age: int, not_capable: bool = False) -> Person:
    return person("youth", born=born_aged(age), not_capable=not_capable)


def people_with(subject: Person) -> list[Person]:
    return [MOTHER, FATHER, STEPFATHER, GRANDMA, PRO, subject]


# -- the table, one row per rule ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "rule", "consenters"),
    [
        (youth(5), Rule.UNDER_12, {"mother", "father"}),
        (youth(11), Rule.UNDER_12, {"mother", "father"}),
        (youth(12), Rule.YOUTH_12_15, {"youth", "mother", "father"}),
        (youth(14), Rule.YOUTH_12_15, {"youth", "mother", "father"}),
        (youth(15), Rule.YOUTH_12_15, {"youth", "mother", "father"}),
        (youth(16), Rule.YOUTH_16_17, {"youth"}),
        (youth(17), Rule.YOUTH_16_17, {"youth"}),
        (youth(14, not_capable=True), Rule.NOT_CAPABLE, {"mother", "father"}),
        (youth(17, not_capable=True), Rule.NOT_CAPABLE, {"mother", "father"}),
        (youth(18), Rule.ADULT, {"youth"}),
        (MOTHER, Rule.ADULT, {"mother"}),
        (STEPFATHER, Rule.ADULT, {"stepfather"}),
        (person("youth"), Rule.AGE_UNKNOWN, {"youth", "mother", "father"}),
    ],
)
def test_required_consenters_follow_the_table(subject: Person, rule: Rule,
                                              consenters: set[str]) -> None:
    need = requirement(subject, people_with(subject), ON)
    assert need.rule is rule
    assert need.consenters == frozenset(consenters)
    everyone = decide(subject, GRANDMA, people_with(subject), consenters, ON)
    assert everyone.allowed and everyone.reason is Reason.CONSENTED


def test_sole_authority_needs_only_that_parent() -> None:
    sole = [person("mother", authority=True), person("father"), GRANDMA, youth(9)]
    assert requirement(youth(9), sole, ON).consenters == {"mother"}
    assert decide(youth(9), GRANDMA, sole, {"mother"}, ON).allowed


def test_a_guardian_with_authority_consents_like_a_parent() -> None:
    voogd = person("voogd", authority=True)
    group = [voogd, GRANDMA, youth(8)]
    assert requirement(youth(8), group, ON).consenters == {"voogd"}


@pytest.mark.parametrize("age", [5, 14])
def test_joint_authority_needs_both_parents(age: int) -> None:
    subject = youth(age)
    one_parent = {"mother"} | ({"youth"} if age >= 12 else set())
    decision = decide(subject, GRANDMA, people_with(subject), one_parent, ON)
    assert not decision.allowed
    assert decision.missing == {"father"}


def test_sixteen_plus_parents_get_nothing_without_the_youth() -> None:
    subject = youth(16)
    decision = decide(subject, MOTHER, people_with(subject), {"father"}, ON)
    assert not decision.allowed and decision.missing == {"youth"}
    assert decide(subject, MOTHER, people_with(subject), {"youth"}, ON).allowed


@pytest.mark.parametrize("age", [12, 13, 15, 16, 17])
def test_the_youths_refusal_is_a_veto(age: int) -> None:
    subject = youth(age)
    everybody = {"mother", "father", "stepfather", "youth", "pro", "grandma"}
    decision = decide(subject, GRANDMA, people_with(subject), everybody, ON,
                      refused_by={"youth"})
    assert not decision.allowed
    assert decision.reason is Reason.REFUSED and decision.refused_by == {"youth"}


@pytest.mark.parametrize("age", [5, 14, 16])
def test_a_parent_without_authority_never_counts(age: int) -> None:
    subject = youth(age)
    need = requirement(subject, people_with(subject), ON)
    assert "stepfather" not in need.consenters
    others = need.consenters - {"mother"} if need.consenters != {"youth"} else frozenset()
    decision = decide(subject, GRANDMA, people_with(subject), others | {"stepfather"}, ON)
    if need.consenters == {"youth"}:
        assert not decision.allowed and decision.missing == {"youth"}
    else:
        assert not decision.allowed and "mother" in decision.missing


@pytest.mark.parametrize("age", [5, 14, 16, 30])
def test_a_professional_never_consents(age: int) -> None:
    subject = youth(age)
    pro_with_authority = person("pro", Circle.PROFESSIONAL, authority=True)
    group = [MOTHER, FATHER, GRANDMA, pro_with_authority, subject]
    need = requirement(subject, group, ON)
    assert "pro" not in need.consenters
    assert not decide(subject, GRANDMA, group, {"pro"}, ON).allowed


def test_no_holder_of_authority_means_nobody_can_consent() -> None:
    orphaned = [GRANDMA, youth(7)]
    decision = decide(youth(7), GRANDMA, orphaned, {"grandma", "youth"}, ON)
    assert not decision.allowed and decision.reason is Reason.NO_CONSENTER


def test_professionals_and_consenters_see_without_a_grant() -> None:
    subject = youth(14)
    group = people_with(subject)
    assert decide(subject, PRO, group, (), ON).reason is Reason.PROFESSIONAL
    assert decide(subject, MOTHER, group, (), ON).reason is Reason.HAS_A_SAY
    assert decide(subject, subject, group, (), ON).reason is Reason.HAS_A_SAY
    young = youth(9)
    assert not decide(young, young, people_with(young), (), ON).allowed


def test_an_expired_grant_no_longer_counts() -> None:
    subject = youth(9)
    doc = Document("d", "Titel", DocumentKind.PSYCHO_EDUCATION, "youth", Sensitivity.HEALTH,
                   "d.md", "0" * 64, 1)
    grant = Grant("d", "grandma", Access.READ, (Consent("mother", None),  # type: ignore[arg-type]
                                                  Consent("father", None)),  # type: ignore[arg-type]
                  expires_on=ON)
    family = Family("f", "F", people=tuple(people_with(subject)), documents=(doc,),
                    grants=(grant,))
    assert grant_decision(family, grant, ON).allowed
    assert grant_decision(family, grant, ON + timedelta(days=1)).reason is Reason.EXPIRED


# -- birthdays ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2012, 6, 8), date(2024, 6, 7), 11),
        (date(2012, 6, 8), date(2024, 6, 8), 12),
        (date(2012, 2, 29), date(2024, 2, 28), 11),
        (date(2012, 2, 29), date(2024, 2, 29), 12),
        (date(2012, 2, 29), date(2025, 2, 28), 12),
        (date(2012, 2, 29), date(2025, 3, 1), 13),
    ],
)
def test_age_counts_whole_years_and_leap_days(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


births = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


def birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a year without one: the birthday is 1 March
        return date(birth.year + years, 3, 1)


@settings(max_examples=300)
@given(birth=births)
def test_twelfth_birthday_adds_the_youth(birth: date) -> None:
    subject = person("youth", born=birth)
    group = [MOTHER, FATHER, subject]
    day = birthday(birth, 12)
    before = requirement(subject, group, day - timedelta(days=1))
    on_the_day = requirement(subject, group, day)
    assert before.rule is Rule.UNDER_12 and before.consenters == {"mother", "father"}
    assert on_the_day.rule is Rule.YOUTH_12_15
    assert on_the_day.consenters == {"mother", "father", "youth"}
    # what the parents alone agreed to the day before stops being enough on the birthday
    assert decide(subject, GRANDMA, group, {"mother", "father"}, day - timedelta(days=1)).allowed
    assert not decide(subject, GRANDMA, group, {"mother", "father"}, day).allowed


@settings(max_examples=300)
@given(birth=births)
def test_sixteenth_birthday_leaves_the_youth_alone(birth: date) -> None:
    subject = person("youth", born=birth)
    group = [MOTHER, FATHER, subject]
    day = birthday(birth, 16)
    assert requirement(subject, group, day - timedelta(days=1)).rule is Rule.YOUTH_12_15
    assert requirement(subject, group, day).consenters == {"youth"}
    assert not decide(subject, GRANDMA, group, {"youth"}, day - timedelta(days=1)).allowed
    assert decide(subject, GRANDMA, group, {"youth"}, day).allowed
    assert not decide(subject, MOTHER, group, (), day).allowed  # parents lose default sight


@settings(max_examples=300)
@given(birth=births)
def test_eighteenth_birthday_makes_an_adult(birth: date) -> None:
    subject = person("youth", born=birth)
    day = birthday(birth, 18)
    assert requirement(subject, [MOTHER, subject], day - timedelta(days=1)).rule is Rule.YOUTH_16_17
    assert requirement(subject, [MOTHER, subject], day).rule is Rule.ADULT


# -- fail-closed, as a property ------------------------------------------------------------------
CANDIDATES = ["mother", "father", "stepfather", "grandma", "pro", "youth", "neighbour"]


@st.composite
def situations(draw: st.DrawFn) -> tuple[Person, list[Person], Person, date]:
    on = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)))
    subject = person(
        "youth",
        born=draw(st.one_of(st.none(), st.dates(min_value=date(1960, 1, 1), max_value=on))),
        authority=draw(st.booleans()),
        not_capable=draw(st.booleans()),
    )
    group = [subject, person("neighbour", Circle.NETWORK), GRANDMA]
    for key in ("mother", "father", "stepfather"):
        if draw(st.booleans()):
            group.append(person(key, draw(st.sampled_from(list(Circle))),
                                authority=draw(st.booleans())))
    group.append(person("pro", Circle.PROFESSIONAL, authority=draw(st.booleans())))
    member = draw(st.sampled_from(
        [p for p in group if p.circle is Circle.NETWORK and not p.has_authority]))
    return subject, group, member, on


@settings(max_examples=500)
@given(situation=situations(), consented=st.sets(st.sampled_from(CANDIDATES)),
       refused=st.sets(st.sampled_from(CANDIDATES), max_size=2))
def test_no_consent_set_smaller_than_required_is_accepted(
    situation: tuple[Person, list[Person], Person, date],
    consented: set[str], refused: set[str],
) -> None:
    subject, group, member, on = situation
    need = requirement(subject, group, on)
    decision = decide(subject, member, group, consented, on, refused)
    if decision.allowed:
        assert need.consenters, "an empty requirement must never allow"
        assert need.consenters <= consented
        assert not (need.consenters & refused)
    for size in range(len(need.consenters)):
        for subset in combinations(sorted(need.consenters), size):
            assert not decide(subject, member, group, set(subset), on).allowed
    valid = {p.key for p in group if p.circle is not Circle.PROFESSIONAL}
    assert need.consenters <= valid
    assert not any(p.key in need.consenters for p in group
                   if p.circle is Circle.FAMILY and not p.has_authority and p.key != "youth")
