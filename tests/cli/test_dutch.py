"""The command line speaks Dutch to the professional: help, click's own words, errors."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli
from zolicht import messages as M
from zolicht.cli import command, dutch

ENGLISH = ("Usage", "Options", "Show", "message", "exit", "Arguments", "Commands",
           "Missing", "Error", "Aborted", "OPTIONS", "COMMAND")


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"\b{w}\b", text)]


@pytest.mark.parametrize("args", [(), ("grant",), ("family",), ("person", "add"),
                                  ("contact", "add"), ("method", "map"), ("apply",)])
def test_help_has_no_english_words(args: tuple[str, ...]) -> None:
    result = run_cli(*args, "--help")
    assert result.code == 0
    assert english_in(result.out) == [], result.out


def test_a_missing_argument_is_said_in_dutch() -> None:
    result = run_cli("grant", "jansen")
    assert result.code == 2
    text = result.out + result.err
    assert "Argument ontbreekt" in text and english_in(text) == [], text


def test_every_command_has_dutch_help_and_no_stale_entries() -> None:
    paths = {path for path, _ in dutch.commands(command)}
    assert paths == set(M.HELP)
    keys = {dutch.param_key(path, p) for path, c in dutch.commands(command) for p in c.params}
    assert set(M.OPTION_HELP) <= keys


@pytest.mark.parametrize(("word", "value"), [("gezin", "family"), ("family", "family"),
                                             ("hulpverlening", "professional")])
def test_dutch_choices_and_english_aliases(word: str, value: str) -> None:
    assert dutch.choice("circle", word, "circle") == value


def test_an_unknown_choice_names_the_dutch_words() -> None:
    from zolicht.domain.errors import InvalidInput

    with pytest.raises(InvalidInput) as raised:
        dutch.choice("circle", "buren", "circle")
    assert "gezin, netwerk, hulpverlening" in raised.value.message


@pytest.mark.parametrize(("answer", "yes"), [("j\n", True), ("ja\n", True), ("y\n", True),
                                             ("yes\n", True), ("\n", False), ("n\n", False)])
def test_yes_is_j_or_ja(answer: str, yes: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert dutch.confirm("Doorgaan?") is yes
