"""Provinces in the registry: the 63 units before 1 Jul 2025, the 34 after, and the names people
still use for them.

The table is seeded from :mod:`parsers.provinces` (the one copy of DOMAIN.md §5) plus aliases of
places that no longer are provinces but still appear in documents and addresses: Hà Tây (merged
into Hà Nội in 2008), Đà Lạt (a city of Lâm Đồng), Vũng Tàu (Bà Rịa - Vũng Tàu, now part of
Hồ Chí Minh City). :func:`find_province` resolves a name, alias or code as of a date, so "Vũng Tàu"
in 2020 is province 77 and in 2026 is 79.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select

from parsers.provinces import MERGER_DATE, NEW_PROVINCES, OLD_PROVINCES, folded_name
from parsers.provinces import Province as ParsedProvince
from registry import models as m
from registry.interval import holds_sql

# Former or informal names → the old (pre-merger) code of the unit that answered for them.
EXTRA_ALIASES: dict[str, str] = {
    "Hà Tây": "01",
    "Đà Lạt": "68",
    "Vũng Tàu": "77",
    "Bà Rịa": "77",
    "Sài Gòn": "79",
    "Thành phố Huế": "46",
    "Nha Trang": "56",
    "Phan Thiết": "60",
}


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
    """The unit named, aliased or coded `query` on `as_of` (default: today's units).

    Codes are two digits ("77"); names and aliases are matched folded ("vung tau", "TP.HCM").
    """
    on = as_of or date.today()
    t = m.table_of(m.Province)
    a = m.table_of(m.ProvinceAlias)
    valid = holds_sql(t.c.valid_from, t.c.valid_to, on)
    q = query.strip()
    if q.isdigit():
        cond = t.c.code == q.zfill(2)
        row = conn.execute(select(t).where(cond, valid)).first()
    else:
        key = folded_name(q)
        row = conn.execute(select(t).where(t.c.folded_name == key, valid)).first()
        if row is None:
            row = conn.execute(
                select(t).join(a, a.c.province_id == t.c.id).where(a.c.folded == key, valid)
            ).first()
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
