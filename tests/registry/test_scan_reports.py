"""Report rendering: evidence highlighting and the self-contained HTML page."""

from __future__ import annotations

import pytest

from registry.scan.reports import highlight, render_html


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("diện tích 50 m²", [[10, 15, "50 m²"]], "diện tích <mark>50 m²</mark>"),
        ("abcdef", [[0, 2], [1, 4]], "<mark>abcd</mark>ef"),  # overlaps merge
        ("abcdef", [[4, 6], [0, 1]], "<mark>a</mark>bcd<mark>ef</mark>"),  # any order
        ("a<b>&c", [[1, 4]], "a<mark>&lt;b&gt;</mark>&amp;c"),  # escaped
        ("abc", [[2, 99], [5, 3]], "ab<mark>c</mark>"),  # clipped, empty ignored
        ("abc", [], "abc"),
    ],
)
def test_highlight(text: str, spans: list[list[object]], expected: str) -> None:
    assert highlight(text, spans) == expected


def test_html_is_self_contained_and_capped() -> None:
    gap = {
        "kind": "cut",
        "province": "Bình Thuận <script>",
        "province_code": "60",
        "successor_code": "68",
        "document": "67/2013/NĐ-CP",
        "unit": "dieu_26__khoan_2",
        "score": 97.5,
        "first_seen_scan_id": 3,
        "evidence": {
            "provincial": {"text": "diện tích tối thiểu 10 m²", "spans": [[10, 25, ""]]},
            "national": {"text": "diện tích tối thiểu 10 m²", "spans": [[0, 9, ""]]},
        },
    }
    page = render_html(
        {"scan_id": 3, "as_of": "2025-09-18", "gaps": {"total": 3}}, [gap] * 3, limit=2
    )
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page and "<link" not in page and "src=" not in page
    assert page.count("<mark>") == 4 and "Hiển thị 2 trong 3 khoảng trống" in page
    assert "class=new" in page
    # Vietnamese: the citation and the kind, no raw unit id or English kind.
    assert "Khoản 2 Điều 26 Nghị định số 67/2013/NĐ-CP" in page
    assert "Áp dụng điều kiện đã cắt giảm" in page
    assert "dieu_26" not in page and ">cut<" not in page and "lang=vi" in page
