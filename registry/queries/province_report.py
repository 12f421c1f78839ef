"""What a reform officer sends a province: the appendix listing its procedures to update.

For one province (as written, or a post-merger unit and every old one it answers for) and a
date, the procedures whose published version still applies a cut or outdated condition, cites a
changed legal basis, or is an outdated version, each with the national provision, the effect
that changed it (with its date) and the evidence on the province's side. Gaps reviewed as false
positives or already fixed are left out; the appendix is built from the latest scan's gaps,
changes that took effect on or before the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from parsers.citation_text import citation, document_label
from parsers.provinces import UnknownProvince, resolve_province
from registry import labels
from registry.queries.common import TABLES
from registry.queries.gaps import GapFilter, list_gaps
from registry.scan.gaps import latest_scan

# Review states whose gaps still need the province's action.
TO_SEND = ("open", "confirmed", "notified")
# What the province is asked to do, by gap kind.
REQUEST = {
    "cut": "Bãi bỏ yêu cầu này khỏi thủ tục",
    "amended": "Sửa yêu cầu theo nội dung hiện hành",
    "basis": "Cập nhật căn cứ pháp lý",
    "procedure": "Công bố lại thủ tục theo phiên bản hiện hành",
}
# A procedure the ministry abolished is not published again: it is removed.
REQUEST_ABOLISHED = "Bãi bỏ thủ tục này (đã bị bãi bỏ ở trung ương)"


@dataclass(slots=True)
class Item:
    gap_id: int
    kind: str
    applied: str  # what the province's text says (requirement, cited basis, procedure)
    national: str  # the national provision's citation
    current_text: str  # the condition's text in force, for an amended one
    change: str  # "bãi bỏ bởi khoản 4 Điều 1 Nghị định số …, từ ngày 12/11/2018"
    request: str


@dataclass(slots=True)
class ProcedureEntry:
    code: str
    name: str
    decision: str
    signed: str
    province: str
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class ProvinceReport:
    province: str
    successors: list[str]
    as_of: date
    scan_id: int | None
    procedures: list[ProcedureEntry]

    @property
    def items(self) -> int:
        return sum(len(p.items) for p in self.procedures)


def _payloads(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    g = TABLES["gap"]
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        for gid, ev in conn.execute(
            select(g.c.id, g.c.evidence).where(g.c.id.in_(ids[start : start + 500]))
        ):
            out[gid] = ev or {}
    return out


def _item(row: dict[str, Any], payload: dict[str, Any]) -> Item:
    kind = row["kind"]
    ev = payload.get("evidence") or {}
    prov = ev.get("provincial") or {}
    nat = ev.get("national") or {}
    applied = row["requirement_text"] or str(prov.get("text") or "")
    if kind == "basis":
        national = citation(
            str(nat.get("target_unit") or payload.get("unit") or ""),
            str(payload.get("document") or ""),
        )
    elif kind == "procedure":
        national = document_label(str(nat.get("document") or payload.get("document") or ""))
        applied = applied or f"{row['procedure_code']} {row['procedure_name']}"
    else:
        national = row["condition_citation"]
    if row["effect_citation"]:
        change = labels.effect_sentence(
            row["effect_op"], row["effect_document"], row["effect_unit"], row["effective"]
        )
    elif kind == "procedure" and nat.get("document"):
        action = labels.label(labels.PROCEDURE_ACTION, nat.get("action")) or "công bố lại"
        change = f"{action} bởi {document_label(str(nat['document']))}"
        if row["effective"]:
            change += f", từ ngày {labels.vn_date(row['effective'])}"
    else:
        change = f"từ ngày {labels.vn_date(row['effective'])}" if row["effective"] else ""
    return Item(
        gap_id=row["id"],
        kind=kind,
        applied=applied,
        national=labels.cap(national),
        current_text=row["condition_text"] if kind == "amended" else "",
        change=change,
        request=REQUEST_ABOLISHED
        if kind == "procedure" and nat.get("action") == "abolished"
        else REQUEST.get(kind, ""),
    )


def province_report(conn: Connection, province: str, as_of: date) -> ProvinceReport:
    """The appendix's content; ``UnknownProvince`` (with the closest names) when the query
    names no province (the one resolver, read on `as_of`)."""
    where = resolve_province(province, as_of)
    latest = latest_scan(conn)
    scan_id = int(latest["scan_id"]) if latest else None
    rows: list[dict[str, Any]] = []
    if scan_id is not None:
        _, rows = list_gaps(
            conn,
            GapFilter(province=province, scan=scan_id, date_to=as_of, sort="province"),
            today=as_of,
        )
    rows = [r for r in rows if r["review_state"] in TO_SEND]
    payloads = _payloads(conn, [r["id"] for r in rows])
    by_proc: dict[tuple[str, str, str], ProcedureEntry] = {}
    for r in sorted(rows, key=lambda r: (r["provincial_document"], r["procedure_code"], r["id"])):
        key = (r["province_code"], r["provincial_document"], r["procedure_code"])
        entry = by_proc.get(key)
        if entry is None:
            entry = by_proc[key] = ProcedureEntry(
                code=r["procedure_code"],
                name=r["procedure_name"],
                decision=r["provincial_document"],
                signed=labels.vn_date(r["provincial_signed"]),
                province=r["province_written"] or r["province_name"],
            )
        entry.items.append(_item(r, payloads.get(r["id"], {})))
    successors = sorted({r["successor_name"] for r in rows if r["successor_name"]})
    return ProvinceReport(
        province=where.label,
        successors=successors,
        as_of=as_of,
        scan_id=scan_id,
        procedures=list(by_proc.values()),
    )


__all__ = ["ProvinceReport", "UnknownProvince", "province_report"]
