"""``zolicht serve`` and ``devcloud``: the web pages, and the development Nextcloud.

Both servers are imported inside their command, so other commands start without them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from zolicht import messages as M
from zolicht.cli.runtime import root, say


def serve_command(
    host: Annotated[Optional[str], typer.Option(
        help="Address to listen on (default: AppAPI's APP_HOST, else 127.0.0.1)")] = None,
    port: Annotated[Optional[int], typer.Option(
        help="Port (default: AppAPI's APP_PORT, else 8000)")] = None,
    workers: Annotated[int, typer.Option(
        min=1, help="Web processes on this address; they share everything through the "
                    "database (PostgreSQL for more than one)")] = 1,
) -> None:
    """Serve the web pages and the JSON API (standalone, or as a Nextcloud external app)."""
    from zolicht.web.app import create_app
    from zolicht.web.server import serve, serve_processes, settings_from_env
    from zolicht.web.site import Site

    chosen = port or int(os.environ.get("APP_PORT") or 8000)
    address = host or os.environ.get("APP_HOST") or "127.0.0.1"
    if workers > 1:
        say(M.SERVING.format(url=f"http://{address}:{chosen}"))
        serve_processes(address, chosen, workers)
        return
    site = Site(settings_from_env(root=root()), root().clock)
    say(M.SERVING.format(url=f"http://{address}:{chosen}"))
    try:
        serve(create_app(site), address, chosen)
    finally:
        site.close()


def devcloud_command(
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8080,
    data: Annotated[Path, typer.Option(help="Data directory (kept between runs)")] = Path(
        "devcloud-data"),
    admin_user: str = "admin",
    admin_password: str = "admin",
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    nextcloud_version: Annotated[str, typer.Option(help="Version to report")] = "33.0.3",
    allow_list: Annotated[Optional[list[str]], typer.Option(
        "--allow-list", help="Address range never throttled for failed logins (repeatable)")
    ] = None,
    allow_list_lifts_limits: Annotated[bool, typer.Option(
        "--allow-list-lifts-limits", help="The allow-list also lifts the rate limits")] = False,
    skeleton: Annotated[bool, typer.Option(
        "--skeleton/--no-skeleton", help="New accounts get Nextcloud's example files")] = True,
) -> None:
    """Run the development Nextcloud (accounts, files, sharing) for demos and tests."""
    from zolicht.devcloud.server import serve
    from zolicht.devcloud.settings import Settings

    settings = Settings(bruteforce_allowlist=tuple(allow_list or ()),
                        apply_allowlist_to_ratelimit=allow_list_lifts_limits, skeleton=skeleton)
    say(f"devcloud: http://{host}:{port}  admin: {admin_user} / {admin_password}  "
        f"data: {data}")
    serve(port, data, admin_user, admin_password, host, nextcloud_version, settings)
