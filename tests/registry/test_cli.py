"""`dkkd ingest`, `dkkd stats` and `dkkd db` through the CLI, on a SQLite file made on first use."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dkkd.cli import app
from registry.store.db import head_revision
from tests.registry.texts import AMENDING, DECREE


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    url = f"sqlite:///{tmp_path / 'var' / 'dkkd.db'}"
    monkeypatch.setenv("DKKD_DATABASE_URL", url)
    from registry.settings import get_settings

    get_settings.cache_clear()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nd-12.md").write_text(DECREE, encoding="utf-8")
    (folder / "nd-30.md").write_text(AMENDING, encoding="utf-8")
    (folder / "junk.md").write_bytes(b"\x00\x01\x02binary")
    yield folder
    get_settings.cache_clear()


def test_ingest_then_stats_json(env: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(env), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert (report["added"], report["quarantined"]) == (2, 1)
    assert "junk.md" in report["quarantine"][0]["reason"]
    again = json.loads(runner.invoke(app, ["ingest", str(env), "--json"]).output)
    assert again["added"] == again["new_version"] == 0 and again["rows"] == 0

    res = runner.invoke(app, ["stats", "--as-of", "2021-04-01", "--json"])
    assert res.exit_code == 0, res.output
    s = json.loads(res.output)
    c = s["conditions"]
    assert (c["total"], c["in_force"], c["cut"], c["unknown"]) == (3, 2, 1, 0)
    assert set(c["by_ministry"]) and {"total", "in_force", "cut"} <= set(s["ktcn"])
    early = json.loads(runner.invoke(app, ["stats", "--as-of", "2020-01-01", "--json"]).output)
    assert (early["conditions"]["in_force"], early["conditions"]["cut"]) == (3, 0)


def test_stats_rejects_a_bad_date(env: Path) -> None:
    res = CliRunner().invoke(app, ["stats", "--as-of", "yesterday"])
    assert res.exit_code != 0
    assert "không phải là ngày hợp lệ" in res.output


def test_db_current_after_upgrade(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    out = runner.invoke(app, ["db", "current"]).output
    head = head_revision()
    assert f"hiện tại {head}, mới nhất {head}" in out
