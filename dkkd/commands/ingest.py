"""`dkkd ingest PATH…`: files or folders into the registry, with a progress bar and a summary."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dkkd.commands import DatabaseUrl, check_range, fail, open_db
from registry.store.ingest import ingest_paths
from registry.store.ingest_files import iter_files

if TYPE_CHECKING:
    from registry.store.ingest_files import FileResult

# The bar is redrawn at most this often (seconds): a small file is ingested in a few ms, and
# drawing the bar for each of them would cost more than the file.
_REFRESH_EVERY = 0.1


def default_workers() -> int:
    """The CPUs this process may run on (the parse is CPU-bound)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[Callable[[FileResult], None]]:
    """A callback advancing an ingest's bar by one file; the bar is drawn only on a terminal.

    The bar is refreshed by that callback, not by rich's timer thread (``auto_refresh=False``):
    ingest workers are forked, and a fork while another thread holds a lock (the console's)
    can leave the child waiting on it forever.
    """
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=not console.is_terminal,
        auto_refresh=False,
    ) as progress:
        task = progress.add_task("", total=total)
        last = 0.0

        def advance(result: FileResult) -> None:
            nonlocal last
            progress.update(task, advance=1, description=Path(result.path).name[:40])
            now = time.monotonic()
            if now - last >= _REFRESH_EVERY:
                last = now
                progress.refresh()

        yield advance
        progress.refresh()  # the last file's count, whatever the timer said


def ingest(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Files or folders (recursive).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: DatabaseUrl = None,
    max_file_bytes: Annotated[
        int | None, typer.Option(help="Refuse larger files unread. Default: DKKD_MAX_FILE_BYTES.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes parsing files (default: the number of CPUs; 1 parses in this "
            "process, for debugging). Files are written in the same order whatever the number."
        ),
    ] = None,
) -> None:
    """Ingest legal texts, business-line lists and KTCN lists; quarantine what cannot be read.

    Creates the registry's database when it does not exist yet (and says so). Exits 1 when
    every file given was quarantined: nothing usable was read.
    """
    check_range("--max-file-bytes", max_file_bytes, low=1)
    check_range("--workers", workers, low=1)
    engine, created = open_db(database_url, create=True, announce=not as_json)
    files = list(iter_files(paths))
    # With --json a machine reads the output: no bar, even on a terminal.
    console = Console(stderr=True, force_terminal=False if as_json else None)
    with progress_bar(console, len(files)) as advance:
        report = ingest_paths(
            engine,
            files,
            max_bytes=max_file_bytes,
            progress=advance,
            workers=workers or default_workers(),
        )
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
                out.print(f"  [red]cách ly[/] {f.reason}", highlight=False, soft_wrap=True)
    if problem:
        fail(problem, 1)
