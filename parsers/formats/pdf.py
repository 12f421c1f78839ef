"""PDF to text: the text layer in reading order, tables as rows, scanned pages through OCR.

pdfplumber (pdfminer.six for characters and their boxes, pypdfium2 for rendering) finds ruled
tables and the text lines outside them. Then what a reader of the printed page ignores is
dropped, and what the layout broke is mended:

- running headers and footers (a line in the top or bottom margin band that recurs, digits
  aside, on at least half the pages) and page numbers ("3", "- 3 -", "Trang 3", "3/26") go;
- a line wrapped mid-paragraph is joined to the next when the next line's first word would not
  have fit at its end (justified lines reach the column's edge) and the next line does not start
  a new provision ("Điều 5.", "2.", "a)", "-", "+"), is
  not indented as a first line, and follows at the usual line spacing — also across a page break;
- a table that goes on over a page break is one table, its repeated header row dropped.

A page without a text layer is read by Tesseract (Vietnamese) when it is installed, and its text
is marked as OCR; without Tesseract such a file is refused with the packages to install.
"""

from __future__ import annotations

import contextlib
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from parsers.formats.model import Block, Extracted, FormatError, assemble

# A line starting one of these begins a new provision or list item, never a continuation.
_STARTS_ITEM = re.compile(
    r"^(?:(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC|CHƯƠNG|MỤC|PHẦN)\s+[\dIVXLC]+"
    r"|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[-+•–—*]\s|\|)"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|(?:Trang|trang|Page)\s*\d{1,4}(?:\s*/\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$"
)
_MARGIN_BAND = 0.09  # top and bottom share of the page where running heads live
_SCANNED_MIN_CHARS = 8


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class _Item:
    """A line or a table on one page, in reading order."""

    top: float
    line: _Line | None = None
    rows: list[list[str]] | None = None


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    items: list[_Item] = field(default_factory=list)
    scanned: bool = False


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _read_pages(data: bytes, name: str) -> list[_Page]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise FormatError(f"{name}: không đọc được tệp PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:
        if "password" in str(exc).lower() or type(exc).__name__ == "PDFPasswordIncorrect":
            raise FormatError(
                f"{name}: tệp PDF có mật khẩu; hãy lưu lại bản không đặt mật khẩu"
            ) from exc
        raise FormatError(f"{name}: không đọc được tệp PDF ({type(exc).__name__}: {exc})") from exc
    pages: list[_Page] = []
    try:
        try:
            plist = list(pdf.pages)
        except Exception as exc:
            raise FormatError(f"{name}: tệp PDF bị hỏng ({type(exc).__name__}: {exc})") from exc
        if not plist:
            raise FormatError(f"{name}: tệp PDF không có trang nào")
        for i, page in enumerate(plist, 1):
            try:
                pages.append(_read_page(page, i))
            except FormatError:
                raise
            except Exception as exc:
                raise FormatError(
                    f"{name}: không đọc được trang {i} ({type(exc).__name__}: {exc})"
                ) from exc
    finally:
        with contextlib.suppress(Exception):  # closing a damaged file can fail in turn
            pdf.close()
    return pages


def _read_page(page: object, number: int) -> _Page:
    from pdfplumber.page import Page

    assert isinstance(page, Page)
    out = _Page(number, float(page.width), float(page.height))
    chars = [c for c in page.chars if c.get("text", "").strip()]
    if len(chars) < _SCANNED_MIN_CHARS and page.images:
        out.scanned = True  # an image and (almost) no text layer: a scan
        return out
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    for t in tables:
        rows = [[(c or "").replace("\n", " ") for c in row] for row in t.extract()]
        out.items.append(_Item(top=float(t.bbox[1]), rows=rows))

    def outside(obj: dict[str, object]) -> bool:
        x = (float(obj["x0"]) + float(obj["x1"])) / 2  # type: ignore[arg-type]
        y = (float(obj["top"]) + float(obj["bottom"])) / 2  # type: ignore[arg-type]
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    for ln in rest.extract_text_lines(strip=True, return_chars=False):
        text = ln["text"]
        if text.strip():
            line = _Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"])
            out.items.append(_Item(top=float(ln["top"]), line=line))
    out.items.sort(key=lambda it: it.top)
    return out


def _drop_running(pages: list[_Page]) -> None:
    """Remove running headers/footers and page numbers from the margin bands."""
    text_pages = [p for p in pages if not p.scanned]
    counts: Counter[str] = Counter()
    for p in text_pages:
        seen = set()
        for it in p.items:
            if it.line and _in_band(it.line, p):
                seen.add(_norm_running(it.line.text))
        counts.update(seen)
    need = max(2, (len(text_pages) + 1) // 2)
    for p in text_pages:
        kept = []
        for it in p.items:
            if it.line and _in_band(it.line, p):
                key = _norm_running(it.line.text)
                if _PAGE_NUMBER.match(it.line.text.strip()) or (
                    len(text_pages) >= 2 and counts[key] >= need
                ):
                    continue
            kept.append(it)
        p.items = kept


def _drop_running_ocr(pages: dict[int, list[str]]) -> dict[int, list[str]]:
    """The same for OCR text, which has no positions: a page's first and last paragraphs go when
    they are a page number or recur, digits aside, on at least half the scanned pages."""
    edges: Counter[str] = Counter()
    for paras in pages.values():
        edges.update({_norm_running(p) for p in (paras[:1] + paras[-1:])})
    need = max(2, (len(pages) + 1) // 2)

    def running(p: str) -> bool:
        return bool(_PAGE_NUMBER.match(p.strip())) or (
            len(pages) >= 2 and edges[_norm_running(p)] >= need
        )

    out = {}
    for n, paras in pages.items():
        paras = list(paras)
        while paras and running(paras[0]):
            paras.pop(0)
        while paras and running(paras[-1]):
            paras.pop()
        out[n] = paras
    return out


def _in_band(line: _Line, page: _Page) -> bool:
    return line.bottom <= page.height * _MARGIN_BAND or line.top >= page.height * (1 - _MARGIN_BAND)


@dataclass(slots=True)
class _Column:
    left: float
    right: float
    spacing: float


def _column(pages: list[_Page]) -> _Column:
    lines = [it.line for p in pages for it in p.items if it.line]
    if not lines:
        return _Column(0, 0, 0)
    # The text column's left edge: the leftmost x at which a fair share of lines start (one-line
    # paragraphs start indented, so the median would be the indent).
    starts = Counter(round(ln.x0) for ln in lines)
    common = [x for x, n in starts.items() if n >= max(2, 0.1 * len(lines))]
    left = min(common) if common else statistics.median_low(sorted(starts.elements()))
    # The text column's right edge: where justified lines end together (the rightmost end that a
    # fair share of lines reach); for ragged text, a high percentile of line ends.
    ends = Counter(round(ln.x1) for ln in lines)
    shared = [x for x, n in ends.items() if n >= max(3, 0.05 * len(lines))]
    rights = sorted(ln.x1 for ln in lines)
    right = float(max(shared)) if shared else rights[int(0.9 * (len(rights) - 1))]
    gaps = []
    for p in pages:
        prev = None
        for it in p.items:
            if it.line and prev is not None:
                gaps.append(it.line.top - prev.top)
            prev = it.line
    pos = [g for g in gaps if g > 0]
    spacing = statistics.median(pos) if pos else 0.0
    return _Column(float(left), float(right), float(spacing))


def _continues(prev: _Line, nxt: _Line, col: _Column, same_page: bool) -> bool:
    """Whether `nxt` is the wrapped continuation of `prev`'s paragraph."""
    if _STARTS_ITEM.match(nxt.text):
        return False
    # Wrapped: the next line's first word would not have fit at the end of this one (justified
    # lines end at the edge; ragged ones short of it by less than that word).
    char_w = (nxt.x1 - nxt.x0) / max(len(nxt.text), 1)
    first = len(nxt.text.split()[0]) if nxt.text.split() else 1
    room = col.right - prev.x1
    if room > max(12.0, (first + 1) * char_w):
        return False
    if nxt.x0 > col.left + 8:  # an indented first line, or centred text
        return False
    if same_page and col.spacing and nxt.top - prev.top > 1.6 * col.spacing:
        return False
    # A full line ending in a colon introduces what follows unless that goes on mid-sentence.
    return not prev.text.rstrip().endswith(":") or not nxt.text[:1].isupper()


def _blocks(pages: list[_Page], ocr_text: dict[int, list[str]]) -> list[Block]:
    col = _column(pages)
    blocks: list[Block] = []
    last_line: _Line | None = None
    last_page = 0
    for p in pages:
        if p.scanned:
            for para in ocr_text.get(p.number, []):
                blocks.append(Block(text=para, page=p.number, ocr=True))
            last_line = None
            continue
        for k, it in enumerate(p.items):
            if it.rows is not None:
                prev = blocks[-1] if blocks else None
                continued = (
                    prev is not None
                    and prev.rows is not None
                    and last_line is None
                    and k == 0
                    and prev.page != p.number
                    and len(it.rows[0]) == len(prev.rows[0])
                )
                if continued and prev is not None and prev.rows is not None:
                    rows = it.rows
                    if rows and rows[0] == prev.rows[0]:
                        rows = rows[1:]  # the header row the table repeats on each page
                    prev.rows.extend(rows)
                else:
                    blocks.append(Block(rows=it.rows, page=p.number))
                last_line = None
                continue
            line = it.line
            assert line is not None
            if (
                last_line is not None
                and blocks
                and blocks[-1].rows is None
                and _continues(last_line, line, col, last_page == p.number)
            ):
                blocks[-1].text += " " + line.text.strip()
            else:
                blocks.append(Block(text=line.text.strip(), page=p.number))
            last_line, last_page = line, p.number
    return blocks


def read_pdf(data: bytes, name: str = "<pdf>") -> Extracted:
    """The text of a PDF; scanned pages through OCR (marked), else FormatError naming the fix."""
    if b"%PDF-" not in data[:1024]:
        raise FormatError(f"{name}: không phải tệp PDF (thiếu phần đầu %PDF-)")
    pages = _read_pages(data, name)
    scanned = [p.number for p in pages if p.scanned]
    ocr_text: dict[int, list[str]] = {}
    if scanned:
        from parsers.formats.ocr import ocr_pages

        ocr_text = _drop_running_ocr(ocr_pages(data, scanned, name))
    _drop_running(pages)
    blocks = _blocks(pages, ocr_text)
    reader = "pdfplumber" + (" + Tesseract OCR (vie)" if scanned else "")
    out = assemble(blocks, "pdf", pages=len(pages), reader=reader)
    if scanned:
        out.warnings.append(
            f"{len(scanned)} of {len(pages)} pages read by OCR (pages {_ranges(scanned)}); "
            "their text may hold recognition errors"
        )
    if not out.text.strip():
        raise FormatError(f"{name}: không tìm thấy chữ nào trong tệp PDF")
    from parsers.formats.legacy import check_legacy

    check_legacy(out.text, (), name)
    return out


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], 0]:
        if n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
