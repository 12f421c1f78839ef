"""`notes._line_matches` finds exactly the matches of a scan over every offset."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import notes

_PIECES = [
    "(",
    ")",
    "[",
    "]",
    "\n",
    " ",
    "((",
    "(Điều 5 Luật số 12/2020/QH14)",
    "(Điều 5 Luật số 12/2020/QH14 )",
    "(Khoản 1 Điều 2 Thông tư 3/TTg  )  ",
    "(Điểm a khoản 2 Điều 8 Nghị quyết liên tịch số 01/2020/NQLT-BYTa nội dung)",
    "(Khoản 2 Điều 3 Nghị định số 10/2030/NĐ-CP, có nội dung bị bãi bỏ bởi Điều 4 Nghị định số "
    "11/2031/NĐ-CP)",
    "[3] Khoản này được sửa đổi theo quy định tại khoản 1 Điều 1 của Luật số 1/2021/QH15",
    "[12]",
    "Điều 7. ",
    "nội dung",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_line_matches_as_finditer(text: str) -> None:
    for rx, opener in ((notes.NOTE_LINE_RE, "("), (notes.FOOTNOTE_RE, "[")):
        fast = [m.span() for m in notes._line_matches(rx, text, opener)]
        assert fast == [m.span() for m in rx.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_every_note_line_has_a_head(text: str) -> None:
    """What lets `iter_note_line_effects` accept a note without "bởi" unparsed."""
    for m in notes.NOTE_LINE_RE.finditer(text):
        assert notes._note_head(m.group().rstrip())[0] is not None


_NOTES = st.lists(
    st.sampled_from(
        [
            "(Điều 2 Luật số 54/2014/QH13, có hiệu lực thi hành kể từ ngày 01/01/2015, có nội dung "
            "được sửa đổi, có nội dung được bổ sung bởi Điều 2 Thông tư số 81/2019/TT-BTC có hiệu "
            "lực thi hành kể từ ngày 01/01/2020)",
            "(Khoản 3 Điều 2 Luật số 54/2014/QH13, có hiệu lực thi hành kể từ ngày 01/01/2015, có "
            "nội dung được sửa đổi, có nội dung được bổ sung bởi Điều 2 Thông tư số 81/2019/TT-BTC "
            "có hiệu lực thi hành kể từ ngày 01/01/2020)",
            "(Điều 4 Thông tư số 35/2018/TT-BYT, có hiệu lực thi hành kể từ ngày 01/01/2019, bị bãi "
            "bỏ bởi khoản 2 Điều 1 Thông tư số 12/2022/TT-BYT)",
            "(Điều 5 Nghị định số 10/2030/NĐ-CP)",
            "(Điều 6 Nghị định số 10/2030/NĐ-CP, có nội dung được/bị thay thế bởi Điều 4 Nghị "
            "định số 11/2031/NĐ-CP có hiệu lực kể từ ngày 1 tháng 2 năm 2032)",
        ]
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(_NOTES)
def test_shared_note_parts_parse_as_alone(texts: list[str]) -> None:
    """Notes parsed with the parts of earlier notes (one `_NoteParts`) read as when parsed alone,
    and share no mutable state."""
    parts = notes._NoteParts()
    shared = [notes._parse_note(t, n, parts) for n, t in enumerate(texts)]
    assert shared == [notes.parse_note(t, n) for n, t in enumerate(texts)]
    for note in shared:
        if note is not None:
            note.operations.append("x")
    assert all(n is None or n.operations.count("x") == 1 for n in shared)
    text = "\n".join(texts)
    plain = [(n.start, notes.note_effects(n)) for n in notes.iter_note_lines(text)]
    assert list(notes.iter_note_line_effects(text)) == plain
    line_starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    assert list(notes.iter_note_line_effects(text, line_starts)) == plain


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.lists(st.integers(-2, 400), max_size=20))
def test_note_line_at_any_offset(text: str, offsets: list[int]) -> None:
    lines = {m.start() for m in notes._line_matches(notes.NOTE_LINE_RE, text, "(")}
    for p in offsets:
        assert notes.is_note_line(text, p) == (p in lines)
