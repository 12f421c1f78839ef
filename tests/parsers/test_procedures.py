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


# --- procedure bodies titled in the ways provinces write them ----------------------------------

HEAD = """| ỦY BAN NHÂN DÂN TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 7/QĐ-UBND | Nghệ An, ngày 02 tháng 3 năm 2021 |

Điều 2. Quyết định này thay thế các thủ tục hành chính có mã số 1.000001 đã công bố trước đây.

"""
TABLE = """| STT | Mã TTHC | Tên thủ tục hành chính |
|---|---|---|
| 1 | 1.000001 | Cấp Giấy phép kinh doanh gas |
| 2 | 1.000002 | Cấp lại Giấy phép kinh doanh gas |

PHẦN II. NỘI DUNG CỤ THỂ
"""
STYLE_B = """
{title1}
- Trình tự thực hiện: nộp hồ sơ tại Bộ phận một cửa.
- Phí, lệ phí: 500.000 đồng.
- Yêu cầu, điều kiện thực hiện thủ tục hành chính:
+ Có kho chứa diện tích tối thiểu 20 m²;
+ Phí thẩm định được nộp trước khi cấp Giấy phép;
+ Người quản lý có chứng chỉ PCCC.
- Căn cứ pháp lý của thủ tục hành chính:
+ Nghị định số 87/2018/NĐ-CP ngày 15/6/2018 của Chính phủ.
{title2}
- Trình tự thực hiện: nộp hồ sơ.
- Yêu cầu, điều kiện thực hiện thủ tục hành chính: Không có.
- Căn cứ pháp lý: Nghị định số 87/2018/NĐ-CP.
"""
REQS = [
    "Có kho chứa diện tích tối thiểu 20 m²;",
    "Phí thẩm định được nộp trước khi cấp Giấy phép;",
    "Người quản lý có chứng chỉ PCCC.",
]
TITLES = [
    # title of the first body, of the second, with the table above them or not, codes expected
    ("1. Cấp Giấy phép kinh doanh gas (Mã TTHC: 1.000001)", "2. Cấp lại Giấy phép kinh doanh gas (Mã TTHC: 1.000002)", False, ["1.000001", "1.000002"]),
    ("1. Cấp Giấy phép kinh doanh gas. Mã số: 1.000001", "2. Cấp lại Giấy phép kinh doanh gas. Mã số: 1.000002", True, ["1.000001", "1.000002"]),
    ("Thủ tục 1: Cấp Giấy phép kinh doanh gas\nMã thủ tục: 1.000001", "Thủ tục 2: Cấp lại Giấy phép kinh doanh gas\nMã thủ tục: 1.000002", False, ["1.000001", "1.000002"]),
    ("**1. Cấp Giấy phép kinh doanh gas**\n(mã hồ sơ: 1.000001)", "**2. Cấp lại Giấy phép kinh doanh gas**\n(mã hồ sơ: 1.000002)", False, ["1.000001", "1.000002"]),
    ("## 1. Thủ tục: Cấp Giấy phép kinh doanh gas - Mã TTHC: 1.000001", "## 2. Thủ tục: Cấp lại Giấy phép kinh doanh gas - Mã TTHC: 1.000002", False, ["1.000001", "1.000002"]),
    # the name alone: the code comes from the table
    ("1. Cấp Giấy phép kinh doanh gas", "2. Cấp lại Giấy phép kinh doanh gas", True, ["1.000001", "1.000002"]),
    ("1. Cấp Giấy phép kinh doanh gas (1.000001)", "2. Cấp lại Giấy phép kinh doanh gas (1.000002)", False, ["1.000001", "1.000002"]),
    # the code of the online-service form, with its suffix
    ("1. Cấp Giấy phép kinh doanh gas - Mã hồ sơ: 1.000001.000.00.00.H42", "2. Cấp lại Giấy phép kinh doanh gas (1.000002.000.00.00.H42)", False, ["1.000001", "1.000002"]),
    # no code anywhere: the procedure is kept by name
    ("1. Cấp Giấy phép kinh doanh gas", "2. Cấp lại Giấy phép kinh doanh gas", False, ["", ""]),
]  # fmt: skip


