"""The table-lookup fold for long texts gives exactly what `str.translate` with the fold table gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize import (
    _FOLD_ALIGNED_LIST,
    _FOLD_LIST,
    _VECTOR_MIN,
    fold,
    fold_aligned,
)

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
