"""Rules for text that people type or import: what may be in it, and which names look alike.

Pure. Text is kept in NFC, the form every keyboard and Nextcloud produce. Refused:

- control characters (C0, DEL, C1, line and paragraph separators);
- characters that change the reading direction (bidi controls), which can make a name or a
  file name read differently from what it is;
- invisible characters without width (zero-width space and joiners, word joiner, BOM,
  every other Unicode format character, and the fillers that show as nothing);
- code points that are no character (surrogates, private use, unassigned).

A person's name may not mix the Latin, Greek and Cyrillic alphabets (``Ρetra`` with a
Greek Rho), and may not look like another person's name in the same family without being
the same text: both are compared by a *skeleton*, in which letters that look alike are
written the same (a small table below, after Unicode's confusables) and case is folded.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Hidden(StrEnum):
    """The kinds of character that no name, title or file name may hold."""

    CONTROL = "control"
    DIRECTION = "direction"
    INVISIBLE = "invisible"
    UNUSABLE = "unusable"


DIRECTION = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                      "\u200e\u200f\u061c")
FILLERS = "\u115f\u1160\u3164\uffa0\u034f"
"""Hangul fillers and the combining grapheme joiner: letters or marks that show nothing."""
ESCAPED_FILLERS = str.maketrans({c: f"\\u{ord(c):04x}" for c in FILLERS})
KIND_OF_CATEGORY = {"Cc": Hidden.CONTROL, "Zl": Hidden.CONTROL, "Zp": Hidden.CONTROL,
                    "Cf": Hidden.INVISIBLE, "Cs": Hidden.UNUSABLE, "Co": Hidden.UNUSABLE,
                    "Cn": Hidden.UNUSABLE}
ALPHABETS = ("LATIN", "GREEK", "CYRILLIC")
"""Alphabets with letters that look alike; a name uses at most one of them."""

LOOKALIKES = str.maketrans({
    # Greek capitals and small letters that look like Latin ones
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J", "Ϊ": "Ï", "Ϋ": "Ÿ",
    "α": "a", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j", "ϊ": "ï", "ά": "á", "έ": "é",
    "ί": "í", "ό": "ó", "ύ": "ú",
    # Cyrillic capitals and small letters that look like Latin ones
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    "Ӏ": "l", "Ё": "Ë", "Ї": "Ï",
    "а": "a", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "о": "o", "р": "p", "с": "c", "у": "y",
    "х": "x", "ү": "y", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ё": "ë", "ї": "ï",
    # apostrophes and hyphens
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
})
LATIN_LOOKALIKES = str.maketrans({
    # after case folding: letters and digits that pass for one another
    "l": "i", "1": "i", "ı": "i", "0": "o",
})


@dataclass(frozen=True)
class Found:
    """A character that is not allowed: what kind, and where (1 = the first character)."""

    kind: Hidden
    position: int


def normalised(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def hidden_kind(char: str) -> Hidden | None:
    if char in DIRECTION:
        return Hidden.DIRECTION
    if char in FILLERS:
        return Hidden.INVISIBLE
    return KIND_OF_CATEGORY.get(unicodedata.category(char))


def first_hidden(text: str, allowed: str = "", start: int = 0) -> Found | None:
    """The first character of ``text`` that is not allowed, counting positions from
    ``start`` (so a caller that stripped the text can report where it was typed)."""
    for position, char in enumerate(text, start + 1):
        kind = hidden_kind(char)
        if kind is not None and char not in allowed:
            return Found(kind, position)
    return None


def alphabet(char: str) -> str | None:
    """LATIN, GREEK or CYRILLIC for a letter of one of them (in any style Unicode offers,
    such as full-width or mathematical bold), else None."""
    if not char.isalpha():
        return None
    word = unicodedata.name(unicodedata.normalize("NFKC", char)[0], "").split(" ", 1)[0]
    return word if word in ALPHABETS else None


@dataclass(frozen=True)
class Mixed:
    """A name mixing alphabets: the first letter not in the name's main alphabet."""

    position: int
    odd: str
    main: str


def mixed_alphabets(name: str) -> Mixed | None:
    letters = [(i, a) for i, a in enumerate(map(alphabet, name), 1) if a is not None]
    used = [a for _, a in letters]
    if len(set(used)) < 2:
        return None
    main = max(ALPHABETS, key=used.count)
    position, odd = next((i, a) for i, a in letters if a != main)
    return Mixed(position, odd, main)


def latin_lookalike(text: str) -> str:
    """``text`` with Greek and Cyrillic letters that look Latin written as Latin ones, and
    styled letters (full-width, bold) as plain ones. The table is applied before NFKC too,
    as NFKC turns some look-alikes (the lunate sigma ``Ϲ``) into letters that do not."""
    return unicodedata.normalize("NFKC", text.translate(LOOKALIKES)).translate(LOOKALIKES)


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """What ``text`` looks like: look-alike letters the same, case folded, spaces single."""
    plain = latin_lookalike(text).casefold().translate(LATIN_LOOKALIKES).replace("rn", "m")
    return " ".join(plain.split())


def looks_like(name: str, other: str) -> bool:
    """True when two names look the same but are not the same text."""
    return normalised(name) != normalised(other) and skeleton(name) == skeleton(other)


def shown(value: object, limit: int = 40) -> str:
    """A value as it may be echoed in a message: quoted, every invisible character written
    as an escape (``\\u202e``), shortened."""
    text = repr(value).translate(ESCAPED_FILLERS)
    return text if len(text) <= limit else text[: limit - 1] + "…"
