"""Which lines may hold an instruction: those holding an amendment verb (by substring or the
literal scan), those with combining marks, and the article headings among them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from parsers import plain, wording
from parsers.effects.patterns import _ARTICLE_HEADING, _HEADING_START, _VERB_WORDS, _VERBS
from parsers.literal_scan import LiteralScan
from parsers.quoted_blocks import (
    _line_end,
    _line_starts_holding,
)
from parsers.text_context import context_of

# The verb words for the literal scan (see wording.VERB_LITERALS).
_DINH = wording.DINH
_DINH_CHI = wording.DINH_CHI_LITERALS
VERB_LITERALS = wording.VERB_LITERALS


def _verb_line_starts_fast(folded: str, scan: LiteralScan | None = None) -> set[int]:
    """Starts of the lines whose folded text holds an amendment verb (_VERBS), exactly.

    One substring search per verb word, instead of the alternation tried at every offset; or,
    for a long text, the words from the literal scan of `folded` (`scan`).
    """
    if scan is None:
        return _line_starts_holding(folded, _VERB_WORDS)
    lines = scan.line_starts(VERB_LITERALS[: -len(_DINH_CHI)])
    for literal in _DINH_CHI:
        for p in scan.starts(literal).tolist():
            if p >= len(_DINH) and folded.startswith(_DINH, p - len(_DINH)):
                lines.add(folded.rfind("\n", 0, p) + 1)
    return lines


def _verb_line_starts_plain(folded: str, scan: LiteralScan | None = None) -> set[int]:
    """The plain form of `_verb_line_starts_fast`: the lines of every match of _VERBS (a verb
    never spans a line, so a line holding one holds a match)."""
    return {folded.rfind("\n", 0, m.start()) + 1 for m in _VERBS.finditer(folded)}


# Fast path: a substring search per verb word (or the literal scan) instead of the alternation
# tried at every offset of the whole text.
_verb_line_starts = plain.choose(_verb_line_starts_fast, _verb_line_starts_plain)

_COMBINING_MARK = re.compile("[\u0300-\u036f]")


def _mark_line_starts(text: str) -> set[int]:
    """Starts of the lines holding a combining mark (those that `fold` shortens)."""
    return {text.rfind("\n", 0, m.start()) + 1 for m in _COMBINING_MARK.finditer(text)}


def _heading_candidates(text: str, lo: int, hi: int) -> Iterator[int]:
    """Starts of the lines starting in [lo, hi) that may be article headings (`lo`, `hi`: line
    starts): no other line starts with "Điều" after blanks and "**"."""
    if lo == 0 and hi > 0:
        yield 0
    # A candidate's match lies on its line, which ends before `hi`.
    for m in _HEADING_START.finditer(text, max(lo - 1, 0), hi):
        yield m.start() + 1


def _is_heading(text: str, start: int) -> bool:
    return _ARTICLE_HEADING.match(text[start : _line_end(text, start)].strip()) is not None


def _heading_in(
    text: str, lo: int, hi: int, blocks: list[tuple[int, int]], block_starts: list[int]
) -> bool:
    """Whether an article heading line outside the quoted blocks starts in [lo, hi)."""
    for start in _heading_candidates(text, lo, hi):
        if _is_heading(text, start):
            b = bisect.bisect_right(block_starts, start) - 1
            if b < 0 or start >= blocks[b][1]:
                return True
    return False


def _verb_lines(text: str) -> set[int]:
    """Starts of the lines of `text` whose aligned fold holds an amendment verb."""
    ctx = context_of(text)
    return _verb_line_starts(ctx.aligned, ctx.scan)
