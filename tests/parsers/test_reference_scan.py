"""The vectorised candidate scan of long texts misses no citation: every start of a
`REFERENCE_RE` match is among its candidates, so `iter_references` stays `finditer`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import citations
from parsers.citations import REFERENCE_RE, iter_references
from parsers.decode import decode
from parsers.literal_scan import LiteralScan, scan_bytes
from parsers.normalize import fold_aligned
from tests.conftest import real_file
from tests.parsers.test_fast_paths import _PIECES

# Pieces that come close to a citation without being one, and the characters the byte table
# treats apart (non-ASCII digits, astral characters, underscores, curly quotes).
_NEAR = [
    "điều kiện",
    "mục tiêu",
    "pháp luật về",
    "01/01/2015",
    "12 / 2020 / NĐ-CP",
    "1.2/QĐ-UBND",
    "5/ 2019/ TT-BTC",
    "Điều II",
    "Mục IIa",
    "khoản đ1",
    "điểm này_",
    "Điều này",
    "khoản này,",
    "tên các Điều 4",
    "từ các khoản 1",
    "từ tên các Điều 3",
    "các các điểm a",
    "Luật số: 01/2020/QH14",
    "Luật\u0663/2020/QH14",
    "\u0661\u0662/2020/NĐ-CP",
    "\U0001d7ce",
    "“",
    "_",
    "/",
    ".",
]
_texts = st.lists(st.sampled_from(_PIECES + _NEAR), max_size=40).map("".join)


def _spans(matches: Iterator[object]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@contextmanager
def _vector_scan_always() -> Iterator[None]:
    saved = citations.SCAN_MIN
    citations.SCAN_MIN = 0
    try:
        yield
    finally:
        citations.SCAN_MIN = saved


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_candidates_hold_every_match_start(text: str) -> None:
    u8 = scan_bytes(fold_aligned(text))
    if u8 is None:
        assert any(ord(c) > 0xFFFF for c in text)  # astral: the caller takes the plain scan
        return
    candidates = citations._vector_candidates(LiteralScan(u8, citations._CITATION_TABLE))
    assert candidates == sorted(set(candidates))
    for m in REFERENCE_RE.finditer(text):
        assert m.start() in candidates, (text, m.group())


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_vector_scan_is_finditer(text: str) -> None:
    text = text * 4
    with _vector_scan_always():
        assert _spans(iter_references(text)) == _spans(REFERENCE_RE.finditer(text))


@pytest.mark.parametrize(
    "name", ["phapdien-45.11-phong-chong-tac-hai-ruou-bia.md", "nd-75-2021-ND-CP-goc.md"]
)
def test_vector_scan_on_real_text(name: str) -> None:
    text, _enc = decode(real_file(name).read_bytes(), name)
    with _vector_scan_always():
        assert _spans(iter_references(text)) == _spans(REFERENCE_RE.finditer(text))
