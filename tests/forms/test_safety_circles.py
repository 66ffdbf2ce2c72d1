"""The youth's safety circles: from the youth's own form to proposals that carry the
circle, and on acceptance into the network map, without wiping what step 3 recorded."""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import EXAMPLE, NOW, example_family
from zolicht.context import Context
from zolicht.domain.method import (
    MapEntry,
    MethodRecord,
    NetworkMap,
    NeverInvolve,
    Ring,
    SafetyCircle,
    Support,
)
from zolicht.domain.model import Family
from zolicht.domain.proposals import (
    Answer,
    Proposal,
    ProposalKind,
    ProposalState,
    Submission,
    read_submission,
)
from zolicht.forms.export import proposal_summary
from zolicht.services import forms as answers
from zolicht.services.forms import with_entry
from zolicht.services.transfer import import_file

ON = NOW.date()
AT = NOW.replace(tzinfo=None)


def jansen(never: tuple[NeverInvolve, ...] = ()) -> Family:
    family = example_family(ON)
    return replace(family, method=replace(family.method, never=never))


def youth(*answers: tuple[str, str], number: int = 7) -> Submission:
    return Submission("jongere__sanne", number, "jansen-sanne", AT,
                      tuple(Answer(q, q, v) for q, v in answers))


def test_the_circles_become_proposals_that_carry_them() -> None:
    family = jansen((NeverInvolve("Oom Kees"),))
    reading = read_submission(family, youth(
        ("weet_alles", "Oma Ria\nKevin"), ("weet_beetje", "meester joost, Tante Els, kevin"),
        ("wel_erbij", "Trainer Mo en oom kees\nTante Els"),
        ("nooit_1_naam", "Buurvrouw Ans"), ("nooit_1_waarom", "Ze roddelt")), "sanne", {})
    found = [(d.kind, d.payload.get("name"), d.payload.get("circle")) for d in reading.drafts]
    assert found == [
        (ProposalKind.NEVER, "Buurvrouw Ans", None),
        (ProposalKind.UPDATE, "Oma Ria", "knows_all"),
        (ProposalKind.UPDATE, "Kevin", "knows_all"),
        (ProposalKind.UPDATE, "meester joost", "knows_some"),
        (ProposalKind.MEMBER, "Tante Els", "knows_some"),  # the inner circle wins
        (ProposalKind.MEMBER, "Trainer Mo", "wanted"),
        (ProposalKind.NOTE, None, None)]
    assert reading.drafts[1].payload == {"person": "oma-ria", "name": "Oma Ria",
                                         "circle": "knows_all", "asked_by": "sanne"}
    assert reading.drafts[4].payload == {"name": "Tante Els", "relation": "", "offers": "",
                                         "circle": "knows_some", "asked_by": "sanne"}
    # oom Kees is on the list: not proposed, and the problem does not name him
    assert reading.problems == ["een naam bij 'wie wil je erbij' is niet voorgesteld, want "
                                "die staat op de lijst 'nooit betrekken'"]
    note = reading.drafts[-1].payload["answers"]
    assert not any("roddelt" in answer for _q, answer in note)


def test_a_name_the_youth_says_never_is_put_in_no_circle() -> None:
    reading = read_submission(jansen(), youth(
        ("weet_beetje", "Buurvrouw Ans"), ("nooit_1_naam", "buurvrouw ans")), "sanne", {})
    assert [d.kind for d in reading.drafts] == [ProposalKind.NEVER, ProposalKind.NOTE]
    assert reading.problems == ["een naam bij 'wie weet een beetje' is niet voorgesteld, "
                                "want die staat op de lijst 'nooit betrekken'"]


def test_a_proposal_says_its_circle() -> None:
    def proposal(kind: ProposalKind, **payload: str) -> Proposal:
        return Proposal(1, kind, "jongere__sanne", 7, "sanne", payload, ProposalState.OPEN,
                        AT)

    family = jansen()
    assert proposal_summary(family, proposal(ProposalKind.UPDATE, name="Oma Ria",
                                             circle="knows_all")) == \
        "aanvullen in de netwerkkaart: Oma Ria (veiligheidscirkel: weet alles)"
    assert proposal_summary(family, proposal(ProposalKind.MEMBER, name="Mo")) == \
        "nieuw in het netwerk: Mo"


