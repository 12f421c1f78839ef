"""A repealed placeholder is read the same by every parser (parsers.wording.PLACEHOLDER).

Before the vocabulary had one home, "(đã bị bãi bỏ)" was a placeholder for the structure parser
only and "(Được bãi bỏ)" failed in effects; the strings here are written for the test.
"""

from __future__ import annotations

import pytest

from parsers import wording
from parsers.conditions import is_repealed
from parsers.model import Unit, UnitKind
from parsers.structure import parse_structure

PLACEHOLDERS = [
    "(được bãi bỏ)",
    "(Được bãi bỏ)",
    "(đã bị bãi bỏ)",
    "(Đã được bãi bỏ).",
    "(bị bãi bỏ);",
    "ĐƯỢC BÃI BỎ",
]
NOT_PLACEHOLDERS = [
    "Bãi bỏ khoản 2 Điều 5.",
    "(được sửa đổi)",
    "Cơ sở bị bãi bỏ giấy phép khi vi phạm.",
    "(được bãi bỏ) và thay bằng quy định mới",
]


def _khoan_2(body: str) -> Unit:
    units, _warnings = parse_structure(f"Điều 1. Phạm vi\n\n1. Nội dung thứ nhất.\n\n2. {body}\n")
    return next(u for u in units if u.id == "dieu_1__khoan_2")


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_every_reader_takes_a_placeholder(text: str) -> None:
    assert wording.is_placeholder(text)  # effects skips such a line as an instruction
    assert _khoan_2(text).repealed  # structure
    # conditions, on a unit the structure parser did not flag
    assert is_repealed(Unit(id="k", kind=UnitKind.KHOAN, text=text))


@pytest.mark.parametrize("text", NOT_PLACEHOLDERS)
def test_no_reader_takes_other_text(text: str) -> None:
    assert not wording.is_placeholder(text)
    assert not _khoan_2(text).repealed
    assert not is_repealed(Unit(id="k", kind=UnitKind.KHOAN, text=text))


def test_a_placeholder_glued_to_its_label_is_still_a_khoan() -> None:
    for text in ("(được bãi bỏ)", "(Được bãi bỏ)", "(đã bị bãi bỏ)"):
        units, _warnings = parse_structure(f"Điều 1. Phạm vi\n\n1. Nội dung.\n\n2.{text}\n")
        assert any(u.id == "dieu_1__khoan_2" and u.repealed for u in units), text


def test_the_printed_placeholder_reads_back_as_one() -> None:
    """What a consolidated text prints for a repealed unit is a placeholder to every reader."""
    assert wording.is_placeholder(wording.PRINTED_PLACEHOLDER)
    assert _khoan_2(wording.PRINTED_PLACEHOLDER).repealed
