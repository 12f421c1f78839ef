"""`dkkd serve`: the API and dashboard over the registry that DKKD_DATABASE_URL names (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from dkkd.commands import DatabaseUrl, check_range, registry


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (each opens the registry).")] = 1,
    database_url: DatabaseUrl = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve /v1 (OpenAPI at /openapi.json) and the dashboard at /."""
    import os

    import uvicorn

    check_range("--port", port, 1, 65535)
    check_range("--workers", workers, low=1)
    # Refuse a registry that does not exist (or cannot be reached) before listening.
    registry(database_url).dispose()
    if database_url:
        os.environ["DKKD_DATABASE_URL"] = database_url
        from registry.settings import get_settings

        get_settings.cache_clear()
    # The factory string lets several workers each build their own app and engine.
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
        # A worker imports the parsers (spaCy) before it answers: seconds on a busy machine,
        # longer than uvicorn's default wait, after which it kills the worker and starts another,
        # which is killed in turn (--workers 2 never came up under load).
        timeout_worker_healthcheck=120,
    )
