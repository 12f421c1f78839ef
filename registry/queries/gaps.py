"""Read queries over compliance gaps: filtered listing, one gap's full story, the review trail.

The diff engine writes gaps and scan runs, and owns the review workflow
(``registry.scan.gaps.set_review_state``); this module only reads them, joined with the procedure,
condition and effect each gap points to, for the API and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from parsers.citation_text import citation, document_label
from parsers.normalize import fold
from registry.consolidation.provision_text import texts_on
from registry.queries.common import TABLES, Page, condition_statuses, effect_dict, iso
from registry.queries.condition_fields import condition_text_fields
from registry.queries.provinces import gaps_in, new_name, old_name, resolve_province
from registry.scan.partitions import NATIONAL_NAME, NATIONAL_PARTITION, is_national

GAP_KINDS = ("cut", "amended", "basis", "procedure")
SORTS = ("effective", "-effective", "score", "-score", "province", "-province", "id", "-id")


class GapNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class GapFilter:
    province: str | None = None
    kind: str | None = None
    ministry: str | None = None
    business_line: str | None = None
    state: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    scan: int | None = None
    active: bool | None = None
    sort: str = "-effective"
    ids: tuple[int, ...] | None = None  # only these gaps (a scan diff's lists)
    resolved_in: int | None = None  # only the gaps this scan found gone
    scan_also: int | None = None  # present in this scan too (a scan diff's "stayed")


_G = TABLES["gap"]
_P = TABLES["procedure"]
_C = TABLES["condition"]
_E = TABLES["effect"]
_R = TABLES["procedure_requirement"]
_CBL = TABLES["condition_business_line"]
_BL = TABLES["business_line"]


def business_line_numbers(conn: Connection, query: str) -> list[str]:
    """Line numbers `query` names: a number ("38", "29a") or a name (folded, substring)."""
    q = query.strip()
    if not q:
        return []
    if q[:-1].isdigit() or q.isdigit():
        return [q.lower()]
    key = fold(q)
    rows = conn.execute(select(_BL.c.number, _BL.c.folded_name).distinct()).all()
    exact = [n for n, f in rows if f == key]
    if exact:
        return sorted(set(exact))
    return sorted({n for n, f in rows if key in (f or "")})


def _gaps_of_ministry(ministry: str) -> ColumnElement[bool]:
    """Gaps the ministry answers for: its conditions' gaps, and the basis and procedure gaps the
    scan assigned to it (the cited document's ministry, the publishing ministry's, recorded in
    the gap's evidence). One SQL condition: the evidence is read by the database's JSON
    functions, not decoded row by row in Python for every gap without a condition."""
    code = ministry.upper()
    return or_(
        _G.c.condition_id.in_(select(_C.c.id).where(func.upper(_C.c.ministry) == code)),
        and_(
            _G.c.condition_id.is_(None),
            func.upper(func.coalesce(_G.c.evidence["ministry"].as_string(), "")) == code,
        ),
    )


def _where(conn: Connection, f: GapFilter) -> list[Any]:
    cond: list[Any] = []
    if f.province:
        if is_national(f.province):  # the national TTHC database's own procedures
            cond.append(_G.c.successor_code == NATIONAL_PARTITION)
        else:
            # Today's reading (UnknownProvince, with the closest names, for a name nobody knows).
            cond.append(gaps_in(_G, _P, resolve_province(f.province)))
    if f.kind:
        cond.append(_G.c.kind == f.kind)
    if f.state:
        cond.append(_G.c.review_state == f.state)
    if f.ministry:
        cond.append(_gaps_of_ministry(f.ministry))
    if f.business_line:
        numbers = business_line_numbers(conn, f.business_line)
        cond.append(
            _G.c.condition_id.in_(
                select(_CBL.c.condition_id).where(_CBL.c.business_line_number.in_(numbers))
            )
        )
    if f.date_from:
        cond.append(_G.c.effective >= f.date_from)
    if f.date_to:
        cond.append(_G.c.effective <= f.date_to)
    for sid in (f.scan, f.scan_also):
        if sid is not None:
            cond.append(_G.c.first_seen_scan_id <= sid)
            cond.append(_G.c.last_seen_scan_id >= sid)
    if f.resolved_in is not None:
        cond.append(_G.c.resolved_scan_id == f.resolved_in)
    if f.ids is not None:
        cond.append(_G.c.id.in_(f.ids))
    if f.active is True:
        cond.append(_G.c.resolved_scan_id.is_(None))
    elif f.active is False:
        cond.append(_G.c.resolved_scan_id.is_not(None))
    return cond


def _order(sort: str) -> list[Any]:
    desc = sort.startswith("-")
    col = _sort_column(sort)
    primary = col.desc() if desc else col.asc()
    if col is _G.c.id:  # the primary key is never null: the rowid order, no sort
        return [primary]
    return [col.is_(None), primary, _G.c.id.desc() if desc else _G.c.id.asc()]


def _listing() -> Select[Any]:
    return select(
        _G.c.id,
        _G.c.key,
        _G.c.kind,
        _G.c.province_code,
        _G.c.successor_code,
        _G.c.effective,
        _G.c.score,
        _G.c.review_state,
        _G.c.first_seen_scan_id,
        _G.c.last_seen_scan_id,
        _G.c.resolved_scan_id,
        _P.c.code.label("procedure_code"),
        _P.c.name.label("procedure_name"),
        _P.c.decision_number,
        _P.c.signed.label("decision_signed"),
        _P.c.province_written,
        _C.c.key.label("condition_key"),
        _C.c.document_number.label("condition_document"),
        _C.c.unit_id.label("condition_unit"),
        _C.c.document_id.label("condition_document_id"),
        _C.c.text.label("condition_text"),
        _C.c.ministry,
        _R.c.text.label("requirement_text"),
        _E.c.op.label("effect_op"),
        _G.c.evidence["ministry"].as_string().label("scan_ministry"),
        _E.c.by_document.label("effect_document"),
        _E.c.by_unit.label("effect_unit"),
    ).select_from(
        _G.outerjoin(_P, _P.c.id == _G.c.procedure_id)
        .outerjoin(_C, _C.c.id == _G.c.condition_id)
        .outerjoin(_E, _E.c.id == _G.c.effect_id)
        .outerjoin(_R, _R.c.id == _G.c.requirement_id)
    )


def _row(r: Any, today: date) -> dict[str, Any]:
    overdue = (today - r.effective).days if r.effective is not None else None
    return {
        "id": r.id,
        "key": r.key,
        "kind": r.kind,
        "province_code": r.province_code,
        "province_name": old_name(r.province_code) or new_name(r.province_code),
        "province_written": r.province_written or "",
        "successor_code": r.successor_code,
        "successor_name": new_name(r.successor_code)
        or (NATIONAL_NAME if r.successor_code == NATIONAL_PARTITION else ""),
        "effective": iso(r.effective),
        "days_overdue": overdue,
        "score": round(float(r.score or 0.0), 2),
        "review_state": r.review_state,
        "procedure_code": r.procedure_code or "",
        "procedure_name": r.procedure_name or "",
        "provincial_document": r.decision_number or "",
        "provincial_signed": iso(r.decision_signed),
        "condition_key": r.condition_key or "",
        "condition_document": r.condition_document or "",
        "condition_unit": r.condition_unit or "",
        "condition_citation": citation(r.condition_unit or "", r.condition_document or "")
        if r.condition_key
        else "",
        "condition_text": r.condition_text or "",
        "requirement_text": r.requirement_text or "",
        "ministry": r.ministry or r.scan_ministry or "",
        "effect_op": r.effect_op or "",
        "effect_document": r.effect_document or "",
        "effect_unit": r.effect_unit or "",
        "effect_citation": citation(r.effect_unit or "", r.effect_document or "")
        if r.effect_document
        else "",
        "first_seen_scan_id": r.first_seen_scan_id,
        "last_seen_scan_id": r.last_seen_scan_id,
        "resolved_scan_id": r.resolved_scan_id,
    }


def _sort_column(sort: str) -> Any:
    return {
        "effective": _G.c.effective,
        "score": _G.c.score,
        "province": _G.c.province_code,
        "id": _G.c.id,
    }.get(sort.lstrip("-"), _G.c.effective)


def _page_ids(conn: Connection, where: list[Any], sort: str, page: Page) -> tuple[int, list[int]]:
    """(total, the page's gap ids) in ``_order(sort)``, read from the gap table alone.

    The order "rows with a value by (value, id), then rows without one by id" is read as two
    ranges, each in an index's own order ((value, rowid) entries of ``ix_gap_effective`` or
    ``ix_gap_kind_effective``, the rowid for the null range): no sort of every matching row, and
    the scan stops at the page's end. Their two counts give the total.
    """
    desc = sort.startswith("-")
    col = _sort_column(sort)
    key = _G.c.id.desc() if desc else _G.c.id.asc()
    match = and_(True, *where)
    if col is _G.c.id:
        total = conn.execute(select(func.count()).select_from(_G).where(match)).scalar_one()
        q = select(_G.c.id).where(match).order_by(key).limit(page.limit).offset(page.offset)
        return int(total), list(conn.execute(q).scalars())
    valued = conn.execute(
        select(func.count()).select_from(_G).where(match, col.is_not(None))
    ).scalar_one()
    unvalued = conn.execute(
        select(func.count()).select_from(_G).where(match, col.is_(None))
    ).scalar_one()
    ids: list[int] = []
    if page.offset < valued:
        q = (
            select(_G.c.id)
            .where(match, col.is_not(None))
            .order_by(col.desc() if desc else col.asc(), key)
            .limit(page.limit)
            .offset(page.offset)
        )
        ids = list(conn.execute(q).scalars())
    rest = page.limit - len(ids)
    if rest > 0 and unvalued:
        q = (
            select(_G.c.id)
            .where(match, col.is_(None))
            .order_by(key)
            .limit(rest)
            .offset(max(0, page.offset - valued))
        )
        ids += conn.execute(q).scalars()
    return int(valued + unvalued), ids


def _texts_in_force(conn: Connection, rows: list[Any], day: date) -> dict[tuple[int, str], str]:
    """(document id, unit id) -> the provision's words on ``day`` (for a cut one the last words
    before the cut), from the one reader of dated texts (:func:`registry.consolidation.provision_text.texts_on`)."""
    stored = {
        (r.condition_document_id, r.condition_unit): r.condition_text or ""
        for r in rows
        if r.condition_key
    }
    if not stored:
        return {}
    return {k: t.text for k, t in texts_on(conn, stored, day, stored).items()}


def _national_sides(conn: Connection, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Basis and procedure gaps (no condition): gap id -> (citation of the national provision
    or publication, the publication's action on the procedure), from the recorded evidence."""
    out: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        for gid, kind, payload in conn.execute(
            select(_G.c.id, _G.c.kind, _G.c.evidence).where(_G.c.id.in_(ids[start : start + 500]))
        ):
            p = payload or {}
            ev = p.get("evidence") or {}
            nat = ev.get("national") if isinstance(ev, dict) else None
            nat = nat if isinstance(nat, dict) else {}
            if kind == "procedure":
                number = str(nat.get("document") or p.get("document") or "")
                side = (document_label(number), str(nat.get("action") or ""))
            else:
                unit = str(nat.get("target_unit") or p.get("unit") or "")
                side = (citation(unit, str(p.get("document") or "")), "")
            out[gid] = side
    return out


