"""Serving the development Nextcloud over HTTP with uvicorn."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from zolicht.devcloud.app import create_app


def serve(port: int, data_dir: Path, admin_user: str, admin_password: str,
          host: str = "127.0.0.1", version: str = "33.0.3") -> None:
    app = create_app(data_dir, admin_user, admin_password, version,
                     base_url=f"http://{host}:{port}")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
