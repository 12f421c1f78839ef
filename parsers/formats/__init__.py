"""Binary document formats: Word (.docx, .doc) and PDF (text layer or scanned), to cleaned text.

:func:`extract` is the one entry: bytes and a file name in, :class:`Extracted` out (the text the
pipeline parses like any other, anchors mapping its offsets to pages and paragraphs, the pages
OCR read). A file that cannot be read raises :class:`FormatError`, a
:class:`parsers.decode.DecodeError`, whose message names the file and, when a program is
missing, the package to install. Readers and the choice between them: docs/FORMATS.md.
"""

from __future__ import annotations

from pathlib import Path

from parsers.formats.model import Anchor, Block, Extracted, FormatError, assemble, locate

__all__ = [
    "BINARY_SUFFIXES",
    "Anchor",
    "Block",
    "Extracted",
    "FormatError",
    "assemble",
    "extract",
    "extract_file",
    "locate",
    "sniff_binary",
]

BINARY_SUFFIXES = {".doc": "doc", ".docx": "docx", ".pdf": "pdf", ".dot": "doc", ".docm": "docx"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_binary(data: bytes, name: str = "") -> str | None:
    """ "docx", "doc" or "pdf" by the content's signature (then by suffix); None for other files.

    The signature wins over the suffix: thuvienphapluat serves .doc names for files that are
    really .docx, and crawlers save PDFs under any name.
    """
    head = data[:1024]
    if head.startswith(b"%PDF-") or b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        suffix = BINARY_SUFFIXES.get(Path(name).suffix.lower())
        return "docx" if suffix in (None, "docx", "doc") else suffix
    kind = BINARY_SUFFIXES.get(Path(name).suffix.lower())
    if kind is not None and b"\x00" not in data[:65536] and not _binary_pdf_like(head):
        return None  # HTML or text saved under a Word name (thuvienphapluat does): read as text
    return kind


def _binary_pdf_like(head: bytes) -> bool:
    return sum(b < 9 or 13 < b < 32 for b in head) > 0.1 * max(len(head), 1)


def extract(data: bytes, name: str = "<bytes>", fmt: str | None = None) -> Extracted:
    """The text of a Word or PDF file; FormatError when it cannot be read."""
    if not data:
        raise FormatError(f"{name}: tệp rỗng, không có nội dung")
    kind = fmt or sniff_binary(data, name)
    if kind == "docx":
        if not data.startswith(b"PK"):
            raise FormatError(f"{name}: không phải tệp .docx (thiếu chữ ký ZIP)")
        from parsers.formats.docx import read_docx

        return read_docx(data, name)
    if kind == "doc":
        return _read_doc(data, name)
    if kind == "pdf":
        from parsers.formats.pdf import read_pdf

        return read_pdf(data, name)
    raise FormatError(f"{name}: không phải tệp Word hay PDF")


def extract_file(path: str | Path) -> Extracted:
    """:func:`extract` of a file on disk (the name in messages is its path)."""
    p = Path(path)
    return extract(p.read_bytes(), str(p))


def _read_doc(data: bytes, name: str) -> Extracted:
    from parsers.formats.doc import DocError, read_doc_native
    from parsers.formats.legacy import check_legacy
    from parsers.formats.tools import SOFFICE_PACKAGE, convert_with_soffice, soffice

    if not data.startswith(_OLE):
        if data.lstrip()[:5].lower() in (b"{\\rtf",):
            raise FormatError(
                f"{name}: tệp RTF mang đuôi .doc; hãy lưu lại thành .docx rồi nạp lại"
            )
        raise FormatError(f"{name}: không phải tệp Word 97-2003 (thiếu chữ ký OLE2)")
    try:
        out = read_doc_native(data, name)
    except DocError as exc:
        if not exc.convertible:
            raise FormatError(f"{name}: không đọc được tệp Word 97-2003 ({exc})") from exc
        if soffice() is None:
            raise FormatError(
                f"{name}: không đọc trực tiếp được tệp .doc này ({exc}); hãy cài "
                f"{SOFFICE_PACKAGE} (LibreOffice) để chuyển đổi"
            ) from exc
        from parsers.formats.docx import read_docx

        converted = read_docx(convert_with_soffice(data, ".doc", "docx", name), name)
        converted.format = "doc"
        converted.reader = "LibreOffice → docx"
        converted.warnings.append(f"read through LibreOffice: {exc}")
        out = converted
    check_legacy(out.text, _doc_fonts(data), name)
    return out


def _doc_fonts(data: bytes) -> list[str]:
    """Legacy font names spelt in a .doc's font table (cheap: a byte search, UTF-16 names)."""
    found = []
    for font in (".VnTime", ".VnArial", "VNI-Times", "VNI-Helve", ".VnTimeH"):
        if font.encode("utf-16-le") in data or font.encode("latin-1") in data:
            found.append(font)
    return found
