"""Bad input: one clear line naming the field and the rule, exit code 2, nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, snapshot
from zolicht.store import Store


@pytest.fixture
def doc_file(tmp_path: Path) -> Path:
    path = tmp_path / "uitleg.md"
    path.write_text("# Uitleg\n")
    return path


GRANT = ["grant", "jansen", "school-concentratie"]
LONG = "x" * 300

BAD_INPUT = {
    "unknown family": (["matrix", "nobody"], "family"),
    "unknown family in grant": (["grant", "nobody", "d", "m", "--by", "p"], "family"),
    "unknown document": (["grant", "jansen", "nothing", "kevin", "--by", "petra"], "document"),
    "unknown member": ([*GRANT, "nobody", "--by", "petra"], "member"),
    "unknown consenter": ([*GRANT, "kevin", "--by", "nobody"], "by"),
    "unknown person to change": (["person", "change", "jansen", "nobody", "--name", "X"],
                                 "person"),
    "unknown person to remove": (["person", "remove", "jansen", "nobody"], "person"),
    "duplicate family slug": (["family", "create", "jansen", "--name", "Ander gezin"], "slug"),
    "duplicate person key": (["person", "add", "jansen", "sanne", "--name", "S", "--role", "r",
                              "--circle", "family"], "key"),
    "birth date in the future": (["person", "add", "jansen", "baby", "--name", "B", "--role",
                                  "r", "--circle", "family", "--born", "2031-01-01"], "born"),
    "birth date that is no date": (["person", "add", "jansen", "baby", "--name", "B", "--role",
                                    "r", "--circle", "family", "--born", "31-01-2020"], "born"),
    "change birth date to the future": (["person", "change", "jansen", "daan", "--born",
                                         "2030-05-05"], "born"),
    "not an e-mail address": (["person", "add", "jansen", "bob", "--name", "Bob", "--role",
                               "buur", "--circle", "network", "--email", "bob@"], "email"),
    "e-mail with a newline": (["person", "change", "jansen", "kevin", "--email",
                               "k@example.nl\nBcc: x@example.nl"], "email"),
    "slug ../x": (["family", "create", "../x", "--name", "X"], "slug"),
    "slug /etc": (["family", "create", "/etc", "--name", "X"], "slug"),
    "slug with NUL": (["family", "create", "a\x00b", "--name", "X"], "slug"),
    "slug of 300 characters": (["family", "create", LONG, "--name", "X"], "slug"),
    "person key ../x": (["person", "add", "jansen", "../x", "--name", "X", "--role", "r",
                         "--circle", "network"], "key"),
    "name of 300 characters": (["person", "add", "jansen", "x", "--name", LONG, "--role", "r",
                                "--circle", "network"], "name"),
    "name with NUL": (["family", "create", "nieuw", "--name", "Gezin\x00X"], "name"),
    "unknown circle": (["person", "add", "jansen", "x", "--name", "X", "--role", "r",
                        "--circle", "friends"], "circle"),
    "authority for a minor": (["person", "change", "jansen", "sanne", "--authority"],
                              "authority"),
    "consent by a parent without authority": ([*GRANT, "kevin", "--by", "mark"], "by"),
    "consent by a professional": ([*GRANT, "kevin", "--by", "lotte"], "by"),
    "consent by a network member": ([*GRANT, "kevin", "--by", "oma-ria"], "by"),
    "consent for a professional": ([*GRANT, "lotte", "--by", "petra"], "member"),
    "consent for someone who decides already": ([*GRANT, "petra", "--by", "sanne"], "member"),
    "end date in the past": ([*GRANT, "kevin", "--by", "petra", "--until", "2020-01-01"],
                             "until"),
    "revoke by someone without a say": (["revoke", "jansen", "school-concentratie", "oma-ria",
                                         "--by", "kevin"], "by"),
    "consent without a request": (["consent", "jansen", "slapen", "kevin", "--by", "petra"],
                                  "member"),
    "remove the subject of documents": (["person", "remove", "jansen", "sanne"], "person"),
    "unknown document kind": (["document", "add", "jansen", "nieuw", "{doc}", "--title", "T",
                               "--about", "sanne", "--kind", "secret"], "kind"),
    "document file name ../x": (["document", "add", "jansen", "nieuw", "{doc}", "--title", "T",
                                 "--about", "sanne", "--file-name", "../x"], "file_name"),
    "document file name /etc/passwd": (["document", "add", "jansen", "nieuw", "{doc}",
                                        "--title", "T", "--about", "sanne", "--file-name",
                                        "/etc/passwd"], "file_name"),
    "document about a network member": (["document", "add", "jansen", "nieuw", "{doc}",
                                         "--title", "T", "--about", "kevin"], "subject"),
    "document file that does not exist": (["document", "add", "jansen", "nieuw",
                                           "/nonexistent/x.md", "--title", "T", "--about",
                                           "sanne"], "file"),
    "document title with a newline": (["document", "add", "jansen", "nieuw", "{doc}",
                                       "--title", "T\nfake log line", "--about", "sanne"],
                                      "title"),
    "duplicate document file name": (["document", "add", "jansen", "nieuw", "{doc}", "--title",
                                      "T", "--about", "sanne", "--file-name",
                                      "rust-in-geldzaken.md"], "file_name"),
    "unknown family status": (["family", "status", "jansen", "finished"], "status"),
    "matrix on a non-date": (["matrix", "jansen", "--on", "tomorrow"], "on"),
    "audit head that is no hash": (["audit", "verify", "--expect-head", "../etc"],
                                   "expect-head"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_is_refused_with_one_line_and_changes_nothing(
    case: str, cli_db: Store, doc_file: Path
) -> None:
    args, field = BAD_INPUT[case]
    before = snapshot(cli_db)
    result = run_cli(*[a.replace("{doc}", str(doc_file)) for a in args])
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"fout: {field}: "), lines[0]
    assert "Traceback" not in result.err + result.out
    assert snapshot(cli_db) == before


MALFORMED_YAML = {
    "not yaml": ("family: [unclosed", "yaml"),
    "not a mapping": ("- just\n- a list\n", "yaml"),
    "missing family": ("zolicht: 1\npeople: []\n", "family"),
    "unknown field": ("zolicht: 1\nfamily: {slug: a, name: A}\nsecret: 1\n", "secret"),
    "bad slug": ("family: {slug: ../a, name: A}\n", "family.slug"),
    "bad e-mail": ("family: {slug: a, name: A}\npeople:\n"
                   "  - {key: p, name: P, role: r, circle: family, email: not-mail}\n",
                   "people[0].email"),
    "future birth date": ("family: {slug: a, name: A}\npeople:\n"
                          "  - {key: p, name: P, role: r, circle: family, born: 2099-01-01}\n",
                          "people[0].born"),
    "authority not a boolean": ("family: {slug: a, name: A}\npeople:\n"
                                "  - {key: p, name: P, role: r, circle: family, authority: ja}\n",
                                "people[0].authority"),
    "file outside the folder": ("family: {slug: a, name: A}\npeople:\n"
                                "  - {key: p, name: P, role: r, circle: family}\n"
                                "documents:\n  - {key: d, title: T, about: p, file_name: d.md,"
                                " file: ../../../../etc/passwd}\n", "documents[0].file"),
    "content that is no base64": ("family: {slug: a, name: A}\npeople:\n"
                                  "  - {key: p, name: P, role: r, circle: family}\n"
                                  "documents:\n  - {key: d, title: T, about: p, file_name: d.md,"
                                  " content_base64: '***'}\n", "documents[0].content_base64"),
    "consent by a professional": (
        "family: {slug: a, name: A}\npeople:\n"
        "  - {key: p, name: P, role: r, circle: family, authority: true}\n"
        "  - {key: c, name: C, role: r, circle: family, born: 2020-01-01}\n"
        "  - {key: n, name: N, role: r, circle: network}\n"
        "  - {key: pro, name: Pro, role: r, circle: professional}\n"
        "documents:\n  - {key: d, title: T, about: c, file_name: d.md, content_base64: eA==}\n"
        "grants:\n  - {document: d, member: n, consents: [{by: pro, at: 2026-01-01}]}\n",
        "grants[0].consents[0].by"),
    "consent in the future": (
        "family: {slug: a, name: A}\npeople:\n"
        "  - {key: p, name: P, role: r, circle: family, authority: true}\n"
        "  - {key: n, name: N, role: r, circle: network}\n"
        "documents:\n  - {key: d, title: T, about: p, file_name: d.md, content_base64: eA==}\n"
        "grants:\n  - {document: d, member: n, consents: [{by: p, at: 2099-01-01}]}\n",
        "grants[0].consents[0].at"),
    "duplicate family": ("family: {slug: jansen, name: Nog een Jansen}\n", "slug"),
    "unknown safety circle": (
        "family: {slug: a, name: A}\nmethod:\n  maps:\n"
        "    - {on: 2026-01-01, source: x, people: [{name: N, circle: nooit}]}\n",
        "method.maps[0].people[0].circle"),
}


@pytest.mark.parametrize("case", list(MALFORMED_YAML), ids=list(MALFORMED_YAML))
def test_bad_yaml_is_refused_with_the_path_of_the_field(
    case: str, cli_db: Store, tmp_path: Path
) -> None:
    text, field = MALFORMED_YAML[case]
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    source = nested / "family.yaml"
    source.write_text(text)
    before = snapshot(cli_db)
    result = run_cli("family", "import", str(source))
    assert result.code == 2, result
    assert result.err.strip().startswith(f"fout: {field}: "), result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot(cli_db) == before


def test_ten_megabytes_of_nonsense_is_refused(cli_db: Store, tmp_path: Path) -> None:
    source = tmp_path / "nonsense.yaml"
    source.write_bytes(bytes(range(256)) * 40960)
    before = snapshot(cli_db)
    result = run_cli("family", "import", str(source))
    assert result.code == 2 and result.err.startswith("fout: yaml: ")
    assert snapshot(cli_db) == before
