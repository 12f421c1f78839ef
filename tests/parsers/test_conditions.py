"""Conditions from units: by article title and by lead-in, repealed placeholders, types, lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.business_lines import BusinessLineIndex, read_csv
from parsers.conditions import (
    classify,
    conditions_of,
    extract_conditions,
    is_amendment_instruction,
    is_condition_title,
    is_lead_in,
    is_not_a_condition,
)
from parsers.model import Unit, UnitKind
from parsers.structure import parse_structure

K, D = UnitKind.KHOAN, UnitKind.DIEM

TEXT = """Điều 3. Phạm vi điều chỉnh
Nghị định này quy định điều kiện kinh doanh.
Điều 5. Điều kiện bán lẻ thuốc
1. Cơ sở bán lẻ thuốc phải có diện tích tối thiểu 10 m2.
2. Người phụ trách chuyên môn phải có ít nhất 02 năm kinh nghiệm.
3. (được bãi bỏ)
4. Đối với quầy thuốc:
a) Có tủ riêng bảo quản thuốc;
b) Có Giấy chứng nhận đủ điều kiện kinh doanh dược.
Điều 6. Hồ sơ đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược
1. Đơn đề nghị.
Điều 7. Kinh doanh xăng dầu
1. Thương nhân kinh doanh xăng dầu phải đáp ứng các điều kiện sau:
a) Có vốn pháp định 10 tỷ đồng;
b) (được bãi bỏ)
2. Thương nhân phải báo cáo định kỳ.
"""


@pytest.fixture(scope="module")
def index() -> BusinessLineIndex:
    return BusinessLineIndex(
        read_csv("t.csv", text="stt,nganh_nghe\n1,Kinh doanh dược\n2,Kinh doanh xăng dầu\n")
    )


def test_from_structure(index: BusinessLineIndex) -> None:
    units, _ = parse_structure(TEXT)
    got = {c.unit_id: c for c in extract_conditions(units, document="1/2020/NĐ-CP", index=index)}
    assert set(got) == {
        "dieu_5__khoan_1",
        "dieu_5__khoan_2",
        "dieu_5__khoan_3",
        "dieu_5__khoan_4__diem_a",
        "dieu_5__khoan_4__diem_b",
        "dieu_7__khoan_1__diem_a",
        "dieu_7__khoan_1__diem_b",
    }
    c1 = got["dieu_5__khoan_1"]
    assert c1.type == "premises_equipment" and c1.quantities[0].value == 10
    assert c1.heading == "Điều kiện bán lẻ thuốc" and c1.basis == "title"
    assert c1.business_lines == ["1"] and c1.document == "1/2020/NĐ-CP"
    assert got["dieu_5__khoan_2"].type == "personnel"
    assert got["dieu_5__khoan_3"].repealed and got["dieu_5__khoan_3"].text == ""
    assert got["dieu_5__khoan_4__diem_a"].lead == "Đối với quầy thuốc:"
    assert got["dieu_5__khoan_4__diem_b"].type == "licence"
    a = got["dieu_7__khoan_1__diem_a"]
    assert a.basis == "lead_in" and a.type == "capital" and a.business_lines == ["2"]
    assert got["dieu_7__khoan_1__diem_b"].repealed


def test_hand_built_units_article_without_items() -> None:
    units = [
        Unit(
            id="dieu_9",
            kind=UnitKind.DIEU,
            number="9",
            heading="Điều kiện về vốn",
            text="Có vốn 5 tỷ đồng.",
        ),
    ]
    [c] = extract_conditions(units)
    assert c.unit_id == "dieu_9" and c.type == "capital"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Điều kiện kinh doanh thuốc", True),
        ("Điều kiện đối với người chịu trách nhiệm chuyên môn", True),
        ("Yêu cầu đối với cơ sở tổ chức thi", True),
        # A board's members, goods and procedures are not a business's conditions.
        ("Tiêu chuẩn của thành viên Hội đồng", False),
        ("Yêu cầu về ghi nhãn trên bao bì thuốc lá", False),
        ("Tiêu chí, hồ sơ đề nghị cấp phép nhập khẩu thuốc hiếm", False),
        ("Điều kiện áp dụng chế độ ưu tiên", False),
        ("Giấy chứng nhận đủ điều kiện về an ninh, trật tự", False),
        ("Ngành, nghề đầu tư kinh doanh có điều kiện về an ninh, trật tự", False),
        ("Thu hồi Giấy chứng nhận đủ điều kiện kinh doanh dược", False),
        ("Quy định về cơ sở vật chất của cơ sở kinh doanh thuốc", True),
        ("Quy định về nhân sự của cơ sở kinh doanh", True),
        ("Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", False),
        ("Hồ sơ đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", False),
        ("Trình tự cấp Giấy chứng nhận đủ điều kiện kinh doanh dược", False),
        ("Thẩm quyền cấp giấy phép", False),
        ("Phạm vi điều chỉnh", False),
        ("DIEU KIEN KINH DOANH RUOU", True),
        # "nhằm mục đích kinh doanh" names the activity, not a purpose article
        ("Điều kiện sản xuất rượu thủ công nhằm mục đích kinh doanh", True),
        ("Mục đích, yêu cầu", False),
    ],
)
def test_condition_titles(heading: str, expected: bool) -> None:
    assert is_condition_title(heading) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thương nhân phải đáp ứng các điều kiện sau:", True),
        ("Cơ sở sản xuất phải đáp ứng các điều kiện sau đây:", True),
        ("Doanh nghiệp phải có đủ các điều kiện dưới đây:", True),
        ("Cơ sở phải bảo đảm các yêu cầu sau:", True),
        ("phai dap ung cac dieu kien sau:", True),
        ("Cơ sở phải đáp ứng các điều kiện quy định tại Điều 5.", False),
        ("Hồ sơ gồm các giấy tờ sau:", False),
        ("Bao gói hóa chất lưu thông trên thị trường phải bảo đảm các yêu cầu sau:", False),
        ("Tổ chức, cá nhân sản xuất hóa chất phải bảo đảm các yêu cầu sau:", True),
    ],
)
def test_lead_ins(text: str, expected: bool) -> None:
    assert is_lead_in(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có vốn pháp định 10 tỷ đồng", "capital"),
        ("Phải ký quỹ tại ngân hàng", "capital"),
        ("Có Giấy phép kinh doanh", "licence"),
        ("Có chứng chỉ hành nghề dược", "licence"),
        ("Người phụ trách phải có bằng tốt nghiệp đại học", "personnel"),
        ("Có ít nhất 02 năm kinh nghiệm", "personnel"),
        ("Có 03 nhân viên", "personnel"),
        ("Có kho bảo quản đạt tiêu chuẩn", "premises_equipment"),
        ("Diện tích tối thiểu 30 m2", "premises_equipment"),
        ("Có trang thiết bị phòng cháy", "premises_equipment"),
        ("Cách trường học 100 m", "premises_equipment"),
        ("Tuân thủ quy định của pháp luật", "other"),
    ],
)
def test_classify(text: str, expected: str) -> None:
    from parsers.quantities import find_quantities

    assert classify(text, find_quantities(text)) == expected


def test_classify_falls_back_to_context() -> None:
    assert classify("Có ít nhất một người", (), "") == "personnel"
    assert classify("Tuân thủ quy định", (), "Quy định về nhân sự") == "personnel"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*TEXT.splitlines(), "", "1.", "a) x", "Điều 8. Điều kiện"]), max_size=30
    )
)
def test_never_crashes(lines: list[str]) -> None:
    units, _ = parse_structure("\n".join(lines))
    for c in extract_conditions(units):
        assert c.unit_id and c.type in (
            "capital",
            "licence",
            "personnel",
            "premises_equipment",
            "other",
        )


# Written for the test: an amending decree whose instructions quote new condition texts.
AMENDING = """CHÍNH PHỦ
Số: 12/2019/NĐ-CP
NGHỊ ĐỊNH SỬA ĐỔI MỘT SỐ ĐIỀU KIỆN KINH DOANH
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 1/2020/NĐ-CP quy định điều kiện kinh doanh dược
1. Sửa đổi, bổ sung khoản 1 Điều 5 như sau:
“1. Cơ sở bán lẻ thuốc phải có diện tích tối thiểu 20 m2.”
2. Bãi bỏ khoản 2 Điều 5.
3. Thay thế cụm từ “02 năm” bằng cụm từ “01 năm” tại khoản 2 Điều 5.
4. Khoản 4 Điều 5 được sửa đổi như sau:
“4. Đối với quầy thuốc phải đáp ứng các điều kiện sau:
a) Có tủ riêng;
b) Có nhiệt kế.”
Điều 2. Điều kiện đối với cơ sở kinh doanh mới
Cơ sở kinh doanh mới phải đáp ứng các điều kiện sau:
1. Có kho chứa.
2. Có nhân viên được đào tạo.
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2019.
"""


def test_amending_instructions_are_not_conditions() -> None:
    """Instructions and their quoted text belong to the target; the decree's own article counts."""
    from parsers import parse_text

    doc = parse_text(AMENDING, "amending.md")
    assert [c.unit_id for c in conditions_of(doc)] == ["dieu_2__khoan_1", "dieu_2__khoan_2"]
    assert doc.effects  # the instructions are there, for the target


