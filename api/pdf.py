"""HTML to PDF by headless Chromium (Debian's ``chromium``): the printable pages as files.

The page is written to a private temporary folder and printed from there with the network
unused (the pages inline their CSS and load nothing). No Chromium, no PDF: ``PdfUnavailable``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class PdfUnavailable(RuntimeError):
    pass


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html: str) -> bytes:
    exe = chromium()
    if exe is None:
        raise PdfUnavailable("Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="dkkd-pdf-") as tmp:
        page = Path(tmp) / "page.html"
        out = Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as e:
            raise PdfUnavailable("Chromium did not finish printing in time") from e
        if not out.exists() or out.stat().st_size == 0:
            raise PdfUnavailable(
                f"Chromium printed nothing (exit {done.returncode}): "
                + done.stderr.decode("utf-8", "replace")[-300:]
            )
        return out.read_bytes()
