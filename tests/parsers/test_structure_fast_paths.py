"""Fast paths of the structure parser give exactly what the plain code gives.

On generated documents and on the real corpus: units and frames built by slot stores against the
dataclass's constructor, the open article and khoản the parser tracks against a walk of the
stack, and the quotation-mark flag worked out from mark positions against a scan of each line.
Against their plain forms: the label patterns that stop where the rest of the line begins, the
article id, Markdown stripping, row splitting, the first-character table of line readers and the
table of contents taken at once. The shared empty list of units without rows or related lines
reads as `[]` and refuses changes.
"""

from __future__ import annotations

import copy
import json
import pickle
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import plain, structure
from parsers.html_text import html_to_text
from parsers.model import Document, Unit, UnitKind, to_dict
from parsers.normalize import clean
from parsers.structure import frames as structure_frames
from parsers.structure import parser as structure_parser
from parsers.structure import patterns as structure_patterns
from parsers.structure.frames import _Frame
from parsers.structure.parser import _Parser
from tests.conftest import REAL, real_file
from tests.parsers.test_structure import _LINES


class _CheckedParser(_Parser):
    """Checks each unit `_open` builds against the dataclass's constructor; after every unit opened
    or closed and every line, that the tracked frames are what a walk of the stack finds; and that
    every line with a quotation mark went through the quotation update."""

    def __init__(self, text: str) -> None:
        self.lines = 0
        self.quote_updates: list[str] = []
        self._prev = ""
        super().__init__(text)

    def _find_plain(self, kind: UnitKind) -> _Frame | None:
        for fr in reversed(self.stack):
            if fr.unit.kind is kind:
                return fr
        return None

    def _check(self) -> None:
        assert self.art is self._find_plain(UnitKind.DIEU)
        assert self.khoan is self._find_plain(UnitKind.KHOAN)
        for fr in self.stack:
            assert fr.kind is fr.unit.kind

    def _open(
        self,
        kind: UnitKind,
        uid: str,
        start: int,
        number: str = "",
        heading: str = "",
        parent: _Frame | None = None,
        text: str = "",
        rank: int | None = None,
    ) -> _Frame:
        fr = super()._open(kind, uid, start, number, heading, parent, text, rank)
        u = fr.unit
        pid = parent.unit.id if parent else None
        assert u == Unit(u.id, kind, number, heading, "", pid, start, start)
        # Fresh lists where the parser fills them, the one shared empty list elsewhere.
        assert (type(u.rows) is list) is (kind is UnitKind.TABLE)
        assert (type(u.related) is list) is (kind is UnitKind.DIEU)
        assert all(
            x is structure_frames._NO_ITEMS for x in (u.rows, u.related) if type(x) is not list
        )
        assert fr.parts == ([text] if text else []) and fr.last_khoan is None
        assert fr.last_point is None
        assert fr.n_tiet == 0 and fr.n_table == 0
        self._check()
        return fr

    def _finish(self, fr: _Frame) -> None:
        super()._finish(fr)
        self._check()

    def _update_quote(self, s: str) -> None:
        self.quote_updates.append(s)
        super()._update_quote(s)

    # Set at the end of every line read as structure or as quoted text.
    @property  # type: ignore[override]
    def prev_line(self) -> str:
        return self._prev

    @prev_line.setter
    def prev_line(self, s: str) -> None:
        if '"' in s or "“" in s or "”" in s:
            assert s in self.quote_updates, s
        self.quote_updates.clear()
        self._prev = s
        self._check()
        self.lines += bool(s)  # not the parser's own "" at the start


def _checked_run(text: str) -> int:
    p = _CheckedParser(text)
    p.run()
    assert p.art is None and p.khoan is None and not p.stack
    return p.lines


