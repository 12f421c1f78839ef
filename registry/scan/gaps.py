"""Stored gaps: how a scan's findings become rows, how readers list them, and their review state.

One ``gap`` row per finding for life, keyed by its fingerprint (:attr:`GapRecord.key`): a scan that
finds it again updates ``last_seen_scan_id``, score and evidence; a scan of its partition that no
longer finds it sets ``resolved_scan_id``; finding it again later clears that. The finding itself
(province as written, documents, units, texts, spans) is the ``evidence`` JSON column (a
:meth:`GapRecord.to_payload`, spans under its own ``evidence`` key). ``review_state`` belongs to
people: scans never write it; :func:`set_review_state` does, with an audit row in ``review_event``.

Readers only see completed scans: a running or failed scan's rows are invisible because the gap
rows are written in the same transaction that marks the run complete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from registry.scan.diff import GapRecord
from registry.scan.partitions import NATIONAL_PARTITION, is_national, partition_of
from registry.store import models as m

# Review workflow (issue 5): open → confirmed → notified → fixed, or false_positive at any point;
# a false positive or a fixed gap can be reopened by a reviewer.
TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"confirmed", "false_positive"}),
    "confirmed": frozenset({"notified", "false_positive", "open"}),
    "notified": frozenset({"fixed", "false_positive", "confirmed"}),
    "fixed": frozenset({"open"}),
    "false_positive": frozenset({"open"}),
}


class ReviewError(ValueError):
    """A review transition that the workflow does not allow, or an unknown gap. The message is
    Vietnamese (a person reads it); `reason` tells callers which: no_actor, bad_state, missing,
    not_allowed, concurrent."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _chunks(items: Sequence[Any], n: int = 2000) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _row_values(g: GapRecord) -> dict[str, Any]:
    return {
        "kind": g.kind,
        "province_code": g.province_code,
        "successor_code": g.successor_code,
        "procedure_id": g.procedure_id,
        "requirement_id": g.requirement_id,
        "condition_id": g.condition_id,
        "effect_id": g.effect_id,
        "effective": g.effective,
        "score": g.score,
        "evidence": g.to_payload(),
    }


def open_rows_by_partition(conn: Connection) -> dict[str, list[tuple[int, str]]]:
    """Open (unresolved) gap rows, (id, key), by partition."""
    t = m.table_of(m.Gap)
    out: dict[str, list[tuple[int, str]]] = {}
    for r in conn.execute(
        select(t.c.id, t.c.key, t.c.province_code, t.c.successor_code).where(
            t.c.resolved_scan_id.is_(None), t.c.first_seen_scan_id.is_not(None)
        )
    ):
        out.setdefault(partition_of(r.province_code, r.successor_code), []).append((r.id, r.key))
    return out


