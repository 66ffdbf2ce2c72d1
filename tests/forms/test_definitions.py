"""The form definitions for the six steps, and the check that guards them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from zolicht.forms.definitions import DEFAULT_DIR, DefinitionError, Question, load, load_all


def test_every_shipped_definition_is_valid() -> None:
    forms = {d.form: d for d in load_all()}
    assert set(forms) == {"stap-1", "stap-2", "stap-3", "stap-4", "stap-4-kort", "stap-5", "stap-6",
                          "check-in", "jongere", "kind"}
    assert forms["check-in"].audience == "network"
    step3 = [q.key for q in forms["stap-3"].questions]
    assert step3[:7] == ["persoon_1_naam", "persoon_1_relatie", "persoon_1_kring",
                         "persoon_1_steun", "persoon_1_kan_bieden", "persoon_1_lang",
                         "persoon_1_bereikbaar"]
    assert len(step3) == 8 * 7 and forms["stap-3"].questions[7].text.startswith("Persoon 2")
    domains = {q.key for q in forms["stap-4"].questions}
    assert {"veiligheid", "wonen", "geld", "relaties", "vrienden", "werk_school",
            "vrije_tijd", "gezondheid", "nuttig"} <= domains
    wish = forms["stap-5"].questions[0]
    assert (wish.type, wish.for_each) == ("multiple_unique", ("document", "network_member"))
    assert [o.split(":")[0] for o in wish.options] == ["Alles", "Een beetje", "Niets"]


def test_forms_follow_the_method() -> None:
    forms = {d.form: d for d in load_all()}
    # step 2: needs first, people later (step 3)
    step2 = forms["stap-2"]
    assert step2.version >= 2
    assert not {"jongere_wie", "ouder_wie"} & {q.key for q in step2.questions}
    assert {"jongere_nodig", "ouder_nodig", "thuis_nodig", "school_nodig",
            "belangrijkste"} <= {q.key for q in step2.questions}
    assert not any(q.text.lower().startswith(("wie ", "bij wie")) for q in step2.questions
                   if q.key != "wie_vult_in")
    # step 3: fits a phone, may be sent again, and asks ring, support and "after care"
    step3 = forms["stap-3"]
    assert "nog een keer" in step3.description and step3.version >= 2
    ring = next(q for q in step3.questions if q.key == "persoon_1_kring")
    assert len(ring.options) == 3 and ring.type == "multiple_unique"
    support = next(q for q in step3.questions if q.key == "persoon_1_steun")
    assert support.type == "multiple" and len(support.options) == 4
    # step 6: app and chat as a way of contact, the others kept
    how = next(q for q in forms["stap-6"].questions if q.key == "hoe")
    assert how.options == ("Bij ons thuis", "Ergens anders", "Bellen", "Beeldbellen",
                           "Appen of chatten")
    # the youth's own voice, and a version for a child under 12 done together
    youth, child = forms["jongere"], forms["kind"]
    assert youth.audience == "youth" and child.audience == "family"
    assert "samen" in child.description.lower()
    assert len(child.questions) < len(youth.questions)
    for form in (youth, child):
        keys = {q.key for q in form.questions}
        assert {"wel_erbij", "nooit_1_naam", "nooit_1_waarom"} <= keys
    # plain Dutch for people: short question texts, no English words we know of
    for form in forms.values():
        for question in form.questions:
            assert len(question.text) <= 120, question.text
            assert not {"form", "submit", "share", "network"} & set(
                question.text.lower().replace("?", "").split())


BROKEN = {
    "unknown field": ("form: x\nversion: 1\naudience: family\ntitle: T\ncolour: red\n"
                      "questions:\n  - {key: a, type: short, text: T}\n", 5, "unknown field"),
    "unknown type": ("form: x\nversion: 1\naudience: family\ntitle: T\nquestions:\n"
                     "  - key: a\n    type: datetime\n    text: T\n", 7, "type"),
    "choice without options": ("form: x\nversion: 1\naudience: family\ntitle: T\nquestions:\n"
                               "  - key: a\n    type: dropdown\n    text: T\n", 6, "options"),
    "options on a text question": ("form: x\nversion: 1\naudience: family\ntitle: T\n"
                                   "questions:\n  - key: a\n    type: short\n    text: T\n"
                                   "    options: [a, b]\n", 9, "has no options"),
    "duplicate key": ("form: x\nversion: 1\naudience: family\ntitle: T\nquestions:\n"
                      "  - {key: a, type: short, text: T}\n  - {key: a, type: long, text: U}\n",
                      7, "used twice"),
    "empty text": ("form: x\nversion: 1\naudience: family\ntitle: T\nquestions:\n"
                   "  - {key: a, type: short, text: ''}\n", 6, "empty"),
    "too long title": (f"form: x\nversion: 1\naudience: family\ntitle: {'x' * 300}\n"
                       "questions:\n  - {key: a, type: short, text: T}\n", 4, "longer"),
    "bad audience": ("form: x\nversion: 1\naudience: everyone\ntitle: T\nquestions:\n"
                     "  - {key: a, type: short, text: T}\n", 3, "audience"),
    "not yaml": ("form: x\nquestions: [unclosed\n", 3, "not valid YAML"),
    "missing questions": ("form: x\nversion: 1\naudience: family\ntitle: T\n", 1, "missing"),
    "bad for_each": ("form: x\nversion: 1\naudience: family\ntitle: T\nquestions:\n"
                     "  - key: a\n    type: short\n    text: T\n    for_each: [person]\n", 9,
                     "for_each"),
    "bad repeat": ("form: x\nversion: 1\naudience: family\ntitle: T\nquestions:\n"
                   "  - group: p\n    repeat: 99\n    questions:\n"
                   "      - {key: a, type: short, text: T}\n", 7, "repeat"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_malformed_definition_is_refused_with_file_line_and_reason(
    case: str, tmp_path: Path
) -> None:
    text, line, reason = BROKEN[case]
    path = tmp_path / "kapot.yaml"
    path.write_text(text)
    with pytest.raises(DefinitionError) as refused:
        load(path)
    assert refused.value.file == path
    assert refused.value.line == line, str(refused.value)
    assert reason in refused.value.reason


def test_the_cli_checks_the_forms(tmp_path: Path) -> None:
    good = run_cli("forms", "check")
    assert good.code == 0 and good.out.count("in orde") == 10
    (tmp_path / "kapot.yaml").write_text("form: x\nversion: 1\naudience: family\ntitle: T\n")
    bad = run_cli("forms", "check", str(tmp_path))
    assert bad.code == 2 and bad.err.startswith("fout: kapot.yaml: regel 1: ")
    assert DEFAULT_DIR.name == "forms"


def test_the_forms_cover_the_rest_of_the_stappenplan() -> None:
    forms = {d.form: d for d in load_all()}

    def question(form: str, key: str) -> Question:
        return next(q for q in forms[form].questions if q.key == key)

    # step 1: a peer expert on offer; step 3 knows peer experts, volunteers and coaches
    peer = question("stap-1", "ervaringsdeskundige")
    assert peer.type == "multiple_unique" and len(peer.options) == 3
    assert forms["stap-1"].version >= 2
    relation = question("stap-3", "persoon_8_relatie").options
    assert {"Ervaringsdeskundige", "Maatje of vrijwilliger", "Mentor of coach"} <= set(relation)
    assert relation[-1] == "Anders" and forms["stap-3"].version >= 3
    # step 2: the kinds of help in step 3's own words, and no right or wrong help
    assert question("stap-2", "soort_hulp").options == question("stap-3", "persoon_1_steun").options
    assert "geen goede of foute hulp" in forms["stap-2"].description
    assert forms["stap-2"].version >= 3
    # step 4: who fills it in, solved it yourself, proud of; and a short version
    for form in ("stap-4", "stap-4-kort"):
        assert question(form, "wie_vult_in").options == question("stap-2", "wie_vult_in").options
        assert {"zelf_opgelost", "trots"} <= {q.key for q in forms[form].questions}
        assert "de korte of de lange" in forms[form].description
    short = forms["stap-4-kort"]
    assert short.audience == "family" and 3 <= len(short.questions) <= 4
    assert forms["stap-4"].version >= 2
    # step 5: one general question on how to pass it on; step 6: what to talk about
    passing = question("stap-5", "doorgeven")
    assert passing.type == "multiple" and not passing.for_each and len(passing.options) == 4
    assert question("stap-6", "waarover").type == "long"
    assert forms["stap-5"].version >= 3 and forms["stap-6"].version >= 3
