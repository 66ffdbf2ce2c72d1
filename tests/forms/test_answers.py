"""Forms made concrete for a family, planned against what Forms holds, and answers read back
into proposals and a summary (all pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from tests.conftest import example_family
from zolicht.domain.model import Family, FamilyStatus
from zolicht.domain.proposals import (
    Answer,
    Proposal,
    ProposalKind,
    ProposalState,
    Submission,
    member_key,
    read_submission,
    submitter,
)
from zolicht.forms.definitions import FormDefinition, load_all
from zolicht.forms.export import escape, summary
from zolicht.forms.instance import instantiate
from zolicht.nextcloud.forms import GROUP_SHARE, USER_SHARE, FormShare
from zolicht.reconcile.desired import desired_state
from zolicht.reconcile.forms import (
    DesiredForm,
    ObservedForm,
    ObservedQuestion,
    desired_forms,
    plan_forms,
)
from zolicht.reconcile.ops import Kind

ON = date(2026, 11, 23)
AT = datetime(2026, 11, 23, 10, 0)
DEFINITIONS = {d.form: d for d in load_all()}


def jansen() -> Family:
    return example_family(ON)


def forms_for(family: Family, definitions: list[FormDefinition]) -> list[DesiredForm]:
    accounts = desired_state(family, ON, "zolicht").accounts
    return desired_forms(family, definitions, ON, accounts)


def test_step_5_asks_about_each_topic_for_each_network_member() -> None:
    spec = instantiate(DEFINITIONS["stap-5"], jansen())
    wishes = [q for q in spec.questions if q.name.startswith("weten__")]
    assert len(wishes) == 6 * 4  # six documents, four network members
    kevin = spec.question("weten__te-veel__kevin")
    assert kevin is not None and kevin.text.startswith("Wat mag Kevin weten over: ")
    assert kevin.options[0] == "Alles: Kevin mag dit stuk lezen"
    assert spec.title == "Stap 5: Wat mag wie weten? (Gezin Jansen)"


def test_step_5_asks_each_person_only_about_what_they_decide_and_goes_to_them_alone() -> None:
    family = jansen()
    step5 = {f.spec.key: f for f in forms_for(family, [DEFINITIONS["stap-5"]])}
    uid = {p.key: p.uid for p in family.people}
    asked = {key: {q.name.split("__")[1] for q in form.spec.questions
                   if q.name.startswith("weten__")} for key, form in step5.items()}
    # Mark has no authority: he decides nothing and gets no copy naming the documents
    assert "stap-5__mark" not in step5
    # Petra holds authority over both children and decides about her own documents; Sanne
    # (14) decides with her about the two documents about Sanne, and about nothing else
    assert asked["stap-5__petra"] == {d.key for d in family.documents}
    assert asked["stap-5__sanne"] == {"school-concentratie", "te-veel"}
    for key, form in step5.items():
        person = key.split("__")[1]
        assert (form.share_type, form.share_with) == (USER_SHARE, uid[person])
    for form in forms_for(family, list(DEFINITIONS.values())):
        assert not form.spec.key.startswith("stap-5") or form.share_type == USER_SHARE


def observed(form_key: str = "stap-6") -> tuple[ObservedForm, Family]:
    """Forms' copy of a form exactly as zolicht would have made it."""
    family = jansen()
    wanted = next(f for f in forms_for(family, list(DEFINITIONS.values()))
                  if f.spec.key == form_key)
    questions = [ObservedQuestion(n, q.name, q.type, q.text, q.description, q.required,
                                  [(100 * n + i, o) for i, o in enumerate(q.options)], q.extra)
                 for n, q in enumerate(wanted.spec.questions, start=1)]
    shares = [FormShare(7, GROUP_SHARE, wanted.share_with, ("submit",))]
    return ObservedForm(1, wanted.settings(), 0, questions, shares), family


def plan_for(family: Family, current: ObservedForm, key: str = "stap-6") -> list[tuple[Kind, str]]:
    wanted = [f for f in forms_for(family, list(DEFINITIONS.values())) if f.spec.key == key]
    return [(op.kind, op.detail()) for op in plan_forms(wanted, {key: current}, set())]


def test_a_form_as_made_needs_nothing_and_a_missing_one_is_built_whole() -> None:
    current, family = observed()
    assert plan_for(family, current) == []
    wanted = forms_for(family, [DEFINITIONS["stap-6"]])
    built = [op.kind for op in plan_forms(wanted, {}, set())]
    assert built == [Kind.CREATE_FORM] + [Kind.ADD_QUESTION] * 6 + [Kind.SHARE_FORM]
    assert plan_forms(wanted, {}, {"stap-6"}) == []  # settled: not even looked at


def test_changes_on_the_server_are_put_right_without_losing_answers() -> None:
    current, family = observed()
    current.questions[4].text = "Iemand heeft dit veranderd"
    current.questions[0].options[1] = (101, "Soms")
    removed = current.questions.pop(5)
    current.questions.append(replace(removed, id=99, name="extra"))
    current.shares.append(FormShare(8, 0, "jansen-oma-ria", ("results", "submit")))
    current.settings["access"] = {"permitAllUsers": True, "showToAllUsers": True}
    assert plan_for(family, current) == [
        (Kind.UPDATE_FORM, ""), (Kind.UPDATE_QUESTION, "hoe_vaak"),
        (Kind.UPDATE_QUESTION, "wanneer"), (Kind.ARCHIVE_QUESTION, "extra"),
        (Kind.ADD_QUESTION, "nazorg"), (Kind.UNSHARE_FORM, "")]


