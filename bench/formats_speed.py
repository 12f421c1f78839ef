"""Word and PDF reading speed in pages per second, against the bare library call on the same files.

Files: the real corpus's Word 97-2003 files (NĐ 96/2016, NĐ 71/2018) and the fuzz seed .doc; the
bundled Markdown samples written as .docx (python-docx) and .pdf (reportlab, DejaVu Sans) by
tests.formats.writers, built once outside the timed region. For each format:

- ours: ``parsers.formats.extract`` (text, numbering, tables, footnotes, anchors; for PDF the
  running heads dropped and wrapped lines joined) and ``parsers.parse_bytes`` (extract + the
  whole pipeline), pages per second;
- bare: the library call that only gets text out — python-docx's paragraphs and table cells for
  .docx; pdfplumber's ``extract_text`` and pypdfium2's ``get_text_range`` per page for .pdf;
  olefile reading the streams for .doc (no text decoding at all: the floor), and LibreOffice
  converting to text (``soffice --convert-to txt``, one process per file) where installed;
- with ``--ocr``, a scanned page: ours (render + Tesseract vie + layout) against the bare
  ``tesseract`` command on the same rendered image.

Pages: a PDF's own page count; for Word files the pages LibreOffice lays them out on when it is
installed, else the file's recorded page count (OLE SummaryInformation / docProps/app.xml).

    python bench/formats_speed.py [--repeat N] [--ocr]

Prints a table and, on its last line, one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers import parse_bytes  # noqa: E402
from parsers.formats import extract  # noqa: E402
from tests.formats import writers  # noqa: E402

REAL = ROOT.parent / "shared" / "corpora" / "real"
SAMPLE = ROOT / "corpora" / "sample"


def best(fn: Callable[[], object], repeat: int) -> float:
    t = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_pages(data: bytes, suffix: str) -> int | None:
    if soffice() is None:
        return None
    import pypdfium2 as pdfium

    pdf = writers.soffice_convert(data, suffix, "pdf")
    return len(pdfium.PdfDocument(pdf))


def recorded_pages(data: bytes, suffix: str) -> int:
    if suffix == ".doc":
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return int(ole.get_metadata().num_pages or 0)
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        app = z.read("docProps/app.xml").decode() if "docProps/app.xml" in z.namelist() else ""
    m = re.search(r"<Pages>(\d+)</Pages>", app)
    return int(m.group(1)) if m else 0


def word_pages(data: bytes, suffix: str) -> int:
    return soffice_pages(data, suffix) or recorded_pages(data, suffix) or 1


# --- bare calls ---------------------------------------------------------------------------------


def bare_docx(data: bytes) -> int:
    import docx

    d = docx.Document(io.BytesIO(data))
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            n += sum(len(c.text) for c in row.cells)
    return n


def bare_pdfplumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def bare_pdfium(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = 0
    for page in pdf:
        n += len(page.get_textpage().get_text_range())
    pdf.close()
    return n


def bare_olefile(data: bytes) -> int:
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return sum(
            len(ole.openstream(s).read()) for s in ("WordDocument", "1Table") if ole.exists(s)
        )


def bare_soffice_txt(data: bytes) -> int:
    return len(writers.soffice_convert(data, ".doc", "txt:Text (encoded):UTF8"))


# --- main ---------------------------------------------------------------------------------------


def files() -> dict[str, list[tuple[str, bytes, int]]]:
    """Per format: (name, bytes, pages)."""
    out: dict[str, list[tuple[str, bytes, int]]] = {"doc": [], "docx": [], "pdf": []}
    docs = sorted(REAL.glob("*.doc")) if REAL.is_dir() else []
    docs.append(ROOT / "tests" / "formats" / "data" / "qd-845-2022-sample.doc")
    for p in docs:
        data = p.read_bytes()
        out["doc"].append((p.name, data, word_pages(data, ".doc")))
    import pypdfium2 as pdfium

    for p in sorted(SAMPLE.glob("*/*.md")):
        md = p.read_text(encoding="utf-8")
        dx = writers.to_docx(md)
        out["docx"].append((p.stem + ".docx", dx, word_pages(dx, ".docx")))
        pdf = writers.to_pdf(md, split_table=True)
        out["pdf"].append((p.stem + ".pdf", pdf, len(pdfium.PdfDocument(pdf))))
    return out


def run(repeat: int, ocr: bool) -> dict[str, object]:
    result: dict[str, object] = {"repeat": repeat}
    bare: dict[str, list[tuple[str, Callable[[bytes], int]]]] = {
        "doc": [("olefile streams", bare_olefile)],
        "docx": [("python-docx", bare_docx)],
        "pdf": [
            ("pdfplumber extract_text", bare_pdfplumber),
            ("pypdfium2 get_text_range", bare_pdfium),
        ],
    }
    if soffice() is not None:
        bare["doc"].append(("LibreOffice → txt", bare_soffice_txt))
    print(f"{'format':6} {'files':>5} {'pages':>6}  {'what':34} {'pages/s':>9} {'ours/bare':>9}")
    for fmt, items in files().items():
        pages = sum(n for _, _, n in items)
        t_ours = sum(best(lambda d=d, n=n: extract(d, n), repeat) for n, d, _ in items)
        t_full = sum(best(lambda d=d, n=n: parse_bytes(d, n), repeat) for n, d, _ in items)
        row: dict[str, object] = {
            "files": len(items),
            "pages": pages,
            "ours_extract_pages_s": round(pages / t_ours, 1),
            "ours_parse_pages_s": round(pages / t_full, 1),
        }
        print(f"{fmt:6} {len(items):5} {pages:6}  {'ours: extract':34} {pages / t_ours:9.1f}")
        print(f"{'':6} {'':5} {'':6}  {'ours: extract + whole pipeline':34} {pages / t_full:9.1f}")
        for label, fn in bare[fmt]:
            reps = 1 if "LibreOffice" in label else repeat
            t_bare = sum(best(lambda d=d, f=fn: f(d), reps) for _, d, _ in items)
            key = label.split()[0].lower().replace("-", "_")
            row[f"bare_{key}_pages_s"] = round(pages / t_bare, 1)
            row[f"ratio_vs_{key}"] = round(t_bare / t_ours, 3)
            print(
                f"{'':6} {'':5} {'':6}  {'bare: ' + label:34} {pages / t_bare:9.1f} {t_bare / t_ours:9.3f}"
            )
        result[fmt] = row
    if ocr:
        result["ocr"] = run_ocr(repeat=1)
    return result


def run_ocr(repeat: int) -> dict[str, object]:
    import pypdfium2 as pdfium

    md = (
        SAMPLE / "provincial" / "qd-845-2022-QD-UBND-DaNang-cong-bo-tthc-an-ninh-trat-tu.md"
    ).read_text(encoding="utf-8")
    pdf = pdfium.PdfDocument(writers.to_pdf(md))
    image = pdf[0].render(scale=300 / 72).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=300)
    scanned = buf.getvalue()
    t_ours = best(lambda: extract(scanned, "scan.pdf"), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "p.png"
        image.save(png)
        t_bare = best(
            lambda: subprocess.run(
                ["tesseract", str(png), "stdout", "-l", "vie"], capture_output=True, check=True
            ),
            repeat,
        )
    print(f"{'ocr':6} {1:5} {1:6}  {'ours: render + tesseract + layout':34} {1 / t_ours:9.3f}")
    print(
        f"{'':6} {'':5} {'':6}  {'bare: tesseract on the image':34} {1 / t_bare:9.3f} {t_bare / t_ours:9.3f}"
    )
    return {
        "pages": 1,
        "ours_pages_s": round(1 / t_ours, 3),
        "bare_tesseract_pages_s": round(1 / t_bare, 3),
        "ratio": round(t_bare / t_ours, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ocr", action="store_true", help="also time one scanned page through OCR")
    args = ap.parse_args()
    print(json.dumps(run(args.repeat, args.ocr), ensure_ascii=False))


if __name__ == "__main__":
    main()
