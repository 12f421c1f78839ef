"""Numerals written in words, read as quantities (registry.matching.quantities)."""

from __future__ import annotations

import pytest

from registry.matching.quantities import extract_quantities
from registry.matching.text import canonical_phrases, expand_abbreviations, raw_tokens


def quantities(text: str) -> list[tuple[float, str]]:
    tokens = canonical_phrases(expand_abbreviations(raw_tokens(text)))
    return [(q.value, q.unit) for q in extract_quantities(tokens)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("diện tích không dưới năm mươi mét vuông", [(50.0, "m2")]),
        ("kho ba trăm mét vuông, dung tích một nghìn mét khối", [(300.0, "m2"), (1000.0, "m3")]),
        ("xác nhận của ngân hàng tối thiểu một tỷ đồng", [(1e9, "dong")]),
        ("thực hành mười tám tháng", [(18.0, "thang")]),
        ("trực hai mươi tư giờ", [(24.0, "gio")]),
        ("một trăm linh năm người", [(105.0, "nguoi")]),
        ("hai mươi nghìn tờ khai", [(20000.0, "to khai")]),
        ("hoạt động liên tục năm năm", [(5.0, "nam")]),
        # Words that fold like numerals but are not.
        ("có hàng rào ngăn cách", []),
        ("trung tâm y tế cấp huyện", []),
        ("mỗi năm một lần", []),
        ("bố trí theo nguyên tắc một chiều", []),
        ("01 tỷ Việt Nam đồng", [(1e9, "dong")]),
        ("ít nhất hai xe tải", []),
        ("kim ngạch 100 triệu USD/năm", [(1e8, "usd")]),
        ("một trăm triệu đô la Mỹ mỗi năm", [(1e8, "usd")]),
        ("vốn tối thiểu 100 tr.đ", [(1e8, "dong")]),
    ],
)
def test_numerals_in_words(text: str, expected: list[tuple[float, str]]) -> None:
    assert quantities(text) == expected
