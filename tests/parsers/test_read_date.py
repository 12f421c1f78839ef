"""The one reader of dates people type: ISO or Vietnamese dd/mm/yyyy, or refused (never today)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.dates import BadDate, read_date, read_optional_date

GOOD = [
    ("2025-07-01", date(2025, 7, 1)),
    ("01/07/2025", date(2025, 7, 1)),
    ("1/7/2025", date(2025, 7, 1)),
    ("01-07-2025", date(2025, 7, 1)),
    ("01.07.2025", date(2025, 7, 1)),
    (" 29/02/2024 ", date(2024, 2, 29)),
    ("2025-7-1", date(2025, 7, 1)),
    ("1890-01-01", date(1890, 1, 1)),
]
BAD = [
    "31/02/2020",
    "29/02/2023",
    "2025-13-01",
    "13/13/2025",
    "tomorrow",
    "hôm nay",
    "2025/07/01",
    "01/07/25",
    "07/01/2025x",
    "01/07-2025",
    "١/٧/٢٠٢٥",  # Arabic-Indic digits are not dates people type here
    "",
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_reads(text: str, expected: date) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize("text", BAD)
def test_refuses(text: str) -> None:
    with pytest.raises(BadDate) as e:
        read_date(text)
    assert "không phải là ngày hợp lệ" in str(e.value)


def test_absent_is_none_not_today() -> None:
    assert read_optional_date(None) is None
    assert read_optional_date("  ") is None
    with pytest.raises(BadDate):
        read_optional_date("31/02/2020")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_both_forms_round_trip(d: date) -> None:
    assert read_date(d.isoformat()) == d == read_date(f"{d.day:02d}/{d.month:02d}/{d.year}")


@given(st.text(max_size=30))
def test_never_crashes(text: str) -> None:
    try:
        d = read_date(text)
    except BadDate as e:
        assert e.text == text
    else:
        assert d.year >= 1
