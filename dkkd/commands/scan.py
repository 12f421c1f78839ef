"""`dkkd scan`: the nightly compliance scan over the registry (see :mod:`registry.scan`)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from dkkd.commands import DatabaseUrl

_STAGES = {
    "load": "reading the registry",
    "match": "matching requirements",
    "write": "writing gaps",
}


def scan(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Scan date YYYY-MM-DD (default: today).")
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

    from registry.db import open_registry
    from registry.gaps import list_gaps, lookback_gap
    from registry.matching import MatchParams
    from registry.reports import write_reports
    from registry.scan import ScanError, ScanResult, merge_run, missing_partitions
    from registry.scan import scan as run_scan

    err = Console(stderr=True)
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError as e:
        err.print(f"error: --as-of {as_of!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from e
    params = MatchParams() if threshold is None else replace(MatchParams(), threshold=threshold)
    engine = open_registry(database_url)
    result: ScanResult | None
    try:
        if merge:
            if not run:
                err.print("error: --merge needs --run LABEL")
                raise typer.Exit(2)
            result = merge_run(engine, run, require_complete=False)
            if result is None:
                err.print(f"nothing to merge for run {run!r}")
                raise typer.Exit(1)
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
        err.print(f"error: {e}")
        raise typer.Exit(2) from e
    summary = result.summary
    if result.status == "complete" and out is not None:
        if summary.get("lookback"):
            # A look back's findings are its own (the gap rows keep the latest run's).
            found = [lookback_gap(g, result.as_of) for g in result.gaps]
            summary["reports"] = write_reports(out, dict(summary), found)
        else:
            with engine.connect() as conn:
                scan_row, gaps = list_gaps(conn)
            if scan_row is not None:
                summary["reports"] = write_reports(out, {**scan_row, **summary}, gaps)
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
            f"partial run {summary.get('run')}: stored partitions {summary.get('partitions')}; "
            f"waiting for {summary.get('waiting_for')}"
        )
        return
    if summary.get("lookback"):
        console.print(
            f"look back {summary['scan_id']} as of {summary['as_of']}: {gaps['total']} gaps on "
            f"that date; against the latest scan {summary.get('latest_scan_id')}: "
            f"{summary['new']} not in it, {summary['resolved']} only in it; "
            "the open gaps and the latest scan are unchanged"
        )
    else:
        console.print(
            f"scan {summary['scan_id']} as of {summary['as_of']}: {gaps['total']} open gaps, "
            f"{summary['new']} new, {summary['resolved']} resolved, {summary['seconds']} s "
            f"({summary.get('rematched_partitions')} partitions re-matched, "
            f"{summary.get('reused_partitions')} unchanged)"
        )
    t = Table("kind", "gaps")
    for k, v in gaps["by_kind"].items():
        t.add_row(k, str(v))
    console.print(t)
    t = Table("province (code as written)", "gaps")
    for k, v in sorted(gaps["by_province"].items(), key=lambda kv: -kv[1])[:20]:
        t.add_row(k, str(v))
    console.print(t)
    if summary.get("reports"):
        console.print(f"reports: {summary['reports']}")
