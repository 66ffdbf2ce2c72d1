"""Input that cannot hurt: hostile YAML and hostile text, typed or imported, are refused with
one line ``fout: FIELD: RULE`` that names the field and the rule and echoes no invisible
character, exit code 2, and the database exactly as it was. Honest input still works."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE, NOW, CliResult, run_cli, snapshot
from tests.unit.test_safe_yaml import BILLION_LAUGHS
from zolicht import messages as M
from zolicht.domain.proposals import Answer, Draft, ProposalKind, Submission
from zolicht.domain.text import Hidden, first_hidden
from zolicht.store import Store
from zolicht.store.forms import FormRecords

BASE: dict[str, Any] = {
    "zolicht": 1,
    "family": {"slug": "vos", "name": "Gezin Vos"},
    "people": [
        {"key": "anna", "name": "Anna", "role": "moeder", "circle": "family",
         "born": "1985-04-01", "authority": True, "email": "anna@example.nl"},
        {"key": "milan", "name": "Milan", "role": "zoon", "circle": "family",
         "born": "2015-06-01"},
        {"key": "oma", "name": "Oma Truus", "role": "oma", "circle": "network"},
    ],
    "documents": [{"key": "uitleg", "title": "Uitleg over drukte", "about": "milan",
                   "file_name": "uitleg.md", "content_base64": "eA=="}],
    "grants": [{"document": "uitleg", "member": "oma",
                "consents": [{"by": "anna", "at": "2026-11-01"}], "refused_by": []}],
    "contacts": {
        "strips": 2, "taper": ["2w"],
        "series": [{"key": "s", "title": "Contact", "start": "2027-01-05 16:00",
                    "every_weeks": 2, "until": "2027-03-01", "with": ["anna"]}],
        "moments": [{"key": "m", "title": "Evaluatie", "start": "2027-02-01 10:00",
                     "minutes": 60, "with": ["oma"], "where": "Thuis", "cancelled": False}],
    },
}


def family_yaml(at: str = "", value: object = None) -> str:
    """The base family as YAML, with the field at path ``at`` (``people[1].name``) set."""
    data = copy.deepcopy(BASE)
    if at:
        *parents, last = at.replace("[", ".").replace("]", "").split(".")
        target: Any = data
        for step in parents:
            target = target[int(step)] if step.isdigit() else target[step]
        target[int(last) if last.isdigit() else last] = value
    return yaml.safe_dump(data, sort_keys=False)


def wrong(expected: str, found: str, hint: bool = False) -> str:
    rule = M.WRONG_TYPE.format(expected=M.EXPECTED[expected], found=M.FOUND[found])
    return rule + (M.QUOTE_HINT if hint else "")


def hidden(kind: Hidden, position: int) -> str:
    return M.TEXT_HIDDEN.format(kind=M.HIDDEN_KINDS[kind], position=position)


DEEP = 10_000
RAW_YAML: dict[str, tuple[str | bytes, str, str]] = {
    "billion laughs": (BILLION_LAUGHS, "yaml", M.YAML_ANCHOR),
    "an alias for a person": (family_yaml() + "extra: &x 1\n", "yaml", M.YAML_ANCHOR),
    "3 MiB": ("family: {slug: a, name: '" + "x" * (3 * 1024 * 1024) + "'}\n", "yaml",
              M.YAML_TOO_BIG.format(limit=2)),
    "born 2017-02-30": (family_yaml().replace("'2015-06-01'", "2017-02-30"),
                        "people[1].born",
                        M.DATE_DOES_NOT_EXIST.format(value="'2017-02-30'")),
    "a list nested 10,000 deep": ("people: " + "[" * DEEP + "]" * DEEP, "yaml",
                                  M.YAML_TOO_DEEP.format(limit=20)),
    "a mapping nested 10,000 deep": ("family: " + "{a: " * DEEP + "1" + "}" * DEEP, "yaml",
                                     M.YAML_TOO_DEEP.format(limit=20)),
    "a python tag": ("family: !!python/object/apply:os.system [id]\n", "yaml", M.YAML_TAG),
    "a timestamp tag": (family_yaml().replace("'2015-06-01'", "!!timestamp 2015-06-01"),
                        "yaml", M.YAML_TAG),
    "a field twice": (family_yaml() + "family: {slug: b, name: B}\n", "yaml",
                      M.YAML_DUPLICATE_KEY.format(name="'family'")),
    "two documents": (family_yaml() + "---\n" + family_yaml(), "yaml", M.YAML_MORE_DOCUMENTS),
    "not UTF-8": (family_yaml().encode().replace(b"Milan", b"Mil\xe1n"), "yaml",
                  M.YAML_NOT_UTF8.format(position=family_yaml().index("Milan") + 4)),
    "a raw NUL byte": (family_yaml().replace("Milan", "Mi\x00lan"), "yaml", "is geen geldige"),
    "501 people": (yaml.safe_dump({"family": {"slug": "a", "name": "A"}, "people": [
        {"key": f"p{i}", "name": f"P{i}", "role": "r", "circle": "network"}
        for i in range(501)]}), "people", M.TOO_MANY.format(limit=500, count=501)),
    "format version 2": (family_yaml("zolicht", 2), "zolicht",
                         M.FORMAT_VERSION_RULE.format(version=1)),
}
WRONG_TYPES: dict[str, tuple[object, str]] = {
    "people[1].name": (["Mi", "lan"], wrong("text", "list")),
    "people[2].name": (42, wrong("text", "int", hint=True)),
    "people[0].name": (4.2, wrong("text", "float", hint=True)),
    "people[1].role": (True, wrong("text", "bool", hint=True)),
    "people[2].role": ({"first": "oma"}, wrong("text", "dict")),
    "people[0].key": (7, wrong("text", "int", hint=True)),
    "people[0].circle": (["family"], wrong("text", "list")),
    "people[0].born": (1985, M.DATE_RULE.format(value="1985")),
    "people[1].born": (["2015-06-01"], M.DATE_RULE.format(value="['2015-06-01']")),
    "people[0].authority": ("yes", M.BOOL_RULE.format(value="'yes'")),
    "people[0].email": (["anna@example.nl"], wrong("text", "list")),
    "people[0].phone": (612345678, wrong("text", "int", hint=True)),
    "people[0].nextcloud_user": ({"uid": "anna"}, wrong("text", "dict")),
    "people": ({"anna": {}}, wrong("list", "dict")),
    "people[0]": ("anna", wrong("fields", "str")),
    "family": (["vos"], wrong("fields", "list")),
    "family.slug": (12, wrong("text", "int", hint=True)),
    "family.status": (["active"], wrong("text", "list")),
    "documents[0].title": (["Uitleg"], wrong("text", "list")),
    "documents[0].about": (3, wrong("text", "int", hint=True)),
    "documents[0].kind": (["psycho_education"], wrong("text", "list")),
    "documents[0].content_base64": (123, wrong("text", "int", hint=True)),
    "documents[0].file_name": (None, M.YAML_MISSING_FIELD),
    "grants[0].member": (["oma"], wrong("text", "list")),
    "grants[0].access": (1, wrong("text", "int", hint=True)),
    "grants[0].consents": ({"by": "anna"}, wrong("list", "dict")),
    "grants[0].consents[0].at": (20261101, wrong("text", "int", hint=True)),
    "grants[0].refused_by": ("anna", wrong("list", "str")),
    "grants[0].until": (True, M.DATE_RULE.format(value="True")),
    "contacts": (["x"], wrong("fields", "list")),
    "contacts.strips": ("3", wrong("number", "str")),
    "contacts.closing": (2027, M.DATE_RULE.format(value="2027")),
    "contacts.taper[0]": (14, wrong("text", "int", hint=True)),
    "contacts.series[0].every_weeks": (True, wrong("number", "bool")),
    "contacts.series[0].until": (20270301, M.DATE_RULE.format(value="20270301")),
    "contacts.series[0].with[0]": (["anna"], wrong("text", "list")),
    "contacts.moments[0].minutes": (1.5, wrong("number", "float")),
    "contacts.moments[0].with": ("oma", wrong("list", "str")),
    "contacts.moments[0].cancelled": ("ja", M.BOOL_RULE.format(value="'ja'")),
    "contacts.moments[0].start": (20270201, wrong("text", "int", hint=True)),
    "zolicht": ("1", wrong("number", "str")),
}
HIDDEN_IN_YAML: dict[str, tuple[object, str]] = {
    "family.name": ("Gezin\u202eVos", hidden(Hidden.DIRECTION, 6)),
    "people[1].name": ("Mi\u200blan", hidden(Hidden.INVISIBLE, 3)),
    "people[0].role": ("moe\x00der", hidden(Hidden.CONTROL, 4)),
    "people[2].name": ("Oma\u2066Truus", hidden(Hidden.DIRECTION, 4)),
    "people[0].email": ("anna\u200b@example.nl", hidden(Hidden.INVISIBLE, 5)),
    "documents[0].title": ("Uit\u00adleg", hidden(Hidden.INVISIBLE, 4)),
    "documents[0].file_name": ("uitleg\u202edm.exe", hidden(Hidden.DIRECTION, 7)),
    "contacts.moments[0].title": ("Evalu\u200datie", hidden(Hidden.INVISIBLE, 6)),
    "contacts.moments[0].where": ("Thu\u061cis", hidden(Hidden.DIRECTION, 4)),
    "contacts.series[0].title": ("Con\x9btact", hidden(Hidden.CONTROL, 4)),
    "people[2].key": ("\u202eoma", M.KEY_FORMAT.format(value="'\\u202eoma'")),
}
LOOK_ALIKES_IN_YAML: list[tuple[str, str, str]] = [
    ("people[2].name", "ANNA", M.NAME_LOOKS_LIKE.format(key="anna")),
    ("people[2].name", "ΑΝΝΑ", M.NAME_LOOKS_LIKE.format(key="anna")),
    ("people[2].name", "Ｍｉｌａｎ", M.NAME_LOOKS_LIKE.format(key="milan")),
    ("people[1].name", "Αnna", M.NAME_MIXED_ALPHABETS.format(position=1, odd="Grieks",
                                                             main="Latijns")),
    ("people[0].name", "Аnnа", M.NAME_MIXED_ALPHABETS.format(position=1, odd="Cyrillisch",
                                                             main="Latijns")),
]
DIAGNOSES_IN_YAML: dict[str, tuple[object, str]] = {
    "documents[0].title": ("ADHD bij Milan", M.DIAGNOSIS_NEXT_TO_NAME),
    "documents[0].file_name": ("adhd-milan.md", M.DIAGNOSIS_NEXT_TO_NAME),
    "contacts.moments[0].title": ("ADHD-gesprek", M.TITLE_NOT_NEUTRAL),
}
IMPORTS: dict[str, tuple[str | bytes, str, str]] = {
    **RAW_YAML,
    **{f"wrong type at {path}": (family_yaml(path, value), path, rule)
       for path, (value, rule) in WRONG_TYPES.items()},
    **{f"hidden character in {path}": (family_yaml(path, value), path, rule)
       for path, (value, rule) in HIDDEN_IN_YAML.items()},
    **{f"look-alike name {value!r}": (family_yaml(path, value), path, rule)
       for path, value, rule in LOOK_ALIKES_IN_YAML},
    **{f"diagnosis in {path}": (family_yaml(path, value), path, rule)
       for path, (value, rule) in DIAGNOSES_IN_YAML.items()},
    "unknown field named with a direction mark": (
        family_yaml("people[0].\u202e", 1), "people[0].'\\u202e'",
        M.YAML_UNKNOWN_FIELD.format(known="key, name, role, circle, born, authority, "
                                          "not_capable, email, phone, nextcloud_user, notify")),
}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: every refusal here happens before the database is touched (the
    refusals of ``test_bad_input`` run on PostgreSQL too)."""
    return f"sqlite:///{tmp_path / 'zolicht.sqlite3'}"


