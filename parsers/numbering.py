"""Numbering rules of Vietnamese legal texts: point letters, Roman numerals, ordinals, sequences.

The structure parser uses these to tell a real label ("c)" after "b)") from text that merely looks
like one ("x) ..." in a sentence after "a)"), and to bound runaway quotations by the number the
amending document's next item must carry.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The point alphabet (DOMAIN.md §4.3): no f, j, w, z; đ follows d.
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LETTER_INDEX = {c: i for i, c in enumerate(POINT_LETTERS)}

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

# "Phần thứ hai" and friends.
ORDINALS = {
    "nhất": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}


def roman_to_int(s: str) -> int:
    """Value of a Roman numeral; 0 when `s` is not one."""
    s = s.upper()
    if not s or any(c not in _ROMAN for c in s):
        return 0
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        if i + 1 < len(s) and _ROMAN[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def ordinal_value(word: str) -> int:
    """Value of an ordinal word ("hai" -> 2), a Roman numeral or digits; 0 if unknown."""
    w = word.strip().lower()
    if w in ORDINALS:
        return ORDINALS[w]
    if w.isdigit():
        return int(w)
    return roman_to_int(w)


def point_index(letter: str) -> int:
    """Position of a point letter in the Vietnamese order; -1 for letters outside it (f, j, w, z)."""
    return _LETTER_INDEX.get(letter, -1)


# The label functions below are pure and see the same few hundred labels thousands of times per
# document; they are cached.
# The label functions below are pure and see the same few hundred labels thousands of times per
# document, so they are cached.
_KHOAN = re.compile(r"(\d+)([a-zđ]?)")
_POINT = re.compile(r"([a-zđ])(\d*)")


@lru_cache(maxsize=4096)
def khoan_key(label: str) -> tuple[int, int]:
    """Sort key of a clause label: "1" -> (1, 0), inserted "1a" -> (1, 1); (-1, 0) if malformed."""
    m = _KHOAN.fullmatch(label)
    if not m:
        return (-1, 0)
    suffix = m.group(2)
    return (int(m.group(1)), point_index(suffix) + 1 if suffix else 0)


@lru_cache(maxsize=4096)
def point_key(label: str) -> tuple[int, int]:
    """Sort key of a point label: "a" -> (0, 0), inserted "a1" -> (0, 1); (-1, 0) if malformed."""
    m = _POINT.fullmatch(label)
    if not m:
        return (-1, 0)
    return (point_index(m.group(1)), int(m.group(2)) if m.group(2) else 0)


@lru_cache(maxsize=4096)
def next_khoan_ok(previous: str | None, label: str, *, max_gap: int = 3) -> bool:
    """Whether clause `label` can follow `previous` (None: the first clause of an article).

    Clauses run 1, 2, 3 with inserted 1a, 1b; a small gap is tolerated (a repealed clause left
    out of a consolidated text), a backwards or large jump is not.
    """
    n, sub = khoan_key(label)
    if n < 0:
        return False
    if previous is None:
        return 1 <= n <= max_gap
    pn, psub = khoan_key(previous)
    if n == pn:
        return sub > psub
    return pn < n <= pn + max_gap


@lru_cache(maxsize=4096)
def next_point_ok(previous: str | None, label: str, max_gap: int = 2) -> bool:
    """Whether point `label` can follow `previous` in the Vietnamese letter order.

    A letter that breaks the order ("x)" after "b)") is text, not a point. `max_gap` may be
    passed positionally: the structure parser asks once per point line, and a keyword argument
    makes the cache lookup twice as dear.
    """
    i, sub = point_key(label)
    if i < 0:
        return False
    if previous is None:
        return i <= max_gap
    pi, psub = point_key(previous)
    if i == pi:
        return sub > psub
    return pi < i <= pi + max_gap


def next_khoan_number(previous: str | None) -> int:
    """The plain number the next clause would carry."""
    if previous is None:
        return 1
    n, _ = khoan_key(previous)
    return n + 1 if n >= 0 else 1


def next_point_letter(previous: str | None) -> str:
    """The letter the next point would carry ("" after "y")."""
    if previous is None:
        return "a"
    i, _ = point_key(previous)
    return POINT_LETTERS[i + 1] if 0 <= i < len(POINT_LETTERS) - 1 else ""


@lru_cache(maxsize=4096)
def article_int(number: str) -> int:
    """Leading integer of an article number ("8a" -> 8); -1 for pháp điển codes and junk."""
    m = _KHOAN.fullmatch(number)
    return int(m.group(1)) if m else -1
