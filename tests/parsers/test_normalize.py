from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.normalize import clean, fold, normalize_number, number_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("32 /2026/TT- NHNN", "32/2026/TT-NHNN"),
        ("08/2018/NĐ-CP", "08/2018/NĐ-CP"),
        ("8/2018/nđ-cp", "08/2018/NĐ-CP"),
        ("08/2018/NÐ-CP", "08/2018/NĐ-CP"),  # Icelandic Eth
        ("155/2018/NĐ-CP,", "155/2018/NĐ-CP"),
        ("66.17/2026/NQ-CP", "66.17/2026/NQ-CP"),
        ("4804/VBHN-BLĐTBXH", "4804/VBHN-BLĐTBXH"),
        ("1811/QĐ-UBND", "1811/QĐ-UBND"),
        ("13/2014/TTLT-BYT-BNNPTNT-BCT", "13/2014/TTLT-BYT-BNNPTNT-BCT"),
        ("24/2012/QH13", "24/2012/QH13"),
        ("23/2019/QĐ-TTg", "23/2019/QĐ-TTg"),
        ("20/ct-ttg", "20/CT-TTg"),
        ("1661/QĐ-TTG", "1661/QĐ-TTg"),
        ("40 / 2026 / QĐ – UBND", "40/2026/QĐ-UBND"),
    ],
)
def test_normalize_number(raw: str, expected: str) -> None:
    assert normalize_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nghị định", "nghi dinh"),
        ("ĐIỀU KIỆN KINH DOANH", "dieu kien kinh doanh"),
        ("Ðiều", "dieu"),
        (unicodedata.normalize("NFD", "Quảng Ngãi"), "quang ngai"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("Bà Rịa - Vũng Tàu", "ba ria - vung tau"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_clean_fixes_spaces_eth_and_nfd() -> None:
    raw = "Ðiều\u00a05.\u200b Mâ\u0303u"
    assert clean(raw) == "Điều 5. Mẫu"


def test_number_key_matches_without_diacritics() -> None:
    assert number_key("08/2018/ND-CP") == number_key("08/2018/NĐ-CP")


@given(st.text())
def test_fold_and_clean_never_crash(text: str) -> None:
    assert isinstance(fold(clean(text)), str)
    assert isinstance(normalize_number(text), str)
