"""`_line_clauses` tells prose from instructions as the plain form did: every clause's operation
parsed first, then the instruction form read for those with an operation of their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.dates import parse_date
from parsers.effects import clauses as effects_clauses
from parsers.effects import documents as effects_documents
from parsers.effects import instructions as effects_instructions
from parsers.effects import patterns as effects_patterns
from parsers.normalize import fold


def _plain_line_clauses(
    instr: str, offset: int, aliases: dict[str, str], own: str
) -> list[effects_patterns._Clause]:
    clauses: list[effects_patterns._Clause] = []
    prev: effects_patterns._Clause | None = None
    for part, off in effects_clauses._split_clauses(instr):
        if not part.strip():
            continue
        c = effects_clauses._parse_clause(part, offset + off, prev, locate=False)
        own_verb = c.op is not None and (prev is None or c.op is not prev.op)
        if own_verb and not effects_clauses._instruction_form(part):
            clauses.append(
                effects_patterns._Clause(op=None, paths=[], text=part, start=offset + off)
            )
            prev = None
            continue
        c = effects_clauses._parse_clause(part, offset + off, prev)
        c.paths = [p for p in c.paths if not p.relative()]
        if c.anchor is not None and c.anchor.relative():
            c.anchor = None
        if c.parent is not None and c.parent.relative():
            c.parent = None
        c.documents = effects_documents._documents_in(part, aliases, own)
        d = effects_patterns._FROM_DATE.search(part)
        if d:
            c.effective = parse_date(d.group(1))
        clauses.append(c)
        prev = c
    return clauses


_PIECES = [
    "Bãi bỏ ",
    "bãi bỏ ",
    "Sửa đổi, bổ sung ",
    "sửa đổi ",
    "Bổ sung ",
    "bổ sung ",
    "Thay thế ",
    "thay cụm từ “a” bằng cụm từ “b” ",
    "bỏ cụm từ “c” ",
    "hết hiệu lực ",
    "ngưng hiệu lực ",
    "được sửa đổi, bổ sung bởi ",
    "được sửa đổi ",
    "Bộ trưởng ban hành, ",
    "khoản 2 ",
    "Điều 5 ",
    "điểm a khoản 1 Điều 3 ",
    "vào sau khoản 1 ",
    "Nghị định số 10/2030/NĐ-CP ",
    "Thông tư 31/2022/TT-BTC ",
    "Luật này ",
    "kể từ ngày 01 tháng 7 năm 2031 ",
    "tên Điều 9 ",
    "; ",
    ", ",
    ". ",
    "\u0131",
]
_LINES = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_line_clauses_as_plain_form(instr: str) -> None:
    aliases: dict[str, str] = {}
    folded = fold(instr)
    aligned = folded if len(folded) == len(instr) else None
    got = effects_instructions._line_clauses(instr, 7, aligned, aliases, "1/2031/NĐ-CP")
    assert got == _plain_line_clauses(instr, 7, aliases, "1/2031/NĐ-CP")


@settings(max_examples=400, deadline=None)
@given(_LINES, st.sampled_from(["", ";", "; ", " ;  ", "“;", ";”"]))
def test_lone_prose_lines_yield_nothing(instr: str, end: str) -> None:
    """A line `_lone_prose` passes over is one clause that reads as prose."""
    instr += end
    folded = fold(instr)
    if len(folded) == len(instr) and effects_instructions._lone_prose(instr, folded):
        clauses = effects_instructions._line_clauses(instr, 7, folded, {}, "1/2031/NĐ-CP")
        assert len(clauses) == 1
        assert clauses[0].op is None and not clauses[0].paths and not clauses[0].documents


@pytest.mark.parametrize(
    ("instr", "lone"),
    [
        (
            "(Điều 2 Luật số 54/2014/QH13, có hiệu lực thi hành kể từ ngày 01/01/2015, có nội dung "
            "được sửa đổi, có nội dung được bổ sung bởi Điều 2 Thông tư số 81/2019/TT-BTC)",
            True,
        ),
        ("Chứng từ liên quan đến thông tin sửa đổi, bổ sung (nếu có): 01 bản chụp;", True),
        ("Hồ sơ khai bổ sung gồm tờ khai. Cơ quan hải quan tiếp nhận hồ sơ bổ sung.", True),
        ("Nộp hồ sơ bổ sung; nộp phí theo quy định;", False),  # two clauses: read as clauses
        ("Sửa đổi, bổ sung khoản 2 Điều 5 như sau", False),
        ("Khoản 2 Điều 5 được sửa đổi", False),
        ("Cơ quan hải quan tiếp nhận hồ sơ. Bãi bỏ Điều 5 Thông tư số 1/2020/TT-BTC.", False),
        ("“Sửa đổi cụm từ;", False),
    ],
)
def test_lone_prose_on_real_lines(instr: str, lone: bool) -> None:
    folded = fold(instr)
    assert effects_instructions._lone_prose(instr, folded) is lone
    if lone:
        assert all(
            c.op is None for c in effects_instructions._line_clauses(instr, 0, folded, {}, "")
        )
