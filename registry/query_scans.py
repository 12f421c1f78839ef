"""Read queries over scan runs: the list, one run's counts, and what changed between two runs.

A gap row carries the first and last scan that saw it and the scan that found it gone, so the
gaps present in scan N are those with ``first_seen <= N <= last_seen`` and not resolved by N.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from registry.query_common import TABLES, iso

_S = TABLES["scan_run"]
_G = TABLES["gap"]


class ScanNotFound(LookupError):
    pass


def _scan(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "started_at": iso(r.started_at),
        "finished_at": iso(r.finished_at),
        "as_of": iso(r.as_of),
        "status": r.status,
        "stats": r.stats or {},
    }


def list_scans(
    conn: Connection, limit: int = 100, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    rows = conn.execute(select(_S).order_by(_S.c.id.desc()).limit(limit).offset(offset)).all()
    total = conn.execute(select(func.count()).select_from(_S)).scalar_one()
    return int(total), [_scan(r) for r in rows]


def _present(scan_id: int) -> Any:
    return and_(
        _G.c.first_seen_scan_id <= scan_id,
        _G.c.last_seen_scan_id >= scan_id,
        or_(_G.c.resolved_scan_id.is_(None), _G.c.resolved_scan_id > scan_id),
    )


def _gap_ids(conn: Connection, scan_id: int) -> dict[int, tuple[str, str, str]]:
    rows = conn.execute(
        select(_G.c.id, _G.c.kind, _G.c.province_code, _G.c.successor_code).where(_present(scan_id))
    ).all()
    return {r.id: (r.kind, r.province_code, r.successor_code) for r in rows}


def scan_detail(conn: Connection, scan_id: int) -> dict[str, Any]:
    """One run: its stats as recorded, and counts of the gaps present in it."""
    r = conn.execute(select(_S).where(_S.c.id == scan_id)).first()
    if r is None:
        raise ScanNotFound(scan_id)
    gaps = _gap_ids(conn, scan_id)
    new = conn.execute(select(_G.c.id).where(_G.c.first_seen_scan_id == scan_id)).scalars().all()
    resolved = conn.execute(select(_G.c.id).where(_G.c.resolved_scan_id == scan_id)).scalars().all()
    out = _scan(r)
    out["counts"] = {
        "gaps": len(gaps),
        "new": len(new),
        "resolved": len(resolved),
        "by_kind": dict(sorted(Counter(k for k, _, _ in gaps.values()).items())),
        "by_province": dict(sorted(Counter(p for _, p, _ in gaps.values()).items())),
        "by_successor": dict(sorted(Counter(s for _, _, s in gaps.values()).items())),
    }
    return out


def diff_scans(conn: Connection, a: int, b: int) -> dict[str, Any]:
    """Gaps present in `b` and not in `a` (appeared), in `a` and not `b` (gone), in both."""
    for sid in (a, b):
        if conn.execute(select(_S.c.id).where(_S.c.id == sid)).first() is None:
            raise ScanNotFound(sid)
    ga = _gap_ids(conn, a)
    gb = _gap_ids(conn, b)
    appeared = sorted(set(gb) - set(ga))
    gone = sorted(set(ga) - set(gb))
    keys = dict(conn.execute(select(_G.c.id, _G.c.key).where(_G.c.id.in_(appeared + gone))).all())
    return {
        "from_scan": a,
        "to_scan": b,
        "appeared": [
            {"id": i, "key": keys.get(i, ""), "kind": gb[i][0], "province_code": gb[i][1]}
            for i in appeared
        ],
        "gone": [
            {"id": i, "key": keys.get(i, ""), "kind": ga[i][0], "province_code": ga[i][1]}
            for i in gone
        ],
        "unchanged": len(set(ga) & set(gb)),
    }
