"""The fast paths of `decode` give what the plain code gives.

The NUL check looks for a NUL byte in UTF-8 and Windows-1258 input (the same thing there) and for
the character in UTF-16 text; the encodings here cover every branch, with NULs past the first
64 KiB that the early byte check reads. The counts of the first 20,000 characters (controls,
Vietnamese letters, TCVN3 markers, VNI characters) come from a code-unit table, compared here
with the regex scans.
"""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.decode import (
    _SAMPLE,
    _TCVN3_MARKERS,
    _VIET_LOWER,
    DecodeError,
    _sample_counts,
    decode,
)

# The plain scans the table counts stand in for (both cases spelled out, as IGNORECASE would).
_VIET_LETTERS = re.compile(f"[{_VIET_LOWER}{_VIET_LOWER.upper()}]")
_TCVN3_RE = re.compile("[" + re.escape("".join(sorted(_TCVN3_MARKERS))) + "]")

_FILLER = "Nghị định này quy định điều kiện kinh doanh.\n" * 1500  # > 64 KiB in every encoding
_ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-sig": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16": lambda s: s.encode("utf-16"),
    # "â"/"á" bytes on their own are not UTF-8: decode falls back to Windows-1258
    "cp1258": lambda s: s.encode("cp1258", errors="replace"),
}


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.sampled_from("aâá \n\x00"), max_size=30),
    st.sampled_from(sorted(_ENCODINGS)),
    st.booleans(),
)
def test_nul_is_refused_iff_present(tail: str, encoding: str, far: bool) -> None:
    # (a few hundred characters first, so that NUL bytes never look like UTF-16)
    text = (_FILLER if far else "Điều 5 " * 60) + "âá " + tail
    if encoding == "cp1258":
        text = text.encode("cp1258", errors="replace").decode("cp1258")
    data = _ENCODINGS[encoding](text)
    if "\x00" in text:
        with pytest.raises(DecodeError, match="NUL"):
            decode(data, "x.txt")
    else:
        assert decode(data, "x.txt")[1] == encoding


def _plain_counts(sample: str) -> list[int]:
    return [
        len(re.findall("[\x00-\x08\x0e-\x1f]", sample)),
        len(_VIET_LETTERS.findall(sample)),
        len(_TCVN3_RE.findall(sample)),
        len(re.findall("[ñÑøùúûõï]", sample)),
    ]


# Members of each set (some of several), their neighbours in code-unit order, astral characters
# and lone surrogates.
_COUNT_CHARS = st.sampled_from(
    [*"\x00\x08\x09\x0d\x0e\x1f\x20aăâđĐêỹỸ®§¬×ÞñÑøùúûõïòá«¡", "\U0001f600", "\ud800", "\udfff"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_COUNT_CHARS, max_size=200).map("".join))
def test_sample_counts_are_the_regex_counts(sample: str) -> None:
    assert _sample_counts(sample) == _plain_counts(sample)


def test_sample_counts_cover_the_whole_sample() -> None:
    sample = ("Điều ® ñ\x01 " * 2000)[:_SAMPLE]
    assert _sample_counts(sample) == _plain_counts(sample)
