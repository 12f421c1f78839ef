"""Ingesting a generated corpus, `stats` reports exactly the figures its ground truth states.

At sample scale here (seconds); `bench/national_stats.py` checks the national figures (6,191
conditions with 3,451 cut; 9,926 KTCN lines with 6,776 cut).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corpora.generator import generate
from registry.queries.stats import stats
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths


@pytest.mark.parametrize("seed", [3, 11])
def test_stats_equal_the_ground_truth(tmp_path: Path, seed: int) -> None:
    out = tmp_path / "corpus"
    generate(out, "sample", seed)
    truth = json.loads((out / "ground-truth" / "summary.json").read_text(encoding="utf-8"))
    engine = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    try:
        report = ingest_paths(engine, [out / "corpus"], max_bytes=10**8)
        assert report.counts()["quarantined"] == 0, report.to_dict()["quarantine"]
        with engine.connect() as conn:
            got = stats(conn, date.fromisoformat(truth["as_of"]))
    finally:
        engine.dispose()
    want_c, got_c = truth["conditions"], got["conditions"]
    assert (got_c["total"], got_c["cut"], got_c["amended"], got_c["unknown"]) == (
        want_c["total"],
        want_c["cut"],
        want_c["amended"],
        0,
    )
    want_k, got_k = truth["ktcn"], got["ktcn"]
    assert (got_k["total"], got_k["cut"], got_k["in_force"]) == (
        want_k["total"],
        want_k["cut"],
        want_k["in_force"],
    )
