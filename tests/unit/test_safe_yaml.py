"""YAML from people is read without surprises: no anchors, tags or deep nesting, nothing
bigger than 2 MiB, no dates or octal numbers made up from plain text; and what zolicht
writes reads back exactly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zolicht import messages as M
from zolicht import safe_yaml
from zolicht.forms.definitions import DefinitionError, load

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""
DEEP = 10_000
REFUSED = {
    "billion laughs": (BILLION_LAUGHS, 1, M.YAML_ANCHOR),
    "an alias only": ("a: 1\nb: *a\n", 2, M.YAML_ANCHOR),
    "an anchor only": ("a: 1\nb: &x 2\n", 2, M.YAML_ANCHOR),
    "a merge key": ("base: &b {x: 1}\nother:\n  <<: *b\n", 1, M.YAML_ANCHOR),
    "a timestamp tag": ("born: !!timestamp 2017-02-30\n", 1, M.YAML_TAG),
    "a python tag": ("x: !!python/object/apply:os.system [ls]\n", 1, M.YAML_TAG),
    "a local tag": ("x: !secret value\n", 1, M.YAML_TAG),
    "a binary tag": ("x: !!binary aGk=\n", 1, M.YAML_TAG),
    "a set tag": ("x: !!set {a, b}\n", 1, M.YAML_TAG),
    "a deep list": ("[" * DEEP + "]" * DEEP, 1, M.YAML_TOO_DEEP.format(limit=20)),
    "a deep mapping": ("a: {" * DEEP + "}" * DEEP, 1, M.YAML_TOO_DEEP.format(limit=20)),
    "a deep block": ("".join(f"{' ' * i}- \n" for i in range(0, 60, 2)) + " " * 60 + "- x\n",
                     21, M.YAML_TOO_DEEP.format(limit=20)),
    "a list as a field name": ("? [a, b]\n: 1\n", 1, M.YAML_KEY_NOT_TEXT),
    "a field twice": ("a: 1\nb: 2\na: 3\n", 3, M.YAML_DUPLICATE_KEY.format(name="'a'")),
    "two documents": ("a: 1\n---\nb: 2\n", 2, M.YAML_MORE_DOCUMENTS),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_hostile_yaml_is_refused_quickly_by_line_and_rule(case: str) -> None:
    text, line, reason = REFUSED[case]
    started = time.monotonic()
    with pytest.raises(safe_yaml.Refused) as refused:
        safe_yaml.load(text)
    assert time.monotonic() - started < 1
    assert (refused.value.line, refused.value.reason) == (line, reason)
    assert refused.value.field == "yaml"
    assert refused.value.message == f"regel {line}: {reason}"


@pytest.mark.parametrize("size", [safe_yaml.MAX_BYTES + 1, 3 * 1024 * 1024])
def test_more_than_two_mebibytes_is_refused_before_it_is_read(size: int) -> None:
    text = "x: " + "a" * (size - 3)
    with pytest.raises(safe_yaml.Refused) as refused:
        safe_yaml.load(text)
    assert refused.value.message == M.YAML_TOO_BIG.format(limit=2)
    with pytest.raises(safe_yaml.Refused):
        safe_yaml.decode(text.encode())
    multibyte = "x: " + "é" * (safe_yaml.MAX_BYTES // 2)  # fewer characters than bytes
    with pytest.raises(safe_yaml.Refused):
        safe_yaml.load(multibyte)


def test_exactly_two_mebibytes_is_read() -> None:
    text = "x: " + "a" * (safe_yaml.MAX_BYTES - 3)
    assert safe_yaml.load(text) == {"x": "a" * (safe_yaml.MAX_BYTES - 3)}


@pytest.mark.parametrize(("content", "message"), [
    (b"name: \xff\xfe", M.YAML_NOT_UTF8.format(position=7)),
    (b"name: Ren\xe9", M.YAML_NOT_UTF8.format(position=10)),
])
def test_bytes_that_are_not_utf8_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(safe_yaml.Refused) as refused:
        safe_yaml.decode(content)
    assert refused.value.message == message


def test_a_byte_order_mark_is_dropped() -> None:
    assert safe_yaml.load(safe_yaml.decode(b"\xef\xbb\xbfa: 1\n")) == {"a": 1}


PLAIN = {
    "born: 2017-02-30": {"born": "2017-02-30"},
    "at: 2026-11-02T09:00:00+00:00": {"at": "2026-11-02T09:00:00+00:00"},
    "phone: 0612345670": {"phone": "0612345670"},
    "n: 010": {"n": "010"},
    "n: 0x1F": {"n": "0x1F"},
    "n: 1_000": {"n": "1_000"},
    "t: 1:30": {"t": "1:30"},
    "answer: no": {"answer": "no"},
    "answer: yes": {"answer": "yes"},
    "answer: off": {"answer": "off"},
    "x: .inf": {"x": ".inf"},
    "x: =": {"x": "="},
    "n: 12": {"n": 12},
    "n: -3": {"n": -3},
    "n: 1.5": {"n": 1.5},
    "b: true": {"b": True},
    "b: False": {"b": False},
    "e: ~": {"e": None},
    "e:": {"e": None},
    "q: '12'": {"q": "12"},
    "q: \"true\"": {"q": "true"},
    f"n: {'9' * 5000}": {"n": "9" * 5000},
    "": None,
}


@pytest.mark.parametrize("text", list(PLAIN), ids=[t[:30] or "empty" for t in PLAIN])
def test_plain_values_become_text_unless_they_are_plainly_a_number_or_true_false(
        text: str) -> None:
    assert safe_yaml.load(text) == PLAIN[text]


def test_a_syntax_error_names_its_line_without_echoing_the_text() -> None:
    with pytest.raises(safe_yaml.Refused) as refused:
        safe_yaml.load("family:\n  name: \u202e[unclosed\n  x: [\n")
    assert refused.value.line == 4 and "\u202e" not in refused.value.message
    assert refused.value.reason.startswith(M.YAML_MALFORMED.split("{")[0])


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**18) + 1, 10**18 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)
TRICKY = ["2017-02-30", "0612345670", "+31612345678", "1_000", "0o17", "0x1F", "1:30", "yes",
          "No", "on", "~", "null", "", "1.5e5", "1.5e+5", ".5", "5.", "-0", "00", "=", "<<",
          "!!str", "&a", "*a", "\u202e", "\x00"]


@settings(max_examples=200, deadline=None)
@given(value=VALUES)
@example(value={t: t for t in TRICKY})
@example(value=TRICKY)
def test_what_yaml_safe_dump_writes_reads_back_as_pyyaml_reads_it(value: object) -> None:
    """Every value zolicht's export writes (with ``yaml.safe_dump``) reads back as PyYAML's
    own loader reads it (which is the value itself, but for PyYAML folding a raw U+0085)."""
    written = yaml.safe_dump(value, allow_unicode=True)
    assert safe_yaml.load(written) == yaml.safe_load(written)
    if "\x85" not in written:
        assert safe_yaml.load(written) == value


FORM_REFUSED = {
    "an anchor": ("form: &f x\nversion: 1\naudience: family\ntitle: *f\nquestions:\n"
                  "  - {key: a, type: short, text: T}\n", 1, M.YAML_ANCHOR),
    "billion laughs": (BILLION_LAUGHS, 1, M.YAML_ANCHOR),
    "a deep list": ("questions: " + "[" * DEEP + "]" * DEEP, 1,
                    M.YAML_TOO_DEEP.format(limit=20)),
    "a tag": ("form: !!binary eA==\n", 1, M.YAML_TAG),
    "too big": ("title: " + "x" * (3 * 1024 * 1024), 1, M.YAML_TOO_BIG.format(limit=2)),
}


@pytest.mark.parametrize("case", list(FORM_REFUSED), ids=list(FORM_REFUSED))
def test_a_form_definition_gets_the_same_refusals(case: str, tmp_path: Path) -> None:
    text, line, reason = FORM_REFUSED[case]
    path = tmp_path / "kapot.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load(path)
    assert (refused.value.line, refused.value.reason) == (line, reason)
