"""schemathesis over the write operations of /openapi.json, authorised, on a registry of their own.

The read operations are fuzzed in test_schema.py against the shared seeded registry; writes change
state (uploads, scans, reviews), so they get a fresh copy of the sample. With an admin token every
write operation is exercised: no server error, every response as the schema says.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings

from api.app import create_app
from registry.scan.run import scan
from registry.settings import Settings
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from registry.store.tokens import create_token

schemathesis = pytest.importorskip("schemathesis")

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def test_write_operations_have_no_server_error(tmp_path: Path) -> None:
    engine = open_registry(f"sqlite:///{tmp_path / 'writes.db'}")
    ingest_paths(engine, [SAMPLE])
    scan(engine, date(2025, 9, 18), workers=1)
    app_settings = Settings(
        database_url="sqlite://",
        token_secret="schema-secret",
        auth_failures_per_minute=10_000,
        max_upload_bytes=64 * 1024,
    )
    app = create_app(app_settings, engine)
    admin, _ = create_token(engine, "schema admin", "admin", secret=app_settings.token_secret)
    headers = {"Authorization": f"Bearer {admin}"}
    TestClient(app)  # starts nothing; the ASGI schema loader drives the app itself
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    checked = 0
    try:
        for result in schema.get_all_operations():
            op = result.ok()
            if op.method.upper() == "GET":
                continue

            @settings(
                max_examples=8,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                derandomize=True,
            )
            def run(case: object) -> None:
                response = case.call(headers=headers)  # type: ignore[attr-defined]
                assert response.status_code < 500, (
                    f"{case} -> {response.status_code}: {response.text[:200]}"
                )
                case.validate_response(response)  # type: ignore[attr-defined]

            try:
                given(op.as_strategy())(run)()
            except AssertionError as e:
                failures.append(f"{op.method.upper()} {op.path}: {str(e)[:300]}")
            except BaseException as e:  # schemathesis reports failures as (base) exception groups
                if isinstance(e, KeyboardInterrupt):
                    raise
                failures.append(
                    f"{op.method.upper()} {op.path}: {type(e).__name__}: {str(e)[:300]}"
                )
            checked += 1
    finally:
        engine.dispose()
    assert checked >= 3, "expected the upload, scan and review operations"
    assert not failures, "\n".join(failures)
