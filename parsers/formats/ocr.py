"""Scanned pages through Tesseract's Vietnamese model; refused with the packages to install.

Pages are rendered at 300 dpi with pypdfium2 (pdfplumber's renderer) and read by the
``tesseract`` command line (one subprocess per page, with a timeout), with the ``vie`` model.
OCR text is marked as such by the caller (:class:`parsers.formats.model.Block.ocr`): matches
against it carry lower trust.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path

from parsers.formats import tools
from parsers.formats.model import FormatError
from parsers.formats.tools import OCR_TIMEOUT, TESSERACT_PACKAGES

_DPI = 300


def ocr_pages(data: bytes, numbers: list[int], name: str) -> dict[int, list[str]]:
    """Paragraphs of each scanned page (1-based numbers), read by Tesseract."""
    exe = tools.tesseract()
    if exe is None or not tools.tesseract_has("vie"):
        what = "Tesseract" if exe is None else "mô hình tiếng Việt của Tesseract"
        raise FormatError(
            f"{name}: tệp PDF quét ({len(numbers)} trang không có lớp chữ) cần nhận dạng ký tự "
            f"(OCR) mà chưa cài {what}: hãy cài {TESSERACT_PACKAGES}"
        )
    import pypdfium2 as pdfium

    out: dict[int, list[str]] = {}
    try:
        pdf = pdfium.PdfDocument(io.BytesIO(data))
    except Exception as exc:
        raise FormatError(f"{name}: không dựng được ảnh của tệp PDF quét ({exc})") from exc
    with tempfile.TemporaryDirectory(prefix="dkkd-ocr-") as tmp:
        for n in numbers:
            img = Path(tmp) / f"p{n}.png"
            try:
                pdf[n - 1].render(scale=_DPI / 72).to_pil().save(img)
            except Exception as exc:
                raise FormatError(f"{name}: không dựng được ảnh trang {n} ({exc})") from exc
            try:
                done = subprocess.run(
                    [exe, str(img), "stdout", "-l", "vie", "--psm", "3"],
                    capture_output=True,
                    timeout=OCR_TIMEOUT,
                    check=False,
                    stdin=subprocess.DEVNULL,
                    # one thread per page: OpenMP's team costs more than it saves on a page
                    env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                )
            except subprocess.TimeoutExpired as exc:
                raise FormatError(
                    f"{name}: nhận dạng ký tự trang {n} quá {OCR_TIMEOUT:.0f} giây"
                ) from exc
            if done.returncode != 0:
                err = done.stderr.decode("utf-8", "replace").strip()[-200:]
                raise FormatError(f"{name}: Tesseract lỗi ở trang {n}: {err}")
            text = done.stdout.decode("utf-8", "replace")
            # Tesseract separates paragraphs by blank lines and keeps the page's line breaks.
            paras = [" ".join(p.split()) for p in text.split("\n\n")]
            out[n] = [p for p in paras if p]
    pdf.close()
    return out
