"""What a binary-format reader hands the pipeline: cleaned text, where each part came from, trust.

Readers (Word .docx/.doc, PDF, OCR) are pure functions of bytes to :class:`Extracted`. They
collect :class:`Block` s (a paragraph, or a table as rows of cells) with the page and paragraph
they came from; :func:`assemble` lays them out as the line-oriented text the structure parser
reads (tables as Markdown pipe rows, as :mod:`parsers.html_text` does) and records an
:class:`Anchor` at the start of every block, so any offset in the text maps back to its page or
paragraph (:func:`locate`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from parsers.decode import DecodeError
from parsers.model import Anchor
from parsers.normalize import clean


class FormatError(DecodeError):
    """A Word or PDF file this project cannot read; the message names the file and what to do."""


@dataclass(slots=True)
class Block:
    text: str = ""
    rows: list[list[str]] | None = None
    page: int = 0
    ocr: bool = False


@dataclass(slots=True)
class Extracted:
    """The cleaned text of one binary document, its anchors, and what the reader noticed."""

    text: str
    format: str
    anchors: list[Anchor] = field(default_factory=list)
    pages: int = 0
    # Pages read by OCR (1-based); their text carries lower trust.
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reader: str = ""

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)


def _cell(text: str) -> str:
    return " ".join(clean(text).split()).replace("|", "\\|")


def _pipe(row: list[str]) -> str:
    return "| " + " | ".join(row) + " |"


def assemble(blocks: list[Block], fmt: str, *, pages: int = 0, reader: str = "") -> Extracted:
    """Lay blocks out as text (one line per paragraph, pipe rows for tables) with anchors."""
    lines: list[str] = []
    anchors: list[Anchor] = []
    pos = 0
    paragraph = 0
    ocr_pages: set[int] = set()
    for block in blocks:
        if block.rows is not None:
            rows = [[_cell(c) for c in row] for row in block.rows]
            rows = [r for r in rows if any(r)]
            if not rows:
                continue
            width = max(len(r) for r in rows)
            rendered = []
            for i, row in enumerate(rows):
                row = row + [""] * (width - len(row))
                rendered.append(_pipe(row))
                if i == 0:
                    rendered.append(_pipe(["---"] * width))
            texts = rendered
        else:
            text = clean(block.text)
            texts = [" ".join(t.split()) for t in text.split("\n")]
            texts = [t for t in texts if t]
            if not texts:
                continue
        paragraph += 1
        if block.ocr and block.page:
            ocr_pages.add(block.page)
        for t in texts:
            anchors.append(Anchor(pos, block.page, paragraph, block.ocr))
            lines.append(t)
            pos += len(t) + 1
    text = "\n".join(lines)
    return Extracted(
        text=text,
        format=fmt,
        anchors=anchors,
        pages=pages,
        ocr_pages=sorted(ocr_pages),
        reader=reader,
    )


def locate(anchors: list[Anchor], offset: int) -> Anchor | None:
    """The anchor of the block holding `offset` (None before the first or with no anchors)."""
    if not anchors:
        return None
    i = bisect_right([a.start for a in anchors], offset) - 1
    return anchors[i] if i >= 0 else None
