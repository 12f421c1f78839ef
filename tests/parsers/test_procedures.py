"""Provincial procedure decisions: header, procedure tables with group rows, bodies, real files."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.procedures import legal_bases, parse_procedures
from tests.conftest import real_file

# Written for the test in the layout of a provincial decision.
DECISION = """| ỦY BAN NHÂN DÂN TỈNH NGHỆ AN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 12/QĐ-UBND | Nghệ An, ngày 09 tháng 6 năm 2020 |

QUYẾT ĐỊNH

1. Danh mục thủ tục hành chính được sửa đổi, bổ sung

| STT | Mã TTHC | Tên thủ tục hành chính | Căn cứ pháp lý |
|---|---|---|---|
| A. | Thủ tục hành chính cấp tỉnh |  |  |
| I. | Lĩnh vực: Dược phẩm (02 TTHC) |  |  |
| 1 | 1.002222 | Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược | Điều 32 Luật Dược số 105/2016/QH13 |
| 2 |  | Cấp lại Giấy chứng nhận đủ điều kiện kinh doanh dược | Nghị định số 54/2017/NĐ-CP |

2. Danh mục thủ tục hành chính bị bãi bỏ

| STT | Mã TTHC | Tên thủ tục hành chính |
|---|---|---|
| 1 | 1.003333 | Cấp chứng chỉ hành nghề dược |

PHẦN II. NỘI DUNG CỤ THỂ

1. Thủ tục: Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược
a) Trình tự thực hiện: nộp hồ sơ.
h) Yêu cầu, điều kiện thực hiện:
- Có địa điểm, diện tích tối thiểu 10 m2;
- Người phụ trách chuyên môn có 02 năm kinh nghiệm.
i) Căn cứ pháp lý:
- Luật Dược số 105/2016/QH13;
- khoản 2 Điều 31 Nghị định số 54/2017/NĐ-CP.
"""


def test_decision() -> None:
    d = parse_procedures(DECISION, "qd.md")
    assert (d.number, d.province, d.province_code, d.signed) == (
        "12/QĐ-UBND",
        "Nghệ An",
        "40",
        date(2020, 6, 9),
    )
    assert [(p.code, p.action, p.level) for p in d.procedures] == [
        ("1.002222", "amended", "tỉnh"),
        ("", "amended", "tỉnh"),
        ("1.003333", "abolished", ""),
    ]
    first = d.procedures[0]
    assert first.field == "Dược phẩm"
    assert [r.text for r in first.requirements] == [
        "Có địa điểm, diện tích tối thiểu 10 m2;",
        "Người phụ trách chuyên môn có 02 năm kinh nghiệm.",
    ]
    clean_text = DECISION
    for r in first.requirements:
        assert clean_text[r.start : r.end] == r.text
    docs = {(b.document, b.unit) for b in first.legal_bases}
    assert ("105/2016/QH13", "dieu_32") in docs
    assert ("54/2017/NĐ-CP", "dieu_31__khoan_2") in docs


def test_unnumbered_draft_and_ocr_province() -> None:
    d = parse_procedures("Số: /QĐ-UBND\n\nQu ả ng Ngãi, ngày   tháng   năm 2025\n", "draft.md")
    assert d.number == "" and d.signed is None
    assert any(w.code == "unnumbered" and "draft.md" in w.message for w in d.warnings)
    assert (d.province, d.province_code) == ("Quảng Ngãi", "51")


def test_html_table_and_missing_diacritics() -> None:
    text = (
        "UBND TINH LAI CHAU\n\nSo: 5/QD-UBND\n\nDANH MUC THU TUC HANH CHINH MOI BAN HANH\n\n"
        "<table><tr><td rowspan=2>STT</td><td rowspan=2>Ten TTHC</td><td>Ma TTHC</td></tr><tr><td></td></tr>"
        "<tr><td>1</td><td>Thu tuc ho tro chi phi</td><td>2.001234</td></tr></table>\n"
    )
    d = parse_procedures(text, "x.md")
    assert [(p.code, p.name, p.action) for p in d.procedures] == [
        ("2.001234", "Thu tuc ho tro chi phi", "new")
    ]
    assert d.province_code == "12"


def test_legal_bases_units() -> None:
    found = legal_bases(
        "điểm a khoản 1 Điều 5 Thông tư số 02/2017/TT-VPCP; Nghị định số 63/2010/NĐ-CP"
    )
    assert [(b.document, b.unit) for b in found] == [
        ("02/2017/TT-VPCP", "dieu_5__khoan_1__diem_a"),
        ("63/2010/NĐ-CP", ""),
    ]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*DECISION.splitlines(), "| 3 | x |", "<table><tr><td>1</td></tr></table>", ""]
        ),
        max_size=25,
    )
)
def test_never_crashes(lines: list[str]) -> None:
    d = parse_procedures("\n".join(lines), "h.md")
    assert all(p.name for p in d.procedures)


REAL = [
    # file, number, province, code, signed, procedures, {action: count}
    ("qd-378-2022-QD-UBND-HaGiang-cong-bo-TTHC-luu-thong-hang-hoa-xang-dau.md", "378/QĐ-UBND", "Hà Giang", "02", date(2022, 3, 18), 10, {"new": 1, "amended": 9}),
    ("qd-1766-2020-QD-UBND-BinhThuan-cong-bo-TTHC-sua-doi-bai-bo-tu-phap.md", "1766/QĐ-UBND", "Bình Thuận", "60", date(2020, 8, 3), 71, {"amended": 50, "abolished": 21}),
    ("qd-1351-2022-QD-UBND-QuangNgai-cong-bo-TTHC-chuan-hoa-nguoi-co-cong.md", "1351/QĐ-UBND", "Quảng Ngãi", "51", date(2022, 10, 4), 0, {}),
    ("qd-UBND-LaiChau-2025-du-thao-cong-bo-TTHC-ho-tro-dau-tu.mineru-ocr.md", "", "Lai Châu", "12", None, 1, {"new": 1}),
]  # fmt: skip


@pytest.mark.real
@pytest.mark.parametrize(("name", "number", "province", "code", "signed", "count", "actions"), REAL)
def test_real(
    name: str,
    number: str,
    province: str,
    code: str,
    signed: date | None,
    count: int,
    actions: dict[str, int],
) -> None:
    path = real_file(name)
    d = parse_procedures(path.read_text(encoding="utf-8"), name)
    assert (d.number, d.province, d.province_code, d.signed) == (number, province, code, signed)
    assert len(d.procedures) == count
    got: dict[str, int] = {}
    for p in d.procedures:
        got[p.action] = got.get(p.action, 0) + 1
    assert got == actions


@pytest.mark.real
def test_real_details() -> None:
    name = REAL[0][0]
    d = parse_procedures(real_file(name).read_text(encoding="utf-8"), name)
    assert d.procedures[1].code == "2.000674"
    assert d.procedures[1].field == "Lưu thông hàng hóa trong nước"
    assert {b.document for b in d.procedures[1].legal_bases} == {"95/2021/NĐ-CP", "83/2014/NĐ-CP"}
    name = REAL[1][0]
    d = parse_procedures(real_file(name).read_text(encoding="utf-8"), name)
    # Row 11 of the lawyers' field has no code; one abolished row reads "Không có mã số".
    assert sum(1 for p in d.procedures if not p.code) == 2
    assert {p.field for p in d.procedures if p.action == "abolished"} >= {"CHỨNG THỰC", "LUẬT SƯ"}
    assert all(
        p.legal_bases for p in d.procedures if p.action == "amended" and p.field == "LUẬT SƯ"
    )
