"""Distributed runs (several machines, one PostgreSQL registry): every job is started with the same
run label and its own provinces, ``dkkd scan --run nightly-2026-01-01 --province 01 --province 79``.
Each job diffs its partitions and commits them as a ``partial`` run row carrying its findings. The
job whose commit completes the set of partitions (all partitions in the registry, at merge time)
merges: it claims every partial row of the label with a conditional update (``partial`` →
``merged``; only one job can win it), applies all partitions' findings as one run and marks that
run complete, all in one transaction. ``dkkd scan --run LABEL --merge`` merges explicitly (and
reports what is missing). Merged, the partitions give exactly the gaps of a single full run."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from registry.scan.diff import GapRecord
from registry.scan.gaps import apply_run, merge_counts, open_rows_by_partition
from registry.scan.partitions import partition_keys
from registry.scan.records import (
    ScanError,
    ScanResult,
    _latest_complete,
    _now,
    look_back_stats,
    summary,
)
from registry.store import models as m


class _MergedElsewhere(Exception):
    """Raised inside a merge transaction that lost the race to claim a run's parts."""


def _store_partial(
    engine: Engine,
    scan_id: int,
    label: str,
    as_of: date,
    computed: Mapping[str, Sequence[GapRecord]],
    unchanged: Sequence[str],
    prev_parts: Mapping[str, Any],
    part_info: dict[str, dict[str, Any]],
    matched: int,
    started: float,
    after_write: Callable[[], None] | None,
) -> ScanResult:
    """Commit this job's partitions as a partial run, then merge if the label is now complete."""
    payload: dict[str, list[dict[str, Any]]] = {
        p: [g.to_payload() for g in gs] for p, gs in computed.items()
    }
    if unchanged:
        # Unchanged partitions carry their open gaps, read back from the gap rows.
        t = m.table_of(m.Gap)
        with engine.connect() as conn:
            rows = open_rows_by_partition(conn)
            for p in unchanged:
                ids = [gid for gid, _ in rows.get(p, ())]
                recs = (
                    [r.evidence for r in conn.execute(select(t.c.evidence).where(t.c.id.in_(ids)))]
                    if ids
                    else []
                )
                payload[p] = recs
                part_info[p] = dict(prev_parts[p])
    stats = {
        "label": label,
        "partitions": part_info,
        "payload": payload,
        "requirements_matched": matched,
        "seconds": round(time.perf_counter() - started, 3),
    }
    t = m.table_of(m.ScanRun)
    with engine.begin() as conn:
        conn.execute(
            update(t)
            .where(t.c.id == scan_id)
            .values(status="partial", finished_at=_now(), stats=stats)
        )
    merged = merge_run(engine, label, after_write=after_write, require_complete=True)
    if merged is not None:
        return merged
    return ScanResult(
        scan_id,
        as_of,
        "partial",
        {
            "scan_id": scan_id,
            "as_of": as_of.isoformat(),
            "status": "partial",
            "run": label,
            "partitions": sorted(part_info),
            "requirements_matched": matched,
            "seconds": stats["seconds"],
            "waiting_for": missing_partitions(engine, label),
        },
        [GapRecord.from_payload(d) for ds in payload.values() for d in ds],
    )


def _partials(conn: Connection, label: str) -> list[Any]:
    t = m.table_of(m.ScanRun)
    rows = conn.execute(select(t).where(t.c.status == "partial").order_by(t.c.id)).all()
    return [r for r in rows if (r.stats or {}).get("label") == label]


def missing_partitions(engine: Engine, label: str) -> list[str]:
    with engine.connect() as conn:
        keys = partition_keys(conn)
        prev = _latest_complete(conn)
        prev_parts = (prev.stats or {}).get("partitions", {}) if prev else {}
        have: set[str] = set()
        for r in _partials(conn, label):
            have |= set((r.stats or {}).get("partitions", {}))
    return sorted((set(keys) | set(prev_parts)) - have)


