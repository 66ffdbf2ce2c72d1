"""All the words people read are in ``zolicht.messages``: the web templates hold HTML, names
and ``M.…`` look-ups, never a word of their own, so a translation is one module."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from zolicht import messages as M

TEMPLATES = Path(M.__file__).parent / "web" / "templates"
ALLOWED = {"zolicht"}
"""Words a template may hold: the product's name, which is not translated."""
TOKENS = {"base", "notice", "kaart", "html", "stop",
          "move", "cancel", "evaluation", "moment", "plan", "series", "strip", "taper",
          "upload", "sheet", "word", "finalize", "readback", "sensitive"}
"""Words a string inside a Jinja2 tag may hold: template names, class names, the ids of the
professional's forms and the values they send."""

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
NOT_READ = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
READ_ATTRIBUTE = re.compile(
    r"""\b(?:alt|title|placeholder|aria-label|value|lang|label)\s*=\s*("[^"]*"|'[^']*')""",
    re.IGNORECASE)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
WORD = re.compile(r"[^\W\d_]+")
LITERAL = re.compile(r""""[^"]*"|'[^']*'""")
LOOKUP = re.compile(r"\bM\.([A-Za-z_][A-Za-z0-9_]*)")


def words_of(source: str) -> list[str]:
    """The words a person could read that a template spells out itself: its text and its
    readable attributes, without Jinja2 tags, CSS and the HTML structure."""
    source = NOT_READ.sub(" ", JINJA.sub(" ", source))
    attributes = " ".join(value[1:-1] for value in READ_ATTRIBUTE.findall(source))
    text = html.unescape(TAG.sub(" ", source) + " " + attributes)
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED]


def words_in_tags(source: str) -> list[str]:
    """Words in the string literals of the Jinja2 tags (``{{ x or "nog nooit" }}``) that
    are not template or class names."""
    return [w for tag in JINJA.findall(source) for literal in LITERAL.findall(tag)
            for w in WORD.findall(literal) if w not in TOKENS]


def templates() -> list[Path]:
    found = sorted(TEMPLATES.glob("*.html"))
    assert found, TEMPLATES
    return found


@pytest.mark.parametrize("template", templates(), ids=lambda p: p.name)
def test_a_template_spells_out_no_words(template: Path) -> None:
    assert words_of(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("template", templates(), ids=lambda p: p.name)
def test_a_template_tag_holds_no_words(template: Path) -> None:
    assert words_in_tags(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("template", templates(), ids=lambda p: p.name)
def test_every_text_a_template_reads_exists(template: Path) -> None:
    """Jinja2 renders a missing ``M.…`` as nothing: a typo would blank a heading."""
    missing = {n for n in LOOKUP.findall(template.read_text(encoding="utf-8"))
               if not isinstance(getattr(M, n, None), str)}
    assert missing == set()


def test_every_page_text_is_used() -> None:
    used = {n for t in templates() for n in LOOKUP.findall(t.read_text(encoding="utf-8"))}
    page_texts = {n for n in vars(M) if n.startswith("PAGE_")}
    assert page_texts - used == set()


@pytest.mark.parametrize("source, words", [
    ('<h1>Wie mag wat zien?</h1>', ["Wie", "mag", "wat", "zien"]),
    ('<input value="Contactmoment" name="title">', ["Contactmoment"]),
    ('<html lang="nl">', ["nl"]),
    ('{% block title %}Gezinnen · zolicht{% endblock %}', ["Gezinnen"]),
    ('<p>{{ M.PAGE_PRO_NEVER }} · zolicht</p>', []),
    ('<style>body { font: system-ui; }</style><a href="{{ root }}/x" class="stop">.</a>', []),
    ('<p>{% if x %}{{ a }}: {{ b }}{% endif %}.</p>', []),
])
def test_the_check_finds_words(source: str, words: list[str]) -> None:
    assert words_of(source) == words


@pytest.mark.parametrize("source, words", [
    ('{{ d.who or "een openbare link" }}', ["een", "openbare", "link"]),
    ("{% extends \"base.html\" %}{{ 'stop' if mine else '' }}", []),
    ('{{ at.strftime("%d-%m-%Y %H:%M") }}', ["d", "m", "Y", "H", "M"]),
])
def test_the_check_finds_words_in_tags(source: str, words: list[str]) -> None:
    assert words_in_tags(source) == words
