"""Read queries over the registry, all `as_of` aware; the API and the CLI are thin layers over them.

A condition's status on a date is the status interval holding that date. A condition with no
interval holding the date did not exist yet (its document had not commenced, or it was inserted
later) and is left out; one whose data proves nothing is ``unknown``, never ``in_force``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from registry.consolidation.provision_text import texts_on
from registry.interval import holds, holds_sql
from registry.store import models as m

# Statuses that count as "in force" in totals ("amended" = in force, reworded).
IN_FORCE = ("in_force", "amended")


def _holds(table: Any, on: date) -> Any:
    return holds_sql(table.c.valid_from, table.c.valid_to, on)


@dataclass(slots=True)
class ConditionView:
    id: int
    key: str
    document: str
    unit_id: str
    heading: str
    text: str
    type: str
    ministry: str
    status: str
    valid_from: date | None
    valid_to: date | None
    effect_id: int | None
    reason: str
    business_lines: list[str] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__}
        for k in ("valid_from", "valid_to"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def conditions_as_of(
    conn: Connection,
    as_of: date,
    *,
    status: str | None = None,
    ministry: str | None = None,
    document: str | None = None,
    business_line: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ConditionView]:
    """Conditions existing on `as_of` with their status then, filtered; ordered by id."""
    c = m.table_of(m.Condition)
    s = m.table_of(m.ConditionStatus)
    cbl = m.table_of(m.ConditionBusinessLine)
    q = (
        select(
            c.c.id,
            c.c.key,
            c.c.document_id,
            c.c.document_number,
            c.c.unit_id,
            c.c.heading,
            c.c.text,
            c.c.type,
            c.c.ministry,
            c.c.quantities,
            s.c.status,
            s.c.valid_from,
            s.c.valid_to,
            s.c.effect_id,
            s.c.reason,
        )
        .join(s, s.c.condition_id == c.c.id)
        .where(_holds(s, as_of))
        .order_by(c.c.id)
    )
    if status == "in_force":
        q = q.where(s.c.status.in_(IN_FORCE))
    elif status:
        q = q.where(s.c.status == status)
    if ministry:
        q = q.where(c.c.ministry == ministry)
    if document:
        from parsers.normalize import normalize_number

        q = q.where(c.c.document_number == normalize_number(document))
    if type:
        q = q.where(c.c.type == type)
    if business_line:
        q = q.where(
            c.c.id.in_(
                select(cbl.c.condition_id).where(cbl.c.business_line_number == business_line)
            )
        )
    if limit is not None:
        q = q.limit(limit).offset(offset)
    rows = conn.execute(q).all()
    lines: dict[int, list[str]] = defaultdict(list)
    if rows:
        ids = [r.id for r in rows]
        for i in range(0, len(ids), 5000):
            for r in conn.execute(
                select(cbl.c.condition_id, cbl.c.business_line_number)
                .where(cbl.c.condition_id.in_(ids[i : i + 5000]))
                .order_by(cbl.c.rank)
            ):
                lines[r.condition_id].append(r.business_line_number)
    # The words in force on `as_of` (registry.consolidation.provision_text), not the stored original.
    said = texts_on(
        conn,
        [(r.document_id, r.unit_id) for r in rows],
        as_of,
        {(r.document_id, r.unit_id): r.text for r in rows},
    )
    return [
        ConditionView(
            id=r.id,
            key=r.key,
            document=r.document_number,
            unit_id=r.unit_id,
            heading=r.heading,
            text=said[(r.document_id, r.unit_id)].text,
            type=r.type,
            ministry=r.ministry,
            status=r.status,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            effect_id=r.effect_id,
            reason=r.reason,
            business_lines=lines.get(r.id, []),
            quantities=list(r.quantities or []),
        )
        for r in rows
    ]


def condition_history(conn: Connection, condition_id: int) -> list[dict[str, Any]]:
    """Every dated status of a condition, oldest first, with the effect that caused each."""
    s = m.table_of(m.ConditionStatus)
    e = m.table_of(m.Effect)
    q = (
        select(
            s.c.status,
            s.c.valid_from,
            s.c.valid_to,
            s.c.reason,
            s.c.effect_id,
            e.c.op,
            e.c.by_document,
            e.c.by_unit,
            e.c.evidence,
        )
        .outerjoin(e, e.c.id == s.c.effect_id)
        .where(s.c.condition_id == condition_id)
        .order_by(s.c.valid_from.asc().nulls_first())
    )
    return [
        {
            "status": r.status,
            "valid_from": r.valid_from.isoformat() if r.valid_from else None,
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            "reason": r.reason,
            "effect": None
            if r.effect_id is None
            else {
                "id": r.effect_id,
                "op": r.op,
                "by_document": r.by_document,
                "by_unit": r.by_unit,
                "evidence": r.evidence,
            },
        }
        for r in conn.execute(q)
    ]


def unapplied_effects(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """Effects whose target is not (yet) in the registry, with the reason; never dropped."""
    e = m.table_of(m.Effect)
    q = (
        select(
            e.c.id,
            e.c.op,
            e.c.target_document,
            e.c.target_unit,
            e.c.by_document,
            e.c.effective,
            e.c.unapplied_reason,
        )
        .where(e.c.applied.is_(False))
        .order_by(e.c.id)
        .limit(limit)
    )
    return [
        {**r._asdict(), "effective": r.effective.isoformat() if r.effective else None}
        for r in conn.execute(q)
    ]


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


def _ktcn_line_key(
    hs: str, inspection_type: str, list_document: str, origin: str
) -> tuple[str, ...]:
    """A goods line on one ministry's KTCN list: HS code × inspection type × list issuer.

    A circular that replaces an appendix re-lists the lines it keeps: under the same issuer code
    (`TT-BYT`) they are the same goods lines continuing, not new ones.
    """
    issuer = list_document.rpartition("/")[2] or list_document
    return (origin, hs, inspection_type, issuer)


def ktcn_line_counts(conn: Connection, as_of: date) -> dict[str, Any]:
    """KTCN goods lines in force / cut / not yet / unknown on `as_of`, and lines by agency.

    A line is in force when one of its listings is (from its list's commencement, or the date of
    the compiled list that shows it, until its `valid_to`); cut when every listing has ended;
    not yet when its list commences later; unknown when no date proves either (a line known only
    from a compiled list, before that list's date).
    """
    k = m.table_of(m.KtcnItem)
    start_of = func.coalesce(k.c.valid_from, k.c.listed_on).label("start")
    listings: dict[tuple[str, ...], list[tuple[date | None, date | None]]] = defaultdict(list)
    # Listings whose start is only the compiled list's snapshot date: in force from then, but
    # nothing says they were not listed before (no "not yet" on that evidence).
    snapshot_only: set[tuple[str, ...]] = set()
    agency_of: dict[tuple[str, ...], str] = {}
    rows = conn.execute(
        select(
            k.c.hs,
            k.c.inspection_type,
            k.c.list_document,
            k.c.origin,
            k.c.agency,
            start_of,
            k.c.valid_from,
            k.c.valid_to,
            k.c.cut_by_effect_id,
        )
    ).all()
    # A listing that ended without a cutting effect is continued by a replacing list (another
    # issuer's, perhaps): the line is one line, under the key of the listing that continues it.
    starts = {(r.origin, r.hs, r.inspection_type, r.valid_from): r for r in rows if r.valid_from}
    line_of: dict[tuple[str, ...], tuple[str, ...]] = {}

    def _line(key: tuple[str, ...]) -> tuple[str, ...]:
        while key in line_of:
            key = line_of[key]
        return key

    for r in rows:
        if r.valid_to is not None and r.cut_by_effect_id is None:
            nxt = starts.get((r.origin, r.hs, r.inspection_type, r.valid_to))
            if nxt is not None:
                a = _line(_ktcn_line_key(r.hs, r.inspection_type, r.list_document, r.origin))
                b = _line(
                    _ktcn_line_key(nxt.hs, nxt.inspection_type, nxt.list_document, nxt.origin)
                )
                if a != b:
                    line_of[a] = b
    for r in rows:
        key = _line(_ktcn_line_key(r.hs, r.inspection_type, r.list_document, r.origin))
        listings[key].append((r.start, r.valid_to))
        if r.valid_from is None and r.start is not None:
            snapshot_only.add(key)
        agency_of.setdefault(key, r.agency or "(unknown)")
    counts: Counter[str] = Counter()
    for key, spans in listings.items():
        # An undated listing proves nothing: only a dated one can make the line in force.
        if any(st is not None and holds(st, end, as_of) for st, end in spans):
            counts["in_force"] += 1
        elif any(end is not None and end <= as_of for _st, end in spans) and not any(
            st is not None and st > as_of for st, _end in spans
        ):
            counts["cut"] += 1
        elif key not in snapshot_only and all(st is not None and st > as_of for st, _end in spans):
            counts["not_yet"] += 1
        else:
            counts["unknown"] += 1
    return {
        "total": len(listings),
        "in_force": counts["in_force"],
        "cut": counts["cut"],
        "not_yet": counts["not_yet"],
        "unknown": counts["unknown"],
        "by_agency": dict(sorted(Counter(agency_of.values()).items())),
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
