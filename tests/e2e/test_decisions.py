"""A yes or a stop about one document, applied through that document's shares alone when
that is enough, and through the whole family when it is not; checked as the member."""

from __future__ import annotations

from tests.e2e.conftest import World
from zolicht import reconcile
from zolicht.nextcloud import Nextcloud
from zolicht.reconcile.ops import Kind
from zolicht.services import grants
from zolicht.store.remote import Remote

PRIKKELS = "drukte-en-prikkels.md"


def apply_decision(world: World, document: str, member: str) -> tuple[reconcile.Outcome,
                                                                       Nextcloud]:
    client = world.client()
    run = reconcile.Run(client, per_family=True, checked_version=True)
    return reconcile.apply_after(world.ctx, run, "jansen", (document, member)), client


def test_a_decision_reads_and_writes_only_that_files_shares(world: World) -> None:
    world.apply()
    assert world.read("jansen-kevin", PRIKKELS) == 404  # kevin already sees another document
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, client = apply_decision(world, "prikkels", "kevin")
    assert outcome.failed is None and [op.kind for op in outcome.plan.ops] == [
        Kind.CREATE_SHARE]
    assert (client.counter.reads, client.counter.writes) == (1, 1), client.counter.log
    assert world.read("jansen-kevin", PRIKKELS) == 200
    grants.revoke(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, client = apply_decision(world, "prikkels", "kevin")
    assert [op.kind for op in outcome.plan.ops] == [Kind.DELETE_SHARE]
    assert (client.counter.reads, client.counter.writes) == (1, 1), client.counter.log
    assert world.read("jansen-kevin", PRIKKELS) == 404
    assert world.visible() == world.expected()


def test_a_members_first_document_goes_through_the_whole_family(world: World) -> None:
    world.apply()
    assert world.expected()["joost"] == set()
    grants.grant(world.ctx, "jansen", "energie", "joost", by="petra")
    outcome, _client = apply_decision(world, "energie", "joost")
    kinds = {op.kind for op in outcome.plan.ops}
    assert outcome.failed is None and {Kind.CREATE_USER, Kind.CREATE_SHARE} <= kinds
    assert world.read("jansen-joost", "minder-energie.md") == 200
    assert world.visible() == world.expected()


def test_a_file_gone_from_nextcloud_is_put_back_by_the_whole_family_path(world: World) -> None:
    world.apply()
    path = f"/remote.php/dav/files/admin/Gezin Jansen/Psycho-educatie/{PRIKKELS}"
    assert world.http.delete(path, auth=("admin", "admin")).status_code == 204
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, _client = apply_decision(world, "prikkels", "kevin")
    assert outcome.failed is None and Kind.UPLOAD in {op.kind for op in outcome.plan.ops}
    assert world.read("jansen-kevin", PRIKKELS) == 200
    assert world.visible() == world.expected()


def test_after_a_failed_run_a_decision_applies_the_whole_family(world: World) -> None:
    world.apply()
    world.http.delete("/remote.php/dav/files/admin/Gezin Jansen/Afspraken",
                      auth=("admin", "admin"))
    with world.ctx.store.transaction() as tx:
        Remote(tx.families.conn, "jansen").journal("broken", 0, "MKDIR", "mkdir Afspraken",
                                                   "failed", world.ctx.now(), "500")
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, client = apply_decision(world, "prikkels", "kevin")
    assert outcome.failed is None and Kind.MKDIR in {op.kind for op in outcome.plan.ops}
    assert client.counter.reads > 1
    assert world.read("jansen-kevin", PRIKKELS) == 200
    assert world.visible() == world.expected()
