"""The eve, the day and the morrow of real effective dates, through every answer that takes a date.

- 08/2018/NĐ-CP takes effect on 15/01/2018 (the sample's 83/2014 xăng dầu conditions, line 38:
  khoản 3 Điều 8, khoản 1 and 4 Điều 9 cut; khoản 2 and 4 Điều 8 amended);
- 155/2018/NĐ-CP on 12/11/2018 (the sample's 54/2017 dược conditions, line 181: three cut,
  three amended — corpora/sample/README.md lists them);
- the 2025 merger of provinces on 01/07/2025 (Lâm Đồng, the old and the new unit; Vũng Tàu, an
  alias of Bà Rịa - Vũng Tàu then of Hồ Chí Minh).

The effective date belongs to the new state: on the eve the old one answers, on the day and after
the new one. (The real corpus's 155/2018 on 54/2017: tests/registry/test_decree_155.py.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.queries.business import rules_for
from registry.queries.conditions import condition_detail, conditions_as_of
from registry.queries.gaps import gap_detail
from registry.queries.scoreboard import scoreboard
from registry.queries.stats import stats
from registry.scan.gaps import list_gaps
from registry.scan.run import scan
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from registry.store.provinces import find_province

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"

JAN_14, JAN_15, JAN_16 = date(2018, 1, 14), date(2018, 1, 15), date(2018, 1, 16)
NOV_11, NOV_12, NOV_13 = date(2018, 11, 11), date(2018, 11, 12), date(2018, 11, 13)

LINE_38_CUT = {"dieu_8__khoan_3", "dieu_9__khoan_1", "dieu_9__khoan_4"}
LINE_38_AMENDED = {"dieu_8__khoan_2", "dieu_8__khoan_4"}
LINE_181_CUT = {"dieu_3__khoan_2", "dieu_4__khoan_3", "dieu_5__khoan_1__diem_a"}
LINE_181_AMENDED = {"dieu_3__khoan_1", "dieu_4__khoan_2", "dieu_5__khoan_2"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = open_registry(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'registry.db'}")
    ingest_paths(engine, [SAMPLE], max_bytes=10**8)
    yield engine
    engine.dispose()


def _by_status(rules: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for items in rules["conditions"].values():
        for it in items:
            out.setdefault(it["status"], set()).add(it["source"]["unit"])
    return out


@pytest.mark.parametrize(
    ("line", "eve", "days", "cut", "amended", "total"),
    [
        ("38", JAN_14, (JAN_15, JAN_16), LINE_38_CUT, LINE_38_AMENDED, 8),
        ("181", NOV_11, (NOV_12, NOV_13), LINE_181_CUT, LINE_181_AMENDED, 11),
    ],
)
def test_business_check_on_the_eve_the_day_and_after(
    sample: Engine,
    line: str,
    eve: date,
    days: tuple[date, ...],
    cut: set[str],
    amended: set[str],
    total: int,
) -> None:
    with sample.connect() as conn:
        before = rules_for(conn, line, as_of=eve)
        assert before["counts"] == {"in_force": total, "cut": 0, "unknown": 0}
        assert set(_by_status(before)) == {"in_force"}
        for day in days:
            after = rules_for(conn, line, as_of=day)
            assert after["counts"] == {
                "in_force": total - len(cut),
                "cut": len(cut),
                "unknown": 0,
            }, day
            st = _by_status(after)
            assert st["cut"] == cut and st["amended"] == amended, day
            for it in after["conditions"]["cut"]:
                assert it["status_since"] == days[0].isoformat()
                assert it["cut_by"]["effective"] == days[0].isoformat()


@pytest.mark.parametrize(
    ("document", "eve", "day", "cut", "amended", "cut_that_day"),
    [
        # 08/2018 also cuts khoản 2 and 4 Điều 26 of 67/2013: five in all
        ("83/2014/NĐ-CP", JAN_14, JAN_15, LINE_38_CUT, LINE_38_AMENDED, 5),
        # 155/2018 also cuts khoản 2, 3 Điều 7 and khoản 3 Điều 8 of 15/2018: six in all
        ("54/2017/NĐ-CP", NOV_11, NOV_12, LINE_181_CUT, LINE_181_AMENDED, 6),
    ],
)
def test_conditions_and_stats_on_the_eve_and_the_day(
    sample: Engine,
    document: str,
    eve: date,
    day: date,
    cut: set[str],
    amended: set[str],
    cut_that_day: int,
) -> None:
    with sample.connect() as conn:
        views = conditions_as_of(conn, eve, document=document)
        before = {c.unit_id: c.status for c in views}
        after = {c.unit_id: c.status for c in conditions_as_of(conn, day, document=document)}
        s_eve, s_day = stats(conn, eve)["conditions"], stats(conn, day)["conditions"]
        ids = [c.id for c in views if c.unit_id in cut]
        detail_eve = {i: condition_detail(conn, i, eve)["status"] for i in ids}
        detail_day = {i: condition_detail(conn, i, day)["status"] for i in ids}
    assert set(before.values()) == {"in_force"}
    assert {u for u, s in after.items() if s == "cut"} == cut
    assert {u for u, s in after.items() if s == "amended"} == amended
    assert s_day["cut"] - s_eve["cut"] == cut_that_day
    assert s_day["total"] == s_eve["total"]
    assert set(detail_eve.values()) == {"in_force"} and set(detail_day.values()) == {"cut"}


def test_scan_on_the_day_a_cut_takes_effect(tmp_path: Path) -> None:
    """08/2018 cuts on 15/01/2018: the eve has no gap, the day and the morrow the same eight."""
    engine = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    ingest_paths(engine, [SAMPLE], max_bytes=10**8)
    runs = {d: scan(engine, d, workers=1) for d in (JAN_14, JAN_15, JAN_16)}
    with engine.connect() as conn:
        _, listed = list_gaps(conn)
        cut = next(g for g in listed if g["kind"] == "cut")
        detail = gap_detail(conn, cut["id"])
    engine.dispose()
    # The gap's national side: the effect that cut it, and the condition's history once each.
    effect = detail["national"]["effect"]
    assert effect["by_document"] == "08/2018/NĐ-CP" and effect["effective"] == "2018-01-15"
    history = detail["national"]["condition"]["history"]
    assert [(h["status"], h["valid_from"]) for h in history] == [
        ("in_force", "2014-11-01"),
        ("cut", "2018-01-15"),
    ]
    assert history[1]["effect"]["id"] == effect["id"]
    kinds = {d: r.summary["gaps"]["by_kind"] for d, r in runs.items()}
    assert kinds[JAN_14] == {}
    assert kinds[JAN_15] == {"cut": 6, "basis": 2}
    assert kinds[JAN_16] == kinds[JAN_15]
    assert Counter(g.kind for g in runs[JAN_15].gaps) == kinds[JAN_15]
    for g in runs[JAN_15].gaps:
        assert g.effective == JAN_15 and g.effect_document == "08/2018/NĐ-CP", g


@pytest.mark.parametrize(
    ("name", "day", "code", "starts"),
    [
        ("Lâm Đồng", date(2025, 6, 30), "68", None),  # the old province, until the eve
        ("Lâm Đồng", date(2025, 7, 1), "68", date(2025, 7, 1)),  # the merged one from the day
        ("Lâm Đồng", date(2025, 7, 2), "68", date(2025, 7, 1)),
        ("Vũng Tàu", date(2025, 6, 30), "77", None),  # Bà Rịa - Vũng Tàu
        ("Vũng Tàu", date(2025, 7, 1), "79", date(2025, 7, 1)),  # Hồ Chí Minh
        ("Vũng Tàu", date(2025, 7, 2), "79", date(2025, 7, 1)),
    ],
)
def test_provinces_around_the_merger(
    sample: Engine, name: str, day: date, code: str, starts: date | None
) -> None:
    with sample.connect() as conn:
        p = find_province(conn, name, day)
    assert p is not None and p.code == code and p.valid_from == starts
    assert p.valid_to is None if starts else p.valid_to == date(2025, 7, 1)


def test_scoreboard_counts_what_dkkd_stats_counts(sample: Engine) -> None:
    """/v1/stats and `dkkd stats` read one count: on every snapshot of the chart the figures are
    those of `stats` on that date (a condition not yet enacted is absent, not "unknown")."""
    with sample.connect() as conn:
        board = scoreboard(conn, date(2026, 12, 1))
        for point in board["conditions_over_time"]:
            c = stats(conn, date.fromisoformat(point["date"]))["conditions"]
            want = {"in_force": c["in_force"], "cut": c["cut"], "unknown": c["unknown"]}
            assert {k: point[k] for k in want} == want, point["date"]
        assert board["conditions_over_time"][0]["unknown"] == 0
        assert (
            board["headline"]["conditions"] == stats(conn, date(2026, 12, 1))["conditions"]["total"]
        )
