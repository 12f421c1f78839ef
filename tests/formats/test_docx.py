"""The .docx reader on documents built for one feature each (table-driven where it can be)."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers.formats import FormatError, extract, locate
from parsers.formats.docx import format_number
from tests.formats.writers import replace_parts

docx = pytest.importorskip("docx", reason="python-docx builds the test files")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _build(body_xml: str, extra: dict[str, str] | None = None) -> bytes:
    """A .docx whose body is `body_xml` (w:p / w:tbl elements), plus extra parts."""
    d = docx.Document()
    buf = io.BytesIO()
    d.save(buf)
    doc_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {W}><w:body>{body_xml}<w:sectPr/></w:body></w:document>"
    )
    return replace_parts(buf.getvalue(), {"word/document.xml": doc_xml, **(extra or {})})


def _p(text: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


@pytest.mark.parametrize(
    ("n", "fmt", "want"),
    [
        (1, "decimal", "1"),
        (5, "lowerLetter", "e"),
        (27, "lowerLetter", "aa"),
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (3, "decimalZero", "03"),
        (2, "upperLetter", "B"),
    ],
)
def test_number_formats(n: int, fmt: str, want: str) -> None:
    assert format_number(n, fmt) == want


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Chương %1"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"""


def _num(num_id: int, ilvl: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_automatic_numbering_of_a_legal_outline() -> None:
    body = "".join(
        [
            _p("QUY ĐỊNH CHUNG", _num(2, 0)),
            _p("Phạm vi điều chỉnh", _num(1, 0)),
            _p("Nghị định này quy định điều kiện kinh doanh.", ""),
            _p("Đối tượng áp dụng", _num(1, 0)),
            _p("Doanh nghiệp;", _num(1, 1)),
            _p("Hộ kinh doanh:", _num(1, 1)),
            _p("có địa điểm cố định;", _num(1, 2)),
            _p("có biển hiệu.", _num(1, 2)),
            _p("Cá nhân.", _num(1, 1)),
            _p("ĐIỀU KIỆN", _num(2, 0)),
            _p("Điều kiện chung", _num(1, 0)),
            _p("Có vốn.", _num(1, 1)),
            _p("ghi chú", _num(3, 0)),
        ]
    )
    text = extract(_build(body, {"word/numbering.xml": NUMBERING}), "n.docx").text
    assert text.split("\n") == [
        "Chương I QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định điều kiện kinh doanh.",
        "Điều 2. Đối tượng áp dụng",
        "1. Doanh nghiệp;",
        "2. Hộ kinh doanh:",
        "a) có địa điểm cố định;",
        "b) có biển hiệu.",
        "3. Cá nhân.",
        "Chương II ĐIỀU KIỆN",
        "Điều 3. Điều kiện chung",
        "1. Có vốn.",  # the clause level restarts under a new article
        "- ghi chú",
    ]


def test_merged_cells_are_repeated_into_the_slots_they_cover() -> None:
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            t.cell(r, c).text = f"r{r}c{c}"
    t.cell(0, 0).merge(t.cell(0, 1)).text = "Tiêu đề gộp"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "Dọc"
    buf = io.BytesIO()
    d.save(buf)
    text = extract(buf.getvalue(), "t.docx").text
    assert text.split("\n") == [
        "| Tiêu đề gộp | Tiêu đề gộp | r0c2 |",
        "| --- | --- | --- |",
        "| r1c0 | r1c1 | Dọc |",
        "| r2c0 | r2c1 | Dọc |",
    ]


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Khoản này được sửa đổi bởi Nghị định số 55/2023/NĐ-CP.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:t>Điều này được bãi bỏ.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def test_footnotes_are_marked_in_the_text_and_follow_the_body() -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">1. Mức chuẩn là 2.055.000 đồng.</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        '<w:p><w:r><w:t>Điều 5. Trợ cấp</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
    )
    text = extract(_build(body, {"word/footnotes.xml": FOOTNOTES}), "f.docx").text
    assert text.split("\n") == [
        "1. Mức chuẩn là 2.055.000 đồng.[1]",
        "Điều 5. Trợ cấp[2]",
        "[1] Khoản này được sửa đổi bởi Nghị định số 55/2023/NĐ-CP.",
        "[2] Điều này được bãi bỏ.",
    ]


def test_deletions_and_field_instructions_are_not_text() -> None:
    body = (
        "<w:p><w:r><w:t>Căn cứ </w:t></w:r>"
        "<w:del><w:r><w:delText>Luật cũ</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>Luật Đầu tư</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://x" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t xml:space="preserve"> số 61/2020/QH14</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>;</w:t></w:r></w:p>"
    )
    assert extract(_build(body), "d.docx").text == "Căn cứ Luật Đầu tư số 61/2020/QH14;"


def test_pages_come_from_recorded_page_breaks() -> None:
    body = (
        _p("Điều 1. Một")
        + "<w:p><w:r><w:lastRenderedPageBreak/><w:t>Điều 2. Hai</w:t></w:r></w:p>"
        + _p("Điều 3. Ba")
        + '<w:p><w:r><w:t xml:space="preserve">Điều 4. Bốn </w:t></w:r>'
        + "<w:r><w:lastRenderedPageBreak/><w:t>tiếp</w:t></w:r></w:p>"
        + _p("Điều 5. Năm")
    )
    ext = extract(_build(body), "p.docx")
    pages = {ext.text[a.start : a.start + 7]: a.page for a in ext.anchors}
    assert pages == {"Điều 1.": 1, "Điều 2.": 2, "Điều 3.": 2, "Điều 4.": 2, "Điều 5.": 3}
    where = locate(ext.anchors, ext.text.index("Ba"))
    assert where is not None and (where.page, where.paragraph) == (2, 3)


def test_no_page_information_gives_page_zero() -> None:
    ext = extract(_build(_p("Điều 1. Một") + _p("Điều 2. Hai")), "p.docx")
    assert [a.page for a in ext.anchors] == [0, 0]
    assert [a.paragraph for a in ext.anchors] == [1, 2]


def test_legacy_tcvn3_text_is_refused_naming_the_font() -> None:
    tcvn = "Ngh\u00d7 \u00aeÞnh n\u00b5y quy \u00aeÞnh \u00ae\u00b6ng k\u00fd kinh doanh " * 5
    body = (
        '<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
        f"<w:t>{tcvn}</w:t></w:r></w:p>"
    )
    with pytest.raises(FormatError, match=r"bảng mã cũ TCVN3 .*\.VnTime"):
        extract(_build(body), "legacy.docx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04garbage", "không đọc được tệp .docx"),
        (b"", "tệp rỗng"),
    ],
)
def test_bad_docx_is_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        extract(data, "bad.docx")


def test_zip_without_document_part() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(FormatError, match=r"không có word/document\.xml"):
        extract(buf.getvalue(), "x.docx")


def test_html_saved_under_a_doc_name_is_read_as_html() -> None:
    from parsers import parse_bytes

    html = "<html><body><p>Điều 1. Phạm vi</p><p>Nội dung.</p></body></html>".encode()
    doc = parse_bytes(html, "tai-ve.doc")
    assert doc.format == "html"
    assert [u.id for u in doc.units] == ["dieu_1"]
