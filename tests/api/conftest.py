"""API fixtures: the bundled sample ingested for real and scanned once per backend (SQLite always,
PostgreSQL when DKKD_TEST_DATABASE_URL is set), an app over it, and tokens of each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from registry.scan.run import scan
from registry.settings import Settings
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from registry.store.tokens import create_token
from tests.registry.conftest import BACKENDS, database_url

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
SCAN_DAY = date(2025, 9, 18)


@dataclass
class Api:
    engine: Engine
    client: TestClient
    admin: str
    reviewer: str
    backend: str

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session", params=BACKENDS)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    gen = database_url(request.param, tmp_path_factory.mktemp(f"api-{request.param}"))
    url = next(gen)
    engine = open_registry(url)
    report = ingest_paths(engine, [SAMPLE])
    assert report.counts()["added"] >= 20, report.to_dict()["quarantine"]
    scan(engine, SCAN_DAY, workers=1)
    scan(engine, SCAN_DAY, workers=1)  # a second run: scan history, diff of two scans
    yield request.param, engine
    engine.dispose()
    gen.close()


def _settings(**kw: object) -> Settings:
    return Settings(database_url="sqlite://", token_secret="test-secret", **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def api(seeded: tuple[str, Engine]) -> Api:
    backend, engine = seeded
    settings = _settings(auth_failures_per_minute=1000, max_upload_bytes=64 * 1024)
    app = create_app(settings, engine)
    admin, _ = create_token(engine, "test admin", "admin", secret=settings.token_secret)
    reviewer, _ = create_token(
        engine, "test reviewer", "reviewer", secret=settings.token_secret, ttl=timedelta(days=1)
    )
    return Api(engine, TestClient(app), admin, reviewer, backend)


@pytest.fixture
def strict_api(seeded: tuple[str, Engine]) -> Api:
    """A fresh app with a low failed-auth limit (its limiter starts empty)."""
    backend, engine = seeded
    settings = _settings(auth_failures_per_minute=3)
    app = create_app(settings, engine)
    admin, _ = create_token(engine, "strict admin", "admin", secret=settings.token_secret)
    reviewer, _ = create_token(engine, "strict reviewer", "reviewer", secret=settings.token_secret)
    return Api(engine, TestClient(app), admin, reviewer, backend)
