"""HS code normalisation: written forms seen in Vietnamese lists, prefixes, and rejects."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.hs_codes import (
    HsCodeError,
    covers,
    format_hs,
    join_columns,
    normalize_hs,
    parse_hs,
    try_normalize_hs,
)
from tests.conftest import real_file

VALID = [
    ("0201.10.00", "02011000"),
    ("0201 10 00", "02011000"),
    ("02011000", "02011000"),
    (" 02011000 ", "02011000"),
    ("0201.10.00.", "02011000"),
    ("7204 | 10 | 00", "72041000"),
    ("7204|10|00", "72041000"),
    ("8471.30.20", "84713020"),
    ("8471-30-20", "84713020"),
    ("02 01 10 00", "02011000"),
    ("201.10.00", "02011000"),  # spreadsheet dropped the leading zero
    ("2011000", "02011000"),
    ("0201", "0201"),
    ("0201.10", "020110"),
    ("020110", "020110"),
    ("201", "0201"),
    ("02", "02"),
    ("Chương 02", "02"),
    ("Chương 2", "02"),
    ("chuong 87", "87"),
    ("Nhóm 0201", "0201"),
    ("Phân nhóm 0201.10", "020110"),
    ("Mã HS: 3004.90.99", "30049099"),
    ("HS 3004.90.99", "30049099"),
    ("ex 0201.10.00", "02011000"),
    ("Ex0201", "0201"),
    ("9801.00.10", "98010010"),  # Vietnam's national chapter 98
    ("2710.12.21;", "27101221"),
    ("0101.21.00", "01012100"),  # the first chapter
    ("01", "01"),
]

INVALID = [
    ("", "trống"),
    ("   ", "trống"),
    ("abc", "ký tự không hợp lệ"),
    ("0201.10.0a", "ký tự không hợp lệ"),
    ("0201.1.00", "hai chữ số"),
    ("020110000", "9 chữ số"),
    ("0200", "nhóm 0200"),  # a 4-digit heading is checked too
    ("0201.1", "hai chữ số"),
    ("12345.10", "cụm đầu"),
    ("0201.10.00.10", "10 chữ số"),
    ("7701.10.00", "chương 77"),
    ("00011000", "chương 00"),
    ("99011000", "chương 99"),
    ("0200.10.00", "nhóm 0200"),
    ("Chương 123", "số chương gồm một hoặc hai chữ số"),
    ("12345.10.00", "cụm đầu"),
    ("Điều 5", "ký tự không hợp lệ"),
    ("²", "ký tự không hợp lệ"),
    ("０２０１", "ký tự không hợp lệ"),  # full-width digits are not read as codes
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_valid_forms(text: str, expected: str) -> None:
    assert normalize_hs(text) == expected


@pytest.mark.parametrize(("text", "reason"), INVALID)
def test_rejects_with_reason(text: str, reason: str) -> None:
    with pytest.raises(HsCodeError) as e:
        normalize_hs(text)
    assert reason in str(e.value)
    assert try_normalize_hs(text)[0] is None


def test_partial_marker_and_levels() -> None:
    code = parse_hs("ex 0201.10")
    assert code.partial and code.level == 6 and code.is_prefix and code.chapter == "02"
    assert not parse_hs("02011000").is_prefix
    assert str(parse_hs("02011000")) == "0201.10.00"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["7204", "10", "00"], "72041000"),
        (["7204", "10", ""], "720410"),
        (["7204", "", ""], "7204"),
        (["0201", "10", "00"], "02011000"),
    ],
)
def test_join_columns(cells: list[str], expected: str) -> None:
    assert join_columns(cells) == expected


def test_join_columns_gap() -> None:
    with pytest.raises(HsCodeError):
        join_columns(["7204", "", "00"])


@pytest.mark.parametrize(
    ("prefix", "code", "expected"),
    [
        ("02", "02011000", True),
        ("0201", "02011000", True),
        ("0201.10", "02011000", True),
        ("02011000", "02011000", True),
        ("0202", "02011000", False),
        ("020120", "02011000", False),
        ("02011000", "0201", False),  # a line does not cover its heading
        ("Chương 2", "0201.10.00", True),
    ],
)
def test_covers(prefix: str, code: str, expected: bool) -> None:
    assert covers(prefix, code) is expected


def test_format() -> None:
    assert format_hs("020110") == "0201.10"
    assert format_hs("02") == "02"


@given(st.text(max_size=40))
def test_never_crashes(text: str) -> None:
    code, reason = try_normalize_hs(text)
    assert (code is None) == bool(reason)
    if code is not None:
        assert code.isdigit() and len(code) in (2, 4, 6, 8)


@given(st.integers(min_value=1_000_000, max_value=98_999_999))
def test_dotted_and_plain_agree(n: int) -> None:
    digits = f"{n:08d}"
    plain = try_normalize_hs(digits)[0]
    if plain is not None:
        assert normalize_hs(format_hs(digits)) == plain
        assert normalize_hs(f"{digits[:4]} | {digits[4:6]} | {digits[6:]}") == plain


@pytest.mark.real
def test_compiled_ktcn_list_all_normalise() -> None:
    path = real_file("ktcn-hs-codes-by-chapter.jsonl")
    codes = [
        json.loads(line)["hs"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(codes) == 7365
    normalised = {normalize_hs(c) for c in codes}
    assert all(len(c) == 8 for c in normalised)
    assert len(normalised) == 7365
