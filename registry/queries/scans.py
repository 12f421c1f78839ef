"""Read queries over scan runs: the latest, the list, one run's counts, what changed between two.

The *latest* run is the newest complete run that is not a look back: a scan with an earlier
``as_of`` than the latest (``dkkd scan --as-of 2019-01-01`` after the nightly run) answers for its
date only. It leaves the gap rows alone and keeps its findings in its own stats (``lookback``,
``payload``), so the nightly run that follows compares with the nightly run before it.

Which gaps a run held: each run records the gaps it found new (first seen or reopened) and the
ones it resolved (``stats.events``), so replaying the runs up to N gives the gaps present in N,
also for a gap that went and came back. Runs written before events were recorded fall back to
the gap rows' single interval (``first_seen <= N <= last_seen``, not resolved by N). A look back's
gaps are those of its payload. ``dkkd scan``'s new/resolved counts, :func:`diff_scans` between a
run and the one before it, and a gap's scan history (:func:`gap_presence`) read the same record.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from registry.queries.common import TABLES, iso

_S = TABLES["scan_run"]
_G = TABLES["gap"]


class ScanNotFound(LookupError):
    pass


def is_lookback(r: Any) -> bool:
    return bool((r.stats or {}).get("lookback"))


def latest_run(conn: Connection) -> Any:
    """The latest complete run that is not a look back (the one the gap rows reflect), or None."""
    for r in conn.execute(select(_S).where(_S.c.status == "complete").order_by(_S.c.id.desc())):
        if not is_lookback(r):
            return r
    return None


def _scan(r: Any) -> dict[str, Any]:
    stats = dict(r.stats or {})
    stats.pop("payload", None)
    stats.pop("events", None)
    return {
        "id": r.id,
        "started_at": iso(r.started_at),
        "finished_at": iso(r.finished_at),
        "as_of": iso(r.as_of),
        "status": r.status,
        "lookback": bool(stats.get("lookback")),
        "stats": stats,
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


def _runs(conn: Connection, upto: int | None = None) -> list[Any]:
    """Complete runs that are not look backs, oldest first (up to `upto`)."""
    q = select(_S.c.id, _S.c.stats).where(_S.c.status == "complete").order_by(_S.c.id)
    if upto is not None:
        q = q.where(_S.c.id <= upto)
    return [r for r in conn.execute(q) if not is_lookback(r)]


def _has_events(r: Any) -> bool:
    return "events" in (r.stats or {})


def _present_ids(conn: Connection, scan_id: int) -> set[int] | None:
    """Ids of the gaps present in run `scan_id`, replayed from the runs' events; runs written
    before events were recorded give the base (the gap rows' interval); None when the run itself
    has no events (the caller reads the gap rows' interval)."""
    runs = _runs(conn, scan_id)
    if not runs or not _has_events(runs[-1]):
        return None
    old = [i for i, r in enumerate(runs) if not _has_events(r)]
    present: set[int] = set()
    if old:
        base = runs[old[-1]].id
        present = set(conn.execute(select(_G.c.id).where(_present(base))).scalars())
        runs = runs[old[-1] + 1 :]
    for r in runs:
        ev = r.stats["events"]
        present |= set(ev.get("new", ()))
        present -= set(ev.get("resolved", ()))
    return present


def _gap_ids(conn: Connection, scan_id: int) -> dict[int | str, tuple[str, str, str]]:
    """The gaps present in run `scan_id`: gap id (or key, for a look back's finding that no
    gap row holds) → (kind, province code, successor code)."""
    run = conn.execute(select(_S).where(_S.c.id == scan_id)).first()
    if run is not None and is_lookback(run):
        found = [d for ds in (run.stats.get("payload") or {}).values() for d in ds]
        keys = sorted({_key_of(d) for d in found})
        by_key: dict[str, int] = {}
        for i in range(0, len(keys), 2000):
            by_key.update(
                conn.execute(
                    select(_G.c.key, _G.c.id).where(_G.c.key.in_(keys[i : i + 2000]))
                ).all()
            )
        return {
            by_key.get(_key_of(d), _key_of(d)): (
                d["kind"],
                d["province_code"],
                d["successor_code"],
            )
            for d in found
        }
    ids = _present_ids(conn, scan_id)
    if ids is not None:
        present = sorted(ids)
        rows = [
            r
            for i in range(0, len(present), 2000)
            for r in conn.execute(
                select(_G.c.id, _G.c.kind, _G.c.province_code, _G.c.successor_code).where(
                    _G.c.id.in_(present[i : i + 2000])
                )
            )
        ]
    else:
        rows = list(
            conn.execute(
                select(_G.c.id, _G.c.kind, _G.c.province_code, _G.c.successor_code).where(
                    _present(scan_id)
                )
            )
        )
    return {r.id: (r.kind, r.province_code, r.successor_code) for r in rows}


def gap_ids_of_run(conn: Connection, scan_id: int) -> dict[str, str]:
    """Gap key → partition of every gap present in run `scan_id` (for a look back's comparison)."""
    from registry.scan.partitions import partition_of

    present = _gap_ids(conn, scan_id)
    ids = [i for i in present if isinstance(i, int)]
    keys: dict[int, str] = {}
    for i in range(0, len(ids), 2000):
        keys.update(
            conn.execute(select(_G.c.id, _G.c.key).where(_G.c.id.in_(ids[i : i + 2000]))).all()
        )
    return {
        (keys[i] if isinstance(i, int) else i): partition_of(v[1], v[2])
        for i, v in present.items()
        if not isinstance(i, int) or i in keys
    }


def _key_of(payload: dict[str, Any]) -> str:
    from registry.scan.diff import GapRecord

    return GapRecord.from_payload(payload).key


def gap_presence(conn: Connection, g: Any) -> list[dict[str, Any]]:
    """Every complete run since gap row `g` was first seen: present in it or not, and the event
    (first_seen, seen, resolved, reopened, absent). A look back is listed with its date and
    whether its findings hold the gap, and changes nothing in the gap's own story."""
    if g.first_seen_scan_id is None:
        return []
    runs = conn.execute(
        select(_S.c.id, _S.c.started_at, _S.c.as_of, _S.c.status, _S.c.stats)
        .where(_S.c.id >= g.first_seen_scan_id, _S.c.status == "complete")
        .order_by(_S.c.id)
    ).all()
    out = []
    before = False
    for s in runs:
        look = is_lookback(s)
        if look:
            present = g.key in {
                _key_of(d) for ds in s.stats.get("payload", {}).values() for d in ds
            }
            event = "lookback"
        elif _has_events(s):
            ev = s.stats["events"]
            present = (before or g.id in ev.get("new", ())) and g.id not in ev.get("resolved", ())
            event = (
                ("first_seen" if s.id == g.first_seen_scan_id else "reopened")
                if present and not before
                else "resolved"
                if before and not present
                else "seen"
                if present
                else "absent"
            )
            before = present
        else:  # a run written before events were recorded: the gap row's interval
            present = s.id <= (g.last_seen_scan_id or 0) and (
                g.resolved_scan_id is None or s.id < g.resolved_scan_id
            )
            event = (
                "first_seen"
                if s.id == g.first_seen_scan_id
                else "resolved"
                if s.id == g.resolved_scan_id
                else "seen"
                if present
                else "absent"
            )
            before = present
        out.append(
            {
                "scan_id": s.id,
                "started_at": iso(s.started_at),
                "as_of": iso(s.as_of),
                "status": s.status,
                "lookback": look,
                "present": present,
                "event": event,
            }
        )
    return out


def scan_detail(conn: Connection, scan_id: int) -> dict[str, Any]:
    """One run: its stats as recorded, and counts of the gaps present in it."""
    r = conn.execute(select(_S).where(_S.c.id == scan_id)).first()
    if r is None:
        raise ScanNotFound(scan_id)
    gaps = _gap_ids(conn, scan_id)
    st = r.stats or {}
    if "events" in st or is_lookback(r):
        new_n, resolved_n = int(st.get("new", 0)), int(st.get("resolved", 0))
    else:
        new_n = len(
            conn.execute(select(_G.c.id).where(_G.c.first_seen_scan_id == scan_id)).scalars().all()
        )
        resolved_n = len(
            conn.execute(select(_G.c.id).where(_G.c.resolved_scan_id == scan_id)).scalars().all()
        )
    out = _scan(r)
    out["counts"] = {
        "gaps": len(gaps),
        "new": new_n,
        "resolved": resolved_n,
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
    appeared = sorted(set(gb) - set(ga), key=str)
    gone = sorted(set(ga) - set(gb), key=str)
    ids = [i for i in appeared + gone if isinstance(i, int)]
    keys: dict[int | str, str] = dict(
        conn.execute(select(_G.c.id, _G.c.key).where(_G.c.id.in_(ids))).all()
    )
    keys.update({i: i for i in appeared + gone if isinstance(i, str)})
    return {
        "from_scan": a,
        "to_scan": b,
        "appeared": [
            {
                "id": i if isinstance(i, int) else None,
                "key": keys.get(i, ""),
                "kind": gb[i][0],
                "province_code": gb[i][1],
            }
            for i in appeared
        ],
        "gone": [
            {
                "id": i if isinstance(i, int) else None,
                "key": keys.get(i, ""),
                "kind": ga[i][0],
                "province_code": ga[i][1],
            }
            for i in gone
        ],
        "unchanged": len(set(ga) & set(gb)),
    }
