"""Registry fixtures: a fresh, migrated database per test, on SQLite always and on PostgreSQL
when `DKKD_TEST_DATABASE_URL` is set.

PostgreSQL tests each get their own schema (search_path set through the connection options), so
xdist workers and parallel runs never see each other's rows; the schema is dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from registry.store.db import make_engine, open_registry
from registry.store.ingest import ingest_paths
from registry.store.ingest_files import IngestReport

BACKENDS = ["sqlite", "postgresql"]


def _pg_base() -> str | None:
    return os.environ.get("DKKD_TEST_DATABASE_URL") or None


def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database of `backend`; cleaned up when the generator closes."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.db'}"
        return
    base = _pg_base()
    if base is None:
        pytest.skip("PostgreSQL: set DKKD_TEST_DATABASE_URL to run these tests")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"t_{worker}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database (not migrated), one per backend."""
    gen = database_url(request.param, tmp_path)
    url = next(gen)
    yield url
    gen.close()


@pytest.fixture
def registry_db(registry_url: str) -> Iterator[Engine]:
    """A migrated registry (schema at head, provinces seeded), one per backend."""
    engine = open_registry(registry_url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_engine(registry_url: str) -> Iterator[Engine]:
    """An engine on an empty database (no schema), one per backend."""
    engine = make_engine(registry_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def real_registry(
    tmp_path_factory: pytest.TempPathFactory, real_dir: Path
) -> Iterator[tuple[Engine, IngestReport]]:
    """The whole real corpus ingested once per session (SQLite; ≈40 s)."""
    engine = open_registry(f"sqlite:///{tmp_path_factory.mktemp('real') / 'registry.db'}")
    report = ingest_paths(engine, [real_dir], max_bytes=20 * 1024 * 1024)
    yield engine, report
    engine.dispose()
