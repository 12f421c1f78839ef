"""Which library reads Vietnamese Word and PDF files right: the measurement behind docs/FORMATS.md.

For each candidate, on the bundled Markdown samples written as .docx / .pdf (tests.formats.writers:
clauses numbered by Word's automatic numbering, PDFs with justified wrapped lines, running heads,
page numbers and a table across a page break):

- lines: the share of the original's text lines (NFC, whitespace normalised) that come out as a
  line of the candidate's text — a clause without its "1." or a paragraph cut at the line end
  does not count;
- rows: the share of the original's table rows that come out as one row with the same cells;
- seconds for all files (best of --repeat).

For .doc: our native reader against LibreOffice's own text conversion on the real NĐ 96/2016 and
NĐ 71/2018 files: the share of each side's words found on the other side, and seconds per file.

    python bench/formats_choice.py [--repeat N]

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.formats import extract  # noqa: E402
from parsers.normalize import clean  # noqa: E402
from parsers.table_rows import split_pipe_row  # noqa: E402
from tests.formats import writers  # noqa: E402

SAMPLE = ROOT / "corpora" / "sample"
_SEPARATOR = re.compile(r"^\|(?:\s*---\s*\|)+$")
REAL = ROOT.parent / "shared" / "corpora" / "real"


def norm(s: str) -> str:
    """NFC, Đ for the look-alike Ð, plain spaces (parsers.normalize.clean), whitespace collapsed."""
    return " ".join(clean(unicodedata.normalize("NFC", s)).split())


Output = tuple[list[str], list[list[str]]]  # lines, table rows


def ours(data: bytes, name: str) -> Output:
    text = extract(data, name).text
    lines = [ln for ln in text.split("\n") if not ln.startswith("|")]
    rows = [
        split_pipe_row(ln)
        for ln in text.split("\n")
        if ln.startswith("|") and not _SEPARATOR.match(ln)
    ]
    return [norm(x) for x in lines], [[norm(c) for c in r] for r in rows]


def python_docx(data: bytes, name: str) -> Output:
    import docx

    d = docx.Document(io.BytesIO(data))
    rows = [[norm(c.text) for c in row.cells] for t in d.tables for row in t.rows]
    return [norm(p.text) for p in d.paragraphs], rows


def mammoth_docx(data: bytes, name: str) -> Output:
    import lxml.html
    import mammoth

    html = mammoth.convert_to_html(io.BytesIO(data)).value
    root = lxml.html.fromstring(f"<div>{html}</div>")
    lines = [norm(el.text_content()) for el in root.iter("p", "li")]
    rows = [[norm(td.text_content()) for td in tr.iter("td", "th")] for tr in root.iter("tr")]
    return lines, rows


def pdfplumber_text(data: bytes, name: str) -> Output:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return [norm(x) for x in text.split("\n")], []


def pdfium_text(data: bytes, name: str) -> Output:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    text = "\n".join(p.get_textpage().get_text_range() for p in pdf)
    pdf.close()
    return [norm(x) for x in text.replace("\r", "").split("\n")], []


def expected(md: str) -> Output:
    lines, rows = [], []
    for b in writers.blocks(md):
        if isinstance(b, list):
            rows.extend([norm(c) for c in r] for r in b)
        else:
            lines.append(norm(b))
    return lines, rows


def score(
    cands: dict[str, Callable[[bytes, str], Output]], fmt: str, repeat: int
) -> dict[str, dict[str, float]]:
    docs = []
    for p in sorted(SAMPLE.glob("*/*.md")):
        md = p.read_text(encoding="utf-8")
        data = writers.to_docx(md) if fmt == "docx" else writers.to_pdf(md, split_table=True)
        docs.append((p.stem + "." + fmt, data, expected(md)))
    out = {}
    for label, fn in cands.items():
        hit_l = tot_l = hit_r = tot_r = 0
        seconds = 0.0
        for name, data, (want_lines, want_rows) in docs:
            t = float("inf")
            for _ in range(repeat):
                t0 = time.perf_counter()
                got_lines, got_rows = fn(data, name)
                t = min(t, time.perf_counter() - t0)
            seconds += t
            have = set(got_lines)
            hit_l += sum(w in have for w in want_lines)
            tot_l += len(want_lines)
            have_rows = {tuple(r) for r in got_rows}
            hit_r += sum(tuple(r) in have_rows for r in want_rows)
            tot_r += len(want_rows)
        out[label] = {
            "lines": round(hit_l / tot_l, 4),
            "rows": round(hit_r / tot_r, 4) if tot_r else 0.0,
            "seconds": round(seconds, 3),
        }
        print(f"{fmt:5} {label:28} lines {hit_l}/{tot_l}  rows {hit_r}/{tot_r}  {seconds:7.3f} s")
    return out


def doc_vs_libreoffice() -> dict[str, object]:
    exe = shutil.which("soffice")
    if exe is None or not REAL.is_dir():
        return {"skipped": "LibreOffice or the real corpus is absent"}
    out: dict[str, object] = {}
    for p in sorted(REAL.glob("*.doc")):
        data = p.read_bytes()
        t0 = time.perf_counter()
        text = extract(data, p.name).text
        mine = [norm(x) for x in text.split("\n") if not x.startswith("|")]
        # LibreOffice writes each table cell on a line of its own: compare cells with cells.
        cells = [
            norm(c)
            for x in text.split("\n")
            if x.startswith("|") and not _SEPARATOR.match(x)
            for c in split_pipe_row(x)
        ]
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        lo = writers.soffice_convert(data, ".doc", "txt:Text (encoded):UTF8").decode("utf-8-sig")
        t_lo = time.perf_counter() - t0
        theirs = [norm(x) for x in lo.split("\n") if x.strip()]
        # Words, not lines: LibreOffice writes each paragraph of a table cell on a line of its own
        # where we keep the cell as one; a word read by one side and not the other still counts.
        words_t = Counter(w for x in theirs for w in x.split())
        words_m = Counter(w for x in mine + cells for w in x.split())
        common = sum((words_t & words_m).values())
        mine_in = common / sum(words_m.values())
        theirs_in = common / sum(words_t.values())
        out[p.name] = {
            "our_lines": len(mine),
            "libreoffice_lines": len(theirs),
            "our_words_found_in_libreoffice": round(mine_in, 4),
            "libreoffice_words_found_in_ours": round(theirs_in, 4),
            "ours_s": round(t_ours, 3),
            "libreoffice_s": round(t_lo, 3),
        }
        print(
            f"doc   {p.name[:40]:40} words ours⊂LO {mine_in:.4f}  LO⊂ours {theirs_in:.4f}  {t_ours:.2f} s vs {t_lo:.2f} s"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docx_c: dict[str, Callable[[bytes, str], Output]] = {
        "ours (lxml)": ours,
        "python-docx": python_docx,
    }
    try:
        import mammoth  # noqa: F401

        docx_c["mammoth"] = mammoth_docx
    except ImportError:
        print("mammoth not installed: not measured")
    result = {
        "docx": score(docx_c, "docx", args.repeat),
        "pdf": score(
            {
                "ours (pdfplumber + layout)": ours,
                "pdfplumber extract_text": pdfplumber_text,
                "pypdfium2 get_text_range": pdfium_text,
            },
            "pdf",
            args.repeat,
        ),
        "doc": doc_vs_libreoffice(),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
