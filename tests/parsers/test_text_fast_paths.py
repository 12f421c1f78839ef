"""Fast paths of text handling give exactly what the plain code gives.

The table-lookup fold for long texts against `str.translate` with the fold table; the replace-based
whitespace squash of HTML lines against the `_WS` regex.
"""

from __future__ import annotations

import gc
import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_text, structure
from parsers.decode import _VIET_LOWER, _VNI_PATTERN, detect_legacy
from parsers.html_text import _WS, _squash
from parsers.model import ParseWarning, Reference, Unit
from parsers.normalize import (
    _FOLD_ALIGNED_LIST,
    _FOLD_LIST,
    _VECTOR_MIN,
    fold,
    fold_aligned,
)
from tests.parsers.test_decode_fast_paths import _TCVN3_RE, _VIET_LETTERS

# Vietnamese letters, the Đ stand-ins, combining marks, astral and lone surrogate code points,
# and characters just past the fold table's end.
_ALPHABET = st.sampled_from(
    [
        *"Nghị địnhĐÐðđÁÀẢÃẠăâêôơưỳỹ AZaz09\n“”\u0300\u0301\u0323\u036f\u0370\u20ff\u2100",
        *("\U0001f600", "\U00020000", "\ud800", "\udfff", "\uffff", "ǅ", "ḁ"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=_VECTOR_MIN, max_size=3 * _VECTOR_MIN).map("".join))
def test_vector_fold_is_translate(text: str) -> None:
    assert fold(text) == text.translate(_FOLD_LIST)
    assert fold_aligned(text) == text.translate(_FOLD_ALIGNED_LIST)
    assert len(fold_aligned(text)) == len(text)


def test_long_vietnamese_text() -> None:
    text = "Khoản 2 Điều 5 Nghị định số 08/2018/NĐ-CP được sửa đổi, bổ sung như sau: " * 20
    assert len(text) > _VECTOR_MIN
    assert fold(text).startswith("khoan 2 dieu 5 nghi dinh so 08/2018/nd-cp duoc sua doi, bo sung")
    assert fold_aligned(text) == fold(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list(" \t\r\n\f\v\xa0\u2028ab đ")), max_size=40).map("".join))
def test_squash_is_the_regex(text: str) -> None:
    assert _squash(text) == _WS.sub(" ", text)


def test_vietnamese_letter_class_is_the_case_insensitive_one() -> None:
    plain = re.compile(f"[{_VIET_LOWER}]", re.IGNORECASE)
    chars = "".join(chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000)
    assert _VIET_LETTERS.findall(chars) == plain.findall(chars)


@pytest.mark.parametrize(
    "text",
    [
        "Ngh× ®Þnh sè 08/2018/N§-CP quy ®Þnh ®iÒu kiÖn kinh doanh " * 20,  # TCVN3
        "Nghò ñònh soá 08/2018/NÑ-CP quy ñònh ñieàu kieän kinh doanh " * 20,  # VNI
        "Nghị định số 08/2018/NĐ-CP quy định điều kiện kinh doanh " * 20,
        "Où êtes-vous? Ça va très bien, merci. " * 20,
    ],
)
def test_legacy_detection_matches_the_full_count(text: str) -> None:
    def plain(sample: str) -> str | None:
        sample = sample[:20000]
        viet = len(_VIET_LETTERS.findall(sample))
        vni = len(_VNI_PATTERN.findall(sample))
        tcvn = len(_TCVN3_RE.findall(sample))
        if vni <= 2 * viet and tcvn <= 2 * viet:
            return None
        letters = sum(map(str.isalpha, sample))
        if letters < 20:
            return None
        if vni > 0.01 * letters and vni > 2 * viet:
            return "VNI"
        if tcvn > 0.02 * letters and tcvn > 2 * viet:
            return "TCVN3"
        return None

    assert detect_legacy(text) == plain(text)


def test_parse_pauses_the_collector_and_restores_its_state() -> None:
    seen: list[bool] = []

    def probe(text: str) -> tuple[list[Unit], list[ParseWarning]]:
        seen.append(gc.isenabled())
        raise RuntimeError("stop")

    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with (
                pytest.raises(RuntimeError),
                mock.patch.object(structure, "parse_structure", probe),
            ):
                parse_text("Điều 1. Phạm vi điều chỉnh\n")
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [False, False]


def test_references_beside_a_stray_combining_mark() -> None:
    """A mark that NFC cannot compose makes the fold shorter than the text; the lines without
    one still read their context from the aligned fold, the line with one from its own fold."""
    base = (
        "Điều 1. Sửa đổi, bổ sung một số điều\n"
        "1. Sửa đổi khoản 2 Điều 5 Nghị định số 08/2018/NĐ-CP như sau: nội dung mới.\n"
        "Căn cứ Điều 3 Luật số 01/2020/QH14.\n"
    )
    marked = base + "3. Bãi bỏ khoản 4 Điều 6 Nghị định số 08/2018/NĐ-CP về ho\u0320at động.\n"
    assert len(fold(marked)) == len(marked) - 1

    def key(r: Reference) -> tuple[str, int, str, str, str]:
        return (r.text, r.start, r.role, r.document, r.unit)

    plain = [key(r) for r in parse_text(base).references]
    got = [key(r) for r in parse_text(marked).references]
    assert got[: len(plain)] == plain
    assert [(r[2], r[4]) for r in plain] == [("sua_doi", "dieu_5__khoan_2"), ("can_cu", "dieu_3")]
    assert [(r[2], r[3], r[4]) for r in got[len(plain) :]] == [
        ("bai_bo", "08/2018/NĐ-CP", "dieu_6__khoan_4")
    ]
