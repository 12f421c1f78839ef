"""KTCN lists: appendix tables (named or unnamed columns, 3-column codes, group rows), the
compiled list, and the lines an amending list cuts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_text
from parsers.ktcn import (
    KtcnError,
    KtcnItem,
    cut_lines,
    items_from_rows,
    items_of,
    read_compiled,
    read_reference,
)
from tests.conftest import real_file

NAMED = [
    ["STT", "Tên hàng hóa", "Mã HS", "Hình thức kiểm tra", "Cơ quan kiểm tra"],
    ["1", "Thịt trâu tươi", "0201.10.00", "Kiểm dịch", "Cục Thú y"],
    ["", "Nhóm thịt đông lạnh", "0202", "Kiểm dịch", "Cục Thú y"],
    ["2", "Ghi chú: áp dụng cho cả hàng mẫu", "", "", ""],
    ["3", "Sữa", "ex 0401.10.10", "Kiểm tra ATTP", "Cục ATTP"],
]

SPLIT = [
    ["Mã hàng", "Mã hàng", "Mã hàng", "Mô tả hàng hóa"],
    ["7204", "10", "00", "Phế liệu gang"],
    ["7204", "21", "00", "Phế liệu thép không gỉ"],
    ["72", "", "", "Chương 72: sắt thép"],
]

UNNAMED = [
    ["1", "8471.30.20", "Máy tính xách tay"],
    ["2", "8471.41.10", "Máy tính khác"],
    ["3", "bỏ", "dòng bị bỏ"],
]


def test_named_columns() -> None:
    items = items_from_rows(NAMED, list_document="01/2024/TT-BNNPTNT", unit_id="phu_luc_I__table_1")
    assert [(i.hs, i.partial) for i in items] == [
        ("02011000", False),
        ("0202", False),
        ("04011010", True),
    ]
    first = items[0]
    assert first.description == "Thịt trâu tươi" and first.name == "Thịt trâu tươi"
    assert first.inspection_type == "Kiểm dịch" and first.agency == "Cục Thú y"
    assert first.list_document == "01/2024/TT-BNNPTNT" and first.unit_id == "phu_luc_I__table_1"


def test_three_column_codes_and_chapter_rows() -> None:
    items = items_from_rows(SPLIT)
    assert [i.hs for i in items] == ["72041000", "72042100", "72"]
    assert items[0].description == "Phế liệu gang"


def test_columns_by_content() -> None:
    items = items_from_rows(UNNAMED, agency="BKHCN")
    assert [(i.hs, i.description, i.agency) for i in items] == [
        ("84713020", "Máy tính xách tay", "BKHCN"),
        ("84714110", "Máy tính khác", "BKHCN"),
    ]


def test_not_a_list() -> None:
    assert items_from_rows([["STT", "Tên TTHC"], ["1", "Cấp giấy phép"]]) == []
    assert items_from_rows([]) == []


def test_items_of_document() -> None:
    text = "PHỤ LỤC I\n\n| STT | Mã HS | Mô tả |\n|---|---|---|\n| 1 | 0201.10.00 | Thịt |\n| 2 | 0202.20.00 | Thịt đông lạnh |\n"
    doc = parse_text(text, "list.md")
    items = items_of(doc, list_document="5/2020/TT-BCT")
    assert [i.hs for i in items] == ["02011000", "02022000"]


def _item(hs: str, kind: str = "") -> KtcnItem:
    return KtcnItem(hs=hs, inspection_type=kind)


@pytest.mark.parametrize(
    ("old", "new", "cut"),
    [
        (["02011000", "02012000", "02021000"], ["02011000"], ["02012000", "02021000"]),
        (["02011000", "02012000"], ["0201"], []),  # a heading keeps every line under it
        (["02011000"], ["02"], []),
        (["0201"], ["02011000"], ["0201"]),  # a line does not keep its whole heading
        ([], ["02011000"], []),
        (["02011000"], [], ["02011000"]),
    ],
)
def test_cut_lines(old: list[str], new: list[str], cut: list[str]) -> None:
    assert [i.hs for i in cut_lines([_item(c) for c in old], [_item(c) for c in new])] == cut


def test_cut_lines_by_inspection_type() -> None:
    old = [_item("02011000", "Kiểm dịch"), _item("02011000", "Kiểm tra ATTP")]
    new = [_item("0201", "kiem dich")]
    assert [(i.hs, i.inspection_type) for i in cut_lines(old, new)] == [
        ("02011000", "Kiểm tra ATTP")
    ]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=5), max_size=8))
def test_never_crashes(rows: list[list[str]]) -> None:
    for item in items_from_rows(rows):
        assert item.hs.isdigit()


@pytest.mark.real
def test_compiled_list() -> None:
    items = list(read_compiled(real_file("ktcn-hs-codes-by-chapter.jsonl")))
    codes = {i.hs for i in items}
    assert len(codes) == 7365 and all(len(c) == 8 for c in codes)
    assert len(items) == 18914  # HS line x requirement pairs
    assert all(i.agency for i in items)
    # 238 requirements in the compiled data carry no type code.
    assert sum(1 for i in items if not i.inspection_type) == 238
    first = items[0]
    assert (
        first.hs == "01012100"
        and first.list_document == "01/2024/TT-BNNPTNT"
        and first.list_part == "M1"
    )
    # The line's name (`ten`) is kept without the tariff's level dashes, beside the requirement.
    assert first.name == "Loại thuần chủng để nhân giống"
    assert first.description.startswith("Động vật, sản phẩm động vật")
    assert all(i.name and not i.name.startswith("-") for i in items)


@pytest.mark.real
def test_reference() -> None:
    ref = read_reference(real_file("ktcn-reference.json"))
    assert ref.agencies["BYT"] == "Bộ Y tế"
    assert ref.type_name("kiem_dich_dong_vat").startswith("Kiểm dịch động vật")
    assert "01/2024/TT-BNNPTNT" in ref.documents


def test_compiled_list_names(tmp_path: object) -> None:
    """`ten` is the line's name; a line without `ten` has none, a requirement without `mo_ta`
    is described by the name."""
    import json
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    lines = [
        {"hs": "0101.21.00", "ten": "- - Loại thuần chủng để nhân giống",
         "ktcn": [{"mo_ta": "Động vật phải kiểm dịch", "van_ban": "01/2024/TT-BNNPTNT",
                   "danh_muc": "M1", "co_quan": "BNNPTNT", "loai": "kiem_dich_dong_vat"}]},
        {"hs": "03021100", "ten": "- - - Loại khác ",
         "ktcn": [{"van_ban": "01/2024/TT-BNNPTNT M2", "co_quan": "BNNPTNT"}]},
        {"hs": "03021200", "ktcn": [{"mo_ta": "Thủy sản phải kiểm dịch", "co_quan": "BNNPTNT"}]},
    ]  # fmt: skip
    path = tmp_path / "list.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    got = [(i.hs, i.name, i.description, i.list_part) for i in read_compiled(path)]
    assert got == [
        ("01012100", "Loại thuần chủng để nhân giống", "Động vật phải kiểm dịch", "M1"),
        ("03021100", "Loại khác", "Loại khác", "M2"),
        ("03021200", "", "Thủy sản phải kiểm dịch", ""),
    ]


def test_bad_files(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"hs": "0201.10.00", "ktcn": []}\n{"hs": "xx"}\n', encoding="utf-8")
    with pytest.raises(KtcnError, match=r"bad\.jsonl:2"):
        list(read_compiled(bad))
    with pytest.raises(KtcnError, match="không đọc được tệp JSON"):
        read_reference(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "header",
    [
        ["STT", "Tên hàng hóa", "Mã HS", "", ""],
        ["STT", "Tên hàng hóa", "Mã HS", "Mã HS", "Mã HS"],
        ["STT", "Tên hàng hóa", "Nhóm", "Phân nhóm", "Mã hàng"],
    ],
)
def test_code_over_three_columns_without_a_type_column(header: list[str]) -> None:
    """A replacing list's table: no type or agency column; they come from its title and issuer."""
    rows = [header, ["1", "Xăng", "2710", "12", "21"], ["2", "Dầu", "2710", "19", "71"]]
    items = items_from_rows(rows, inspection_type="Kiểm tra chất lượng", agency="BCT")
    assert [(i.hs, i.description, i.inspection_type, i.agency) for i in items] == [
        ("27101221", "Xăng", "Kiểm tra chất lượng", "BCT"),
        ("27101971", "Dầu", "Kiểm tra chất lượng", "BCT"),
    ]
