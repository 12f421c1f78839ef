"""The scoreboard: conditions in force and cut by ministry and business line over time, gaps by
province in the 63-unit and 34-unit views, and headline figures, all computed from the registry."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from parsers import provinces as pv
from registry.queries.common import TABLES, counts_by
from registry.queries.scans import latest_run
from registry.queries.stats import statuses_on

_CBL = TABLES["condition_business_line"]
_G = TABLES["gap"]
_S = TABLES["scan_run"]
_D = TABLES["document"]
_P = TABLES["procedure"]


def _years(conn: Connection, today: date) -> list[date]:
    """Year-end snapshot dates from the earliest dated status to today (today last)."""
    cs = TABLES["condition_status"]
    first = conn.execute(select(func.min(cs.c.valid_from))).scalar()
    if first is None:
        return [today]
    start = first.year if isinstance(first, date) else date.fromisoformat(str(first)).year
    days = [date(y, 12, 31) for y in range(start, today.year)]
    return [*days[-15:], today]


def scoreboard(conn: Connection, today: date | None = None) -> dict[str, Any]:
    day = today or date.today()
    lines: dict[int, list[str]] = defaultdict(list)
    for cid, num in conn.execute(select(_CBL.c.condition_id, _CBL.c.business_line_number)):
        lines[cid].append(num)
    snapshots = _years(conn, day)
    by_ministry: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_line_now: dict[str, Counter[str]] = defaultdict(Counter)
    over_time: list[dict[str, Any]] = []
    existing = 0
    for snap in snapshots:
        totals: Counter[str] = Counter()
        per_min: dict[str, Counter[str]] = defaultdict(Counter)
        # The same statuses `dkkd stats` counts: a condition not yet enacted on `snap` is absent.
        conds = statuses_on(conn, snap)
        existing = len(conds)
        for c in conds:
            st = "in_force" if c.status == "amended" else c.status
            totals[st] += 1
            per_min[c.ministry or "?"][st] += 1
            if snap == day:
                for num in lines.get(c.id, ()) or ("?",):
                    by_line_now[num][st] += 1
        over_time.append({"date": snap.isoformat(), **_counts(totals)})
        for mn, cnt in per_min.items():
            by_ministry[mn].append({"date": snap.isoformat(), **_counts(cnt)})
    now = over_time[-1]
    active = _G.c.resolved_scan_id.is_(None)
    gap_old = counts_by(conn, _G.c.province_code, active)
    gap_new = counts_by(conn, _G.c.successor_code, active)
    states = counts_by(conn, _G.c.review_state)
    kinds = counts_by(conn, _G.c.kind, active)
    last_scan = latest_run(conn)  # the one the gap listing reflects
    open_gaps = int(sum(gap_old.values()))
    return {
        "as_of": day.isoformat(),
        "headline": {
            "conditions": existing,
            "in_force": now["in_force"],
            "cut": now["cut"],
            "unknown": now["unknown"],
            "cut_share": round(now["cut"] / existing, 4) if existing else 0.0,
            "documents": int(conn.execute(select(func.count()).select_from(_D)).scalar_one()),
            "procedures": int(conn.execute(select(func.count()).select_from(_P)).scalar_one()),
            "gaps_active": open_gaps,
            "gaps_by_kind": {k: int(v) for k, v in sorted(kinds.items())},
            "gaps_by_state": {k: int(v) for k, v in sorted(states.items())},
            "provinces_with_gaps_63": sum(1 for k, v in gap_old.items() if k and v > 0),
            "provinces_with_gaps_34": sum(1 for k, v in gap_new.items() if k and v > 0),
            "last_scan": (
                {
                    "id": last_scan.id,
                    "as_of": last_scan.as_of.isoformat(),
                    "status": last_scan.status,
                }
                if last_scan is not None
                else None
            ),
        },
        "conditions_over_time": over_time,
        "conditions_by_ministry": [
            {"ministry": mn, "series": series} for mn, series in sorted(by_ministry.items())
        ],
        "conditions_by_business_line": [
            {"business_line": num, **_counts(cnt)}
            for num, cnt in sorted(by_line_now.items(), key=lambda kv: _num(kv[0]))
        ],
        "gaps_by_province_63": [
            {"code": p.code, "name": p.name, "gaps": int(gap_old.get(p.code, 0))}
            for p in pv.OLD_PROVINCES
        ],
        "gaps_by_province_34": [
            {"code": p.code, "name": p.name, "gaps": int(gap_new.get(p.code, 0))}
            for p in pv.NEW_PROVINCES
        ],
    }


def _counts(c: Counter[str]) -> dict[str, int]:
    return {"in_force": c["in_force"], "cut": c["cut"], "unknown": c["unknown"]}


def _num(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 10**6, number)