def apply_run(
    conn: Connection,
    scan_id: int,
    computed: Mapping[str, Sequence[GapRecord]],
    carried: Iterable[str],
) -> dict[str, Any]:
    """Write one run's findings: ``computed`` partitions are replaced by their new gap sets,
    ``carried`` partitions (unchanged inputs) keep their open gaps, seen again by this run."""
    t = m.table_of(m.Gap)
    carried = list(carried)
    if not computed:
        # Nothing re-matched: every open gap of the carried partitions is seen again, in one
        # statement when they are all the partitions with open gaps (the nightly no-change run).
        live = {
            partition_of(r.province_code, r.successor_code)
            for r in conn.execute(
                select(t.c.province_code, t.c.successor_code)
                .where(t.c.resolved_scan_id.is_(None), t.c.first_seen_scan_id.is_not(None))
                .distinct()
            )
        }
        if live <= set(carried):
            done = conn.execute(
                update(t)
                .where(t.c.resolved_scan_id.is_(None), t.c.first_seen_scan_id.is_not(None))
                .values(last_seen_scan_id=scan_id)
            )
            return {
                "new": 0,
                "resolved": 0,
                "still_open": int(done.rowcount),
                "events": {"new": [], "resolved": []},
            }
    open_rows = open_rows_by_partition(conn)
    keyed = [(g.key, g) for gs in computed.values() for g in gs]
    keys = [k for k, _ in keyed]
    known: dict[str, tuple[int, int | None]] = {}
    for chunk in _chunks(sorted(set(keys))):
        for r in conn.execute(
            select(t.c.key, t.c.id, t.c.resolved_scan_id).where(t.c.key.in_(chunk))
        ):
            known[r.key] = (r.id, r.resolved_scan_id)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    new = still = 0
    new_ids: list[int] = []
    seen: set[str] = set()
    for key, g in keyed:
        if key in seen:
            continue
        seen.add(key)
        values = _row_values(g)
        if key in known:
            gap_id, resolved = known[key]
            new += resolved is not None
            still += resolved is None
            if resolved is not None:
                new_ids.append(gap_id)
            updates.append({"b_id": gap_id, **values})
        else:
            new += 1
            inserts.append(
                {
                    "key": key,
                    **values,
                    "first_seen_scan_id": scan_id,
                    "last_seen_scan_id": scan_id,
                    "resolved_scan_id": None,
                    "review_state": "open",
                }
            )
    for chunk in _chunks(inserts):
        conn.execute(insert(t), list(chunk))
        new_ids += conn.execute(
            select(t.c.id).where(t.c.key.in_([r["key"] for r in chunk]))
        ).scalars()
    if updates:
        stmt = (
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values(
                {
                    **{k: bindparam(k) for k in updates[0] if k != "b_id"},
                    "last_seen_scan_id": scan_id,
                    "resolved_scan_id": None,
                }
            )
        )
        for chunk in _chunks(updates):
            conn.execute(stmt, list(chunk))
    gone = [gid for p in computed for gid, key in open_rows.get(p, ()) if key not in seen]
    for chunk in _chunks(gone):
        conn.execute(update(t).where(t.c.id.in_(chunk)).values(resolved_scan_id=scan_id))
    carried_ids = [gid for p in carried for gid, _ in open_rows.get(p, ())]
    for chunk in _chunks(carried_ids):
        conn.execute(update(t).where(t.c.id.in_(chunk)).values(last_seen_scan_id=scan_id))
    return {
        "new": new,
        "resolved": len(gone),
        "still_open": still + len(carried_ids),
        # Which gaps this run found new and which it resolved: the runs' history
        # (registry.queries.scans replays it).
        "events": {"new": sorted(new_ids), "resolved": sorted(gone)},
    }


def counts_of(gaps: Iterable[GapRecord]) -> dict[str, Any]:
    """Counts by kind, province (as coded when written), successor and ministry."""
    gs = list(gaps)
    return {
        "total": len(gs),
        "by_kind": dict(sorted(Counter(g.kind for g in gs).items())),
        "by_province": dict(sorted(Counter(g.province_code for g in gs).items())),
        "by_successor": dict(sorted(Counter(g.successor_code for g in gs).items())),
        "by_ministry": dict(sorted(Counter(g.ministry or "?" for g in gs).items())),
    }


