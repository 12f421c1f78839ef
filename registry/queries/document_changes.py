"""What changed in one document between two dates, provision by provision.

Each provision an effect touched with an effective date in (``start``, ``end``] is listed once:
amended, inserted or repealed, the effects that did it (with their dates), and its text as of
``start`` beside its text as of ``end``. Texts come from the consolidated statuses
(``provision_status.text``, written by ``registry.consolidation.provision_text`` from ``apply_effects``); a
provision no effect re-worded keeps the text its document states. Effects without a date are
counted, not placed: when they took effect is not known.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from parsers.citation_text import citation, document_label
from registry import labels
from registry.interval import holds
from registry.queries.common import TABLES, iso

CHANGE_OF_OP = {
    "amend": "amended",
    "replace_phrase": "amended",
    "rename": "amended",
    "insert": "inserted",
    "repeal": "repealed",
    "expire": "repealed",
    "suspend": "repealed",
    "replace_document": "repealed",
}
CHANGE_LABEL = {"amended": "sửa đổi", "inserted": "bổ sung", "repealed": "bãi bỏ"}

_D = TABLES["document"]
_DV = TABLES["document_version"]
_PR = TABLES["provision"]
_PS = TABLES["provision_status"]
_E = TABLES["effect"]


class DocumentNotFound(LookupError):
    pass


_covers = holds  # the registry's one interval rule


def _text_on(statuses: list[Any], stated: str | None, day: date) -> tuple[str | None, str]:
    """(text, status) of a provision on ``day``: None text when it did not exist or was cut."""
    status = ""
    text = stated
    for s in statuses:
        if s.valid_from is not None and s.valid_from > day:
            break
        if s.text:
            text = s.text
        if _covers(s.valid_from, s.valid_to, day):
            status = s.status
    if not statuses:
        return stated, "in_force" if stated is not None else ""
    if status in ("", "cut"):
        # Not yet inserted (no interval covers the day) or no longer in force.
        first = statuses[0]
        if status == "" and first.valid_from is not None and first.valid_from > day:
            return None, ""
        return (None if status == "cut" else text), status
    return text, status


def document_changes(conn: Connection, doc_id: int, start: date, end: date) -> dict[str, Any]:
    doc = conn.execute(select(_D).where(_D.c.id == doc_id)).first()
    if doc is None:
        raise DocumentNotFound(doc_id)
    effects = conn.execute(
        select(_E).where(_E.c.target_document_id == doc_id).order_by(_E.c.effective, _E.c.id)
    ).all()
    undated = sum(1 for e in effects if e.effective is None)
    window = [e for e in effects if e.effective is not None and start < e.effective <= end]
    units = list(dict.fromkeys(e.target_unit for e in window))
    stated = dict(
        conn.execute(
            select(_PR.c.unit_id, _PR.c.text)
            .join(_DV, _DV.c.id == _PR.c.document_version_id)
            .where(_PR.c.document_id == doc_id, _DV.c.current.is_(True), _PR.c.unit_id.in_(units))
        ).all()
    )
    statuses: dict[str, list[Any]] = {u: [] for u in units}
    for s in conn.execute(
        select(_PS)
        .where(_PS.c.document_id == doc_id, _PS.c.unit_id.in_(units))
        .order_by(_PS.c.valid_from.is_not(None), _PS.c.valid_from, _PS.c.id)
    ):
        statuses[s.unit_id].append(s)
    number = doc.number
    kind = doc.doc_type or ""
    out = []
    for unit in units:
        mine = [e for e in window if e.target_unit == unit]
        kinds = [CHANGE_OF_OP.get(e.op, "amended") for e in mine]
        old, _ = _text_on(statuses[unit], stated.get(unit), start)
        new, _ = _text_on(statuses[unit], stated.get(unit), end)
        if "inserted" in kinds and old is None:
            change = "inserted"
        elif kinds[-1] == "repealed":
            change = "repealed"
            new = None
        else:
            change = "amended"
        if new is None and change != "repealed":
            new = next((e.new_text for e in reversed(mine) if e.new_text), None)
        out.append(
            {
                "unit_id": unit,
                "citation": labels.cap(
                    citation(unit, number, kind) if unit else document_label(number, kind)
                ),
                "change": change,
                "change_label": CHANGE_LABEL[change],
                "old_text": old,
                "new_text": new,
                "effects": [
                    {
                        "id": e.id,
                        "op": e.op,
                        "op_label": labels.label(labels.EFFECT_OP, e.op),
                        "by_document": e.by_document,
                        "by_unit": e.by_unit,
                        "citation": citation(e.by_unit, e.by_document) if e.by_document else "",
                        "effective": iso(e.effective),
                        "evidence": e.evidence,
                    }
                    for e in mine
                ],
            }
        )
    return {
        "document_id": doc_id,
        "document": number,
        "document_label": document_label(number, kind),
        "title": doc.title,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "changes": out,
        "undated_effects": undated,
    }
