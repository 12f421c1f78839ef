"""The province-style noise model (corpora/generator/noise_province.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpora.generator import GenerateError, generate, noise_province
from registry.matching.quantities import extract_quantities
from registry.matching.text import canonical_phrases, expand_abbreviations, raw_tokens


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (18, "mười tám"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (30, "ba mươi"),
        (105, "một trăm linh năm"),
        (1000, "một nghìn"),
        (2000, "hai nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (20000, "hai mươi nghìn"),
        (1_000_000, "một triệu"),
        (100_000_000, "một trăm triệu"),
    ],
)
def test_in_words(n: int, words: str) -> None:
    assert noise_province.in_words(n) == words


def _values(text: str) -> list[tuple[float, str]]:
    tokens = canonical_phrases(expand_abbreviations(raw_tokens(text)))
    return sorted((q.value, q.unit) for q in extract_quantities(tokens))


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["m²", "m³", "tháng", "giờ"]))
def test_numbers_in_words_keep_their_value(n: int, unit: str) -> None:
    """Spelled out, a quantity reads back as the same value (the diff engine decides on it)."""
    text = f"Có diện tích tối thiểu {n} {unit} tại cơ sở."
    spelled = noise_province.numbers_in_words(random.Random(n), text)
    assert spelled != text
    assert _values(spelled) == _values(text)


def test_split_restatement_keeps_the_number() -> None:
    text = "Có địa điểm cố định, diện tích tối thiểu 50 m², tách biệt với nơi sinh hoạt."
    assert noise_province.keep_the_number(text) == "Có địa điểm cố định, diện tích tối thiểu 50 m²."
    assert noise_province.keep_the_number("Có kho riêng, có biển.") == "Có kho riêng, có biển."


def test_amended_conditions_are_restated_whole() -> None:
    text = "Có kho, dung tích tối thiểu 2.000 m³, thuê từ 05 năm trở lên, thuộc sở hữu của cơ sở."
    for seed in range(50):
        _, ops = noise_province.apply(random.Random(seed), text, 1.0, whole=True)
        assert "keep_the_number" not in ops


def test_generate_with_province_noise(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", "sample", 2, noise="province")
    b = generate(tmp_path / "b", "sample", 2, noise="province")
    classic = generate(tmp_path / "c", "sample", 2)
    assert a == b and a["noise"] == "province" and "noise" not in classic
    req = "ground-truth/requirements.jsonl"
    assert (tmp_path / "a" / req).read_bytes() == (tmp_path / "b" / req).read_bytes()
    assert (tmp_path / "a" / req).read_bytes() != (tmp_path / "c" / req).read_bytes()
    with pytest.raises(GenerateError, match="mô hình nhiễu"):
        generate(tmp_path / "d", "sample", 2, noise="nope")
