"""`dkkd ingest PATH…`: files or folders into the registry, with a progress bar and a summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dkkd.commands import DatabaseUrl, check_range, fail, open_db
from registry.store.ingest import FileResult, ingest_paths, iter_files


def ingest(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Files or folders (recursive).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: DatabaseUrl = None,
    max_file_bytes: Annotated[
        int | None, typer.Option(help="Refuse larger files unread. Default: DKKD_MAX_FILE_BYTES.")
    ] = None,
) -> None:
    """Ingest legal texts, business-line lists and KTCN lists; quarantine what cannot be read.

    Creates the registry's database when it does not exist yet (and says so). Exits 1 when
    every file given was quarantined: nothing usable was read.
    """
    check_range("--max-file-bytes", max_file_bytes, low=1)
    engine, created = open_db(database_url, create=True, announce=not as_json)
    files = list(iter_files(paths))
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=as_json or not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=len(files))

        def advance(result: FileResult) -> None:
            progress.update(task, advance=1, description=Path(result.path).name[:40])

        report = ingest_paths(engine, files, max_bytes=max_file_bytes, progress=advance)
    counts = report.counts()
    problem = ""
    if not files:
        problem = "không có tệp nào để nạp trong các đường dẫn đã cho."
    elif counts["quarantined"] == len(report.files):
        problem = f"cả {len(report.files)} tệp đều bị cách ly; không nạp được gì."
    if as_json:
        body = report.to_dict()
        if created:
            body["created_database"] = engine.url.render_as_string()
        json.dump(body, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        out = Console()
        out.print(
            f"[green]thêm mới {counts['added']}[/]  phiên bản mới {counts['new_version']}  "
            f"không đổi {counts['unchanged']}  [red]cách ly {counts['quarantined']}[/]  "
            f"dòng dữ liệu {report.rows:,}".replace(",", ".")
        )
        for f in report.files:
            if f.outcome == "quarantined":
                out.print(f"  [red]cách ly[/] {f.reason}", highlight=False)
    if problem:
        fail(problem, 1)
