"""The effect finder's shortcuts are exact: each gives what the plain code it replaces gives.

Plain forms: `document_aliases` over the whole head, `_VERBS.finditer` over the folded text, the
article-heading test on every line, the per-character clause split, one search per verb pattern,
the regex searches that a folded-word test now guards, and a full `parse_note` of every note.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import citations, notes, quoted_blocks
from parsers.citations import CHAIN_RE, document_aliases
from parsers.decode import decode
from parsers.effects import clauses as effects_clauses
from parsers.effects import documents as effects_documents
from parsers.effects import lines as effects_lines
from parsers.effects import patterns as effects_patterns
from parsers.literal_scan import LiteralScan, scan_bytes
from parsers.model import Op
from parsers.normalize import fold, fold_aligned
from parsers.text_context import _stage_literals
from tests.conftest import real_file

_PIECES = [
    "Luật Điện lực",
    "LUẬT ĐIỆN LỰC",
    "Bộ luật Hình sự",
    "Nghị định số 08/2018/NĐ-CP",
    "Nghị quyết liên tịch số 01/2020/NQLT-BYT",
    "Thông tư 31/2022/TT-BTC",
    "Pháp lệnh",
    "số 28/2004/QH11",
    "1811/QĐ-UBND",
    "Nghị định này",
    " số ",
    "Sửa đổi, bổ sung",
    "SỬA ĐỔI tên",
    "sửa đổi, bổ sung tiêu đề",
    "bãi bỏ",
    "Hủy bỏ",
    "thay thế",
    "điều chỉnh",
    "bổ sung",
    "Ngưng hiệu lực",
    "tạm ngưng",
    "đình chỉ thi hành",
    "hết hiệu lực",
    "“",
    "”",
    '"',
    "; ",
    ", ",
    " ",
    "\n",
    "**",
    "Điều 5. ",
    "Điều 26.2.LQ.101. ",
    "khoản 2 Điều 5",
    "công ty",
    "\u0131",
    "\u017f",
    "\u212a",
    "\u0301",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_REAL = [
    "nd-55-2023-ND-CP-sua-doi-nd-75-2021.md",
    "luat-24-2012-QH13-sua-doi-bo-sung-luat-dien-luc.html",
    "phapdien-45.11-phong-chong-tac-hai-ruou-bia.md",
    "phapdien-hoa-chat.md",
]


def _aligned(text: str) -> str | None:
    folded = fold(text)
    return folded if len(folded) == len(text) else None


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_document_aliases_shortcut(text: str) -> None:
    assert effects_documents._document_aliases(text, _aligned(text)) == document_aliases(text)
    assert list(effects_documents._document_aliases(text, _aligned(text))) == list(
        document_aliases(text)
    )


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_documents_in_shortcut(text: str) -> None:
    aliases = document_aliases(text)
    plain = effects_documents._documents_in(text, aliases, "")
    assert effects_documents._documents_in(text, aliases, "", _aligned(text)) == plain


def _plain_split(s: str) -> Iterator[tuple[str, int]]:
    depth = 0
    start = 0
    for i, ch in enumerate(s):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            yield s[start:i], start
            start = i + 1
    yield s[start:], start


def _plain_first_verb(body: str) -> Op | None:
    best: tuple[int, Op] | None = None
    pairs = (
        (Op.AMEND, effects_patterns._AMEND),
        (Op.INSERT, effects_patterns._INSERT),
        (Op.REPEAL, effects_patterns._REPEAL),
    )
    for op, rx in pairs:
        m = rx.search(body)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), op)
    return best[1] if best else None


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_clause_shortcuts(text: str) -> None:
    assert list(effects_clauses._split_clauses(text)) == list(_plain_split(text))
    assert effects_clauses._first_verb(text) == _plain_first_verb(text)
    folded = fold(text)
    if len(folded) == len(text) and not any(c in text for c in effects_documents._CASEFOLD_ODD):
        assert effects_clauses._first_verb(text, folded) == _plain_first_verb(text)
        guarded = (
            (effects_patterns._RENAME, ("sua doi",)),
            (effects_clauses._FIRST_VERB, effects_clauses._FIRST_VERB_WORDS),
            (effects_patterns._SUSPEND, effects_clauses._SUSPEND_WORDS),
        )
        for rx, words in guarded:
            if rx.search(text) is not None:
                assert effects_clauses._may_have(folded, words), (rx.pattern, text)
    # Reading the operation alone gives the operation of the full parse.
    for prev in (None, effects_patterns._Clause(op=Op.AMEND, paths=[])):
        full = effects_clauses._parse_clause(text, 0, prev)
        bare = effects_clauses._parse_clause(text, 0, prev, folded, locate=False)
        assert (bare.op, bare.old_text, bare.new_text) == (full.op, full.old_text, full.new_text)
    assert effects_clauses._instruction_form(text) == effects_clauses._instruction_form(
        text, _aligned(text) or None
    )


def test_verb_guard_letters() -> None:
    """Every character the verb patterns equate with a letter of theirs folds to that letter's
    fold, or is one of the guarded odd characters."""
    words = "sửa đổi bổ sung bãi bỏ hủy thay thế điều chỉnh ngưng hiệu lực tạm đình chỉ thi hành"
    keywords = "điều khoản điểm tiết chương mục phụ lục"  # (_CHAIN_WORDS)
    letters = {c for c in words + keywords + " tên tiêu đề" if c.isalpha()}
    every = "".join(chr(cp) for cp in range(0x80, 0x30000) if not 0xD800 <= cp < 0xE000)
    for letter in letters:
        for other in re.findall("(?i)" + re.escape(letter), every):
            assert fold(other) == fold(letter) or other in effects_documents._CASEFOLD_ODD, (
                letter,
                other,
            )


@pytest.mark.parametrize("name", _REAL)
def test_line_scans_on_real_text(name: str) -> None:
    text, _enc = decode(real_file(name).read_bytes(), name)
    raw_lines = text.split("\n")
    starts = [0]
    for raw in raw_lines[:-1]:
        starts.append(starts[-1] + len(raw) + 1)
    folded = fold(text)
    assert len(folded) == len(text)
    plain_verbs = {
        bisect.bisect_right(starts, m.start()) - 1 for m in effects_patterns._VERBS.finditer(folded)
    }
    index = bisect.bisect_right
    verbs = {index(starts, p) - 1 for p in effects_lines._verb_line_starts(folded)}
    assert verbs == plain_verbs
    plain_headings = {
        n for n, raw in enumerate(raw_lines) if effects_patterns._ARTICLE_HEADING.match(raw.strip())
    }
    headings = {
        index(starts, p) - 1
        for p in effects_lines._heading_candidates(text, 0, len(text))
        if effects_lines._is_heading(text, p)
    }
    assert headings == plain_headings
    assert effects_documents._document_aliases(text[:20000], folded) == document_aliases(
        text[:20000]
    )
    plain_notes = [(n.start, notes.note_effects(n)) for n in notes.iter_note_lines(text)]
    assert list(notes.iter_note_line_effects(text)) == plain_notes


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "B", "Đ", "đ", ".", ":", " ", "  ", "x. Y", "1."]), max_size=30)
)
def test_sentence_spans_are_the_split(pieces: list[str]) -> None:
    part = "".join(pieces)
    spans = list(effects_clauses._sentence_spans(part))
    assert [part[a:b] for a, b in spans] == re.split(r"(?<=[.:])[ ]+(?=[A-ZĐ])", part)


_UNICODE = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["\ud800", "\u0301", "\r"]),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_texts | _UNICODE)
def test_has_first_verb_is_first_verb_found(text: str) -> None:
    assert effects_clauses._has_first_verb(text, fold(text)) == (
        effects_clauses._first_verb(text) is not None
    )


@settings(max_examples=400, deadline=None)
@given(_texts | _UNICODE, st.booleans())
def test_type_matches_are_finditer(text: str, give_fold: bool) -> None:
    folded = fold_aligned(text + " Luật") if give_fold else None  # a longer fold will do
    for rx in (citations.NAMED_DOCUMENT_RE, citations._ALIAS_RE):
        got = [(m.span(), m.groups()) for m in effects_documents._type_matches(rx, text, folded)]
        assert got == [(m.span(), m.groups()) for m in rx.finditer(text)]


_PLAIN_FROM_DATE = re.compile(r"(?:kể[ ])?từ[ ]ngày[ ]([^,;)]{6,30})")
_date_texts = st.lists(
    st.sampled_from(
        ["kể ", "kể", "từ ", "từ ngày ", "ngày ", "01/7/2031", "1 tháng 7 năm 2031", ", ", ";", ")"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_date_texts | _texts)
def test_from_date_reads_the_plain_date(text: str) -> None:
    m, plain = effects_patterns._FROM_DATE.search(text), _PLAIN_FROM_DATE.search(text)
    assert (m and m.group(1)) == (plain and plain.group(1))


def test_plain_guards_the_odd_characters() -> None:
    for odd in effects_documents._CASEFOLD_ODD:
        text = f"a{odd}b"
        assert not effects_clauses._plain(text, fold(text))
    assert effects_clauses._plain("ab", "ab")
    assert not effects_clauses._plain("a\u0301", fold("a\u0301"))


_CHAIN_TEXTS = st.lists(
    st.sampled_from(
        [
            "Điều 5",
            "khoản 2",
            "ĐIỂM a",
            "Tiết 1",
            "chương II",
            "Mục 3",
            "phụ lục I",
            "các ",
            "từ ",
            "tên ",
            "của ",
            ", ",
            " và ",
            " ",
            "x",
            "\u0131",
            "\u212a",
            "\u0301",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_CHAIN_TEXTS | _UNICODE)
def test_chain_words_guard_chains(text: str) -> None:
    """A plain text with a provision chain holds a folded keyword (what lets a clause without an
    operation skip the chain search)."""
    folded = fold(text)
    if CHAIN_RE.search(text) is not None and effects_clauses._plain(text, folded):
        assert any(w in folded for w in effects_clauses._CHAIN_WORDS), text


_VERB_TEXTS = st.lists(
    st.sampled_from(
        [
            *effects_patterns._VERB_WORDS,
            *("thay t", "ngung", "dinh chi", "cum tu", "\n", " ", "x", "dinh "),
            *("chi thi hanh", "chi hieu luc", "\ndinh chi hieu luc"),
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    _VERB_TEXTS | st.lists(st.sampled_from(["dinh ", "chi thi hanh", "chi hieu luc"])).map("".join)
)
def test_verb_lines_are_exact(folded: str) -> None:
    starts = {0} | {i + 1 for i, c in enumerate(folded) if c == "\n"}
    exact = {
        s
        for s in starts
        if effects_patterns._VERBS.search(folded[s : quoted_blocks._line_end(folded, s)])
    }
    assert effects_lines._verb_line_starts(folded) == exact
    u8 = scan_bytes(folded)
    assert u8 is not None
    assert effects_lines._verb_line_starts(folded, LiteralScan(u8, _stage_literals())) == exact


_LEAD = "[ *_]*"
_PLAIN_IMPERATIVE = re.compile(effects_clauses._IMPERATIVE.pattern.removeprefix(_LEAD))
_PLAIN_SUBJECT = re.compile(effects_clauses._SUBJECT.pattern.removeprefix(_LEAD))


def _plain_instruction_form(part: str) -> bool:
    for sentence in re.split(r"(?<=[.:])[ ]+(?=[A-ZĐ])", part):
        folded = fold(sentence).lstrip(" *_")
        if _PLAIN_IMPERATIVE.match(folded):
            return True
        if _PLAIN_SUBJECT.match(folded) and effects_clauses._PASSIVE.search(
            effects_clauses._AS_AMENDED.sub("", folded)
        ):
            return True
    return False


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_PIECES, ". ", ": ", " * ", "_", "Tại khoản 2", "Nội dung", "tại"]),
        max_size=20,
    )
)
def test_instruction_form_as_plain(pieces: list[str]) -> None:
    part = "".join(pieces)
    assert effects_clauses._IMPERATIVE.pattern.startswith(_LEAD)
    assert effects_clauses._SUBJECT.pattern.startswith(_LEAD)
    plain = _plain_instruction_form(part)
    assert effects_clauses._instruction_form(part) == plain
    folded = fold(part)
    if len(folded) == len(part):
        assert effects_clauses._instruction_form(part, folded) == plain


@pytest.mark.parametrize(
    "part",
    [
        "Tại khoản 2. Nội dung, bổ sung",  # no form: "tại …," does not reach past the sentence
        "Nghị định này có hiệu lực. Bãi bỏ Nghị định số 1/2020/NĐ-CP",
        "** Sửa đổi Điều 5",
        "Khoản 2 Điều 5 đã được sửa đổi tại Luật số 1/2020/QH14. Cơ quan thực hiện",
        "Khoản 2 Điều 5 được sửa đổi",
        "Cơ quan: Sửa đổi",
        "Bộ trưởng ban hành, sửa đổi, bổ sung Danh mục",
    ],
)
def test_instruction_form_on_sentences(part: str) -> None:
    assert effects_clauses._instruction_form(part) == _plain_instruction_form(part)
    assert effects_clauses._instruction_form(part, fold(part)) == _plain_instruction_form(part)


_HEAD = (
    "Căn cứ Luật Hải quan số 54/2014/QH13; Luật Quản lý thuế số 78/2006/QH11; Bộ luật Hình sự số "
    "100/2015/QH13; Nghị quyết liên tịch Hướng dẫn số 01/2020/NQLT-BYT; Thông tư số "
    "38/2015/TT-BTC hướng dẫn"
)
_CLAUSE_PIECES = [
    "Luật Hải quan",
    "Luật Hải",
    "luật hải quan năm 2014",
    "Luật Quản lý",
    "Bộ luật Hình sự",
    "Bộ luật",
    "Nghị quyết liên tịch Hướng dẫn",
    "Nghị quyết liên",
    "Nghị quyết",
    "Thông tư này",
    "Thông tư hướng dẫn",
    "Thông tư",
    " hướng dẫn",
    " ngày 01 tháng 7 năm 2020",
    " số 12-CP",
    " 5-CP",
    "-",
    "Điều 5 ",
    " của ",
    " tại ",
    ", ",
    " ",
    "x",
    "\u0131",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=12).map("".join))
def test_documents_in_alias_guard(text: str) -> None:
    """Without "/" or "-", only a name an alias resolves cites a document."""
    for aliases in (document_aliases(_HEAD), {"luat hai quan": "54/2014/QH13"}, {}):
        plain = effects_documents._documents_in(text, aliases, "")
        assert effects_documents._documents_in(text, aliases, "", _aligned(text)) == plain


def test_alias_stems() -> None:
    stems = effects_documents._alias_stems(tuple(document_aliases(_HEAD)))
    assert stems is not None
    assert "nghi quyet lien" in stems  # the shortest type of "nghi quyet lien tich …"
    assert "bo luat hinh" in stems
    assert effects_documents._alias_stems(("cong uoc abc",)) is None  # no document type: no guard
