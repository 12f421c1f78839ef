"""Read queries over legal documents: folded search by number or title, and one document's story
(its file versions, the effects it makes and the effects made on it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from parsers.normalize import fold, number_key
from registry.queries.common import TABLES, Page, iso

_D = TABLES["document"]
_DV = TABLES["document_version"]
_E = TABLES["effect"]
_PR = TABLES["provision"]
_C = TABLES["condition"]


class DocumentNotFound(LookupError):
    pass


def _summary(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "number": r.number,
        "issuer": r.issuer,
        "doc_type": r.doc_type,
        "title": r.title,
        "signed": iso(r.signed),
        "effective": iso(r.effective),
        "province_code": r.province_code,
        "ministry": r.ministry,
    }


def search_documents(
    conn: Connection,
    q: str = "",
    *,
    issuer: str | None = None,
    doc_type: str | None = None,
    province: str | None = None,
    page: Page | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    page = page or Page()
    sel = select(_D)
    if issuer:
        sel = sel.where(func.upper(_D.c.issuer) == issuer.upper())
    if doc_type:
        sel = sel.where(_D.c.doc_type == doc_type)
    if province:
        from registry.queries.provinces import in_territories, resolve_province

        j = resolve_province(province)
        sel = sel.where(in_territories(_D.c.province_code, _D.c.signed, j.territories))
    rows = conn.execute(sel.order_by(_D.c.signed.is_(None), _D.c.signed.desc(), _D.c.id)).all()
    words = fold(q).split()
    if words:
        key = number_key(q) if any(ch.isdigit() for ch in q) else ""
        rows = [
            r
            for r in rows
            if (key and key == r.number_key)
            or all(w in fold(f"{r.number} {r.title} {r.doc_type}") for w in words)
        ]
    return len(rows), [_summary(r) for r in rows[page.offset : page.offset + page.limit]]


def document_detail(conn: Connection, doc_id: int) -> dict[str, Any]:
    r = conn.execute(select(_D).where(_D.c.id == doc_id)).first()
    if r is None:
        raise DocumentNotFound(doc_id)
    versions = conn.execute(
        select(_DV).where(_DV.c.document_id == doc_id).order_by(_DV.c.version_no, _DV.c.id)
    ).all()
    provisions = conn.execute(
        select(func.count())
        .select_from(_PR)
        .join(_DV, _DV.c.id == _PR.c.document_version_id)
        .where(_PR.c.document_id == doc_id, _DV.c.current.is_(True))
    ).scalar_one()
    conditions = conn.execute(
        select(func.count()).select_from(_C).where(_C.c.document_id == doc_id)
    ).scalar_one()

    def effects(where: Any) -> list[dict[str, Any]]:
        rows = conn.execute(
            select(_E).where(where).order_by(_E.c.effective, _E.c.id).limit(1000)
        ).all()
        return [
            {
                "id": e.id,
                "op": e.op,
                "target_document": e.target_document,
                "target_unit": e.target_unit,
                "by_document": e.by_document,
                "by_unit": e.by_unit,
                "effective": iso(e.effective),
                "applied": e.applied,
                "unapplied_reason": e.unapplied_reason,
                "evidence": e.evidence,
            }
            for e in rows
        ]

    return {
        **_summary(r),
        "versions": [
            {
                "id": v.id,
                "version_no": v.version_no,
                "path": v.path,
                "origin": v.origin,
                "effective": iso(v.effective),
                "ingested_at": iso(v.ingested_at),
                "current": v.current,
            }
            for v in versions
        ],
        "provisions": int(provisions),
        "conditions": int(conditions),
        "effects_made": effects(
            or_(
                _E.c.by_document_id == doc_id,
                _E.c.document_version_id.in_([v.id for v in versions]),
            )
        ),
        "effects_received": effects(
            or_(_E.c.target_document_id == doc_id, _E.c.target_document_key == r.number_key)
        ),
    }


def document_id(conn: Connection, number: str) -> int | None:
    """The registry's document of that number however it is typed ("96/2016/NĐ-CP", "96/2016/ND-CP")."""
    return conn.execute(
        select(_D.c.id).where(_D.c.number_key == number_key(number)).order_by(_D.c.id).limit(1)
    ).scalar()


def effective_dates(conn: Connection, numbers: Iterable[str]) -> dict[str, date]:
    """Document number -> the date it took effect, for the numbers the registry holds a date of."""
    keys = {number_key(n): n for n in numbers}
    if not keys:
        return {}
    rows = conn.execute(
        select(_D.c.number_key, _D.c.effective).where(
            _D.c.number_key.in_(sorted(keys)), _D.c.effective.is_not(None)
        )
    ).all()
    return {keys[k]: e for k, e in rows}
