"""A netwerkkaart that goes into the family's folder leaves out the youth's safety circles:
whoever decides about the youth's documents (the parents, under 16) could open it."""

from __future__ import annotations

import io

from docx import Document

from tests.conftest import EXAMPLE
from zolicht.context import Context
from zolicht.domain.method import MapEntry, SafetyCircle
from zolicht.services import documents, method, transfer


def pictures(content: bytes) -> int:
    return len(Document(io.BytesIO(content)).inline_shapes)


def test_the_safety_circles_stay_out_of_a_stored_netwerkkaart(ctx: Context) -> None:
    transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
    method.record_map(ctx, "jansen", [MapEntry("kevin", "Kevin", circle=SafetyCircle.KNOWS_ALL)],
                      "jongere")
    for_the_professional = documents.render_for(ctx, "jansen", "netwerkkaart")
    for_the_folder = documents.render_for(ctx, "jansen", "netwerkkaart", shared=True)
    assert pictures(for_the_professional.content) == 2
    assert pictures(for_the_folder.content) == 1
