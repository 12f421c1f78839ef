"""`dkkd scan`: the nightly compliance scan over the registry (see :mod:`registry.scan.run`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from dkkd.commands import DatabaseUrl, check_range, fail, read_as_of, read_province, registry
from dkkd.tables import count_table
from registry.labels import vn_date

_STAGES = {
    "load": "đọc sổ đăng ký",
    "match": "đối chiếu yêu cầu",
    "write": "ghi khoảng trống",
}


def scan(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Scan date, YYYY-MM-DD or dd/mm/yyyy (default: today)."),
    ] = None,
    province: Annotated[
        list[str] | None,
        typer.Option("--province", "-p", help="Only these provinces (code or name; repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    fail_on_new: Annotated[
        bool, typer.Option("--fail-on-new", help="Exit 1 when the run found new gaps.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write scan-<id>.json/.csv/.html reports here.")
    ] = None,
    run: Annotated[
        str | None,
        typer.Option("--run", help="Label of a distributed run this job is part of."),
    ] = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="With --run: merge the run's parts now.")
    ] = False,
    workers: Annotated[int | None, typer.Option("--workers", help="Processes (default 2).")] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Match score threshold (0-100).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-match every partition, changed or not.")
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Diff provincial procedures against national conditions and store a scan run."""
    from dataclasses import replace

    from registry.matching.model import MatchParams
    from registry.queries.gaps import GapFilter
    from registry.queries.gaps import list_gaps as gap_table
    from registry.scan.gaps import list_gaps, lookback_gap
    from registry.scan.merge import merge_run, missing_partitions
    from registry.scan.records import ScanError, ScanResult
    from registry.scan.reports import write_reports
    from registry.scan.run import scan as run_scan

    err = Console(stderr=True)
    day = read_as_of(as_of)
    check_range("--threshold", threshold, 0, 100)
    check_range("--workers", workers, low=1)
    for p in province or ():
        read_province(p)  # refused here with the closest names, before any work
    params = MatchParams() if threshold is None else replace(MatchParams(), threshold=threshold)
    engine = registry(database_url)
    result: ScanResult | None
    try:
        if merge:
            if not run:
                fail("--merge cần --run NHÃN (lần rà soát cần gộp).")
            result = merge_run(engine, run, require_complete=False)
            if result is None:
                fail(f"không có gì để gộp cho lần rà soát “{run}”.", 1)
        else:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                disable=not err.is_terminal,
            ) as bar:
                tasks: dict[str, TaskID] = {}

                def progress(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=max(total, 1))
                    bar.update(tasks[stage], completed=done, total=max(total, 1))

                result = run_scan(
                    engine,
                    day,
                    provinces=province or None,
                    run=run,
                    params=params,
                    workers=workers,
                    force=force,
                    progress=progress,
                )
    except ScanError as e:
        fail(str(e))
    summary = result.summary
    if result.status == "complete" and out is not None:
        if summary.get("lookback"):
            # A look back's findings are its own (the gap rows keep the latest run's), so its
            # report lists them without the API's gap rows.
            found = [lookback_gap(g, result.as_of) for g in result.gaps]
            summary["reports"] = write_reports(out, dict(summary), found, ())
        else:
            with engine.connect() as conn:
                scan_row, gaps = list_gaps(conn)
                sid = int(summary["scan_id"])
                _, table = gap_table(conn, GapFilter(scan=sid, active=True, sort="id"))
                _, gone = gap_table(conn, GapFilter(resolved_in=sid, sort="id"))
            if scan_row is not None:
                summary["reports"] = write_reports(out, {**scan_row, **summary}, gaps, table, gone)
    if result.status != "complete" and run:
        summary["waiting_for"] = missing_partitions(engine, run)
    if as_json:
        json.dump(summary, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print(summary, Console())
    if fail_on_new and int(summary.get("new", 0)) > 0:
        raise typer.Exit(1)


def _print(summary: dict[str, object], console: Console) -> None:
    gaps = summary.get("gaps")
    if not isinstance(gaps, dict):
        console.print(
            f"lần chạy {summary.get('run')} chưa đủ phần: đã lưu {summary.get('partitions')}; "
            f"còn chờ {summary.get('waiting_for')}"
        )
        return
    if summary.get("lookback"):
        console.print(
            f"Rà soát lùi {summary['scan_id']} tính đến ngày {vn_date(summary['as_of'])}: "
            f"{gaps['total']} khoảng trống vào ngày đó; so với lần rà soát gần nhất "
            f"{summary.get('latest_scan_id')}: {summary['new']} không có trong đó, "
            f"{summary['resolved']} chỉ có trong đó; các khoảng trống đang mở và lần rà soát "
            "gần nhất không đổi"
        )
    else:
        console.print(
            f"Lần rà soát {summary['scan_id']} tính đến ngày {vn_date(summary['as_of'])}: "
            f"{gaps['total']} khoảng trống, {summary['new']} mới, {summary['resolved']} đã giải "
            f"quyết, {summary['seconds']} giây ({summary.get('rematched_partitions')} phần đối "
            f"chiếu lại, {summary.get('reused_partitions')} phần không đổi)"
        )
    console.print(count_table("Loại", gaps["by_kind"], names="kind"))
    console.print(
        count_table("Tỉnh (mã như văn bản ghi)", gaps["by_province"], names="province", top=20)
    )
    if summary.get("reports"):
        reports = summary["reports"]
        paths = reports.values() if isinstance(reports, dict) else [reports]
        console.print("Báo cáo: " + ", ".join(str(p) for p in paths), soft_wrap=True)
