"""Text that cannot hurt: hidden characters, mixed alphabets and look-alike names are refused
with the kind of character and its place; honest names in any one alphabet are kept, in NFC."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE
from zolicht import messages as M
from zolicht.domain.diagnoses import diagnosis_next_to_name
from zolicht.domain.errors import InvalidInput
from zolicht.domain.model import Circle, Person
from zolicht.domain.text import LOOKALIKES, Hidden, first_hidden, skeleton
from zolicht.services import validation as check
from zolicht.services.transfer import parse_family

HIDDEN = {
    Hidden.CONTROL: "\x00\x07\x09\x0a\x0d\x1b\x7f\x80\x85\x9b\x9f\u2028\u2029",
    Hidden.DIRECTION: "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
                      "\u061c",
    Hidden.INVISIBLE: "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u2061\U000e0041\u3164"
                      "\u115f\u034f",
    Hidden.UNUSABLE: "\ud800\udcff\ue000\U0010fffd\U0003fffe",
}
KIND_OF = {char: kind for kind, chars in HIDDEN.items() for char in chars}
FIELDS: dict[str, Callable[[str], object]] = {
    "name": lambda v: check.name("name", v),
    "role": lambda v: check.text("role", v, 60),
    "title": lambda v: check.text("title", v, check.TITLE_LIMIT),
    "file_name": lambda v: check.file_name("file_name", v + ".md"),
    "email": lambda v: check.email("email", v + "@example.nl"),
    "phone": lambda v: check.phone("phone", "06" + v + "12345678"),
    "nextcloud_user": lambda v: check.nextcloud_user("nextcloud_user", v),
    "note": lambda v: check.note("note", v),
}
NOTE_ALLOWED = "\t\n\r"
DUTCH = string.ascii_letters + "éëèêïíüúöóäáàçñĳĲ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяёАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def refusal(check_it: Callable[[], object]) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        check_it()
    return refused.value


def words_of(alphabet: str) -> st.SearchStrategy[str]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=4).map(" ".join)


DUTCH_NAMES = st.lists(st.text(alphabet=DUTCH, min_size=1, max_size=10), min_size=1,
                       max_size=3).flatmap(lambda parts: st.sampled_from(
                           [" ".join(parts), "-".join(parts), "'t " + " ".join(parts),
                            "D'" + "".join(parts), " ".join(parts) + "-" + parts[0]]))


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("char", list(KIND_OF), ids=[f"U+{ord(c):04X}" for c in KIND_OF])
def test_every_hidden_character_is_refused_by_kind_and_place_and_never_echoed(
        field: str, char: str) -> None:
    if field == "note" and char in NOTE_ALLOWED:
        assert FIELDS[field]("Pe" + char + "tra") is not None
        return
    error = refusal(lambda: FIELDS[field]("Pe" + char + "tra"))
    assert error.field == field
    position = 5 if field == "phone" else 3
    assert error.message == M.TEXT_HIDDEN.format(kind=M.HIDDEN_KINDS[KIND_OF[char]],
                                                 position=position)
    assert char not in str(error)


@settings(max_examples=300, deadline=None)
@given(before=st.text(alphabet=DUTCH, min_size=1, max_size=5), text=st.text(max_size=30),
       char=st.sampled_from(sorted(KIND_OF)), where=st.integers(min_value=0, max_value=30),
       after=st.text(alphabet=DUTCH, min_size=1, max_size=5))
def test_a_hidden_character_anywhere_in_any_text_is_refused(
        before: str, text: str, char: str, where: int, after: str) -> None:
    value = before + text[:where] + char + text[where:] + after
    error = refusal(lambda: check.text("title", value, 200))
    found = first_hidden(value)
    assert found is not None and error.field == "title" and char not in error.message
    assert error.message == M.TEXT_HIDDEN.format(kind=M.HIDDEN_KINDS[found.kind],
                                                 position=found.position)


@settings(max_examples=300, deadline=None)
@given(name=DUTCH_NAMES)
def test_honest_dutch_names_are_kept_in_nfc(name: str) -> None:
    assert check.name("name", name) == unicodedata.normalize("NFC", name)
    decomposed = unicodedata.normalize("NFD", name)
    assert check.name("name", "  " + decomposed + " ") == unicodedata.normalize("NFC", name)


@settings(max_examples=100, deadline=None)
@given(name=st.one_of(words_of(GREEK), words_of(CYRILLIC), words_of(ARABIC)))
def test_a_name_wholly_in_another_alphabet_is_kept(name: str) -> None:
    assert check.name("name", name) == unicodedata.normalize("NFC", name)


HONEST = ["Zoë van 't Hart", "D'Souza", "Ĳsbrand de Wit-Bakker", "Noëlle Ünal",
          "Anaïs Müller", "Jan-Willem ter Horst", "Πέτρος Παπαδόπουλος", "Мария Иванова",
          "محمد العلي", "Ólafur Þórsson", "Nguyễn Thị Hương", "Zoe\u0308"]


@pytest.mark.parametrize("name", HONEST)
def test_known_honest_names_are_kept(name: str) -> None:
    assert check.name("name", name) == unicodedata.normalize("NFC", name)


LATIN_LOOKING = {src: dst for src, dst in (
    (chr(k), v) for k, v in LOOKALIKES.items() if isinstance(v, str))
    if dst in string.ascii_letters}
"""Greek and Cyrillic letters, each with the Latin letter it passes for."""
SPOOF_OF = {latin: [s for s, d in LATIN_LOOKING.items() if d == latin] for latin in
            set(LATIN_LOOKING.values())}


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=DUTCH_NAMES.filter(
    lambda n: sum(c in string.ascii_letters for c in n) >= 2
    and any(c in SPOOF_OF for c in n)))
def test_one_greek_or_cyrillic_look_alike_in_a_latin_name_is_refused(
        data: st.DataObject, name: str) -> None:
    where = data.draw(st.sampled_from([i for i, c in enumerate(name) if c in SPOOF_OF]))
    spoof = data.draw(st.sampled_from(SPOOF_OF[name[where]]))
    forged = name[:where] + spoof + name[where + 1:]
    error = refusal(lambda: check.name("name", forged))
    assert error.field == "name" and error.message.startswith("mengt alfabetten")
    assert skeleton(forged) == skeleton(name)


MIXED = ["Ρetra", "Реtrа Jаnsеn", "Ѕanne", "Dааn", "Kevіn", "Mаrk de Vries",
         "Oma Ріа", "Αnna", "Lotte Vіsser", "Petra Jansen\u0440"]


@pytest.mark.parametrize("name", MIXED)
def test_known_mixed_alphabet_names_are_refused(name: str) -> None:
    error = refusal(lambda: check.name("name", name))
    assert error.message.startswith("mengt alfabetten: de letter op plek ")


def person(key: str, name: str) -> Person:
    return Person(key=key, name=name, role="r", circle=Circle.NETWORK)


LOOK_ALIKES = [("Petra", "PETRA"), ("Petra", "petra"), ("Oma", "ОМА"), ("Anna", "ΑΝΝΑ"),
               ("Tim", "ΤΙΜ"), ("Iris", "lris"), ("Ilse", "ilse"), ("Kim", "Kirn"),
               ("Ole", "0le"), ("D'Souza", "D’Souza"), ("Marijke", "Marĳke"),
               ("Petra Jansen", "Petra  Jansen"), ("Mark", "Ⅿark"), ("Zoë", "ZOË"),
               ("Ans", "Ａｎｓ"), ("Jan-Willem", "Jan‐Willem")]


@pytest.mark.parametrize(("real", "forged"), LOOK_ALIKES)
def test_a_name_that_looks_like_another_in_the_family_is_refused(real: str,
                                                                 forged: str) -> None:
    family = [person("real", real)]
    error = refusal(lambda: check.distinct_name("name", person("new", forged), family))
    assert error.message == M.NAME_LOOKS_LIKE.format(key="real")


@pytest.mark.parametrize(("one", "other"), [
    ("Petra", "Peter"), ("Daan", "Dana"), ("Anna", "Anne"), ("Sanne", "Sanne"),
    ("Maria", "Мария"), ("Petros", "Πέτρος"), ("Zoë", "Zoe"), ("Mark de Vries", "Mark")])
def test_different_or_identical_names_are_kept(one: str, other: str) -> None:
    check.distinct_name("name", person("new", other), [person("real", one)])


def test_the_same_person_is_never_compared_with_themself() -> None:
    check.distinct_name("name", person("p", "PETRA"), [person("p", "Petra")])


@pytest.mark.parametrize(("title", "refused"), [
    ("ADHD bij Sanne", True), ("Autisme en Daan", True), ("Trauma bij Mark de Vries", True),
    ("АDHD bij Sanne", True), ("pdd-nos: uitleg voor oma-ria", True), ("ADHD bij SANNE", True),
    ("adhd-sanne.md", True), ("Uitleg over ADHD", False), ("ADHD voor de school", False),
    ("Uitleg over school en concentratie", False), ("Sanne en school", False)])
def test_a_diagnosis_next_to_a_name_of_the_family(title: str, refused: bool) -> None:
    family = parse_family(EXAMPLE.read_text(), EXAMPLE.parent, date(2026, 11, 23))[0]
    assert diagnosis_next_to_name(family, title) is refused


@pytest.mark.parametrize(("value", "rule"), [
    ("2017-02-30", M.DATE_DOES_NOT_EXIST), ("2023-02-29", M.DATE_DOES_NOT_EXIST),
    ("2017-13-01", M.DATE_DOES_NOT_EXIST), ("20170220", M.DATE_RULE),
    ("2017-W08-1", M.DATE_RULE), ("٢٠١٧-٠٢-٢٠", M.DATE_RULE), (2017, M.DATE_RULE),
    (["2017-02-20"], M.DATE_RULE)])
def test_only_real_dates_written_yyyy_mm_dd_are_read(value: object, rule: str) -> None:
    error = refusal(lambda: check.parse_date("born", value))
    assert error.message == rule.format(value=check.shown(value))
