"""Read queries over national business conditions: folded search and a dated history.

Search is diacritics-insensitive (``parsers.normalize.fold`` on both sides). The condition table
holds no folded column, so the folded texts are built once per registry generation (the count
and highest id of conditions) and kept in memory: a few thousand short texts.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from parsers.normalize import fold
from registry.consolidation.provision_text import TextOnDate, texts_on
from registry.interval import holds_sql
from registry.queries.common import TABLES, Page, condition_statuses, iso, status_on
from registry.queries.condition_fields import condition_text_fields, effect_of
from registry.store import models as m

_C = TABLES["condition"]
_CBL = TABLES["condition_business_line"]
_PS = TABLES["provision_status"]
_PR = TABLES["provision"]
_DV = TABLES["document_version"]
_D = TABLES["document"]

_cache_lock = threading.Lock()
_folded: dict[str, tuple[tuple[int, int], list[tuple[int, str]]]] = {}


class ConditionNotFound(LookupError):
    pass


def _folded_texts(conn: Connection) -> list[tuple[int, str]]:
    gen = conn.execute(select(func.count(), func.max(_C.c.id)).select_from(_C)).one()
    key = str(conn.engine.url)
    generation = (int(gen[0]), int(gen[1] or 0))
    with _cache_lock:
        hit = _folded.get(key)
        if hit is not None and hit[0] == generation:
            return hit[1]
    rows = conn.execute(
        select(_C.c.id, _C.c.key, _C.c.heading, _C.c.lead, _C.c.text).order_by(_C.c.id)
    ).all()
    texts = [(r.id, fold(" ".join((r.key, r.heading, r.lead, r.text)))) for r in rows]
    with _cache_lock:
        _folded[key] = (generation, texts)
    return texts


def _summary(r: Any, said: TextOnDate) -> dict[str, Any]:
    """A condition's short form; `text` is the one in force on the date asked (`said`)."""
    return {
        **condition_text_fields(r, said),
        "id": r.id,
        "key": r.key,
        "heading": r.heading,
        "type": r.type,
        "ministry": r.ministry,
        "repealed": r.repealed,
    }


def _texts(conn: Connection, rows: list[Any], day: date) -> dict[tuple[int, str], TextOnDate]:
    return texts_on(
        conn,
        [(r.document_id, r.unit_id) for r in rows],
        day,
        {(r.document_id, r.unit_id): r.text for r in rows},
    )


