"""The optional programs some formats need (LibreOffice, Tesseract), found and run safely.

Each is looked up on PATH (and at its usual install path); a missing one is reported by the
Debian package that brings it, so a quarantine reason tells the officer what to install. Every
run has a timeout and its own temporary folder: a file that makes a converter hang or crash
costs that file, never the batch.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from parsers.formats.model import FormatError

SOFFICE_PACKAGE = "libreoffice-writer-nogui"
TESSERACT_PACKAGES = "tesseract-ocr tesseract-ocr-vie"
CONVERT_TIMEOUT = float(os.environ.get("DKKD_CONVERT_TIMEOUT", "120"))
OCR_TIMEOUT = float(os.environ.get("DKKD_OCR_TIMEOUT", "120"))


def soffice() -> str | None:
    """The LibreOffice binary, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"):
        if os.access(path, os.X_OK):
            return path
    return None


def tesseract() -> str | None:
    return shutil.which("tesseract")


def tesseract_has(lang: str) -> bool:
    """Whether Tesseract has the model for `lang` (asked once per binary and language)."""
    exe = tesseract()
    return exe is not None and _has_lang(exe, lang)


@functools.cache
def _has_lang(exe: str, lang: str) -> bool:
    try:
        done = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return lang in done.stdout.split()


def convert_with_soffice(data: bytes, suffix: str, target: str, name: str) -> bytes:
    """Convert `data` (a file ending in `suffix`) to `target` ("docx", "pdf") with LibreOffice."""
    exe = soffice()
    if exe is None:
        raise FormatError(f"{name}: cần LibreOffice để đọc; hãy cài {SOFFICE_PACKAGE}")
    with tempfile.TemporaryDirectory(prefix="dkkd-soffice-") as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(
                cmd,
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired as exc:
            raise FormatError(
                f"{name}: LibreOffice không chuyển đổi xong trong {CONVERT_TIMEOUT:.0f} giây"
            ) from exc
        except OSError as exc:
            raise FormatError(f"{name}: không chạy được LibreOffice ({exc})") from exc
        out = Path(tmp) / f"in.{target}"
        if not out.exists() or out.stat().st_size == 0:
            raise FormatError(
                f"{name}: LibreOffice không chuyển đổi được (tệp hỏng hoặc không phải {suffix})"
            )
        return out.read_bytes()
