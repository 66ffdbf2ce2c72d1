"""Words that must not be seen next to a name by people without a grant."""

from __future__ import annotations

import re

DIAGNOSES = frozenset((
    "adhd", "add", "autisme", "autism", "ass", "pdd-nos", "asperger", "trauma", "ptss", "ptsd",
    "emdr", "depressie", "depressief", "angststoornis", "angst", "eetstoornis", "anorexia",
    "boulimia", "verslaving", "verslaafd", "schulden", "bipolair", "borderline", "psychose",
    "odd", "tourette", "dyslexie", "hechtingsstoornis", "automutilatie", "suicide", "suïcide",
))
WORD = re.compile(r"[^a-z0-9\u00c0-\u024f]+")


def words(text: str) -> set[str]:
    return set(WORD.split(text.lower()))


def mentions_diagnosis(text: str) -> bool:
    return bool(words(text) & DIAGNOSES)
