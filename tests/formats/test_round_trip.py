"""Round trips: the bundled Markdown samples written as .docx, .pdf (and .doc where LibreOffice
is installed) parse back to the same units as the Markdown originals.

Units are compared whole (id, kind, number, heading, text line by line, table rows) after
whitespace and NFC normalisation, and so is what the later stages find in them: metadata,
references, effects, conditions and procedures (with requirements and legal bases). The Word files number clauses with Word's automatic numbering; the PDFs are set in
DejaVu Sans with justified, wrapped paragraphs, a running header and page numbers, and the
largest table of each file pushed to the foot of a page so that it goes on over the break.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from parsers import parse_bytes, parse_text
from parsers.conditions import extract_conditions
from parsers.formats.compare import normalise
from parsers.model import Document
from parsers.procedures import procedures_of
from tests.formats import writers

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
SAMPLES = sorted(SAMPLE.glob("*/*.md"))
IDS = [p.stem[:40] for p in SAMPLES]


def _lines(text: str) -> str:
    """Whitespace normalised within lines; the line breaks stay (later parsers read lines)."""
    return "\n".join(normalise(ln) for ln in text.split("\n") if ln.strip())


def units(doc: Document) -> list[tuple[object, ...]]:
    """Units, metadata, references, effects, conditions and procedures, as comparable values."""
    out: list[tuple[object, ...]] = [
        (
            u.id,
            u.kind.value,
            u.number,
            normalise(u.heading),
            _lines(u.text),
            [[normalise(c) for c in r] for r in u.rows],
            u.repealed,
        )
        for u in doc.units
    ]
    md = doc.metadata
    out.append(("metadata", md.number, md.type, md.signed, tuple(md.effective), md.province_code))
    out.append(
        ("references", tuple((r.document, r.unit, r.role.value, r.in_unit) for r in doc.references))
    )
    out.append(
        ("effects", tuple((e.op.value, e.target_document, e.target_unit) for e in doc.effects))
    )
    conditions = extract_conditions(doc.units, document=md.number)
    out.append(("conditions", tuple((c.unit_id, normalise(c.text)) for c in conditions)))
    decision = procedures_of(doc)
    if decision is not None:
        out.append(
            (
                "procedures",
                tuple(
                    (
                        p.code,
                        normalise(p.name),
                        tuple(normalise(r.text) for r in p.requirements),
                        tuple((b.document, b.unit) for b in p.legal_bases),
                    )
                    for p in decision.procedures
                ),
            )
        )
    return out


@cache
def original(path: Path) -> list[tuple[object, ...]]:
    return units(parse_text(path.read_text(encoding="utf-8"), str(path)))


def test_samples_exist() -> None:
    assert len(SAMPLES) >= 10


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_docx_round_trip(path: Path) -> None:
    pytest.importorskip(
        "docx", reason="python-docx writes the test files (pip install python-docx)"
    )
    data = writers.to_docx(path.read_text(encoding="utf-8"))
    doc = parse_bytes(data, path.stem + ".docx")
    assert doc.format == "docx"
    assert units(doc) == original(path)


def test_docx_round_trip_uses_automatic_numbering() -> None:
    """The written clauses carry no typed number: the reader computes every label."""
    pytest.importorskip("docx", reason="python-docx writes the test files")
    path = SAMPLE / "national" / "nd-83-2014-ND-CP-kinh-doanh-xang-dau.md"
    data = writers.to_docx(path.read_text(encoding="utf-8"))
    import io
    import zipfile

    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert body.count("<w:numPr>") >= 6
    assert "<w:t>1. " not in body


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_pdf_round_trip(path: Path) -> None:
    pytest.importorskip(
        "reportlab", reason="reportlab writes the test PDFs (pip install reportlab)"
    )
    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is needed to write Vietnamese PDFs")
    data = writers.to_pdf(path.read_text(encoding="utf-8"), split_table=True)
    doc = parse_bytes(data, path.stem + ".pdf")
    assert doc.format == "pdf"
    assert units(doc) == original(path)
    assert "CÔNG BÁO" not in doc.text  # the running header
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text  # page numbers
    assert doc.anchors[-1].page >= 2


def test_pdf_tables_really_cross_a_page_and_lines_really_wrap() -> None:
    """The PDF round trip is not vacuous: a table continues on a new page, paragraphs wrap."""
    pytest.importorskip("reportlab", reason="reportlab writes the test PDFs")
    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    import io

    import pdfplumber

    path = SAMPLE / "provincial" / "qd-2150-2017-QD-UBND-BinhThuan-cong-bo-tthc-duoc.md"
    data = writers.to_pdf(path.read_text(encoding="utf-8"), split_table=True)
    continued = wrapped = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[1:]:
            tables = page.find_tables()
            if tables and tables[0].bbox[1] < 0.15 * float(page.height):
                continued += 1
        lines = sum(len(p.extract_text_lines()) for p in pdf.pages)
    doc = parse_bytes(data, "x.pdf")
    paragraphs = len({a.paragraph for a in doc.anchors})
    wrapped = lines - paragraphs
    assert continued >= 1
    assert wrapped > 20
    # The table that goes on over the break is one table unit with the header row once.
    tables = [u for u in doc.units if u.kind.value == "table" and u.rows]
    assert all(u.rows.count(u.rows[0]) == 1 for u in tables)


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_pdf_round_trip_ragged_right(path: Path) -> None:
    """Left-aligned (ragged) paragraphs wrap short of the edge: a line is still joined to the
    next when the next line's first word would not have fit at its end."""
    pytest.importorskip("reportlab", reason="reportlab writes the test PDFs")
    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    import pypdfium2 as pdfium

    data = writers.to_pdf(path.read_text(encoding="utf-8"), justified=False)
    if len(pdfium.PdfDocument(data)) < 2:
        # A running head is told from a title by recurring; one page cannot show that
        # (docs/FORMATS.md, limits). The header-less print must still round-trip.
        data = writers.to_pdf(path.read_text(encoding="utf-8"), justified=False, header="")
    assert units(parse_bytes(data, path.stem + ".pdf")) == original(path)


