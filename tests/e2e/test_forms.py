"""The six steps' forms end to end: deployed per family, filled in as family members through
the Forms API, read back into proposals, and decided on by the professional."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import World, cli_uses
from tests.e2e.harness import devcloud_only
from zolicht import reconcile
from zolicht.domain.proposals import ProposalKind, ProposalState
from zolicht.forms.definitions import DEFAULT_DIR
from zolicht.reconcile.ops import Kind
from zolicht.services import audit
from zolicht.services import forms as answers
from zolicht.store.forms import FormRecords

API = "/ocs/v2.php/apps/forms/api/v3/forms"


@pytest.fixture(autouse=True)
def all_forms(world: World) -> None:
    """These tests deploy every form definition zolicht ships."""
    world.forms_dir = DEFAULT_DIR
FAMILY_FORMS = {"stap-1", "stap-2", "stap-3", "stap-4", "stap-4-kort", "stap-6", "kind"}
DECIDERS_FORMS = {"stap-5__petra", "stap-5__sanne"}
"""Step 5 names documents: a copy for each person who decides about documents."""
YOUTH_FORMS = {"jongere__sanne"}
"""The youth's own voice: a copy for each family member under 18 with an account (Daan,
9, has none: the child's version is done with a grown-up, in the family's forms)."""
KEVIN_MAY_READ = "weten__school-concentratie__kevin"


def forms_api(world: World, who: str, method: str, path: str = "",
              body: dict[str, Any] | None = None) -> httpx.Response:
    """The Forms API as account ``who`` (the service account, or anyone else)."""
    auth = world.service.auth if who == world.service.uid else world.auth(who)
    assert auth is not None, who
    return world.http.request(method, API + path, json=body, auth=auth,
                              headers={"OCS-APIRequest": "true", "Accept": "application/json"})


def data(answer: httpx.Response) -> Any:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()["ocs"]["data"]


def form_ids(world: World, slug: str = "jansen") -> dict[str, int]:
    with world.ctx.store.transaction() as tx:
        return {key: form.id for key, form in FormRecords(tx.families.conn, slug).forms().items()}


def submit(world: World, person: str, key: str,
           values: dict[str, list[str]]) -> httpx.Response:
    """Fill in form ``key`` as ``person`` of the Jansens, answers by question name; choices
    by option text, sent as option ids, as the Forms web page does."""
    uid = world.uid(person)
    form_id = form_ids(world)[key]
    form = data(forms_api(world, uid, "GET", f"/{form_id}"))
    questions = {q["name"]: q for q in form["questions"]}
    answers_by_id: dict[str, list[str]] = {}
    for name, given in values.items():
        question = questions[name]
        options = {o["text"]: str(o["id"]) for o in question["options"]}
        answers_by_id[str(question["id"])] = [options.get(v, v) if options else v for v in given]
    return forms_api(world, uid, "POST", f"/{form_id}/submissions", {"answers": answers_by_id})


def pull(world: World) -> answers.PullReport:
    return answers.pull(world.ctx, world.client().forms, "jansen", reconcile.definitions())


def open_proposals(world: World, kind: ProposalKind) -> list[Any]:
    return [p for p in answers.proposals(world.ctx, "jansen") if p.kind is kind]


def test_forms_are_shared_with_the_family_to_fill_in_and_with_nobody_else(world: World) -> None:
    world.apply()
    ids = form_ids(world)
    assert set(ids) == FAMILY_FORMS | DECIDERS_FORMS | YOUTH_FORMS | {"check-in"}
    owned = data(forms_api(world, world.service.uid, "GET", "?type=owned"))
    titles = {f["title"] for f in owned}
    assert all(title.endswith("(Gezin Jansen)") for title in titles) and len(owned) == 11

    shared_with = {person: {f["id"] for f in data(forms_api(world, world.uid(person), "GET",
                                                             "?type=shared"))}
                   for person in ("sanne", "petra", "mark", "oma-ria")}
    family_ids = {ids[k] for k in FAMILY_FORMS}
    assert shared_with["sanne"] == family_ids | {ids["stap-5__sanne"], ids["jongere__sanne"]}
    assert shared_with["petra"] == family_ids | {ids["stap-5__petra"]}
    # a father without authority decides about nothing, so no form names a document to him
    assert shared_with["mark"] == family_ids
    titles_of_documents = {d.title for d in world.family().documents}
    for form_id in shared_with["mark"]:
        questions = data(forms_api(world, world.uid("mark"), "GET", f"/{form_id}"))["questions"]
        assert not any(t in q["text"] for q in questions for t in titles_of_documents)
    assert shared_with["oma-ria"] == {ids["check-in"]}

    stranger = world.stranger()
    assert data(forms_api(world, stranger, "GET", "?type=shared")) == []
    assert forms_api(world, stranger, "GET", f"/{ids['stap-3']}").status_code == 403
    assert forms_api(world, world.uid("oma-ria"), "GET", f"/{ids['stap-3']}").status_code == 403
    # submit only: one family member cannot read what another filled in
    assert submit(world, "sanne", "stap-4", {"wie_vult_in": ["Ik ben de jongere"],
                                             "veiligheid": ["Goed"]}
                  ).status_code in (200, 201)
    reading = forms_api(world, world.uid("petra"), "GET", f"/{ids['stap-4']}/submissions")
    assert reading.status_code == 403


def test_a_submission_by_the_youth_becomes_proposals_and_changes_nothing(world: World) -> None:
    world.apply()
    before = world.family()
    answered = submit(world, "sanne", "stap-3", {
        "persoon_1_naam": ["Tante Els"], "persoon_1_relatie": ["Familie"],
        "persoon_1_kan_bieden": ["Op woensdag koken"],
        "persoon_1_bereikbaar": ["els@example.nl"],
        "persoon_2_naam": ["Trainer Mo"], "persoon_2_relatie": ["Sport of club"],
        "persoon_2_bereikbaar": ["06-11223344"],
    })
    assert answered.status_code == 201, answered.text
    assert submit(world, "sanne", "stap-5__sanne", {
        KEVIN_MAY_READ: ["Alles: Kevin mag dit stuk lezen"],
        "weten__te-veel__oma-ria": ["Een beetje: wij vertellen zelf wat nodig is"],
        "weten__school-concentratie__joost": ["Niets"],
    }).status_code == 201
    # her copy asks only about the documents she decides about (not her brother's)
    mine = data(forms_api(world, world.uid("sanne"), "GET",
                          f"/{form_ids(world)['stap-5__sanne']}"))["questions"]
    assert {q["name"].split("__")[1] for q in mine if q["name"].startswith("weten__")} == {
        "school-concentratie", "te-veel"}

    report = pull(world)
    assert (report.read, report.problems) == (2, [])
    members = open_proposals(world, ProposalKind.MEMBER)
    assert [(p.payload["name"], p.payload["relation"], p.payload.get("email"),
             p.payload.get("phone"), p.submitted_by) for p in members] == [
        ("Tante Els", "Familie", "els@example.nl", None, "sanne"),
        ("Trainer Mo", "Sport of club", None, "06-11223344", "sanne")]
    wishes = open_proposals(world, ProposalKind.GRANT)
    assert [(p.payload["document"], p.payload["member"]) for p in wishes] == [
        ("school-concentratie", "kevin")]
    assert len(open_proposals(world, ProposalKind.NOTE)) == 1  # "een beetje" for oma Ria
    # nothing was added or shared by the answers alone
    assert world.family() == before
    assert world.read(world.uid("kevin"), "uitleg-school-en-concentratie.md") == 404
    # a second pull reads nothing new and proposes nothing twice
    assert pull(world).read == 0
    assert len(answers.proposals(world.ctx, "jansen")) == 4


def kevins_wish(world: World, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Sanne wishes Kevin may read her school document; returns that proposal, and the CLI
    works on this world from then on."""
    world.apply()
    submit(world, "sanne", "stap-5__sanne", {KEVIN_MAY_READ: ["Alles: Kevin mag dit stuk lezen"]})
    pull(world)
    cli_uses(world, monkeypatch)
    return open_proposals(world, ProposalKind.GRANT)[0]


