"""Quoted new text after amending instructions: where each block of it starts and ends.

Amendment effects set these blocks aside (they never hold instructions of their own), and the
per-text context (:mod:`parsers.text_context`) keeps them for references, so the finder lives
here, below both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from parsers import wording
from parsers.normalize import fold

OPEN_QUOTES = '“"'
_LINE_LABEL = re.compile(r"^(?:\*\*)?(?P<label>\d+[a-zđ]?\d*\.|[a-zđ]\d*\))(?:\*\*)?[ ]+")
_AS_FOLLOWS = re.compile(wording.AS_FOLLOWS + r"[ ]?:")
_has_verb = wording.has_instruction_verb


def _depth(s: str) -> int:
    return s.count("“") - s.count("”")


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def quoted_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the quoted new text that follows amending instructions (quotes included).

    A block opens on a line whose stripped text starts with an opening quote after a line ending
    in ":" (or right after another block, blank lines aside), or after "như sau:" on a line. Only
    those candidate lines, found by whole-text searches, and the lines of the blocks are read.
    """
    blocks: list[tuple[int, int]] = []
    free = 0  # where the lines not yet taken by a block start
    for ls in _block_candidates(text):
        if ls < free:
            continue
        le = _line_end(text, ls)
        raw = text[ls:le]
        s = raw.strip()
        start_at = -1
        if s and s[0] in OPEN_QUOTES and _opens_block(_prev_line(text, ls, free, blocks), blocks):
            start_at = ls + raw.index(s[0])
        else:
            m = _AS_FOLLOWS.search(raw)
            if m:
                rest = raw[m.end() :].lstrip()
                if rest[:1] in ("“", '"'):
                    start_at = ls + raw.index(rest[0], m.end())
        if start_at < 0:
            continue
        end = _block_end(text, start_at, le)
        blocks.append((start_at, end))
        free = end + 1
    return blocks


def _opens_block(prev: str, blocks: list[tuple[int, int]]) -> bool:
    return prev.endswith(":") or (bool(blocks) and prev == "\x00")


def _line_starts_holding(text: str, needles: Iterable[str]) -> set[int]:
    """Starts of the lines of `text` that hold one of `needles`.

    One C-level substring search per needle; after a hit the search for that needle resumes on
    the next line, so each line costs one hit at most.
    """
    found: set[int] = set()
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            found.add(text.rfind("\n", 0, pos) + 1)
            eol = text.find("\n", pos)
            if eol < 0:
                break
            pos = text.find(needle, eol)
    return found


def _block_candidates(text: str) -> list[int]:
    """Starts of the lines that may open a quoted block, in order: the lines holding a quotation
    mark (a block opens at one, after "như sau:" too)."""
    return sorted(_line_starts_holding(text, OPEN_QUOTES))


def _prev_line(text: str, ls: int, free: int, blocks: list[tuple[int, int]]) -> str:
    """The stripped text of the last non-blank line before the line at `ls` that no block
    took; "\\x00" when only blank lines follow the last block, "" when there is no such line."""
    end = ls - 1  # the newline that ends the line before
    while end >= free:
        start = text.rfind("\n", 0, end) + 1
        s = text[start:end].strip()
        if s:
            return s
        end = start - 1
    return "\x00" if blocks else ""


def _block_end(text: str, start_at: int, le: int) -> int:
    """Where the quoted block opened at `start_at` (on the line ending at `le`) ends: the end of
    the line that closes its quote, or of the line before an instruction, or of the text."""
    opener = text[start_at]
    depth = 0
    seg = text[start_at:le]
    first = True
    while True:
        if opener == "“":
            depth += _depth(seg)
            if depth <= 0:
                return le
        else:
            st = seg.rstrip().rstrip(".;,")
            if st.endswith('"') and (not first or st.count('"') >= 2):
                return le
        if le >= len(text):
            return le
        nxt_end = _line_end(text, le + 1)
        nxt = text[le + 1 : nxt_end]
        if not first and _looks_like_instruction(nxt):
            return le
        seg, le, first = nxt, nxt_end, False


def _looks_like_instruction(line: str) -> bool:
    m = _LINE_LABEL.match(line)
    if not m:
        return False
    rest = fold(line[m.end() : m.end() + 80])
    return _has_verb(rest) and ("nhu sau" in fold(line) or line.rstrip().endswith(":"))
