"""Random sequences of what happens to a family, with Nextcloud checked after every apply.

Grants, revokes, birthdays (the clock moves on), changes of authority, members leaving,
crashes in the middle of an apply, and applies. The invariant, after every apply: for every
member and document, "can read it over WebDAV" equals the consent rules' answer.
"""

from __future__ import annotations

import tempfile
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import httpx
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.conftest import EXAMPLE, NOW
from tests.devcloud.conftest import Cloud
from tests.e2e.conftest import World
from tests.e2e.test_faults import faulty_client
from zolicht import reconcile
from zolicht.clock import FixedClock
from zolicht.devcloud.server import running
from zolicht.domain.errors import InvalidInput
from zolicht.reconcile.desired import uid_of
from zolicht.services import Context, grants, transfer
from zolicht.services import family as families
from zolicht.store import Store

DOCUMENTS = ["school-concentratie", "te-veel", "prikkels", "slapen", "energie", "geldzaken"]
PEOPLE = ["petra", "mark", "sanne", "daan", "oma-ria", "kevin", "ans", "joost", "lotte"]
DECIDERS = ["petra", "sanne", "daan", "mark", "lotte"]  # mostly the people who may say yes
NETWORK = ["oma-ria", "kevin", "ans", "joost"]


class FamilyLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory(prefix="zolicht-stateful-")
        root = Path(self.tmp.name)
        self.server = running(root / "nextcloud")
        url, app = self.server.__enter__()
        self.clock = FixedClock(NOW)
        self.store = Store(f"sqlite:///{root / 'zolicht.sqlite3'}")
        ctx = Context(self.store, self.clock, "test:stateful")
        transfer.import_family(ctx, EXAMPLE.read_text(), EXAMPLE.parent)
        self.http = httpx.Client(base_url=url, timeout=30)
        self.world = World(Cloud(url, app, root / "nextcloud"), ctx, [], self.http)
        self.removed: set[str] = set()
        self.applied = False
        self.last: reconcile.Outcome | None = None

    def teardown(self) -> None:
        for client in self.world.clients:
            client.close()
        self.http.close()
        self.store.close()
        self.server.__exit__(None, None, None)
        self.tmp.cleanup()

    @rule(document=st.sampled_from(DOCUMENTS), member=st.sampled_from(PEOPLE),
          by=st.sampled_from(DECIDERS), edit=st.booleans())
    def grant(self, document: str, member: str, by: str, edit: bool) -> None:
        with suppress(InvalidInput):  # not everyone may consent; the rules are tested elsewhere
            grants.grant(self.world.ctx, "jansen", document, member, by,
                         "edit" if edit else "read")

    @rule(document=st.sampled_from(DOCUMENTS), member=st.sampled_from(PEOPLE),
          by=st.sampled_from(DECIDERS))
    def revoke(self, document: str, member: str, by: str) -> None:
        with suppress(InvalidInput):
            grants.revoke(self.world.ctx, "jansen", document, member, by)

    @rule(days=st.integers(min_value=30, max_value=900))
    def time_passes(self, days: int) -> None:
        self.clock.moment += timedelta(days=days)

    @rule()
    def authority_changes(self) -> None:
        mark = self.world.family().person("mark")
        assert mark is not None
        families.change_person(self.world.ctx, "jansen", "mark",
                               {"has_authority": not mark.has_authority})

    @rule(member=st.sampled_from(NETWORK))
    def member_leaves(self, member: str) -> None:
        family = self.world.family()
        person = family.person(member)
        if person is not None:
            self.removed.add(uid_of(family, person))
            families.remove_person(self.world.ctx, "jansen", member)

    @rule(after=st.integers(min_value=0, max_value=40), answer_lost=st.booleans())
    def crash(self, after: int, answer_lost: bool) -> None:
        self.world.apply(client=faulty_client(self.world, after, answer_lost))

    @rule()
    def apply(self) -> None:
        outcome = self.world.apply()
        assert outcome.failed is None, outcome.error
        self.last = outcome
        self.applied = True

    @precondition(lambda self: self.applied)
    @invariant()
    def nextcloud_matches_the_rules(self) -> None:
        assert self.world.visible() == self.world.expected()
        problems = self.last.plan.problems if self.last else ()
        family = self.world.family()
        unreachable = {k for k, docs in self.world.readers().items() if docs} - {
            p.key for p in family.people if p.email or p.nextcloud_user}
        assert {p.split(":")[0] for p in problems} == unreachable
        event(f"checked {len(self.world.visible())} members after an apply")
        for uid in self.removed:
            assert self.world.listing(uid) == set(), uid
        self.applied = False


FamilyLife.TestCase.settings = settings(
    max_examples=20, stateful_step_count=15, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestFamilyLife = FamilyLife.TestCase
