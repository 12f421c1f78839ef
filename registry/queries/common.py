"""Helpers every read query shares: pages, dates as JSON, a condition's status on a date.

Queries return plain dicts and lists (JSON-ready), so the API stays a thin layer that only
validates parameters and chooses a response format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from registry.interval import holds, holds_sql
from registry.store import models as m

MAX_PAGE_SIZE = 500

# The schema's tables by name, typed as SQLAlchemy Tables (Core queries read through these).
TABLES = m.metadata.tables


@dataclass(frozen=True, slots=True)
class Page:
    """1-based page number and size, clamped to sane bounds."""

    number: int = 1
    size: int = 50

    @property
    def offset(self) -> int:
        return (max(self.number, 1) - 1) * self.limit

    @property
    def limit(self) -> int:
        return min(max(self.size, 1), MAX_PAGE_SIZE)


def counts_by(conn: Connection, column: Any, *where: Any) -> dict[str, int]:
    """``{value: rows}`` of `column`'s table grouped by `column` (None becomes "")."""
    q = select(column, func.count()).group_by(column)
    if where:
        q = q.where(*where)
    return {("" if k is None else str(k)): int(n) for k, n in conn.execute(q).all()}


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# The registry's one interval rule, under the name the queries use (see registry.interval).
valid_on = holds_sql


def status_on(intervals: Sequence[dict[str, Any]], on: date) -> dict[str, Any] | None:
    """The interval (as returned by :func:`condition_statuses`) in force on `on`, or None.

    Intervals with an unknown start are taken to hold only when nothing dated does: a dated
    status is proof, an undated one is not.
    """
    undated: dict[str, Any] | None = None
    for iv in intervals:
        start = date.fromisoformat(iv["valid_from"]) if iv["valid_from"] else None
        end = date.fromisoformat(iv["valid_to"]) if iv["valid_to"] else None
        if holds(start, end, on):
            if start is None:
                undated = iv
            else:
                return iv
    return undated


def condition_statuses(
    conn: Connection, condition_ids: Iterable[int]
) -> dict[int, list[dict[str, Any]]]:
    """Each condition's dated statuses (oldest first) with the effect that caused each."""
    ids = list(condition_ids)
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    cs = TABLES["condition_status"]
    ef = TABLES["effect"]
    rows = conn.execute(
        select(
            cs.c.condition_id,
            cs.c.status,
            cs.c.valid_from,
            cs.c.valid_to,
            cs.c.reason,
            cs.c.effect_id,
            ef.c.op,
            ef.c.by_document,
            ef.c.by_unit,
            ef.c.effective,
            ef.c.evidence,
        )
        .select_from(cs.outerjoin(ef, ef.c.id == cs.c.effect_id))
        .where(cs.c.condition_id.in_(ids))
        .order_by(cs.c.condition_id, cs.c.valid_from.is_not(None), cs.c.valid_from, cs.c.id)
    ).all()
    for r in rows:
        out[r.condition_id].append(
            {
                "status": r.status,
                "valid_from": iso(r.valid_from),
                "valid_to": iso(r.valid_to),
                "reason": r.reason,
                "effect": effect_ref(r) if r.effect_id is not None else None,
            }
        )
    return out


def effect_ref(r: Any) -> dict[str, Any]:
    """The short form of an effect a status or gap points to (needs op/by_*/effective/evidence)."""
    return {
        "id": r.effect_id,
        "op": r.op,
        "by_document": r.by_document,
        "by_unit": r.by_unit,
        "effective": iso(r.effective),
        "evidence": r.evidence,
    }


def effect_dict(conn: Connection, effect_id: int | None) -> dict[str, Any] | None:
    if effect_id is None:
        return None
    ef = TABLES["effect"]
    r = conn.execute(select(ef).where(ef.c.id == effect_id)).first()
    if r is None:
        return None
    return {
        "id": r.id,
        "op": r.op,
        "target_document": r.target_document,
        "target_unit": r.target_unit,
        "by_document": r.by_document,
        "by_unit": r.by_unit,
        "effective": iso(r.effective),
        "evidence": r.evidence,
        "new_text": r.new_text,
        "old_text": r.old_text,
        "source": r.source,
        "applied": r.applied,
        "unapplied_reason": r.unapplied_reason,
    }
