"""`dkkd corpus generate`: write a generated corpus and its ground truth."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from corpora.generator import GenerateError, generate
from corpora.generator.scales import SCALES
from dkkd.commands import fail
from registry.labels import GAP_KIND

_STAGES = {
    "world": "dựng dữ liệu",
    "national": "văn bản trung ương",
    "provincial": "quyết định của tỉnh",
}

app = typer.Typer(
    rich_markup_mode=None,
    help="Corpora: generate test corpora with their ground truth.",
    no_args_is_help=True,
)


@app.command(
    "generate",
    epilog="\b\nExit codes:\n  0  done\n  2  unknown scale, or OUT holds a corpus and --force was not given",
)
def generate_cmd(
    out: Annotated[Path, typer.Argument(help="Folder to write corpus/ and ground-truth/ into.")],
    scale: Annotated[str, typer.Option(help=f"One of: {', '.join(SCALES)}.")] = "sample",
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 1,
    force: Annotated[bool, typer.Option(help="Replace an existing corpus in OUT.")] = False,
    noise: Annotated[
        str,
        typer.Option(
            help="How provinces restate conditions: classic, or province (drawn from"
            " hand-written texts)."
        ),
    ] = "classic",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as one JSON object.")
    ] = False,
) -> None:
    """Generate a corpus (national documents, amending decrees, KTCN lists, provincial decisions)."""
    started = time.perf_counter()
    err = Console(stderr=True)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=as_json or not err.is_terminal,
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=max(total, 1))
                bar.update(tasks[stage], completed=done, total=max(total, 1))

            summary = generate(out, scale, seed, force=force, progress=progress, noise=noise)
    except GenerateError as exc:
        fail(str(exc))
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        json.dump({**summary, "seconds": seconds}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    c, k, p, g = summary["conditions"], summary["ktcn"], summary["provincial"], summary["gaps"]
    typer.echo(
        f"kho dữ liệu quy mô {scale}, hạt giống {seed}, nhiễu {noise}: ghi vào {out} trong {seconds} giây"
    )
    typer.echo(
        f"  điều kiện {c['total']} ({c['cut']} đã cắt giảm, {c['amended']} đã sửa đổi) "
        f"thuộc {summary['business_lines']} ngành, nghề"
    )
    typer.echo(f"  dòng hàng KTCN {k['total']} ({k['cut']} đã cắt giảm)")
    typer.echo(f"  quyết định của tỉnh {p['decisions']}, yêu cầu {p['requirements']}")
    typer.echo(
        f"  khoảng trống dự kiến {g['total']}: "
        + ", ".join(
            f"{GAP_KIND.get(kind, kind)} {g[kind]}"
            for kind in ("cut", "amended", "basis", "procedure")
        )
    )
