"""The ``zolicht`` command from start to finish, on a fresh database per test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from tests.conftest import EXAMPLE, run_cli


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result
    return result.out


def cells(slug: str = "jansen", on: str | None = None) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    args = ["matrix", slug, "--json"] + (["--on", on] if on else [])
    data = json.loads(ok(*args))
    return {(c["document"], c["member"]): c for c in data["cells"]}


@pytest.fixture
def jansen() -> None:
    ok("family", "import", str(EXAMPLE))


def test_help_lists_the_commands_other_tools_rely_on() -> None:
    text = ok("--help")
    for command in ("family", "grant", "revoke", "matrix", "audit"):
        assert command in text
    assert "import" in ok("family", "--help") and "export" in ok("family", "--help")


def test_example_family_matrix_shows_every_rule(jansen: None) -> None:
    m = cells()
    assert m["school-concentratie", "oma-ria"]["visible"]  # 14: Sanne and Petra said yes
    assert m["school-concentratie", "joost"]["missing"] == ["sanne"]
    assert m["school-concentratie", "ans"]["reason"] == "refused"  # Sanne's veto
    assert m["school-concentratie", "mark"]["visible"] is False  # father without authority
    assert m["prikkels", "mark"]["visible"]  # under 12: Petra agreed for him
    assert m["prikkels", "daan"]["visible"] is False  # under 12: not even about himself
    assert m["slapen", "ans"]["reason"] == "expired"
    assert m["energie", "oma-ria"]["access"] == "edit"  # adult: Petra decided
    assert m["geldzaken", "lotte"]["access"] == "edit"  # professional
    assert m["geldzaken", "kevin"]["reason"] == "not_asked"  # default: nobody


def test_a_birthday_changes_the_answer(jansen: None) -> None:
    before_16 = cells(on="2028-06-07")
    on_16 = cells(on="2028-06-08")
    assert before_16["school-concentratie", "petra"]["visible"]
    assert not on_16["school-concentratie", "petra"]["visible"]  # Sanne now decides alone
    assert on_16["school-concentratie", "oma-ria"]["visible"]  # Sanne's yes is enough
    assert not before_16["school-concentratie", "petra"]["missing"]
    assert cells(on="2029-02-19")["prikkels", "oma-ria"]["visible"]
    assert not cells(on="2029-02-20")["prikkels", "oma-ria"]["visible"]  # Daan turns 12


def test_grant_becomes_effective_when_the_last_consent_arrives(jansen: None) -> None:
    assert "is nog een ja nodig van: Sanne." in ok("grant", "jansen", "te-veel", "joost", "--by",
                                              "petra")
    assert not cells()["te-veel", "joost"]["visible"]
    assert "mag 'Als het even te veel is' zien" in ok("consent", "jansen", "te-veel",
                                                          "joost", "--by", "sanne")
    assert cells()["te-veel", "joost"]["visible"]


def test_revoking_takes_precedence_over_every_earlier_grant(jansen: None) -> None:
    ok("revoke", "jansen", "school-concentratie", "oma-ria", "--by", "sanne")
    after = cells()["school-concentratie", "oma-ria"]
    assert not after["visible"] and after["refused_by"] == ["sanne"]
    ok("grant", "jansen", "school-concentratie", "oma-ria", "--by", "petra")
    assert not cells()["school-concentratie", "oma-ria"]["visible"]  # the veto stands
    ok("grant", "jansen", "school-concentratie", "oma-ria", "--by", "sanne")
    assert cells()["school-concentratie", "oma-ria"]["visible"]


def test_revoking_ends_the_grant_so_everyone_must_agree_again(jansen: None) -> None:
    ok("revoke", "jansen", "school-concentratie", "oma-ria", "--by", "petra")
    ok("grant", "jansen", "school-concentratie", "oma-ria", "--by", "petra")
    assert cells()["school-concentratie", "oma-ria"]["missing"] == ["sanne"]


def test_a_professional_can_stop_sharing_but_not_start_it(jansen: None) -> None:
    ok("revoke", "jansen", "te-veel", "kevin", "--by", "lotte")
    after = cells()["te-veel", "kevin"]
    assert not after["visible"] and after["refused_by"] == []
    assert run_cli("grant", "jansen", "te-veel", "kevin", "--by", "lotte").code == 2


def test_asking_new_terms_clears_consents_for_the_old_ones(jansen: None) -> None:
    ok("grant", "jansen", "school-concentratie", "oma-ria", "--by", "petra", "--edit")
    after = cells()["school-concentratie", "oma-ria"]
    assert not after["visible"] and after["missing"] == ["sanne"]


def test_losing_authority_drops_that_parents_consents(jansen: None) -> None:
    ok("person", "change", "jansen", "mark", "--authority")
    assert cells()["prikkels", "oma-ria"]["missing"] == ["mark"]  # joint authority now
    ok("grant", "jansen", "prikkels", "oma-ria", "--by", "mark")
    assert cells()["prikkels", "oma-ria"]["visible"]
    ok("person", "change", "jansen", "mark", "--no-authority")
    ok("person", "change", "jansen", "mark", "--authority")
    assert cells()["prikkels", "oma-ria"]["missing"] == ["mark"]  # his old yes did not revive


def test_recording_a_youth_as_not_capable_hands_the_decision_to_the_parents(jansen: None) -> None:
    ok("person", "change", "jansen", "sanne", "--not-capable")
    m = cells()
    assert m["school-concentratie", "oma-ria"]["rule"] == "not_capable"
    assert m["school-concentratie", "oma-ria"]["visible"]  # Petra's yes suffices now
    ok("person", "change", "jansen", "sanne", "--capable")
    assert cells()["school-concentratie", "oma-ria"]["missing"] == ["sanne"]  # yes dropped


def test_removing_a_member_removes_their_grants(jansen: None) -> None:
    ok("person", "remove", "jansen", "oma-ria")
    m = cells()
    assert all(member != "oma-ria" for _, member in m)
    assert m["school-concentratie", "joost"]["missing"] == ["sanne"]


def test_people_and_documents_can_be_added_changed_and_listed(tmp_path: Path) -> None:
    ok("family", "create", "de-boer", "--name", "Gezin de Boer")
    ok("person", "add", "de-boer", "ilse", "--name", "Ilse de Boer", "--role", "moeder",
       "--circle", "family", "--authority", "--email", "ilse@example.nl")
    ok("person", "add", "de-boer", "noah", "--name", "Noah", "--role", "zoon",
       "--circle", "family", "--born", "2015-04-01")
    ok("person", "add", "de-boer", "opa", "--name", "Opa Henk", "--role", "opa",
       "--circle", "network")
    ok("person", "change", "de-boer", "opa", "--phone", "06-11112222")
    source = tmp_path / "uitleg.md"
    source.write_text("# Uitleg\n\nTekst.\n")
    assert "Niemand uit het netwerk" in ok("document", "add", "de-boer", "uitleg", str(source),
                                           "--title", "Uitleg", "--about", "noah")
    assert cells("de-boer")["uitleg", "opa"]["reason"] == "not_asked"
    ok("grant", "de-boer", "uitleg", "opa", "--by", "ilse")
    assert cells("de-boer")["uitleg", "opa"]["visible"]
    ok("family", "status", "de-boer", "scaling_down")
    listing = ok("family", "list")
    assert "de-boer" in listing and "scaling_down" in listing
    shown = ok("family", "show", "de-boer")
    assert "Opa Henk" in shown and "uitleg.md" in shown
    ok("document", "remove", "de-boer", "uitleg")
    ok("person", "remove", "de-boer", "noah")
    assert "Noah" not in ok("family", "show", "de-boer")


def test_yaml_round_trip_is_lossless(jansen: None, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ok("grant", "jansen", "te-veel", "joost", "--by", "petra", "--until", "2027-01-31")
    first = ok("family", "export", "jansen")
    monkeypatch.setenv("ZOLICHT_DATA_DIR", str(tmp_path / "elsewhere"))
    exported = tmp_path / "jansen.yaml"
    exported.write_text(first)
    ok("family", "import", str(exported))
    second = ok("family", "export", "jansen")
    assert second == first
    data = yaml.safe_load(first)
    source = yaml.safe_load(EXAMPLE.read_text())
    assert [p["key"] for p in data["people"]] == [p["key"] for p in source["people"]]
    assert len(data["grants"]) == len(source["grants"]) + 1
    originals = {g["document"] + "/" + g["member"]: g for g in source["grants"]}
    for g in data["grants"]:
        if g["document"] + "/" + g["member"] in originals:
            original = originals[g["document"] + "/" + g["member"]]
            assert [c["by"] for c in g["consents"]] == [c["by"] for c in original["consents"]]
            assert g.get("refused_by", []) == original.get("refused_by", [])


def test_export_to_a_file(jansen: None, tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    ok("family", "export", "jansen", "--out", str(target))
    assert yaml.safe_load(target.read_text())["family"]["slug"] == "jansen"


def test_every_change_is_in_the_audit_trail_and_verifies(jansen: None) -> None:
    ok("grant", "jansen", "te-veel", "joost", "--by", "petra")
    ok("revoke", "jansen", "te-veel", "kevin", "--by", "sanne")
    shown = ok("audit", "show", "jansen")
    for action in ("family.import", "grant.consent", "grant.revoke"):
        assert action in shown
    verified = ok("audit", "verify")
    assert "3 gebeurtenissen" in verified
    seq, digest = ok("audit", "head").split()
    assert seq == "3" and len(digest) == 64
    assert run_cli("audit", "verify", "--expect-head", digest).code == 0
    assert run_cli("audit", "verify", "--expect-head", "f" * 64).code == 1


def test_audit_verify_fails_and_names_the_event_after_tampering(
    jansen: None, tmp_path: Path
) -> None:
    ok("grant", "jansen", "te-veel", "joost", "--by", "petra")
    database = tmp_path / "data" / "zolicht.sqlite3"
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET member = 'oma-ria' WHERE seq = 2"))
    engine.dispose()
    result = run_cli("audit", "verify")
    assert result.code == 1
    assert "event 2: changed" in result.out


def test_notifications_are_switched_per_person_and_kept_in_yaml(jansen: None) -> None:
    def ria() -> dict:  # type: ignore[type-arg]
        people = yaml.safe_load(ok("family", "export", "jansen"))["people"]
        return next(p for p in people if p["key"] == "oma-ria")  # type: ignore[no-any-return]

    assert "notify" not in ria()  # on: the default, not written
    ok("person", "change", "jansen", "oma-ria", "--no-notify")
    assert ria()["notify"] is False
    ok("person", "change", "jansen", "oma-ria", "--name", "Oma Ria")
    assert ria()["notify"] is False  # a change of something else keeps it
    ok("person", "change", "jansen", "oma-ria", "--notify")
    assert "notify" not in ria()
