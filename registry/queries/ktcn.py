"""KTCN lookup: which specialised-inspection lists name an HS code, and when.

The user's code may be any common form ("0201.10.00", "02011000", "0201", "020110"); list items
are 8-digit lines or prefixes. An item concerns the query when one covers the other: a list
prefix 0201 covers the line 02011000, and a heading query 0201 gathers every line under it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from parsers.hs_codes import format_hs, normalize_hs
from registry.interval import holds
from registry.queries.common import TABLES, iso
from registry.store import models as m

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


def _ktcn_line_key(
    hs: str, inspection_type: str, list_document: str, origin: str
) -> tuple[str, ...]:
    """A goods line on one ministry's KTCN list: HS code × inspection type × list issuer.

    A circular that replaces an appendix re-lists the lines it keeps: under the same issuer code
    (`TT-BYT`) they are the same goods lines continuing, not new ones.
    """
    issuer = list_document.rpartition("/")[2] or list_document
    return (origin, hs, inspection_type, issuer)


def ktcn_line_counts(conn: Connection, as_of: date) -> dict[str, Any]:
    """KTCN goods lines in force / cut / not yet / unknown on `as_of`, and lines by agency.

    A line is in force when one of its listings is (from its list's commencement, or the date of
    the compiled list that shows it, until its `valid_to`); cut when every listing has ended;
    not yet when its list commences later; unknown when no date proves either (a line known only
    from a compiled list, before that list's date).
    """
    k = m.table_of(m.KtcnItem)
    start_of = func.coalesce(k.c.valid_from, k.c.listed_on).label("start")
    listings: dict[tuple[str, ...], list[tuple[date | None, date | None]]] = defaultdict(list)
    # Listings whose start is only the compiled list's snapshot date: in force from then, but
    # nothing says they were not listed before (no "not yet" on that evidence).
    snapshot_only: set[tuple[str, ...]] = set()
    agency_of: dict[tuple[str, ...], str] = {}
    rows = conn.execute(
        select(
            k.c.hs,
            k.c.inspection_type,
            k.c.list_document,
            k.c.origin,
            k.c.agency,
            start_of,
            k.c.valid_from,
            k.c.valid_to,
            k.c.cut_by_effect_id,
        )
    ).all()
    # A listing that ended without a cutting effect is continued by a replacing list (another
    # issuer's, perhaps): the line is one line, under the key of the listing that continues it.
    starts = {(r.origin, r.hs, r.inspection_type, r.valid_from): r for r in rows if r.valid_from}
    line_of: dict[tuple[str, ...], tuple[str, ...]] = {}

    def _line(key: tuple[str, ...]) -> tuple[str, ...]:
        while key in line_of:
            key = line_of[key]
        return key

    for r in rows:
        if r.valid_to is not None and r.cut_by_effect_id is None:
            nxt = starts.get((r.origin, r.hs, r.inspection_type, r.valid_to))
            if nxt is not None:
                a = _line(_ktcn_line_key(r.hs, r.inspection_type, r.list_document, r.origin))
                b = _line(
                    _ktcn_line_key(nxt.hs, nxt.inspection_type, nxt.list_document, nxt.origin)
                )
                if a != b:
                    line_of[a] = b
    for r in rows:
        key = _line(_ktcn_line_key(r.hs, r.inspection_type, r.list_document, r.origin))
        listings[key].append((r.start, r.valid_to))
        if r.valid_from is None and r.start is not None:
            snapshot_only.add(key)
        agency_of.setdefault(key, r.agency or "(unknown)")
    counts: Counter[str] = Counter()
    for key, spans in listings.items():
        # An undated listing proves nothing: only a dated one can make the line in force.
        if any(st is not None and holds(st, end, as_of) for st, end in spans):
            counts["in_force"] += 1
        elif any(end is not None and end <= as_of for _st, end in spans) and not any(
            st is not None and st > as_of for st, _end in spans
        ):
            counts["cut"] += 1
        elif key not in snapshot_only and all(st is not None and st > as_of for st, _end in spans):
            counts["not_yet"] += 1
        else:
            counts["unknown"] += 1
    return {
        "total": len(listings),
        "in_force": counts["in_force"],
        "cut": counts["cut"],
        "not_yet": counts["not_yet"],
        "unknown": counts["unknown"],
        "by_agency": dict(sorted(Counter(agency_of.values()).items())),
    }
