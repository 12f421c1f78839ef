"""Provinces: the 63 old units and the 34 new ones, and what a user-typed province means.

A user may type an old code ("60"), a new code ("68"), a name with or without diacritics
("Bình Thuận", "binh thuan", "TP.HCM"). A code is ambiguous across the 2025 merger (15 was Yên Bái
and is now Lào Cai), so a code selects both the old unit and the new unit that carry it; a name
selects the unit(s) so named. The registry stores a gap's province as written (old or new code)
and its successor (new code), so the answer is two sets of codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from parsers import provinces as pv
from registry.query_common import TABLES, counts_by


@dataclass(frozen=True, slots=True)
class ProvinceMatch:
    """Codes a query selects: `written` against codes as written, `successor` against new codes."""

    query: str
    written: frozenset[str] = field(default_factory=frozenset)
    successor: frozenset[str] = field(default_factory=frozenset)
    names: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.written and not self.successor


def _unit(p: pv.Province, era: str) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "era": era,
        "valid_from": p.valid_from.isoformat() if p.valid_from else None,
        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
        "successor_code": p.successor,
        "formed_from": list(p.formed_from),
        "aliases": list(p.aliases),
    }


def resolve(query: str) -> ProvinceMatch:
    """What `query` (code or name, any diacritics) names; empty when nothing does."""
    q = query.strip()
    if not q:
        return ProvinceMatch(query)
    if q.isdigit() and len(q) <= 2:
        code = q.zfill(2)
        old = [p for p in pv.OLD_PROVINCES if p.code == code]
        new = [p for p in pv.NEW_PROVINCES if p.code == code]
        # Old unit with this code: its own rows, and rows written with its code. New unit: every
        # row attributed to it, whatever code the province wrote at the time.
        written = {p.code for p in old}
        successor = {p.code for p in new}
        names = tuple(p.name for p in (*old, *new))
        return ProvinceMatch(query, frozenset(written), frozenset(successor), names)
    key = pv.folded_name(q)
    old_p = pv._index(False).get(key)
    new_p = pv._index(True).get(key)
    found_old = frozenset({old_p.code} if old_p is not None else ())
    found_new = frozenset({new_p.code} if new_p is not None else ())
    labels = [p.name for p in (old_p, new_p) if p is not None]
    return ProvinceMatch(query, found_old, found_new, tuple(dict.fromkeys(labels)))


def old_name(code: str) -> str:
    return next((p.name for p in pv.OLD_PROVINCES if p.code == code), "")


def new_name(code: str) -> str:
    return next((p.name for p in pv.NEW_PROVINCES if p.code == code), "")


def list_provinces(conn: Connection, era: str = "all") -> list[dict[str, Any]]:
    """Every unit with how many procedures and gaps the registry holds for it."""
    proc = TABLES["procedure"]
    gap = TABLES["gap"]
    procs_written = counts_by(conn, proc.c.province_code)
    procs_successor = counts_by(conn, proc.c.successor_code)
    gaps_written = counts_by(conn, gap.c.province_code)
    gaps_successor = counts_by(conn, gap.c.successor_code)
    out: list[dict[str, Any]] = []
    if era in ("all", "old"):
        for p in pv.OLD_PROVINCES:
            out.append(
                {
                    **_unit(p, "old"),
                    "procedures": int(procs_written.get(p.code, 0)),
                    "gaps": int(gaps_written.get(p.code, 0)),
                }
            )
    if era in ("all", "new"):
        for p in pv.NEW_PROVINCES:
            out.append(
                {
                    **_unit(p, "new"),
                    "procedures": int(procs_successor.get(p.code, 0)),
                    "gaps": int(gaps_successor.get(p.code, 0)),
                }
            )
    return out
