"""Forms that follow the method (issue 17, points 5 and 6): step 3 updates the people it
names, the youth's own voice, and the "never involve" list honoured by every form. Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.conftest import NOW, example_family
from zolicht.cli.present import proposal_line
from zolicht.domain.method import (
    MapEntry,
    MethodRecord,
    NetworkMap,
    NeverInvolve,
    Ring,
    Support,
)
from zolicht.domain.model import Circle, Family
from zolicht.domain.proposals import (
    Answer,
    Proposal,
    ProposalKind,
    ProposalState,
    Submission,
    names_in,
    read_submission,
)
from zolicht.forms.definitions import load_all
from zolicht.forms.export import proposal_summary, summary
from zolicht.forms.instance import Expanded, instantiate
from zolicht.nextcloud.forms import USER_SHARE
from zolicht.reconcile.desired import desired_state
from zolicht.reconcile.forms import DesiredForm, desired_forms
from zolicht.services.forms import with_entry

ON = NOW.date()
AT = NOW.replace(tzinfo=None)
DEFINITIONS = {d.form: d for d in load_all()}
STEP3_CHOICES = {f"persoon_{n}_relatie": DEFINITIONS["stap-3"].questions[1].options
                 for n in range(1, 9)}


def jansen(never: tuple[NeverInvolve, ...] = ()) -> Family:
    family = example_family(ON)
    return replace(family, method=replace(family.method, never=never))


def sent(form: str, *answers: tuple[str, str]) -> Submission:
    return Submission(form, 7, "jansen-sanne", AT, tuple(Answer(q, q, v) for q, v in answers))


def test_step_3_names_someone_known_and_proposes_a_change_not_a_new_person() -> None:
    reading = read_submission(jansen(), sent(
        "stap-3",
        ("persoon_1_naam", "oma  ría"), ("persoon_1_kring", "Dichtbij"),
        ("persoon_1_steun", "Een luisterend oor"),
        ("persoon_1_steun", "Praktisch: iets doen of regelen"),
        ("persoon_1_kan_bieden", "Op woensdag koken"), ("persoon_1_lang", "Ja"),
        ("persoon_2_naam", "Trainer Mo"), ("persoon_2_relatie", "Sport of club"),
        ("persoon_2_kring", "Een groep of instelling, zoals school, club of kerk"),
        ("persoon_2_steun", "Zegt wat wel en niet kan"), ("persoon_2_lang", "Weet ik nog niet"),
        ("persoon_3_naam", "Oma Ria")), "sanne", STEP3_CHOICES)
    assert [(d.kind, d.payload) for d in reading.drafts] == [
        (ProposalKind.UPDATE, {"person": "oma-ria", "name": "oma  ría",
                               "offers": "Op woensdag koken", "ring": "close",
                               "support": ["practical", "emotional"], "long_term": True}),
        (ProposalKind.MEMBER, {"name": "Trainer Mo", "offers": "", "ring": "groups",
                               "support": ["normative"], "relation": "Sport of club"})]
    assert reading.problems == ["persoon 3: staat al eerder in dit formulier; niet nog eens "
                                "voorgesteld"]


def test_a_name_on_the_never_list_is_never_proposed_and_not_repeated_in_the_problem() -> None:
    family = jansen((NeverInvolve("Buurvrouw Ans", "ans", "iets privés"),
                     NeverInvolve("Oom Henk", "", "ook privé")))
    reading = read_submission(family, sent(
        "stap-3", ("persoon_1_naam", "Buurvrouw Ans"), ("persoon_2_naam", "oom henk"),
        ("persoon_3_naam", "Tante Els")), "sanne", STEP3_CHOICES)
    assert [d.payload["name"] for d in reading.drafts] == ["Tante Els"]
    assert len(reading.problems) == 2
    for problem in reading.problems:
        assert "Ans" not in problem and "henk" not in problem.lower()
        assert "privé" not in problem and "nooit betrekken" in problem


def test_the_youth_names_whom_they_want_and_whom_never_and_the_reason_stays_private() -> None:
    family = jansen((NeverInvolve("Oom Henk"),))
    reading = read_submission(family, sent(
        "jongere__sanne",
        ("verdrietig", "Kevin"), ("geheim", "Oma Ria"),
        ("wel_erbij", "Tante Els en Kevin\nTrainer Mo, oom henk"),
        ("nooit_1_naam", "Buurvrouw Ans"), ("nooit_1_waarom", "Ze roddelt over ons"),
        ("nooit_2_naam", "Oom Henk"), ("nooit_3_waarom", "zonder naam")), "sanne", {})
    kinds = [(d.kind, d.payload.get("name")) for d in reading.drafts]
    assert kinds == [(ProposalKind.NEVER, "Buurvrouw Ans"),
                     (ProposalKind.MEMBER, "Tante Els"), (ProposalKind.UPDATE, "Kevin"),
                     (ProposalKind.MEMBER, "Trainer Mo"), (ProposalKind.NOTE, None)]
    assert reading.drafts[0].payload == {"name": "Buurvrouw Ans", "person": "ans",
                                         "reason": "Ze roddelt over ons", "asked_by": "sanne"}
    note = reading.drafts[-1].payload["answers"]
    assert ["geheim", "Oma Ria"] in note
    assert not any("roddelt" in answer or "Ans" in answer for _q, answer in note)
    # Kevin is known already (his circle, not a new member); oom Henk is on the list
    # (and not named)
    assert len(reading.problems) == 2
    assert not any("enk" in p for p in reading.problems)


def test_the_childs_version_reads_like_the_youths() -> None:
    reading = read_submission(jansen(), sent(
        "kind", ("kind_naam", "Daan"), ("wel_erbij", "Juf Anna"),
        ("nooit_1_naam", "De buurjongen")), "petra", {})
    assert [d.kind for d in reading.drafts] == [ProposalKind.NEVER, ProposalKind.MEMBER,
                                                ProposalKind.NOTE]


def test_names_in_a_free_answer() -> None:
    assert names_in("Oma Ria en opa\n Kevin ; Ben , Tante  Els/Mo & Jo") == [
        "Oma Ria", "opa", "Kevin", "Ben", "Tante Els", "Mo", "Jo"]


def test_the_never_reason_is_shown_only_in_the_professionals_own_view() -> None:
    family = jansen()
    never = Proposal(3, ProposalKind.NEVER, "jongere__sanne", 7, "sanne",
                     {"name": "Buurvrouw Ans", "person": "ans", "reason": "Ze roddelt"},
                     ProposalState.OPEN, AT)
    assert proposal_summary(family, never) == "nooit betrekken: Buurvrouw Ans"
    assert "Ze roddelt" in proposal_summary(family, never, private=True)
    submission = sent("jongere__sanne", ("nooit_1_naam", "Buurvrouw Ans"),
                      ("nooit_1_waarom", "Ze roddelt"))
    text = summary(family, {"jongere": "Jouw stem"}, [submission], [never], [], {})
    assert "roddelt" not in text and "alleen voor de hulpverlener" in text


def forms_of(family: Family) -> dict[str, DesiredForm]:
    accounts = desired_state(family, ON, "zolicht").accounts
    return {f.spec.key: f for f in desired_forms(family, list(DEFINITIONS.values()), ON,
                                                 accounts)}


def test_each_youth_with_an_account_gets_a_copy_of_their_own() -> None:
    family = jansen()
    forms = forms_of(family)
    youth = {key for key in forms if key.startswith("jongere")}
    assert youth == {"jongere__sanne"}  # Daan (9) has no account; Petra and Mark are adults
    sanne, person = forms["jongere__sanne"], family.person("sanne")
    assert person is not None
    assert (sanne.share_type, sanne.share_with) == (USER_SHARE, person.uid)
    with_daan = replace(family, people=tuple(
        replace(p, email="daan@example.nl") if p.key == "daan" else p for p in family.people))
    assert {k for k in forms_of(with_daan) if k.startswith("jongere")} == {
        "jongere__sanne", "jongere__daan"}
    # at 18 the youth's form is no longer theirs to get
    later = desired_forms(family, [DEFINITIONS["jongere"]], date(2030, 6, 8),
                          desired_state(family, date(2030, 6, 8), "zolicht").accounts)
    assert later == []


def test_a_never_involved_person_gets_no_form_no_share_and_no_question() -> None:
    family = jansen((NeverInvolve("Buurvrouw Ans", "ans"), NeverInvolve("Meester Joost")))
    ans, joost = family.person("ans"), family.person("joost")
    assert ans is not None and joost is not None
    step5 = instantiate(DEFINITIONS["stap-5"], family)
    asked = {q.name.split("__")[2] for q in step5.questions if q.name.startswith("weten__")}
    assert asked == {"oma-ria", "kevin"}
    assert not any("Ans" in q.text or "Joost" in q.text for q in step5.questions)
    desired = desired_state(family, ON, "zolicht")
    members = set().union(*desired.members.values())
    assert joost.uid not in members and ans.uid not in members
    for form in forms_of(family).values():
        assert form.share_with not in (ans.uid, joost.uid)
    # a family member on the list gets no copy of their own either
    no_sanne = jansen((NeverInvolve("Sanne", "sanne"),))
    assert not [k for k in forms_of(no_sanne) if k.endswith("__sanne")]


def test_accepting_step_3_puts_the_person_on_that_days_map_kept_with_the_rest() -> None:
    before = NetworkMap(date(2026, 9, 1), "stap-3", (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE, (Support.EMOTIONAL,), "Luisteren"),
        MapEntry("kevin", "Kevin", Ring.CLOSE)))
    record = MethodRecord(maps=(before,))
    day = date(2026, 11, 20)
    ria = MapEntry("oma-ria", "Oma Ria", Ring.FURTHER, (Support.PRACTICAL,), "Koken", True)
    once = with_entry(record, ria, day, "stap-3")
    assert once.maps[0] == before  # history is kept
    assert once.current_map is not None and once.current_map.made_on == day
    assert [e.name for e in once.current_map.entries] == ["Kevin", "Oma Ria"]
    els = MapEntry("tante-els", "Tante Els", Ring.FURTHER)
    twice = with_entry(once, els, day, "stap-3")
    assert len(twice.maps) == 2  # the same submission day: the same map
    assert twice.current_map is not None
    assert [e.name for e in twice.current_map.entries] == ["Kevin", "Oma Ria", "Tante Els"]
    assert twice.current_map.entry("oma ria") == ria


def test_no_network_member_is_asked_about_when_all_are_on_the_list() -> None:
    family = jansen(tuple(NeverInvolve(p.name, p.key) for p in example_family(ON).people
                          if p.circle is Circle.NETWORK))
    step5 = instantiate(DEFINITIONS["stap-5"], family)
    assert [q.name for q in step5.questions] == ["doorgeven", "toelichting"]




def test_a_doubt_in_step_1_marks_the_note_for_a_talk() -> None:
    family = jansen()
    doubt = read_submission(family, sent(
        "stap-1", ("zorgen", "Ik wil niemand lastigvallen"), ("gevoel", "Ik twijfel nog"),
        ("ervaringsdeskundige", "Ja, graag")), "sanne", {})
    [note] = doubt.drafts
    assert note.kind is ProposalKind.NOTE
    assert note.payload == {"answers": [["zorgen", "Ik wil niemand lastigvallen"],
                                        ["gevoel", "Ik twijfel nog"],
                                        ["ervaringsdeskundige", "Ja, graag"]],
                            "flag": "twijfel", "peer_expert": True}
    proposal = Proposal(4, note.kind, "stap-1", 7, "sanne", note.payload,
                        ProposalState.OPEN, AT)
    line = proposal_line(family, proposal)
    assert "[let op: twijfel, bespreek dit samen]" in line
    assert "[wil een ervaringsdeskundige spreken]" in line
    no = read_submission(family, sent("stap-1", ("gevoel", "Ik zie het (nog) niet zitten"),
                                      ("ervaringsdeskundige", "Misschien later")), "sanne", {})
    assert no.drafts[0].payload["flag"] == "twijfel" and "peer_expert" not in no.drafts[0].payload
    yes = read_submission(family, sent("stap-1", ("gevoel", "Ik zie het wel zitten")),
                          "sanne", {})
    assert yes.drafts[0].payload == {"answers": [["gevoel", "Ik zie het wel zitten"]]}
    plain = Proposal(5, ProposalKind.NOTE, "stap-1", 7, "sanne", yes.drafts[0].payload,
                     ProposalState.OPEN, AT)
    assert "[" not in proposal_summary(family, plain)


def test_new_relations_are_accepted_and_step_5_keeps_how_to_pass_it_on() -> None:
    reading = read_submission(jansen(), sent(
        "stap-3", ("persoon_1_naam", "Lisa"), ("persoon_1_relatie", "Ervaringsdeskundige"),
        ("persoon_2_naam", "Jan"), ("persoon_2_relatie", "Maatje of vrijwilliger"),
        ("persoon_3_naam", "Coach Mo"), ("persoon_3_relatie", "Mentor of coach")),
        "sanne", STEP3_CHOICES)
    assert [d.payload["relation"] for d in reading.drafts] == [
        "Ervaringsdeskundige", "Maatje of vrijwilliger", "Mentor of coach"]
    assert reading.problems == []
    wishes = read_submission(jansen(), sent(
        "stap-5__sanne", ("doorgeven", "Samen in een gesprek"),
        ("doorgeven", "In een brief of op papier")), "sanne", {})
    assert [d.payload for d in wishes.drafts] == [{"answers": [
        ["doorgeven", "Samen in een gesprek"], ["doorgeven", "In een brief of op papier"]]}]


def test_copies_made_with_shared_expansions_are_the_copies_made_alone() -> None:
    family = jansen()
    decider = next(d for d in load_all() if d.audience == "decider")
    documents = [frozenset(d.key for d in family.documents[:n]) for n in (1, 3, 6)]
    shared: Expanded = {}
    together = [instantiate(decider, family, "petra", docs, shared) for docs in documents]
    assert shared and together == [instantiate(decider, family, "petra", docs)
                                   for docs in documents]
