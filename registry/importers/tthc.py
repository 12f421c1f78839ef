"""Importer of national TTHC database records (:mod:`parsers.tthc_records`).

Each record is stored as a national procedure publication: a ``procedure`` row with no province
(``province_code`` empty, ``successor_code`` "TW": the scan's national partition), ``action``
"published", its ``level`` the portal's levels ("bộ,tỉnh"),
pointing to the ministry's publishing decision (a national ``document``, one per decision
number, with a ``document_version`` of origin ``tthc`` per file), with its requirement items and
legal bases (the basis text keeps the date written after a number, which dates the publication
from below: :func:`parsers.tthc_records.published_not_before`). A file is one record, a JSON list
of records or JSONL, or the text of the portal's ChiTietTTHC export; re-ingesting the same bytes is a no-op (the ingest's content hash), a
changed file supersedes its previous rows (its old version stops being current).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert

from parsers.normalize import fold
from parsers.tthc_records import NationalProcedure, RecordError, parse_detail_text, read_records
from registry.scan.partitions import NATIONAL_PARTITION
from registry.store import models as m

if TYPE_CHECKING:
    from registry.importers.plan import Plan

ORIGIN = "tthc"
ACTION = "published"


def plan_records(data: bytes, name: str) -> Plan:
    """The plan of a file of records; raises ImportError_ naming the file if unreadable."""
    from registry.importers.plan import ImportError_

    try:
        records = read_records(data, name)
    except RecordError as e:
        raise ImportError_(str(e), _record_code(e)) from e
    return _plan(records, "jsonl" if name.lower().endswith(".jsonl") else "json")


def _record_code(e: RecordError) -> str:
    """The quarantine code of a records file: bad JSON, bad text, or JSON that is no record."""
    if isinstance(e.__cause__, json.JSONDecodeError):
        return "bad_json"
    if isinstance(e.__cause__, UnicodeDecodeError):
        return "unreadable"
    return "not_a_record"


def plan_detail_text(text: str, name: str, fmt: str) -> Plan:
    """The plan of a ChiTietTTHC export, from its text (whatever format it was read from)."""
    from registry.importers.plan import ImportError_

    try:
        record = parse_detail_text(text, name)
    except RecordError as e:
        raise ImportError_(str(e), "not_a_record") from e
    return _plan([record], fmt)


def _plan(records: list[NationalProcedure], fmt: str) -> Plan:
    from registry.importers.plan import Plan

    # A partial of a module-level function, not a closure: plans are pickled from ingest workers.
    return Plan("tthc_records", fmt, partial(_write, records=records))


def _write(
    conn: Connection,
    file_id: int,
    path: str,
    now: datetime,
    records: Sequence[NationalProcedure],
) -> tuple[int, list[str]]:
    from parsers.ministries import ministry_of_number
    from registry.importers.rows import _new_version, _upsert_document

    rows = 0
    decisions: dict[str, tuple[int, int]] = {}
    proc_rows: list[dict[str, Any]] = []
    kept: list[NationalProcedure] = []
    for pos, rec in enumerate(records):
        number = rec.publishing_decision
        if number not in decisions:
            ministry = ministry_of_number(number) if "/" in number else ""
            doc_id = _upsert_document(
                conn,
                number=number,
                now=now,
                doc_type="Quyết định",
                ministry=ministry or rec.ministry[:16],
                content_hash=f"tthc:{rec.code}",
            )
            ver = _new_version(
                conn,
                document_id=doc_id,
                file_id=file_id,
                path=path,
                origin=ORIGIN,
                effective=None,
                now=now,
            )
            decisions[number] = (doc_id, ver)
            rows += 2
        doc_id, ver = decisions[number]
        proc_rows.append(_procedure_row(rec, doc_id, ver, pos))
        kept.append(rec)
    rows += _insert(conn, proc_rows, kept)
    return rows, sorted(n or "(no decision number)" for n in decisions)


def _procedure_row(rec: NationalProcedure, doc_id: int, ver: int, pos: int) -> dict[str, Any]:
    return {
        "code": rec.code,
        "name": rec.name,
        "folded_name": fold(rec.name),
        "province_code": "",
        "province_written": "",
        "successor_code": NATIONAL_PARTITION,
        "decision_document_id": doc_id,
        "document_version_id": ver,
        "decision_number": rec.publishing_decision[:120],
        "signed": None,
        "version": 1,
        "action": ACTION,
        "field": rec.field[:200],
        "level": ",".join(rec.levels)[:16],
        "position": pos,
    }


def _insert(
    conn: Connection, proc_rows: Sequence[dict[str, Any]], recs: Sequence[NationalProcedure]
) -> int:
    if not proc_rows:
        return 0
    pt = m.table_of(m.Procedure)
    ids = (
        conn.execute(insert(pt).returning(pt.c.id, sort_by_parameter_order=True), proc_rows)
        .scalars()
        .all()
    )
    reqs: list[dict[str, Any]] = []
    bases: list[dict[str, Any]] = []
    for pid, rec in zip(ids, recs, strict=True):
        reqs.extend(
            {
                "procedure_id": pid,
                "text": r.text,
                "lead": r.lead,
                "position": j,
                "start": r.start,
                "end": r.end,
            }
            for j, r in enumerate(rec.requirements)
        )
        bases.extend(
            {
                "procedure_id": pid,
                "text": b.text,
                "document": b.document[:120],
                "doc_type": b.doc_type[:64],
                "unit": b.unit[:200],
            }
            for b in rec.legal_bases
        )
    if reqs:
        conn.execute(insert(m.table_of(m.ProcedureRequirement)), reqs)
    if bases:
        conn.execute(insert(m.table_of(m.ProcedureLegalBasis)), bases)
    return len(proc_rows) + len(reqs) + len(bases)
