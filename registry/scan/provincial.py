"""The provincial side of a scan: the current procedures of some partitions with their requirements
and legal bases, as the pure diff (:mod:`registry.scan.diff`) reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, and_, select

from parsers.normalize import normalize_number
from registry.matching.model import LegalBasis
from registry.scan.partitions import NATIONAL_NAME, NATIONAL_PARTITION, partition_of, territory
from registry.store import models as m


@dataclass(slots=True)
class Requirement:
    id: int
    index: int
    text: str
    # Where a Word/PDF decision has it (None for text formats); True when OCR read it.
    page: int | None = None
    paragraph: int | None = None
    ocr: bool = False


@dataclass(slots=True)
class ProvincialProcedure:
    id: int
    code: str
    name: str
    province_code: str
    province_written: str
    successor_code: str
    decision_document_id: int
    decision_number: str
    signed: date | None
    action: str
    partition: str
    requirements: list[Requirement] = field(default_factory=list)
    bases: list[LegalBasis] = field(default_factory=list)
    base_texts: list[str] = field(default_factory=list)


def _current_procedures(
    conn: Connection, partitions: Iterable[str] | None = None
) -> list[ProvincialProcedure]:
    pt, v = m.table_of(m.Procedure), m.table_of(m.DocumentVersion)
    q = (
        select(
            pt.c.id,
            pt.c.code,
            pt.c.name,
            pt.c.province_code,
            pt.c.province_written,
            pt.c.successor_code,
            pt.c.decision_document_id,
            pt.c.decision_number,
            pt.c.signed,
            pt.c.action,
            pt.c.document_version_id,
        )
        .join(v, and_(v.c.id == pt.c.document_version_id, v.c.current.is_(True)))
        .order_by(pt.c.id)
    )
    out = []
    for r in conn.execute(q):
        part = partition_of(r.province_code, r.successor_code, r.signed)
        if partitions is not None and part not in partitions:
            continue
        national = r.successor_code == NATIONAL_PARTITION
        out.append(
            ProvincialProcedure(
                r.id,
                r.code,
                r.name,
                r.province_code,
                NATIONAL_NAME if national else r.province_written,
                r.successor_code,
                r.decision_document_id,
                r.decision_number,
                r.signed,
                r.action,
                part,
            )
        )
    return out


def load_partitions(
    conn: Connection, partitions: Sequence[str], *, only_counted: bool = True
) -> list[ProvincialProcedure]:
    """The current procedures of ``partitions`` with their requirements and legal bases.

    With ``only_counted`` (the scan's case) the superseded procedures are dropped first, so
    their requirements are never read: a partition is all the territory supersession needs.
    """
    procs = _current_procedures(conn, set(partitions))
    if only_counted:
        procs = counted(procs)
    if not procs:
        return []
    by_id = {p.id: p for p in procs}
    rq, lb = m.table_of(m.ProcedureRequirement), m.table_of(m.ProcedureLegalBasis)
    ids = sorted(by_id)
    numbers: dict[str, str] = {}
    for chunk in (ids[i : i + 5000] for i in range(0, len(ids), 5000)):
        for r in conn.execute(
            select(
                rq.c.id,
                rq.c.procedure_id,
                rq.c.position,
                rq.c.text,
                rq.c.page,
                rq.c.paragraph,
                rq.c.ocr,
            )
            .where(rq.c.procedure_id.in_(chunk))
            .order_by(rq.c.procedure_id, rq.c.position, rq.c.id)
        ):
            by_id[r.procedure_id].requirements.append(
                Requirement(r.id, r.position + 1, r.text, r.page, r.paragraph, bool(r.ocr))
            )
        for b in conn.execute(
            select(lb.c.procedure_id, lb.c.document, lb.c.unit, lb.c.text)
            .where(lb.c.procedure_id.in_(chunk))
            .order_by(lb.c.id)
        ):
            if not b.document:
                continue
            proc = by_id[b.procedure_id]
            number = numbers.get(b.document)
            if number is None:
                number = numbers[b.document] = normalize_number(b.document)
            base = LegalBasis(number, b.unit or "")
            if base not in proc.bases:
                proc.bases.append(base)
                proc.base_texts.append(b.text)
    return procs


def counted(procedures: Iterable[ProvincialProcedure]) -> list[ProvincialProcedure]:
    """The procedures still in force: the latest listing of their code on every territory covered."""
    procs = list(procedures)
    latest: dict[tuple[str, str], date] = {}
    for p in procs:
        day = p.signed or date.min
        for t in territory(p.province_code, p.signed):
            if latest.get((t, p.code), date.min) < day:
                latest[(t, p.code)] = day
    out = []
    for p in procs:
        day = p.signed or date.min
        if not p.code:
            out.append(p)  # an uncoded procedure cannot be superseded by code
            continue
        if all(
            latest.get((t, p.code), date.min) <= day for t in territory(p.province_code, p.signed)
        ):
            out.append(p)
    return [p for p in out if p.action != "abolished"]
