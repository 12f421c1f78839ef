"""Counts on a date: conditions by status, ministry and business line, KTCN lines, effects (`dkkd stats`,
and through :func:`statuses_on` the scoreboard of /v1/stats).

A condition's status on a date is the status interval holding that date. A condition with no
interval holding the date did not exist yet (its document had not commenced, or it was inserted
later) and is left out; one whose data proves nothing is ``unknown``, never ``in_force``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from registry.interval import holds_sql
from registry.queries.ktcn import ktcn_line_counts
from registry.store import models as m


def _holds(table: Any, on: date) -> Any:
    return holds_sql(table.c.valid_from, table.c.valid_to, on)


def _status_counts(rows: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for key, status in rows:
        out[key or "(unknown)"][status] += 1
    return {
        k: {
            "total": sum(v.values()),
            "in_force": v["in_force"] + v["amended"],
            "amended": v["amended"],
            "cut": v["cut"],
            "unknown": v["unknown"],
        }
        for k, v in sorted(out.items())
    }


def statuses_on(conn: Connection, on: date) -> list[Any]:
    """(id, ministry, status) of every condition existing on `on`: the one count both `dkkd stats`
    and the scoreboard make. A condition whose document had not commenced is not there at all
    (not "unknown")."""
    c = m.table_of(m.Condition)
    s = m.table_of(m.ConditionStatus)
    return list(
        conn.execute(
            select(c.c.id, c.c.ministry, s.c.status)
            .join(s, s.c.condition_id == c.c.id)
            .where(_holds(s, on))
        ).all()
    )


def stats(conn: Connection, as_of: date) -> dict[str, Any]:
    """Conditions in force / cut / unknown per ministry and business line; KTCN lines in force / cut.

    `in_force` includes `amended` (in force, reworded), reported apart as well. KTCN lines are
    in force from their list's commencement (or the date of the compiled list that shows them),
    cut from their `valid_to`, unknown when no date proves either.
    """
    cbl = m.table_of(m.ConditionBusinessLine)
    rows = statuses_on(conn, as_of)
    status_of = {r.id: r.status for r in rows}
    total = Counter(r.status for r in rows)
    by_line_rows: list[tuple[str, str]] = []
    linked: set[int] = set()
    for r in conn.execute(select(cbl.c.condition_id, cbl.c.business_line_number)):
        if r.condition_id in status_of:
            by_line_rows.append((r.business_line_number, status_of[r.condition_id]))
            linked.add(r.condition_id)
    by_line_rows.extend(("(none)", st) for cid, st in status_of.items() if cid not in linked)

    ktcn = ktcn_line_counts(conn, as_of)
    e = m.table_of(m.Effect)
    return {
        "as_of": as_of.isoformat(),
        "conditions": {
            "total": len(rows),
            "in_force": total["in_force"] + total["amended"],
            "amended": total["amended"],
            "cut": total["cut"],
            "unknown": total["unknown"],
            "by_ministry": _status_counts([(r.ministry, r.status) for r in rows]),
            "by_business_line": _status_counts(by_line_rows),
        },
        "ktcn": ktcn,
        "effects": {
            "total": conn.execute(select(func.count()).select_from(e)).scalar_one(),
            "unapplied": conn.execute(
                select(func.count()).select_from(e).where(e.c.applied.is_(False))
            ).scalar_one(),
        },
    }


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows per table (tests and `dkkd stats --json` use it to show nothing changed)."""
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        for t in m.metadata.sorted_tables
    }
