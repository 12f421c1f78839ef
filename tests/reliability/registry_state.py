"""What a registry holds, compared across runs: integrity checks and a canonical dump.

The crash harness (:mod:`tests.reliability.crash`) and the concurrency tests need three questions
answered about a database, on SQLite and PostgreSQL alike:

* is it corrupt? (SQLite's own checks, and every foreign key pointing at a row that exists);
* which rows does it hold, independent of surrogate ids and clocks? PostgreSQL sequences are not
  transactional, so a killed run that rolled back still consumed ids; two registries with the
  same content can differ in every id and timestamp. The canonical dump drops ids, foreign-key
  ids and times (a time column becomes "set or not"), and drops id-like keys inside JSON;
* which rows did it hold before, and are they still there unchanged?
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, select, text

from registry.store import models as m

# JSON keys that carry ids or clock readings rather than content.
_VOLATILE_KEYS = {"seconds", "workers", "merged_from", "merged_into"}


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _strip(v)
            for k, v in sorted(value.items())
            if k != "id" and not k.endswith("_id") and k not in _VOLATILE_KEYS
        }
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _is_time(col: Any) -> bool:
    t = col.type
    impl = getattr(t, "impl", t)
    return isinstance(t, DateTime) or isinstance(impl, DateTime) or "DateTime" in type(t).__name__


def _row_content(table: Any, row: Mapping[str, Any]) -> str:
    out: dict[str, Any] = {}
    for col in table.columns:
        name = col.name
        if name == "id":
            continue
        value = row[name]
        if name.endswith("_id") or col.foreign_keys or _is_time(col):
            value = value is not None  # ids and clocks differ between equal registries
        out[name] = _strip(value)
    return json.dumps(out, sort_keys=True, default=str, ensure_ascii=False)


def canonical_rows(conn: Connection, *, complete_scans_only: bool = True) -> dict[str, list[str]]:
    """Every registry table as a sorted list of canonical row strings.

    Scan runs that never completed (``running`` rows left by a killed scan) are invisible to
    readers by contract, so they are left out unless ``complete_scans_only`` is False.
    """
    out: dict[str, list[str]] = {}
    for table in m.metadata.sorted_tables:
        q = select(table)
        if table.name == "scan_run" and complete_scans_only:
            q = q.where(table.c.status == "complete")
        rows = [_row_content(table, r._mapping) for r in conn.execute(q)]
        out[table.name] = sorted(rows)
    return out


def digest(rows: Mapping[str, list[str]], tables: Iterable[str] | None = None) -> str:
    h = hashlib.sha256()
    for name in sorted(tables if tables is not None else rows):
        h.update(name.encode())
        for r in rows.get(name, []):
            h.update(r.encode())
            h.update(b"\n")
    return h.hexdigest()


def diff_summary(a: Mapping[str, list[str]], b: Mapping[str, list[str]], limit: int = 3) -> str:
    """Human-readable difference between two canonical dumps (first rows of each side)."""
    lines = []
    for name in sorted(set(a) | set(b)):
        ra, rb = set(a.get(name, [])), set(b.get(name, []))
        if ra == rb and len(a.get(name, [])) == len(b.get(name, [])):
            continue
        only_a, only_b = sorted(ra - rb), sorted(rb - ra)
        lines.append(
            f"{name}: {len(a.get(name, []))} vs {len(b.get(name, []))} rows, "
            f"{len(only_a)} only left, {len(only_b)} only right"
        )
        lines.extend(f"  - {r[:300]}" for r in only_a[:limit])
        lines.extend(f"  + {r[:300]}" for r in only_b[:limit])
    return "\n".join(lines)


def integrity_problems(engine: Engine) -> list[str]:
    """Corruption and dangling references; an empty list means the registry is sound."""
    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            res = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            if res != ["ok"]:
                problems.append(f"integrity_check: {res[:5]}")
            fk = conn.execute(text("PRAGMA foreign_key_check")).all()
            if fk:
                problems.append(f"foreign_key_check: {len(fk)} rows, first {tuple(fk[0])}")
        # Every foreign key of the schema, checked by a join (on both backends: PostgreSQL
        # enforces them, but this also proves nothing was written around the constraints).
        for table in m.metadata.sorted_tables:
            for fk_obj in table.foreign_keys:
                col = fk_obj.parent
                target = fk_obj.column
                q = text(
                    f'SELECT COUNT(*) FROM "{table.name}" c WHERE c."{col.name}" IS NOT NULL '
                    f'AND NOT EXISTS (SELECT 1 FROM "{target.table.name}" p '
                    f'WHERE p."{target.name}" = c."{col.name}")'
                )
                n = conn.execute(q).scalar_one()
                if n:
                    problems.append(f"{table.name}.{col.name}: {n} rows point at no {target}")
    return problems


def scan_runs(conn: Connection) -> list[tuple[int, str]]:
    t = m.table_of(m.ScanRun)
    return [(r.id, r.status) for r in conn.execute(select(t.c.id, t.c.status).order_by(t.c.id))]


def missing_rows(before: Mapping[str, list[str]], after: Mapping[str, list[str]]) -> dict[str, int]:
    """Rows (as multisets) of ``before`` that ``after`` no longer holds, per table."""
    out: dict[str, int] = {}
    for name, rows in before.items():
        left: dict[str, int] = {}
        for r in after.get(name, []):
            left[r] = left.get(r, 0) + 1
        lost = 0
        for r in rows:
            if left.get(r, 0):
                left[r] -= 1
            else:
                lost += 1
        if lost:
            out[name] = lost
    return out


# What "earlier data" means after a later ingest or scan ran (or was killed): the columns a later
# run must never change. Derived tables (statuses, links) are recomputed by consolidation and are
# compared through the final-state dump instead; `None` means every non-volatile column.
DURABLE: dict[str, tuple[str, ...] | None] = {
    "source_file": ("path", "sha256", "size", "format", "kind"),
    "document": ("identity", "issuer", "number", "title"),
    "document_version": ("path", "version_no", "origin", "effective"),
    "provision": None,
    "effect": ("op", "target_document", "target_unit", "by_document", "by_unit", "new_text"),
    "condition": ("key", "document_number", "unit_id", "text"),
    "procedure": ("code", "name", "province_code", "decision_number", "position"),
    "procedure_requirement": None,
    "procedure_legal_basis": None,
    "business_line": ("number", "name", "list_document", "position"),
    "ktcn_item": ("hs", "description", "list_document", "list_part", "origin"),
    "quarantine": ("path", "sha256", "size", "reason"),
    "scan_run": None,  # completed runs only: a completed result is never rewritten
    "gap": ("key", "kind", "province_code", "successor_code", "effective"),
    "review_event": None,
    "province": None,
}


def durable_rows(conn: Connection) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    tables = {t.name: t for t in m.metadata.sorted_tables}
    for name, cols in DURABLE.items():
        table = tables[name]
        q = select(table)
        if name == "scan_run":
            q = q.where(table.c.status == "complete")
        rows = []
        for r in conn.execute(q):
            mp = r._mapping
            if cols is None:
                rows.append(_row_content(table, mp))
            else:
                rows.append(json.dumps([_strip(mp[c]) for c in cols], default=str))
        out[name] = sorted(rows)
    return out
