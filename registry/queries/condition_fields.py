"""The fields every answer about a national condition carries, written in one place.

A condition shown anywhere (business check, condition search and detail, gap pages) names its
document and provision both as machine keys (`document`, `unit_id`) and as the citation people
read, gives the words in force on the date asked (:func:`registry.consolidation.provision_text.texts_on`), its
earlier words, and, when it was cut or amended, the effect that did it as document, provision
and date.
"""

from __future__ import annotations

from typing import Any

from parsers.citation_text import citation
from registry.consolidation.provision_text import TextOnDate


def condition_text_fields(c: Any, said: TextOnDate) -> dict[str, Any]:
    """`c` a condition row (``document_number``, ``unit_id``); `said` its text on the date."""
    return {
        "document": c.document_number,
        "unit_id": c.unit_id,
        "citation": citation(c.unit_id, c.document_number),
        "text": said.text,
        "text_since": said.since,
        "text_until": said.until,
        "text_note": _note(said),
        "earlier_texts": [
            {"valid_from": h["valid_from"], "valid_to": h["valid_to"], "text": h["text"]}
            for h in said.earlier()
        ],
    }


def _note(said: TextOnDate) -> str:
    if said.cut and not said.text.strip():
        # A consolidated text keeps only "(được bãi bỏ)" where the provision was.
        return "Nội dung trước khi bị cắt giảm không có trong cơ sở dữ liệu"
    if said.cut:
        return "Nội dung cuối cùng trước khi bị cắt giảm"
    if said.stale:
        return "Đã được sửa đổi; nội dung sửa đổi chưa có trong cơ sở dữ liệu"
    return ""


def effect_of(interval: dict[str, Any]) -> dict[str, Any] | None:
    """The effect behind a status interval (from ``condition_statuses``) as document, provision,
    date and citation; None when the interval names none."""
    e = interval.get("effect")
    if not e:
        return None
    doc, unit = e.get("by_document") or "", e.get("by_unit") or ""
    return {
        "op": e.get("op"),
        "document": doc,
        "provision": unit,
        "citation": citation(unit, doc) if doc else "",
        "date": e.get("effective"),
    }
