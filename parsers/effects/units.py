"""The units an instruction acts on: the quoted new text split into its labelled units, and
the index of the amending document's own units by position."""

from __future__ import annotations

import bisect
import re

from parsers.citations import (
    Path,
)
from parsers.model import Unit, units_by_start
from parsers.quoted_blocks import (
    OPEN_QUOTES,
)

_TERMINAL_MARKS = ".;:!?"


def _strip_quotes(block: str) -> str:
    """The quoted new text without its quotation marks, ended by the mark that closes it.

    Drafters often put a quoted unit's final full stop or semicolon after the closing quote
    (``“c) … lấy mẫu”.``): that mark is the text's own end when the quoted text has none, so it
    is kept (``c) … lấy mẫu.``), the way a văn bản hợp nhất prints it. A mark after a quote that
    already ends the text (``…mẫu.”;``) closes only the instruction and is dropped.
    """
    s = block.strip()
    if s[:1] in OPEN_QUOTES:
        s = s[1:]
    s = s.rstrip()
    after = ""
    while s and s[-1] in ".;,":
        after = s[-1] + after
        s = s[:-1].rstrip()
    if s[-1:] in ("”", '"'):
        s = s[:-1].rstrip()
        if s and s[-1] not in _TERMINAL_MARKS and after[:1] in (".", ";"):
            s += after[0]
    else:
        s += after  # no closing quote: nothing to tell apart, the text ends as written
    return s.strip()


def _label_re(path: Path, rename: bool) -> re.Pattern[str]:
    if rename or path.bottom() == "dieu":
        return re.compile(rf"^(?:\*\*)?Điều[ ]+{re.escape(path.dieu)}\.[ ]?", re.MULTILINE)
    if path.bottom() == "khoan":
        return re.compile(rf"^{re.escape(path.khoan)}\.[ ]", re.MULTILINE)
    if path.bottom() == "diem":
        return re.compile(rf"^{re.escape(path.diem)}\)[ ]", re.MULTILINE)
    return re.compile(r"(?!x)x")


def _split_block(block: str, targets: list[tuple[Path, bool]]) -> list[str]:
    """The new text of each target, cut from one quoted block by the targets' labels."""
    if len(targets) <= 1:
        return [block] * len(targets)
    starts: list[int] = []
    pos = 0
    for path, rename in targets:
        m = _label_re(path, rename).search(block, pos)
        if not m:
            return [block] * len(targets)
        starts.append(m.start())
        pos = m.start() + 1
    out: list[str] = []
    for n, (path, rename) in enumerate(targets):
        seg_end = starts[n + 1] if n + 1 < len(starts) else len(block)
        seg = block[starts[n] : seg_end].strip()
        if rename:
            first = seg.split("\n", 1)[0]
            seg = _label_re(path, True).sub("", first, count=1).strip()
        out.append(seg)
    return out


class _UnitIndex:
    """Innermost unit at an offset, by bisection over unit starts (sorted on first use: many
    texts never ask)."""

    def __init__(self, units: list[Unit]) -> None:
        self._given = units
        self.units: list[Unit] = []
        self.starts: list[int] = []
        self._ready = False

    def at(self, pos: int) -> Unit | None:
        if not self._ready:
            self.units = units_by_start(self._given)
            self.starts = [u.start for u in self.units]
            self._ready = True
        i = bisect.bisect_right(self.starts, pos) - 1
        steps = 0
        while i >= 0 and steps < 500:
            u = self.units[i]
            if u.start <= pos < max(u.end, u.start + 1):
                return u
            i -= 1
            steps += 1
        return None
