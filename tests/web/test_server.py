"""How a web process serves: a few requests at once, so that each keeps its turn at the
interpreter and its database connection short (see ``zolicht.web.server``)."""

from __future__ import annotations

import httpx
from anyio import to_thread
from fastapi import FastAPI

from zolicht.web.server import REQUEST_THREADS, for_many_requests, running


def test_a_web_process_works_on_a_few_requests_at_once() -> None:
    app = FastAPI()

    @app.get("/threads")
    async def threads() -> float:
        return to_thread.current_default_thread_limiter().total_tokens

    for_many_requests(app)
    with running(app) as url:
        assert httpx.get(f"{url}/threads").json() == REQUEST_THREADS < 40
