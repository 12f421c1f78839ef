""" "What applies to me": a business line's conditions, KTCN items and provincial procedures on a date.

Every item carries its source (document, unit, effect). A condition whose status on the date no
dated record proves is reported ``unknown``, never ``in_force`` by default.

Links between a line and the other tables, and why:
- conditions: ``condition_business_line`` (the link rule, :class:`parsers.business_lines.DocumentLines`);
- KTCN items: the lists issued by the line's ministry (a list's number ends with its issuer,
  ``…/TT-BCT``), one row per goods line; the registry holds no finer link from goods to lines;
- provincial procedures: those whose legal basis cites a document that states one of the line's
  conditions, or a document that amended it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from parsers.ministries import ministry_of_number
from parsers.normalize import fold, normalize_number
from parsers.provinces import MERGER_DATE, Jurisdiction, resolve_province, territories_of
from registry.consolidation.provision_text import texts_on
from registry.interval import holds
from registry.queries.common import TABLES, condition_statuses, counts_by, iso, status_on, valid_on
from registry.queries.condition_fields import condition_text_fields, effect_of
from registry.queries.provinces import in_territories, new_name, old_name
from registry.scan.partitions import NATIONAL_NAME, NATIONAL_PARTITION

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


def rules_for(
    conn: Connection, ident: str, *, province: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    day = as_of or date.today()
    # Read before anything else: an unknown province is refused (UnknownProvince), never "none".
    where = resolve_province(province, day) if province else None
    line = find_business_line(conn, ident)
    conds = conn.execute(
        select(_C)
        .join(_CBL, _CBL.c.condition_id == _C.c.id)
        .where(_CBL.c.business_line_number == line["number"])
        .order_by(_C.c.document_number, _C.c.id)
    ).all()
    history = condition_statuses(conn, [c.id for c in conds])
    words = texts_on(
        conn,
        [(c.document_id, c.unit_id) for c in conds],
        day,
        {(c.document_id, c.unit_id): c.text for c in conds},
    )
    buckets: dict[str, list[dict[str, Any]]] = {"in_force": [], "cut": [], "unknown": []}
    for c in conds:
        iv = status_on(history[c.id], day)
        if iv is None and history[c.id]:
            continue  # dated statuses exist, none on `day`: not yet (or no longer) a condition
        status = iv["status"] if iv else "unknown"
        said = words[(c.document_id, c.unit_id)]
        item = {
            **condition_text_fields(c, said),
            "id": c.id,
            "key": c.key,
            "heading": c.heading,
            "type": c.type,
            "ministry": c.ministry,
            "status": status,
            "status_since": iv["valid_from"] if iv else None,
            "reason": (iv["reason"] if iv else "no dated status in the registry"),
            "source": {"document": c.document_number, "unit": c.unit_id},
            "effect": effect_of(iv) if iv and status in ("cut", "amended") else None,
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
    # A procedure citing an amending text alone concerns the line only when that text amends
    # nothing but the line's documents: an omnibus decree (08/2018 amends the petrol and the
    # tobacco decrees) names no line by itself, so its tobacco licence is not a petrol procedure.
    targets: dict[str, set[str]] = {}
    if amending:
        for by, target in conn.execute(
            select(_E.c.by_document, _E.c.target_document).where(
                _E.c.by_document.in_(amending), _E.c.target_document != ""
            )
        ):
            targets.setdefault(by, set()).add(target)
    own = set(documents)
    exclusive = [a for a in amending if targets.get(a, set()) <= own]
    ktcn, ktcn_summary = _ktcn_for(conn, line["ministry"] or _main_ministry(conds), day)
    return {
        "business_line": line,
        "as_of": day.isoformat(),
        "province": where.to_dict() if where else None,
        "conditions": buckets,
        "counts": {k: len(v) for k, v in buckets.items()},
        "ktcn": ktcn,
        "ktcn_summary": ktcn_summary,
        "procedures": _procedures_for(conn, documents + exclusive, where, day),
        "documents": documents,
        "amending_documents": amending,
    }


def _main_ministry(conds: Sequence[Any]) -> str:
    """The ministry most of the line's conditions answer to (when the list names none)."""
    counts = Counter(c.ministry for c in conds if c.ministry)
    return counts.most_common(1)[0][0] if counts else ""


