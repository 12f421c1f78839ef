"""Per-text derived forms that several parse stages need, computed once per text object.

References and effects both look at the diacritics-folded text and the quoted new
text of amending instructions. Folding three megabytes takes tens of milliseconds, so the stages
share one :class:`TextContext`. The cache is keyed by the identity of the text object (not its
value): a new parse of equal text computes afresh, so nothing leaks between documents or runs.
A context holds several copies of its text (tens of megabytes for a large code), so only the last
two are kept and the pipeline releases its own when the parse is done.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from parsers import wording
from parsers.citations import SCAN_LITERALS
from parsers.literal_scan import SCAN_MIN, GramTable, LiteralScan, scan_bytes
from parsers.normalize import fold, fold_aligned
from parsers.quoted_blocks import quoted_blocks

_CACHE_SIZE = 2


class TextContext:
    """Lazily computed views of one cleaned text; offsets are those of the text itself."""

    __slots__ = ("_aligned", "_blocks", "_folded", "_scan", "_scanned", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: str | None = None
        self._aligned: str | None = None
        self._blocks: list[tuple[int, int]] | None = None
        self._scan: LiteralScan | None = None
        self._scanned = False

    @property
    def folded(self) -> str:
        """``fold(text)``: same length and offsets as the text when the text is NFC."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    @property
    def aligned(self) -> str:
        """``fold_aligned(text)``: always the same length and offsets as the text."""
        if self._aligned is None:
            folded = self.folded
            self._aligned = folded if len(folded) == len(self.text) else fold_aligned(self.text)
        return self._aligned

    @property
    def scan(self) -> LiteralScan | None:
        """The literals of every stage found in `aligned` in one pass; None for a short text (the
        stages' own C-level scans are as fast) or one with characters outside the BMP."""
        if not self._scanned:
            self._scanned = True
            if len(self.text) >= SCAN_MIN:
                u8 = scan_bytes(self.aligned)
                if u8 is not None:
                    self._scan = LiteralScan(u8, _stage_literals())
        return self._scan

    @property
    def quoted_blocks(self) -> list[tuple[int, int]]:
        """Spans of quoted new text after amending instructions (see parsers.quoted_blocks)."""
        if self._blocks is None:
            self._blocks = quoted_blocks(self.text)
        return self._blocks


@lru_cache(maxsize=1)
def _stage_literals() -> GramTable:
    """Citation keywords and document types, amendment verbs, role verbs: one table, one pass.

    Built on first use (the table is not free to build).
    """
    return GramTable((*SCAN_LITERALS, *wording.VERB_LITERALS, *wording.ROLE_LITERALS))


_recent: list[TextContext] = []
_lock = threading.Lock()


def context_of(text: str) -> TextContext:
    """The shared context of this very text object (a few recent ones are kept)."""
    with _lock:
        for ctx in _recent:
            if ctx.text is text:
                return ctx
        ctx = TextContext(text)
        _recent.insert(0, ctx)
        del _recent[_CACHE_SIZE:]
        return ctx


def release(text: str) -> None:
    """Forget the context of this text object (its derived forms are large)."""
    with _lock:
        _recent[:] = [ctx for ctx in _recent if ctx.text is not text]
