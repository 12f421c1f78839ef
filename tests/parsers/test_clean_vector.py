"""The code-unit path of `clean` for long texts gives exactly the plain map-then-NFC result.

Its table calls a code unit "plain" only if the character can never change under NFC; that claim
is checked against the Unicode data here, so widening the plain ranges carelessly fails a test.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize import (
    _CLEAN_VECTOR_MIN,
    _ODD_MAP,
    _UNIT_KIND,
    _UNIT_ODD,
    _UNIT_PLAIN,
    _clean_vector,
    clean,
)


def _plain_clean(text: str) -> str:
    if text.isascii():
        return text.replace("\r", "")
    return unicodedata.normalize("NFC", "".join(_ODD_MAP.get(c, c) for c in text))


# Odd characters, combining marks (in and out of canonical order), bases they compose with,
# Hangul jamo, NFC singletons, astral characters, lone surrogates, CR and line separators.
_CHARS = [
    *"aeoiuAEđĐ \n\r\t.",
    *_ODD_MAP,
    *"\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323\u0345\u036f\u0370\u1ab0\u1dc0\u20d0\ufe20",
    *"âăơưÅeÊạ\u1100\u1161\u11a8\uac00\u212b\uf900\u0958\u0344\u05b0\u05b1\u2026\u201c",
    *("\U0001f600", "\U0001d15e", "\ud800", "\udfff", "\uffff"),
]
_PIECES = st.sampled_from(
    [
        *_CHARS,
        *("Nghị định số 08/2018/NĐ-CP ", "ĐIỀU 5. Mẫu\n", "x" * 90, "Mâ\u0303u\n"),
        "\r\n\u200b\u00ad\ufeff\r\n",  # dropped characters shift the marks after them
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join), st.integers(0, 2))
def test_clean_of_long_text_is_plain(body: str, where: int) -> None:
    filler = "Khoản 2 Điều 5 được sửa đổi như sau\n" * (_CLEAN_VECTOR_MIN // 36 + 1)
    text = (body + filler, filler + body, filler[:500] + body + filler[500:])[where]
    assert len(text) >= _CLEAN_VECTOR_MIN
    assert clean(text) == _plain_clean(text)


def test_code_unit_path_declines_what_it_cannot_index() -> None:
    long = "Điều 5. Mẫu\n" * 100
    assert _clean_vector(long + "\U0001f600") is None  # a surrogate pair: units are not characters
    assert _clean_vector(long + "\ud800") is None  # a lone surrogate cannot be encoded
    assert _clean_vector(long + "Mâ\u0303u") == long + "Mẫu"


def test_real_long_text_cases() -> None:
    base = "Điều 5. Nghị định này có hiệu lực thi hành kể từ ngày ký.\n" * 30
    for raw in (
        base + "Mâ\u0303u\u00a0số\r\n" + base,  # a mark, a no-break space, CRLF
        base + "e\u200b\u0301" + base,  # the mark composes once the zero-width space is gone
        "\u00d0iều 1\u2028" + base + "o\u0323\u0302\u2029",  # marks reordered, then composed
        base + "\u1100\u1161\u11a8 \u212b",  # Hangul jamo compose; Å (Angstrom) is a singleton
        "\r\n" * 40 + "a\u0301\n" + base,  # the mark is 40 code units left of where it was
    ):
        assert clean(raw) == _plain_clean(raw)


def test_plain_code_units_never_change_under_nfc() -> None:
    # NFC quick check "Maybe": characters that may compose with what precedes them.
    seconds = {0x1161 + i for i in range(21)} | {0x11A8 + i for i in range(27)}
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp)).split()
        if len(d) == 2 and not d[0].startswith("<"):
            seconds.add(int(d[1], 16))
    for unit in range(0x10000):
        c = chr(unit)
        if _UNIT_KIND[unit] == _UNIT_PLAIN:
            assert unicodedata.combining(c) == 0, hex(unit)
            assert unicodedata.normalize("NFC", c) == c, hex(unit)
            assert unit not in seconds, hex(unit)
        assert (_UNIT_KIND[unit] == _UNIT_ODD) == (c in _ODD_MAP), hex(unit)
