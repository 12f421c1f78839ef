""" "What applies to me": a business line's conditions, KTCN items and provincial procedures on a date.

Every item carries its source (document, unit, effect). A condition whose status on the date no
dated record proves is reported ``unknown``, never ``in_force`` by default.

Links between a line and the other tables, and why:
- conditions: ``condition_business_line`` (the link rule, :class:`parsers.business_lines.DocumentLines`);
- KTCN items: the lists issued by the line's ministry (a list's number ends with its issuer,
  ``…/TT-BCT``); the registry holds no finer link from goods to business lines;
- provincial procedures: those whose legal basis cites a document that states one of the line's
  conditions, or a document that amended it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from parsers.normalize import fold, normalize_number
from registry.query_common import TABLES, condition_statuses, counts_by, iso, status_on, valid_on
from registry.query_provinces import new_name, old_name, resolve

_BL = TABLES["business_line"]
_C = TABLES["condition"]
_CBL = TABLES["condition_business_line"]
_K = TABLES["ktcn_item"]
_P = TABLES["procedure"]
_LB = TABLES["procedure_legal_basis"]
_E = TABLES["effect"]
_D = TABLES["document"]

MAX_KTCN_ITEMS = 200


class BusinessLineNotFound(LookupError):
    pass


def _line(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "number": r.number,
        "name": r.name,
        "ministry": r.ministry,
        "list_document": r.list_document,
        "valid_from": iso(r.valid_from),
        "valid_to": iso(r.valid_to),
    }


def list_business_lines(
    conn: Connection, q: str = "", *, ministry: str | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The lines of the list in force on `as_of` (latest ingested version of each number)."""
    sel = select(_BL).order_by(_BL.c.source_file_id.desc(), _BL.c.position)
    if as_of is not None:
        sel = sel.where(valid_on(_BL.c.valid_from, _BL.c.valid_to, as_of))
    if ministry:
        sel = sel.where(func.upper(_BL.c.ministry) == ministry.upper())
    seen: dict[str, Any] = {}
    for r in conn.execute(sel):
        seen.setdefault(r.number, r)
    key = fold(q).strip()
    rows = [r for r in seen.values() if not key or key in (r.folded_name or "") or key == r.number]
    counts = counts_by(conn, _CBL.c.business_line_number)
    out = [{**_line(r), "conditions": int(counts.get(r.number, 0))} for r in rows]
    out.sort(key=lambda d: _num_key(d["number"]))
    return out


def _num_key(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 10**6, number)


def find_business_line(conn: Connection, ident: str) -> dict[str, Any]:
    """A line by number ("38", "29a"), row id ("id:12") or name (any diacritics; exact, then
    the single line whose name contains it, then the best-covering line)."""
    s = ident.strip()
    if not s:
        raise BusinessLineNotFound(ident)
    sel = select(_BL).order_by(_BL.c.source_file_id.desc(), _BL.c.position)
    if s.lower().startswith("id:") and s[3:].isdigit():
        r = conn.execute(sel.where(_BL.c.id == int(s[3:]))).first()
        if r is None:
            raise BusinessLineNotFound(ident)
        return _line(r)
    if s.rstrip("abcdđ").isdigit():
        r = conn.execute(sel.where(_BL.c.number == s.lower())).first()
        if r is None:
            raise BusinessLineNotFound(ident)
        return _line(r)
    key = " ".join(fold(s).split())
    rows = conn.execute(sel).all()
    for r in rows:
        if r.folded_name == key:
            return _line(r)
    contains = {r.number: r for r in rows if key in (r.folded_name or "")}
    if len(contains) >= 1:
        best = min(contains.values(), key=lambda r: len(r.folded_name or ""))
        return _line(best)
    words = set(key.split())
    scored = [
        (len(words & set((r.folded_name or "").split())) / max(len(words), 1), r) for r in rows
    ]
    scored = [x for x in scored if x[0] >= 0.6]
    if not scored:
        raise BusinessLineNotFound(ident)
    return _line(max(scored, key=lambda x: x[0])[1])


def _issuer_of(number: str) -> str:
    """ "14/2017/TT-BCT" → "BCT" (the issuer code after the last hyphen)."""
    tail = normalize_number(number).rsplit("/", 1)[-1]
    return tail.rsplit("-", 1)[-1].upper() if "-" in tail else ""