@pytest.mark.real
@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        # amending texts: instructions only
        ("nd-55-2023-ND-CP-sua-doi-nd-75-2021.md", 0, 0),
        ("luat-24-2012-QH13-sua-doi-bo-sung-luat-dien-luc.html", 0, 0),
        # compilations: their notes and cross-references yield effects, their conditions stay
        ("phapdien-duoc.md", 115, 140),
        ("phapdien-trong-trot.md", 10, 20),
    ],
)
def test_real_amending_texts_and_compilations(name: str, low: int, high: int) -> None:
    from parsers import parse_file
    from tests.conftest import real_file

    assert low <= len(conditions_of(parse_file(real_file(name)))) <= high


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bãi bỏ khoản 2 Điều 5.", True),
        ("Bãi bỏ điểm a khoản 1 Điều 5 Nghị định số 54/2017/NĐ-CP.", True),
        ("Sửa đổi, bổ sung khoản 1 Điều 3 như sau:\n“1. Có địa điểm cố định.”", True),
        ("Thay thế cụm từ “tối thiểu 18 tháng” bằng cụm từ “tối thiểu 12 tháng” tại khoản 2", True),
        ("Bổ sung khoản 1a vào sau khoản 1 Điều 8 như sau:", True),
        ("Khoản 2 Điều 7 được sửa đổi, bổ sung như sau:", True),
        ("Điều 9 bị bãi bỏ.", True),
        ("Điểm a và điểm b khoản 3 Điều 4 được bãi bỏ.", True),
        # conditions that merely use the words
        ("Bổ sung đủ hồ sơ trong thời hạn 10 ngày.", False),
        ("Có phương án thay thế thiết bị khi hỏng.", False),
        ("Sửa đổi, bổ sung hồ sơ khi có thay đổi về nhân sự.", False),
        ("Đáp ứng điều kiện quy định tại khoản 2 Điều 5 Nghị định này.", False),
        ("(được bãi bỏ)", False),
    ],
)
def test_is_amendment_instruction(text: str, expected: bool) -> None:
    assert is_amendment_instruction(text) is expected