def test_with_entry_merges_only_the_given_fields() -> None:
    ria = MapEntry("oma-ria", "Oma Ria", Ring.FURTHER, (Support.PRACTICAL,), "Koken", True)
    record = MethodRecord(maps=(NetworkMap(ON, "stap-3", (ria,)),))
    circled = MapEntry("oma-ria", "Oma Ria", circle=SafetyCircle.KNOWS_ALL)
    merged = with_entry(record, circled, ON, "jongere", {"circle"})
    assert merged.current_map is not None and merged.current_map.source == "jongere"
    assert merged.current_map.entry("oma ria") == replace(ria, circle=SafetyCircle.KNOWS_ALL)
    assert merged.maps[0] == record.maps[0]  # history kept
    whole = with_entry(record, circled, ON, "stap-3")
    assert whole.current_map is not None and whole.current_map.entry("Oma Ria") == circled


def propose_all(ctx: Context, submission: Submission) -> list[Proposal]:
    with ctx.store.reading() as tx:
        family = tx.families.load("jansen")
    reading = read_submission(family, submission, "sanne", {})
    with ctx.store.transaction() as tx:
        records = tx.forms("jansen")
        records.keep_submission(submission)
        for draft in reading.drafts:
            records.propose(submission, "sanne", draft, ctx.now())
    return answers.proposals(ctx, "jansen")


def test_accepting_puts_the_circle_on_the_map_and_keeps_what_step_3_recorded(
        ctx: Context) -> None:
    import_file(ctx, EXAMPLE)
    made = propose_all(ctx, youth(("weet_alles", "Oma Ria"), ("wel_erbij", "Trainer Mo"),
                                  ("weet_beetje", "Kevin")))
    for proposal in made:
        if proposal.kind is not ProposalKind.NOTE:
            answers.accept(ctx, "jansen", proposal.id)
    with ctx.store.reading() as tx:
        family = tx.families.load("jansen")
    current = family.method.current_map
    assert current is not None and current.source == "jongere" and current.made_on == ON
    assert len(family.method.maps) == 2  # one new map for the day the form was sent
    ria = current.entry("Oma Ria")
    assert ria == MapEntry("oma-ria", "Oma Ria", Ring.CLOSE,
                           (Support.PRACTICAL, Support.EMOTIONAL),
                           "Haalt Daan op, kookt op woensdag", True, SafetyCircle.KNOWS_ALL)
    kevin = current.entry("Kevin")
    assert kevin is not None and kevin.circle is SafetyCircle.KNOWS_SOME
    assert kevin.offers == "Praat elke week met Sanne" and kevin.long_term
    mo = current.entry("Trainer Mo")
    assert mo is not None and mo.circle is SafetyCircle.WANTED and mo.person == "trainer-mo"
    assert family.person("trainer-mo") is not None
    joost = current.entry("Meester Joost")  # not named: as he was
    assert joost is not None and joost.circle is None and joost.ring is Ring.GROUPS
    # a later step 3 for Ria that leaves her circle unsaid keeps it
    step3 = Submission("stap-3", 8, "jansen-sanne", AT, (
        Answer("persoon_1_naam", "naam", "Oma Ria"),
        Answer("persoon_1_kring", "kring", "Verder weg")))
    [update] = [p for p in propose_all(ctx, step3) if p.kind is ProposalKind.UPDATE]
    answers.accept(ctx, "jansen", update.id)
    with ctx.store.reading() as tx:
        after = tx.families.load("jansen").method.current_map
    ria = after.entry("Oma Ria") if after else None
    assert ria is not None and ria.ring is Ring.FURTHER
    assert ria.circle is SafetyCircle.KNOWS_ALL and ria.offers.startswith("Haalt Daan")