def test_accepting_a_wish_to_share_needs_every_consent(world: World,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    wish = kevins_wish(world, monkeypatch)

    waiting = run_cli("proposals", "accept", "jansen", str(wish.id))
    assert waiting.code == 0, waiting.err
    assert "Nog nodig: toestemming van Petra Jansen en Sanne." in waiting.out
    assert world.read(world.uid("kevin"), "uitleg-school-en-concentratie.md") == 404

    again = run_cli("proposals", "accept", "jansen", str(wish.id))
    assert again.code == 2 and "proposal: voorstel" in again.err

    both = run_cli("consent", "jansen", "school-concentratie", "kevin", "--by", "sanne")
    assert both.code == 0
    assert world.read(world.uid("kevin"), "uitleg-school-en-concentratie.md") == 404
    assert run_cli("consent", "jansen", "school-concentratie", "kevin", "--by", "petra").code == 0
    assert world.read(world.uid("kevin"), "uitleg-school-en-concentratie.md") == 200


def test_accepting_with_all_consents_shares_at_once(world: World,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    wish = kevins_wish(world, monkeypatch)
    wrong = run_cli("proposals", "accept", "jansen", str(wish.id), "--consent-by", "sanne",
                    "--consent-by", "oma-ria")
    assert wrong.code == 2 and wrong.err.startswith("fout: by:")
    assert world.family().grant("school-concentratie", "kevin") is None
    done = run_cli("proposals", "accept", "jansen", str(wish.id), "--consent-by", "sanne",
                   "--consent-by", "petra")
    assert done.code == 0, done.err
    assert done.out.startswith("Kevin kan 'Uitleg over school en concentratie' nu zien.")
    assert world.read(world.uid("kevin"), "uitleg-school-en-concentratie.md") == 200


def test_accepting_a_member_adds_them_to_the_network(world: World,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()
    submit(world, "petra", "stap-3", {
        "persoon_1_naam": ["Tante Els"], "persoon_1_relatie": ["Familie"],
        "persoon_1_bereikbaar": ["els@example.nl"]})
    pull(world)
    proposal = open_proposals(world, ProposalKind.MEMBER)[0]
    cli_uses(world, monkeypatch)
    done = run_cli("proposals", "accept", "jansen", str(proposal.id))
    assert done.code == 0, done.err
    els = world.family().person("tante-els")
    assert els is not None and (els.name, els.role, els.email) == (
        "Tante Els", "Familie", "els@example.nl")
    listed = run_cli("proposals", "list", "jansen", "--all")
    assert "[aangenomen]" in listed.out
    # a new network member sees nothing until the family decides so
    world.apply()
    assert world.listing(world.uid("tante-els")) == set()


def test_rejecting_changes_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.apply()
    submit(world, "sanne", "stap-3", {"persoon_1_naam": ["Tante Els"]})
    pull(world)
    before = world.family()
    proposal = open_proposals(world, ProposalKind.MEMBER)[0]
    cli_uses(world, monkeypatch)
    assert run_cli("proposals", "reject", "jansen", str(proposal.id)).code == 0
    assert world.family() == before
    assert answers.proposals(world.ctx, "jansen", ProposalState.REJECTED)[0].id == proposal.id
    assert run_cli("proposals", "list", "jansen").out.strip() == "Geen open voorstellen."


def test_redeploying_unchanged_definitions_writes_nothing(world: World) -> None:
    world.apply()
    client = world.client()
    assert world.apply(client=client).plan.empty
    assert client.counter.writes == 0


def test_editing_one_question_updates_one_question_and_keeps_the_answers(
        world: World, tmp_path: Path) -> None:
    world.apply()
    submit(world, "sanne", "stap-6", {"hoe_vaak": ["Om de week"],
                                             "wanneer": ["Woensdagmiddag"]})
    edited = tmp_path / "forms"
    shutil.copytree(DEFAULT_DIR, edited)
    step6 = edited / "stap-6-contact.yaml"
    step6.write_text(step6.read_text().replace("Welke dag en tijd komt het best uit?",
                                               "Welke dag en welk tijdstip passen het best?"))
    outcome = reconcile.apply_family(world.ctx, world.run(forms_dir=edited), "jansen")
    assert [(op.kind, op.detail()) for op in outcome.plan.ops] == [
        (Kind.UPDATE_QUESTION, "wanneer")]
    assert outcome.failed is None
    form_id = form_ids(world)["stap-6"]
    listing = data(forms_api(world, world.service.uid, "GET", f"/{form_id}/submissions"))
    assert [[a["text"] for a in s["answers"]] for s in listing["submissions"]] == [
        ["Om de week", "Woensdagmiddag"]]
    texts = {q["name"]: q["text"] for q in listing["questions"]}
    assert texts["wanneer"] == "Welke dag en welk tijdstip passen het best?"
    again = world.client()
    assert reconcile.apply_family(world.ctx, world.run(client=again, forms_dir=edited),
                                  "jansen").plan.empty
    assert again.counter.writes == 0


def test_a_removed_question_is_archived_with_its_answers(world: World, tmp_path: Path) -> None:
    world.apply()
    submit(world, "sanne", "stap-6", {"hoe_vaak": ["Elke week"],
                                             "nazorg": ["Na de zomer nog een keer"]})
    edited = tmp_path / "forms"
    shutil.copytree(DEFAULT_DIR, edited)
    step6 = edited / "stap-6-contact.yaml"
    text = step6.read_text()
    step6.write_text(text[:text.index("  - key: nazorg")])
    outcome = reconcile.apply_family(world.ctx, world.run(forms_dir=edited), "jansen")
    assert [op.kind for op in outcome.plan.ops] == [Kind.ARCHIVE_QUESTION]
    with world.ctx.store.transaction() as tx:
        kept = FormRecords(tx.families.conn, "jansen").submissions()
    assert [a.value for a in kept[0].answers] == ["Elke week", "Na de zomer nog een keer"]


def test_bad_answers_are_refused_or_kept_safely(world: World) -> None:
    world.apply()
    assert submit(world, "sanne", "stap-6", {"wanneer": ["maandag"]}).status_code == 400
    # Forms stores an answer of any length (seen on Nextcloud 32.0.1 with Forms 5.3.5)
    assert submit(world, "sanne", "stap-3",
                  {"persoon_1_naam": ["x" * 10_000]}).status_code == 201
    assert submit(world, "sanne", "stap-3",
                  {"persoon_1_relatie": ["Collega"]}).status_code == 400
    script = '<script>alert("hoi")</script> **Els**'
    assert submit(world, "sanne", "stap-3", {
        "persoon_1_naam": [script], "persoon_2_naam": ["Bo\u0007b"],
        "persoon_3_relatie": ["Familie"]}).status_code == 201
    report = pull(world)
    assert len(report.problems) == 3, report.problems
    assert [sum(f"persoon {n}:" in p for p in report.problems) for n in (1, 2, 3)] == [1, 1, 1]
    [member] = open_proposals(world, ProposalKind.MEMBER)
    assert member.payload["name"] == script  # stored exactly as given
    summary = answers.export(world.ctx, "jansen", reconcile.definitions())
    assert "<script>" not in summary and "&lt;script&gt;" in summary
    assert "\\*\\*Els\\*\\*" in summary


def test_a_submission_from_outside_the_family_is_reported_and_creates_nothing(
        world: World) -> None:
    world.apply()
    stap3 = form_ids(world)["stap-3"]
    submit(world, "sanne", "stap-3", {"persoon_1_naam": ["Tante Els"]})
    # the service account owns the form, so Forms lets it submit; it is nobody in the family
    assert forms_api(world, world.service.uid, "POST", f"/{stap3}/submissions",
                     {"answers": {}}).status_code == 201
    before = world.family()
    report = pull(world)
    assert len(report.problems) == 1 and world.service.uid in report.problems[0], report
    assert [p.payload["name"] for p in open_proposals(world, ProposalKind.MEMBER)] == [
        "Tante Els"]
    assert world.family() == before


@devcloud_only
def test_an_unreadable_submission_is_reported_and_creates_nothing(world: World) -> None:
    """One the server hands back broken: answers that point nowhere, a missing id."""
    world.apply()
    stap3 = form_ids(world)["stap-3"]
    submit(world, "sanne", "stap-3", {"persoon_1_naam": ["Tante Els"]})
    world.cloud.unreadable_submission(stap3, world.uid("sanne"))
    before = world.family()
    report = pull(world)
    assert len(report.problems) == 1 and "onleesbaar" in report.problems[0], report
    assert [p.payload["name"] for p in open_proposals(world, ProposalKind.MEMBER)] == [
        "Tante Els"]
    assert world.family() == before


def test_step_3_may_be_sent_again_and_updates_people_instead_of_adding_them_twice(
        world: World) -> None:
    world.apply()
    first = submit(world, "sanne", "stap-3", {
        "persoon_1_naam": ["Tante Els"], "persoon_1_relatie": ["Familie"],
        "persoon_1_kring": ["Verder weg"], "persoon_1_kan_bieden": ["Samen koken"]})
    assert first.status_code == 201, first.text
    pull(world)
    [els] = open_proposals(world, ProposalKind.MEMBER)
    answers.accept(world.ctx, "jansen", els.id)
    # the same person sends the form again, later: Forms takes it (submitMultiple)
    again = submit(world, "sanne", "stap-3", {
        "persoon_1_naam": ["tante  els"], "persoon_1_kring": ["Dichtbij"],
        "persoon_1_steun": ["Een luisterend oor", "Praktisch: iets doen of regelen"],
        "persoon_1_lang": ["Ja"], "persoon_1_kan_bieden": ["Koken en luisteren"],
        "persoon_2_naam": ["Oma Ria"], "persoon_2_kring": ["Dichtbij"]})
    assert again.status_code == 201, again.text
    report = pull(world)
    assert (report.read, report.problems) == (1, [])
    assert open_proposals(world, ProposalKind.MEMBER) == []
    updates = open_proposals(world, ProposalKind.UPDATE)
    assert [p.payload["person"] for p in updates] == ["tante-els", "oma-ria"]
    people = len(world.family().people)
    for proposal in updates:
        answers.accept(world.ctx, "jansen", proposal.id)
    family = world.family()
    assert len(family.people) == people  # nobody was added twice
    current = family.method.maps[-1]  # the map of the day the form was sent again
    assert current.source == "stap-3" and current.entry("Kevin") is not None  # kept
    els_now = current.entry("Tante Els")
    assert els_now is not None and (els_now.person, els_now.ring.value, els_now.long_term,
                                    els_now.offers) == ("tante-els", "close", True,
                                                        "Koken en luisteren")
    assert {s.value for s in els_now.support} == {"practical", "emotional"}
    assert current.entry("Oma Ria") is not None


def test_the_youths_own_form_and_the_never_list(world: World) -> None:
    world.apply()
    ids = form_ids(world)
    youth_form = data(forms_api(world, world.uid("sanne"), "GET", f"/{ids['jongere__sanne']}"))
    assert youth_form["submitMultiple"] is True
    assert forms_api(world, world.uid("petra"), "GET",
                     f"/{ids['jongere__sanne']}").status_code == 403  # hers alone
    assert submit(world, "sanne", "jongere__sanne", {
        "verdrietig": ["Kevin"], "wel_erbij": ["Trainer Mo"],
        "nooit_1_naam": ["Oma Ria"], "nooit_1_waarom": ["Ze vertelt alles door"],
    }).status_code == 201
    pull(world)
    [never] = open_proposals(world, ProposalKind.NEVER)
    assert never.payload["person"] == "oma-ria"
    assert [p.payload["name"] for p in open_proposals(world, ProposalKind.MEMBER)] == [
        "Trainer Mo"]
    answers.accept(world.ctx, "jansen", never.id)
    family = world.family()
    assert family.never_involved("oma-ria")
    assert [n.reason for n in family.method.never if n.person == "oma-ria"] == [
        "Ze vertelt alles door"]
    # the reason is in no audit line and in no summary for the dossier
    events = [repr(e.event) for e in audit.events(world.ctx, "jansen")]
    assert any("never" in e for e in events) and not any("vertelt" in e for e in events)
    assert "vertelt" not in answers.export(world.ctx, "jansen", reconcile.definitions())
    # from now on: no form for her, no question about her, and never proposed again
    world.apply()
    assert data(forms_api(world, world.uid("oma-ria"), "GET", "?type=shared")) == []
    step5 = data(forms_api(world, world.uid("petra"), "GET", f"/{ids['stap-5__petra']}"))
    assert not any(q["name"].endswith("__oma-ria") or "Oma Ria" in q["text"]
                   for q in step5["questions"])
    assert submit(world, "petra", "stap-3", {"persoon_1_naam": ["Oma Ria"]}).status_code == 201
    report = pull(world)
    assert open_proposals(world, ProposalKind.UPDATE) == []
    assert len(report.problems) == 1 and "Oma Ria" not in report.problems[0]
