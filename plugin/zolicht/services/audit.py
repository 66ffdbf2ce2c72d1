"""Reading and checking the audit trail."""

from __future__ import annotations

import re

from zolicht import messages as M
from zolicht.context import Context
from zolicht.domain.audit import Problem, StoredEvent, Tamper
from zolicht.domain.errors import InvalidInput
from zolicht.services import validation as check

SHA256 = re.compile(r"[0-9a-f]{64}")


def verify(ctx: Context, expect_head: str | None = None) -> tuple[list[Problem], tuple[int, str]]:
    """Problems found in the stored chain, and the head (last number, hash).

    ``expect_head`` is a hash kept elsewhere (``zolicht audit head``); a stored head that
    differs from it means events were cut off and the head rewritten to hide it.
    """
    if expect_head is not None and not SHA256.fullmatch(expect_head):
        raise InvalidInput("expect-head", M.UNKNOWN_HEAD.format(value=check.shown(expect_head)))
    with ctx.store.reading() as tx:
        problems = tx.audit.verify()
        seq, digest = tx.audit.head() or (0, "")
    if expect_head is not None and expect_head != digest:
        problems.append(Problem(seq, Tamper.HEAD, "the head differs from the copy kept elsewhere"))
    return problems, (seq, digest)


def head(ctx: Context) -> tuple[int, str]:
    with ctx.store.reading() as tx:
        return tx.audit.head() or (0, "")


def events(ctx: Context, family: str | None = None) -> list[StoredEvent]:
    with ctx.store.reading() as tx:
        return tx.audit.events(family)
