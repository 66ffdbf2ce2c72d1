"""Every kind of operation has one record type and one handler."""

from __future__ import annotations

from zolicht.reconcile.execute import HANDLERS
from zolicht.reconcile.ops import OPS, Kind


def test_every_kind_has_exactly_one_record_type() -> None:
    assert sorted(op.kind for op in OPS) == sorted(Kind)


def test_the_handler_table_covers_every_kind_of_operation() -> None:
    assert set(HANDLERS) == set(OPS)
