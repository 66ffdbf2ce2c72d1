"""Names joined as Dutch lists, and the verb that goes with one person or more."""

from __future__ import annotations

import pytest

from zolicht import messages as M
from zolicht.wording import join_names, verb


@pytest.mark.parametrize(("names", "joined"), [
    ([], ""),
    (["Petra"], "Petra"),
    (["Petra", "Mark"], "Petra en Mark"),
    (["Petra", "Mark", "Sanne"], "Petra, Mark en Sanne"),
    (["A", "B", "C", "D"], "A, B, C en D"),
])
def test_names_are_joined_with_en(names: list[str], joined: str) -> None:
    assert join_names(names) == joined


@pytest.mark.parametrize(("names", "sentence"), [
    (["Petra"], "zodra Petra ook ja zegt."),
    (["Petra", "Mark"], "zodra Petra en Mark ook ja zeggen."),
    (["Petra", "Mark", "Sanne"], "zodra Petra, Mark en Sanne ook ja zeggen."),
])
def test_waiting_sentence_has_the_right_verb(names: list[str], sentence: str) -> None:
    text = M.WEB_DONE_WAITING.format(member="Oma Ria", document="'Plan'",
                                     missing=join_names(names),
                                     says=verb(len(names), M.SAYS))
    assert text.endswith(sentence)


@pytest.mark.parametrize(("count", "wants"), [(1, "wil"), (2, "willen"), (3, "willen")])
def test_refusal_verb(count: int, wants: str) -> None:
    names = join_names(["Petra", "Mark", "Sanne"][:count])
    assert M.REFUSED.format(names=names, wants=verb(count, M.WANTS)) == \
        f"{names} {wants} dit niet delen"