@pytest.fixture(scope="module")
def jansen_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database with the example family, shared by the tests whose commands must
    change nothing (each checks that with a snapshot)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('shared') / 'zolicht.sqlite3'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ZOLICHT_DATABASE_URL", url)
        assert run_cli("family", "import", str(EXAMPLE)).code == 0
    return url


@pytest.fixture
def shared_db(jansen_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", jansen_url)
    store = Store(jansen_url)
    yield store
    store.close()


def refused_alone(result: CliResult, field: str, rule: str) -> None:
    """One line naming the field and the rule, exit code 2, no invisible character."""
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"fout: {field}: "), lines[0]
    assert rule in lines[0], lines[0]
    assert "Traceback" not in result.err + result.out
    assert first_hidden(result.err.strip()) is None, repr(result.err)


@pytest.mark.parametrize("case", list(IMPORTS), ids=list(IMPORTS))
def test_a_hostile_family_file_is_refused_and_changes_nothing(
        case: str, shared_db: Store, tmp_path: Path) -> None:
    content, field, rule = IMPORTS[case]
    source = tmp_path / "gezin.yaml"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    before = snapshot(shared_db)
    refused_alone(run_cli("family", "import", str(source)), field, rule)
    assert snapshot(shared_db) == before


HONEST_PEOPLE = ["Zoë van 't Hart", "Chloë D'Souza", "Ĳsbrand de Wit-Bakker", "Noëlle Ünal",
                 "Πέτρος Παπαδόπουλος", "Мария Иванова", "محمد العلي", "Jan-Willem ter Horst",
                 "Anaïs", "Noe\u0308l"]


