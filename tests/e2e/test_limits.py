"""Nextcloud as installed: its share rate limit and its share mails.

Nextcloud allows one account 20 new shares per 10 minutes (HTTP 429 with an empty body),
and mails the sharee of a user share unless ``sendMail=false``, naming the file. zolicht's
service account meets the limit here as a customer's would (the harness reads as people
from an allow-listed address of its own).
"""

from __future__ import annotations

from tests.e2e.conftest import World
from tests.e2e.harness import wait_for_mail
from zolicht.reconcile.ops import Kind
from zolicht.services import grants


def test_no_mail_from_nextcloud_names_a_document(world: World) -> None:
    assert world.apply().complete
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    grants.revoke(world.ctx, "jansen", "school-concentratie", "oma-ria", by="sanne")
    assert world.apply().complete
    family = world.family()
    words = {d.file_name for d in family.documents} | {d.title for d in family.documents}
    sent = wait_for_mail(world.cloud.mailbox, lambda mails: any(
        m.kind == "welcome" for m in mails))
    assert any(m.kind == "welcome" for m in sent)  # the mailbox is read, and it is not empty
    assert not [m for m in sent if any(w in m.about for w in words)], sent


def test_a_yes_takes_effect_while_nextcloud_refuses_new_shares(world: World) -> None:
    assert world.apply().complete
    refused = 0
    for n in range(3):  # more families than one account's share allowance
        world.new_family(f"meer{n}")
        refused += len(world.apply(f"meer{n}").deferred)
    assert refused, "the share allowance was never spent"
    grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    outcome = world.apply()
    assert outcome.complete and [op.kind for op in outcome.plan.ops] == [Kind.ADD_TO_GROUP]
    assert world.read(world.uid("kevin"), "drukte-en-prikkels.md") == 200
    grants.revoke(world.ctx, "jansen", "prikkels", "kevin", by="petra")
    assert world.apply().complete
    assert world.read(world.uid("kevin"), "drukte-en-prikkels.md") == 404
