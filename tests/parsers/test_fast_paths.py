"""The speed-ups in parsers/ are exact: each fast path gives what the plain code it replaces gives.

Plain forms: `REFERENCE_RE.finditer`, `unicodedata.normalize("NFC")` after the odd-character
map, the MULTILINE `finditer` of the note patterns, the commencement patterns over the whole text,
one spaCy Doc per citation (`analyse`) instead of one Doc for all (`analyse_batch`).
"""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import metadata, notes
from parsers.citations import (
    _CASEFOLD_ODD,
    CHAIN_RE,
    DOC_TYPES,
    NAMED_DOCUMENT_RE,
    REFERENCE_RE,
    iter_chains,
    iter_references,
    may_cite_type,
)
from parsers.decode import decode
from parsers.nlp import analyse, analyse_batch
from parsers.normalize import _ODD_MAP, clean, fold, fold_aligned
from tests.conftest import real_file

# Pieces that make citations likely, so random texts exercise the matching paths.
_PIECES = [
    "Điều 5",
    "điều 12a",
    "ĐIỀU 3",
    "khoản 2",
    "Khoản 1 ",
    "điểm a",
    "điểm đ ",
    "các Điều 5, 6 và 7",
    "từ Điều 5 đến Điều 9",
    "tên Điều 9",
    "Chương II",
    "Mục 2",
    "Phụ lục I",
    "Nghị định số 08/2018/NĐ-CP",
    "Luật Điện lực",
    "Bộ luật Hình sự",
    "Thông tư 31/2022/TT-BTC",
    "1811/QĐ-UBND",
    "123456/2020/NĐ-CP",
    "12.5/2020/TT-BYT",
    "Nghị định này",
    "ngày 14 tháng 6 năm 2005",
    " của ",
    " tại ",
    " và ",
    ", ",
    "; ",
    "\n",
    " ",
    "được sửa đổi",
    "công ty",
    "điều kiện",
    "LUẬT ",
    "quyết định ",
    "\u0131",
    "\u212a",
    "\u0301",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_iter_references_is_finditer(text: str) -> None:
    text = text * 8  # past the short-text threshold too
    assert _spans(iter_references(text)) == _spans(REFERENCE_RE.finditer(text))
    assert _spans(iter_chains(text)) == _spans(CHAIN_RE.finditer(text))
    if not may_cite_type(text):
        assert NAMED_DOCUMENT_RE.search(text) is None


@pytest.mark.parametrize(
    "name",
    [
        "nd-55-2023-ND-CP-sua-doi-nd-75-2021.md",
        "luat-24-2012-QH13-sua-doi-bo-sung-luat-dien-luc.html",
        "phapdien-45.11-phong-chong-tac-hai-ruou-bia.md",
    ],
)
def test_fast_scans_on_real_text(name: str) -> None:
    text, _enc = decode(real_file(name).read_bytes(), name)
    assert _spans(iter_references(text)) == _spans(REFERENCE_RE.finditer(text))
    assert _spans(iter_chains(text)) == _spans(CHAIN_RE.finditer(text))
    for rx, opener in ((notes.NOTE_LINE_RE, "("), (notes.FOOTNOTE_RE, "[")):
        assert _spans(notes._line_matches(rx, text, opener)) == _spans(rx.finditer(text))
    for rx in (metadata._SELF_EFFECT, metadata._PART_EFFECT):
        assert _spans(metadata._around_anchor(rx, text)) == _spans(rx.finditer(text))


def test_casefold_guard_is_complete() -> None:
    """Every character the regex equates with a keyword letter folds to it, or is guarded."""
    letters = set("".join(DOC_TYPES).lower() + "điềukhoảnđểmtếchươngmụcphụlụctừcácên")
    letters = {c for c in letters if c.isalpha()}
    every = "".join(chr(cp) for cp in range(0x80, 0x30000) if not 0xD800 <= cp < 0xE000)
    for letter in letters:
        for other in re.findall("(?i)" + re.escape(letter), every):
            assert fold(other) == fold(letter) or other in _CASEFOLD_ODD, (letter, other)


def _plain_clean(text: str) -> str:
    if text.isascii():
        return text.replace("\r", "")
    text = "".join(_ODD_MAP.get(c, c) for c in text)
    return unicodedata.normalize("NFC", text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("aeoiuđĐ \n\r\t\u0300\u0301\u0323\u0309\u00a0\u200bÐðá\u1100\u1161\uf900Å\u212bx")
        ),
        max_size=40,
    ).map("".join)
)
def test_clean_is_nfc_of_the_mapped_text(text: str) -> None:
    assert clean(text) == _plain_clean(text)
    assert clean(clean(text)) == clean(text)


def test_fold_aligned_keeps_offsets() -> None:
    text = "Điều 5 o\u0320 khoản 2"
    assert len(fold_aligned(text)) == len(text)
    assert fold_aligned(text) == "dieu 5 o\u0320 khoan 2"
    assert fold(text) == "dieu 5 o khoan 2"


def test_analyse_batch_is_analyse() -> None:
    items = [
        ("khoản 2 Điều 5 Luật số 01/2020/QH14", ""),
        ("điểm a khoản 3 Điều 4", "can_cu"),
        ("Nghị định  số 08/2018/NĐ-CP", "sua_doi"),  # a double space: the tokenizer decides
        ("các Điều 5, 6 và 7", "bai_bo"),
        ("Nghị định này", "thay_the"),
    ]
    plain = [(d._.role, d._.document, d._.paths) for d in analyse(items)]
    assert analyse_batch(items) == plain
    assert analyse_batch([]) == []


def test_ascii_letters_untouched_by_guard() -> None:
    assert not set(_CASEFOLD_ODD) & set(string.ascii_letters)


# Pieces glued without blanks too, so that matches end right before letters, digits and marks
# (where the grammar's lookaheads read past a citation).
_GLUED = [
    *_PIECES,
    "Điều",
    "khoản",
    "II",
    "a",
    "a1",
    "5",
    "này",
    "ngày",
    "số",
    "TT-BTC",
    "/2020/",
    "QH14",
    "x",
    "_",
    "/",
    ".",
    "Kv",
    "số:",
    "liên tịch",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_GLUED), max_size=30).map("".join))
def test_analyse_batch_reads_the_finders_matches(text: str) -> None:
    """Reading a citation's groups from the match that found it in its text gives what matching
    the citation text by itself gives."""
    found = list(REFERENCE_RE.finditer(text))
    matches: dict[str, re.Match[str]] = {}
    for m in found:
        matches.setdefault(m.group(), m)
    items = [(m.group(), "") for m in found]
    assert analyse_batch(items, matches) == analyse_batch(items)
