"""Crash the executor at every kind of operation; the next apply must converge.

Faults are injected at the transport (a requests adapter): the connection drops before a
write reaches Nextcloud, or after Nextcloud carried it out but before the answer arrives.
At the moment of the crash nobody may see more than the old and the new state together;
after the next apply everyone sees exactly what the rules allow, with no duplicate shares,
groups, forms or files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.e2e.conftest import World
from zolicht.domain import names
from zolicht.nextcloud import Nextcloud
from zolicht.reconcile.ops import Kind, Op
from zolicht.services import grants

READS = {"GET", "HEAD", "PROPFIND", "OPTIONS", "REPORT"}


class CutAfter(HTTPAdapter):
    """Lets ``allowed`` writes through, then drops the connection on the next one."""

    def __init__(self, allowed: int, lost_answer: bool) -> None:
        super().__init__()
        self.allowed, self.lost_answer = allowed, lost_answer

    def send(self, request: requests.PreparedRequest, *args: object,  # type: ignore[override]
             **kwargs: object) -> requests.Response:
        if request.method not in READS:
            if self.allowed == 0:
                if self.lost_answer:
                    super().send(request, *args, **kwargs)  # type: ignore[arg-type]
                raise requests.ConnectionError("connection dropped by the test")
            self.allowed -= 1
        return super().send(request, *args, **kwargs)  # type: ignore[arg-type]


def faulty_client(world: World, allowed: int, lost_answer: bool,
                  slug: str = "jansen") -> Nextcloud:
    session = requests.Session()
    session.mount("http://", CutAfter(allowed, lost_answer))
    session.mount("https://", CutAfter(allowed, lost_answer))
    client = Nextcloud(world.config(slug, retries=0), session)
    world.clients.append(client)
    return client


def owned_forms(world: World, slug: str) -> list[dict[str, object]]:
    return list(world.cloud.ocs("GET", "/apps/forms/api/v3/forms", world.owner(slug).auth,
                                params={"type": "owned"}))


def assert_no_duplicates(world: World, slug: str) -> None:
    family = world.family(slug)
    root = f"/{names.root(family.space)}"
    mine = [(s["path"], s["share_with"]) for s in world.shares(slug)
            if s["path"] == root or s["path"].startswith(root + "/")]
    assert all(n == 1 for n in Counter(mine).values()), mine
    owned = owned_forms(world, slug)
    forms = len(list(world.forms_dir.glob("*.yaml")))
    assert len(owned) == forms and all(f["title"] for f in owned), owned


def within(visible: dict[str, set[str]], *allowed: dict[str, set[str]]) -> bool:
    return all(seen <= set().union(*(a.get(who, set()) for a in allowed))
               for who, seen in visible.items())


def crash_points(ops: tuple[Op, ...]) -> list[int]:
    """The first and the last operation of each kind: every kind of write cut off, with
    nothing and with everything else of its kind done."""
    first: dict[Kind, int] = {}
    last: dict[Kind, int] = {}
    for position, op in enumerate(ops):
        first.setdefault(op.kind, position)
        last[op.kind] = position
    return sorted({*first.values(), *last.values()})


@pytest.mark.parametrize("lost_answer", [False, True], ids=["dropped", "answer-lost"])
def test_provisioning_from_empty_survives_a_crash_at_every_kind_of_operation(
    world: World, lost_answer: bool
) -> None:
    template = world.plan()
    points = crash_points(template.ops)
    kinds = {op.kind for op in template.ops}
    assert len(template.ops) > 30 and len(kinds) >= 9 and len(points) >= 17, kinds
    survives_crashes(world, points, lost_answer)


@pytest.mark.exhaustive
@pytest.mark.parametrize("lost_answer", [False, True], ids=["dropped", "answer-lost"])
def test_provisioning_from_empty_survives_a_crash_at_every_operation(
    world: World, lost_answer: bool
) -> None:
    survives_crashes(world, range(len(world.plan().ops)), lost_answer)


def survives_crashes(world: World, points: Iterable[int], lost_answer: bool) -> None:
    """For each point k, a new family whose first apply breaks at write k: it never grants
    more than the family chose, the next apply repairs it, and nothing is made twice."""
    for k in points:
        slug = f"k{k}"
        world.new_family(slug, own_account=True)  # Nextcloud rate limits per account
        crashed = world.apply(slug, faulty_client(world, k, lost_answer, slug))
        assert crashed.failed is not None, f"no crash at operation {k}"
        assert within(world.visible(slug), world.expected(slug)), f"over-grant after {k}"
        repaired = world.apply(slug)
        assert repaired.complete, repaired.error
        assert world.visible(slug) == world.expected(slug), f"not converged after {k}"
        assert_no_duplicates(world, slug)
        assert world.apply(slug).plan.empty


def test_a_form_created_when_the_answer_was_lost_is_not_left_behind(
        world: World) -> None:
    writes = [op.kind for op in world.plan().ops].index(Kind.CREATE_FORM)
    assert world.apply(client=faulty_client(world, writes, lost_answer=True)).failed
    for _ in range(2):
        world.apply()
    assert len(owned_forms(world, "jansen")) == 2


@pytest.mark.parametrize("lost_answer", [False, True], ids=["dropped", "answer-lost"])
def test_a_change_never_grants_more_than_before_and_after(world: World,
                                                          lost_answer: bool) -> None:
    world.apply()
    before = world.expected()
    grants.revoke(world.ctx, "jansen", "school-concentratie", "oma-ria", by="sanne")
    grants.grant(world.ctx, "jansen", "school-concentratie", "joost", by="sanne")
    grants.grant(world.ctx, "jansen", "geldzaken", "oma-ria", by="petra", access="edit")
    after = world.expected()
    steps = len(world.plan().ops)
    assert steps >= 3
    for k in range(steps):
        world.apply(client=faulty_client(world, k, lost_answer))
        assert within(world.visible(), before, after), f"over-grant after {k}"
    world.apply()
    assert world.visible() == after
    assert_no_duplicates(world, "jansen")
