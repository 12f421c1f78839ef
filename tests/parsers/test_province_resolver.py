"""The one province resolver: name, former name, alias or code on a date → the authority
answering and the old territories it covers; anything else refused with the closest names."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.provinces import (
    MERGER_DATE,
    UnknownProvince,
    resolve_province,
    successor_of,
    territories_of,
)

BEFORE = date(2020, 1, 1)
EVE = date(2025, 6, 30)
AFTER = date(2026, 1, 1)

# query, date, authority code, authority name, territories
CASES = [
    ("Lâm Đồng", BEFORE, "68", "Lâm Đồng", ("68",)),
    ("Lâm Đồng", EVE, "68", "Lâm Đồng", ("68",)),  # the merger is not applied backwards
    ("Lâm Đồng", MERGER_DATE, "68", "Lâm Đồng", ("60", "67", "68")),
    ("Lâm Đồng", AFTER, "68", "Lâm Đồng", ("60", "67", "68")),
    ("Bình Thuận", BEFORE, "60", "Bình Thuận", ("60",)),
    ("Bình Thuận", AFTER, "68", "Lâm Đồng", ("60",)),
    ("tỉnh Bình Thuận", AFTER, "68", "Lâm Đồng", ("60",)),
    ("BINH THUAN", AFTER, "68", "Lâm Đồng", ("60",)),
    ("Vũng Tàu", BEFORE, "77", "Bà Rịa - Vũng Tàu", ("77",)),
    ("Vung Tau", BEFORE, "77", "Bà Rịa - Vũng Tàu", ("77",)),
    ("Vũng Tàu", AFTER, "79", "Hồ Chí Minh", ("77",)),
    ("vung tau", AFTER, "79", "Hồ Chí Minh", ("77",)),
    (unicodedata.normalize("NFD", "Vũng Tàu"), AFTER, "79", "Hồ Chí Minh", ("77",)),
    ("Bà Rịa–Vũng Tàu", BEFORE, "77", "Bà Rịa - Vũng Tàu", ("77",)),
    ("Sài Gòn", BEFORE, "79", "Hồ Chí Minh", ("79",)),
    ("Sài Gòn", AFTER, "79", "Hồ Chí Minh", ("79",)),
    ("TP.HCM", AFTER, "79", "Hồ Chí Minh", ("74", "77", "79")),
    ("Thành phố Hồ Chí Minh", AFTER, "79", "Hồ Chí Minh", ("74", "77", "79")),
    ("Đà Lạt", BEFORE, "68", "Lâm Đồng", ("68",)),
    ("Da Lat", AFTER, "68", "Lâm Đồng", ("68",)),
    ("Hà Tây", BEFORE, "01", "Hà Nội", ("01",)),
    ("ha tay", AFTER, "01", "Hà Nội", ("01",)),
    ("Hà Giang", BEFORE, "02", "Hà Giang", ("02",)),
    ("Hà Giang", AFTER, "08", "Tuyên Quang", ("02",)),
    ("Tuyên Quang", AFTER, "08", "Tuyên Quang", ("02", "08")),
    ("Thừa Thiên Huế", BEFORE, "46", "Thừa Thiên Huế", ("46",)),
    ("Huế", AFTER, "46", "Huế", ("46",)),
    ("15", BEFORE, "15", "Yên Bái", ("15",)),
    ("15", AFTER, "15", "Lào Cai", ("10", "15")),
    ("10", AFTER, "15", "Lào Cai", ("10",)),
    ("60", AFTER, "68", "Lâm Đồng", ("60",)),
    ("8", AFTER, "08", "Tuyên Quang", ("02", "08")),
    (" 79 ", BEFORE, "79", "Hồ Chí Minh", ("79",)),
]


@pytest.mark.parametrize(("query", "on", "code", "name", "territories"), CASES)
def test_resolve(query: str, on: date, code: str, name: str, territories: tuple[str, ...]) -> None:
    j = resolve_province(query, on)
    assert (j.authority.code, j.authority.name, j.territories) == (code, name, territories)


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        ("Xyz", None),
        ("Atlantis", None),
        ("Lam Dong x", "Lâm Đồng"),
        ("Vungtau", "Vũng Tàu"),
        ("hanoi", "Hà Nội"),
        ("Sai gon city", "Sài Gòn"),
        ("Binh Thuan Province", "Bình Thuận"),
        ("99", None),
        ("", None),
    ],
)
def test_unknown_is_refused_with_closest_names(query: str, suggested: str | None) -> None:
    with pytest.raises(UnknownProvince) as e:
        resolve_province(query, AFTER)
    assert query.strip() in str(e.value) and "Không có tỉnh, thành phố" in str(e.value)
    if suggested is not None:
        assert e.value.suggestions[0] == suggested
        assert suggested in str(e.value)
    if query and not query.isdigit():
        assert len(e.value.suggestions) == 3  # always the closest names, one per unit


@pytest.mark.parametrize(
    ("code", "signed", "territories", "successor"),
    [
        ("68", date(2025, 8, 25), ("60", "67", "68"), "68"),
        ("68", date(2020, 1, 1), ("68",), "68"),
        ("60", date(2017, 9, 15), ("60",), "68"),
        ("60", None, ("60",), "68"),
        ("15", date(2019, 1, 1), ("15",), "15"),
        ("15", date(2026, 1, 1), ("10", "15"), "15"),
        ("02", date(2026, 1, 1), ("02",), ""),  # no post-merger unit has code 02
    ],
)
def test_territories_and_successor_of_a_decision(
    code: str, signed: date | None, territories: tuple[str, ...], successor: str
) -> None:
    assert territories_of(code, signed) == territories
    assert successor_of(code, signed) == successor


@given(st.text(max_size=40), st.dates())
def test_resolver_never_crashes(query: str, on: date) -> None:
    try:
        j = resolve_province(query, on)
    except UnknownProvince as e:
        assert str(e)
    else:
        assert j.territories and j.authority.code
