"""The rows a legal text contributes, written once for every importer that carries one: the document
(found again by its identity), a version per file, its provisions with their source locations, its
effects and its conditions."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from parsers import Document
from parsers.conditions import ConditionText
from parsers.ministries import MINISTRIES, MINISTRY_RE
from parsers.model import Anchor, Effect, Unit, UnitKind
from parsers.normalize import fold, normalize_number, number_key
from registry.store import models as m
from registry.store.identity import document_identity, issuer_of

# `nd-75-2021-ND-CP-goc`: an optional type word, number, year, then the issuer codes in capitals
# (ND-CP, TT-BCT, QD-TTg, QD-UBND) before a lower-case slug.
_FILENAME_NUMBER = re.compile(
    r"(?:^|[-_])(?:(?P<type>nd|tt|qd|nq|ttlt|luat)-)?(?P<n>\d{1,5})-(?P<y>(?:19|20)\d\d)"
    r"-(?P<codes>(?:[A-Z]{2,10}\d*|TTg)(?:-(?:[A-Z]{2,10}|TTg))*)(?=[-_.]|$)"
)


# `01-2013-nd-cp`: all lower case, the codes closing the name.
_FILENAME_NUMBER_LOWER = re.compile(
    r"(?:^|[-_])(?P<n>\d{1,5})-(?P<y>(?:19|20)\d\d)-(?P<codes>(?:nd|tt|qd|nq|ttlt)(?:-[a-z]{2,8})+)$"
)


_TYPE_CODE = {"nd": "NĐ", "tt": "TT", "qd": "QĐ", "nq": "NQ", "ttlt": "TTLT", "vbhn": "VBHN"}


def number_from_filename(name: str) -> str:
    """A document number spelt in a crawled file's name (`nd-75-2021-ND-CP-goc.md` → 75/2021/NĐ-CP).

    Used only when the text itself has no number line (crawled chunks often lose the header).
    """
    stem = Path(name).stem
    mt = _FILENAME_NUMBER.search(stem) or _FILENAME_NUMBER_LOWER.search(stem)
    if not mt:
        return ""
    parts = mt.group("codes").split("-")
    if len(parts) == 1 and re.fullmatch(r"QH\d+", parts[0]):  # laws: 24/2012/QH13
        return normalize_number(f"{mt.group('n')}/{mt.group('y')}/{parts[0]}")
    if parts[0].lower() in _TYPE_CODE:
        code, issuer = _TYPE_CODE[parts[0].lower()], parts[1:]
    elif "type" in mt.groupdict() and mt.group("type"):
        code, issuer = _TYPE_CODE[mt.group("type").lower()], parts
    else:
        return ""
    if not issuer:
        return ""
    return normalize_number(f"{mt.group('n')}/{mt.group('y')}/{code}-{'-'.join(issuer)}")


def ministry_of_units(units: Sequence[Unit]) -> str:
    """The ministry a document's provisions name most often ("Bộ Y tế" → BYT), or ""."""
    counts: Counter[str] = Counter()
    for u in units:
        for hit in MINISTRY_RE.findall(fold(u.heading + " " + u.text)):
            counts[MINISTRIES[hit]] += 1
    if not counts:
        return ""
    (best, n), *_ = counts.most_common(1)
    return best if n >= 2 else ""


def _upsert_document(
    conn: Connection,
    *,
    number: str,
    now: datetime,
    province_code: str = "",
    signed: date | None = None,
    effective: date | None = None,
    doc_type: str = "",
    title: str = "",
    ministry: str = "",
    content_hash: str = "",
) -> int:
    t = m.table_of(m.Document)
    identity = document_identity(
        number, province_code=province_code, signed=signed, content_hash=content_hash
    )
    row = conn.execute(
        select(t.c.id, t.c.signed, t.c.effective, t.c.doc_type, t.c.title, t.c.ministry).where(
            t.c.identity == identity
        )
    ).first()
    if row is None:
        return int(
            conn.execute(
                insert(t).returning(t.c.id),
                [
                    {
                        "identity": identity,
                        "issuer": issuer_of(number, province_code) if number else "",
                        "number": normalize_number(number) if number else "",
                        "number_key": number_key(number) if number else "",
                        "doc_type": doc_type,
                        "title": title,
                        "signed": signed,
                        "effective": effective,
                        "province_code": province_code,
                        "ministry": ministry,
                        "created_at": now,
                    }
                ],
            ).scalar_one()
        )
    # Fill what was not known before; never overwrite a known fact with another file's guess.
    fill = {
        k: v
        for k, v, old in (
            ("signed", signed, row.signed),
            ("effective", effective, row.effective),
            ("doc_type", doc_type, row.doc_type),
            ("title", title, row.title),
            ("ministry", ministry, row.ministry),
        )
        if v and not old
    }
    if fill:
        conn.execute(update(t).where(t.c.id == row.id).values(**fill))
    return int(row.id)