def search_conditions(
    conn: Connection,
    q: str = "",
    *,
    ministry: str | None = None,
    type_: str | None = None,
    business_line: str | None = None,
    status: str | None = None,
    as_of: date | None = None,
    page: Page | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Conditions whose text contains every word of `q` (folded), with their status on `as_of`."""
    page = page or Page()
    ids: list[int] | None = None
    words = fold(q).split()
    if words:
        ids = [i for i, t in _folded_texts(conn) if all(w in t for w in words)]
    sel = select(_C)
    if ids is not None:
        sel = sel.where(_C.c.id.in_(ids))
    if ministry:
        sel = sel.where(func.upper(_C.c.ministry) == ministry.upper())
    if type_:
        sel = sel.where(_C.c.type == type_)
    if business_line:
        sel = sel.where(
            _C.c.id.in_(
                select(_CBL.c.condition_id).where(
                    _CBL.c.business_line_number == business_line.strip().lower()
                )
            )
        )
    rows = conn.execute(sel.order_by(_C.c.id)).all()
    day = as_of or date.today()
    hist = condition_statuses(conn, [r.id for r in rows])
    kept = []
    for r in rows:
        iv = status_on(hist[r.id], day)
        st = iv["status"] if iv else "unknown"
        if status and st != status:
            continue
        kept.append((r, st, iv))
    shown = kept[page.offset : page.offset + page.limit]
    said = _texts(conn, [r for r, _st, _iv in shown], day)
    out = [
        {
            **_summary(r, said[(r.document_id, r.unit_id)]),
            "status": st,
            "status_since": iv["valid_from"] if iv else None,
            "effect": effect_of(iv) if iv and st in ("cut", "amended") else None,
            "as_of": day.isoformat(),
        }
        for r, st, iv in shown
    ]
    return len(kept), out


def condition_detail(
    conn: Connection, ident: int | str, as_of: date | None = None
) -> dict[str, Any]:
    """One condition (by id or key): status history, dated versions of its text, business lines."""
    where = _C.c.id == ident if isinstance(ident, int) else _C.c.key == ident
    r = conn.execute(select(_C).where(where)).first()
    if r is None:
        raise ConditionNotFound(ident)
    history = condition_statuses(conn, [r.id])[r.id]
    day = as_of or date.today()
    iv = status_on(history, day)
    lines = conn.execute(
        select(_CBL.c.business_line_number).where(_CBL.c.condition_id == r.id).order_by(_CBL.c.rank)
    ).scalars()
    doc = conn.execute(
        select(_D.c.title, _D.c.signed, _D.c.effective).where(_D.c.id == r.document_id)
    ).first()
    said = _texts(conn, [r], day)[(r.document_id, r.unit_id)]
    st = iv["status"] if iv else "unknown"
    return {
        **_summary(r, said),
        "lead": r.lead,
        "article_id": r.article_id,
        "basis": r.basis,
        "quantities": _quantities(said.text) if said.text != r.text else (r.quantities or []),
        "document_title": doc.title if doc else "",
        "document_signed": iso(doc.signed) if doc else None,
        "document_effective": iso(doc.effective) if doc else None,
        "business_lines": list(lines),
        "status": st,
        "status_since": iv["valid_from"] if iv else None,
        "effect": effect_of(iv) if iv and st in ("cut", "amended") else None,
        "as_of": day.isoformat(),
        "history": _with_texts(history, said),
        "versions": _versions(conn, r.document_id, r.unit_id, r.text),
    }


def _quantities(text: str) -> list[dict[str, Any]]:
    """The quantities of the words in force (the stored ones are those of the stored text)."""
    from dataclasses import asdict

    from parsers.quantities import find_quantities

    return [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(q).items()}
        for q in find_quantities(text)
    ]


def _with_texts(history: list[dict[str, Any]], said: TextOnDate) -> list[dict[str, Any]]:
    """Each status interval with the words in force at its start (None while cut)."""
    out = []
    for iv in history:
        words = None
        if iv["status"] != "cut":
            for h in said.history:
                if h["text"] is not None and (h["valid_from"] or "") <= (iv["valid_from"] or ""):
                    words = h["text"]
            if words is None and not said.dated:
                words = said.text
        out.append({**iv, "text": words})
    return out


def _versions(conn: Connection, document_id: int, unit_id: str, text: str) -> list[dict[str, Any]]:
    """Dated texts of the provision: each status interval's text where an effect supplied one,
    and the text of every file version that stated it."""
    out: list[dict[str, Any]] = []
    rows = conn.execute(
        select(_PS.c.status, _PS.c.valid_from, _PS.c.valid_to, _PS.c.text, _PS.c.reason)
        .where(_PS.c.document_id == document_id, _PS.c.unit_id == unit_id)
        .order_by(_PS.c.valid_from.is_not(None), _PS.c.valid_from, _PS.c.id)
    ).all()
    for p in rows:
        out.append(
            {
                "source": "consolidation",
                "status": p.status,
                "valid_from": iso(p.valid_from),
                "valid_to": iso(p.valid_to),
                "text": p.text if p.text is not None else None,
                "reason": p.reason,
            }
        )
    files = conn.execute(
        select(_PR.c.text, _DV.c.version_no, _DV.c.effective, _DV.c.path, _DV.c.current)
        .select_from(_PR.join(_DV, _DV.c.id == _PR.c.document_version_id))
        .where(_PR.c.document_id == document_id, _PR.c.unit_id == unit_id)
        .order_by(_DV.c.version_no)
    ).all()
    for f in files:
        out.append(
            {
                "source": "file",
                "status": None,
                "valid_from": iso(f.effective),
                "valid_to": None,
                "text": f.text,
                "reason": f"version {f.version_no} of {f.path.rsplit('/', 1)[-1]}"
                + ("" if f.current else " (superseded)"),
            }
        )
    if not out:
        out.append(
            {
                "source": "condition",
                "status": None,
                "valid_from": None,
                "valid_to": None,
                "text": text,
                "reason": "",
            }
        )
    return out


# Statuses that count as "in force" in totals ("amended" = in force, reworded).
IN_FORCE = ("in_force", "amended")


@dataclass(slots=True)
class ConditionView:
    id: int
    key: str
    document: str
    unit_id: str
    heading: str
    text: str
    type: str
    ministry: str
    status: str
    valid_from: date | None
    valid_to: date | None
    effect_id: int | None
    reason: str
    business_lines: list[str] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__}
        for k in ("valid_from", "valid_to"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def conditions_as_of(
    conn: Connection,
    as_of: date,
    *,
    status: str | None = None,
    ministry: str | None = None,
    document: str | None = None,
    business_line: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ConditionView]:
    """Conditions existing on `as_of` with their status then, filtered; ordered by id."""
    c = m.table_of(m.Condition)
    s = m.table_of(m.ConditionStatus)
    cbl = m.table_of(m.ConditionBusinessLine)
    q = (
        select(
            c.c.id,
            c.c.key,
            c.c.document_id,
            c.c.document_number,
            c.c.unit_id,
            c.c.heading,
            c.c.text,
            c.c.type,
            c.c.ministry,
            c.c.quantities,
            s.c.status,
            s.c.valid_from,
            s.c.valid_to,
            s.c.effect_id,
            s.c.reason,
        )
        .join(s, s.c.condition_id == c.c.id)
        .where(holds_sql(s.c.valid_from, s.c.valid_to, as_of))
        .order_by(c.c.id)
    )
    if status == "in_force":
        q = q.where(s.c.status.in_(IN_FORCE))
    elif status:
        q = q.where(s.c.status == status)
    if ministry:
        q = q.where(c.c.ministry == ministry)
    if document:
        from parsers.normalize import normalize_number

        q = q.where(c.c.document_number == normalize_number(document))
    if type:
        q = q.where(c.c.type == type)
    if business_line:
        q = q.where(
            c.c.id.in_(
                select(cbl.c.condition_id).where(cbl.c.business_line_number == business_line)
            )
        )
    if limit is not None:
        q = q.limit(limit).offset(offset)
    rows = conn.execute(q).all()
    lines: dict[int, list[str]] = defaultdict(list)
    if rows:
        ids = [r.id for r in rows]
        for i in range(0, len(ids), 5000):
            for r in conn.execute(
                select(cbl.c.condition_id, cbl.c.business_line_number)
                .where(cbl.c.condition_id.in_(ids[i : i + 5000]))
                .order_by(cbl.c.rank)
            ):
                lines[r.condition_id].append(r.business_line_number)
    # The words in force on `as_of` (registry.consolidation.provision_text), not the stored original.
    said = texts_on(
        conn,
        [(r.document_id, r.unit_id) for r in rows],
        as_of,
        {(r.document_id, r.unit_id): r.text for r in rows},
    )
    return [
        ConditionView(
            id=r.id,
            key=r.key,
            document=r.document_number,
            unit_id=r.unit_id,
            heading=r.heading,
            text=said[(r.document_id, r.unit_id)].text,
            type=r.type,
            ministry=r.ministry,
            status=r.status,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            effect_id=r.effect_id,
            reason=r.reason,
            business_lines=lines.get(r.id, []),
            quantities=list(r.quantities or []),
        )
        for r in rows
    ]
