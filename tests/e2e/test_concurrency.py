"""Two applies of one family at the same time take turns (the family's lock in the
database): nothing is made twice, and a yes given during a full apply waits for it and
is then applied."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.e2e.conftest import World
from zolicht import reconcile
from zolicht.domain import names
from zolicht.reconcile.ops import Op
from zolicht.services import grants


class Timeline:
    """When each run carried out each of its operations (from the executor's progress)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.moments: dict[str, list[float]] = {}

    def progress(self, run: str) -> Callable[[Op], None]:
        def note(_op: Op) -> None:
            with self.lock:
                self.moments.setdefault(run, []).append(time.monotonic())
        return note


def in_threads(*work: Callable[[], Any]) -> list[Any]:
    """Run each callable in a thread of its own, all released at once; their results."""
    results: list[Any] = [None] * len(work)
    start = threading.Barrier(len(work))

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = work[index]()
        except BaseException as problem:  # reported by the test, not lost in the thread
            results[index] = problem

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(isinstance(r, BaseException) for r in results), results
    return results


def assert_made_once(world: World) -> None:
    """Every share, form and question of the family exists once."""
    root = f"/{names.root(world.family().space)}"
    shares = Counter((s["path"], s["share_with"]) for s in world.shares()
                     if s["path"] == root or s["path"].startswith(root + "/"))
    assert shares and set(shares.values()) == {1}, shares
    forms = world.cloud.ocs("GET", "/apps/forms/api/v3/forms", world.service.auth,
                            params={"type": "owned"})
    definitions = len(list(world.forms_dir.glob("*.yaml")))
    assert sorted(Counter(f["title"] for f in forms).values()) == [1] * definitions, forms
    for form in forms:
        full = world.cloud.ocs("GET", f"/apps/forms/api/v3/forms/{form['id']}",
                               world.service.auth)
        questions = Counter(q["name"] for q in full["questions"])
        assert questions and set(questions.values()) == {1}, (form["title"], questions)
    groups = world.cloud.groups(names.group_prefix(world.family().space), world.service.auth)
    assert len(groups) == len(set(groups)) == 10  # three circles, six read, one edit


def test_two_applies_of_one_family_at_once_make_nothing_twice(world: World) -> None:
    timeline = Timeline()
    first, second = in_threads(
        *(lambda name=name: reconcile.apply_family(world.ctx, world.run(), "jansen",
                                                   timeline.progress(name))
          for name in ("a", "b")))
    assert first.complete and second.complete, (first.error, second.error)
    # one run did the work, then the other found nothing left to do
    assert sorted([first.done, second.done])[0] == 0 and max(first.done, second.done) > 30
    assert len(timeline.moments) == 1
    assert_made_once(world)
    assert world.visible() == world.expected()


def test_a_decision_during_a_full_apply_waits_and_is_then_applied(world: World) -> None:
    """A web-like yes (``apply_after`` of one decision) while ``apply --all`` works on the
    family: it waits for the lock, then applies; neither run's operations interleave."""
    timeline = Timeline()
    busy = threading.Event()
    done_at: dict[str, float] = {}

    def full_apply() -> reconcile.Outcome:
        note = timeline.progress("full")

        def progress(op: Op) -> None:
            note(op)
            busy.set()
        outcome = reconcile.apply_family(world.ctx, world.run(), "jansen", progress)
        done_at["full"] = time.monotonic()
        return outcome

    def decision() -> reconcile.Outcome:
        assert busy.wait(timeout=60)  # the full apply holds the lock now
        done_at["asked"] = time.monotonic()
        grants.grant(world.ctx, "jansen", "prikkels", "kevin", by="petra")
        run = world.run(per_family=True)
        outcome = reconcile.apply_after(world.ctx, run, "jansen", ("prikkels", "kevin"))
        done_at["decision"] = time.monotonic()
        return outcome

    full, yes = in_threads(full_apply, decision)
    assert full.complete and yes.complete, (full.error, yes.error)
    assert done_at["asked"] < done_at["full"] < done_at["decision"]
    assert world.read(world.uid("kevin"), "drukte-en-prikkels.md") == 200
    assert world.visible() == world.expected()
    assert world.plan().empty
    assert_made_once(world)