@pytest.mark.parametrize(
    "heading",
    [
        "Sửa đổi, bổ sung một số điều của Nghị định số 54/2017/NĐ-CP quy định điều kiện kinh doanh",
        "Bãi bỏ một số điều kiện kinh doanh",
    ],
)
def test_amending_headings_are_not_condition_titles(heading: str) -> None:
    assert not is_condition_title(heading)


def test_repealed_khoan_without_a_blank() -> None:
    units, _ = parse_structure(
        "Điều 5. Điều kiện bán lẻ thuốc\n1. Có kho.\n2.(được bãi bỏ)\n3. Có tủ lạnh.\n"
    )
    got = {c.unit_id: c.repealed for c in extract_conditions(units)}
    assert got == {"dieu_5__khoan_1": False, "dieu_5__khoan_2": True, "dieu_5__khoan_3": False}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # record-keeping, procedure steps, a state body's act, exemptions, approvals, goods
        (
            "Có sổ sách ghi chép hoặc biện pháp phù hợp để lưu giữ thông tin về hoạt động xuất nhập;",
            True,
        ),
        ("Phải lập sổ riêng theo dõi tình hình sản xuất tiền chất công nghiệp.", True),
        ("Phải có đầy đủ hóa đơn mua bán, giấy tờ chứng minh nguồn gốc xuất xứ;", True),
        ("Đăng ký với Phòng Kinh tế thuộc Ủy ban nhân dân cấp huyện theo Mẫu số 14.", True),
        (
            "Hoàn thành việc công bố đủ điều kiện thực hiện kiểm nghiệm theo quy định tại Điều 12.",
            True,
        ),
        ("Bộ Y tế, Sở Y tế định kỳ 03 năm 01 lần tiến hành kiểm tra, đánh giá.", True),
        ("Chính phủ quy định chi tiết Điều này.", True),
        ("Người chịu trách nhiệm chuyên môn có thể đồng thời là người phụ trách chất lượng.", True),
        ("Được sự đồng ý của Bộ Công Thương.", True),
        ("Chậm nhất đến ngày 30 tháng 6 năm 2020, tổ chức phải thực hiện quy định này.", True),
        ("Đáp ứng các quy định về ghi nhãn hàng hóa rượu.", True),
        ("Thuốc bán lẻ lưu động phải còn hạn dùng tối thiểu 06 tháng.", True),
        # food-safety conditions of the producer stated beside labels: a condition
        (
            "Bảo đảm các điều kiện về an toàn thực phẩm và ghi nhãn hàng hóa rượu theo quy định.",
            False,
        ),
        # conditions
        ("Có kho riêng đáp ứng nguyên tắc Thực hành tốt bảo quản thuốc;", False),
        ("Có khu vực lưu trữ hồ sơ với diện tích tối thiểu 10 m2.", False),
        (
            "Có máy tính và phần mềm theo dõi việc nhập, xuất, tồn thuốc theo số lô và hạn dùng.",
            False,
        ),
        ("Là doanh nghiệp được thành lập theo quy định của pháp luật.", False),
        ("Đáp ứng các điều kiện quy định tại khoản 1, 2 Điều 31a của Nghị định này.", False),
        ("Người quản lý phải có bằng tốt nghiệp đại học và 02 năm kinh nghiệm.", False),
    ],
)
def test_what_is_not_a_condition(text: str, expected: bool) -> None:
    assert is_not_a_condition(text) is expected


def test_a_sub_title_with_items_is_not_a_condition() -> None:
    """ "2. Điều kiện kinh doanh" heads its items; it is their lead, not a condition."""
    units, _ = parse_structure(
        "Điều 9. Điều kiện cấp Giấy chứng nhận\n1. Điều kiện kinh doanh\na) Có kho chứa;\n"
        "b) Có cửa hàng.\n"
    )
    got = {c.unit_id: c for c in extract_conditions(units, document="1/2020/NĐ-CP")}
    assert set(got) == {"dieu_9__khoan_1__diem_a", "dieu_9__khoan_1__diem_b"}
    assert got["dieu_9__khoan_1__diem_a"].lead.endswith("Điều kiện kinh doanh")
