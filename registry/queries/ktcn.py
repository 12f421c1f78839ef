"""KTCN lookup: which specialised-inspection lists name an HS code, and when.

The user's code may be any common form ("0201.10.00", "02011000", "0201", "020110"); list items
are 8-digit lines or prefixes. An item concerns the query when one covers the other: a list
prefix 0201 covers the line 02011000, and a heading query 0201 gathers every line under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, or_, select

from parsers.hs_codes import format_hs, normalize_hs
from registry.queries.common import TABLES, iso

_K = TABLES["ktcn_item"]
_E = TABLES["effect"]


def _continued_in(r: Any, rows: Sequence[Any]) -> str | None:
    """The list that continues a listing which ended without being cut (a replacing appendix
    keeping the line): the same code and type listed elsewhere from the day this one ended."""
    if r.valid_to is None or r.cut_by_effect_id is not None:
        return None
    for x in rows:
        if (
            x.list_document != r.list_document
            and x.valid_from == r.valid_to
            and x.inspection_type == r.inspection_type
            and r.hs.startswith(x.hs)
        ):
            return str(x.list_document)
    return None


def lookup_hs(conn: Connection, code: str) -> dict[str, Any]:
    """Items covering or under `code`, and a per-list timeline. Raises HsCodeError on bad input."""
    digits = normalize_hs(code)
    prefixes = [digits[:n] for n in (2, 4, 6, 8) if n <= len(digits)]
    rows = conn.execute(
        select(_K, _E.c.by_document.label("cut_by_document"), _E.c.effective.label("cut_effective"))
        .select_from(_K.outerjoin(_E, _E.c.id == _K.c.cut_by_effect_id))
        .where(or_(_K.c.hs.in_(prefixes), _K.c.hs.startswith(digits)))
        .order_by(_K.c.list_document, _K.c.hs, _K.c.id)
    ).all()
    items = []
    timeline: dict[str, dict[str, Any]] = {}
    for r in rows:
        items.append(
            {
                "hs": r.hs,
                "hs_formatted": format_hs(r.hs),
                "relation": "exact"
                if r.hs == digits
                else ("covers" if len(r.hs) < len(digits) else "under"),
                "name": r.name,
                "description": r.description,
                "inspection_type": r.inspection_type,
                "agency": r.agency,
                "list_document": r.list_document,
                "list_part": r.list_part,
                "partial": r.partial,
                "origin": r.origin,
                "valid_from": iso(r.valid_from),
                "valid_to": iso(r.valid_to),
                "listed_on": iso(r.listed_on),
                "cut_by": r.cut_by_document or None,
                "continued_in": _continued_in(r, rows),
            }
        )
        t = timeline.setdefault(
            r.list_document,
            {
                "list_document": r.list_document,
                "agencies": [],
                "from": None,
                "to": None,
                "listed_on": None,
                "cut_by": None,
                "items": 0,
                "open_ended": False,
            },
        )
        t["items"] += 1
        if r.agency and r.agency not in t["agencies"]:
            t["agencies"].append(r.agency)
        vf, vt, lo = iso(r.valid_from), iso(r.valid_to), iso(r.listed_on)
        if vf and (t["from"] is None or vf < t["from"]):
            t["from"] = vf
        if vt is None:
            t["open_ended"] = True
        elif t["to"] is None or vt > t["to"]:
            t["to"] = vt
        if lo and (t["listed_on"] is None or lo > t["listed_on"]):
            t["listed_on"] = lo
        if r.cut_by_document:
            t["cut_by"] = r.cut_by_document
    spans = []
    for t in timeline.values():
        if t["open_ended"]:
            t["to"] = None
        del t["open_ended"]
        spans.append(t)
    spans.sort(key=lambda t: (t["from"] or t["listed_on"] or "", t["list_document"]))
    return {
        "query": code,
        "hs": digits,
        "hs_formatted": format_hs(digits),
        "level": len(digits),
        "items": items,
        "timeline": spans,
    }
