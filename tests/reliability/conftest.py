"""Reliability fixtures: one empty registry URL per backend.

SQLite always; PostgreSQL when `DKKD_TEST_DATABASE_URL` is set (as in tests/registry), as a fresh
database per test so crash clones (``CREATE DATABASE … TEMPLATE``) and concurrent connections
never see another test's rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.crash import Backend, PostgresBackend, SqliteBackend

BACKENDS = ["sqlite", "postgresql"]


def pg_base() -> str | None:
    return os.environ.get("DKKD_TEST_DATABASE_URL") or None


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    b: Backend
    if request.param == "sqlite":
        b = SqliteBackend(tmp_path)
    else:
        base = pg_base()
        if base is None:
            pytest.skip("PostgreSQL: set DKKD_TEST_DATABASE_URL to run these tests")
        b = PostgresBackend(base)
    yield b
    b.close()