def _complete_merge(
    conn: Connection, scan_id: int, stats: dict[str, Any], parts: Sequence[Any]
) -> None:
    """Mark the merged run complete; the partial rows keep their partition info but drop the
    payload (it is in the merged run's gap rows, or a look back's own record)."""
    t = m.table_of(m.ScanRun)
    conn.execute(
        update(t)
        .where(t.c.id == scan_id)
        .values(status="complete", finished_at=_now(), stats=stats)
    )
    for r in parts:
        st = dict(r.stats or {})
        st.pop("payload", None)
        st["merged_into"] = scan_id
        conn.execute(update(t).where(t.c.id == r.id).values(stats=st))


def merge_run(
    engine: Engine,
    label: str,
    *,
    require_complete: bool = True,
    after_write: Callable[[], None] | None = None,
) -> ScanResult | None:
    """Merge the partial runs of ``label`` into one completed run; None if parts are missing
    (with ``require_complete``) or another job merged them first."""
    started = time.perf_counter()
    missing = missing_partitions(engine, label)
    if missing and require_complete:
        return None
    t = m.table_of(m.ScanRun)
    try:
        with engine.begin() as conn:
            parts = _partials(conn, label)
            if not parts:
                return None
            dates = {r.as_of for r in parts}
            if len(dates) != 1:
                raise ScanError(
                    f"lần rà soát “{label}”: các phần đã rà soát những ngày khác nhau "
                    f"{', '.join(sorted(map(str, dates)))}"
                )
            as_of = dates.pop()
            ids = [r.id for r in parts]
            claimed = conn.execute(
                update(t).where(t.c.id.in_(ids), t.c.status == "partial").values(status="merged")
            )
            if claimed.rowcount != len(ids):
                raise _MergedElsewhere  # another job claimed (some of) them: roll back, step aside
            computed: dict[str, list[GapRecord]] = {}
            part_info: dict[str, Any] = {}
            matched = 0
            for r in parts:  # later jobs win for a partition scanned twice
                st = r.stats or {}
                matched += int(st.get("requirements_matched", 0))
                for p, recs in (st.get("payload") or {}).items():
                    computed[p] = [GapRecord.from_payload(d) for d in recs]
                    part_info[p] = st["partitions"][p]
            prev = _latest_complete(conn)
            prev_parts = dict((prev.stats or {}).get("partitions", {})) if prev else {}
            scan_id = int(
                conn.execute(
                    insert(t).returning(t.c.id),
                    [
                        {
                            "started_at": _now(),
                            "as_of": as_of,
                            "status": "running",
                            "stats": {"label": label},
                        }
                    ],
                ).scalar_one()
            )
            if prev is not None and as_of < prev.as_of:
                # The parts scanned a date before the latest run: a look back, no gap changes.
                stats_lb: dict[str, Any] = {
                    **look_back_stats(conn, prev, computed),
                    "label": label,
                    "scope": "all" if not missing else sorted(part_info),
                    "merged_from": ids,
                    "partitions_total": len(part_info),
                    "rematched_partitions": len(part_info),
                    "reused_partitions": 0,
                    "requirements_matched": matched,
                    "seconds": round(time.perf_counter() - started, 3),
                }
                if after_write is not None:
                    after_write()
                _complete_merge(conn, scan_id, stats_lb, parts)
                gaps_lb = [g for gs in computed.values() for g in gs]
                return ScanResult(
                    scan_id, as_of, "complete", summary(scan_id, as_of, stats_lb), gaps_lb
                )
            diffs = apply_run(conn, scan_id, computed, [])
            if after_write is not None:
                after_write()
            all_parts = {**prev_parts, **part_info}
            stats: dict[str, Any] = {
                "label": label,
                "scope": "all" if not missing else sorted(part_info),
                "merged_from": ids,
                "partitions_total": len(all_parts),
                "rematched_partitions": len(part_info),
                "reused_partitions": 0,
                "requirements_matched": matched,
                "previous_scan_id": prev.id if prev else None,
                **diffs,
                "gaps": merge_counts(v["counts"] for v in all_parts.values()),
                "seconds": round(
                    time.perf_counter()
                    - started
                    + sum(float((r.stats or {}).get("seconds", 0)) for r in parts),
                    3,
                ),
                "partitions": all_parts,
            }
            _complete_merge(conn, scan_id, stats, parts)

    except _MergedElsewhere:
        return None
    gaps = [g for gs in computed.values() for g in gs]
    return ScanResult(scan_id, as_of, "complete", summary(scan_id, as_of, stats), gaps)
