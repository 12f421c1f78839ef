"""The conditional business lines list: readers (CSV, HTML, pipe tables) and the matcher."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.business_lines import (
    BusinessLine,
    BusinessLineError,
    BusinessLineIndex,
    DocumentLines,
    UnitRef,
    from_html,
    from_rows,
    ministry_of,
    read_csv,
)
from tests.conftest import real_file

CSV_NAME = "luat-dau-tu-2020-phu-luc-IV-nganh-nghe-kinh-doanh-co-dieu-kien.csv"
HTML_NAME = "luat-dau-tu-2020-phu-luc-IV.source-fragment.html"

# A small list written for the tests, in the law's layout (inserted 2a, gap at 4).
SMALL = """stt,nganh_nghe
1,Sản xuất con dấu
2,Kinh doanh dịch vụ cầm đồ
2a,"Kinh doanh ngành, nghề có sử dụng vật liệu nổ công nghiệp"
3,Kinh doanh dược
5,"Kinh doanh sản phẩm thuốc lá, nguyên liệu thuốc lá"
6,Kinh doanh thuốc bảo vệ thực vật
7,Kinh doanh dịch vụ lưu trú
8,Kinh doanh dịch vụ lưu trữ
9,Kinh doanh thực phẩm thuộc lĩnh vực quản lý chuyên ngành của Bộ Công Thương
10,Sản xuất mỹ phẩm
11,Kinh doanh xăng dầu
"""


@pytest.fixture(scope="module")
def small() -> list[BusinessLine]:
    return read_csv("small.csv", text=SMALL)


def test_csv_numbers_as_printed(small: list[BusinessLine]) -> None:
    assert [line.number for line in small] == [
        "1",
        "2",
        "2a",
        "3",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
    ]
    # A name that contains "ngành, nghề" is a line, not a header.
    assert small[2].name.startswith("Kinh doanh ngành, nghề")
    assert small[3].folded == "kinh doanh duoc"
    assert [line.order for line in small] == list(range(11))


def test_ministry_from_name(small: list[BusinessLine]) -> None:
    assert small[8].ministry == "BCT"
    assert small[0].ministry == ""
    assert ministry_of("thuộc Bộ Nông nghiệp và Phát triển nông thôn") == "BNNPTNT"


def test_group_rows_set_ministry() -> None:
    rows = [
        ["STT", "Ngành, nghề"],
        ["", "A. NGÀNH, NGHỀ THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG AN"],
        ["1", "Sản xuất con dấu"],
        ["B. Bộ Y tế", ""],
        ["2", "Kinh doanh dược"],
    ]
    lines = from_rows(rows, require_header=True)
    assert [(line.number, line.ministry) for line in lines] == [("1", "BCA"), ("2", "BYT")]


def test_tables_without_header_are_ignored_when_scanning() -> None:
    assert from_rows([["1", "Căn cứ pháp lý"], ["2", "Phí"]], require_header=True) == []


def test_html_table() -> None:
    html = (
        "<table><thead><tr><th><strong>STT</strong></th><th>NGÀNH, NGHỀ</th></tr></thead>"
        "<tr><td><p>1</p></td><td><p>Kinh doanh\n  dịch vụ cầm đồ</p></td></tr>"
        "<tr><td><p>29a</p></td><td><p>Dịch vụ phụ trợ bảo hiểm</p></td></tr></table>"
    )
    lines = from_html(html)
    assert [(line.number, line.name) for line in lines] == [
        ("1", "Kinh doanh dịch vụ cầm đồ"),
        ("29a", "Dịch vụ phụ trợ bảo hiểm"),
    ]


def test_bad_csv() -> None:
    with pytest.raises(BusinessLineError, match=r"bad\.csv"):
        read_csv("bad.csv", text="")
    with pytest.raises(BusinessLineError, match="no numbered"):
        read_csv("bad.csv", text="a,b\nx,y\n")
    with pytest.raises(BusinessLineError, match="cannot read"):
        read_csv("/nonexistent/list.csv")


MATCHES = [
    ("Điều kiện kinh doanh thuốc", "3"),
    ("Điều kiện bán lẻ thuốc lưu động", "3"),
    ("Quy định về nhân sự của cơ sở kinh doanh thuốc phải kiểm soát đặc biệt", "3"),
    ("Điều kiện kinh doanh thuốc lá", "5"),
    ("Điều kiện đối với cơ sở sản xuất thuốc lá", "5"),
    ("Điều kiện kinh doanh thuốc bảo vệ thực vật", "6"),
    ("Điều kiện kinh doanh dịch vụ lưu trú", "7"),
    ("Điều kiện kinh doanh dịch vụ lưu trữ", "8"),
    ("Điều kiện sản xuất mỹ phẩm", "10"),
    ("DIEU KIEN SAN XUAT MY PHAM", "10"),
    ("Điều kiện đối với thương nhân kinh doanh xăng dầu", "11"),
    ("Kinh doanh thực phẩm thuộc lĩnh vực quản lý chuyên ngành của Bộ Công Thương", "9"),
    ("Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ cầm đồ", "2"),
    ("Cơ sở bán buôn, bán lẻ sản phẩm thuốc lá", "5"),
    ("Nghị định này quy định về kinh doanh thuốc lá", "5"),
    ("Quầy thuốc phải đáp ứng các điều kiện sau:", "3"),
    ("Điều kiện kinh doanh dịch vụ cầm đồ", "2"),
]


@pytest.mark.parametrize(("text", "number"), MATCHES)
def test_match(small: list[BusinessLine], text: str, number: str) -> None:
    found = BusinessLineIndex(small).match(text)
    assert found, text
    assert found[0].line.number == number
    assert 0 < found[0].score <= 1.01


@pytest.mark.parametrize(
    "text",
    [
        "Trách nhiệm của cơ quan quản lý",
        "Hiệu lực thi hành",
        "Điều kiện sản xuất muối",
        "",
        # Goods, not the activity: no verb before them.
        "Thủ tục hải quan đối với hàng hóa là xăng dầu",
        "Bán rượu tại cửa hàng miễn thuế",
        # One-word activities need their verb; "thuốc" of tobacco or pesticides is not medicine.
        "Nguyên liệu làm thuốc lá",
        "Kho bảo quản thuốc bảo vệ thực vật",
        # Words that fold alike are different words.
        "Điều kiện bào chế thuốc",
    ],
)
def test_no_match(small: list[BusinessLine], text: str) -> None:
    assert BusinessLineIndex(small).match(text) == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_match_never_crashes(text: str) -> None:
    index = BusinessLineIndex(read_csv("small.csv", text=SMALL))
    for m in index.match(text):
        assert 0 <= m.score <= 1.05


@pytest.mark.real
def test_real_csv_and_html_agree() -> None:
    csv_lines = read_csv(real_file(CSV_NAME))
    html_lines = from_html(real_file(HTML_NAME).read_text(encoding="utf-8"))
    assert len(csv_lines) == 236
    assert [(x.number, x.name) for x in csv_lines] == [(x.number, x.name) for x in html_lines]
    numbers = [x.number for x in csv_lines]
    assert "11" not in numbers
    assert {"29a", "90a", "90b", "90c", "132a"} <= set(numbers)
    assert numbers[-1] == "232"
    assert len(set(numbers)) == 236


@pytest.mark.real
def test_real_matcher() -> None:
    index = BusinessLineIndex(read_csv(real_file(CSV_NAME)))
    for text, name in [
        ("Điều kiện kinh doanh thuốc", "Kinh doanh dược"),
        ("Điều kiện kinh doanh xăng dầu", "Kinh doanh xăng dầu"),
    ]:
        line = index.best(text)
        assert line is not None and line.name == name
    best = index.best("Kinh doanh hóa chất")
    assert best is not None and best.name.startswith("Kinh doanh hóa chất, trừ")


# --- the link rule -----------------------------------------------------------------------------

LINK_LIST = """stt,nganh_nghe
7,Kinh doanh dịch vụ cầm đồ
10,Kinh doanh dịch vụ bảo vệ
22,Kinh doanh hàng miễn thuế
23,"Kinh doanh kho ngoại quan, địa điểm thu gom hàng lẻ"
38,Kinh doanh xăng dầu
161,Kinh doanh dịch vụ bảo vệ thực vật
181,Kinh doanh dược
200,Kinh doanh dịch vụ lưu trú
"""

# A decree written for the tests in the layout of NĐ 96/2016: a scope article, a list of lines,
# a general article, an article per line, an article of several lines whose khoản name theirs.
SECURITY = """Điều 1. Phạm vi điều chỉnh
Nghị định này quy định điều kiện về an ninh, trật tự đối với một số ngành, nghề đầu tư kinh doanh có điều kiện.
Điều 3. Ngành, nghề đầu tư kinh doanh có điều kiện về an ninh, trật tự
1. Kinh doanh dịch vụ cầm đồ, gồm: cho vay có tài sản cầm cố.
2. Kinh doanh dịch vụ bảo vệ, gồm: bảo vệ con người, tài sản, không bao gồm dịch vụ bảo vệ thực vật.
3. Kinh doanh dịch vụ lưu trú.
Điều 7. Điều kiện về an ninh, trật tự áp dụng chung cho các ngành, nghề
1. Được đăng ký theo quy định của pháp luật.
Điều 11. Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ bảo vệ
1. Là doanh nghiệp.
Điều 13. Điều kiện hoạt động kinh doanh áp dụng đối với một số ngành, nghề
1. Cơ sở kinh doanh dịch vụ lưu trú phải có sổ đăng ký khách.
2. Chỉ cơ sở kinh doanh dịch vụ cầm đồ có vốn từ 1 tỷ đồng mới được nhận cầm cố.
Điều 14. Điều kiện đối với cơ sở kinh doanh dịch vụ đòi nợ
1. Có vốn pháp định.
"""

CUSTOMS = """Điều 1. Phạm vi điều chỉnh
Nghị định này quy định điều kiện kinh doanh hàng miễn thuế, kho bãi, địa điểm thu gom hàng lẻ. Kho bảo thuế không thuộc phạm vi điều chỉnh của Nghị định này.
Điều 4. Điều kiện cấp giấy chứng nhận đủ điều kiện kinh doanh hàng miễn thuế
1. Có phần mềm quản lý hàng hóa.
Điều 10. Điều kiện công nhận kho ngoại quan
1. Có diện tích tối thiểu 1.000 m2.
Điều 16. Điều kiện công nhận kho bảo thuế
1. Có hệ thống camera.
Điều 20. Yêu cầu đối với nhà xưởng
1. Có tường rào.
"""


@pytest.fixture(scope="module")
def link_index() -> BusinessLineIndex:
    return BusinessLineIndex(read_csv("lines.csv", text=LINK_LIST))


def _doc_lines(text: str, index: BusinessLineIndex, title: str = "") -> DocumentLines:
    from parsers.structure import parse_structure

    units, _ = parse_structure(text)
    return DocumentLines(
        [UnitRef(u.id, str(u.kind), u.parent, u.heading, u.text) for u in units], index, title=title
    )


@pytest.mark.parametrize(
    ("article", "text", "numbers", "basis"),
    [
        # A general article applies to every line the list article names.
        ("dieu_7", "Được đăng ký theo quy định của pháp luật.", ["7", "10", "200"], "scope"),
        # A heading that names the activity, and only that line ("bảo vệ thực vật" is another).
        ("dieu_11", "Là doanh nghiệp.", ["10"], "heading"),
        # Several lines: a khoản that names one of them belongs to it alone.
        ("dieu_13", "Cơ sở kinh doanh dịch vụ lưu trú phải có sổ đăng ký khách.", ["200"], "text"),
        ("dieu_13", "Chỉ cơ sở kinh doanh dịch vụ cầm đồ có vốn từ 1 tỷ đồng", ["7"], "text"),
        # An activity the list does not have: none of the scope's lines, not a guess.
        ("dieu_14", "Có vốn pháp định.", [], ""),
    ],
)
def test_link_by_the_documents_structure(
    link_index: BusinessLineIndex, article: str, text: str, numbers: list[str], basis: str
) -> None:
    lines = _doc_lines(SECURITY, link_index)
    assert lines.scope == ["7", "10", "200"]  # "không bao gồm dịch vụ bảo vệ thực vật" is described
    link = lines.link(article, [], "", text)
    assert (link.numbers, link.basis) == (numbers, basis)


@pytest.mark.parametrize(
    ("article", "numbers"),
    [
        ("dieu_4", ["22"]),  # the heading names it
        ("dieu_10", ["23"]),  # "công nhận kho ngoại quan": an item, after a licensing verb
        ("dieu_16", []),  # bonded stores: named by no line, excluded from the scope
        ("dieu_20", ["22", "23"]),  # a general requirement: every line of the scope
    ],
)
def test_link_in_a_several_line_scope(
    link_index: BusinessLineIndex, article: str, numbers: list[str]
) -> None:
    # "kinh doanh hàng miễn thuế, kho bãi, địa điểm thu gom hàng lẻ": one verb, a list of items.
    lines = _doc_lines(CUSTOMS, link_index)
    assert lines.scope == ["22", "23"]
    assert lines.link(article, [], "").numbers == numbers


def test_no_scope_no_link_and_the_lead_first(link_index: BusinessLineIndex) -> None:
    text = "Điều 5. Yêu cầu về sổ sách\n1. Ghi chép đầy đủ.\n"
    assert _doc_lines(text, link_index).link("dieu_5", [], "").numbers == []
    # A lead that names the line wins over the heading and the scope.
    lines = _doc_lines(SECURITY, link_index)
    assert lines.link("dieu_7", ["Đối với cơ sở kinh doanh dịch vụ lưu trú:"], "").numbers == [
        "200"
    ]
    # The title is scope too.
    titled = _doc_lines(
        "Điều 2. Điều kiện về kho\n1. Có kho.\n", link_index, "VỀ KINH DOANH XĂNG DẦU"
    )
    assert titled.link("dieu_2", [], "").numbers == ["38"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.lists(st.text(max_size=80), max_size=3))
def test_link_never_crashes(text: str, leads: list[str]) -> None:
    index = BusinessLineIndex(read_csv("lines.csv", text=LINK_LIST))
    lines = _doc_lines(
        "Điều 1. Phạm vi điều chỉnh\n" + text + "\nĐiều 2. Điều kiện\n1. Có kho.\n", index
    )
    link = lines.link("dieu_2", leads, "", text)
    assert set(link.numbers) <= {"7", "10", "22", "23", "38", "161", "181", "200"}


@pytest.mark.real
@pytest.mark.parametrize("source", ["real", "sample"])
def test_every_line_is_named_by_its_own_name_and_no_other(source: str) -> None:
    """A heading or scope article that writes a line's name names that line alone (its
    exclusions "trừ …" and details "(bao gồm …)" name nothing)."""
    from tests.conftest import ROOT

    path = (
        real_file(CSV_NAME)
        if source == "real"
        else (
            ROOT
            / "corpora"
            / "sample"
            / "national"
            / "danh-muc-nganh-nghe-kinh-doanh-co-dieu-kien.csv"
        )
    )
    lines = read_csv(path)
    index = BusinessLineIndex(lines)
    for line in lines:
        activity = line.name[0].lower() + line.name[1:]
        for text in (
            f"Điều kiện về vốn đối với cơ sở {activity}",
            f"Nghị định này quy định điều kiện đầu tư kinh doanh đối với {activity}.",
        ):
            assert [m.line.number for m in index.named(text)] == [line.number], text