def rules_for(
    conn: Connection, ident: str, *, province: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    day = as_of or date.today()
    line = find_business_line(conn, ident)
    conds = conn.execute(
        select(_C)
        .join(_CBL, _CBL.c.condition_id == _C.c.id)
        .where(_CBL.c.business_line_number == line["number"])
        .order_by(_C.c.document_number, _C.c.id)
    ).all()
    history = condition_statuses(conn, [c.id for c in conds])
    buckets: dict[str, list[dict[str, Any]]] = {"in_force": [], "cut": [], "unknown": []}
    for c in conds:
        iv = status_on(history[c.id], day)
        if iv is None and history[c.id]:
            continue  # dated statuses exist, none on `day`: not yet (or no longer) a condition
        status = iv["status"] if iv else "unknown"
        item = {
            "id": c.id,
            "key": c.key,
            "text": c.text,
            "heading": c.heading,
            "type": c.type,
            "status": status,
            "status_since": iv["valid_from"] if iv else None,
            "reason": (iv["reason"] if iv else "no dated status in the registry"),
            "source": {"document": c.document_number, "unit": c.unit_id},
            "cut_by": iv["effect"] if iv and status == "cut" else None,
            "amended_by": iv["effect"] if iv and status == "amended" else None,
        }
        bucket = "in_force" if status in ("in_force", "amended") else status
        buckets.setdefault(bucket, []).append(item)
    documents = sorted({c.document_number for c in conds})
    amending = (
        sorted(
            {
                r[0]
                for r in conn.execute(
                    select(_E.c.by_document).where(
                        _E.c.target_document.in_(documents), _E.c.by_document != ""
                    )
                )
            }
        )
        if documents
        else []
    )
    return {
        "business_line": line,
        "as_of": day.isoformat(),
        "province": _province_info(province),
        "conditions": buckets,
        "counts": {k: len(v) for k, v in buckets.items()},
        "ktcn": _ktcn_for(conn, line["ministry"] or _main_ministry(conds), day),
        "procedures": _procedures_for(conn, documents + amending, province, day),
        "documents": documents,
        "amending_documents": amending,
    }


def _province_info(province: str | None) -> dict[str, Any] | None:
    if not province:
        return None
    pm = resolve(province)
    return {
        "query": province,
        "codes_written": sorted(pm.written),
        "successor_codes": sorted(pm.successor),
        "names": list(pm.names),
        "known": not pm.empty,
    }


def _main_ministry(conds: Sequence[Any]) -> str:
    """The ministry most of the line's conditions answer to (when the list names none)."""
    counts = Counter(c.ministry for c in conds if c.ministry)
    return counts.most_common(1)[0][0] if counts else ""


def _ktcn_for(conn: Connection, ministry: str, day: date) -> dict[str, Any]:
    if not ministry:
        return {"ministry": "", "total": 0, "items": [], "note": "the line names no ministry"}
    lists = [
        d
        for (d,) in conn.execute(select(_K.c.list_document).distinct())
        if _issuer_of(d or "") == ministry.upper()
    ]
    if not lists:
        return {
            "ministry": ministry,
            "total": 0,
            "items": [],
            "note": "no KTCN list of this ministry",
        }
    where = [_K.c.list_document.in_(lists), valid_on(_K.c.valid_from, _K.c.valid_to, day)]
    total = conn.execute(select(func.count()).select_from(_K).where(*where)).scalar_one()
    rows = conn.execute(select(_K).where(*where).order_by(_K.c.hs).limit(MAX_KTCN_ITEMS)).all()
    return {
        "ministry": ministry,
        "total": int(total),
        "items": [
            {
                "hs": r.hs,
                "description": r.description,
                "inspection_type": r.inspection_type,
                "agency": r.agency,
                "source": {"document": r.list_document, "unit": r.unit_id},
                "valid_from": iso(r.valid_from),
                "valid_to": iso(r.valid_to),
                "listed_on": iso(r.listed_on),
            }
            for r in rows
        ],
        "note": "",
    }


def _procedures_for(
    conn: Connection, documents: list[str], province: str | None, day: date
) -> list[dict[str, Any]]:
    if not documents:
        return []
    keys = {normalize_number(d) for d in documents}
    sel = (
        select(_P, _LB.c.document.label("basis"))
        .join(_LB, _LB.c.procedure_id == _P.c.id)
        .where(_LB.c.document.in_(sorted(keys)))
        .where(or_(_P.c.signed.is_(None), _P.c.signed <= day))
    )
    if province:
        pm = resolve(province)
        if pm.empty:
            return []
        parts = []
        if pm.written:
            parts.append(_P.c.province_code.in_(sorted(pm.written)))
        if pm.successor:
            parts.append(_P.c.successor_code.in_(sorted(pm.successor)))
        sel = sel.where(or_(*parts))
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in conn.execute(sel.order_by(_P.c.signed, _P.c.id)):
        k = (r.province_code, r.code or f"#{r.id}")
        cur = latest.get(k)
        if cur is not None and cur["id"] == r.id:
            cur["cites"] = sorted({*cur["cites"], r.basis})
            continue
        latest[k] = {
            "id": r.id,
            "code": r.code,
            "name": r.name,
            "province_code": r.province_code,
            "province_name": old_name(r.province_code) or new_name(r.province_code),
            "successor_code": r.successor_code,
            "action": r.action,
            "version": r.version,
            "source": {"document": r.decision_number, "signed": iso(r.signed)},
            "cites": [r.basis],
        }
    return sorted(latest.values(), key=lambda d: (d["province_code"], d["code"]))
