"""Smoke run of the load benchmark (bench/reliability_load.py): 3 s at 8 connections on the sample.

The 60 s × 32-connection run on the national corpus is a benchmark (RELIABILITY.md, Load); this
keeps its code working in CI — server start, path discovery, both load generators, RSS sampling
— and holds the same bar: every request of every endpoint group answered 2xx.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "reliability_load.py"
GROUPS = {
    "gaps_list",
    "gap_detail",
    "business_rules",
    "ktcn",
    "conditions",
    "provinces",
    "stats",
    "dashboard",
}


def _can_bind() -> bool:
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def sample_registry(tmp_path_factory: pytest.TempPathFactory) -> str:
    from registry.scan.run import scan
    from registry.store.db import open_registry
    from registry.store.ingest import ingest_paths

    url = f"sqlite:///{tmp_path_factory.mktemp('load') / 'sample.db'}"
    engine = open_registry(url)
    ingest_paths(engine, [ROOT / "corpora" / "sample"])
    scan(engine, date(2025, 9, 18), workers=1)
    engine.dispose()
    return url


@pytest.mark.parametrize("generator", ["wrk", "python"])
def test_load_smoke_has_no_errors(sample_registry: str, generator: str) -> None:
    if not _can_bind():
        pytest.skip("cannot bind a loopback port here")
    if generator == "wrk" and shutil.which("wrk") is None:
        pytest.skip("wrk is not installed")
    cmd = [sys.executable, str(SCRIPT), "--database-url", sample_registry, "--seconds", "3"]
    cmd += ["--connections", "8", "--distinct", "200", "--generator", generator]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert proc.stdout.strip(), proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["errors"] == 0, (out["groups"], out["socket_errors"], out["server_log_tail"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert set(out["groups"]) == GROUPS and out["groups_missing"] == []
    assert all(g["requests"] > 0 for g in out["groups"].values()), out["groups"]
    assert out["requests"] == sum(g["requests"] for g in out["groups"].values()) > 50
    assert out["distinct_paths"] > out["hot_paths"]
    assert out["server_alive_after"] is True
    assert out["memory"]["samples"] >= 2 and out["memory"]["end_mb"] > 0
    assert out["memory"]["flat"] is None  # too short to judge; the benchmark run judges it
