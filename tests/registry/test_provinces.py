"""Province lookup by name, alias or code, as of a date (codes changed meaning on 1 Jul 2025)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from registry.store import models as m
from registry.store.provinces import find_province

BEFORE = date(2020, 1, 1)
AFTER = date(2026, 1, 1)

CASES = [
    ("Hà Giang", BEFORE, "02", "08"),
    ("Hà Giang", AFTER, "08", "08"),  # Tuyên Quang answers for it from 1 Jul 2025
    ("Tuyên Quang", AFTER, "08", "08"),
    ("Vũng Tàu", BEFORE, "77", "79"),
    ("Vũng Tàu", AFTER, "79", "79"),
    ("vung tau", BEFORE, "77", "79"),
    ("Bà Rịa - Vũng Tàu", BEFORE, "77", "79"),
    ("Đà Lạt", BEFORE, "68", "68"),
    ("Đà Lạt", AFTER, "68", "68"),
    ("Hà Tây", BEFORE, "01", "01"),
    ("Hà Tây", AFTER, "01", "01"),
    ("TP.HCM", AFTER, "79", "79"),
    ("Tỉnh Bình Thuận", BEFORE, "60", "68"),
    ("15", BEFORE, "15", "15"),  # Yên Bái before the merger
    ("15", AFTER, "15", "15"),  # Lào Cai after it
    ("Atlantis", BEFORE, None, None),
]


@pytest.mark.parametrize(("query", "on", "code", "successor"), CASES)
def test_find_province(
    registry_db: Engine, query: str, on: date, code: str | None, successor: str | None
) -> None:
    with registry_db.connect() as conn:
        p = find_province(conn, query, on)
    if code is None:
        assert p is None
    else:
        assert p is not None and (p.code, p.successor_code) == (code, successor)


def test_code_15_names_different_units(registry_db: Engine) -> None:
    with registry_db.connect() as conn:
        old = find_province(conn, "15", BEFORE)
        new = find_province(conn, "15", AFTER)
        n = conn.execute(select(func.count()).select_from(m.table_of(m.Province))).scalar_one()
    assert old is not None and new is not None and old.name != new.name
    assert n == 63 + 34
