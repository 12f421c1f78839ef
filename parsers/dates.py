"""Vietnamese dates as legal texts write them.

"ngày 12 tháng 11 năm 2018", "ngày 01/7/2017", "12-11-2018" and "12.11.2018" all mean the same day;
impossible dates ("31/02/2020") are ignored rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

# "ngày 12 tháng 11 năm 2018" (the words may be spelt with any case; "ngày" may be absent after
# a place name: "Hà Nội, 21 tháng 7 năm 2023").
_WORDS = re.compile(
    r"(?:[Nn]gày\s+)?(\d{1,2})\s+[Tt]háng\s+(\d{1,2})\s+[Nn]ăm\s+(\d{4})",
)
# "12/11/2018", "01-7-2017", "12.11.2018" (not part of a longer number).
_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?![\d/])")


def make_date(day: int, month: int, year: int) -> date | None:
    """The date, or None when the parts do not form one (or the year is implausible)."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iter_dates(text: str) -> Iterator[tuple[date, int, int]]:
    """Every date in `text` as (date, start, end), in text order."""
    found: list[tuple[date, int, int]] = []
    for m in _WORDS.finditer(text):
        d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        d = make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if d:
            found.append((d, m.start(), m.end()))
    found.sort(key=lambda t: t[1])
    yield from found


def parse_date(text: str) -> date | None:
    """The first date written in `text`, or None."""
    for d, _s, _e in iter_dates(text):
        return d
    return None


# --- dates people type (API parameters, dashboard forms, the CLI's --as-of) ------------------------

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_VN = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})")


class BadDate(ValueError):
    """A typed date that is neither ISO nor dd/mm/yyyy, or names no real day."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"“{text.strip()}” không phải là ngày hợp lệ: "
            "nhập theo dạng dd/mm/yyyy (vd. 01/07/2025) hoặc yyyy-mm-dd (vd. 2025-07-01)."
        )


def read_date(text: str) -> date:
    """The day a person typed, ISO ("2025-07-01") or Vietnamese ("01/07/2025", "1-7-2025");
    :class:`BadDate` otherwise. The one reading of user-typed dates: never today in its place."""
    s = text.strip()
    m = _ISO.fullmatch(s)
    parts = None
    if m:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _VN.fullmatch(s)
        if m:
            parts = (int(m.group(4)), int(m.group(3)), int(m.group(1)))
    if parts is None:
        raise BadDate(text)
    try:  # any real day: a person may well ask about 1890 or 2150 (unlike dates found in texts)
        return date(*parts)
    except ValueError:
        raise BadDate(text) from None


def read_optional_date(text: str | date | None) -> date | None:
    """:func:`read_date`, with an empty or absent value meaning "not given" (None)."""
    if text is None or isinstance(text, date):
        return text
    return read_date(text) if text.strip() else None
