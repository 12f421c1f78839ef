"""Provinces: the 63 old units and the 34 new ones, and what a user-typed province selects.

What a typed province means is read by the one resolver, :func:`parsers.provinces.resolve_province`
(name, former name, alias or code, on a date → the authority answering and the territories it
covers). This module turns its territories into SQL over rows that carry the province code as
written and the signing date: a decision signed before 1 Jul 2025 covers its own old unit, one
signed from then covers every old unit its (new) unit was formed from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, or_
from sqlalchemy.sql.elements import ColumnElement

from parsers import provinces as pv
from parsers.provinces import Jurisdiction, UnknownProvince, resolve_province
from registry.queries.common import TABLES, counts_by

__all__ = [
    "Jurisdiction",
    "UnknownProvince",
    "gaps_in",
    "in_territories",
    "list_provinces",
    "new_name",
    "old_name",
    "resolve_province",
]


def in_territories(
    code_col: ColumnElement[Any], signed_col: ColumnElement[Any], territories: Iterable[str]
) -> ColumnElement[bool]:
    """Rows (province code as written, signing date) whose decision covers any of `territories`."""
    old = sorted(set(territories))
    new = sorted(pv.covering_codes(frozenset(old)))
    return or_(
        and_(or_(signed_col.is_(None), signed_col < pv.MERGER_DATE), code_col.in_(old)),
        and_(signed_col >= pv.MERGER_DATE, code_col.in_(new)),
    )


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


def gaps_in(gap: Any, procedure: Any, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
    """Gaps (table `gap`) whose provincial decision covers a territory of `jurisdiction`.

    A gap carries its procedure's province code as written (the scan copies it, registry.diff),
    so the codes that can cover the territories (the old units themselves, the new units formed
    from them) are first a condition on the gap's own indexed column (``ix_gap_province_state``);
    only those gaps then look their procedure up by primary key, whose signing date decides.
    Before, every gap was tested against the ids of every procedure of the territories, read
    by a scan of the procedure table, in each of the listing's three statements.
    """
    from sqlalchemy import exists

    territories = sorted(set(jurisdiction.territories))
    codes = sorted({*territories, *pv.covering_codes(frozenset(territories))})
    # Its own alias: the enclosing query may join the procedure table too (a province report).
    own = procedure.alias("gap_procedure")
    return and_(
        gap.c.province_code.in_(codes),
        or_(
            exists()
            .where(
                own.c.id == gap.c.procedure_id,
                in_territories(own.c.province_code, own.c.signed, territories),
            )
            .correlate(gap),
            and_(gap.c.procedure_id.is_(None), gap.c.province_code.in_(territories)),
        ),
    )
