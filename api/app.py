"""The FastAPI application factory: settings, engine, routers, dashboard, static files.

``create_app()`` reads settings from the environment (DKKD_*); tests and benchmarks pass their
own engine. The engine's schema (tokens included) is brought to head on start. Public reads are
answered from memory while the registry is unchanged (``api.cache``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from api import errors
from api.cache import ResponseCache
from api.ratelimit import FailureLimiter
from api.routers import (
    business_lines,
    conditions,
    dashboard,
    documents,
    gaps,
    ktcn,
    provinces,
    scans,
    stats,
    uploads,
)
from dkkd.settings import Settings, get_settings
from registry.db import ensure_schema, make_engine

HERE = Path(__file__).resolve().parent

DESCRIPTION = """Compliance gaps between Vietnam's national business conditions and what the
provinces still apply. Read endpoints are public; write endpoints need a bearer token
(`dkkd token create`)."""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    if engine is None:
        engine = make_engine(settings.database_url)
    ensure_schema(engine)
    app = FastAPI(
        title="dkkd",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "gaps", "description": "Compliance gaps and their review"},
            {"name": "scans", "description": "Scan runs"},
            {"name": "conditions", "description": "National business conditions"},
            {"name": "documents", "description": "Legal documents"},
            {"name": "business lines", "description": "What applies to a business"},
            {"name": "ktcn", "description": "Specialised inspection by HS code"},
            {"name": "provinces", "description": "Provincial units"},
            {"name": "stats", "description": "Scoreboard"},
            {"name": "uploads", "description": "Ingest a file"},
        ],
    )
    errors.install(app)
    app.state.settings = settings
    app.state.engine = engine
    app.state.limiter = FailureLimiter(settings.auth_failures_per_minute, 60.0)
    for r in (gaps, scans, conditions, documents, business_lines, ktcn, provinces, stats, uploads):
        app.include_router(r.router)
    app.include_router(dashboard.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # Repeated reads are answered from memory until the registry changes (api.cache).
    app.add_middleware(ResponseCache, engine=engine, state=app.state)
    return app
