"""The scan over the bundled sample: runs, incremental re-scans, crashes, review state, partitions.

One registry per backend is built from `corpora/sample/` for the module (ingest is the slow part);
each test starts from no scans at all (:func:`corpora.scoring.reset_scans`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from corpora.scoring import identity, reset_scans
from registry.scan.gaps import list_gaps, set_review_state
from registry.scan.merge import merge_run, missing_partitions
from registry.scan.partitions import partition_keys
from registry.scan.run import scan, scan_gaps_now
from registry.store import models as m
from registry.store.ingest import ingest_paths
from tests.registry.conftest import BACKENDS, database_url

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
AS_OF = date.fromisoformat(json.loads((SAMPLE / "expected-gaps.json").read_text())["valid_as_of"])
BEFORE_CUTS = date(2017, 12, 31)  # before 08/2018/NĐ-CP and 155/2018/NĐ-CP took effect


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    from registry.store.db import open_registry

    gen = database_url(request.param, tmp_path_factory.mktemp("scan"))
    url = next(gen)
    engine = open_registry(url)
    report = ingest_paths(engine, [SAMPLE], max_bytes=10**8)
    assert report.counts()["added"] >= 20
    yield engine
    engine.dispose()
    gen.close()


@pytest.fixture
def db(sample_db: Engine) -> Engine:
    reset_scans(sample_db)
    return sample_db


def _open_keys(engine: Engine) -> set[str]:
    return {g["key"] for g in list_gaps_now(engine)}


def list_gaps_now(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        _, gaps = list_gaps(conn)
    return gaps


def test_first_scan_stores_a_complete_run_with_counts(db: Engine) -> None:
    r = scan(db, AS_OF, workers=1)
    s = r.summary
    assert r.status == "complete" and s["as_of"] == AS_OF.isoformat()
    assert s["gaps"]["total"] == len(list_gaps_now(db)) > 0
    assert sum(s["gaps"]["by_kind"].values()) == s["gaps"]["total"]
    assert sum(s["gaps"]["by_province"].values()) == s["gaps"]["total"]
    assert s["new"] == s["gaps"]["total"] and s["resolved"] == 0
    assert set(s["gaps"]["by_kind"]) <= {"cut", "amended", "basis", "procedure"}
    # Đà Nẵng restates only in-force conditions and Quảng Ngãi's and Lâm Đồng's texts are current.
    assert not {"48", "51"} & set(s["gaps"]["by_province"])


def test_rescan_with_nothing_changed_rematches_nothing(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = scan(db, AS_OF, workers=1)

    def boom(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("re-matched although nothing changed")

    monkeypatch.setattr("registry.scan.run.diff", boom)
    again = scan(db, AS_OF, workers=1)
    assert again.summary["requirements_matched"] == 0
    assert again.summary["rematched_partitions"] == 0
    assert again.summary["reused_partitions"] == first.summary["rematched_partitions"]
    assert again.summary["new"] == again.summary["resolved"] == 0
    assert again.summary["still_open"] == first.summary["gaps"]["total"]
    assert again.summary["gaps"] == first.summary["gaps"]
    rows = list_gaps_now(db)
    assert rows and all(g["last_seen_scan_id"] == again.scan_id for g in rows)
    assert all(g["first_seen_scan_id"] == first.scan_id for g in rows)


def test_changed_date_rematches_and_reports_new_and_resolved(db: Engine) -> None:
    early = scan(db, BEFORE_CUTS, workers=1)
    early_keys = _open_keys(db)
    late = scan(db, AS_OF, workers=1)
    assert late.summary["rematched_partitions"] > 0
    late_keys = _open_keys(db)
    assert late.summary["new"] == len(late_keys - early_keys) > 0
    assert late.summary["resolved"] == len(early_keys - late_keys)
    # An earlier date again is a look back: it answers for its date, the open gaps stay.
    back = scan(db, BEFORE_CUTS, workers=1)
    assert back.summary["lookback"] and back.summary["latest_scan_id"] == late.scan_id
    assert _open_keys(db) == late_keys
    assert back.summary["gaps"]["total"] == len(early_keys)
    assert back.summary["resolved"] == len(late_keys - early_keys)
    assert back.summary["new"] == len(early_keys - late_keys)
    assert early.summary["gaps"]["total"] < late.summary["gaps"]["total"]


def test_review_state_survives_rescans(db: Engine) -> None:
    scan(db, AS_OF, workers=1)
    gap = list_gaps_now(db)[0]
    set_review_state(db, gap["id"], "confirmed", actor="tester", note="checked the decision")
    set_review_state(db, gap["key"], "notified", actor="tester")
    scan(db, AS_OF, workers=1, force=True)  # re-matches everything
    scan(db, BEFORE_CUTS, workers=1)  # the gap may resolve …
    scan(db, AS_OF, workers=1)  # … and come back
    with db.connect() as conn:
        row = conn.execute(
            select(m.table_of(m.Gap)).where(m.table_of(m.Gap).c.id == gap["id"])
        ).one()
        events = conn.execute(select(m.table_of(m.ReviewEvent))).all()
    assert row.review_state == "notified"
    assert row.resolved_scan_id is None
    assert [(e.from_state, e.to_state) for e in events] == [
        ("open", "confirmed"),
        ("confirmed", "notified"),
    ]


def test_killed_scan_leaves_previous_run_intact(db: Engine) -> None:
    first = scan(db, BEFORE_CUTS, workers=1)
    before = {g["key"]: (g["last_seen_scan_id"], g["score"]) for g in list_gaps_now(db)}

    def crash() -> None:
        raise KeyboardInterrupt("killed mid-write")

    with pytest.raises(KeyboardInterrupt):
        scan(db, AS_OF, workers=1, after_write=crash)
    with db.connect() as conn:
        scan_row, _ = list_gaps(conn)
        runs = conn.execute(
            select(m.table_of(m.ScanRun)).order_by(m.table_of(m.ScanRun).c.id)
        ).all()
    assert scan_row is not None and scan_row["scan_id"] == first.scan_id
    assert {g["key"]: (g["last_seen_scan_id"], g["score"]) for g in list_gaps_now(db)} == before
    assert [r.status for r in runs] == ["complete", "failed"]
    after = scan(db, AS_OF, workers=1)  # the next run completes, diffed against the first
    assert after.summary["previous_scan_id"] == first.scan_id
    assert after.summary["new"] > 0


def _findings(engine: Engine) -> dict[str, dict[str, Any]]:
    return {g.key: g.to_payload() for g in scan_gaps_now(engine)}


def test_partitions_merged_equal_a_full_run(db: Engine) -> None:
    with db.connect() as conn:
        parts = sorted(partition_keys(conn))
    assert len(parts) >= 5
    results = [scan(db, AS_OF, provinces=[p], run="nightly", workers=1) for p in parts]
    assert [r.status for r in results[:-1]] == ["partial"] * (len(parts) - 1)
    assert results[-1].status == "complete"  # the job completing the set merged the run
    assert merge_run(db, "nightly") is None  # and nobody merges it twice
    distributed = _findings(db)
    merged_summary = results[-1].summary
    reset_scans(db)
    full = scan(db, AS_OF, workers=2)
    assert _findings(db) == distributed
    assert merged_summary["gaps"] == full.summary["gaps"]


def test_partial_run_waits_for_missing_partitions(db: Engine) -> None:
    r = scan(db, AS_OF, provinces=["Nghệ An"], run="r1", workers=1)
    assert r.status == "partial"
    missing = missing_partitions(db, "r1")
    assert "40" not in missing and "68" in missing
    with db.connect() as conn:
        assert list_gaps(conn)[0] is None  # readers see no partial run
    forced = merge_run(db, "r1", require_complete=False)
    assert forced is not None and forced.summary["gaps"]["by_province"] == {"40": len(forced.gaps)}


def test_province_scoped_scan_leaves_other_provinces(db: Engine) -> None:
    scan(db, BEFORE_CUTS, workers=1)
    before = {g["key"] for g in list_gaps_now(db) if g["province_code"] != "60"}
    r = scan(db, AS_OF, provinces=["Bình Thuận"], workers=1)
    assert r.summary["scope"] == ["68"]
    after = list_gaps_now(db)
    assert {g["key"] for g in after if g["successor_code"] != "68"} == before
    assert any(g["province_code"] == "60" and g["last_seen_scan_id"] == r.scan_id for g in after)


def test_cli_scan_and_gaps_json(db: Engine, tmp_path: Path) -> None:
    from dkkd.cli import app

    url = db.url.render_as_string(hide_password=False)
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "scan",
            "--as-of",
            AS_OF.isoformat(),
            "--json",
            "--out",
            str(tmp_path),
            "--database-url",
            url,
        ],
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    for k in ("scan_id", "as_of", "gaps", "new", "resolved", "seconds"):
        assert k in summary
    for k in ("total", "by_kind", "by_province"):
        assert k in summary["gaps"]
    html = Path(summary["reports"]["html"]).read_text(encoding="utf-8")
    assert (
        "<mark>" in html
        and "http://" not in html
        and "https://" not in html
        and "<script" not in html
    )
    assert (
        len(Path(summary["reports"]["csv"]).read_text(encoding="utf-8").splitlines())
        == summary["gaps"]["total"] + 1
    )
    res = runner.invoke(
        app, ["gaps", "--kind", "cut", "--province", "Bình Thuận", "--json", "--database-url", url]
    )
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    assert listed["gaps"] and all(
        g["kind"] == "cut" and g["province_code"] == "60" for g in listed["gaps"]
    )
    for g in listed["gaps"]:
        for k in (
            "kind",
            "province",
            "province_code",
            "successor_code",
            "document",
            "unit",
            "provincial_document",
            "score",
            "evidence",
        ):
            assert k in g
        assert g["province"] == "Bình Thuận" and g["successor_code"] == "68"
        assert g["evidence"]["provincial"]["spans"] and g["evidence"]["national"]["spans"]
    # nothing new on a second run: --fail-on-new passes; new gaps make it fail
    res = runner.invoke(
        app, ["scan", "--as-of", AS_OF.isoformat(), "--fail-on-new", "--database-url", url]
    )
    assert res.exit_code == 0, res.output
    # A look back in between is not the latest run: the nightly job sees nothing new (it used
    # to see every gap the look back had resolved as new).
    res = runner.invoke(app, ["scan", "--as-of", BEFORE_CUTS.isoformat(), "--database-url", url])
    assert res.exit_code == 0 and "Rà soát lùi" in res.output
    res = runner.invoke(
        app, ["scan", "--as-of", AS_OF.isoformat(), "--fail-on-new", "--database-url", url]
    )
    assert res.exit_code == 0, res.output
    # Gaps a stricter run resolved come back as new.
    strict = ["scan", "--as-of", AS_OF.isoformat(), "--threshold", "100", "--database-url", url]
    assert runner.invoke(app, strict).exit_code == 0
    res = runner.invoke(
        app, ["scan", "--as-of", AS_OF.isoformat(), "--fail-on-new", "--database-url", url]
    )
    assert res.exit_code == 1


def test_gap_identity_is_stable_across_scans(db: Engine) -> None:
    scan(db, AS_OF, workers=1)
    first = {identity(g): g["key"] for g in list_gaps_now(db)}
    scan(db, AS_OF, workers=1, force=True)
    assert {identity(g): g["key"] for g in list_gaps_now(db)} == first


def test_merge_race_has_one_winner(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import registry.scan.merge as scan_module

    real_merge, real_partials = scan_module.merge_run, scan_module._partials
    monkeypatch.setattr(scan_module, "merge_run", lambda *a, **k: None)  # jobs only store parts
    with db.connect() as conn:
        parts = sorted(partition_keys(conn))
    for p in parts:
        assert scan(db, AS_OF, provinces=[p], run="race", workers=1).status == "partial"
    with db.connect() as conn:
        seen_by_loser = real_partials(conn, "race")  # what a slower job read before the winner
    assert real_merge(db, "race") is not None
    monkeypatch.setattr(scan_module, "_partials", lambda conn, label: seen_by_loser)
    assert real_merge(db, "race") is None  # its claim finds the parts already merged
    with db.connect() as conn:
        runs = conn.execute(select(m.table_of(m.ScanRun).c.status)).scalars().all()
    assert runs.count("complete") == 1


def test_new_provincial_decision_rematches_only_its_partition(tmp_path: Path) -> None:
    """Hà Giang publishes a corrected decision: only its partition (08 today) is re-matched,
    its old version no longer counts, and the cut gap it carried is resolved."""
    from registry.store.db import open_registry

    engine = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    ingest_paths(engine, [SAMPLE], max_bytes=10**8)
    first = scan(engine, AS_OF, workers=1)
    hg = [g for g in list_gaps_now(engine) if g["province_code"] == "02"]
    assert [g["kind"] for g in hg] == ["cut"]
    old = (
        SAMPLE / "provincial" / "qd-1108-2019-QD-UBND-HaGiang-cong-bo-tthc-xang-dau.md"
    ).read_text(encoding="utf-8")
    new = (
        old.replace("1108/QĐ-UBND", "1420/QĐ-UBND")
        .replace("ngày 12 tháng 6 năm 2019", "ngày 03 tháng 8 năm 2020")
        .replace("ngày 12/6/2019", "ngày 03/8/2020")
    )
    new = "\n".join(ln for ln in new.split("\n") if "trung cap" not in ln)
    (tmp_path / "qd-1420-2020-QD-UBND-HaGiang.md").write_text(new, encoding="utf-8")
    assert (
        ingest_paths(engine, [tmp_path / "qd-1420-2020-QD-UBND-HaGiang.md"]).counts()["added"] == 1
    )
    again = scan(engine, AS_OF, workers=1)
    assert again.summary["rematched_partitions"] == 1
    assert again.summary["reused_partitions"] == first.summary["rematched_partitions"] - 1
    assert again.summary["resolved"] == 1 and again.summary["new"] == 0
    assert not [g for g in list_gaps_now(engine) if g["province_code"] == "02"]
    engine.dispose()


def _diff(engine: Engine, a: int, b: int) -> dict[str, Any]:
    from registry.queries.scans import diff_scans

    with engine.connect() as conn:
        return diff_scans(conn, a, b)


def _history(engine: Engine, key: str) -> list[tuple[int, str, bool]]:
    from registry.queries.gaps import gap_detail

    t = m.table_of(m.Gap)
    with engine.connect() as conn:
        gid = conn.execute(select(t.c.id).where(t.c.key == key)).scalar_one()
        return [(s["scan_id"], s["event"], s["present"]) for s in gap_detail(conn, gid)["scans"]]


def test_look_back_is_not_the_latest_and_flips_nothing(db: Engine) -> None:
    from registry.queries.scoreboard import scoreboard
    from registry.scan.gaps import latest_scan

    first = scan(db, AS_OF, workers=1)
    keys = _open_keys(db)
    back = scan(db, BEFORE_CUTS, workers=1)
    with db.connect() as conn:
        assert latest_scan(conn)["scan_id"] == first.scan_id  # type: ignore[index]
        assert scoreboard(conn)["headline"]["last_scan"]["id"] == first.scan_id
    assert _open_keys(db) == keys
    # What `dkkd scan` printed for the look back is what the scan diff answers.
    d = _diff(db, first.scan_id, back.scan_id)
    assert (len(d["appeared"]), len(d["gone"])) == (back.summary["new"], back.summary["resolved"])
    assert back.summary["resolved"] > 0
    # The nightly run after it compares with the nightly run before it: nothing flips.
    night = scan(db, AS_OF, workers=1)
    assert night.summary["previous_scan_id"] == first.scan_id
    assert night.summary["rematched_partitions"] == 0
    assert night.summary["new"] == night.summary["resolved"] == 0
    assert _open_keys(db) == keys
    gone = d["gone"][0]["key"]
    assert _history(db, gone) == [
        (first.scan_id, "first_seen", True),
        (back.scan_id, "lookback", False),
        (night.scan_id, "seen", True),
    ]


def test_a_gap_that_goes_and_comes_back_has_one_story(db: Engine) -> None:
    from dataclasses import replace

    from registry.matching.model import MatchParams
    from registry.queries.scans import scan_detail

    first = scan(db, AS_OF, workers=1)
    strict = scan(db, AS_OF, workers=1, params=replace(MatchParams(), threshold=100.0))
    assert strict.summary["resolved"] > 0
    again = scan(db, AS_OF, workers=1)
    assert again.summary["new"] == strict.summary["resolved"]
    # The scan diff between consecutive runs says what each run printed.
    for a, b in ((first, strict), (strict, again)):
        d = _diff(db, a.scan_id, b.scan_id)
        assert (len(d["appeared"]), len(d["gone"])) == (b.summary["new"], b.summary["resolved"])
        with db.connect() as conn:
            counts = scan_detail(conn, b.scan_id)["counts"]
        assert counts["gaps"] == b.summary["gaps"]["total"]
        assert (counts["new"], counts["resolved"]) == (b.summary["new"], b.summary["resolved"])
    back = _diff(db, first.scan_id, strict.scan_id)["gone"][0]["key"]
    assert _history(db, back) == [
        (first.scan_id, "first_seen", True),
        (strict.scan_id, "resolved", False),
        (again.scan_id, "reopened", True),
    ]


def test_distributed_look_back_changes_no_gap(db: Engine) -> None:
    from registry.scan.gaps import latest_scan

    first = scan(db, AS_OF, workers=1)
    keys = _open_keys(db)
    with db.connect() as conn:
        parts = sorted(partition_keys(conn))
    results = [scan(db, BEFORE_CUTS, provinces=[p], run="past", workers=1) for p in parts]
    merged = results[-1]
    assert merged.status == "complete" and merged.summary["lookback"]
    assert _open_keys(db) == keys
    with db.connect() as conn:
        assert latest_scan(conn)["scan_id"] == first.scan_id  # type: ignore[index]
    d = _diff(db, first.scan_id, merged.scan_id)
    assert (len(d["appeared"]), len(d["gone"])) == (
        merged.summary["new"],
        merged.summary["resolved"],
    )
    assert merged.summary["resolved"] > 0
    night = scan(db, AS_OF, workers=1)
    assert night.summary["new"] == night.summary["resolved"] == 0


def test_runs_written_before_events_were_recorded_are_the_base(db: Engine) -> None:
    """A registry scanned before runs recorded their events: those runs' gaps are read from the
    gap rows, the runs after them replay their events on top."""
    from dataclasses import replace

    from sqlalchemy import update

    from registry.matching.model import MatchParams

    first = scan(db, AS_OF, workers=1)
    t = m.table_of(m.ScanRun)
    with db.begin() as conn:
        stats = dict(conn.execute(select(t.c.stats).where(t.c.id == first.scan_id)).scalar_one())
        stats.pop("events")
        conn.execute(update(t).where(t.c.id == first.scan_id).values(stats=stats))
    strict = scan(db, AS_OF, workers=1, params=replace(MatchParams(), threshold=100.0))
    again = scan(db, AS_OF, workers=1)
    for a, b in ((first, strict), (strict, again)):
        d = _diff(db, a.scan_id, b.scan_id)
        assert (len(d["appeared"]), len(d["gone"])) == (b.summary["new"], b.summary["resolved"])
    back = _diff(db, first.scan_id, strict.scan_id)["gone"][0]["key"]
    assert [e for _s, e, _p in _history(db, back)] == ["first_seen", "resolved", "reopened"]