_DOCUMENT_LINES = [
    "Chương I",
    "Điều 1. Phạm vi",
    "1. Khoản một:",
    "a) điểm a;",
    "b) điểm b; c) điểm c",
    "- tiết",
    "2. Khoản hai",
    "Điều 2. Sửa đổi như sau:",
    "1. Sửa đổi Điều 5 như sau:",
    "“Điều 5. Nội dung",
    "1. trích",
    "a) trích”.",
    "2. (được bãi bỏ)",
    "| a | b |",
    "x | y | z",
    "Phụ lục I",
    "1. không phải khoản",
    "Điều 3. Sau phụ lục",
    "Mục 2",
    "Điều 4.",
    "Tên điều",
    "Điều 45.4.NĐ.1.1. Mã",
    "(Điều 1 Nghị định số 1/2020/NĐ-CP)",
    "PHỤ LỤC",
    "1. trong phụ lục",
    "Điều 45.4.NĐ.1.2. Mã",
    "Nơi nhận:",
    "<table><tr><td>x</td></tr></table>",
    '**"Điều 6.** bold',
    '  "  mở',
    "## Danh sách điều khoản",
    "“Điều 1”",
]


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_tracked_frames_on_generated_text(text: str) -> None:
    _checked_run(text)


def test_tracked_frames_on_a_document_with_every_kind() -> None:
    assert _checked_run("\n".join(_DOCUMENT_LINES)) > 0


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name for p in REAL.iterdir() if p.suffix in (".md", ".html") and p.name != "PROVENANCE.md"
    )
    if REAL.is_dir()
    else [],
)
def test_tracked_frames_on_the_real_corpus(name: str) -> None:
    text = clean(real_file(name).read_text(encoding="utf-8"))
    if name.endswith(".html"):
        text, _ = html_to_text(text)
    assert _checked_run(text) > 0


def _units_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = to_dict(Document("x", "md", text, units=structure.parse_structure(text)[0]))
    with monkeypatch.context() as m:
        assert plain.use_plain(m.setattr) >= len(plain.PAIRS)
        slow = to_dict(Document("x", "md", text, units=structure.parse_structure(text)[0]))
    return fast, slow


def test_plain_forms_give_the_same_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """Units opened by the constructors, lines read by the chain of tests, quotation marks found
    by a scan of each line: the same units as the fast paths build."""
    fast, slow = _units_both_ways("\n".join(_DOCUMENT_LINES), monkeypatch)
    assert fast == slow


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in REAL.iterdir() if p.suffix == ".md" and p.name != "PROVENANCE.md")
    if REAL.is_dir()
    else [],
)
def test_plain_forms_give_the_same_units_on_the_real_corpus(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _units_both_ways(clean(real_file(name).read_text(encoding="utf-8")), monkeypatch)
    assert fast == slow


# The plain patterns: number groups, then the stripped rest of the line as the last group.
_PLAIN_REST = {
    "_DIEU": (
        re.compile(
            r"Điều\s+("
            + structure_patterns._ART_NUM
            + r")(?![\wĐđ])\s*(?:[.:]|[-–](?=\s)|(?=\s)|$)\s*(.*)"
        ),
        1,
    ),
    "_KHOAN": (
        re.compile(
            r"(\d{1,3})([a-zđ]?)\.(?:\[\d+\])?"
            r"(?:\s+|$|(?=\((?i:\s*(?:đã\s+)?(?:được|bị)\s+bãi\s+bỏ)))(.*)"
        ),
        2,
    ),
    "_DIEM": (re.compile(r"([a-zđ])(\d{0,2})\)(?:\[\d+\])?\s*(.*)"), 2),
}

# Whitespace of every kind str.strip and \s know (and "\x1c", "\x85", "\u2028"), label pieces,
# combining marks, astral and lone surrogate code points.
_LABEL_TEXT = st.lists(
    st.sampled_from(
        [
            *"Điều ĐđdaAbz09٣.:-–)([]\t\x0b\x0c\r\x1c\x85\xa0\u2028\u3000\u0301",
            *(
                "\U0001d7d8",
                "\ud800",
                "NĐ",
                "45.4",
                "1a",
                "đ1",
                "[12]",
                "được bãi bỏ",
                "Được bãi bỏ",
                "đã bị ",
            ),
        ]
    ),
    max_size=14,
).map("".join)


def _assert_plain_match(name: str, s: str) -> None:
    plain, n_numbers = _PLAIN_REST[name]
    m = getattr(structure_patterns, name).match(s)
    pm = plain.match(s)
    assert (m is None) == (pm is None), s
    if m and pm:
        numbers = pm.groups()[:n_numbers]
        # _KHOAN and _DIEM lead with the whole label, then its number and suffix.
        assert m.groups() == (numbers if n_numbers == 1 else ("".join(numbers), *numbers))
        assert s[m.end() :] == pm[n_numbers + 1] == pm[n_numbers + 1].strip()


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(sorted(_PLAIN_REST)), _LABEL_TEXT, _LABEL_TEXT)
def test_label_patterns_rest_is_the_plain_rest_group(name: str, head: str, tail: str) -> None:
    prefix = {"_DIEU": "Điều ", "_KHOAN": "2.", "_DIEM": "a)"}[name]
    for s in (head.strip(), (prefix + head).strip(), (prefix + head + " " + tail).strip()):
        if not s:
            continue
        _assert_plain_match(name, s)


