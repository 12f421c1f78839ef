"""Importer of legal texts (decrees, circulars, laws, pháp điển chapters, provincial decisions):
parse first (pure, in a worker process), write later; a pháp điển chapter writes each of its source
documents, a provincial decision its procedures."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, func, insert, select

from parsers import Document, parse_bytes
from parsers.business_lines import BusinessLine, from_document
from parsers.conditions import ConditionText, extract_conditions
from parsers.decode import DecodeError
from parsers.ktcn import KtcnItem, items_of
from parsers.ministries import issuer_ministry, ministry_of_number
from parsers.model import UnitKind
from parsers.normalize import fold
from parsers.phapdien import SourceDocument, split_sources
from parsers.procedures import ProcedureDecision, procedures_of
from parsers.provinces import successor_of
from parsers.tthc_records import looks_like_detail_text
from registry.importers.lists import (
    _insert_business_lines,
    _insert_ktcn,
    _list_document_of,
    _write_business_lines,
)
from registry.importers.plan import ImportError_, Plan
from registry.importers.rows import (
    Locator,
    _effect_rows,
    _insert_effects,
    _insert_provisions,
    _new_version,
    _provision_rows,
    _source_info,
    _upsert_conditions,
    _upsert_document,
    _upsert_documents_bulk,
    ministry_of_units,
    number_from_filename,
)
from registry.store import models as m


def _looks_phapdien(doc: Document) -> bool:
    """A pháp điển chapter: articles numbered like `Điều 45.4.NĐ.1.1.` with source notes."""
    arts = [u for u in doc.units if u.kind == UnitKind.DIEU]
    coded = sum(1 for u in arts if "." in u.id and u.note)
    return bool(arts) and coded >= max(1, len(arts) // 2)


def _has_legal_content(doc: Document) -> bool:
    return bool(doc.metadata.number) or any(
        u.kind in (UnitKind.DIEU, UnitKind.PHU_LUC) for u in doc.units
    )


def _mentions(doc: Document, *phrases: str) -> bool:
    head = fold(doc.text[:200000])
    return any(p in head for p in phrases)


def plan_legal(data: bytes, name: str) -> Plan:
    try:
        doc = parse_bytes(data, name)
    except DecodeError as e:
        raise ImportError_(str(e), "unreadable") from e
    fmt = doc.format
    if looks_like_detail_text(doc.text):
        from registry.importers.tthc import plan_detail_text

        return plan_detail_text(doc.text, name, fmt)  # the portal's ChiTietTTHC layout
    if not doc.text.strip() or not doc.units:
        raise ImportError_(
            f"{name}: không tìm thấy nội dung văn bản (tệp rỗng, bị cắt cụt hoặc không phải văn bản)",
            "no_text",
        )
    if _looks_phapdien(doc):
        sources, _warnings = split_sources(doc)
        if not sources:
            raise ImportError_(
                f"{name}: đề mục pháp điển mà các điều không có ghi chú nguồn đọc được", "no_text"
            )
        extracts = [
            (
                src,
                ministry_of_number(src.number) or ministry_of_units(src.units),
                extract_conditions(src.units, document=src.number),
            )
            for src in sources
        ]
        return Plan("phapdien", fmt, partial(_write_phapdien, sources=extracts))
    content_hash = hashlib.sha256(data).hexdigest()
    decision = procedures_of(doc) if "UBND" in (doc.metadata.number or "QĐ-UBND") else None
    if decision is not None and decision.procedures:
        return Plan(
            "procedures",
            fmt,
            partial(
                _write_procedures,
                doc=_for_writer(doc),
                decision=decision,
                content_hash=content_hash,
            ),
        )
    if not _has_legal_content(doc):
        lines = from_document(doc)
        if len(lines) >= 20:
            list_doc = _list_document_of(name, doc.text)
            return Plan(
                "business_lines",
                fmt,
                partial(_write_business_lines, lines=lines, list_doc=list_doc),
            )
        raise ImportError_(
            f"{name}: không phải văn bản quy phạm (không thấy số hiệu, điều khoản hay phụ lục)",
            "not_legal_document",
        )
    extract = _extract_legal(doc, name)
    return Plan(
        "legal",
        fmt,
        partial(_write_legal, doc=_for_writer(doc), content_hash=content_hash, x=extract),
    )


def _for_writer(doc: Document) -> Document:
    """The document as its writer reads it: metadata, units, anchors and effects.

    The text and references are dropped once planning is done: they are ~40% of a pickled
    procedures plan, which an ingest worker sends to the writing process.
    """
    return replace(doc, text="", references=[])


@dataclass(slots=True)
class _LegalExtract:
    """What a legal text yields beyond its units (computed while planning, not in the transaction)."""

    number: str
    ministry: str
    effective: date | None
    conditions: list[ConditionText]
    ktcn: list[KtcnItem]
    lines: list[BusinessLine]


def _extract_legal(doc: Document, name: str) -> _LegalExtract:
    md = doc.metadata
    number = _document_number(doc, name)
    # The issuer's ministry: also the managing body of KTCN lines no column names one.
    ministry = issuer_ministry(number, md.issuer, doc.text) or ministry_of_units(doc.units)
    ktcn: list[KtcnItem] = []
    if _mentions(
        doc,
        "kiem tra chuyen nganh",
        "ma hs",
        "ma so hs",
        "hs code",
        "phai kiem tra chat luong",
        "danh muc hang hoa",
        "danh muc san pham, hang hoa",
    ):
        ktcn = items_of(doc, list_document=number, agency=ministry)
    lines: list[BusinessLine] = []
    if _mentions(
        doc, "nganh, nghe dau tu kinh doanh co dieu kien", "nganh nghe kinh doanh co dieu kien"
    ):
        found = from_document(doc)
        lines = found if len(found) >= 20 else []
    return _LegalExtract(
        number=number,
        ministry=ministry,
        effective=min(md.effective) if md.effective else None,
        conditions=extract_conditions(doc.units, document=number),
        ktcn=ktcn,
        lines=lines,
    )


def _document_number(doc: Document, name: str) -> str:
    return doc.metadata.number or number_from_filename(name)


def _write_legal(
    conn: Connection,
    file_id: int,
    path: str,
    now: datetime,
    doc: Document,
    content_hash: str,
    x: _LegalExtract,
) -> tuple[int, list[str]]:
    md = doc.metadata
    number = x.number
    doc_id = _upsert_document(
        conn,
        number=number,
        now=now,
        province_code=md.province_code,
        signed=md.signed,
        effective=x.effective,
        doc_type=md.type,
        title=md.title,
        ministry=x.ministry,
        content_hash=content_hash,
    )
    ver = _new_version(
        conn,
        document_id=doc_id,
        file_id=file_id,
        path=path,
        origin="document",
        effective=x.effective,
        now=now,
    )
    rows = 2 + _insert_provisions(conn, doc_id, ver, doc.units, doc.anchors)
    _source_info(conn, file_id, doc)
    for e in doc.effects:
        if not e.target_document:
            continue
        if not e.by_document:
            e.by_document = number
        if e.effective is None and e.source == "instruction":
            e.effective = x.effective
    rows += _insert_effects(conn, ver, doc.effects)
    rows += _upsert_conditions(
        conn,
        document_id=doc_id,
        number=number,
        version_id=ver,
        ministry=x.ministry,
        conditions=x.conditions,
    )
    rows += _insert_ktcn(conn, file_id, x.ktcn, "text", x.effective)
    if x.lines:
        rows += _insert_business_lines(conn, file_id, x.lines, number or "61/2020/QH14")
    return rows, [number or f"(unnumbered) {path}"]


def _write_phapdien(
    conn: Connection,
    file_id: int,
    path: str,
    now: datetime,
    sources: Sequence[tuple[SourceDocument, str, list[ConditionText]]],
) -> tuple[int, list[str]]:
    """All source documents of a chapter: documents, versions, provisions and effects in bulk."""
    doc_ids = _upsert_documents_bulk(
        conn,
        [
            {
                "number": src.number,
                "effective": src.effective,
                "doc_type": src.doc_type,
                "ministry": ministry,
            }
            for src, ministry, _c in sources
        ],
        now,
    )
    v = m.table_of(m.DocumentVersion)
    counts: dict[int, int] = dict(
        conn.execute(
            select(v.c.document_id, func.count())
            .where(v.c.path == path, v.c.document_id.in_(set(doc_ids)))
            .group_by(v.c.document_id)
        ).all()
    )
    version_rows = [
        {
            "document_id": doc_id,
            "source_file_id": file_id,
            "path": path,
            "version_no": int(counts.get(doc_id, 0)) + 1,
            "origin": "phapdien",
            "effective": src.effective,
            "ingested_at": now,
            "current": True,
        }
        for doc_id, (src, _m, _c) in zip(doc_ids, sources, strict=True)
    ]
    versions = list(
        conn.execute(
            insert(v).returning(v.c.id, sort_by_parameter_order=True), version_rows
        ).scalars()
    )
    rows = 2 * len(sources)
    provisions: list[dict[str, Any]] = []
    effects: list[dict[str, Any]] = []
    for doc_id, ver, (src, ministry, conditions) in zip(doc_ids, versions, sources, strict=True):
        provisions.extend(_provision_rows(doc_id, ver, src.units))
        effects.extend(_effect_rows(ver, src.effects))
        rows += _upsert_conditions(
            conn,
            document_id=doc_id,
            number=src.number,
            version_id=ver,
            ministry=ministry,
            conditions=conditions,
        )
    if provisions:
        conn.execute(insert(m.table_of(m.Provision)), provisions)
    if effects:
        conn.execute(insert(m.table_of(m.Effect)), effects)
    return rows + len(provisions) + len(effects), [src.number for src, _m, _c in sources]


province_successor = successor_of


def _write_procedures(
    conn: Connection,
    file_id: int,
    path: str,
    now: datetime,
    doc: Document,
    decision: ProcedureDecision,
    content_hash: str,
) -> tuple[int, list[str]]:
    md = doc.metadata
    number = decision.number or md.number
    province = decision.province_code or md.province_code
    signed = decision.signed or md.signed
    doc_id = _upsert_document(
        conn,
        number=number,
        now=now,
        province_code=province,
        signed=signed,
        effective=min(md.effective) if md.effective else None,
        doc_type=md.type or "Quyết định",
        title=md.title,
        content_hash=content_hash,
    )
    ver = _new_version(
        conn,
        document_id=doc_id,
        file_id=file_id,
        path=path,
        origin="procedures",
        effective=min(md.effective) if md.effective else None,
        now=now,
    )
    rows = 2 + _insert_provisions(conn, doc_id, ver, doc.units, doc.anchors)
    _source_info(conn, file_id, doc)
    at = Locator(doc.anchors)
    successor = province_successor(province, signed)
    pt = m.table_of(m.Procedure)
    proc_rows = [
        {
            "code": p.code,
            "name": p.name,
            "folded_name": fold(p.name),
            "province_code": province,
            "province_written": decision.province[:80],
            "successor_code": successor,
            "decision_document_id": doc_id,
            "document_version_id": ver,
            "decision_number": number,
            "signed": signed,
            "version": 1,
            "action": p.action,
            "field": p.field[:200],
            "level": p.level[:16],
            "position": i,
        }
        for i, p in enumerate(decision.procedures)
    ]
    ids = (
        conn.execute(insert(pt).returning(pt.c.id, sort_by_parameter_order=True), proc_rows)
        .scalars()
        .all()
    )
    reqs: list[dict[str, Any]] = []
    bases: list[dict[str, Any]] = []
    for pid, p in zip(ids, decision.procedures, strict=True):
        for j, r in enumerate(p.requirements):
            where = at(r.start)
            reqs.append(
                {
                    "procedure_id": pid,
                    "text": r.text,
                    "lead": r.lead,
                    "position": j,
                    "start": r.start,
                    "end": r.end,
                    "page": (where.page or None) if where else None,
                    "paragraph": where.paragraph if where else None,
                    "ocr": bool(where and where.ocr),
                }
            )
        bases.extend(
            {
                "procedure_id": pid,
                "text": b.text,
                "document": b.document,
                "doc_type": b.doc_type,
                "unit": b.unit,
            }
            for b in p.legal_bases
        )
    if reqs:
        conn.execute(insert(m.table_of(m.ProcedureRequirement)), reqs)
    if bases:
        conn.execute(insert(m.table_of(m.ProcedureLegalBasis)), bases)
    rows += len(proc_rows) + len(reqs) + len(bases)
    return rows, [number or f"(unnumbered) {path}"]