def _new_version(
    conn: Connection,
    *,
    document_id: int,
    file_id: int,
    path: str,
    origin: str,
    effective: date | None,
    now: datetime,
) -> int:
    t = m.table_of(m.DocumentVersion)
    n = conn.execute(
        select(func.count()).select_from(t).where(t.c.document_id == document_id, t.c.path == path)
    ).scalar_one()
    return int(
        conn.execute(
            insert(t).returning(t.c.id),
            [
                {
                    "document_id": document_id,
                    "source_file_id": file_id,
                    "path": path,
                    "version_no": int(n) + 1,
                    "origin": origin,
                    "effective": effective,
                    "ingested_at": now,
                    "current": True,
                }
            ],
        ).scalar_one()
    )


def _insert_provisions(
    conn: Connection,
    document_id: int,
    version_id: int,
    units: Sequence[Unit],
    anchors: Sequence[Anchor] = (),
) -> int:
    rows = _provision_rows(document_id, version_id, units)
    if anchors:
        at = Locator(anchors)
        by_id = {u.id: u for u in units}
        for row in rows:
            where = at(by_id[row["unit_id"]].start)
            if where is not None:
                row["page"], row["paragraph"] = where.page or None, where.paragraph
    if rows:
        conn.execute(insert(m.table_of(m.Provision)), rows)
    return len(rows)


class Locator:
    """Offset in a Word/PDF document's text → the anchor (page, paragraph, OCR) it falls in."""

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        self.anchors = list(anchors)
        self.starts = [a.start for a in self.anchors]

    def __call__(self, offset: int) -> Anchor | None:
        if offset < 0 or not self.anchors:
            return None
        i = bisect_right(self.starts, offset) - 1
        return self.anchors[i] if i >= 0 else None


def _source_info(conn: Connection, file_id: int, doc: Document) -> None:
    """Keep a Word/PDF file's page map and OCR pages on its source_file row (``info``)."""
    if not doc.anchors:
        return
    ocr_pages = sorted({a.page for a in doc.anchors if a.ocr and a.page})
    info = {
        "pages": max((a.page for a in doc.anchors), default=0),
        "paragraphs": doc.anchors[-1].paragraph,
        "ocr_pages": ocr_pages,
        # [start offset, page, paragraph, ocr] per line of the extracted text
        "anchors": [[a.start, a.page, a.paragraph, int(a.ocr)] for a in doc.anchors],
    }
    sf = m.table_of(m.SourceFile)
    conn.execute(update(sf).where(sf.c.id == file_id).values(info=info))


def _provision_rows(
    document_id: int, version_id: int, units: Sequence[Unit]
) -> list[dict[str, Any]]:
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for i, u in enumerate(units):
        if u.id in seen:
            continue
        seen.add(u.id)
        text = u.text
        if u.kind == UnitKind.TABLE and u.rows and not text:
            text = "\n".join(" | ".join(r) for r in u.rows)
        rows.append(
            {
                "document_id": document_id,
                "document_version_id": version_id,
                "unit_id": u.id,
                "parent_unit": u.parent,
                "kind": str(u.kind),
                "number": u.number[:32],
                "heading": u.heading,
                "text": text,
                "note": u.note,
                "repealed": u.repealed,
                "position": i,
            }
        )
    return rows


def _effect_rows(version_id: int, effects: Sequence[Effect]) -> list[dict[str, Any]]:
    rows = []
    for e in effects:
        target = normalize_number(e.target_document) if e.target_document else ""
        by = normalize_number(e.by_document) if e.by_document else ""
        rows.append(
            {
                "document_version_id": version_id,
                "op": str(e.op),
                "target_document": target,
                "target_document_key": number_key(target) if target else "",
                "target_unit": e.target_unit,
                "by_document": by,
                "by_unit": e.by_unit,
                "effective": e.effective,
                "new_text": e.new_text,
                "old_text": e.old_text,
                "evidence": e.evidence,
                "evidence_start": e.evidence_start,
                "evidence_end": e.evidence_end,
                "source": e.source,
                "anchor": e.anchor,
                "partial": e.partial,
                "applied": False,
                "unapplied_reason": "not consolidated yet",
            }
        )
    return rows


