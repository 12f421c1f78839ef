"""Ingest write throughput (rows/s) against raw sqlite3 `executemany` of the same rows, in one run.

Ours: `registry.store.ingest_files.ingest_bytes` with the file already parsed (hash check, source-file row,
document upserts and versions, Core bulk inserts of provisions, effects, conditions, KTCN lines …,
one transaction per file) into a fresh SQLite registry in WAL mode.
Raw: every row our ingest inserted, captured from SQLAlchemy's `before_execute` event, replayed
with plain `sqlite3` — one prepared `INSERT` per table and `executemany`, one transaction per
file, same pragmas, same schema — the least any writer of these rows has to do. Parsing is not
timed (bench/parse_speed.py measures it); consolidation is timed and reported apart.

    python bench/ingest_rows.py [--corpus DIR] [--repeat N]

Prints per-phase figures and, on its last line, one JSON object. Target: ratio ≥ 0.30.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.sql import Insert

from registry.importers.documents import dispatch
from registry.importers.plan import ImportError_, Plan
from registry.store import models as m
from registry.store.db import open_registry
from registry.store.ingest_files import ingest_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "real"


def _plans(corpus: Path) -> list[tuple[str, bytes, Plan]]:
    out = []
    for p in sorted(corpus.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        try:
            out.append((str(p), data, dispatch(data, str(p))))
        except ImportError_:
            continue
    return out


def _sql_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return int(v)
    return v


def run_ours(
    plans: list[tuple[str, bytes, Plan]], folder: Path
) -> tuple[float, float, list[list[tuple[str, list[dict[str, Any]]]]]]:
    """Time our writes; return (write seconds, consolidation seconds, inserted rows per file)."""
    engine = open_registry(f"sqlite:///{folder / 'ours.db'}")
    captured: list[list[tuple[str, list[dict[str, Any]]]]] = []

    def capture(conn: Any, clause: Any, multiparams: Any, params: Any, options: Any) -> None:
        if isinstance(clause, Insert) and captured:
            rows = (
                multiparams[0]
                if multiparams and isinstance(multiparams[0], list)
                else list(multiparams) or [params]
            )
            captured[-1].append((clause.table.name, [dict(r) for r in rows]))

    event.listen(engine, "before_execute", capture)
    # Warm-up outside the timing: the capture pass (event overhead) is not timed.
    for name, data, plan in plans:
        captured.append([])
        ingest_bytes(engine, data, name, plan=plan)
    engine.dispose()
    event.remove(engine, "before_execute", capture)

    # The timed pass, on a fresh database without the capture hook.
    engine = open_registry(f"sqlite:///{folder / 'ours-timed.db'}")
    t0 = time.perf_counter()
    for name, data, plan in plans:
        ingest_bytes(engine, data, name, plan=plan)
    t_write = time.perf_counter() - t0
    from registry.consolidation.rebuild import consolidate

    t0 = time.perf_counter()
    consolidate(engine)
    t_cons = time.perf_counter() - t0
    engine.dispose()
    return t_write, t_cons, captured


def run_raw(captured: list[list[tuple[str, list[dict[str, Any]]]]], folder: Path) -> float:
    path = folder / "raw.db"
    setup = create_engine(f"sqlite:///{path}")
    m.metadata.create_all(setup)
    setup.dispose()
    # Rows ready as tuples before the clock starts: the raw side does nothing but write.
    batches: list[list[tuple[str, list[tuple[Any, ...]]]]] = []
    # Column defaults SQLAlchemy fills in itself (not in the captured parameters): a writer that
    # leaves `ocr` out gets False, so must the raw side.
    defaults = {
        t.name: {
            c.name: c.default.arg
            for c in t.columns
            if c.default is not None and c.default.is_scalar and not c.primary_key
        }
        for t in m.metadata.sorted_tables
    }
    for per_file in captured:
        grouped: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
        for table, given in per_file:
            for r in given:
                r = {**defaults.get(table, {}), **r}
                cols = tuple(r)
                grouped[(table, cols)].append(tuple(_sql_value(r[c]) for c in cols))
        batches.append(
            [
                (f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
                for (t, cols), rows in grouped.items()
            ]
        )
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    t0 = time.perf_counter()
    for per_file in batches:
        con.execute("BEGIN")
        for sql, rows in per_file:
            con.executemany(sql, rows)
        con.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    plans = _plans(args.corpus)
    best_ours = best_raw = float("inf")
    cons = 0.0
    rows = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            t_write, t_cons, captured = run_ours(plans, folder)
            rows = sum(len(r) for per_file in captured for _t, r in per_file)
            t_raw = run_raw(captured, folder)
        best_ours, best_raw, cons = min(best_ours, t_write), min(best_raw, t_raw), t_cons
    ours_rate, raw_rate = rows / best_ours, rows / best_raw
    print(f"files {len(plans)}  rows {rows:,}")
    print(f"ours  {best_ours:8.3f} s  {ours_rate:12,.0f} rows/s")
    print(f"raw   {best_raw:8.3f} s  {raw_rate:12,.0f} rows/s")
    print(f"consolidation {cons:.3f} s (not in the ratio)")
    print(
        json.dumps(
            {
                "benchmark": "ingest_rows",
                "files": len(plans),
                "rows": rows,
                "ours_s": round(best_ours, 4),
                "raw_s": round(best_raw, 4),
                "ours_rows_per_s": round(ours_rate),
                "raw_rows_per_s": round(raw_rate),
                "ratio": round(ours_rate / raw_rate, 3),
                "consolidation_s": round(cons, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
