"""How a web process serves: a few requests at once, so that each keeps its turn at the
interpreter and its database connection short (see ``zolicht.web.server``)."""

from __future__ import annotations

import httpx
import pytest
from anyio import to_thread
from fastapi import FastAPI

from zolicht.web import server
from zolicht.web.server import REQUEST_THREADS, for_many_requests, running


def test_a_web_process_works_on_a_few_requests_at_once() -> None:
    app = _threads_app()
    for_many_requests(app)
    with running(app) as url:
        assert httpx.get(f"{url}/threads").json() == REQUEST_THREADS < 40


def test_several_web_processes_share_out_the_requests_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve --workers 4`` starts 4 processes through ``app_from_env``: each works on its
    share of the machine's requests at once, not on as many as one process alone."""
    monkeypatch.setenv(server.PROCESSES, "4")
    monkeypatch.setattr(server, "settings_from_env", lambda: None)
    monkeypatch.setattr("zolicht.web.site.Site", lambda settings: _NoSite())
    monkeypatch.setattr("zolicht.web.app.create_app", lambda site: _threads_app())
    with running(server.app_from_env()) as url:
        assert httpx.get(f"{url}/threads").json() == server.FEWEST_THREADS < REQUEST_THREADS
    assert [server.request_threads(n) for n in (1, 2, 4, 16)] == [8, 4, 3, 3]


class _NoSite:
    def close(self) -> None:
        pass


def _threads_app() -> FastAPI:
    """An app that says how many requests it works on at once."""
    app = FastAPI()

    @app.get("/threads")
    async def threads() -> float:
        return to_thread.current_default_thread_limiter().total_tokens

    return app