@pytest.mark.parametrize(
    "s",
    [
        "Điều 5. Phạm vi điều chỉnh",
        "Điều 45.4.NĐ.1.1. Mã",
        "Điều 8a - Nội dung",
        "Điều 12",
        "2.(được bãi bỏ)",
        "3.[4] Khoản",
        "1a. Khoản chèn",
        "đ) điểm",
        "a1)[2] điểm",
        "b)",
    ],
)
def test_label_patterns_on_real_forms(s: str) -> None:
    for name in _PLAIN_REST:
        _assert_plain_match(name, s)


@settings(max_examples=1000, deadline=None)
@given(st.from_regex(structure_patterns._ART_NUM, fullmatch=True))
def test_article_id_is_the_segment_fold(number: str) -> None:
    assert structure_frames._article_id_fast(number) == structure_frames._article_id_plain(number)


@pytest.mark.parametrize("number", ["5", "8a", "52đ", "52d", "45.4.NĐ.1.1", "19.1.LQ.2", "3.TT.4đ"])
def test_article_id_on_real_numbers(number: str) -> None:
    assert structure_frames._article_id_fast(number) == structure_frames._article_id_plain(number)


_MARKDOWN_TEXT = st.lists(
    st.sampled_from([*"#>*_ \t\u2028\x85aĐ“|", "##", "###### ", "**", "__", "> ", "\U0001f600"]),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_MARKDOWN_TEXT)
def test_strip_markdown_is_the_plain_strip(s: str) -> None:
    assert structure_frames._strip_markdown_fast(s) == structure_frames._strip_markdown_plain(s)


@pytest.mark.parametrize(
    "s", ["### Điều 5. Tên", "#tag > x", "> > ## Mục 1", "**Chương I**", "*a) điểm*", "__x__ y"]
)
def test_strip_markdown_on_real_forms(s: str) -> None:
    assert structure_frames._strip_markdown_fast(s) == structure_frames._strip_markdown_plain(s)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*"|\\ a\u2028Đ", "\\|", " | ", "||"]), max_size=12).map("".join))
def test_split_row_is_the_plain_split(s: str) -> None:
    assert structure_frames._split_row_fast(s) == structure_frames._split_row_plain(s)


def _toc_plain(text: str, heading: str) -> tuple[str, int, int]:
    """Text, start and end of the table-of-contents paragraph as a line-by-line walk builds it."""
    parts: list[str] = []
    pos = start = end = 0
    for line in text.split("\n"):
        s = line.strip()
        if s and (parts or s == "## " + heading):
            if not parts:
                s, start = heading, pos + line.find(s[0])
            parts.append(s)
            end = pos + len(line.rstrip())
        pos += len(line) + 1
    return "\n".join(parts), start, end


_TOC_TAIL = st.lists(
    st.sampled_from(["", " ", "\t", "\u2028", "\x85 ", "Điều 1. A", " Điều 2 ", "x\x1c", "- y"]),
    max_size=12,
)


