"""`dkkd scan`: run the diff over the registry, store the run, say what changed since the last one.

A run, in order:

1. a ``scan_run`` row is committed with status ``running`` (readers ignore it);
2. the national side on ``as_of`` and each partition's content hash are read
   (:mod:`registry.scan.partitions`); a partition (the unit answering for a province today) is
   re-matched only if its hash, the national hash (conditions, statuses, effects and procedure
   events up to ``as_of``) or the matching parameters changed since the last completed run that
   covered it; the others keep their open gaps (*incremental*);
3. the changed partitions are diffed (:mod:`registry.scan.diff`; the matcher spreads requirements over
   worker processes by province);
4. one transaction writes the gap rows (:func:`registry.scan.gaps.apply_run`) and marks the run
   ``complete`` with its counts and the diff from the previous run. A crash or kill before the
   commit leaves the previous run's results as they were; the stale ``running`` row is ignored
   and the next run starts from the last completed one.

Distributed runs (one label, several jobs, one merge) are :mod:`registry.scan.merge`'s.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import Engine, insert, select, update

from registry.matching.index import ConditionIndex
from registry.matching.matcher import default_workers
from registry.matching.model import MatchParams
from registry.scan.diff import GapRecord, diff
from registry.scan.gaps import apply_run, counts_of, merge_counts
from registry.scan.merge import _store_partial
from registry.scan.national import load_national, national_fingerprint
from registry.scan.partitions import partition_for, partition_keys
from registry.scan.provincial import load_partitions
from registry.scan.records import (
    ScanError,
    ScanResult,
    _latest_complete,
    _now,
    look_back_stats,
    summary,
)
from registry.store import models as m

Progress = Callable[[str, int, int], None]


def params_key(params: MatchParams) -> str:
    return hashlib.sha256(repr(sorted(asdict(params).items())).encode()).hexdigest()[:16]


# Part of every partition's key: bump it when the diff's rules change, so that the next scan
# re-matches everything instead of carrying gaps found under the old rules.
ENGINE_VERSION = "2026-12-07.2"


def _national_key(fingerprint: str, params: MatchParams) -> str:
    return hashlib.sha256(
        f"{ENGINE_VERSION}|{fingerprint}|{params_key(params)}".encode()
    ).hexdigest()


def _start_run(engine: Engine, as_of: date, status: str, stats: dict[str, Any]) -> int:
    t = m.table_of(m.ScanRun)
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(t).returning(t.c.id),
                [{"started_at": _now(), "as_of": as_of, "status": status, "stats": stats}],
            ).scalar_one()
        )


def _mark_failed(engine: Engine, scan_id: int, error: BaseException) -> None:
    t = m.table_of(m.ScanRun)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(t)
                .where(t.c.id == scan_id, t.c.status.in_(("running", "partial_running")))
                .values(
                    status="failed",
                    finished_at=_now(),
                    stats={"error": f"{type(error).__name__}: {error}"[:500]},
                )
            )
    except Exception:  # the registry itself may be what failed; the row stays "running"
        pass


def _scope(
    keys: Mapping[str, Any], previous: Mapping[str, Any], provinces: Sequence[str] | None
) -> list[str]:
    everything = sorted(set(keys) | set(previous))
    if not provinces:
        return everything
    chosen: set[str] = set()
    for p in provinces:
        try:
            chosen.add(partition_for(p))
        except ValueError as e:
            raise ScanError(str(e)) from e
    return sorted(chosen)


def _compute(
    engine: Engine,
    partitions: Sequence[str],
    as_of: date,
    params: MatchParams,
    workers: int,
    progress: Progress | None,
) -> tuple[dict[str, list[GapRecord]], int]:
    """Diff ``partitions`` together (distinct requirements are matched once); findings by partition."""
    out: dict[str, list[GapRecord]] = {p: [] for p in partitions}
    if not partitions:
        return out, 0
    with engine.connect() as conn:
        national = load_national(conn, as_of)
        procs = load_partitions(conn, partitions)
    index = ConditionIndex(national.conditions, params)
    total = sum(len(r.requirements) for r in procs)
    if progress:
        progress("match", 0, total)

    def step(done: int, _total: int) -> None:
        if progress:
            progress("match", done, total)

    for g in diff(procs, national, index, workers=workers, progress=step):
        out[g.partition].append(g)
    return out, total


def scan(
    engine: Engine,
    as_of: date | None = None,
    *,
    provinces: Sequence[str] | None = None,
    run: str | None = None,
    params: MatchParams | None = None,
    workers: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    after_write: Callable[[], None] | None = None,
) -> ScanResult:
    """Scan the registry on ``as_of`` (default today); see the module docstring.

    ``provinces`` limits the run to their partitions (others keep their gaps as they are);
    ``run`` makes this job one part of a distributed run with that label; ``force`` re-matches
    every partition in scope; ``after_write`` is called inside the write transaction before the
    commit (tests use it to simulate a crash mid-write).
    """
    as_of = as_of or date.today()
    params = params or MatchParams()
    workers = workers or default_workers()
    started = time.perf_counter()
    scan_id = _start_run(
        engine,
        as_of,
        "partial_running" if run else "running",
        {"label": run} if run else {},
    )
    try:
        if progress:
            progress("load", 0, 1)
        with engine.connect() as conn:
            nkey = _national_key(national_fingerprint(conn, as_of), params)
            keys = partition_keys(conn)
            prev = _latest_complete(conn)
        prev_parts: dict[str, Any] = dict((prev.stats or {}).get("partitions", {})) if prev else {}
        scope = _scope(keys, prev_parts, provinces)
        if prev is not None and as_of < prev.as_of and not run:  # (merge_run does it for runs)
            return _look_back(engine, scan_id, prev, scope, keys, as_of, params, workers, progress)
        changed: list[str] = []
        unchanged: list[str] = []
        for p in scope:
            old = prev_parts.get(p)
            k = keys.get(p)
            same = (
                old is not None
                and old.get("national") == nkey
                and old.get("hash") == (k.hash if k else "")
            )
            (unchanged if same and not force else changed).append(p)
        if progress:
            progress("load", 1, 1)
        computed, matched = _compute(engine, changed, as_of, params, workers, progress)
        part_info: dict[str, dict[str, Any]] = {}
        for p in changed:
            k = keys.get(p)
            part_info[p] = {
                "hash": k.hash if k else "",
                "national": nkey,
                "procedures": k.procedures if k else 0,
                "counts": counts_of(computed[p]),
            }
        if run:
            return _store_partial(
                engine,
                scan_id,
                run,
                as_of,
                computed,
                unchanged,
                prev_parts,
                part_info,
                matched,
                started,
                after_write,
            )
        for p in unchanged:
            part_info[p] = prev_parts[p]
        all_parts = {**prev_parts, **part_info}
        all_parts = {p: v for p, v in all_parts.items() if p in keys or v["counts"]["total"]}
        stats: dict[str, Any] = {
            "scope": "all" if not provinces else scope,
            "params": params_key(params),
            "threshold": params.threshold,
            "workers": workers,
            "partitions_total": len(all_parts),
            "rematched_partitions": len(changed),
            "reused_partitions": len(unchanged),
            "requirements_matched": matched,
            "previous_scan_id": prev.id if prev else None,
        }
        with engine.begin() as conn:
            if progress:
                progress("write", 0, 1)
            diffs = apply_run(conn, scan_id, computed, unchanged)
            if after_write is not None:
                after_write()
            stats.update(diffs)
            stats["gaps"] = merge_counts(v["counts"] for v in all_parts.values())
            stats["seconds"] = round(time.perf_counter() - started, 3)
            stats["partitions"] = all_parts
            t = m.table_of(m.ScanRun)
            conn.execute(
                update(t)
                .where(t.c.id == scan_id)
                .values(status="complete", finished_at=_now(), stats=stats)
            )
            if progress:
                progress("write", 1, 1)
    except BaseException as e:
        _mark_failed(engine, scan_id, e)
        raise
    gaps = [g for gs in computed.values() for g in gs]
    return ScanResult(scan_id, as_of, "complete", summary(scan_id, as_of, stats), gaps)


def _look_back(
    engine: Engine,
    scan_id: int,
    prev: Any,
    scope: Sequence[str],
    keys: Mapping[str, Any],
    as_of: date,
    params: MatchParams,
    workers: int,
    progress: Progress | None,
) -> ScanResult:
    """A scan dated before the latest run: its findings are kept in its own row (``lookback``,
    ``payload``); the gap rows and the latest run stay as they were. ``new``/``resolved`` compare
    it with the latest run on the partitions it covered (what ``/v1/scans/diff`` answers)."""
    started = time.perf_counter()
    computed, matched = _compute(engine, list(scope), as_of, params, workers, progress)
    with engine.connect() as conn:
        compared = look_back_stats(conn, prev, computed)
    stats: dict[str, Any] = {
        **compared,
        "scope": "all" if set(scope) >= set(keys) else list(scope),
        "params": params_key(params),
        "threshold": params.threshold,
        "workers": workers,
        "partitions_total": len(scope),
        "rematched_partitions": len(scope),
        "reused_partitions": 0,
        "requirements_matched": matched,
        "seconds": round(time.perf_counter() - started, 3),
    }
    t = m.table_of(m.ScanRun)
    with engine.begin() as conn:
        conn.execute(
            update(t)
            .where(t.c.id == scan_id)
            .values(status="complete", finished_at=_now(), stats=stats)
        )
    gaps = [g for gs in computed.values() for g in gs]
    return ScanResult(scan_id, as_of, "complete", summary(scan_id, as_of, stats), gaps)


def scan_gaps_now(engine: Engine) -> list[GapRecord]:
    """The open gaps after the latest completed run, as records (tests and reports)."""
    t = m.table_of(m.Gap)
    with engine.connect() as conn:
        return [
            GapRecord.from_payload(r.evidence)
            for r in conn.execute(
                select(t.c.evidence).where(t.c.resolved_scan_id.is_(None)).order_by(t.c.id)
            )
        ]


def iter_partitions(values: Iterable[str]) -> list[str]:
    """Partitions named by ``--province`` values (codes or names, old or new)."""
    try:
        return sorted({partition_for(v) for v in values})
    except ValueError as e:
        raise ScanError(str(e)) from e
