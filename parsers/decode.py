"""Bytes to text: the encodings Vietnamese legal files actually arrive in.

UTF-8 (with or without BOM) and UTF-16 are decoded; Windows-1258 (which spells tones with combining
marks) is decoded and composed to NFC. Text typed with legacy TCVN3 (ABC) or VNI fonts decodes to
readable-looking mojibake in any encoding ("Ngh× ®Þnh", "Nghò ñònh"); it is detected and refused
with a message that says so, because matching against it would silently find nothing.
"""

from __future__ import annotations

import codecs
import re

import numpy as np

from parsers.normalize import clean


class DecodeError(ValueError):
    """The bytes are not a text this project can read; the message says why."""


# Characters that TCVN3 (ABC) puts where Unicode Vietnamese has letters: ® = đ, § = Đ, ¬ = ơ, ­ = ư,
# ¸ µ ¶ · ¹ = á à ả ã ạ, Þ = ị, × = ì, ... They are rare in real Unicode Vietnamese text.
_TCVN3_MARKERS = frozenset("®§¬¸µ¶·¹¨»¾¼½ÆÇÈÉÊËÌÎÏÑÒÓÔÕÖ×ØÜÝÞßãåæçèéêëìíîïñòóôõöøùúûüýþ¡¢£¤¥¦©ª«")
# Syllables that give VNI away once decoded as Windows-1252: "ñ" for đ, "ö" for ư, "ô" for ơ after a
# consonant, tone letters after vowels ("aø", "eá", "oà").
_VNI_PATTERN = re.compile(r"(?:\bñ[aeoiuôöô]|[aeiouyôö][øùúûõï](?=\w|\b)|\bÑ[aeoiuAEOIU])")
# C0 control characters other than the whitespace ones (\t \n \v \f \r).
_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20)]))
_VIET_LOWER = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
# Every VNI match holds one of these, so their count bounds the VNI count from above.
_VNI_CHARS = "ñÑøùúûõï"

# The four counts over a text's first 20,000 characters come from one table lookup over its UTF-16
# code units and one bincount (0.35 -> 0.05 ms a file): a bit per set, as the sets overlap. Every
# counted character is in the BMP, so the halves of a surrogate pair count for nothing, as the
# character does not. (tests/parsers/test_decode_fast_paths.py compares them with regex scans.)
_SAMPLE = 20000
_COUNTED = (_CONTROLS, _VIET_LOWER + _VIET_LOWER.upper(), "".join(_TCVN3_MARKERS), _VNI_CHARS)


def _unit_sets() -> np.ndarray:
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, chars in enumerate(_COUNTED):
        table[[ord(c) for c in chars]] |= 1 << bit
    return table


_UNIT_SETS = _unit_sets()
# For each set, the combinations of bits that hold it.
_HOLDING = [np.flatnonzero(np.arange(1 << len(_COUNTED)) & (1 << bit)) for bit in range(4)]


def _sample_counts(sample: str) -> list[int]:
    """How many characters of `sample` are controls, Vietnamese letters, TCVN3 markers, VNI ones."""
    units = np.frombuffer(sample.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    per_bits = np.bincount(_UNIT_SETS.take(units), minlength=1 << len(_COUNTED))
    return [int(per_bits[holding].sum()) for holding in _HOLDING]


def _looks_utf16(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) / 2
        if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
            return "utf-16-le"
        if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
            return "utf-16-be"
    return None


def detect_legacy(text: str) -> str | None:
    """Name the legacy font encoding a text was typed in ("TCVN3", "VNI"), or None."""
    sample = text[:_SAMPLE]
    return _legacy(sample, *_sample_counts(sample)[1:])


def _legacy(sample: str, viet: int, tcvn: int, vni: int) -> str | None:
    """`detect_legacy` given the counts of Vietnamese letters, TCVN3 markers and VNI characters."""
    # VNI first: its tone letters (ò, á, ø) are also among TCVN3's markers. Its pattern is the
    # costly scan; the count of its characters, an upper bound, decides most texts without it.
    if vni > 2 * viet:
        vni = len(_VNI_PATTERN.findall(sample))
    if vni <= 2 * viet and tcvn <= 2 * viet:
        return None  # real Vietnamese letters dominate: no need to count every letter
    letters = sum(map(str.isalpha, sample))
    if letters < 20:
        return None
    if vni > 0.01 * letters and vni > 2 * viet:
        return "VNI"
    if tcvn > 0.02 * letters and tcvn > 2 * viet:
        return "TCVN3"
    return None


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return (cleaned text, encoding name). Raises DecodeError naming the file and the problem."""
    if not data:
        raise DecodeError(f"{name}: tệp rỗng, không có nội dung")
    encoding: str
    utf16 = _looks_utf16(data)
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif utf16:
        encoding = utf16
    elif data.startswith((b"%PDF-", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")):
        raise DecodeError(f"{name}: là {_binary_kind(data)}, không phải văn bản thuần")
    elif b"\x00" in data[:65536]:
        raise DecodeError(f"{name}: nội dung nhị phân (có byte NUL), không phải văn bản")
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise DecodeError(
                f"{name}: không đọc được theo mã {encoding} (lỗi ở byte {exc.start})"
            ) from exc
        text, encoding = _decode_8bit(data, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    # In UTF-8 and Windows-1258 a NUL character is exactly a NUL byte, and memchr over the bytes
    # is far faster than searching the wide string for it.
    if "\x00" in text if encoding.startswith("utf-16") else b"\x00" in data:
        raise DecodeError(f"{name}: nội dung nhị phân (có byte NUL), không phải văn bản")
    sample = text[:_SAMPLE]
    controls, viet, tcvn, vni = _sample_counts(sample)
    if controls > 0.01 * len(sample):
        raise DecodeError(
            f"{name}: nội dung nhị phân ({controls} ký tự điều khiển), không phải văn bản"
        )
    legacy = _legacy(sample, viet, tcvn, vni)
    if legacy:
        raise DecodeError(
            f"{name}: văn bản gõ bằng bảng mã cũ {legacy}; hãy chuyển sang Unicode "
            "(ví dụ bằng công cụ chuyển mã của UniKey) rồi nạp lại"
        )
    return clean(text), encoding


def _binary_kind(data: bytes) -> str:
    """What a binary signature says a file is (Word and PDF files are read by parsers.formats)."""
    if data.startswith(b"%PDF-"):
        return "tệp PDF"
    if data.startswith(b"PK\x03\x04"):
        return "gói ZIP (tệp .docx?)"
    return "tệp OLE2 (Word 97-2003 .doc?)"


def _decode_8bit(data: bytes, name: str) -> tuple[str, str]:
    """Not UTF-8: Windows-1258 if it reads as Vietnamese, else refuse."""
    text = data.decode("cp1258", errors="replace")
    if text.count("\ufffd") > 0.001 * len(text) + 1:
        raise DecodeError(f"{name}: không phải văn bản UTF-8 hay Windows-1258")
    return text, "cp1258"
