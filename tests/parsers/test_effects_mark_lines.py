"""A text that `fold` shortens (a combining mark NFC could not compose) is read line by line from
its aligned fold, lines with a mark folded alone: the effects are those of the same text without
the mark."""

from __future__ import annotations

import pytest

from parsers import parse_text
from parsers.effects import _mark_line_starts, instruction_effects
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