def _insert_effects(conn: Connection, version_id: int, effects: Sequence[Effect]) -> int:
    rows = _effect_rows(version_id, effects)
    if rows:
        conn.execute(insert(m.table_of(m.Effect)), rows)
    return len(rows)


def _quantities(c: ConditionText) -> list[dict[str, Any]]:
    out = []
    for q in c.quantities:
        d = asdict(q) if hasattr(q, "__dataclass_fields__") else dict(vars(q))
        out.append({k: (v.isoformat() if isinstance(v, date) else v) for k, v in d.items()})
    return out


def _upsert_conditions(
    conn: Connection,
    *,
    document_id: int,
    number: str,
    version_id: int,
    ministry: str,
    conditions: Sequence[ConditionText],
) -> int:
    """Insert new conditions; refresh the text of known ones (same key = same condition for life)."""
    if not conditions:
        return 0
    t = m.table_of(m.Condition)
    prefix = f"{number_key(number) if number else f'doc{document_id}'}#"
    existing = {
        r.key: r.id
        for r in conn.execute(select(t.c.key, t.c.id).where(t.c.document_id == document_id))
    }
    new_rows: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for c in conditions:
        key = prefix + c.unit_id
        if key in seen:
            continue
        seen.add(key)
        values = {
            "article_id": c.article_id,
            "heading": c.heading,
            "lead": c.lead,
            "text": c.text,
            "type": c.type,
            "quantities": _quantities(c),
            "basis": c.basis,
            "repealed": c.repealed,
            "last_version_id": version_id,
        }
        if key in existing:
            changed.append({"b_id": existing[key], **values})
        else:
            new_rows.append(
                {
                    "key": key,
                    "document_id": document_id,
                    "document_number": number,
                    "unit_id": c.unit_id,
                    "ministry": ministry,
                    "first_version_id": version_id,
                    **values,
                }
            )
    if new_rows:
        conn.execute(insert(t), new_rows)
    if changed:
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in changed[0] if k != "b_id"}),
            changed,
        )
    return len(new_rows) + len(changed)


def _upsert_documents_bulk(
    conn: Connection, specs: Sequence[dict[str, Any]], now: datetime
) -> list[int]:
    """`_upsert_document` for many national documents at once (one select, one insert)."""
    t = m.table_of(m.Document)
    idents = [document_identity(s["number"]) for s in specs]
    known = {
        r.identity: r
        for r in conn.execute(
            select(t.c.id, t.c.identity, t.c.effective, t.c.doc_type, t.c.ministry).where(
                t.c.identity.in_(set(idents))
            )
        )
    }
    new_rows: list[dict[str, Any]] = []
    for ident, spec in zip(idents, specs, strict=True):
        if ident in known or any(r["identity"] == ident for r in new_rows):
            continue
        number = spec["number"]
        new_rows.append(
            {
                "identity": ident,
                "issuer": issuer_of(number),
                "number": normalize_number(number),
                "number_key": number_key(number),
                "doc_type": spec["doc_type"],
                "title": "",
                "signed": None,
                "effective": spec["effective"],
                "province_code": "",
                "ministry": spec["ministry"],
                "created_at": now,
            }
        )
    ids: dict[str, int] = {ident: r.id for ident, r in known.items()}
    if new_rows:
        for r in conn.execute(
            insert(t).returning(t.c.id, t.c.identity, sort_by_parameter_order=True), new_rows
        ):
            ids[r.identity] = r.id
    for ident, spec in zip(idents, specs, strict=True):
        old = known.get(ident)
        if old is None:
            continue
        fill = {
            k: spec[k]
            for k, was in (
                ("effective", old.effective),
                ("doc_type", old.doc_type),
                ("ministry", old.ministry),
            )
            if spec[k] and not was
        }
        if fill:
            conn.execute(update(t).where(t.c.id == old.id).values(**fill))
    return [ids[i] for i in idents]