def merge_counts(parts: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total = 0
    agg: dict[str, Counter[str]] = {
        k: Counter() for k in ("by_kind", "by_province", "by_successor", "by_ministry")
    }
    for c in parts:
        total += int(c.get("total", 0))
        for k, counter in agg.items():
            counter.update(c.get(k, {}))
    return {"total": total, **{k: dict(sorted(v.items())) for k, v in agg.items()}}


# --- readers ---------------------------------------------------------------------------------------


def latest_scan(conn: Connection) -> dict[str, Any] | None:
    """The latest run (:func:`registry.queries.scans.latest_run`: complete, not a look back);
    running, failed and partial runs are never shown."""
    from registry.queries.scans import latest_run

    r = latest_run(conn)
    return _scan_dict(r) if r is not None else None


def list_scans(conn: Connection, limit: int = 50) -> list[dict[str, Any]]:
    t = m.table_of(m.ScanRun)
    rows = conn.execute(
        select(t).where(t.c.status == "complete").order_by(t.c.id.desc()).limit(limit)
    )
    return [_scan_dict(r) for r in rows]


def get_scan(conn: Connection, scan_id: int) -> dict[str, Any] | None:
    t = m.table_of(m.ScanRun)
    r = conn.execute(select(t).where(t.c.id == scan_id, t.c.status == "complete")).first()
    return _scan_dict(r) if r is not None else None


def _scan_dict(r: Any) -> dict[str, Any]:
    stats = dict(r.stats or {})
    stats.pop("partitions", None)
    stats.pop("payload", None)
    stats.pop("events", None)
    return {
        "scan_id": r.id,
        "as_of": r.as_of.isoformat(),
        "started_at": r.started_at.isoformat(),
        "finished_at": r.finished_at.isoformat() if r.finished_at else None,
        "status": r.status,
        **stats,
    }


def gap_dict(row: Any, as_of: date | None) -> dict[str, Any]:
    """The public shape of one gap row (what `dkkd gaps --json` and the API return)."""
    rec = GapRecord.from_payload(row.evidence)
    return {
        "id": row.id,
        "key": row.key,
        "kind": rec.kind,
        "province": rec.province,
        "province_code": rec.province_code,
        "successor_code": rec.successor_code,
        "provincial_document": rec.provincial_document,
        "provincial_date": rec.provincial_date.isoformat() if rec.provincial_date else None,
        "procedure_code": rec.procedure_code,
        "procedure_name": rec.procedure_name,
        "requirement_index": rec.requirement_index,
        "requirement_id": rec.requirement_key,
        "requirement_text": rec.requirement_text,
        "document": rec.document,
        "unit": rec.unit,
        "condition_id": rec.condition_key,
        "effect_document": rec.effect_document,
        "effect_unit": rec.effect_unit,
        "effective": rec.effective.isoformat() if rec.effective else None,
        "days_overdue": rec.days_overdue(as_of) if as_of else None,
        "score": rec.score,
        "ministry": rec.ministry,
        "evidence": rec.evidence,
        "first_seen_scan_id": row.first_seen_scan_id,
        "last_seen_scan_id": row.last_seen_scan_id,
        "resolved_scan_id": row.resolved_scan_id,
        "review_state": row.review_state,
    }


def lookback_gap(g: GapRecord, as_of: date) -> dict[str, Any]:
    """A look back's finding in the public shape of :func:`gap_dict` (it has no gap row)."""
    row = SimpleNamespace(
        id=None,
        key=g.key,
        evidence=g.to_payload(),
        first_seen_scan_id=None,
        last_seen_scan_id=None,
        resolved_scan_id=None,
        review_state="",
    )
    return gap_dict(row, as_of)


def list_gaps(
    conn: Connection,
    *,
    province: str | None = None,
    kind: str | None = None,
    review_state: str | None = None,
    include_resolved: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The latest completed scan and its gaps (open ones; resolved too on request), filtered.

    ``province`` is a code, name or former name, read today: it selects the gaps of the
    territories the answering unit covers (all its old provinces for a current unit; only the
    old province for a former name such as "Bình Thuận").
    """
    scan = latest_scan(conn)
    if scan is None:
        return None, []
    t = m.table_of(m.Gap)
    q = select(t).where(t.c.first_seen_scan_id.is_not(None)).order_by(t.c.id)
    if not include_resolved:
        q = q.where(t.c.resolved_scan_id.is_(None))
    if kind:
        q = q.where(t.c.kind == kind)
    if review_state:
        q = q.where(t.c.review_state == review_state)
    if province:
        from parsers.provinces import resolve_province
        from registry.queries.provinces import gaps_in

        if is_national(province):  # the national TTHC database's own procedures
            q = q.where(t.c.successor_code == NATIONAL_PARTITION)
        else:
            # The one resolver, read today; an unknown name raises UnknownProvince (a ValueError).
            q = q.where(gaps_in(t, m.table_of(m.Procedure), resolve_province(province)))
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    as_of = date.fromisoformat(scan["as_of"])
    return scan, [gap_dict(r, as_of) for r in conn.execute(q)]


def get_gap(conn: Connection, gap: int | str) -> dict[str, Any] | None:
    """One gap by row id or fingerprint key, with its review history."""
    t = m.table_of(m.Gap)
    cond = t.c.id == gap if isinstance(gap, int) else t.c.key == gap
    r = conn.execute(select(t).where(cond)).first()
    if r is None:
        return None
    scan = latest_scan(conn)
    out = gap_dict(r, date.fromisoformat(scan["as_of"]) if scan else None)
    out["history"] = review_history(conn, r.id)
    return out


# --- review ------------------------------------------------------------------------------------------


def _state(code: str) -> str:
    """A review state as a person reads it, with the code the CLI's --to takes."""
    from registry.labels import REVIEW_STATE

    return f"{REVIEW_STATE.get(code, code)} ({code})"


def set_review_state(
    engine: Engine, gap: int | str, to_state: str, *, actor: str = "", note: str = ""
) -> dict[str, Any]:
    """Move a gap along the review workflow (audited); scans never touch this state.

    An anonymous review is refused: the audit trail must say who decided.
    """
    if not actor.strip():
        raise ReviewError(
            "xét duyệt cần người thực hiện (ai quyết định), để ghi nhật ký", "no_actor"
        )
    if to_state not in m.REVIEW_STATES:
        raise ReviewError(
            f"trạng thái xét duyệt “{to_state}” không có; chọn một trong: "
            f"{', '.join(m.REVIEW_STATES)}",
            "bad_state",
        )
    t = m.table_of(m.Gap)
    with engine.begin() as conn:
        cond = t.c.id == gap if isinstance(gap, int) else t.c.key == gap
        r = conn.execute(select(t.c.id, t.c.review_state).where(cond)).first()
        if r is None:
            raise ReviewError(f"không có khoảng trống “{gap}”", "missing")
        if to_state != r.review_state and to_state not in TRANSITIONS.get(r.review_state, ()):
            raise ReviewError(
                f"khoảng trống {r.id}: không chuyển được từ “{_state(r.review_state)}” sang "
                f"“{_state(to_state)}” (được phép: "
                f"{', '.join(_state(s) for s in sorted(TRANSITIONS.get(r.review_state, ()))) or 'không'})",
                "not_allowed",
            )
        done = conn.execute(
            update(t)
            .where(t.c.id == r.id, t.c.review_state == r.review_state)
            .values(review_state=to_state)
        )
        if done.rowcount != 1:
            raise ReviewError(
                f"khoảng trống {r.id}: vừa được người khác thay đổi, hãy thử lại", "concurrent"
            )
        conn.execute(
            insert(m.table_of(m.ReviewEvent)),
            [
                {
                    "gap_id": r.id,
                    "from_state": r.review_state,
                    "to_state": to_state,
                    "actor": actor[:120],
                    "note": note,
                    "at": datetime.now(UTC),
                }
            ],
        )
        gap_id = int(r.id)
    with engine.connect() as conn:
        out = get_gap(conn, gap_id)
    assert out is not None
    return out


def review_history(conn: Connection, gap_id: int) -> list[dict[str, Any]]:
    t = m.table_of(m.ReviewEvent)
    return [
        {
            "from_state": r.from_state,
            "to_state": r.to_state,
            "actor": r.actor,
            "note": r.note,
            "at": r.at.isoformat(),
        }
        for r in conn.execute(select(t).where(t.c.gap_id == gap_id).order_by(t.c.id))
    ]