def _ktcn_for(
    conn: Connection, ministry: str, day: date
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The goods lines the ministry's KTCN lists hold on `day`, one row per line (HS code ×
    inspection type), and a summary (ministry, total, note).

    A line a replacing list continues is one line: the row shows the listing in force on `day`
    and ``listed_since``, the start of its first listing in the chain.
    """
    if not ministry:
        return [], {"ministry": "", "total": 0, "note": "ngành, nghề không nêu bộ quản lý."}
    lists = [
        d
        for (d,) in conn.execute(select(_K.c.list_document).distinct())
        if ministry_of_number(d or "") == ministry.upper()
    ]
    if not lists:
        return [], {
            "ministry": ministry,
            "total": 0,
            "note": "bộ quản lý chưa có danh mục KTCN nào trong sổ đăng ký.",
        }
    rows = conn.execute(
        select(_K).where(_K.c.list_document.in_(lists)).order_by(_K.c.hs, _K.c.valid_from, _K.c.id)
    ).all()
    spans: dict[tuple[str, str], list[Any]] = {}
    folded: dict[str, str] = {}  # a ministry's lists use a handful of inspection types
    for r in rows:
        kind = folded.get(r.inspection_type)
        if kind is None:
            kind = folded[r.inspection_type] = fold(r.inspection_type).strip()
        spans.setdefault((r.hs, kind), []).append(r)
    lines: list[dict[str, Any]] = []
    total = 0
    for listings in spans.values():
        now = [
            r
            for r in listings
            if (r.valid_from or r.listed_on) is not None
            and holds(r.valid_from or r.listed_on, r.valid_to, day)
        ]
        if not now:
            continue
        total += 1
        if len(lines) == MAX_KTCN_ITEMS:
            continue  # counted; only the first lines are shown (a ministry lists thousands)
        r = max(now, key=lambda x: (x.valid_from or x.listed_on, x.id))
        since = r.valid_from or r.listed_on
        # Walk back through the listings this one continues (one ends the day the next starts).
        for prev in sorted(listings, key=lambda x: x.valid_to or date.max, reverse=True):
            if (
                prev.valid_to is not None
                and prev.valid_to == since
                and prev.cut_by_effect_id is None
            ):
                since = prev.valid_from or prev.listed_on or since
        lines.append(
            {
                "hs": r.hs,
                "name": r.name,
                "description": r.description,
                "inspection_type": r.inspection_type,
                "agency": r.agency or ministry,
                "document": r.list_document,
                "source": {"document": r.list_document, "unit": r.unit_id},
                "listed_since": iso(since),
                "valid_from": iso(r.valid_from),
                "valid_to": iso(r.valid_to),
                "listed_on": iso(r.listed_on),
                "listings": sorted({x.list_document for x in listings}),
            }
        )
    return lines, {"ministry": ministry, "total": total, "note": ""}


def _procedures_for(
    conn: Connection, documents: list[str], where: Jurisdiction | None, day: date
) -> list[dict[str, Any]]:
    """The provincial procedures citing `documents`, one current publication per code and
    territory on `day`; earlier publications of the code there are its history.

    A territory is an old (pre-merger) province: a decision signed before 1 Jul 2025 covers its
    own, one signed from then covers every old province of its unit, so Lâm Đồng's 2025 decision
    replaces Bình Thuận's 2017 versions of the codes it lists, and Bình Thuận's other procedures
    stay current there. Supersession reads every publication of the code, cited basis or not.
    """
    if not documents:
        return []
    keys = sorted({normalize_number(d) for d in documents})
    dated = or_(_P.c.signed.is_(None), _P.c.signed <= day)
    scope = (
        in_territories(_P.c.province_code, _P.c.signed, where.territories)
        if where is not None
        else None
    )
    sel = select(_P.c.id, _P.c.code).join(_LB, _LB.c.procedure_id == _P.c.id)
    sel = sel.where(_LB.c.document.in_(keys), dated)
    if scope is not None:
        sel = sel.where(scope)
    citing = conn.execute(sel.distinct()).all()
    if not citing:
        return []
    codes = sorted({r.code for r in citing if r.code})
    uncoded = sorted({r.id for r in citing if not r.code})
    sel_all = select(_P).where(dated, or_(_P.c.code.in_(codes), _P.c.id.in_(uncoded)))
    if scope is not None:
        sel_all = sel_all.where(scope)
    rows = conn.execute(sel_all.order_by(_P.c.signed, _P.c.id)).all()
    wanted = set(where.territories) if where is not None else None
    # (territory, code) → publications in order of signing; the last one is current.
    pubs: dict[tuple[str, str], list[Any]] = {}
    for r in rows:
        for t in territories_of(r.province_code, r.signed):
            if wanted is None or t in wanted:
                pubs.setdefault((t, r.code or f"#{r.id}"), []).append(r)
    cited = {r.id for r in citing}
    current: dict[int, dict[str, Any]] = {}
    for (t, _code), seq in pubs.items():
        if not any(x.id in cited for x in seq):
            continue  # the code is linked to the line through another territory's texts only
        r = seq[-1]
        item = current.get(r.id)
        if item is None:
            item = current[r.id] = _procedure_item(r)
        item["territories"].append({"code": t, "name": old_name(t)})
        decisions = list(dict.fromkeys((x.decision_number, x.signed, x.province_code) for x in seq))
        version = decisions.index((r.decision_number, r.signed, r.province_code)) + 1
        item["version"] = max(item["version"], version)
        for n, (number, signed, code) in enumerate(decisions[: version - 1], 1):
            entry = {
                "publishing_decision": number,
                "signed": iso(signed),
                "province_code": code,
                "province": _province_name(code, signed),
                "version": n,
            }
            if entry not in item["history"]:
                item["history"].append(entry)
    bases: dict[int, set[str]] = {}
    if current:
        for pid, doc in conn.execute(
            select(_LB.c.procedure_id, _LB.c.document).where(
                _LB.c.procedure_id.in_(sorted(current)), _LB.c.document.in_(keys)
            )
        ):
            bases.setdefault(pid, set()).add(doc)
    for pid, item in current.items():
        item["cites"] = sorted(bases.get(pid, ()))
        item["territories"].sort(key=lambda x: x["code"])
    return sorted(current.values(), key=lambda d: (d["province_code"], d["code"], d["id"]))


def _province_name(code: str, signed: date | None) -> str:
    """The name of the unit that wrote `code` on `signed` (old names before the merger)."""
    post = signed is not None and signed >= MERGER_DATE
    return (new_name(code) if post else old_name(code)) or old_name(code) or new_name(code)


def _procedure_item(r: Any) -> dict[str, Any]:
    province = _province_name(r.province_code, r.signed)
    if not province and r.successor_code == NATIONAL_PARTITION:
        province = NATIONAL_NAME  # a national TTHC database record, published by a ministry
    return {
        "id": r.id,
        "code": r.code,
        "name": r.name,
        "province_code": r.province_code,
        "province_name": province,
        "province": province,
        "successor_code": r.successor_code,
        "action": r.action,
        "publishing_decision": r.decision_number,
        "version": 1,
        "source": {"document": r.decision_number, "signed": iso(r.signed)},
        "territories": [],
        "history": [],
        "cites": [],
    }