def _rows(conn: Connection, rows: list[Any], day: date) -> list[dict[str, Any]]:
    texts = _texts_in_force(conn, rows, day)
    sides = _national_sides(conn, [r.id for r in rows if not r.condition_key])
    out = []
    for r in rows:
        row = _row(r, day)
        current = texts.get((r.condition_document_id, r.condition_unit))
        if current:
            row["condition_text"] = current
        national, action = sides.get(r.id, (row["condition_citation"], ""))
        row["national_citation"] = national
        row["national_action"] = action
        out.append(row)
    return out


def list_gaps(
    conn: Connection, f: GapFilter, page: Page | None = None, today: date | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, the page of gaps); ``page=None`` returns every match (for exports)."""
    where = _where(conn, f)
    day = today or date.today()
    if page is None:
        total = conn.execute(
            select(func.count()).select_from(_G).where(and_(True, *where))
        ).scalar_one()
        q = _listing().where(and_(True, *where)).order_by(*_order(f.sort))
        return int(total), _rows(conn, list(conn.execute(q)), day)
    # Two steps: the page's ids from the gap table alone, then the joins for those rows only,
    # instead of joining and sorting every matching wide row.
    total, ids = _page_ids(conn, where, f.sort, page)
    if not ids:
        return total, []
    by_id = {r.id: r for r in conn.execute(_listing().where(_G.c.id.in_(ids)))}
    return total, _rows(conn, [by_id[i] for i in ids], day)


def gap_detail(conn: Connection, gap_id: int, today: date | None = None) -> dict[str, Any]:
    """Everything about one gap: both sides' evidence, the condition's history, the cutting effect,
    the scans that saw it and the review trail."""
    r = conn.execute(_listing().where(_G.c.id == gap_id)).first()
    if r is None:
        raise GapNotFound(gap_id)
    g = conn.execute(select(_G).where(_G.c.id == gap_id)).one()
    out = _rows(conn, [r], today or date.today())[0]
    out["evidence"] = g.evidence or {}
    # Provincial side.
    requirement = None
    if g.requirement_id is not None:
        req = conn.execute(select(_R).where(_R.c.id == g.requirement_id)).first()
        if req is not None:
            requirement = {
                "id": req.id,
                "text": req.text,
                "lead": req.lead,
                "position": req.position,
            }
    procedure = None
    if g.procedure_id is not None:
        p = conn.execute(select(_P).where(_P.c.id == g.procedure_id)).first()
        if p is not None:
            lb = TABLES["procedure_legal_basis"]
            bases = conn.execute(
                select(lb.c.text, lb.c.document, lb.c.unit).where(lb.c.procedure_id == p.id)
            ).all()
            procedure = {
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "decision_number": p.decision_number,
                "signed": iso(p.signed),
                "version": p.version,
                "action": p.action,
                "field": p.field,
                "province_written": p.province_written,
                "legal_bases": [
                    {"text": b.text, "document": b.document, "unit": b.unit} for b in bases
                ],
            }
    out["provincial"] = {"procedure": procedure, "requirement": requirement}
    # National side.
    condition = None
    if g.condition_id is not None:
        c = conn.execute(select(_C).where(_C.c.id == g.condition_id)).first()
        if c is not None:
            lines = conn.execute(
                select(_CBL.c.business_line_number)
                .where(_CBL.c.condition_id == c.id)
                .order_by(_CBL.c.rank)
            ).scalars()
            # The words in force on the date the last scan that saw the gap looked at.
            sr = TABLES["scan_run"]
            seen_on = conn.execute(
                select(sr.c.as_of).where(sr.c.id == g.last_seen_scan_id)
            ).scalar_one_or_none()
            key = (c.document_id, c.unit_id)
            said = texts_on(conn, [key], seen_on or today or date.today(), {key: c.text})[key]
            condition = {
                **condition_text_fields(c, said),
                "id": c.id,
                "key": c.key,
                "heading": c.heading,
                "lead": c.lead,
                "type": c.type,
                "ministry": c.ministry,
                "business_lines": list(lines),
                "history": condition_statuses(conn, [c.id])[c.id],
            }
    out["national"] = {
        "condition": condition,
        "effect": effect_dict(conn, g.effect_id),
        "publication": _publication(conn, g.kind, out["evidence"]),
    }
    out["scans"] = _scan_history(conn, g)
    out["reviews"] = review_trail(conn, gap_id)
    return out


def _publication(conn: Connection, kind: str, evidence: dict[str, Any]) -> dict[str, Any] | None:
    """For a procedure gap: the ministry's publication that superseded the province's version."""
    nat = ((evidence or {}).get("evidence") or {}).get("national") or {}
    if kind != "procedure" or not nat.get("document"):
        return None
    d = TABLES["document"]
    doc_id = nat.get("document_id")
    where = d.c.id == doc_id if doc_id else d.c.number == nat["document"]
    r = conn.execute(
        select(d.c.number, d.c.title, d.c.signed, d.c.effective, d.c.ministry).where(where)
    ).first()
    return {
        "document": nat["document"],
        "citation": document_label(nat["document"]),
        "action": nat.get("action", ""),
        "label": nat.get("label", ""),
        "title": r.title if r else "",
        "signed": iso(r.signed) if r else None,
        "effective": iso(r.effective) if r else nat.get("effective"),
        "ministry": (r.ministry if r else "") or nat.get("ministry", ""),
    }


def _scan_history(conn: Connection, g: Any) -> list[dict[str, Any]]:
    """Every complete scan since the gap was first seen, and whether the gap was present in it
    (:func:`registry.queries.scans.gap_presence`, the record ``/v1/scans/diff`` reads too)."""
    from registry.queries.scans import gap_presence

    return gap_presence(conn, g)


def review_trail(conn: Connection, gap_id: int) -> list[dict[str, Any]]:
    rv = TABLES["review_event"]
    rows = conn.execute(select(rv).where(rv.c.gap_id == gap_id).order_by(rv.c.at, rv.c.id)).all()
    return [
        {
            "id": r.id,
            "from_state": r.from_state,
            "to_state": r.to_state,
            "actor": r.actor,
            "note": r.note,
            "at": iso(r.at),
        }
        for r in rows
    ]


def new_gaps(
    conn: Connection, limit: int = 50, f: GapFilter | None = None, *, resolved: bool = False
) -> list[dict[str, Any]]:
    """The gaps most recently found (by the scan that first saw them), newest first: the feed.

    With ``resolved``, the gaps most recently found gone instead, dated by the scan that found
    it; ``f`` narrows either (a province's feed)."""
    sr = TABLES["scan_run"]
    by = _G.c.resolved_scan_id if resolved else _G.c.first_seen_scan_id
    where = _where(conn, f) if f is not None else []
    if resolved:
        where.append(_G.c.resolved_scan_id.is_not(None))
    q = (
        _listing()
        .add_columns(sr.c.finished_at.label("found_at"), sr.c.started_at.label("scan_started"))
        .outerjoin(sr, sr.c.id == by)
        .where(and_(True, *where))
        .order_by(by.desc(), _G.c.id.desc())
        .limit(limit)
    )
    today = date.today()
    rows = list(conn.execute(q))
    out = _rows(conn, rows, today)
    for row, r in zip(out, rows, strict=True):
        row["found_at"] = iso(r.found_at or r.scan_started)
    return out


def review_state(conn: Connection, gap_id: int) -> str | None:
    """The gap's review state, or None when there is no such gap."""
    return conn.execute(select(_G.c.review_state).where(_G.c.id == gap_id)).scalar()
