"""The one issuer → ministry map: numbers, header lines, a decree's proposing minister."""

from __future__ import annotations

import pytest

from parsers.ktcn import inspection_type_of
from parsers.ministries import (
    issuer_ministry,
    ministry_named,
    ministry_of_number,
    proposing_ministry,
)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("14/2017/TT-BCT", "BCT"),
        ("7868/QĐ-BYT", "BYT"),
        ("05/2019/TTLT-BYT-BCT", "BYT"),
        ("4804/VBHN-BLĐTBXH", "BLĐTBXH"),
        ("09/2006/TT-BTM", "BCT"),
        ("05/2003/QĐ-BTS", "BNNPTNT"),
        ("53/2013/QĐ-TTg", ""),
        ("54/2017/NĐ-CP", ""),
        ("61/2020/QH14", ""),
        ("2310/QĐ-UBND", ""),
        ("", ""),
    ],
)
def test_ministry_of_number(number: str, code: str) -> None:
    assert ministry_of_number(number) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BỘ CÔNG THƯƠNG", "BCT"),
        ("BỘ Y TẾ --------", "BYT"),
        ("thuộc Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT"),
        ("CHÍNH PHỦ", ""),
        ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", ""),
        ("Sở Y tế tỉnh Nghệ An", ""),
    ],
)
def test_ministry_named(text: str, code: str) -> None:
    assert ministry_named(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Căn cứ Luật Dược;\nTheo đề nghị của Bộ trưởng Bộ Y tế;\nChính phủ ban hành", "BYT"),
        ("Theo đề nghị của Bộ trưởng Bộ Lao động - Thương binh và Xã hội;", "BLĐTBXH"),
        ("THEO ĐỀ NGHỊ CỦA BỘ TRƯỞNG BỘ CÔNG THƯƠNG", "BCT"),
        ("Theo đề nghị của Vụ trưởng Vụ Khoa học và Công nghệ,", ""),
        ("Theo đề nghị của Chánh Văn phòng Bộ,", ""),
    ],
)
def test_proposing_ministry(text: str, code: str) -> None:
    assert proposing_ministry(text) == code


def test_issuer_ministry_reads_number_then_header_then_proposer() -> None:
    decree = "Theo đề nghị của Bộ trưởng Bộ Y tế;"
    assert issuer_ministry("54/2017/NĐ-CP", "CHÍNH PHỦ", decree) == "BYT"
    assert issuer_ministry("14/2017/TT-BCT", "BỘ Y TẾ", decree) == "BCT"
    assert issuer_ministry("", "BỘ CÔNG THƯƠNG", decree) == "BCT"
    assert issuer_ministry("54/2017/NĐ-CP", "CHÍNH PHỦ", "") == ""


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("DANH MỤC HÀNG HÓA NHÓM 2 PHẢI KIỂM TRA CHẤT LƯỢNG KHI NHẬP KHẨU", "Kiểm tra chất lượng"),
        ("phải kiểm tra nhà nước về chất lượng khi nhập khẩu", "Kiểm tra chất lượng"),
        ("thực phẩm phải kiểm tra an toàn thực phẩm khi nhập khẩu", "Kiểm tra an toàn thực phẩm"),
        ("PHẢI KIỂM TRA CHUYÊN NGÀNH KHI NHẬP KHẨU", ""),
        ("DANH MỤC SẢN PHẨM, HÀNG HÓA NHÓM 2", ""),
    ],
)
def test_inspection_type_of_a_title(title: str, kind: str) -> None:
    assert inspection_type_of(title) == kind
