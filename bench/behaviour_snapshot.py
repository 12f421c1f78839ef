"""Behaviour snapshot: what a restructure must leave unchanged, written to a folder to diff.

    python bench/behaviour_snapshot.py OUT [REPO]

- `parse.tsv`: for every real file (`../shared/corpora/real`), its exit code and the SHA-256 of
  `dkkd parse --json FILE` (the JSON of each non-record file under `parse/` as well);
- `stats.json` and `gaps.json`: `dkkd stats --json` and `dkkd gaps --json` on a fresh registry
  of the bundled sample, scanned as of 2026-12-01.

Run it on two checkouts (REPO, with PYTHONPATH pointing at the same checkout) and `diff -r` the
folders; `stats.json` differs by its `as_of` (today) only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from dkkd.cli import app

SUFFIXES = {".md", ".html", ".doc", ".json", ".jsonl", ".txt"}


def main() -> None:
    out = Path(sys.argv[1])
    repo = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[1]
    real = repo.parent / "shared" / "corpora" / "real"
    (out / "parse").mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    lines = []
    for f in sorted(p for p in real.rglob("*") if p.is_file() and p.suffix in SUFFIXES):
        r = runner.invoke(app, ["parse", "--json", str(f)])
        lines.append(
            f"{f.relative_to(real)}\t{r.exit_code}\t{hashlib.sha256(r.stdout.encode()).hexdigest()}"
        )
        if f.suffix != ".json":
            (out / "parse" / (f.name + ".json")).write_text(r.stdout)
    (out / "parse.tsv").write_text("\n".join(lines) + "\n")
    db = tempfile.mkdtemp()
    env = dict(os.environ, DKKD_DATABASE_URL=f"sqlite:///{db}/sample.db")

    def dkkd(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["dkkd", *args], env=env, capture_output=True, text=True, cwd=repo)

    dkkd("ingest", "corpora/sample/national", "corpora/sample/provincial")
    (out / "stats.json").write_text(dkkd("stats", "--json").stdout)
    dkkd("scan", "--as-of", "2026-12-01", "--out", f"{db}/reports")
    gaps = dkkd("gaps", "--json", "--limit", "100000")
    (out / "gaps.json").write_text(gaps.stdout + gaps.stderr)
    print(f"{len(lines)} files; snapshot in {out}")


if __name__ == "__main__":
    main()
