"""Quantities in condition texts: kinds, values, units, bounds, spans; Vietnamese number formats."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.quantities import find_quantities, parse_vn_number

CASES = [
    ("Có vốn pháp định 10 tỷ đồng", "capital", 10e9, "VND", "10 tỷ đồng", ""),
    ("Ký quỹ 5.000.000.000 đồng tại ngân hàng", "capital", 5e9, "VND", "5.000.000.000 đồng", ""),
    ("vốn điều lệ tối thiểu 1,5 tỷ đồng", "capital", 1.5e9, "VND", "1,5 tỷ đồng", "min"),
    ("phải có vốn 20.000 USD", "capital", 20000, "USD", "20.000 USD", ""),
    ("bảo lãnh 500 triệu VNĐ", "capital", 5e8, "VND", "500 triệu VNĐ", ""),
    ("thu phí không quá 500 triệu đồng", "money", 5e8, "VND", "500 triệu đồng", "max"),
    ("có ít nhất 02 năm kinh nghiệm", "experience", 2, "year", "02 năm", "min"),
    (
        "có thời gian thực hành chuyên môn ít nhất 18 tháng",
        "experience",
        18,
        "month",
        "18 tháng",
        "min",
    ),
    ("đã có 03 (ba) năm thực hành tại cơ sở dược", "experience", 3, "year", "03 (ba) năm", ""),
    ("có 02 (hai) năm trở lên", "duration", 2, "year", "02 (hai) năm", "min"),
    ("thời gian đào tạo tối thiểu 08 giờ", "duration", 8, "hour", "08 giờ", "min"),
    ("diện tích tối thiểu 30 m2", "area", 30, "m2", "30 m2", "min"),
    ("diện tích tối thiểu 30m²", "area", 30, "m2", "30m²", "min"),
    ("dien tich toi thieu 50 m2", "area", 50, "m2", "50 m2", "min"),
    ("diện tích không dưới 1,5 ha", "area", 1.5, "ha", "1,5 ha", "min"),
    ("diện tích 25 mét vuông", "area", 25, "m2", "25 mét vuông", ""),
    ("cách trường học tối thiểu 100 m", "distance", 100, "m", "100 m", "min"),
    ("khoảng cách an toàn 2 km", "distance", 2, "km", "2 km", ""),
    ("Kho chứa dung tích 25 m3", "volume", 25, "m3", "25 m3", ""),
    ("bồn chứa 10.000 lít", "volume", 10000, "l", "10.000 lít", ""),
    ("có tối thiểu 01 (một) người có bằng", "staff", 1, "person", "01 (một) người", "min"),
    ("có ít nhất 05 nhân viên", "staff", 5, "person", "05 nhân viên", "min"),
    ("có 02 dược sĩ đại học", "staff", 2, "person", "02 dược sĩ", ""),
]


@pytest.mark.parametrize(("text", "kind", "value", "unit", "span", "bound"), CASES)
def test_quantity(text: str, kind: str, value: float, unit: str, span: str, bound: str) -> None:
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert (q.kind, q.unit, q.text, q.bound) == (kind, unit, span, bound)
    assert q.value == pytest.approx(value)
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "ngày 08 tháng 5 năm 2017",
        "Nghị định số 54/2017/NĐ-CP",
        "theo quy định tại khoản 2 Điều 5",
        "có hiệu lực từ năm 2018",
        "",
        "không có số",
    ],
)
def test_no_quantity(text: str) -> None:
    assert find_quantities(text) == []


def test_several_in_order() -> None:
    found = find_quantities(
        "Có diện tích tối thiểu 30 m2; có ít nhất 02 năm kinh nghiệm và vốn 2 tỷ đồng."
    )
    assert [q.kind for q in found] == ["area", "experience", "capital"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5.000.000.000", 5e9),
        ("1,5", 1.5),
        ("02", 2),
        ("1.000", 1000),
        ("1.5", 1.5),
        ("1,500,000", 1.5e6),
        ("1.234,5", 1234.5),
        ("30", 30),
    ],
)
def test_parse_vn_number(text: str, value: float) -> None:
    assert parse_vn_number(text) == pytest.approx(value)


def test_parse_vn_number_rejects() -> None:
    with pytest.raises(ValueError):
        parse_vn_number("abc")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,() mđồngtỷnăm²háy\n;:")), max_size=80))
def test_never_crashes(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.value >= 0
