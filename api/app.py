"""The FastAPI application factory: settings, engine, routers, dashboard, static files.

``create_app()`` reads settings from the environment (DKKD_*); tests and benchmarks pass their
own engine. The engine's schema (tokens included) is brought to head on start. Public reads are
answered from memory while the registry is unchanged (``api.cache``).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
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
from registry.settings import Settings, get_settings
from registry.store.db import ensure_schema, make_engine

HERE = Path(__file__).resolve().parent
# Swagger UI and ReDoc as the fastapi-offline package ships them: /docs and /redoc load nothing
# from another host, so they work on a network without internet.
DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"

DESCRIPTION = """Compliance gaps between Vietnam's national business conditions and what the
provinces still apply. Read endpoints are public; write endpoints need a bearer token
(`dkkd token create`)."""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    if engine is None:
        engine = make_engine(settings.database_url)
    ensure_schema(engine)
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
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
    _offline_docs(app)
    # Repeated reads are answered from memory until the registry changes (api.cache);
    # DKKD_API_CACHE_MB=0 leaves it out.
    if settings.api_cache_mb > 0:
        app.add_middleware(
            ResponseCache,
            engine=engine,
            state=app.state,
            max_bytes=settings.api_cache_mb * 1024 * 1024,
        )
    return app


# Only this server: what the docs pages may load (their scripts inline a little code, ReDoc
# builds workers from blobs and draws with data: images).
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:"
)


def _offline_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from local files; no web font, no CDN."""
    app.mount("/api-docs", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title="dkkd — API",
            swagger_js_url="/api-docs/swagger-ui-bundle.js",
            swagger_css_url="/api-docs/swagger-ui.css",
            swagger_favicon_url="/static/logo.svg",
        )
        page.headers["Content-Security-Policy"] = _DOCS_CSP
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title="dkkd — API",
            redoc_js_url="/api-docs/redoc.standalone.js",
            redoc_favicon_url="/static/logo.svg",
            with_google_fonts=False,
        )
        # ReDoc's sidebar credit links an image on its CDN: hidden, and the policy below keeps
        # the browser from asking for it.
        body = (
            bytes(page.body)
            .decode("utf-8")
            .replace(
                "</head>",
                f'<meta http-equiv="Content-Security-Policy" content="{_DOCS_CSP}">'
                '<style>a[href*="redocly.com"]{display:none}</style></head>',
                1,
            )
        )
        return HTMLResponse(body)
