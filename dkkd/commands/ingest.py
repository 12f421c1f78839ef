"""`dkkd ingest PATH…`: files or folders into the registry, with a progress bar and a summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dkkd.commands import DatabaseUrl
from registry.db import open_registry
from registry.ingest import FileResult, ingest_paths, iter_files


def ingest(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Files or folders (recursive).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: DatabaseUrl = None,
    max_file_bytes: Annotated[
        int | None, typer.Option(help="Refuse larger files unread. Default: DKKD_MAX_FILE_BYTES.")
    ] = None,
) -> None:
    """Ingest legal texts, business-line lists and KTCN lists; quarantine what cannot be read."""
    engine = open_registry(database_url)
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
    if as_json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    out = Console()
    counts = report.counts()
    out.print(
        f"[green]added {counts['added']}[/]  new versions {counts['new_version']}  "
        f"unchanged {counts['unchanged']}  [red]quarantined {counts['quarantined']}[/]  "
        f"rows {report.rows:,}"
    )
    for f in report.files:
        if f.outcome == "quarantined":
            out.print(f"  [red]quarantined[/] {f.reason}", highlight=False)
