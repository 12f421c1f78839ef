"""HS codes (mã HS) as written in Vietnamese lists, normalised to digits.

Vietnam's tariff nomenclature (TT 31/2022/TT-BTC) has 8-digit lines, printed "0201.10.00",
"0201 10 00", "02011000" or split over three table columns "7204 | 10 | 00". A KTCN list may
also cite a chapter ("Chương 02", "02"), a heading ("0201") or a subheading ("0201.10"); such a
prefix covers every 8-digit line below it, so prefixes are kept as prefixes (2, 4 or 6 digits)
and :func:`covers` answers whether one covers a code.

Interface:

- :func:`normalize_hs` → digits (8, or a 2/4/6-digit prefix); raises :class:`HsCodeError`
  whose message says why the text is not a code.
- :func:`parse_hs` → :class:`HsCode` (digits + whether the list marked it "ex", i.e. only
  part of the line is concerned).
- :func:`try_normalize_hs` → ``(digits or None, reason)``, for bulk loaders that count rejects.
- :func:`join_columns` → one code from the cells of a 3-column (or 2-column) HS table.
- :func:`covers`, :func:`format_hs`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.normalize import fold

# Chapter 77 is reserved in the HS; chapter 98 exists in Vietnam's national tariff.
_VALID_CHAPTERS = frozenset(f"{n:02d}" for n in range(1, 99) if n != 77)
_LEVELS = (2, 4, 6, 8)

_EIGHT = re.compile(r"[0-9]{8}")
# Separators printed between digit groups: dot, blank, dash, slash, pipe (table columns).
_GROUPS = re.compile(r"[0-9]+")
_ALLOWED = re.compile(r"^[0-9\s.\-/|]+$", re.ASCII)
# Words that may precede a code: "Chương 02", "Chapter 2", "Nhóm 0201", "Phân nhóm 0201.10",
# "Mã HS:", "HS", and the "ex" marker for partial coverage.
_LEAD = re.compile(
    r"^\s*(?:(?P<chapter>chuong|chapter|ch\.)|(?:phan\s+nhom|nhom|heading|subheading|ma\s+hs|hs\s*code|hs))"
    r"\s*(?:so\s*)?[:.]?\s*",
)
_EX = re.compile(r"^\s*ex\.?\s*(?=[0-9])")


class HsCodeError(ValueError):
    """A string that is not an HS code; the message names the string and the reason."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"“{text}” không phải mã HS: {reason}")
        self.text = text
        self.reason = reason


@dataclass(frozen=True, slots=True)
class HsCode:
    """A normalised HS code or prefix.

    `digits` has 8 digits for a tariff line, 2/4/6 for a chapter/heading/subheading prefix.
    `partial` is True for "ex 0201…": the list concerns only part of that line.
    """

    digits: str
    partial: bool = False

    @property
    def level(self) -> int:
        return len(self.digits)

    @property
    def is_prefix(self) -> bool:
        return len(self.digits) < 8

    @property
    def chapter(self) -> str:
        return self.digits[:2]

    def covers(self, code: str) -> bool:
        return covers(self.digits, code)

    def __str__(self) -> str:
        return format_hs(self.digits)


def _check(digits: str, text: str) -> str:
    if len(digits) not in _LEVELS:
        if len(digits) > 8:
            raise HsCodeError(text, f"{len(digits)} chữ số; dòng thuế của Việt Nam có 8 chữ số")
        raise HsCodeError(text, f"{len(digits)} chữ số; cần 2, 4, 6 hoặc 8")
    if digits[:2] not in _VALID_CHAPTERS:
        raise HsCodeError(text, f"không có chương {digits[:2]} (chương 01–98, trừ 77)")
    if len(digits) >= 4 and digits[2:4] == "00":
        raise HsCodeError(text, f"không có nhóm {digits[:4]} (nhóm từ xx01 đến xx99)")
    return digits


