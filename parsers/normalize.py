"""Text normalisation: one canonical form for every string the project compares or stores.

Real texts mix NFC and NFD, use Icelandic Eth (U+00D0) for Đ, scatter no-break and zero-width
spaces, and split document numbers with stray blanks ("32 /2026/TT- NHNN").
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import numpy as np

# Characters that look like a space but are not U+0020.
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_ODD_MAP = {
    **{c: " " for c in _SPACES},
    **{c: "" for c in _ZERO_WIDTH},
    "\u00d0": "Đ",  # Icelandic Eth, a common stand-in for Đ
    "\u00f0": "đ",  # Icelandic eth
    "\u0189": "Đ",  # African D
    "\r": "",
    "\u2028": "\n",
    "\u2029": "\n",
}
# Odd characters are rare: testing for each one (a C-level scan) and replacing only those present
# beats a regex substitution or a per-character translate over a multi-megabyte text.
_ODD_ITEMS = tuple(_ODD_MAP.items())
# Combining marks: where decomposed text (Windows-1258, copy-paste from PDFs) needs composing.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _nfc(text: str) -> str:
    """NFC of `text`, composing only the lines that hold combining marks.

    The final quick check (fast on NFC text) catches the rare other non-NFC characters: then the
    whole text is normalised.
    """
    first = _COMBINING.search(text)  # (most texts have none: one scan, no list)
    if first is not None:
        text = _nfc_lines(text, [m.start() for m in _COMBINING.finditer(text, first.start())])
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


# Past this length `clean` classifies UTF-16 code units with one table lookup instead of scanning
# the text once per odd character and again for combining marks, then checking NFC.
_CLEAN_VECTOR_MIN = 1000
# Code unit kinds: plain (never changes), odd (in _ODD_MAP), may change under NFC. The last is a
# superset of the characters that are not NFC-inert (a canonical combining class, or an NFC quick
# check other than Yes): everything from U+0300 on except precomposed Latin and general
# punctuation, so a line with none of them is already NFC.
_UNIT_PLAIN, _UNIT_ODD, _UNIT_NFC = 0, 1, 2
_UNIT_KIND = np.full(0x10000, _UNIT_NFC, dtype=np.uint8)
_UNIT_KIND[:0x0300] = _UNIT_PLAIN
_UNIT_KIND[0x1E00:0x1F00] = _UNIT_PLAIN
_UNIT_KIND[0x2000:0x2070] = _UNIT_PLAIN
_UNIT_KIND[[ord(c) for c in _ODD_MAP]] = _UNIT_ODD


def _clean_vector(text: str) -> str | None:
    """`clean` of a long non-ASCII text by one pass over its UTF-16 code units.

    None when code units are not characters (astral characters are surrogate pairs, a lone
    surrogate cannot be encoded): the caller then takes the plain path.
    """
    try:
        data = text.encode("utf-16-le")
    except UnicodeEncodeError:
        return None
    if len(data) != 2 * len(text):
        return None
    units = np.frombuffer(data, dtype=np.uint16)
    kinds = _UNIT_KIND.take(units)
    hits = np.flatnonzero(kinds != _UNIT_PLAIN)  # (a bool mask: 10× faster than the uint8)
    if not hits.size:
        return text
    hit_kinds = kinds[hits]
    odd = hits[hit_kinds == _UNIT_ODD]
    marks = hits[hit_kinds == _UNIT_NFC]
    if odd.size:
        dropped: list[int] = []
        for unit in np.unique(units[odd]).tolist():
            c = chr(unit)
            plain = _ODD_MAP[c]
            if not plain:
                dropped.append(unit)
            text = text.replace(c, plain)
        if dropped and marks.size:
            # positions of the marks in the text without the dropped characters
            gone = odd[np.isin(units[odd], dropped)]
            marks = marks - np.searchsorted(gone, marks)
    if marks.size:
        text = _nfc_lines(text, marks.tolist())
    return text


def _nfc_lines(text: str, positions: list[int]) -> str:
    """NFC of `text` whose lines holding none of `positions` (ascending; not newlines) are NFC.

    Composition never crosses a newline (a starter that composes with nothing), so normalising
    line by line equals normalising the whole, and most lines need nothing.
    """
    parts: list[str] = []
    last = 0
    normalize = unicodedata.normalize
    i = 0
    n = len(positions)
    while i < n:
        p = positions[i]
        a = text.rfind("\n", last, p) + 1
        b = text.find("\n", p)
        if b < 0:
            b = len(text)
        line = text[a:b]
        nfc = normalize("NFC", line)
        if nfc != line:
            parts.append(text[last:a])
            parts.append(nfc)
            last = b
        i = bisect.bisect_left(positions, b, i + 1)
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def clean(text: str) -> str:
    """NFC, Đ fixed, odd spaces made plain, zero-width characters and CRs dropped.

    Offsets of every parser refer to this form of the text. Idempotent.
    """
    if text.isascii():
        return text.replace("\r", "")
    if len(text) >= _CLEAN_VECTOR_MIN:
        done = _clean_vector(text)
        if done is not None:
            return done
    for odd, plain in _ODD_ITEMS:
        if odd in text:
            text = text.replace(odd, plain)
    return _nfc(text)


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d", ord("\u00d0"): "d", ord("\u00f0"): "d"}
    # Every precomposed Latin letter used in Vietnamese (and a margin of Latin-1/Extended) maps to
    # its base letter, lower-cased.
    for cp in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base.isalpha():
            table[cp] = base.lower()
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c).lower()
    # Combining marks vanish (for text that arrives decomposed).
    for cp in range(0x0300, 0x0370):
        table[cp] = ""
    return table


_FOLD = _build_fold_table()
# A list indexed by code point is several times faster for str.translate than a dict; code points
# past its end raise IndexError, which translate treats as "unchanged".
_FOLD_LIST = [_FOLD.get(cp, chr(cp)) for cp in range(0x2100)]


# The same, except that combining marks stay: one character out for one in, on any text.
_FOLD_ALIGNED_LIST = [chr(cp) if 0x0300 <= cp < 0x0370 else c for cp, c in enumerate(_FOLD_LIST)]

# `str.translate` looks every character up through Python objects (~45 ns each on Vietnamese
# text); past a few hundred characters a lookup table over UTF-16 code units is 2-5× faster. The
# table maps every code unit, surrogates included, to itself unless the fold changes it (every
# change is one BMP character to one ASCII letter, or a combining mark to nothing), so the result
# is exactly the translate's.
_VECTOR_MIN = 256
_LUT_ALIGNED = np.arange(0x10000, dtype=np.uint16)
_LUT_ALIGNED[: len(_FOLD_ALIGNED_LIST)] = [ord(c) for c in _FOLD_ALIGNED_LIST]


def _fold_vector(text: str, drop_marks: bool) -> str:
    try:
        data = text.encode("utf-16-le")
    except (
        UnicodeEncodeError
    ):  # a lone surrogate: it would pair up with a neighbour on the way back
        return text.translate(_FOLD_LIST if drop_marks else _FOLD_ALIGNED_LIST)
    units = np.frombuffer(data, dtype=np.uint16)
    out = _LUT_ALIGNED.take(units)  # (take: ~40% faster than indexing)
    if drop_marks:
        # the fold drops U+0300..U+036F; a range compare finds them faster than a table lookup
        marks = (units - 0x0300) < 0x70
        if marks.any():
            out = out[~marks]
    return out.tobytes().decode("utf-16-le")


def fold(text: str) -> str:
    """Diacritics- and case-folded form for matching: ``Nghị định`` -> ``nghi dinh``.

    One table lookup per character. On NFC text it keeps length and offsets, so a span found in
    the folded text is the same span in the original.
    """
    if len(text) < _VECTOR_MIN:
        return text.translate(_FOLD_LIST)
    return _fold_vector(text, True)


def fold_aligned(text: str) -> str:
    """`fold`, but combining marks are kept, so offsets always match the text's.

    For finding ASCII keywords by position: a keyword never contains a combining mark, and a
    mark left over after NFC (one with no precomposed form) breaks a literal match anyway.
    """
    if len(text) < _VECTOR_MIN:
        return text.translate(_FOLD_ALIGNED_LIST)
    return _fold_vector(text, False)


_WS = re.compile(r"[ \t]+")


def squash_spaces(text: str) -> str:
    return _WS.sub(" ", text).strip()


# --- document numbers -------------------------------------------------------------------------

# "32 /2026/TT- NHNN", "08/2018/NĐ-CP", "66.17/2026/NQ-CP", "4804/VBHN-BLĐTBXH", "1811/QĐ-UBND"
_NUMBER_SPACES = re.compile(r"\s*([/\-–])\s*")
_TTG = re.compile(r"(?<![A-ZĐ])TTG(?![A-ZĐ])")
_BLANKS = re.compile(r"\s+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


def normalize_number(number: str) -> str:
    """Canonical document number: NFC, Đ fixed, no blanks around / and -, issuer part upper-cased.

    >>> normalize_number("32 /2026/TT- NHNN")
    '32/2026/TT-NHNN'
    """
    s = clean(number).translate(_DASHES).strip().strip(".,;:)")
    if _BLANKS.search(s):  # without blanks both substitutions leave `s` as it is
        s = _NUMBER_SPACES.sub(r"\1", s)  # (no "–" is left: _DASHES mapped it to "-")
        s = _BLANKS.sub("", s)
    head, sep, tail = s.partition("/")
    if not sep:
        return s.upper()
    # The number part keeps its dots ("66.17"); leading zeros are significant in print but not in
    # identity, so "08" and "8" are the same number.
    head = head.lstrip("0") or "0"
    if len(head) == 1 and head.isdigit():
        head = "0" + head
    # Issuer codes are upper case except the Prime Minister's "TTg" (QĐ-TTg, CT-TTg, CĐ-TTg).
    tail = _TTG.sub("TTg", tail.upper())
    return f"{head}/{tail}"


def number_key(number: str) -> str:
    """Lookup key for a number: normalised, then folded (Đ→D) so `ND-CP` finds `NĐ-CP`."""
    return fold(normalize_number(number))