@pytest.mark.parametrize(("title1", "title2", "table", "codes"), TITLES)
def test_body_titles(title1: str, title2: str, table: bool, codes: list[str]) -> None:
    text = (
        HEAD
        + (TABLE if table else "PHẦN II. NỘI DUNG CỤ THỂ\n")
        + STYLE_B.format(title1=title1, title2=title2)
    )
    d = parse_procedures(text, "t.md")
    assert [p.code for p in d.procedures] == codes
    assert [p.name for p in d.procedures] == [
        "Cấp Giấy phép kinh doanh gas",
        "Cấp lại Giấy phép kinh doanh gas",
    ]
    first, second = d.procedures
    assert [r.text for r in first.requirements] == REQS
    assert second.requirements == []
    for r in first.requirements:
        assert d.procedures and text[r.start : r.end] == r.text
    assert [b.document for b in first.legal_bases] == ["87/2018/NĐ-CP"]
    assert [b.document for b in second.legal_bases] == ["87/2018/NĐ-CP"]


SECTIONS = [
    # (the requirements section as written, the requirements read)
    ("k) Yêu cầu, điều kiện thực hiện: Có kho chứa đạt chuẩn.\nl) Căn cứ pháp lý:", ["Có kho chứa đạt chuẩn."]),
    ("k) Yêu cầu, điều kiện thực hiện: Không.\nl) Căn cứ pháp lý:", []),
    ("k) Yêu cầu, điều kiện thực hiện:\n- Không có yêu cầu, điều kiện.\nl) Căn cứ pháp lý:", []),
    # a lead line ending ":" introduces its items and is not one itself
    ("k) Yêu cầu, điều kiện:\n- Đối với cửa hàng:\n+ Có mái che;\n+ Có bình chữa cháy.\nl) Căn cứ pháp lý:", ["Có mái che;", "Có bình chữa cháy."]),
    # a hard-wrapped item continues on an unmarked line
    ("k) Yêu cầu, điều kiện:\n- Có kho chứa với diện tích\ntối thiểu 20 m²;\n- Có mái che.\nl) Căn cứ pháp lý:", ["Có kho chứa với diện tích tối thiểu 20 m²;", "Có mái che."]),
    # unmarked paragraphs, the basis field without a colon
    ("Yêu cầu, điều kiện thực hiện thủ tục hành chính\nCó kho chứa.\nCó mái che.\nCăn cứ pháp lý của thủ tục hành chính", ["Có kho chứa.", "Có mái che."]),
    # the items share the field's dash: a field with its colon ends the list, an item does not
    ("- Yêu cầu, điều kiện:\n- Có kho chứa;\n- Kết quả kiểm tra PCCC đạt yêu cầu.\n- Thành phần hồ sơ: 01 bộ.", ["Có kho chứa;", "Kết quả kiểm tra PCCC đạt yêu cầu."]),
    # a long qualifier before the colon
    ("7. Yêu cầu, điều kiện thực hiện thủ tục hành chính đối với tổ chức, cá nhân đề nghị cấp phép (nếu có):\n- Có kho chứa.\n8. Căn cứ pháp lý:", ["Có kho chứa."]),
    # a following part of the annex ends the last body
    ("- Yêu cầu, điều kiện:\n+ Có kho chứa.\nPHỤ LỤC I\n+ Mẫu đơn.", ["Có kho chứa."]),
]  # fmt: skip


@pytest.mark.parametrize(("section", "expected"), SECTIONS)
def test_requirement_sections(section: str, expected: list[str]) -> None:
    text = (
        HEAD
        + TABLE
        + "1. Cấp Giấy phép kinh doanh gas (Mã TTHC: 1.000001)\n"
        + "a) Trình tự thực hiện: nộp hồ sơ.\n"
        + section
        + "\n"
    )
    d = parse_procedures(text, "s.md")
    first = d.procedures[0]
    assert first.code == "1.000001"
    assert [r.text for r in first.requirements] == expected
    assert all(not p.requirements for p in d.procedures[1:])


