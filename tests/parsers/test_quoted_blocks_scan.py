"""The candidate-driven `quoted_blocks` and the lazy line table give what the per-line code gave.

The oracle is the per-line loop that `quoted_blocks` replaced (a `_Line` for every line, each line
visited in Python), kept here as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import quoted_blocks as quoted
from parsers.decode import decode
from parsers.html_text import html_to_text
from parsers.pipeline import sniff_format
from tests.conftest import REAL


@dataclass(slots=True)
class _OldLine:
    start: int
    end: int
    text: str


def _old_lines(text: str) -> list[_OldLine]:
    out: list[_OldLine] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        out.append(_OldLine(pos, end, raw))
        pos = end + 1
    return out


def _old_quoted_blocks(text: str) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    lines = _old_lines(text)
    prev = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.text.strip()
        start_at = -1
        if s and s[0] in quoted.OPEN_QUOTES and (prev.endswith(":") or (blocks and prev == "\x00")):
            start_at = line.start + line.text.index(s[0])
        else:
            m = quoted._AS_FOLLOWS.search(line.text)
            if m:
                rest = line.text[m.end() :].lstrip()
                if rest[:1] in ("“", '"'):
                    start_at = line.start + line.text.index(rest[0], m.end())
        if start_at < 0:
            if s:
                prev = s
            i += 1
            continue
        opener = text[start_at]
        depth = 0
        j = i
        end = -1
        while j < len(lines):
            seg = lines[j].text if j != i else text[start_at : lines[i].end]
            if opener == "“":
                depth += quoted._depth(seg)
                if depth <= 0 and j >= i:
                    end = lines[j].end
                    break
            else:
                st_ = seg.rstrip().rstrip(".;,")
                if st_.endswith('"') and (j > i or st_.count('"') >= 2):
                    end = lines[j].end
                    break
            nxt = lines[j + 1].text if j + 1 < len(lines) else ""
            if j > i and quoted._looks_like_instruction(nxt):
                end = lines[j].end
                break
            j += 1
        if end < 0:
            end = lines[-1].end
            j = len(lines) - 1
        blocks.append((start_at, end))
        prev = "\x00"
        i = j + 1
    return blocks


# Pieces of a line: quotation marks, "như sau:", labels and verbs (the instruction test after a
# block's line), blanks of several kinds, and "\x00", the old loop's marker after a block.
_PIECES = [
    "“",
    "”",
    '"',
    "như sau:",
    "như sau :",
    "như sau",
    ":",
    " ",
    "\t",
    "\u00a0",
    "\r",
    "\x00",
    "1. ",
    "2a. ",
    "a) ",
    "**1.** ",
    "Sửa đổi khoản 2",
    "Bổ sung điểm c vào khoản 1",
    "Bãi bỏ Điều 5.",
    "1. Sửa đổi khoản 2 như sau:",
    "b) Bãi bỏ điểm a:",
    "nội dung",
    "Điều 3. ",
    ".",
    ";",
    ",",
]
_LINE = st.lists(st.sampled_from(_PIECES), max_size=5).map("".join)
_BLANK = st.sampled_from(["", " ", "\t \u00a0", "\r"])
# Whole lines as amending texts have them: an instruction, the lines of its quoted new text.
_TYPICAL = st.sampled_from(
    [
        "Sửa đổi khoản 2 như sau:",
        "1. Sửa đổi khoản 2 như sau:",
        "a) Bổ sung điểm c như sau: “c) nội dung",
        "“1. nội dung",
        " “a) nội dung.”",
        "nội dung”.",
        '"nội dung',
        'nội dung".',
        '"a) nội dung";',
        "như sau: “nội dung”",
        "”;",
        "\x00",
    ]
)
_TEXTS = st.lists(st.one_of(_LINE, _BLANK, _TYPICAL), max_size=30).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_quoted_blocks_as_per_line_loop(text: str) -> None:
    assert quoted.quoted_blocks(text) == _old_quoted_blocks(text)


def _real_names() -> list[str]:
    if not REAL.is_dir():
        return []
    suffixes = {".md", ".html", ".htm", ".txt"}
    return sorted(
        p.name for p in REAL.iterdir() if p.suffix in suffixes and p.name != "PROVENANCE.md"
    )


@pytest.mark.parametrize("name", _real_names())
def test_quoted_blocks_on_real_text(name: str) -> None:
    text, _enc = decode((REAL / name).read_bytes(), name)
    if sniff_format(name, text) == "html":
        text, _warnings = html_to_text(text)
    assert quoted.quoted_blocks(text) == _old_quoted_blocks(text)
