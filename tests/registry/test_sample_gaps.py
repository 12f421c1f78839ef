"""The bundled sample: a scan at the date `expected-gaps.json` holds for finds exactly its gaps.

Compared on the identifying fields (corpora.scoring.IDENTITY); on failure the message lists
every missing and every extra gap, one readable line each.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from corpora.scoring import compare, explain_misses, identity
from registry.scan.gaps import list_gaps
from registry.scan.run import scan
from registry.store.ingest import ingest_paths
from tests.registry.conftest import BACKENDS, database_url

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
EXPECTED = json.loads((SAMPLE / "expected-gaps.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=BACKENDS)
def scanned(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    from registry.store.db import open_registry

    gen = database_url(request.param, tmp_path_factory.mktemp("sample"))
    engine = open_registry(next(gen))
    ingest_paths(engine, [SAMPLE], max_bytes=10**8)
    scan(engine, date.fromisoformat(EXPECTED["valid_as_of"]), workers=1)
    yield engine
    engine.dispose()
    gen.close()


def test_sample_gaps_equal_expected(scanned: Engine) -> None:
    with scanned.connect() as conn:
        _, gaps = list_gaps(conn)
    result = compare(gaps, EXPECTED["gaps"])
    if not result.equal:
        why = explain_misses(scanned, date.fromisoformat(EXPECTED["valid_as_of"]), result.missing)
        message = (
            "scan of corpora/sample differs from expected-gaps.json:\n"
            + result.describe()
            + "\nwhy each is missing:\n  "
            + "\n  ".join(why)
        )
        pytest.fail(message)
    assert len(gaps) == EXPECTED["counts"]["total"]


def test_sample_gap_details(scanned: Engine) -> None:
    """Beyond identity: province as written, requirement texts, days overdue, evidence."""
    with scanned.connect() as conn:
        scan_row, gaps = list_gaps(conn)
    assert scan_row is not None
    as_of = date.fromisoformat(scan_row["as_of"])
    by_id = {identity(g): g for g in gaps}
    for want in EXPECTED["gaps"]:
        got = by_id.get(identity(want))
        if got is None:
            continue  # reported by test_sample_gaps_equal_expected
        assert got["province"] == want["province"]
        if want["requirement_text"]:
            assert got["requirement_text"] == want["requirement_text"]
            assert got["condition_id"] == want["condition_id"]
            assert got["evidence"]["provincial"]["spans"], want["id"]
        assert got["days_overdue"] == (as_of - date.fromisoformat(want["effective"])).days