def test_html_body_through_the_pipeline() -> None:
    from parsers import parse_text
    from parsers.procedures import procedures_of

    html = (
        "<html><body><table><tr><td>ỦY BAN NHÂN DÂN TỈNH NGHỆ AN</td></tr>"
        "<tr><td>Số: 19/QĐ-UBND</td><td>Nghệ An, ngày 02 tháng 3 năm 2021</td></tr></table>"
        "<p><b>1. Cấp Giấy phép kinh doanh gas (Mã TTHC: 1.000001)</b></p>"
        "<p><i>- Trình tự thực hiện:</i> nộp hồ sơ.</p>"
        "<p><b>- Yêu cầu, điều kiện thực hiện thủ tục hành chính:</b></p>"
        "<p>+ Có kho chứa diện tích tối thiểu 20 m²;</p><p>+ Có mái che.</p>"
        "<p><b>- Căn cứ pháp lý:</b></p><p>+ Nghị định số 87/2018/NĐ-CP.</p></body></html>"
    )
    d = procedures_of(parse_text(html, "q.html"))
    assert d.number == "19/QĐ-UBND"
    assert [(p.code, [r.text for r in p.requirements]) for p in d.procedures] == [
        ("1.000001", ["Có kho chứa diện tích tối thiểu 20 m²;", "Có mái che."])
    ]


def test_numbered_fields_steps_and_group_headings() -> None:
    """Fields numbered "1.1."/"1.2.", steps that read like titles, group headings between bodies."""
    text = HEAD + (
        "PHẦN II. NỘI DUNG CỤ THỂ\n"
        "A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH\n"
        "I. LĨNH VỰC KINH DOANH KHÍ\n"
        "1. Cấp Giấy phép kinh doanh gas\n"
        "Mã số TTHC: 1.000001\n"
        "1.1. Cách thức thực hiện: trực tiếp.\n"
        "1.2. Trình tự thực hiện:\n"
        "1. Bước 1: nộp hồ sơ.\n"
        "2. Bước 2: nhận kết quả.\n"
        "1.3. Yêu cầu, điều kiện thực hiện:\n"
        "- Có kho chứa;\n"
        "- Có mái che.\n"
        "1.4. Căn cứ pháp lý: Nghị định số 87/2018/NĐ-CP; Nghị định số 87/2018/NĐ-CP.\n"
        "II. LĨNH VỰC AN TOÀN THỰC PHẨM\n"
        "2. Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm\n"
        "Trình tự thực hiện: nộp hồ sơ.\n"
        "Yêu cầu, điều kiện thực hiện:\n"
        "- Có khu chế biến một chiều.\n"
    )
    d = parse_procedures(text, "n.md")
    assert [(p.code, p.name, [r.text for r in p.requirements]) for p in d.procedures] == [
        ("1.000001", "Cấp Giấy phép kinh doanh gas", ["Có kho chứa;", "Có mái che."]),
        (
            "",
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            ["Có khu chế biến một chiều."],
        ),
    ]
    assert [b.document for b in d.procedures[0].legal_bases] == ["87/2018/NĐ-CP"]


BODY_LINES = [
    *STYLE_B.format(title1=TITLES[0][0], title2=TITLES[2][1]).splitlines(),
    *(s for section, _ in SECTIONS for s in section.splitlines()),
    *TABLE.splitlines(),
    "1.",
    "Mã TTHC: 1.000003",
    "(1.000004)",
    "- Yêu cầu, điều kiện:",
    "",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(BODY_LINES), max_size=40))
def test_bodies_never_crash(lines: list[str]) -> None:
    text = "\n".join(lines)
    d = parse_procedures(text, "b.md")
    for p in d.procedures:
        assert p.name
        for r in p.requirements:
            assert r.text and 0 <= r.start < r.end <= len(text)
