"""Write the project's Markdown sample documents as Word and PDF files, as officers receive them.

Each non-empty line becomes a paragraph and each run of pipe rows a table. Word files number
every article's clauses ("1.", "2.", …) with Word's automatic numbering (one list per article,
restarting at 1), so the reader has to compute the labels. PDFs are set in DejaVu Sans (a font
with Vietnamese), justified with an indented first line so long paragraphs wrap, with a running
header and a page number on every page, and, on request, a spacer that pushes the largest table
to the bottom of a page so that it goes on over the page break (its header row repeated).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from parsers.table_rows import split_pipe_row

_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ARTICLE = re.compile(r"^Điều \d+[a-z]?\.")
_CLAUSE = re.compile(r"^(\d+)\.\s+(.*)$")
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")


def blocks(markdown: str) -> list[str | list[list[str]]]:
    """Lines and tables (rows of cells) of a Markdown sample, in order."""
    out: list[str | list[list[str]]] = []
    table: list[list[str]] | None = None
    for raw in markdown.split("\n"):
        line = raw.strip()
        if line.startswith("|"):
            if table is None:
                table = []
                out.append(table)
            if not _SEP.match(line):
                table.append([c.replace("\\|", "|") for c in split_pipe_row(line)])
            continue
        table = None
        if line:
            out.append(line)
    return out


# --- .docx ------------------------------------------------------------------------------------

_NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>
{nums}
</w:numbering>"""


def to_docx(markdown: str, *, numbering: bool = True) -> bytes:
    """A .docx of the sample; clauses as automatically numbered paragraphs when `numbering`."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    num_id = 0
    expected = 0
    for block in blocks(markdown):
        if isinstance(block, list):
            width = max(len(r) for r in block)
            t = d.add_table(rows=len(block), cols=width)
            for i, row in enumerate(block):
                for j in range(width):
                    t.cell(i, j).text = row[j] if j < len(row) else ""
            continue
        if _ARTICLE.match(block):
            num_id += 1
            expected = 1
        m = _CLAUSE.match(block)
        if numbering and num_id and m and int(m.group(1)) == expected:
            p = d.add_paragraph(m.group(2))
            p._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
            expected += 1
        else:
            d.add_paragraph(block)
            if m is None and _ARTICLE.match(block) is None and block[:1].isupper():
                pass
    buf = io.BytesIO()
    d.save(buf)
    if not numbering or not num_id:
        return buf.getvalue()
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="7"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for n in range(1, num_id + 1)
    )
    return replace_parts(buf.getvalue(), {"word/numbering.xml": _NUMBERING.format(nums=nums)})


def replace_parts(docx_bytes: bytes, parts: dict[str, str | bytes]) -> bytes:
    """The package with `parts` replaced or added (relationships and content types as needed)."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            if name in parts:
                continue
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = _content_types(data.decode(), parts).encode()
            if name == "word/_rels/document.xml.rels":
                data = _rels(data.decode(), parts).encode()
            dst.writestr(name, data)
        for name, content in parts.items():
            dst.writestr(name, content)
    return out.getvalue()


_TYPES = {
    "word/numbering.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
        "numbering",
    ),
    "word/footnotes.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "footnotes",
    ),
}


def _content_types(xml: str, parts: dict[str, str | bytes]) -> str:
    for name in parts:
        if name in _TYPES and f'PartName="/{name}"' not in xml:
            ct = _TYPES[name][0]
            xml = xml.replace(
                "</Types>", f'<Override PartName="/{name}" ContentType="{ct}"/></Types>'
            )
    return xml


def _rels(xml: str, parts: dict[str, str | bytes]) -> str:
    for k, name in enumerate(parts):
        if name in _TYPES and f'Target="{name[5:]}"' not in xml:
            rel = (
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                + (_TYPES[name][1])
            )
            xml = xml.replace(
                "</Relationships>",
                f'<Relationship Id="rIdT{k}" Type="{rel}" Target="{name[5:]}"/></Relationships>',
            )
    return xml


# --- .pdf -------------------------------------------------------------------------------------


def dejavu() -> Path | None:
    for d in FONT_DIRS:
        p = Path(d) / "DejaVuSans.ttf"
        if p.is_file():
            return p
    return None


def to_pdf(
    markdown: str,
    *,
    split_table: bool = False,
    header: str = "CÔNG BÁO",
    ruled: bool = True,
    justified: bool = True,
) -> bytes:
    """A PDF of the sample in DejaVu Sans, with running header and page numbers; tables without
    ruling lines when not `ruled` (as many decrees print their header block)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = dejavu()
    assert font is not None, "DejaVu Sans is needed to write Vietnamese PDFs"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    body = ParagraphStyle(
        "body",
        fontName="DejaVu",
        fontSize=11,
        leading=14,
        alignment=TA_JUSTIFY if justified else TA_LEFT,
        firstLineIndent=1 * cm,
        spaceAfter=4,
    )
    cell = ParagraphStyle("cell", fontName="DejaVu", fontSize=9, leading=11)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
    )

    def decorate(canvas: object, d: object) -> None:
        from reportlab.pdfgen.canvas import Canvas

        assert isinstance(canvas, Canvas)
        canvas.saveState()
        canvas.setFont("DejaVu", 9)
        w, h = A4
        if header:
            canvas.drawCentredString(
                w / 2, h - 1.3 * cm, f"{header} / Số 12 + 13 / Ngày 05-01-2019"
            )
        canvas.drawCentredString(w / 2, 1.2 * cm, f"- {canvas.getPageNumber()} -")
        canvas.restoreState()

    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    parts = blocks(markdown)
    tables = [b for b in parts if isinstance(b, list)]
    biggest = max(tables, key=len) if tables else None
    story: list[object] = []
    for b in parts:
        if isinstance(b, list):
            if split_table and b is biggest:
                story.append(Spacer(1, doc.height - 5 * cm))
            width = max(len(r) for r in b)
            rows = [
                [Paragraph(esc(r[j]) if j < len(r) else "", cell) for j in range(width)] for r in b
            ]
            t = Table(rows, colWidths=_widths(b, width, doc.width), repeatRows=1)
            style: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
            if ruled:
                style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            t.setStyle(TableStyle(style))
            story.append(t)
            story.append(Spacer(1, 6))
        else:
            story.append(Paragraph(esc(b), body))
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def _widths(rows: list[list[str]], width: int, total: float) -> list[float]:
    """Column widths as a word processor's autofit sets them: no word broken inside a cell."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 14.0
    floor = [
        max(
            (stringWidth(w, "DejaVu", 9) for r in rows if j < len(r) for w in r[j].split()),
            default=0.0,
        )
        + pad
        for j in range(width)
    ]
    want = [max(sum(len(r[j]) for r in rows if j < len(r)), 1) for j in range(width)]
    spare = max(total - sum(floor), 0.0)
    return [f + spare * w / sum(want) for f, w in zip(floor, want, strict=True)]


# --- .doc through LibreOffice -----------------------------------------------------------------


def soffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe is not None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/p",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / f"in.{target.split(':')[0]}").read_bytes()