@pytest.mark.parametrize("path", SAMPLES[:6], ids=IDS[:6])
def test_pdf_with_unruled_tables_keeps_metadata_and_articles(path: Path) -> None:
    """Tables printed without ruling lines (as many decrees print their header block) are not
    found as tables: their cells come out as lines, columns side by side. The number, date and
    every article and clause still come out as from the original (docs/FORMATS.md, limits)."""
    pytest.importorskip("reportlab", reason="reportlab writes the test PDFs")
    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    md = path.read_text(encoding="utf-8")
    doc = parse_bytes(writers.to_pdf(md, ruled=False), path.stem + ".pdf")
    orig = parse_text(md, str(path))
    assert (doc.metadata.number, doc.metadata.signed) == (
        orig.metadata.number,
        orig.metadata.signed,
    )

    def provisions(d: Document) -> list[tuple[str, str]]:
        keep = ("dieu", "khoan", "diem", "chuong")
        return [(u.id, _lines(u.text)) for u in d.units if u.kind.value in keep]

    assert provisions(doc) == provisions(orig)


def _soffice_or_skip() -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    pytest.importorskip("docx", reason="python-docx writes the test files")


@pytest.mark.slow
@pytest.mark.parametrize("path", SAMPLES[::3], ids=IDS[::3])
def test_doc_round_trip_through_libreoffice(path: Path) -> None:
    """Samples saved as Word 97-2003 by LibreOffice read back natively to the same units.

    Clauses are typed here: LibreOffice's own .docx import renumbers a list that restarts by a
    start override (it prints "1., 1., 2."; see the next test), which is not the reader's to fix.
    """
    _soffice_or_skip()
    docx_bytes = writers.to_docx(path.read_text(encoding="utf-8"), numbering=False)
    data = writers.soffice_convert(docx_bytes, ".docx", "doc:MS Word 97")
    doc = parse_bytes(data, path.stem + ".doc")
    assert doc.format == "doc"
    assert units(doc) == original(path)


@pytest.mark.slow
def test_doc_automatic_numbering_agrees_with_libreoffice() -> None:
    """The native reader numbers a .doc's lists as LibreOffice prints the same file."""
    _soffice_or_skip()
    from parsers.formats import extract

    path = SAMPLE / "national" / "nd-83-2014-ND-CP-kinh-doanh-xang-dau.md"
    docx_bytes = writers.to_docx(path.read_text(encoding="utf-8"))
    data = writers.soffice_convert(docx_bytes, ".docx", "doc:MS Word 97")
    printed = writers.soffice_convert(data, ".doc", "txt:Text (encoded):UTF8").decode("utf-8-sig")
    ours = [ln for ln in extract(data, "x.doc").text.split("\n") if not ln.startswith("|")]
    theirs = [" ".join(ln.split()) for ln in printed.split("\n")]
    theirs = [ln for ln in theirs if ln]
    numbered = [ln for ln in ours if ln[:1].isdigit()]
    assert len(numbered) >= 6
    for line in numbered:
        assert line in theirs
