"""From one file's bytes to the rows it contributes: parse first (pure), write later (one transaction).

:func:`dispatch` decides what a file is and parses it into a :class:`Plan` without touching the
database; ``Plan.write`` then inserts its rows with SQLAlchemy Core (lists of dicts, executemany).
Kinds:

- ``legal``: a legal text (.md/.html/.htm/.txt) stored as-is: document, provisions, effects,
  conditions; plus KTCN appendix items and business-line tables when the text has them;
- ``phapdien``: a Bộ pháp điển chapter, split per source document by the articles' notes;
- ``procedures``: a provincial decision publishing administrative procedures;
- ``business_lines``: a ``stt,nganh_nghe`` CSV of the Investment Law's list;
- ``ktcn``: the compiled ``.jsonl`` KTCN list; ``reference``: a ``.json`` reference file;
- ``tthc_records``: national TTHC database records (``.json``/``.jsonl``), see
  :mod:`registry.importers.tthc`.

Anything that cannot be read raises :class:`ImportError_` with a reason naming the file.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from parsers import Document, parse_bytes
from parsers.business_lines import BusinessLine, BusinessLineError, from_document, read_csv
from parsers.conditions import ConditionText, extract_conditions
from parsers.decode import DecodeError, decode
from parsers.ktcn import KtcnError, KtcnItem, items_of, read_compiled
from parsers.ministries import MINISTRIES, MINISTRY_RE, issuer_ministry, ministry_of_number
from parsers.model import Anchor, Effect, Unit, UnitKind
from parsers.normalize import fold, normalize_number, number_key
from parsers.phapdien import SourceDocument, split_sources
from parsers.procedures import ProcedureDecision, procedures_of
from parsers.provinces import successor_of
from parsers.tthc_records import is_record_file, looks_like_detail_text
from registry.store import models as m
from registry.store.identity import document_identity, issuer_of

LEGAL_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".xhtml", ".txt", ".text"}
# Word and PDF files (parsers.formats): read to text, then planned like any legal text.
BINARY_LEGAL_SUFFIXES = {".doc", ".docx", ".docm", ".dot", ".pdf"}


class ImportError_(ValueError):
    """A file the registry cannot take; the message names the file and the reason in Vietnamese
    (a person reads it), `code` says which problem for machines (QUARANTINE_CODES)."""

    def __init__(self, message: str, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


# The stable machine codes of a quarantine (the quarantine table's and ingest JSON's `code`).
QUARANTINE_CODES = (
    "unsupported_type",  # an extension the ingest does not read
    "empty_file",
    "too_large",  # over max_file_bytes, not read
    "unreadable",  # the file system, the encoding or the format's reader refused it
    "no_text",  # read, but no text or no numbered provisions in it
    "not_legal_document",
    "bad_json",
    "not_a_list",  # a KTCN or business-line list without usable lines
    "not_a_record",  # JSON that is not a national TTHC record, or a ChiTietTTHC text without one
    "parse_failed",  # a parser bug: the batch went on
    "store_failed",  # the database refused the rows
)


Writer = Callable[[Connection, int, str, datetime], tuple[int, list[str]]]


@dataclass(slots=True)
class Plan:
    """A parsed file waiting for its transaction. `write` is a module-level function (bound to its
    rows with :func:`functools.partial`), never a closure: a plan is made in an ingest worker
    process and pickled back to the writer (:mod:`registry.store.ingest_workers`)."""

    kind: str
    format: str
    write: Writer


# --- document helpers ---------------------------------------------------------------------------

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


# --- legal texts --------------------------------------------------------------------------------


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


# --- provincial procedures ------------------------------------------------------------------------


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


# --- lists --------------------------------------------------------------------------------------

# When the Investment Law lists took effect (DOMAIN.md §3).
LIST_EFFECTIVE = {"61/2020/QH14": date(2021, 1, 1), "143/2025/QH15": date(2026, 7, 1)}


def _insert_business_lines(
    conn: Connection, file_id: int, lines: Sequence[BusinessLine], list_document: str
) -> int:
    rows = [
        {
            "number": line.number,
            "name": line.name,
            "folded_name": line.folded,
            "ministry": line.ministry,
            "position": line.order,
            "list_document": list_document,
            "source_file_id": file_id,
            "valid_from": LIST_EFFECTIVE.get(list_document),
            "valid_to": None,
        }
        for line in {ln.number: ln for ln in lines}.values()
    ]
    if rows:
        conn.execute(insert(m.table_of(m.BusinessLine)), rows)
    return len(rows)


def _list_document_of(name: str, text: str) -> str:
    """Which law a list file belongs to: a number in its name or first lines, else the 2020 law."""
    stem = fold(Path(name).stem)
    for number in LIST_EFFECTIVE:
        y = number.split("/")[1]
        if f"{number.split('/')[0]}/{y}" in fold(text[:2000]) or f"dau-tu-{y}" in stem:
            return number
    return "61/2020/QH14"


def plan_business_lines(data: bytes, name: str) -> Plan:
    try:
        text, _enc = decode(data, name)
        lines = read_csv(name, text=text)
    except DecodeError as e:
        raise ImportError_(str(e), "unreadable") from e
    except BusinessLineError as e:
        raise ImportError_(str(e), "not_a_list") from e
    list_doc = _list_document_of(name, text)
    return Plan(
        "business_lines", "csv", partial(_write_business_lines, lines=lines, list_doc=list_doc)
    )


def _write_business_lines(
    conn: Connection,
    file_id: int,
    path: str,
    now: datetime,
    lines: Sequence[BusinessLine],
    list_doc: str,
) -> tuple[int, list[str]]:
    return _insert_business_lines(conn, file_id, lines, list_doc), [list_doc]


def _insert_ktcn(
    conn: Connection,
    file_id: int,
    items: Sequence[KtcnItem],
    origin: str,
    valid_from: date | None,
) -> int:
    rows = [
        {
            "hs": it.hs,
            "description": it.description,
            "name": it.name,
            "inspection_type": it.inspection_type[:200],
            "agency": it.agency[:200],
            "list_document": it.list_document,
            "list_part": it.list_part[:32],
            "unit_id": it.unit_id,
            "partial": it.partial,
            "origin": origin,
            "source_file_id": file_id,
            "valid_from": valid_from,
            "valid_to": None,
        }
        for it in items
    ]
    if rows:
        conn.execute(insert(m.table_of(m.KtcnItem)), rows)
    return len(rows)


def plan_ktcn_compiled(data: bytes, name: str) -> Plan:
    try:
        if Path(name).is_file():
            items = list(read_compiled(name))
        else:
            with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
                tmp.write(data)
                tmp.flush()
                items = list(read_compiled(tmp.name))
    except KtcnError as e:
        raise ImportError_(f"{name}: {e}", "not_a_list") from e
    except UnicodeDecodeError as e:
        raise ImportError_(
            f"{name}: không phải văn bản UTF-8 (byte {e.start}), không đọc được danh mục KTCN",
            "unreadable",
        ) from e
    if not items:
        raise ImportError_(f"{name}: không có dòng hàng nào của danh mục KTCN", "not_a_list")

    return Plan("ktcn", "jsonl", partial(_write_ktcn_compiled, items=items))


def _write_ktcn_compiled(
    conn: Connection, file_id: int, path: str, now: datetime, items: Sequence[KtcnItem]
) -> tuple[int, list[str]]:
    return _insert_ktcn(conn, file_id, items, "compiled", None), sorted(
        {i.list_document for i in items if i.list_document}
    )


def plan_reference(data: bytes, name: str) -> Plan:
    try:
        text, _enc = decode(data, name)
        obj = json.loads(text)
    except DecodeError as e:
        raise ImportError_(str(e), "unreadable") from e
    except json.JSONDecodeError as e:
        raise ImportError_(
            f"{name}: không đọc được JSON (lỗi cú pháp ở dòng {e.lineno}, cột {e.colno})",
            "bad_json",
        ) from e
    info: dict[str, Any] = {}
    kind = "reference"
    if isinstance(obj, dict) and "co_quan" in obj:
        kind = "ktcn_reference"
        meta = obj.get("meta") or {}
        if isinstance(meta, dict) and meta.get("created_at"):
            info["snapshot"] = str(meta["created_at"])[:10]
        info["documents"] = sorted(str(k) for k in (obj.get("van_ban_mapping") or {}))

    return Plan(kind, "json", partial(_write_reference_info, info=info))


def _write_reference_info(
    conn: Connection, file_id: int, path: str, now: datetime, info: dict[str, Any]
) -> tuple[int, list[str]]:
    sf = m.table_of(m.SourceFile)
    conn.execute(update(sf).where(sf.c.id == file_id).values(info=info))
    return 0, []


# Extension → how its files are planned: the one rule of what the ingest reads. `dispatch`
# follows it, and the API refuses an upload it would quarantine by type (`is_supported`).
PLANNERS: dict[str, Callable[[bytes, str], Plan]] = {
    ".csv": plan_business_lines,
    ".jsonl": plan_ktcn_compiled,
    ".json": plan_reference,
    **{suffix: plan_legal for suffix in sorted(LEGAL_SUFFIXES | BINARY_LEGAL_SUFFIXES)},
}


def is_supported(name: str) -> bool:
    """Whether the ingest reads files called `name` (by extension, case-insensitive)."""
    return Path(name).suffix.lower() in PLANNERS


def dispatch(data: bytes, name: str) -> Plan:
    """Parse `data` (the content of file `name`) into a plan of rows; raise ImportError_ if unreadable."""
    suffix = Path(name).suffix.lower()
    if not data:
        raise ImportError_(f"{name}: tệp rỗng, không có nội dung", "empty_file")
    if suffix in (".json", ".jsonl") and is_record_file(data, name):
        from registry.importers.tthc import plan_records

        return plan_records(data, name)  # national TTHC database records
    planner = PLANNERS.get(suffix)
    if planner is None:
        raise ImportError_(
            f"{name}: không đọc loại tệp {suffix or '(không có đuôi)'}; chỉ nhận "
            ".md/.html/.htm/.txt, .doc/.docx/.pdf, .csv, .jsonl hoặc .json",
            "unsupported_type",
        )
    return planner(data, name)


__all__ = ["PLANNERS", "QUARANTINE_CODES", "ImportError_", "Plan", "dispatch", "is_supported"]
