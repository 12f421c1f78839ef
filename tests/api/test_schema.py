"""schemathesis over /openapi.json (ASGI, in process): no server error, responses match the schema.

Bounded: a few examples per operation, no shrinking, SQLite only (the same app code serves both
backends; the PostgreSQL read tests run in test_read.py)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.api.conftest import Api

schemathesis = pytest.importorskip("schemathesis")


def test_openapi_fuzz_has_no_server_error(api: Api) -> None:
    if api.backend != "sqlite":
        pytest.skip("schemathesis runs once, on SQLite")
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        op = result.ok()
        if op.method.upper() != "GET":
            continue  # write endpoints are covered by test_write.py with real tokens

        @settings(
            max_examples=15,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def run(case: object) -> None:
            response = case.call()  # type: ignore[attr-defined]
            assert response.status_code < 500, (
                f"{case} -> {response.status_code}: {response.text[:200]}"
            )
            case.validate_response(response)  # type: ignore[attr-defined]

        strategy = op.as_strategy()
        from hypothesis import given

        try:
            given(strategy)(run)()
        except AssertionError as e:
            failures.append(f"{op.method.upper()} {op.path}: {str(e)[:300]}")
        except BaseException as e:  # schemathesis reports failures as (base) exception groups
            if isinstance(e, KeyboardInterrupt):
                raise
            failures.append(f"{op.method.upper()} {op.path}: {type(e).__name__}: {str(e)[:300]}")
        checked += 1
    assert checked >= 14
    assert not failures, "\n".join(failures)
