"""Token analysis and quantity reading for the matcher: real-looking strings, table-driven."""

from __future__ import annotations

import unicodedata

import pytest

from registry.matching.quantities import Quantity, compare, extract_quantities, parse_number
from registry.matching.text import (
    BASE_SYLLABLES,
    analyse,
    content_terms,
    polarity,
    raw_tokens,
    split_items,
)


def terms(text: str) -> list[str]:
    return content_terms(analyse(text, BASE_SYLLABLES))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # diacritics, case, Ð for Đ, NFD
        ("Điều kiện kinh doanh", "DIEU KIEN KINH DOANH"),
        ("Điều kiện kinh doanh", "Ðiều kiện kinh doanh"),
        ("Điều kiện kinh doanh", unicodedata.normalize("NFD", "Điều kiện kinh doanh")),
        # OCR-split syllables
        ("Điều kiện", "đi ề u ki ệ n"),
        ("Quảng Nam", "Qu ả ng Nam"),
        ("chứng chỉ hành nghề", "ch ứ ng chỉ h à nh nghề"),
        # abbreviations
        ("giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy", "GCN đủ điều kiện về PCCC"),
        ("chứng chỉ hành nghề dược", "CCHN dược"),
        ("an toàn thực phẩm", "ATTP"),
        # comparators
        ("tối thiểu 30 m2", "ít nhất 30 m2"),
        ("tối thiểu 30 m2", "không dưới 30 m2"),
        ("tối đa 5 năm", "không quá 5 năm"),
    ],
)
def test_same_terms(a: str, b: str) -> None:
    assert terms(a) == terms(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("thuốc lá", "thuốc"),  # "lá" is not a stopword although it folds to "la"
        ("bảo vệ môi trường", "môi trường"),
        ("cơ sở", "sở"),
    ],
)
def test_folded_short_words_are_kept(a: str, b: str) -> None:
    assert terms(a) != terms(b)


def test_spans_point_into_the_original_text_even_when_decomposed() -> None:
    text = unicodedata.normalize("NFD", "Có giấy chứng nhận")
    toks = raw_tokens(text)
    assert [t.term for t in toks] == ["co", "giay", "chung", "nhan"]
    assert [unicodedata.normalize("NFC", text[t.start : t.end]) for t in toks] == [
        "Có",
        "giấy",
        "chứng",
        "nhận",
    ]


def test_rejoined_fragment_spans_the_pieces() -> None:
    text = "Tỉnh Qu ả ng Nam"
    toks = analyse(text, BASE_SYLLABLES)
    quang = next(t for t in toks if t.term == "quang")
    assert text[quang.start : quang.end] == "Qu ả ng"


def test_known_words_are_not_glued() -> None:
    # "o" alone is a fragment only if the glued form is a known syllable; "co so" stays two words.
    assert terms("cơ sở") == ["co", "so"]


def test_abbreviation_words_share_its_span() -> None:
    text = "Có GCN"
    toks = analyse(text, BASE_SYLLABLES)
    assert [t.term for t in toks] == ["co", "giay", "chung", "nhan"]
    assert {text[t.start : t.end] for t in toks[1:]} == {"GCN"}


def test_dkkd_after_gcn_is_registration() -> None:
    assert terms("GCN ĐKKD") == ["giay", "chung", "nhan", "dang", "ky", "kinh", "doanh"]
    assert terms("ĐKKD") == ["dieu", "kien", "kinh", "doanh"]


def test_list_marker_is_not_a_number() -> None:
    toks = analyse("1. Nhân viên kỹ thuật", BASE_SYLLABLES)
    assert extract_quantities(toks) == []


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Không yêu cầu giấy chứng nhận", True),
        ("Bãi bỏ yêu cầu về vốn pháp định", True),
        ("Diện tích không dưới 30 m2", False),
        ("Vốn pháp định không thấp hơn 10 tỷ đồng", False),
        ("Có giấy chứng nhận phòng cháy chữa cháy", False),
        ("Có bản cam kết bảo vệ môi trường", False),
        ("Có hệ thống điều hòa không khí", False),
    ],
)
def test_polarity(text: str, negated: bool) -> None:
    assert polarity(analyse(text, BASE_SYLLABLES)) is negated


@pytest.mark.parametrize(
    ("term", "value"),
    [
        ("30", 30.0),
        ("02", 2.0),
        ("1.000", 1000.0),
        ("10.000.000", 1e7),
        ("2,5", 2.5),
        ("1,5.0", None),
    ],
)
def test_parse_number(term: str, value: float | None) -> None:
    got = parse_number(term)
    if value is None:
        assert got is None or isinstance(got, float)
    else:
        assert got == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diện tích kho tối thiểu 30 m2", [(30.0, "m2", "30 m2")]),
        ("Diện tích kho tối thiểu 30m²", [(30.0, "m2", "30m²")]),
        ("Diện tích kho tối thiểu 30 m ²", [(30.0, "m2", "30 m ²")]),
        ("Vốn pháp định 10 tỷ đồng", [(1e10, "dong", "10 tỷ đồng")]),
        ("Vốn pháp định 10.000.000.000 đồng", [(1e10, "dong", "10.000.000.000 đồng")]),
        ("Có ít nhất 02 dược sĩ đại học", [(2.0, "duoc si", "02 dược sĩ")]),
        ("Cách trường học tối thiểu 1 km", [(1000.0, "m", "1 km")]),
        ("có 03 năm kinh nghiệm", [(3.0, "nam", "03 năm")]),
    ],
)
def test_extract_quantities(text: str, expected: list[tuple[float, str, str]]) -> None:
    got = extract_quantities(analyse(text, BASE_SYLLABLES))
    assert [(q.value, q.unit, text[q.start : q.end]) for q in got] == expected


@pytest.mark.parametrize(
    ("required", "stated", "verdict"),
    [
        ([Quantity(30, "m2")], [Quantity(30, "m2")], 1),
        ([Quantity(50, "m2")], [Quantity(30, "m2")], -1),
        ([Quantity(30, "m2"), Quantity(2, "duoc si")], [Quantity(30, "m2")], 1),
        ([Quantity(30, "m2")], [Quantity(30, "m2"), Quantity(3, "duoc si")], 1),
        (
            [Quantity(30, "m2"), Quantity(2, "duoc si")],
            [Quantity(30, "m2"), Quantity(3, "duoc si")],
            -1,
        ),
        ([], [Quantity(30, "m2")], 0),
        ([Quantity(5, "nam")], [Quantity(30, "m2")], 0),
    ],
)
def test_compare_quantities(required: list[Quantity], stated: list[Quantity], verdict: int) -> None:
    assert compare(required, stated) == verdict


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Có giấy chứng nhận đủ điều kiện về phòng cháy và chữa cháy", []),
        ("Diện tích kho tối thiểu 30 m2.", []),
        (
            "Điều kiện:\n- Có kho bảo quản thuốc;\n- Có ít nhất 02 dược sĩ đại học",
            ["- Có kho bảo quản thuốc", "- Có ít nhất 02 dược sĩ đại học"],
        ),
        (
            "Có kho đạt chuẩn GSP; có phương tiện vận chuyển chuyên dùng",
            ["Có kho đạt chuẩn GSP", "có phương tiện vận chuyển chuyên dùng"],
        ),
        (
            "Yêu cầu: a) Có kho đạt chuẩn. b) Có xe chuyên dùng riêng.",
            ["a) Có kho đạt chuẩn.", "b) Có xe chuyên dùng riêng."],
        ),
    ],
)
def test_split_items(text: str, items: list[str]) -> None:
    assert [text[s:e] for s, e in split_items(text)] == items
