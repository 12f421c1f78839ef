"""The real corpus end to end: every file registered or quarantined, a second run adds nothing,
and the stats have their promised shape (Decree 155/2018's cuts: test_decree_155.py).

SQLite only: the same code paths run on PostgreSQL in the other registry tests, and one real
ingest (≈40 000 rows) is enough for the suite's time budget.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from registry.queries.stats import row_counts, stats
from registry.store import models as m
from registry.store.ingest import ingest_paths
from registry.store.ingest_files import IngestReport

pytestmark = [pytest.mark.real, pytest.mark.slow]


def test_every_file_is_registered_or_quarantined(
    real_registry: tuple[Engine, IngestReport], real_dir: Path
) -> None:
    engine, report = real_registry
    files = sorted(str(p) for p in real_dir.rglob("*") if p.is_file())
    assert sorted(f.path for f in report.files) == files
    with engine.connect() as conn:
        stored = set(conn.execute(select(m.table_of(m.SourceFile).c.path)).scalars())
        quarantined = {r.path: r.reason for r in conn.execute(select(m.table_of(m.Quarantine)))}
    for f in files:
        assert (f in stored) != (f in quarantined), f
        if f in quarantined:
            assert Path(f).name in quarantined[f] and len(quarantined[f]) > len(f) + 10
    # The sources that matter are read, not quarantined.
    for name in (
        "phapdien-duoc.md",
        "nd-55-2023-ND-CP-sua-doi-nd-75-2021.md",
        "luat-dau-tu-2020-phu-luc-IV-nganh-nghe-kinh-doanh-co-dieu-kien.csv",
        "ktcn-hs-codes-by-chapter.jsonl",
        "qd-378-2022-QD-UBND-HaGiang-cong-bo-TTHC-luu-thong-hang-hoa-xang-dau.md",
    ):
        assert str(real_dir / name) in stored


def test_second_run_adds_nothing(
    real_registry: tuple[Engine, IngestReport], real_dir: Path
) -> None:
    engine, _ = real_registry
    with engine.connect() as conn:
        before = row_counts(conn)
    again = ingest_paths(engine, [real_dir], max_bytes=20 * 1024 * 1024)
    with engine.connect() as conn:
        after = row_counts(conn)
    assert again.counts()["added"] == again.counts()["new_version"] == 0
    assert after == before


def test_stats_have_the_promised_shape(real_registry: tuple[Engine, IngestReport]) -> None:
    engine, _ = real_registry
    with engine.connect() as conn:
        s = stats(conn, date(2026, 1, 1))
    c = s["conditions"]
    assert c["total"] == c["in_force"] + c["cut"] + c["unknown"] > 400
    assert c["by_ministry"]["BYT"]["cut"] >= 20
    assert sum(v["total"] for v in c["by_ministry"].values()) == c["total"]
    assert s["ktcn"]["total"] > 10000
    assert s["ktcn"]["in_force"] + s["ktcn"]["cut"] <= s["ktcn"]["total"]