def test_a_closed_family_closes_its_forms() -> None:
    current, family = observed()
    closed = replace(family, status=FamilyStatus.CLOSED)
    assert plan_for(closed, current) == [(Kind.UPDATE_FORM, "")]


def step(form: str, *answers: tuple[str, str], user: str = "jansen-sanne") -> Submission:
    return Submission(form, 1, user, AT, tuple(Answer(q, q, v) for q, v in answers))


RELATIONS = {"persoon_1_relatie": ("Familie", "Anders"), "persoon_2_relatie": ("Familie",)}


def test_step_3_proposes_people_and_keeps_odd_answers_out() -> None:
    reading = read_submission(jansen(), step(
        "stap-3", ("persoon_1_naam", " Tante Els "), ("persoon_1_relatie", "Familie"),
        ("persoon_1_bereikbaar", "+31 6 1234 5678"),
        ("persoon_2_naam", "Coach"), ("persoon_2_relatie", "Collega"),
        ("persoon_2_bereikbaar", "bel de club"),
        ("persoon_3_kan_bieden", "boodschappen"),
        ("persoon_4_naam", "x" * 101), ("persoon_5_naam", "Bo\nb")), "sanne", RELATIONS)
    assert [d.payload for d in reading.drafts] == [
        {"name": "Tante Els", "relation": "Familie", "offers": "", "phone": "+31 6 1234 5678"},
        {"name": "Coach", "relation": "", "offers": "", "remark": "Collega",
         "contact": "bel de club"}]
    assert [p.split(":")[0] for p in reading.problems] == [
        "persoon 2", "persoon 3", "persoon 4", "persoon 5"]


def test_step_5_proposes_grants_only_for_everything_and_for_known_people() -> None:
    reading = read_submission(jansen(), step(
        "stap-5", ("weten__te-veel__kevin", "Alles: Kevin mag dit stuk lezen"),
        ("weten__slapen__ans", "Een beetje: wij vertellen zelf wat nodig is"),
        ("weten__slapen__joost", "Niets"),
        ("weten__weg__kevin", "Alles: ..."), ("weten__slapen__petra", "Alles: ..."),
        ("toelichting", "Kevin is mijn beste vriend")), "sanne", {})
    assert [(d.kind, d.payload.get("document")) for d in reading.drafts] == [
        (ProposalKind.GRANT, "te-veel"), (ProposalKind.NOTE, None), (ProposalKind.NOTE, None)]
    assert reading.drafts[0].payload == {"document": "te-veel", "member": "kevin",
                                         "asked_by": "sanne"}
    assert len(reading.problems) == 2  # a removed document; a family member is no wish


def test_other_steps_become_notes_and_contact_wishes() -> None:
    family = jansen()
    contact = read_submission(family, step("stap-6", ("hoe_vaak", "Om de week"),
                                           ("wanneer", "")), "petra", {})
    assert [(d.kind, d.payload) for d in contact.drafts] == [
        (ProposalKind.CONTACT, {"answers": [["hoe_vaak", "Om de week"]]})]
    assert read_submission(family, step("stap-4", ("geld", "  ")), "petra", {}).drafts == []


def test_the_submitter_is_found_by_account_only_within_the_family() -> None:
    family = jansen()
    uids = {"sanne": "jansen-sanne", "ghost": "jansen-ghost"}
    assert submitter(family, "jansen-sanne", uids) == "sanne"
    assert submitter(family, "jansen-ghost", uids) is None
    assert submitter(family, "admin", uids) is None


def test_member_keys_are_plain_and_free() -> None:
    assert member_key("Tante Éls", set()) == "tante-els"
    assert member_key("Tante Els", {"tante-els", "tante-els-2"}) == "tante-els-3"
    assert member_key("<script>", set()) == "script"
    assert member_key("你好", set()) == "netwerk"


def test_the_summary_escapes_everything_people_typed() -> None:
    family = jansen()
    typed = '<img src=x onerror="alert(1)"> [klik](http://x) # kop\n| tabel |'
    submission = step("stap-4", ("geld", typed))
    proposal = Proposal(1, ProposalKind.MEMBER, "stap-3", 1, "sanne", {"name": "<b>Els</b>"},
                        ProposalState.OPEN, AT)
    text = summary(family, {"stap-4": "Stap 4"}, [submission], [proposal],
                   [(AT, "test", "stap-6", "*snel*")], {"jansen-sanne": "Sanne"})
    assert "<" not in text and "](" not in text
    assert escape(typed) in text and "nieuw in het netwerk: &lt;b&gt;Els&lt;/b&gt;" in text
    assert "Ingevuld door Sanne op 2026-11-23 10:00" in text and "\\*snel\\*" in text
    assert escape("a\nb") == "a  \nb"