def parse_hs(text: str) -> HsCode:
    """Parse one HS code as written; raise :class:`HsCodeError` with the reason if it is not one."""
    if not isinstance(text, str):
        raise HsCodeError(repr(text), f"cần một chuỗi ký tự, nhận {type(text).__name__}")
    s = text.strip()
    if _EIGHT.fullmatch(s):  # fast path: the common case in compiled lists
        return HsCode(_check(s, text))
    if not s:
        raise HsCodeError(text, "trống")
    f = fold(s)
    partial = False
    m = _EX.match(f)
    if m:
        partial = True
        f = f[m.end() :]
    chapter_word = False
    m2 = _LEAD.match(f)
    if m2:
        chapter_word = m2.group("chapter") is not None
        f = f[m2.end() :]
    f = f.strip().rstrip(".;,")
    if not f:
        raise HsCodeError(text, "không có chữ số nào")
    if not _ALLOWED.match(f):
        bad = next((c for c in f if c not in "0123456789 .-/|\t\n\r\x0b\x0c"), "?")
        raise HsCodeError(text, f"ký tự không hợp lệ “{bad}”")
    groups = _GROUPS.findall(f)
    if chapter_word:
        if len(groups) != 1 or len(groups[0]) > 2:
            raise HsCodeError(text, "số chương gồm một hoặc hai chữ số")
        return HsCode(_check(groups[0].zfill(2), text), partial)
    digits = "".join(groups)
    if len(groups) > 1:
        # Dotted/columned forms: groups after the first are pairs ("0201.10.00"). A first group of
        # 3 digits lost its leading zero to a spreadsheet ("201.10.00").
        if any(len(g) != 2 for g in groups[1:]):
            raise HsCodeError(text, "sau số nhóm, các cụm chữ số phải có hai chữ số (0201.10.00)")
        head = groups[0]
        if len(head) == 3:
            head = "0" + head
        elif len(head) not in (2, 4):
            raise HsCodeError(text, f"cụm đầu “{head}” không phải số chương hay nhóm")
        digits = head + "".join(groups[1:])
    elif len(digits) in (3, 5, 7):
        # A single run of odd length lost its leading zero ("2011000" for 02011000).
        digits = "0" + digits
    return HsCode(_check(digits, text), partial)


def normalize_hs(text: str) -> str:
    """Digits of an HS code: 8 for a line, 2/4/6 for a prefix. Raises :class:`HsCodeError`."""
    return parse_hs(text).digits


def try_normalize_hs(text: str) -> tuple[str | None, str]:
    """``(digits, "")`` or ``(None, reason)``: for loaders that count and report rejects."""
    try:
        return parse_hs(text).digits, ""
    except HsCodeError as e:
        return None, e.reason


def join_columns(cells: Sequence[str]) -> str:
    """One code from table cells that split it: ``["7204", "10", "00"]`` → ``"72041000"``.

    Empty trailing cells make a prefix (``["7204", "", ""]`` → ``"7204"``), as group rows in
    such tables do.
    """
    parts = [c.strip() for c in cells]
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        raise HsCodeError(" | ".join(cells), "empty cells")
    if any(not p for p in parts):
        raise HsCodeError(" | ".join(cells), "a gap between code columns")
    return normalize_hs(".".join(parts))


def covers(prefix: str, code: str) -> bool:
    """Whether `prefix` (2/4/6/8 digits, or any accepted written form) covers `code`."""
    p = prefix if prefix.isdigit() and len(prefix) in _LEVELS else normalize_hs(prefix)
    c = code if code.isdigit() and len(code) in _LEVELS else normalize_hs(code)
    return len(p) <= len(c) and c.startswith(p)


def format_hs(digits: str) -> str:
    """Print form: ``02011000`` → ``0201.10.00``; prefixes ``0201`` → ``0201``, ``020110`` → ``0201.10``."""
    if len(digits) <= 4:
        return digits
    return ".".join([digits[:4]] + [digits[i : i + 2] for i in range(4, len(digits), 2)])
