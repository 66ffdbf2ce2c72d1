"""A yes or a stop about one document, applied as a membership of that document's group
when that is enough, and through the whole family when it is not; checked as the member."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.e2e.conftest import World
from zolicht import reconcile
from zolicht.domain import names
from zolicht.domain.model import Circle
from zolicht.nextcloud import Nextcloud
from zolicht.reconcile.ops import Kind
from zolicht.services import audit, grants
from zolicht.store.remote import Remote

PRIKKELS = "drukte-en-prikkels.md"


def apply_decision(world: World, document: str, member: str) -> tuple[reconcile.Outcome,
                                                                       Nextcloud]:
    client = world.client()
    run = world.run(client=client, per_family=True, checked_version=True)
    return reconcile.apply_after(world.ctx, run, "jansen", (document, member)), client


def test_a_decision_reads_that_files_shares_and_writes_one_membership(world: World) -> None:
    world.apply()
    kevin = world.uid("kevin")
    assert world.read(kevin, PRIKKELS) == 404  # kevin already sees another document
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, client = apply_decision(world, "prikkels", "kevin")
    assert outcome.complete and [op.kind for op in outcome.plan.ops] == [Kind.ADD_TO_GROUP]
    assert (client.counter.reads, client.counter.writes) == (1, 1), client.counter.log
    assert world.read(kevin, PRIKKELS) == 200
    grants.revoke(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, client = apply_decision(world, "prikkels", "kevin")
    assert [op.kind for op in outcome.plan.ops] == [Kind.REMOVE_FROM_GROUP]
    assert (client.counter.reads, client.counter.writes) == (1, 1), client.counter.log
    assert world.read(kevin, PRIKKELS) == 404
    assert world.visible() == world.expected()
    access = [(e.event.action, e.event.document, e.event.member)
              for e in audit.events(world.ctx, "jansen") if e.event.action.startswith("access.")]
    assert access[-2:] == [("access.open", "prikkels", kevin),
                           ("access.close", "prikkels", kevin)]


def test_an_edit_grant_is_a_membership_of_both_groups(world: World) -> None:
    """The document has an edit group already (Oma Ria may change it): Kevin joins both."""
    world.apply()
    kevin = world.uid("kevin")
    grants.grant(world.ctx, "jansen", "energie", "kevin", by="petra", access="edit")
    outcome, client = apply_decision(world, "energie", "kevin")
    assert [op.kind for op in outcome.plan.ops] == [Kind.ADD_TO_GROUP, Kind.ADD_TO_GROUP]
    assert (client.counter.reads, client.counter.writes) == (1, 2), client.counter.log
    path = next(p for p, d in world.reach(kevin).items() if d.document == "energie")
    auth = world.auth(kevin)
    assert auth is not None
    changed = world.http.put(f"/remote.php/dav/files/{kevin}/{path}", content=b"# Kevin\n",
                             auth=auth)
    assert changed.status_code in (201, 204), changed.text


def test_a_members_first_document_goes_through_the_whole_family(world: World) -> None:
    world.apply()
    assert world.expected()["joost"] == set()
    grants.grant(world.ctx, "jansen", "energie", "joost", by="petra")
    outcome, _client = apply_decision(world, "energie", "joost")
    kinds = {op.kind for op in outcome.plan.ops}
    assert outcome.complete and {Kind.CREATE_USER, Kind.ADD_TO_GROUP} <= kinds
    assert world.read(world.uid("joost"), "minder-energie.md") == 200
    assert world.visible() == world.expected()


def test_a_members_last_document_goes_through_the_whole_family(world: World) -> None:
    """Joost needs an account only for this document: the stop also takes him out of the
    network's group (its forms), which only the whole family's plan knows about."""
    world.apply()
    grants.grant(world.ctx, "jansen", "energie", "joost", by="petra")
    assert apply_decision(world, "energie", "joost")[0].complete
    assert world.plan().empty
    grants.revoke(world.ctx, "jansen", "energie", "joost", by="petra")
    outcome, _client = apply_decision(world, "energie", "joost")
    network = names.circle_group(world.family().space, Circle.NETWORK)
    assert outcome.complete and any(op.target == network for op in outcome.plan.ops)
    assert world.plan().empty
    assert world.read(world.uid("joost"), "minder-energie.md") == 404
    assert world.visible() == world.expected()


def test_a_file_gone_from_nextcloud_is_put_back_by_the_whole_family_path(world: World) -> None:
    world.apply()
    root = names.root(world.family().space)
    path = f"/remote.php/dav/files/{world.service.uid}/{root}/Psycho-educatie/{PRIKKELS}"
    assert world.http.delete(path, auth=world.service.auth).status_code == 204
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, _client = apply_decision(world, "prikkels", "kevin")
    kinds = {op.kind for op in outcome.plan.ops}
    assert outcome.complete and {Kind.UPLOAD, Kind.CREATE_SHARE} <= kinds
    assert world.read(world.uid("kevin"), PRIKKELS) == 200
    assert world.visible() == world.expected()


def test_after_a_failed_run_a_decision_applies_the_whole_family(world: World) -> None:
    world.apply()
    root = names.root(world.family().space)
    world.http.delete(f"/remote.php/dav/files/{world.service.uid}/{root}/Afspraken",
                      auth=world.service.auth)
    with world.ctx.store.transaction() as tx:
        Remote(tx.families.conn, "jansen").journal("broken", 0, "MKDIR", "mkdir Afspraken",
                                                   "failed", world.ctx.now(), "500")
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome, client = apply_decision(world, "prikkels", "kevin")
    assert outcome.complete and Kind.MKDIR in {op.kind for op in outcome.plan.ops}
    assert client.counter.reads > 1
    assert world.read(world.uid("kevin"), PRIKKELS) == 200
    assert world.visible() == world.expected()


def test_a_decision_never_leaves_an_earlier_one_waiting(world: World) -> None:
    """A yes that Nextcloud could not take is pending work; the next decision's apply takes
    it along instead of applying only its own document."""
    assert world.apply().complete
    world.ctx.clock.moment += timedelta(minutes=1)  # type: ignore[attr-defined]
    grants.grant(world.ctx, "jansen", "energie", "joost", by="petra")
    nowhere = Nextcloud(replace(world.config(), url="http://127.0.0.1:9", retries=0))
    world.clients.append(nowhere)
    assert reconcile.apply_after(world.ctx, world.run(client=nowhere), "jansen",
                                 ("energie", "joost")).temporary
    grants.grant(world.ctx, "jansen", "geldzaken", "kevin", by="petra")
    outcome = reconcile.apply_after(world.ctx, world.run(), "jansen", ("geldzaken", "kevin"))
    assert outcome.complete
    assert world.visible() == world.expected()
