"""Scanned PDFs: read by Tesseract (Vietnamese) when installed and marked as OCR; otherwise
refused with the packages to install. Also the PDF reader's refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from parsers import parse_bytes
from parsers.formats import FormatError, extract
from parsers.formats import tools as format_tools
from tests.formats import writers

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
DECISION = SAMPLE / "provincial" / "qd-845-2022-QD-UBND-DaNang-cong-bo-tthc-an-ninh-trat-tu.md"


def scanned_pdf(pages: int = 1, dpi: int = 200) -> bytes:
    """A sample decision printed to PDF, rendered to images and saved as an image-only PDF."""
    pytest.importorskip("reportlab", reason="reportlab writes the test PDFs")
    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(writers.to_pdf(DECISION.read_text(encoding="utf-8")))
    images = [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr_and_marked() -> None:
    if not format_tools.tesseract_has("vie"):
        pytest.skip("Tesseract with Vietnamese is not installed (tesseract-ocr tesseract-ocr-vie)")
    doc = parse_bytes(scanned_pdf(pages=2), "scan.pdf")
    assert doc.format == "pdf"
    assert doc.anchors and all(a.ocr for a in doc.anchors)
    assert {a.page for a in doc.anchors} == {1, 2}
    assert any(w.code == "format" and "OCR" in w.message for w in doc.warnings)
    assert "845/QĐ-UBND" in doc.text
    assert [u.id for u in doc.units if u.kind.value == "dieu"] == ["dieu_1", "dieu_2", "dieu_3"]
    assert "CÔNG BÁO" not in doc.text  # the running header, recurring on both scanned pages


def test_scanned_pdf_without_tesseract_names_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(format_tools, "tesseract", lambda: None)
    with pytest.raises(FormatError, match="hãy cài tesseract-ocr tesseract-ocr-vie") as err:
        extract(scanned_pdf(), "scan.pdf")
    assert "scan.pdf" in str(err.value) and "không có lớp chữ" in str(err.value)


def test_scanned_pdf_without_the_vietnamese_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(format_tools, "tesseract", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(format_tools, "tesseract_has", lambda lang: False)
    with pytest.raises(FormatError, match="chưa cài mô hình tiếng Việt"):
        extract(scanned_pdf(), "scan.pdf")


def test_doc_that_needs_libreoffice_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Word 6/95 file (older header) is not read natively: LibreOffice is named."""
    import olefile

    monkeypatch.setattr(format_tools, "soffice", lambda: None)
    data = _ole_with_word_stream(b"\xec\xa5" + b"\x00" * 600)  # a header too short for Word 97
    assert olefile.isOleFile(io.BytesIO(data))
    with pytest.raises(FormatError, match="hãy cài libreoffice-writer-nogui"):
        extract(data, "old.doc")


def _ole_with_word_stream(stream: bytes) -> bytes:
    """A minimal OLE2 file holding one stream named WordDocument (built by hand: olefile only
    reads). 512-byte sectors: header, FAT, directory, then the stream as a regular stream."""
    import struct

    size = max(len(stream), 4096)
    stream = stream.ljust(size, b"\x00")
    n_data = size // 512
    # sectors: 0 = FAT, 1 = directory, 2.. = data
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(n_data - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0] = FAT at sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)

    def entry(name: str, kind: int, start: int, length: int, child: int = 0xFFFFFFFF) -> bytes:
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e[0 : len(raw)] = raw
        struct.pack_into("<H", e, 64, len(raw))
        e[66] = kind
        e[67] = 1
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, child)
        struct.pack_into("<I", e, 116, start)
        struct.pack_into("<I", e, 120, length)
        return bytes(e)

    directory = (
        entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
        + entry("WordDocument", 2, 2, size)
        + b"\x00" * 256
    )
    fat_bytes = struct.pack("<128I", *fat)
    return bytes(header) + fat_bytes + directory + stream


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\n%garbage", "PDF"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
    ],
)
def test_broken_binaries_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as err:
        extract(data, "bad." + ("pdf" if data.startswith(b"%PDF") else "doc"))
    assert "bad." in str(err.value) and message.lower() in str(err.value).lower()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n...", "là tệp PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", "là tệp OLE2"),
        (b"PK\x03\x04...", "là gói ZIP"),
    ],
)
def test_text_decoder_names_binary_formats(data: bytes, kind: str) -> None:
    """Callers of the text decoder (CSV, JSON importers) get the format named, not "NUL bytes"."""
    from parsers.decode import DecodeError, decode

    with pytest.raises(DecodeError, match=f"x.csv: {kind}"):
        decode(data, "x.csv")


def test_extract_file_reads_a_path(tmp_path: Path) -> None:
    from parsers.formats import extract_file

    pytest.importorskip("docx", reason="python-docx writes the test files")
    path = tmp_path / "qd.docx"
    path.write_bytes(writers.to_docx(DECISION.read_text(encoding="utf-8")))
    ext = extract_file(path)
    assert ext.format == "docx" and "845/QĐ-UBND" in ext.text
    assert ext.anchors[0].paragraph == 1


def test_blank_page_is_empty_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page with neither text nor image (a separator page) needs no OCR."""
    pytest.importorskip("reportlab", reason="reportlab writes the test PDFs")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    font = writers.dejavu()
    if font is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for text in ("Điều 1. Phạm vi điều chỉnh", None, "Điều 2. Đối tượng áp dụng"):
        if text:
            c.setFont("DejaVu", 12)
            c.drawString(72, 700, text)
        c.showPage()
    c.save()
    monkeypatch.setattr(format_tools, "tesseract", lambda: None)
    ext = extract(buf.getvalue(), "blank.pdf")
    assert ext.text.split("\n") == ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng áp dụng"]
    assert [a.page for a in ext.anchors] == [1, 3] and not ext.ocr_pages
