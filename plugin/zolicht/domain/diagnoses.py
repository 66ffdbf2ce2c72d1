"""Words that must not be seen next to a name by people without a grant.

One definition for every place that checks: the services refuse a document title or file
name that puts a diagnosis next to a name of the family, and the reconciler never uploads
a file whose name does. Words are compared after Greek and Cyrillic look-alike letters
are read as Latin ones (``АDHD`` with a Cyrillic A is ADHD).
"""

from __future__ import annotations

import re

from zolicht.domain.model import Family
from zolicht.domain.text import latin_lookalike

DIAGNOSES = frozenset((
    "adhd", "add", "autisme", "autism", "ass", "pdd-nos", "asperger", "trauma", "ptss", "ptsd",
    "emdr", "depressie", "depressief", "angststoornis", "angst", "eetstoornis", "anorexia",
    "boulimia", "verslaving", "verslaafd", "schulden", "bipolair", "borderline", "psychose",
    "odd", "tourette", "dyslexie", "hechtingsstoornis", "automutilatie", "suicide", "suïcide",
))
PARTICLES = frozenset((
    "van", "de", "der", "den", "het", "t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit",
    "d", "l", "la", "le", "les", "du", "des", "von", "zu", "da", "di", "do", "dos", "del",
    "el", "al", "bin", "ben", "y",
))
"""Parts of names that are also everyday words (tussenvoegsels and the like): ``Mark de
Vries`` must not make every title with "de" in it a name."""
BETWEEN_WORDS = re.compile(r"[\W_]+")
BETWEEN_HYPHENATED = re.compile(r"[^\w-]+")
"""Words are split at anything but letters and digits; hyphenated words (``pdd-nos``,
``jan-willem``) are also kept whole."""


def words(text: str) -> set[str]:
    plain = latin_lookalike(text).casefold()
    return (set(BETWEEN_WORDS.split(plain)) | set(BETWEEN_HYPHENATED.split(plain))) - {""}


def mentions_diagnosis(text: str) -> bool:
    return bool(words(text) & DIAGNOSES)


def diagnosis_next_to_name(family: Family, text: str) -> bool:
    """True when ``text`` (a title or a file name that others see) joins a diagnosis with
    the name or key of someone in ``family``."""
    if not mentions_diagnosis(text):  # the names are only needed next to a diagnosis
        return False
    names = {word for p in family.people for word in words(p.name) | words(p.key)} - PARTICLES
    return bool(words(text) & names)
