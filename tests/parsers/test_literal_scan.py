"""The one-pass literal scan finds exactly what `str.find` finds, and the stages that read it
(amendment verb lines, citation role lines) give what their plain scans give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import quoted_blocks, references
from parsers.decode import decode
from parsers.effects import lines as effects_lines
from parsers.effects import patterns as effects_patterns
from parsers.literal_scan import GramTable, LiteralScan, scan_bytes
from parsers.normalize import fold, fold_aligned
from parsers.text_context import _stage_literals, context_of, release
from tests.conftest import real_file

_LITERALS = (b"sua doi", b"bo sung", b"thay t", b"thay the", b"dieu", b"muc", b"luat", b"a b c d")
# Folded-looking pieces: the literals, their near misses, and what the byte table maps apart
# (non-ASCII letters and digits become "?" and "0").
_PIECES = [
    *(lit.decode() for lit in _LITERALS),
    "sua do",
    "bo sun",
    "thay",
    "mu",
    "muc\n",
    "dieuu",
    " ",
    "\n",
    "?",
    "0",
    "ư",
    "\u0663",
    "“",
    "\u0301",
    "a b c",
    "d",
    "x",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
_TABLE = GramTable(_LITERALS)


def _occurrences(text: str, literal: bytes) -> set[int]:
    needle = literal.decode() + (" " if len(literal) < 4 else "")
    return {i for i in range(len(text)) if text.startswith(needle, i)}


@settings(max_examples=500, deadline=None)
@given(_texts)
def test_starts_are_the_occurrences(text: str) -> None:
    u8 = scan_bytes(text)
    assert u8 is not None
    scan = LiteralScan(u8, _TABLE)
    for literal in _LITERALS:
        hits = scan.starts(literal).tolist()
        assert len(hits) == len(set(hits))
        assert set(hits) == _occurrences(text, literal), literal


@settings(max_examples=500, deadline=None)
@given(_texts, st.sets(st.sampled_from(_LITERALS)))
def test_line_starts_are_the_plain_scan(text: str, literals: set[bytes]) -> None:
    u8 = scan_bytes(text)
    assert u8 is not None
    plain = quoted_blocks._line_starts_holding(text, [lit.decode() for lit in literals])
    if b"muc" in literals:  # the scan finds a short literal with its space only
        plain = quoted_blocks._line_starts_holding(
            text, [lit.decode() for lit in literals - {b"muc"}] + ["muc "]
        )
    assert LiteralScan(u8, _TABLE).line_starts(literals) == plain


def test_astral_text_gets_no_scan() -> None:
    assert scan_bytes("dieu \U0001d7ce dieu") is None


@pytest.mark.parametrize("literal", [b"so 0", b"dieu?", "điều".encode(), b"a\nb"])
def test_literals_the_bytes_cannot_tell_apart_are_refused(literal: bytes) -> None:
    with pytest.raises(ValueError, match="cannot be scanned exactly"):
        GramTable([literal])


def _stage_scan(folded: str) -> LiteralScan:
    u8 = scan_bytes(folded)
    assert u8 is not None
    return LiteralScan(u8, _stage_literals())


_VERBISH = st.lists(
    st.sampled_from(
        [
            *effects_patterns._VERB_WORDS,
            *(w for _key, words in references._ROLE_VERBS for w in words),
            "sua do",
            "thay",
            "can cu ",
            "(",
            "- ",
            "** ",
            " ",
            "\n",
            "dieu 5",
            "ư",
        ]
    ),
    max_size=50,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_VERBISH)
def test_verb_lines_from_the_scan(folded: str) -> None:
    scan = _stage_scan(folded)
    assert effects_lines._verb_line_starts(folded, scan) == effects_lines._verb_line_starts(folded)


def _line_keys(text: str, folded: str, role_lines: set[int] | None) -> list[str | None]:
    keys = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        keys.append(references._line_key(text, folded, start, end, role_lines))
        start = end + 1
    return keys


@settings(max_examples=300, deadline=None)
@given(_VERBISH)
def test_line_keys_from_the_scan(folded: str) -> None:
    role_lines = _stage_scan(folded).line_starts(references.ROLE_LITERALS)
    assert _line_keys(folded, folded, role_lines) == _line_keys(folded, folded, None)


@pytest.mark.parametrize(
    "name",
    [
        "nd-55-2023-ND-CP-sua-doi-nd-75-2021.md",
        "luat-24-2012-QH13-sua-doi-bo-sung-luat-dien-luc.html",
        "phapdien-45.11-phong-chong-tac-hai-ruou-bia.md",
    ],
)
def test_scan_on_real_text(name: str) -> None:
    text, _enc = decode(real_file(name).read_bytes(), name)
    folded = fold_aligned(text)
    scan = _stage_scan(folded)
    assert effects_lines._verb_line_starts(folded, scan) == effects_lines._verb_line_starts(folded)
    role_lines = scan.line_starts(references.ROLE_LITERALS)
    assert _line_keys(text, folded, role_lines) == _line_keys(text, folded, None)


def test_context_scans_long_texts_only() -> None:
    short = "Điều 1. Sửa đổi khoản 2 Điều 5"
    long = short + "\n" * 9000
    try:
        assert context_of(short).scan is None
        scan = context_of(long).scan
        assert scan is not None
        assert scan.starts(b"sua doi").tolist() == [long.index("Sửa đổi")]
    finally:
        release(short)
        release(long)


_CLAUSES = st.lists(
    st.sampled_from(
        [
            "Sửa đổi",
            "bổ sung",
            "bãi bỏ",
            "Hủy bỏ",
            "thay thế",
            "thay cụm từ",
            "thay từ",
            "thay",
            "Căn cứ",
            "(",
            "[",
            "- ",
            "** ",
            "; ",
            ";",
            " ",
            "khoản 2 Điều 5",
            "Nghị định số 08/2018/NĐ-CP",
            "sua doi",
        ]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_CLAUSES)
def test_clause_roles_are_the_context_keys(line: str) -> None:
    folded = fold(line)
    roles = references._ClauseRoles(line, folded)
    for rel in range(len(line) + 1):
        assert roles.key(rel) == references._context_key(line, rel, False, folded), rel
