from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.decode import DecodeError, decode

SAMPLE = "Nghị định số 08/2018/NĐ-CP quy định điều kiện kinh doanh sản xuất rượu"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 spells tones as combining marks after a precomposed base letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (to_cp1258(SAMPLE), "cp1258"),
        (unicodedata.normalize("NFD", SAMPLE).encode("utf-8"), "utf-8"),
    ],
)
def test_decodes_to_nfc(data: bytes, encoding: str) -> None:
    text, used = decode(data, "x.txt")
    assert text == SAMPLE
    assert used == encoding


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tệp rỗng"),
        (bytes(range(256)) * 20, "nhị phân"),
        ("Ngh× ®Þnh sè 08/2018/N§-CP quy ®Þnh ®iÒu kiÖn kinh doanh vµ c¸c".encode(), "TCVN3"),
        (
            "Nghò ñònh soá 08/2018/NÑ-CP quy ñònh ñieàu kieän kinh doanh vaø caùc".encode("cp1252"),
            "VNI",
        ),
    ],
)
def test_refuses_with_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError) as err:
        decode(data, "bad.txt")
    assert "bad.txt" in str(err.value)
    assert message in str(err.value)


@settings(max_examples=300, deadline=1000)
@given(st.binary(max_size=5000))
def test_arbitrary_bytes_decode_or_refuse(data: bytes) -> None:
    try:
        text, _ = decode(data, "fuzz.bin")
    except DecodeError as exc:
        assert "fuzz.bin" in str(exc)
    else:
        assert isinstance(text, str)
