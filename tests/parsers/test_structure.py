"""Structure parser on small texts written for these tests (table-driven)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.model import Unit, UnitKind
from parsers.numbering import next_khoan_ok, next_point_ok, ordinal_value, roman_to_int
from parsers.structure import parse_structure

# Every table here runs through the fast paths and through their plain forms (parsers.plain).
pytestmark = pytest.mark.usefixtures("fast_and_plain")


def units_of(text: str) -> dict[str, Unit]:
    units, _ = parse_structure(text)
    return {u.id: u for u in units}


def ids(text: str) -> list[str]:
    return [u.id for u in parse_structure(text)[0]]


def test_basic_hierarchy_ids_text_and_spans() -> None:
    text = (
        "Chương I\nQUY ĐỊNH CHUNG\n"
        "Mục 2. PHẠM VI\n"
        "Điều 5. Phạm vi điều chỉnh\n"
        "Văn bản này quy định:\n"
        "1. Việc thứ nhất.\n"
        "2. Việc thứ hai gồm:\n"
        "a) Nội dung a;\n"
        "đ) không phải điểm vì sai thứ tự\n"
        "b) Nội dung b:\n"
        "- gạch đầu dòng một;\n"
        "- gạch đầu dòng hai.\n"
        "Điều 6. Đối tượng áp dụng\n"
        "Cơ quan nhà nước.\n"
    )
    u = units_of(text)
    assert list(u) == [
        "chuong_I",
        "chuong_I__muc_2",
        "dieu_5",
        "dieu_5__khoan_1",
        "dieu_5__khoan_2",
        "dieu_5__khoan_2__diem_a",
        "dieu_5__khoan_2__diem_b",
        "dieu_5__khoan_2__diem_b__tiet_1",
        "dieu_5__khoan_2__diem_b__tiet_2",
        "dieu_6",
    ]
    assert u["chuong_I"].heading == "QUY ĐỊNH CHUNG"
    assert u["chuong_I__muc_2"].heading == "PHẠM VI"
    assert u["chuong_I__muc_2"].parent == "chuong_I"
    d5 = u["dieu_5"]
    assert (d5.number, d5.heading, d5.text) == ("5", "Phạm vi điều chỉnh", "Văn bản này quy định:")
    assert d5.parent == "chuong_I__muc_2"
    assert text[d5.start :].startswith("Điều 5.")
    assert text[d5.start : d5.end].endswith("- gạch đầu dòng hai.")
    # a letter out of order is text of the preceding point
    assert u["dieu_5__khoan_2__diem_a"].text == "Nội dung a;\nđ) không phải điểm vì sai thứ tự"
    k2 = u["dieu_5__khoan_2"]
    assert k2.text == "Việc thứ hai gồm:" and k2.parent == "dieu_5"
    assert text[k2.start : k2.end].startswith("2. Việc thứ hai")
    assert u["dieu_6"].end == len(text) - 1


@pytest.mark.parametrize(
    ("line", "expected_id", "number"),
    [
        ("Điều 8a. Điều mới chèn", "dieu_8a", "8a"),
        ("Điều 45.4.NĐ.1.1. Phạm vi", "dieu_45.4.nd.1.1", "45.4.NĐ.1.1"),
        ("Điều 24.8.TT.3.1. Đối tượng", "dieu_24.8.tt.3.1", "24.8.TT.3.1"),
        ("**Điều 3.** Giải thích từ ngữ", "dieu_3", "3"),
        ("### Điều 7: Nguyên tắc", "dieu_7", "7"),
        ("Điều 12", "dieu_12", "12"),
    ],
)
def test_article_labels(line: str, expected_id: str, number: str) -> None:
    units, _ = parse_structure(line + "\nNội dung.\n")
    art = [u for u in units if u.kind is UnitKind.DIEU]
    assert [(u.id, u.number) for u in art] == [(expected_id, number)]


@pytest.mark.parametrize(
    "line",
    [
        "Điều 5 được sửa đổi như sau:",
        "Điều kiện kinh doanh",
        "Điều chỉnh giấy phép.",
    ],
)
def test_sentences_starting_with_dieu_are_not_articles(line: str) -> None:
    units, _ = parse_structure("Điều 1. Chung\n" + line + "\n")
    assert [u.id for u in units] == ["dieu_1"]
    assert units[0].text == line


def test_inserted_clause_and_point_labels() -> None:
    text = "Điều 4. X\n1. Một.\n1a. Một a.\n2. Hai:\na) A;\na1) A một;\nb) B.\n"
    assert ids(text) == [
        "dieu_4",
        "dieu_4__khoan_1",
        "dieu_4__khoan_1a",
        "dieu_4__khoan_2",
        "dieu_4__khoan_2__diem_a",
        "dieu_4__khoan_2__diem_a1",
        "dieu_4__khoan_2__diem_b",
    ]


def test_points_directly_under_article() -> None:
    text = "Điều 2. Đối tượng\nGồm:\na) Cá nhân;\nb) Tổ chức.\n"
    assert ids(text) == ["dieu_2", "dieu_2__diem_a", "dieu_2__diem_b"]


def test_numbers_out_of_sequence_are_text() -> None:
    text = "Điều 1. X\n1. Một.\n2020. không phải khoản\n7. cũng không\n2. Hai.\n"
    u = units_of(text)
    assert list(u) == ["dieu_1", "dieu_1__khoan_1", "dieu_1__khoan_2"]
    assert u["dieu_1__khoan_1"].text == "Một.\n2020. không phải khoản\n7. cũng không"


@pytest.mark.parametrize(
    ("text", "repealed_id"),
    [
        ("Điều 1. X\n1. (được bãi bỏ)\n2. Còn.\n", "dieu_1__khoan_1"),
        ("Điều 1. X\n1. Y:\na) (được bãi bỏ)\nb) Còn.\n", "dieu_1__khoan_1__diem_a"),
        ("Điều 5. (được bãi bỏ)\nĐiều 6. Còn\n", "dieu_5"),
        ("Điều 5. Tên\n(Đã bị bãi bỏ)\n", "dieu_5"),
    ],
)
def test_repealed_placeholders(text: str, repealed_id: str) -> None:
    units, _ = parse_structure(text)
    assert [u.id for u in units if u.repealed] == [repealed_id]


def test_phan_ordinals_and_tieu_muc() -> None:
    text = (
        "Phần thứ hai:QUYỀN SỞ HỮU\nChương XIII:QUYỀN SỞ HỮU\nMục 1. NỘI DUNG\n"
        "Tiểu mục 2. QUYỀN SỬ DỤNG\nĐiều 189. Quyền sử dụng\nNội dung.\n"
    )
    u = units_of(text)
    assert list(u) == [
        "phan_2",
        "chuong_XIII",
        "chuong_XIII__muc_1",
        "chuong_XIII__muc_1__tieu_muc_2",
        "dieu_189",
    ]
    assert u["chuong_XIII"].parent == "phan_2"
    assert u["dieu_189"].parent == "chuong_XIII__muc_1__tieu_muc_2"


def test_chapter_word_in_a_sentence_is_not_a_chapter() -> None:
    text = "Điều 1. X\nChương II của Luật này được sửa đổi.\nMục 2 Chương III được bãi bỏ.\n"
    assert ids(text) == ["dieu_1"]


def test_amending_instruction_folds_quoted_articles() -> None:
    text = (
        "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 1/2020/NĐ-CP\n"
        "1. Sửa đổi, bổ sung Điều 3 như sau:\n"
        "“Điều 3. Mức chuẩn\n"
        "1. Mức chuẩn là 100 đồng.\n"
        "2. Mức chuẩn dùng để tính trợ cấp.”\n"
        "2. Sửa đổi điểm c khoản 1 Điều 12 như sau:\n"
        "“c) Lấy mẫu: 50 đồng”.\n"
        "3. Bổ sung Điều 8a vào sau Điều 8 như sau:\n"
        '"Điều 8a. Điều mới\n'
        "Nội dung mới.\n"
        '1. Khoản mới."\n'
        "Điều 2. Hiệu lực thi hành\n"
        "Nghị định này có hiệu lực từ ngày ký.\n"
    )
    u = units_of(text)
    assert list(u) == [
        "dieu_1",
        "dieu_1__khoan_1",
        "dieu_1__khoan_2",
        "dieu_1__khoan_3",
        "dieu_2",
    ]
    k1 = u["dieu_1__khoan_1"]
    assert k1.text.startswith("Sửa đổi, bổ sung Điều 3 như sau:\n“Điều 3. Mức chuẩn\n1. Mức")
    assert k1.text.endswith("tính trợ cấp.”")
    assert u["dieu_1__khoan_2"].text.endswith("“c) Lấy mẫu: 50 đồng”.")
    assert u["dieu_1__khoan_3"].text.endswith('1. Khoản mới."')


def test_unclosed_quote_is_bounded_by_next_instruction_and_next_article() -> None:
    text = (
        "Điều 1. Sửa đổi Nghị định số 1/2020/NĐ-CP\n"
        "1. Sửa đổi Điều 3 như sau:\n"
        "“Điều 3. Mức chuẩn\n"
        "1. Mức chuẩn là 100 đồng.\n"
        "2. Bãi bỏ khoản 2 Điều 7.\n"
        "3. Sửa đổi khoản 1 Điều 9 như sau:\n"
        "“1. Không đóng ngoặc\n"
        "Điều 2. Hiệu lực thi hành\n"
        "Có hiệu lực từ ngày ký.\n"
    )
    units, warnings = parse_structure(text)
    assert [u.id for u in units] == [
        "dieu_1",
        "dieu_1__khoan_1",
        "dieu_1__khoan_2",
        "dieu_1__khoan_3",
        "dieu_2",
    ]
    assert [w.code for w in warnings] == ["unclosed_quote", "unclosed_quote"]


def test_balanced_quotes_in_prose_do_not_open_a_quotation() -> None:
    text = (
        "Điều 2. Sửa đổi từ ngữ\n"
        "1. Bãi bỏ từ “thứ tự” tại khoản 1 Điều 18.\n"
        "2. Thay cụm từ “A” bằng cụm từ “B”.\n"
        "Điều 3. Hiệu lực\n"
    )
    assert ids(text) == ["dieu_2", "dieu_2__khoan_1", "dieu_2__khoan_2", "dieu_3"]


def test_unbalanced_quote_in_ordinary_prose_stays_in_its_line() -> None:
    text = "Điều 1. X\n1. Gọi là “tổ chức.\n2. Hai.\nĐiều 2. Y\n"
    assert ids(text) == ["dieu_1", "dieu_1__khoan_1", "dieu_1__khoan_2", "dieu_2"]


def test_phapdien_note_related_front_matter_and_toc() -> None:
    text = (
        "---\nlayout: page\ntitle: Thử\n---\n\n"
        "## THÔNG TIN VĂN BẢN\n\n| Thuộc tính | Nội dung |\n|---|---|\n| **Số hiệu** | Đang cập nhật |\n\n"
        "---\n\n## VĂN BẢN\n# Thử\n\nChương I\n\nQUY ĐỊNH CHUNG\n\n"
        "Điều 1.2.NĐ.1. Phạm vi\n\n"
        "(Điều 1 Nghị định số 9/2019/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/01/2020)\n\n"
        "Nghị định này quy định.\n\n"
        "(Điều này có nội dung liên quan đến Điều 3.4.LQ.5. Tên khác)\n\n"
        "Điều 1.2.TT.1.1. Đối tượng\n\n"
        "(Khoản 1 Điều 2 Thông tư số 3/2021/TT-BYT, có hiệu lực thi hành kể từ ngày 01/02/2021)\n\n"
        "1. Tổ chức.\n\n"
        "## Danh sách điều khoản\n\n### 0100\n\nĐiều 1.2.NĐ.1. Phạm vi\n\nĐiều 1.2.TT.1.1. Đối tượng\n"
    )
    units, warnings = parse_structure(text)
    u = {x.id: x for x in units}
    assert [x.id for x in units] == [
        "p_1",
        "chuong_I",
        "dieu_1.2.nd.1",
        "dieu_1.2.tt.1.1",
        "dieu_1.2.tt.1.1__khoan_1",
        "p_2",
    ]
    a = u["dieu_1.2.nd.1"]
    assert a.note.startswith("(Điều 1 Nghị định số 9/2019/NĐ-CP")
    assert a.text == "Nghị định này quy định."
    assert a.related == ["(Điều này có nội dung liên quan đến Điều 3.4.LQ.5. Tên khác)"]
    assert u["dieu_1.2.tt.1.1"].note.startswith("(Khoản 1 Điều 2")
    assert u["p_1"].text == "Thử"
    assert u["p_2"].text.startswith("Danh sách điều khoản")
    assert not warnings


def test_markdown_table_and_appendix() -> None:
    text = (
        "Điều 1. X\nNội dung.\n"
        "Nơi nhận:\n- Như trên.\n"
        "PHỤ LỤC I\nMỨC TRỢ CẤP\n(Kèm theo Nghị định)\n"
        "| STT | Đối tượng | Mức |\n|---|---|---|\n| 1 | A \\| B | 100 |\n| 2 | C | 200 |\n"
        "Ghi chú.\n"
        "Phụ lục II ban hành kèm theo văn bản khác\n"
    )
    u = units_of(text)
    assert list(u) == ["dieu_1", "p_1", "p_2", "phu_luc_I", "phu_luc_I__table_1"]
    assert u["phu_luc_I"].heading == "MỨC TRỢ CẤP"
    assert u["phu_luc_I__table_1"].rows == [
        ["STT", "Đối tượng", "Mức"],
        ["1", "A | B", "100"],
        ["2", "C", "200"],
    ]
    assert (
        u["phu_luc_I"].text
        == "(Kèm theo Nghị định)\nGhi chú.\nPhụ lục II ban hành kèm theo văn bản khác"
    )
    assert u["dieu_1"].text == "Nội dung."


def test_html_table_inside_markdown() -> None:
    text = (
        "Điều 1. X\n"
        '<table><tr><td rowspan="2">1</td><td colspan="2">Tên</td></tr>'
        "<tr><td>a</td><td>b</td></tr></table>\n"
        "Sau bảng.\n"
    )
    u = units_of(text)
    assert u["dieu_1__table_1"].rows == [["1", "Tên", "Tên"], ["1", "a", "b"]]
    assert u["dieu_1"].text == "Sau bảng."


def test_unstructured_text_becomes_paragraphs_with_warning() -> None:
    units, warnings = parse_structure("Một đoạn.\n\nHai đoạn.\n")
    assert [(u.id, u.kind, u.text) for u in units] == [
        ("p_1", UnitKind.PARAGRAPH, "Một đoạn."),
        ("p_2", UnitKind.PARAGRAPH, "Hai đoạn."),
    ]
    assert [w.code for w in warnings] == ["no_articles"]
    assert parse_structure("") == ([], [])


def test_duplicate_article_number_is_text_with_warning() -> None:
    units, warnings = parse_structure("Điều 1. A\nĐiều 2. B\nĐiều 2. C\n")
    assert [u.id for u in units] == ["dieu_1", "dieu_2"]
    assert units[1].text == "Điều 2. C"
    assert [w.code for w in warnings] == ["article_out_of_order"]


@pytest.mark.parametrize(
    ("prev", "label", "ok"),
    [
        (None, "a", True),
        ("a", "b", True),
        ("d", "đ", True),
        ("đ", "e", True),
        ("e", "g", True),
        ("b", "x", False),
        ("c", "b", False),
        ("a", "a1", True),
        ("a1", "b", True),
        (None, "f", False),
    ],
)
def test_point_order(prev: str | None, label: str, ok: bool) -> None:
    assert next_point_ok(prev, label) is ok


@pytest.mark.parametrize(
    ("prev", "label", "ok"),
    [
        (None, "1", True),
        ("1", "1a", True),
        ("1a", "2", True),
        ("2", "1", False),
        ("3", "40", False),
    ],
)
def test_clause_order(prev: str | None, label: str, ok: bool) -> None:
    assert next_khoan_ok(prev, label) is ok


def test_numerals() -> None:
    assert [roman_to_int(x) for x in ("I", "IV", "XIV", "XXVII", "ABC")] == [1, 4, 14, 27, 0]
    assert [ordinal_value(x) for x in ("nhất", "hai", "tư", "năm", "III", "7", "zz")] == [
        1,
        2,
        4,
        5,
        3,
        7,
        0,
    ]


_LINES = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "Điều 1. A",
                "Điều 2.",
                "Điều 1.2.NĐ.3. B",
                "1. x",
                "1a. y",
                "a) z",
                "đ) w",
                "- t",
                "Chương II",
                "Mục 1",
                "Phần thứ nhất",
                "PHỤ LỤC I",
                "| a | b |",
                "|---|---|",
                "“Điều 3. q",
                "”.",
                '"',
                "như sau:",
                "(Điều 1 Luật số 1/2020/QH14)",
                "## Danh sách điều khoản",
                "<table><tr><td rowspan=3>x",
                "</table>",
                "---",
                "Nơi nhận:",
                "[1] chú thích",
            ]
        ),
    ),
    max_size=80,
).map("\n".join)


# (The fixture binds the fast or the plain forms once for all examples.)
@settings(
    max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_LINES)
def test_arbitrary_text_never_crashes_and_spans_are_sane(text: str) -> None:
    units, _ = parse_structure(text)
    seen = set()
    for u in units:
        assert u.id not in seen
        seen.add(u.id)
        assert 0 <= u.start <= u.end <= len(text)
        if u.parent is not None:
            assert u.parent in seen


def test_large_input_is_linear() -> None:
    block = "Điều {n}. Tên\n1. Khoản “mở\n2. Bổ sung như sau:\n“a) trích dẫn không đóng\n"
    text = "".join(block.format(n=i) for i in range(1, 5001))
    t0 = time.perf_counter()
    units, _ = parse_structure(text)
    assert time.perf_counter() - t0 < 5
    assert sum(1 for u in units if u.kind is UnitKind.DIEU) == 5000
