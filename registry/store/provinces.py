"""Provinces in the registry: the 63 units before 1 Jul 2025, the 34 after, and the names people
still use for them.

The table is seeded from :mod:`parsers.provinces` (the one copy of DOMAIN.md §5, with the aliases
of places that no longer are provinces: Hà Tây, Đà Lạt, Vũng Tàu …). :func:`find_province` reads
a name, alias or code as of a date through the one resolver, so "Vũng Tàu" in 2020 is province 77
and in 2026 is 79, which answers for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select

from parsers.provinces import (
    EXTRA_ALIASES,
    MERGER_DATE,
    NEW_PROVINCES,
    OLD_PROVINCES,
    UnknownProvince,
    folded_name,
    resolve_province,
)
from parsers.provinces import Province as ParsedProvince
from registry.store import models as m


@dataclass(frozen=True, slots=True)
class ProvinceRef:
    """A province as the registry answers for a name on a date."""

    code: str
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    # The unit that answers for it today (itself for the 34 current units).
    successor_code: str


def _rows(units: tuple[ParsedProvince, ...]) -> list[dict[str, object]]:
    return [
        {
            "code": p.code,
            "name": p.name,
            "folded_name": folded_name(p.name),
            "kind": p.kind,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "successor_code": p.successor or p.code,
            "formed_from": " ".join(p.formed_from),
        }
        for p in units
    ]


def seed_provinces(conn: Connection) -> int:
    """Fill the province tables once (no-op when they already hold rows)."""
    t = m.table_of(m.Province)
    if conn.execute(select(func.count()).select_from(t)).scalar_one():
        return 0
    conn.execute(insert(t), _rows(OLD_PROVINCES) + _rows(NEW_PROVINCES))
    ids = {
        (r.code, r.valid_from is None): r.id
        for r in conn.execute(select(t.c.id, t.c.code, t.c.valid_from))
    }
    aliases: list[dict[str, object]] = []
    for units, old in ((OLD_PROVINCES, True), (NEW_PROVINCES, False)):
        for p in units:
            for alias in p.aliases:
                aliases.append(
                    {
                        "province_id": ids[(p.code, old)],
                        "alias": alias,
                        "folded": folded_name(alias),
                    }
                )
    successor = {p.code: p.successor for p in OLD_PROVINCES}
    for alias, old_code in EXTRA_ALIASES.items():
        aliases.append(
            {"province_id": ids[(old_code, True)], "alias": alias, "folded": folded_name(alias)}
        )
        aliases.append(
            {
                "province_id": ids[(successor[old_code], False)],
                "alias": alias,
                "folded": folded_name(alias),
            }
        )
    conn.execute(insert(m.table_of(m.ProvinceAlias)), aliases)
    return len(OLD_PROVINCES) + len(NEW_PROVINCES)


def find_province(conn: Connection, query: str, as_of: date | None = None) -> ProvinceRef | None:
    """The unit answering for `query` (name, alias or code) on `as_of` (default today), as stored.

    The reading is :func:`parsers.provinces.resolve_province`, the one every entry point uses;
    this returns the registry's row of the answering unit, or None when nobody is so named.
    """
    try:
        j = resolve_province(query, as_of)
    except UnknownProvince:
        return None
    t = m.table_of(m.Province)
    era = t.c.valid_from.is_not(None) if j.authority.valid_from else t.c.valid_from.is_(None)
    row = conn.execute(select(t).where(t.c.code == j.authority.code, era)).first()
    if row is None:
        return None
    return ProvinceRef(
        code=row.code,
        name=row.name,
        kind=row.kind,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        successor_code=row.successor_code,
    )


__all__ = ["MERGER_DATE", "ProvinceRef", "find_province", "seed_provinces"]