@pytest.mark.usefixtures("fast_and_plain")
@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TOC_TAIL, st.sampled_from(["", "\n", "\n \n"]))
def test_table_of_contents_is_the_line_walk(tail: list[str], after: str) -> None:
    heading = "Danh sách điều khoản"
    text = "Điều 1. Tên\n\n## " + heading + "".join("\n" + line for line in tail) + after
    units, _ = structure.parse_structure(text)
    toc = units[-1]
    assert toc.kind is UnitKind.PARAGRAPH
    assert (toc.text, toc.start, toc.end) == _toc_plain(text, heading)
    assert units[0].end == len("Điều 1. Tên")


def _handler_plain(c: str) -> object:
    """The chain of tests that picked a line's reader by its first character."""
    if c == "|":
        return _Parser._pipe_line
    if c == "Đ":
        return _Parser._dieu
    if c.isdigit():
        return _Parser._khoan
    if c.islower():
        return _Parser._diem
    if c == "C":
        return _Parser._chuong
    if c == "M":
        return _Parser._muc
    if c == "T":
        return _Parser._tieu_muc
    if c == "P":
        return _Parser._phan_or_phu_luc
    if c in "-–+•":
        return _Parser._tiet
    if c == "(":
        return _Parser._paren
    if c == "[":
        return _Parser._footnote
    return None


@settings(max_examples=3000, deadline=None)
@given(st.characters())
def test_line_handler_is_the_chain(c: str) -> None:
    looked_up = (
        structure_parser._HANDLER_TABLE[c]
        if c in structure_parser._HANDLER_TABLE
        else structure_parser._line_handler(c)
    )
    assert looked_up is _handler_plain(c)


def test_line_handler_table_is_the_chain() -> None:
    assert len(structure_parser._HANDLER_TABLE) > 800
    for c, handler in structure_parser._HANDLER_TABLE.items():
        assert handler is _handler_plain(c), c


@pytest.mark.usefixtures("fast_and_plain")
@pytest.mark.parametrize("after", ["", "\n", "\n\n", "\nĐiều 1. A", "\nĐiều 1. A\n \n"])
def test_table_of_contents_at_the_very_end(after: str) -> None:
    text = "Điều 1. Tên\n## Danh sách điều khoản" + after
    toc = structure.parse_structure(text)[0][-1]
    assert (toc.text, toc.start, toc.end) == _toc_plain(text, "Danh sách điều khoản")


def test_shared_empty_list_reads_as_an_empty_list_and_refuses_changes() -> None:
    units, _ = structure.parse_structure("Điều 1. Tên\n1. Khoản\na) Điểm\n| a | b |\n| c | d |")
    khoan = units[1]
    assert khoan.rows is structure_frames._NO_ITEMS and khoan.related is structure_frames._NO_ITEMS
    assert khoan.rows == [] and not khoan.rows and len(khoan.rows) == 0 and repr(khoan.rows) == "[]"
    assert khoan == Unit(
        khoan.id, khoan.kind, khoan.number, "", khoan.text, units[0].id, khoan.start, khoan.end
    )
    assert to_dict(Document("x", "md", "", units=units))["units"][1]["rows"] == []
    assert type(to_dict(Document("x", "md", "", units=units))["units"][1]["related"]) is list
    assert json.dumps(khoan.related) == "[]"
    assert pickle.loads(pickle.dumps(khoan)) == khoan
    assert copy.deepcopy(khoan) == khoan
    assert [*khoan.rows, ["x"]] == [["x"]] and list(khoan.related) == []
    for change in (
        lambda e: e.append(1),
        lambda e: e.extend([1]),
        lambda e: e.insert(0, 1),
        lambda e: e.pop(),
        lambda e: e.remove(1),
        lambda e: e.clear(),
        lambda e: e.sort(),
        lambda e: e.reverse(),
        lambda e: e.__setitem__(slice(0, 0), [1]),
        lambda e: e.__delitem__(slice(0, 0)),
        lambda e: e.__iadd__([1]),
        lambda e: e.__imul__(2),
    ):
        with pytest.raises(TypeError):
            change(khoan.rows)
    assert structure_frames._NO_ITEMS == []
    table = units[-1]
    assert table.kind is UnitKind.TABLE and table.rows == [["a", "b"], ["c", "d"]]
