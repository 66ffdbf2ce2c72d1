"""What the web keeps on the server between requests, in memory for now (a restart forgets
it; another issue moves it into the database): notices shown once after a change.

Each store is a small thread-safe class with its own clock (``now``, seconds, monotonic),
so tests can move time forward.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from zolicht.web.views import Notice

NOTICE_KEEP = 10 * 60.0
"""Seconds a notice waits to be shown; after that it no longer belongs to what was done."""


class Notices:
    """A message for one signed-in identity, shown once on one page after a change.

    Notices come from what the server did, never from the address, so a link cannot make a
    page say something happened, nor make it tell anything about a document.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self._notices: dict[tuple[str, str], tuple[float, Notice]] = {}
        self._lock = threading.Lock()

    def put(self, owner: str, page: str, notice: Notice) -> None:
        with self._lock:
            now = self.now()
            for key in [k for k, (at, _) in self._notices.items() if now - at > NOTICE_KEEP]:
                del self._notices[key]
            self._notices[(owner, page)] = (now, notice)

    def take(self, owner: str, page: str) -> Notice | None:
        with self._lock:
            found = self._notices.pop((owner, page), None)
        if found is None or self.now() - found[0] > NOTICE_KEEP:
            return None
        return found[1]
