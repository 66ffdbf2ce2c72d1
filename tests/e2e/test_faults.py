"""Crash the executor at every operation in turn; the next apply must converge.

Faults are injected at the transport (a requests adapter): the connection drops before a
write reaches Nextcloud, or after Nextcloud carried it out but before the answer arrives.
At the moment of the crash nobody may see more than the old and the new state together;
after the next apply everyone sees exactly what the rules allow, with no duplicate shares
or files.
"""

from __future__ import annotations

from collections import Counter

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.conftest import EXAMPLE
from tests.e2e.conftest import World
from zolicht import reconcile
from zolicht.nextcloud import Nextcloud, NextcloudConfig
from zolicht.services import grants, transfer

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


def faulty_client(world: World, allowed: int, lost_answer: bool) -> Nextcloud:
    session = requests.Session()
    session.mount("http://", CutAfter(allowed, lost_answer))
    client = Nextcloud(NextcloudConfig(world.cloud.url, "admin", "admin", retries=0), session)
    world.clients.append(client)
    return client


def new_family(world: World, slug: str) -> None:
    text = EXAMPLE.read_text().replace("slug: jansen", f"slug: {slug}").replace(
        "name: Gezin Jansen", f"name: Gezin {slug.title()}").replace(
        "nextcloud_user: lotte.visser", f"nextcloud_user: lotte-{slug}")
    transfer.import_family(world.ctx, text, EXAMPLE.parent)


def assert_no_duplicates(world: World, slug: str) -> None:
    shares = world.http.get("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json"
                            "&reshares=true", auth=("admin", "admin"),
                            headers={"OCS-APIRequest": "true"}).json()["ocs"]["data"]
    mine = [(s["path"], s["share_with"]) for s in shares
            if s["path"].startswith(f"/Gezin {slug.title()}/")]
    assert all(n == 1 for n in Counter(mine).values()), mine


def within(visible: dict[str, set[str]], *allowed: dict[str, set[str]]) -> bool:
    return all(seen <= set().union(*(a.get(who, set()) for a in allowed))
               for who, seen in visible.items())


@pytest.mark.parametrize("lost_answer", [False, True], ids=["dropped", "answer-lost"])
def test_provisioning_from_empty_survives_a_crash_at_every_operation(
    world: World, lost_answer: bool
) -> None:
    template = reconcile.plan_family(world.ctx, reconcile.Run(world.client()), "jansen")
    crash_points = len(template.ops)
    assert crash_points > 30
    for k in range(crash_points):
        slug = f"k{k}"
        new_family(world, slug)
        crashed = world.apply(slug, faulty_client(world, k, lost_answer))
        assert crashed.failed is not None, f"no crash at operation {k}"
        assert within(world.visible(slug), world.expected(slug)), f"over-grant after {k}"
        repaired = world.apply(slug)
        assert repaired.failed is None, repaired.error
        assert world.visible(slug) == world.expected(slug), f"not converged after {k}"
        assert_no_duplicates(world, slug)
        assert world.apply(slug).plan.empty


@pytest.mark.parametrize("lost_answer", [False, True], ids=["dropped", "answer-lost"])
def test_a_change_never_grants_more_than_before_and_after(world: World,
                                                          lost_answer: bool) -> None:
    world.apply()
    before = world.expected()
    grants.revoke(world.ctx, "jansen", "school-concentratie", "oma-ria", by="sanne")
    grants.grant(world.ctx, "jansen", "school-concentratie", "joost", by="sanne")
    grants.grant(world.ctx, "jansen", "geldzaken", "oma-ria", by="petra", access="edit")
    after = world.expected()
    steps = len(reconcile.plan_family(world.ctx, reconcile.Run(world.client()), "jansen").ops)
    assert steps >= 3
    for k in range(steps):
        world.apply(client=faulty_client(world, k, lost_answer))
        assert within(world.visible(), before, after), f"over-grant after {k}"
    world.apply()
    assert world.visible() == after
    assert_no_duplicates(world, "jansen")
