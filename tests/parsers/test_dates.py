"""Vietnamese dates as legal texts write them: the forms, the bounds, and what is not a date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.dates import iter_dates, make_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("có hiệu lực thi hành kể từ ngày 12 tháng 11 năm 2018", date(2018, 11, 12)),
        ("Hà Nội, 21 tháng 7 năm 2023", date(2023, 7, 21)),
        ("Ngày 1 Tháng 7 Năm 2017", date(2017, 7, 1)),
        ("kể từ ngày 01/7/2017", date(2017, 7, 1)),
        ("12-11-2018", date(2018, 11, 12)),
        ("12.11.2018", date(2018, 11, 12)),
        ("31/12/2100", date(2100, 12, 31)),  # the last year taken
        ("01/01/1900", date(1900, 1, 1)),  # the first
        ("31/12/2101", None),
        ("31/12/1899", None),
        ("31/02/2020", None),  # impossible: ignored, not guessed
        ("29/02/2020", date(2020, 2, 29)),
        ("29/02/2019", None),
        ("12/11-2018", None),  # mixed separators
        ("số 112/11/2018", None),  # part of a longer number
        ("12/11/20181", None),
        ("1.12/11/2018", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_dates_come_in_text_order_with_their_spans() -> None:
    text = "từ 15/01/2018 đến ngày 12 tháng 11 năm 2018 và 01.07.2025"
    got = list(iter_dates(text))
    assert [d for d, _s, _e in got] == [date(2018, 1, 15), date(2018, 11, 12), date(2025, 7, 1)]
    for _d, s, e in got:
        assert 0 <= s < e <= len(text)
    assert [text[s:e] for _d, s, e in got] == [
        "15/01/2018",
        "ngày 12 tháng 11 năm 2018",
        "01.07.2025",
    ]


@pytest.mark.parametrize(
    ("day", "month", "year", "ok"),
    [(1, 1, 1900, True), (31, 12, 2100, True), (1, 1, 1899, False), (1, 1, 2101, False),
     (0, 1, 2000, False), (1, 13, 2000, False), (31, 4, 2000, False)],
)  # fmt: skip
def test_make_date_bounds(day: int, month: int, year: int, ok: bool) -> None:
    assert (make_date(day, month, year) is not None) is ok


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from("/.-"))
def test_every_written_date_reads_back(d: date, sep: str) -> None:
    assert parse_date(f"ngày {d.day:02d}{sep}{d.month:02d}{sep}{d.year}") == d
    assert parse_date(f"ngày {d.day} tháng {d.month} năm {d.year}") == d


@given(st.text(max_size=60))
def test_never_crashes(text: str) -> None:
    for d, s, e in iter_dates(text):
        assert 1900 <= d.year <= 2100 and 0 <= s < e <= len(text)
