"""Ingest with parsing in worker processes: the same registry whatever the number of workers,
bad files quarantined by name while the batch goes on, and the progress bar only on a terminal."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import Engine, select

from dkkd.commands.ingest import progress_bar
from registry.importers import documents as importers
from registry.store import models as m
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from registry.store.ingest_files import FileResult
from tests.registry.texts import AMENDING, DECREE

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def _content(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, by primary key, without the clock's columns."""
    out = {}
    with engine.connect() as conn:
        for t in m.metadata.sorted_tables:
            rows = conn.execute(select(t).order_by(*t.primary_key.columns)).all()
            out[t.name] = [tuple(v for v in r if not isinstance(v, datetime)) for r in rows]
    return out


def _corpus(tmp_path: Path) -> Path:
    """The sample corpus plus a few files that are quarantined, and two with the same bytes."""
    folder = tmp_path / "in"
    for p in sorted(SAMPLE.rglob("*")):
        if p.is_file():
            dest = folder / p.relative_to(SAMPLE)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(p.read_bytes())
    (folder / "bad").mkdir()
    (folder / "bad" / "junk.md").write_bytes(b"\x00\x01\x02binary")
    (folder / "bad" / "empty.md").write_bytes(b"")
    (folder / "bad" / "table.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "bad" / "nd-12-again.md").write_text(DECREE, encoding="utf-8")
    (folder / "bad" / "nd-12.md").write_text(DECREE, encoding="utf-8")
    return folder


def _ingest(tmp_path: Path, folder: Path, workers: int) -> tuple[Engine, list[FileResult]]:
    engine = open_registry(f"sqlite:///{tmp_path / f'w{workers}.db'}")
    report = ingest_paths(engine, [folder], max_bytes=10**8, workers=workers)
    return engine, report.files


def test_the_registry_is_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    one, files_one = _ingest(tmp_path, folder, 1)
    two, files_two = _ingest(tmp_path, folder, 2)
    assert files_one == files_two
    outcomes = {Path(f.path).name: f.outcome for f in files_two}
    assert outcomes["junk.md"] == outcomes["empty.md"] == outcomes["table.xlsx"] == "quarantined"
    # Same bytes as a file before it in the batch: not parsed into a second copy.
    assert (outcomes["nd-12-again.md"], outcomes["nd-12.md"]) == ("added", "unchanged")
    assert sum(o == "added" for o in outcomes.values()) >= 20
    a, b = _content(one), _content(two)
    assert a["provision"] and a["procedure"] and a["quarantine"]
    assert a == b
    # Nothing changed: nothing is parsed, nothing is written.
    again = ingest_paths(two, [folder], max_bytes=10**8, workers=2)
    assert {f.outcome for f in again.files} == {"unchanged", "quarantined"}
    assert _content(two) == b


def test_a_parser_crash_in_a_worker_quarantines_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nd-12.md").write_text(DECREE, encoding="utf-8")
    (folder / "nd-30.md").write_text(AMENDING, encoding="utf-8")
    plan_legal = importers.plan_legal

    def fragile(data: bytes, name: str) -> importers.Plan:
        if name.endswith("nd-12.md"):
            raise RuntimeError("parser bug")
        return plan_legal(data, name)

    # Workers are forked after this: they inherit the patched table.
    monkeypatch.setitem(importers.PLANNERS, ".md", fragile)
    _engine, files = _ingest(tmp_path, folder, 2)
    by_name = {Path(f.path).name: f for f in files}
    assert by_name["nd-30.md"].outcome == "added"
    bad = by_name["nd-12.md"]
    assert (bad.outcome, bad.code) == ("quarantined", "parse_failed")
    assert "nd-12.md" in bad.reason and "RuntimeError: parser bug" in bad.reason


def test_a_dead_worker_leaves_the_rest_of_the_batch_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        text = DECREE if i % 2 else AMENDING
        (folder / f"f{i}-{'nd-12' if i % 2 else 'nd-30'}.md").write_text(
            f"{text}\n\nBản số {i}.\n", encoding="utf-8"
        )
    plan_legal = importers.plan_legal
    parent = os.getpid()

    def deadly(data: bytes, name: str) -> importers.Plan:
        if os.getpid() != parent and name.endswith("f2-nd-30.md"):
            os._exit(3)  # a worker killed mid-parse (out of memory, a crash in native code)
        return plan_legal(data, name)

    monkeypatch.setitem(importers.PLANNERS, ".md", deadly)
    engine, files = _ingest(tmp_path, folder, 2)
    assert [f.outcome for f in files] == ["added"] * 6, files
    reference, _ = _ingest(tmp_path, folder, 1)
    assert _content(engine) == _content(reference)


def test_the_bar_is_drawn_on_a_terminal_only() -> None:
    results = [FileResult(f"/in/f{i}.md", "added") for i in range(3)]
    screen = io.StringIO()
    with progress_bar(Console(file=screen, force_terminal=True, width=100), 3) as advance:
        for r in results:
            advance(r)
    drawn = screen.getvalue()
    assert "ingest" in drawn and "3/3" in drawn and "f2.md" in drawn
    pipe = io.StringIO()
    with progress_bar(Console(file=pipe, width=100), 3) as advance:
        for r in results:
            advance(r)
    assert pipe.getvalue() == ""


def test_the_cli_prints_no_bar_into_a_pipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from dkkd.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nd-12.md").write_text(DECREE, encoding="utf-8")
    (folder / "junk.md").write_bytes(b"\x00\x01binary")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    res = CliRunner().invoke(app, ["ingest", str(folder), "--database-url", url, "--workers", "2"])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.output.splitlines() if not ln.startswith("đã tạo cơ sở dữ liệu")]
    assert lines[0].startswith("thêm mới 1  phiên bản mới 0  không đổi 0  cách ly 1")
    # The reason on one line, never wrapped (a script greps it; a long path must not split it).
    assert lines[1].strip().startswith("cách ly") and "junk.md" in lines[1]
    assert "\x1b" not in res.output and "ingest" not in res.output