def test_an_honest_family_with_names_from_many_languages_is_imported_in_nfc(
        cli_db: Store, tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["people"] += [{"key": f"p{i}", "name": name, "role": "buur", "circle": "network"}
                       for i, name in enumerate(HONEST_PEOPLE)]
    data["documents"][0]["title"] = "Uitleg over ADHD"
    source = tmp_path / "gezin.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("family", "import", str(source))
    assert result.code == 0, result
    exported = yaml.safe_load(run_cli("family", "export", "vos").out)
    names = [p["name"] for p in exported["people"][3:]]
    assert names == HONEST_PEOPLE[:-1] + ["Noël"]


def test_a_round_trip_keeps_plain_text_that_looks_like_numbers_or_dates(
        cli_db: Store, tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["people"][2].update(name="2017-02-30", role="no", phone="0612345670")
    source = tmp_path / "gezin.yaml"
    source.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run_cli("family", "import", str(source)).code == 0
    oma = yaml.safe_load(run_cli("family", "export", "vos").out)["people"][2]
    assert (oma["name"], oma["role"], oma["phone"]) == ("2017-02-30", "no", "0612345670")


START = ["--start", "2027-03-16 16:00"]
PERSON = ["person", "add", "jansen", "bob", "--role", "buurman", "--circle", "network"]
DOCUMENT = ["document", "add", "jansen", "nieuw", "{doc}", "--about", "sanne"]
COMMANDS: dict[str, tuple[list[str], str, str]] = {
    "name with a direction mark": ([*PERSON, "--name", "Bob\u202eevil"], "name",
                                   hidden(Hidden.DIRECTION, 4)),
    "name with a zero-width space": ([*PERSON, "--name", "Bo\u200bb"], "name",
                                     hidden(Hidden.INVISIBLE, 3)),
    "name with a terminal escape": ([*PERSON, "--name", "Bob\x1b[31m"], "name",
                                    hidden(Hidden.CONTROL, 4)),
    "name with a C1 control": ([*PERSON, "--name", "Bob\x9b"], "name",
                               hidden(Hidden.CONTROL, 4)),
    "name from bytes that are not UTF-8": ([*PERSON, "--name", "Bob\udcff"], "name",
                                           hidden(Hidden.UNUSABLE, 4)),
    "name with a Hangul filler": ([*PERSON, "--name", "Bob\u3164"], "name",
                                  hidden(Hidden.INVISIBLE, 4)),
    "role with a BOM": ([*PERSON[:5], "buur\ufeff", *PERSON[6:], "--name", "Bob"], "role",
                        hidden(Hidden.INVISIBLE, 5)),
    "e-mail with a direction mark": ([*PERSON, "--name", "Bob", "--email",
                                      "bob\u202e@example.nl"], "email",
                                     hidden(Hidden.DIRECTION, 4)),
    "phone with a word joiner": ([*PERSON, "--name", "Bob", "--phone", "06\u206012345678"],
                                 "phone", hidden(Hidden.INVISIBLE, 3)),
    "family name with an isolate": (["family", "create", "nieuw", "--name", "Gezin\u2067X"],
                                    "name", hidden(Hidden.DIRECTION, 6)),
    "key with a direction mark": ([*PERSON[:3], "\u202ebob", *PERSON[4:], "--name", "Bob"],
                                  "key", M.KEY_FORMAT.format(value="'\\u202ebob'")),
    "unknown member with a direction mark": (
        ["grant", "jansen", "school-concentratie", "\u202ekevin", "--by", "petra"], "member",
        M.UNKNOWN_PERSON.format(value="'\\u202ekevin'", family="jansen")),
    "name with a Greek Rho": ([*PERSON, "--name", "Ρetra Jansen"], "name",
                              M.NAME_MIXED_ALPHABETS.format(position=1, odd="Grieks",
                                                            main="Latijns")),
    "name in capitals like Petra's": ([*PERSON, "--name", "PETRA JANSEN"], "name",
                                      M.NAME_LOOKS_LIKE.format(key="petra")),
    "name in full-width letters": ([*PERSON, "--name", "Ｓａｎｎｅ"], "name",
                                   M.NAME_LOOKS_LIKE.format(key="sanne")),
    "name with a Roman numeral M": ([*PERSON, "--name", "Ⅿark de Vries"], "name",
                                    M.NAME_LOOKS_LIKE.format(key="mark")),
    "name in Cyrillic like Oma Ria's": ([*PERSON, "--name", "ОМА RIA"], "name",
                                        "mengt alfabetten"),
    "change to a Cyrillic look-alike": (["person", "change", "jansen", "kevin", "--name",
                                         "Реtra Jansen"], "name", "mengt alfabetten"),
    "change to a look-alike": (["person", "change", "jansen", "kevin", "--name",
                                "petra jansen"], "name", M.NAME_LOOKS_LIKE.format(key="petra")),
    "title ADHD bij Sanne": ([*DOCUMENT, "--title", "ADHD bij Sanne"], "title",
                             M.DIAGNOSIS_NEXT_TO_NAME),
    "title with a Cyrillic A": ([*DOCUMENT, "--title", "АDHD bij Sanne"], "title",
                                M.DIAGNOSIS_NEXT_TO_NAME),
    "title naming Petra": ([*DOCUMENT, "--title", "Trauma en EMDR: Petra"], "title",
                           M.DIAGNOSIS_NEXT_TO_NAME),
    "title naming Daan's key": ([*DOCUMENT, "--title", "autisme (daan)"], "title",
                                M.DIAGNOSIS_NEXT_TO_NAME),
    "file name adhd-sanne.md": ([*DOCUMENT, "--title", "Uitleg", "--file-name",
                                 "adhd-sanne.md"], "file_name", M.DIAGNOSIS_NEXT_TO_NAME),
    "file name with a right-to-left override": ([*DOCUMENT, "--title", "Uitleg",
                                                 "--file-name", "uitleg\u202edm.exe"],
                                                "file_name", hidden(Hidden.DIRECTION, 7)),
    "title with a zero-width joiner": ([*DOCUMENT, "--title", "Uit\u200dleg"], "title",
                                       hidden(Hidden.INVISIBLE, 4)),
    "contact title with a direction mark": (["contact", "add", "jansen", "k", "--title",
                                              "Gesprek\u200f", *START], "title",
                                             hidden(Hidden.DIRECTION, 8)),
    "contact place with a word joiner": (["contact", "add", "jansen", "k", "--title",
                                          "Gesprek", *START, "--where", "Thuis\u2060"],
                                         "where", hidden(Hidden.INVISIBLE, 6)),
    "contact title with a line separator": (["contact", "add", "jansen", "k", "--title",
                                              "Gesprek\u2028Nep", *START], "title",
                                             hidden(Hidden.CONTROL, 8)),
}


@pytest.mark.parametrize("case", list(COMMANDS), ids=list(COMMANDS))
def test_hostile_text_on_the_command_line_is_refused_and_changes_nothing(
        case: str, shared_db: Store, tmp_path: Path) -> None:
    args, field, rule = COMMANDS[case]
    source = tmp_path / "uitleg.md"
    source.write_text("# Uitleg\n")
    before = snapshot(shared_db)
    refused_alone(run_cli(*[a.replace("{doc}", str(source)) for a in args]), field, rule)
    assert snapshot(shared_db) == before


HONEST_COMMANDS = [
    [*PERSON, "--name", name] for name in HONEST_PEOPLE
] + [
    [*DOCUMENT, "--title", "Uitleg over ADHD"],
    [*DOCUMENT, "--title", "ADHD voor de school", "--file-name", "adhd-en-school.md"],
    ["contact", "add", "jansen", "k", "--title", "Gesprek", *START, "--where", "Café 't Hoekje"],
]


@pytest.mark.parametrize("args", HONEST_COMMANDS, ids=[" ".join(a[-2:]) for a in
                                                        HONEST_COMMANDS])
def test_honest_text_on_the_command_line_is_kept(args: list[str], cli_db: Store,
                                                 tmp_path: Path) -> None:
    source = tmp_path / "uitleg.md"
    source.write_text("# Uitleg\n")
    result = run_cli(*[a.replace("{doc}", str(source)) for a in args])
    assert result.code == 0, result


def propose(store: Store, draft: Draft) -> int:
    """A proposal from a step-3 form, as ``zolicht forms pull`` would record it."""
    submission = Submission("stap-3", 1, "jansen-sanne", datetime(2026, 11, 20, 9, 0),
                            (Answer("persoon_1_naam", "Naam", "x"),))
    with store.transaction() as tx:
        records = FormRecords(tx.families.conn, "jansen")
        records.keep_submission(submission)
        return records.propose(submission, "sanne", draft, NOW)


@pytest.mark.parametrize(("draft", "field", "rule"), [
    (Draft(ProposalKind.MEMBER, {"name": "Oom\u202eKees", "relation": ""}), "name",
     hidden(Hidden.DIRECTION, 4)),
    (Draft(ProposalKind.MEMBER, {"name": "Реtra Jansen", "relation": ""}), "name",
     "mengt alfabetten"),
    (Draft(ProposalKind.MEMBER, {"name": "PETRA JANSEN", "relation": ""}), "name",
     M.NAME_LOOKS_LIKE.format(key="petra")),
    (Draft(ProposalKind.NOTE, {"answers": [["Vraag", "Ant\u2066woord"]]}), "note",
     hidden(Hidden.DIRECTION, 10)),
], ids=["member with a direction mark", "member in mixed alphabets", "member like Petra",
        "note with an isolate"])
def test_a_hostile_proposal_is_refused_on_accepting_and_stays_open(
        draft: Draft, field: str, rule: str, cli_db: Store) -> None:
    proposal = propose(cli_db, draft)
    before = snapshot(cli_db)
    refused_alone(run_cli("proposals", "accept", "jansen", str(proposal)), field, rule)
    assert snapshot(cli_db) == before
    assert f"#{proposal} " in run_cli("proposals", "list", "jansen").out


def test_an_honest_proposal_with_a_multi_line_note_is_accepted(cli_db: Store) -> None:
    proposal = propose(cli_db, Draft(ProposalKind.NOTE, {"answers": [["Vraag", "Regel 1\n"
                                                                               "Regel 2"]]}))
    assert run_cli("proposals", "accept", "jansen", str(proposal)).code == 0
