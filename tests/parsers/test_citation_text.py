"""Unit ids written as the citations officers read (table of real citations)."""

from __future__ import annotations

import pytest

from parsers.citation_text import citation, document_label, provision_label, type_from_number


@pytest.mark.parametrize(
    ("unit_id", "number", "expected"),
    [
        ("dieu_11__khoan_2", "96/2016/NĐ-CP", "khoản 2 Điều 11 Nghị định số 96/2016/NĐ-CP"),
        (
            "dieu_11__khoan_4__diem_c",
            "96/2016/NĐ-CP",
            "điểm c khoản 4 Điều 11 Nghị định số 96/2016/NĐ-CP",
        ),
        ("phu_luc_I", "14/2017/TT-BCT", "Phụ lục I Thông tư số 14/2017/TT-BCT"),
        ("dieu_8a", "24/2012/QH13", "Điều 8a Luật số 24/2012/QH13"),
        (
            "dieu_5__khoan_1a__diem_đ",
            "55/2023/NĐ-CP",
            "điểm đ khoản 1a Điều 5 Nghị định số 55/2023/NĐ-CP",
        ),
        ("dieu_5__khoan_2__diem_a__tiet_1", "", "tiết 1 điểm a khoản 2 Điều 5"),
        ("chuong_III__muc_2", "1766/QĐ-UBND", "Mục 2 Chương III Quyết định số 1766/QĐ-UBND"),
        (
            "phu_luc_I__table_1",
            "4804/VBHN-BLĐTBXH",
            "bảng 1 Phụ lục I Văn bản hợp nhất số 4804/VBHN-BLĐTBXH",
        ),
        ("dieu_45.4.nd.1.1", "", "Điều 45.4.NĐ.1.1"),
        ("", "96/2016/NĐ-CP", "Nghị định số 96/2016/NĐ-CP"),
        ("dieu_7", "01/2021/TTLT-BYT-BCT", "Điều 7 Thông tư liên tịch số 01/2021/TTLT-BYT-BCT"),
    ],
)
def test_citation(unit_id: str, number: str, expected: str) -> None:
    assert citation(unit_id, number) == expected


def test_unknown_id_is_kept_not_guessed() -> None:
    assert provision_label("weird-id") == "weird-id"


def test_given_type_wins_over_the_number() -> None:
    assert document_label("15/2012/QH13", "Bộ luật") == "Bộ luật số 15/2012/QH13"
    assert type_from_number("abc") == ""
