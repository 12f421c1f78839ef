"""Legacy Vietnamese font encodings inside Word files (TCVN3/ABC, VNI): detected and refused.

Text typed in .VnTime or VNI-Times is stored as Latin-1 letters that only those fonts draw as
Vietnamese; read as Unicode it is mojibake, and matching against it would silently find nothing.
The detector is the text decoder's (:func:`parsers.decode.detect_legacy`); the fonts the file
names make the message precise.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.decode import detect_legacy
from parsers.formats.model import FormatError


def legacy_fonts(fonts: Iterable[str]) -> list[str]:
    """Font names of the TCVN3 (".VnTime", "VnArial") and VNI ("VNI-Times") families."""
    out = []
    for f in fonts:
        low = f.strip().lower()
        if (low.startswith((".vn", "vn")) and not low.startswith("vni")) or low.startswith("vni-"):
            out.append(f)
    return sorted(set(out))


def check_legacy(text: str, fonts: Iterable[str], name: str) -> None:
    """Raise FormatError when the extracted text is in a legacy encoding."""
    legacy = detect_legacy(text)
    if legacy is None:
        return
    named = legacy_fonts(fonts)
    font_note = f" (phông {', '.join(named)})" if named else ""
    raise FormatError(
        f"{name}: văn bản gõ bằng bảng mã cũ {legacy}{font_note}; hãy chuyển sang Unicode (ví dụ "
        "bằng công cụ chuyển mã của UniKey, hoặc lưu lại với phông Unicode) rồi nạp lại"
    )
