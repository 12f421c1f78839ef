"""A text that `fold` shortens (a combining mark NFC could not compose) is read line by line from
its aligned fold, lines with a mark folded alone: the effects are those of the same text without
the mark."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_text
from parsers.effects import instruction_effects
from parsers.effects.documents import _literal_starts
from parsers.effects.lines import _mark_line_starts
from parsers.normalize import fold
from tests.parsers.test_effects_instructions import HEAD, POSITIVE, TAIL

_MARK = "\u0358"  # combining dot above right: no precomposed form


@pytest.mark.parametrize(("body", "expected"), POSITIVE)
def test_mark_after_the_instructions_changes_nothing(body: str, expected: object) -> None:
    plain = parse_text(HEAD + body + TAIL, "t.md")
    marked = parse_text(HEAD + body + TAIL + "Ghi chu" + _MARK + "\n", "t.md")
    assert len(fold(marked.text)) < len(marked.text)  # the shortened-fold path is taken
    assert instruction_effects(marked) == instruction_effects(plain)


def test_mark_lines() -> None:
    text = "a\nb" + _MARK + "c\n\nd" + _MARK + _MARK
    assert _mark_line_starts(text) == {2, 7}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ", max_size=40))
def test_literal_starts_as_finditer(s: str) -> None:
    words = ("aba", "ab", "b a", "aa")
    expected = {m.start() for w in words for m in re.finditer(re.escape(w), s)}
    assert _literal_starts(s, words) == expected


def test_aliases_beside_a_mark_after_the_head() -> None:
    head = "CHÍNH PHỦ\nNghị định số 10/2030/NĐ-CP (sau đây gọi là Nghị định 10)\n"
    text = head + "x" * 20000 + "ho\u0320at\n"
    doc = parse_text(text, "t.md")
    plain = parse_text(head + "x" * 20000 + "hoat\n", "t.md")
    assert instruction_effects(doc) == instruction_effects(plain)
