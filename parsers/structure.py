"""Structure parser: cleaned line-oriented text (Markdown, plain text, or HTML turned into lines)
to the units of docs/ARCHITECTURE.md.

One pass over the lines with a stack of open units. Each line is classified by its first
character and at most a couple of compiled regexes, so the parse is linear in the text.

What makes it more than a label matcher:

* numbering sequences (parsers.numbering) decide whether "c)" or "3." is a label or text;
* quoted new text inside an amending instruction ("1. Sửa đổi Điều 1 như sau:" / "“Điều 1. …”")
  is folded into the instruction's text; a quotation left unclosed is cut at the next line that
  is clearly the amending document's own next item, so it cannot swallow the document;
* pháp điển source notes go to `Unit.note`, "(Điều này có nội dung liên quan đến …)" lines to
  `Unit.related`; the pháp điển front-matter table and closing table of contents are not units;
* tables (Markdown pipe rows or HTML `<table>` fragments in Markdown) become table units.

The parser never rejects input: text it cannot place becomes paragraph units, with a warning when
the document has no article at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn

from parsers import wording
from parsers.html_text import html_table_rows
from parsers.model import ParseWarning, Unit, UnitKind
from parsers.normalize import fold
from parsers.numbering import (
    article_int,
    khoan_key,
    next_khoan_number,
    next_khoan_ok,
    next_point_letter,
    next_point_ok,
    ordinal_value,
    roman_to_int,
)

# Enum member lookups cost ~100 ns each on Python 3.11; the per-line code reads these instead.
_CHUONG_K = UnitKind.CHUONG
_DIEM_K = UnitKind.DIEM
_DIEU_K = UnitKind.DIEU
_KHOAN_K = UnitKind.KHOAN
_MUC_K = UnitKind.MUC
_PARAGRAPH_K = UnitKind.PARAGRAPH
_PHAN_K = UnitKind.PHAN
_PHU_LUC_K = UnitKind.PHU_LUC
_TABLE_K = UnitKind.TABLE
_TIET_K = UnitKind.TIET
_TIEU_MUC_K = UnitKind.TIEU_MUC

# Nesting ranks: a new unit closes every open unit of the same or a deeper rank.
_RANK = {
    _PHAN_K: 0,
    _CHUONG_K: 1,
    _MUC_K: 2,
    _TIEU_MUC_K: 3,
    _DIEU_K: 4,
    _KHOAN_K: 5,
    _DIEM_K: 6,
    _TIET_K: 7,
    _TABLE_K: 9,
    _PARAGRAPH_K: 10,
}
_RANK_APPENDIX_TOP = -1  # a document's appendix closes everything
_RANK_APPENDIX_IN_ARTICLE = 5  # a pháp điển appendix sits inside its article

# --- line patterns (applied to a line stripped of Markdown decoration) -------------------------

# The label patterns of the per-line paths end where the rest of the line begins: the rest is
# `s[m.end():]`, already stripped (a stripped line, and each pattern ends in a greedy \s, or
# before "("), where a trailing "\s*(.*)" group would copy it character by character.
_ART_NUM = r"\d+[a-zđ]?(?:\.(?:\d+[a-zđ]?|[A-ZĐ]{1,8}))*"
_DIEU = re.compile(r"Điều\s+(" + _ART_NUM + r")(?![\wĐđ])\s*(?:[.:]|[-–](?=\s)|(?=\s)|$)\s*")
# "2.(được bãi bỏ)": pháp điển prints a repealed khoản's placeholder without a blank.
# Groups: the label ("1a", "đ1"), then its number and suffix.
_KHOAN = re.compile(
    rf"((\d{{1,3}})([a-zđ]?))\.(?:\[\d+\])?(?:\s+|$|(?={wording.PLACEHOLDER_OPENING}))"
)
_DIEM = re.compile(r"(([a-zđ])(\d{0,2}))\)(?:\[\d+\])?\s*")
_INLINE_POINT = re.compile(r"[;.:]\s+([a-zđ]\d?)\)\s")
_TIET = re.compile(r"[-–+•]\s*(.*)")
_SEP = r"\s*(?:[.:\-–]\s*)?"
_CHUONG = re.compile(r"(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)(?![\wĐđ])" + _SEP + r"(.*)")
_MUC = re.compile(r"(?:Mục|MỤC)\s+(\d+[a-z]?|[IVXLC]+)(?![\wĐđ])" + _SEP + r"(.*)")
_TIEU_MUC = re.compile(r"(?:Tiểu mục|TIỂU MỤC)\s+(\d+|[IVXLC]+)(?![\wĐđ])" + _SEP + r"(.*)")
_PHAN = re.compile(
    r"(?:Phần|PHẦN)\s+((?:thứ|THỨ)\s+[^\s:.\-–]+|[IVXLC]+|\d+)(?![\wĐđ])" + _SEP + r"(.*)"
)
_PHU_LUC = re.compile(
    r"(?:Phụ lục|PHỤ LỤC|Phụ Lục)(?:\s+(?:số|SỐ))?(?:\s+([IVXLC]+|\d+[a-zA-Z]?))?(?![\wĐđ])"
    + _SEP
    + r"(.*)"
)
_TABLE_SEP = re.compile(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]\s")
_MD_LEAD = re.compile(r"(?:#{1,6}\s+|>\s*)+")
_REPEALED = wording.PLACEHOLDER
_NOTE = re.compile(
    r"\((?:Điều|Khoản|Điểm|Mục|Chương|Phần|Phụ lục|Nghị định|Thông tư|Luật|Quyết định|Nghị quyết)\s"
)
_RELATED = "(Điều này có nội dung liên quan"
# Lines after which a document's body is over (signature block, list of recipients).
_END_MARK = re.compile(r"(?:\|\s*)?(?:Nơi nhận\s*(?::|\||$)|TM\.\s|T/M\s|KT\.\s|TL\.\s|TUQ\.\s)")
# Upper-case lines that open a signature block or repeat the letterhead after the last article
# ("CHÍNH PHỦ", "THỦ TƯỚNG", "KT. BỘ TRƯỞNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"): the body is
# over even when no "Nơi nhận" follows. Matched against the line's first cell, whole.
_SIGNATURE = re.compile(
    r"(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?(?:PHÓ\s+)?(?:CHÍNH PHỦ|QUỐC HỘI|THỦ TƯỚNG(?: CHÍNH PHỦ)?|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH(?: [^\s|].*)?|CHỦ NHIỆM|THỐNG ĐỐC|TỔNG KIỂM TOÁN(?: NHÀ NƯỚC)?|"
    r"CHÁNH ÁN|VIỆN TRƯỞNG|(?:TỔNG )?GIÁM ĐỐC|(?:TỔNG )?CỤC TRƯỞNG|(?:ỦY|UỶ) BAN NHÂN DÂN(?: .*)?|"
    r"HỘI ĐỒNG NHÂN DÂN(?: .*)?|BỘ (?!LUẬT)\S.*|CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
    r"XÁC THỰC VĂN BẢN HỢP NHẤT)"
)
# Folded vocabulary of amending instructions.
_AMEND = re.compile(wording.STRUCTURE_MARKS)
# Folded headings of the closing articles of an amending document.
_CLOSING = re.compile(r"hieu luc|thi hanh|trach nhiem|chuyen tiep|to chuc thuc hien|ap dung")
_STRUCT_WORD = re.compile(r"(?:Chương|Điều|Mục|Phần|khoản|điểm|Khoản|Điểm)\b")
_OPEN_QUOTES = "“\"'‘"
_QUOTE_MARKS = '"“”'  # the marks that open or close a quotation (`_quote_delta`)


class _Frame:
    """An open unit while the parser walks the lines; `_Parser._open` makes every one."""

    __slots__ = ("kind", "last_khoan", "last_point", "n_table", "n_tiet", "parts", "rank", "unit")
    unit: Unit
    kind: UnitKind  # the unit's, read on every line
    rank: int
    parts: list[str]
    last_khoan: str | None
    last_point: str | None
    n_tiet: int
    n_table: int


# Building an object by `object.__new__` and slot stores in `_Parser._open` costs about half a
# class call, which enters a Python `__init__` from C.
_new_object = object.__new__


class _SharedEmpty(list[Any]):
    """The `rows` of every unit but tables and the `related` of every unit but articles: one
    shared empty list (two fresh ones per unit cost ~3% of the parse, and the collector walks them
    afterwards), equal to `[]` and serialised as one; changing it in place raises."""

    __slots__ = ()


def _refuse(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError("this empty list is shared by many units: assign a new list instead")


for _name in (
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "sort",
    "reverse",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
):
    setattr(_SharedEmpty, _name, _refuse)
_NO_ITEMS = _SharedEmpty()


def _article_id(number: str) -> str:
    """Id of the article numbered `number` (an `_ART_NUM` match).

    Pháp điển codes fold NĐ/TT to ascii ("45.4.nd.1.1"); ordinary numbers keep "8a". Only the
    upper-case document-type segments are folded, so "52đ" and "52d" stay distinct: the other
    segments are digits with at most a lower-case letter, and of the upper-case letters only "Đ"
    does not fold to its lower case.
    """
    if "Đ" in number:
        number = number.replace("Đ", "D")
    return "dieu_" + number.lower()


def _heading_or_text(rest: str) -> tuple[str, str]:
    """Split what follows an article label into (heading, text).

    Headings do not end a sentence; "Điều 2. Quyết định này có hiệu lực … ký." is text.
    """
    if not rest:
        return "", ""
    last = rest[-1]
    if last in ":;" or (last == "." and len(rest) > 60 and not rest.isupper()):
        return "", rest
    return rest, ""


def _is_title_rest(rest: str) -> bool:
    """Whether what follows "Chương II" / "Mục 2" / "Phụ lục I" reads as a title, not a sentence."""
    if not rest:
        return True
    c = rest[0]
    if c.islower():
        return False
    if _STRUCT_WORD.match(rest):
        return False
    f = fold(rest[:120])
    return not any(map(f.__contains__, wording.SENTENCE_MARKS))


def _strip_markdown(s: str) -> str:
    if s[0] in "#>":
        # The leading run of marks is the first match a `sub` would find: cut it directly.
        m = _MD_LEAD.match(s)
        s = s[m.end() :] if m else _MD_LEAD.sub("", s, count=1)
    if "*" in s and "**" in s:
        s = s.replace("**", "")
    if "_" in s and "__" in s:
        s = s.replace("__", "")
    if len(s) > 2 and s[0] in "*_" and s[-1] == s[0]:
        s = s[1:-1]
    return s.strip()


def _find_or_end(text: str, ch: str, start: int) -> int:
    i = text.find(ch, start)
    return len(text) if i < 0 else i


def _last_line_end(lines: list[str], end: int) -> int:
    """Where the last non-blank of `lines` (the text's last lines, up to `end`) ends once stripped;
    -1 if they are all blank."""
    for line in reversed(lines):
        kept = line.rstrip()
        if kept:
            return end - len(line) + len(kept)
        end -= len(line) + 1
    return -1


def _split_row(s: str) -> list[str]:
    inner = s.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    if "\\" not in inner:  # no escaped pipe: every "|" splits (str.split is ~3× the regex's speed)
        return [c.strip() for c in inner.split("|")]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(inner)]


def _quote_delta(s: str) -> tuple[int, bool]:
    """Net curly-quote depth change of a line, and whether it has an odd number of '"'."""
    d = 0
    if "“" in s or "”" in s:
        d = s.count("“") - s.count("”")
    return d, (s.count('"') % 2 == 1) if '"' in s else False


_INSTRUCTION_END = re.compile(r"nhu sau\s*:?\s*$|:\s*$")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.units: list[Unit] = []
        self.warnings: list[ParseWarning] = []
        self.stack: list[_Frame] = []
        self.ids: set[str] = set()
        self.last_end = 0
        self.n_para = 0
        self.n_table_top = 0
        self.n_appendix = 0
        self.n_open_appendix = 0  # appendix units on the stack (most lines ask)
        # The open article and khoản: at most one of each is on the stack, the khoản above its
        # article (an article closes rank >= 4; a khoản opens only on top of an open article).
        self.art: _Frame | None = None
        self.khoan: _Frame | None = None
        self.last_article_int = -1
        self.last_article_key: tuple[int, int] = (-1, 0)
        self.expect_note: _Frame | None = None
        self.want_heading: _Frame | None = None
        # Quotation state: curly depth, straight-quote parity, the unit that owns it.
        self.q_depth = 0
        self.q_straight = False
        self.q_owner: _Frame | None = None
        self.q_article: _Frame | None = None
        self.q_khoan: _Frame | None = None
        self.q_start = -1
        self.q_articles = False
        self.code_doc = False
        self.prev_line = ""
        self.cur_start = 0
        self.opened_article = False

    # --- stack helpers ---------------------------------------------------------------------

    def _close_to(self, rank: int) -> None:
        """Close every open unit whose rank is >= rank."""
        stack = self.stack
        while stack and stack[-1].rank >= rank:
            self._finish(stack.pop())

    def _finish(self, fr: _Frame) -> None:
        """Close a popped frame: the unit's end and text, and whether it is a repealed placeholder
        ("1. (được bãi bỏ)"); the unit's text and repealed flag are set here only."""
        u = fr.unit
        kind = fr.kind
        end = self.last_end
        start = u.start
        u.end = end if end > start else start
        parts = fr.parts
        text = (parts[0] if len(parts) == 1 else "\n".join(parts)) if parts else ""
        if kind is _KHOAN_K or kind is _DIEM_K or kind is _TIET_K:
            if kind is _KHOAN_K:
                self.khoan = None
            if text:
                u.text = text
                if len(text) < 40 and _REPEALED.fullmatch(text):
                    u.repealed = True
            return  # never a heading or note awaited (below)
        if kind is _DIEU_K:
            self.art = None
            probe = text or u.heading
            if probe and len(probe) < 40 and _REPEALED.fullmatch(probe):
                u.repealed = True
        elif kind is _PHU_LUC_K:
            self.n_open_appendix -= 1
        elif kind is _TABLE_K:
            text = "\n".join(" | ".join(r) for r in u.rows)
        if text:
            u.text = text
        if self.want_heading is fr:
            self.want_heading = None
        if self.expect_note is fr:
            self.expect_note = None

    def _find(self, *kinds: UnitKind) -> _Frame | None:
        for fr in reversed(self.stack):
            if fr.kind in kinds:
                return fr
        return None

    def _unique(self, uid: str) -> str:
        if uid not in self.ids:
            self.ids.add(uid)
            return uid
        k = 2
        while f"{uid}_{k}" in self.ids:
            k += 1
        self.warnings.append(
            ParseWarning("duplicate_id", f"unit id {uid} repeats; kept as {uid}_{k}")
        )
        uid = f"{uid}_{k}"
        self.ids.add(uid)
        return uid

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
        """Close the open units of the new unit's rank or deeper, then push it, with `text` (if
        any) as its first text line.

        The per-line callers pass everything positionally (cheaper) and leave the closing to this.
        """
        if rank is None:
            rank = _RANK[kind]
        stack = self.stack
        while stack and stack[-1].rank >= rank:  # `_close_to(rank)`, one call less per unit
            self._finish(stack.pop())
        ids = self.ids
        if uid in ids:
            uid = self._unique(uid)
        else:
            ids.add(uid)
        # Unit(uid, kind, number, heading, "", parent id, start, start), every field stored
        # (tests/parsers/test_structure_fast_paths.py holds this to the dataclass).
        u = _new_object(Unit)
        u.id = uid
        u.kind = kind
        u.number = number
        u.heading = heading
        u.text = ""
        u.parent = parent.unit.id if parent else None
        u.start = start
        u.end = start
        u.repealed = False
        u.note = ""
        u.rows = [] if kind is _TABLE_K else _NO_ITEMS
        u.related = [] if kind is _DIEU_K else _NO_ITEMS
        fr = _new_object(_Frame)
        fr.unit = u
        fr.kind = kind
        fr.rank = rank
        fr.parts = [text] if text else []
        fr.last_khoan = None
        fr.last_point = None
        fr.n_tiet = 0
        fr.n_table = 0
        if kind is _KHOAN_K:
            self.khoan = fr
        elif kind is _DIEU_K:
            self.art = fr
        elif kind is _PHU_LUC_K:
            self.n_open_appendix += 1
        stack.append(fr)
        self.units.append(u)
        return fr

    def _text(self, s: str) -> None:
        """Attach a text line to the innermost open unit, or make it a paragraph."""
        stack = self.stack
        if stack and stack[-1].kind is _TABLE_K:
            self._finish(stack.pop())
        if stack:
            stack[-1].parts.append(s)
        else:
            self.n_para += 1
            fr = self._open(_PARAGRAPH_K, f"p_{self.n_para}", self.cur_start)
            fr.parts.append(s)

    # --- quotations ------------------------------------------------------------------------

    def _quote_open(self) -> bool:
        return self.q_depth > 0 or self.q_straight

    def _update_quote(self, s: str) -> None:
        if '"' not in s and "“" not in s and "”" not in s:
            return
        d, odd = _quote_delta(s)
        if not d and not odd:
            return
        was_open = self._quote_open()
        if odd and (d > 0 or (d == 0 and self.q_depth > 0 and not self.q_straight)):
            # “…" : a straight quote closing a curly one
            d -= 1
            odd = False
        self.q_depth = max(0, self.q_depth + d)
        if odd:
            self.q_straight = not self.q_straight
        if self._quote_open() and not was_open:
            # Only an amending instruction ("… như sau:") quotes text over several lines; an
            # unbalanced quote in ordinary prose (OCR, typos) stays within its line.
            q = min((i for i in (s.find("“"), s.find('"')) if i >= 0), default=0)
            before = fold(s[:q]) if q > 0 else fold(self.prev_line[-80:])
            if not _INSTRUCTION_END.search(before.rstrip()):
                self.q_depth = 0
                self.q_straight = False
                return
            quoted = s[q:].lstrip(_OPEN_QUOTES + " ") if q > 0 else s.lstrip(_OPEN_QUOTES + " ")
            self.q_articles = quoted.startswith("Điều")
            self.q_owner = self.stack[-1] if self.stack else None
            self.q_article = self.art
            self.q_khoan = self.khoan
            self.q_start = self.cur_start

    def _ends_quote(self, s: str) -> bool:
        """A line that is clearly the amending document's own next item ends a runaway quote."""
        c = s[0]
        if c.isdigit():
            m = _KHOAN.match(s)
            art = self.q_article
            if (
                m
                and art is not None
                and not m[3]
                and int(m[2]) == next_khoan_number(art.last_khoan)
            ):
                return bool(_AMEND.search(fold(s[m.end() :])))
            return False
        if c == "Đ":
            m = _DIEU.match(s)
            art = self.q_article
            if m and "." in m.group(1) and _article_id(m.group(1)) not in self.ids:
                return True  # a pháp điển code heading is never quoted text
            if m and art is not None:
                n = article_int(m.group(1))
                if n >= 0 and n == article_int(art.unit.number) + 1:
                    if not self.q_articles:
                        return True  # a quoted clause or point cannot run into an article
                    f = fold(s[m.end() :])
                    return bool(_CLOSING.search(f) or _AMEND.search(f))
            return False
        if c.islower():
            m = _DIEM.match(s)
            k = self.q_khoan
            if m and k is not None and not m[3] and m[2] == next_point_letter(k.last_point):
                return bool(_AMEND.search(fold(s[m.end() :])))
            return False
        return bool(_END_MARK.match(s))

    def _close_quote(self, why: str) -> None:
        self.warnings.append(
            ParseWarning("unclosed_quote", f"quotation not closed; ended at {why}", self.q_start)
        )
        self.q_depth = 0
        self.q_straight = False

    # --- main loop -------------------------------------------------------------------------

    def run(self) -> None:
        text = self.text
        pos = 0
        n = len(text)
        lines = text.split("\n")
        i = 0
        # YAML front matter.
        if lines and lines[0].strip() == "---":
            for j in range(1, min(len(lines), 200)):
                if lines[j].strip() in ("---", "..."):
                    pos = sum(len(x) + 1 for x in lines[: j + 1])
                    i = j + 1
                    break
        skip_info = False
        html_buf: list[str] | None = None
        html_start = 0
        html = "<" in text  # few texts have any: their lines need no look for a table
        # Where the next of each quotation mark is (n: none left): a line holds one exactly when
        # one of these falls inside it, so lines are not scanned for marks few of them hold, and
        # each mark is found once.
        q_at = [_find_or_end(text, q, 0) for q in _QUOTE_MARKS]
        q_next = min(q_at)
        stack = self.stack
        for line in lines[i:] if i else lines:
            start = pos
            pos += len(line) + 1
            s = line.strip()
            if not s:
                continue
            # s[0] is not a blank, so its first occurrence is where the stripped line starts.
            c = s[0]
            cur_start = start if s is line else start + line.find(c)
            self.cur_start = cur_start
            line_end = cur_start + len(s)
            if html_buf is not None:
                html_buf.append(line)
                self.last_end = line_end
                if "</table" in s.lower():
                    self._html_table("\n".join(html_buf), html_start)
                    html_buf = None
                continue
            if skip_info:
                if s == "---" or fold(s).lstrip("# ").startswith("van ban"):
                    skip_info = False
                continue
            # Per-line substring tests look for one character before a longer needle: a longer
            # needle goes through CPython's general substring search (~0.1 µs on a typical line),
            # one character is a memchr (~0.02 µs), and most lines have neither.
            if c in "#>*_" or ("*" in s and "**" in s):
                s = _strip_markdown(s)
                if not s:
                    continue
                c = s[0]
                # Only the three short headings below matter; fold keeps length.
                hf = fold(s) if len(s) <= 20 else ""
                if hf == "thong tin van ban":
                    skip_info = True
                    continue
                if hf == "van ban" and line.lstrip().startswith("#"):
                    continue  # the pháp điển site's section heading above the body
                if hf == "danh sach dieu khoan":
                    # The closing table of contents: every line to the end of the text goes into
                    # one paragraph, so the rest is taken at once.
                    self._close_to(_RANK_APPENDIX_TOP)
                    self.last_end = line_end
                    self.n_para += 1
                    toc = self._open(_PARAGRAPH_K, f"p_{self.n_para}", cur_start)
                    toc.parts.append(s)
                    # The lines after this one, one per newline from this line's end on.
                    rest = lines[len(lines) - text.count("\n", pos - 1) :]
                    toc.parts.extend(filter(None, map(str.strip, rest)))
                    end = _last_line_end(rest, n)
                    if end >= 0:
                        self.last_end = end
                    break
            if html and "<" in s and "<table" in s.lower() and c != "|":
                html_start = cur_start
                if "</table" in s.lower():
                    self.last_end = line_end
                    self._html_table(line, html_start)
                else:
                    html_buf = [line]
                    self.last_end = line_end
                continue
            # Markdown stripping never removes a quotation mark: the line's marks are s's.
            quoted = False
            if q_next < line_end:
                if q_next < cur_start:  # marks on lines skipped above: look past them
                    for k, q in enumerate(_QUOTE_MARKS):
                        if q_at[k] < cur_start:
                            q_at[k] = _find_or_end(text, q, cur_start)
                    q_next = min(q_at)
                quoted = q_next < line_end
            if (self.q_depth > 0 or self.q_straight) and self._quotation_takes(s):
                self.last_end = line_end
                self.prev_line = s
                continue
            # The line as structure (the loop's body rather than a method: a call per line costs
            # a few percent of the parse). A paragraph is one block: the next line starts anew.
            if stack and stack[-1].kind is _PARAGRAPH_K:
                self._finish(stack.pop())
            handled = False
            if c in _OPEN_QUOTES:
                pass  # quoted text is never structure of this document
            elif (
                "|" in s
                and " | " in s
                and (
                    (stack and stack[-1].kind is _TABLE_K)
                    or s.count(" | ") >= 2
                    or self.n_open_appendix > 0
                )
            ):
                # a pipe row without outer pipes (tables converted without a header row)
                handled = self._table_row(s)
            else:
                try:
                    handler = _HANDLERS[c]
                except KeyError:
                    handler = _line_handler(c)
                if handler is not None:
                    handled = handler(self, s)
            if not handled:
                if (
                    c in "NTKQ|"
                    and _END_MARK.match(s)
                    and not self._in_code_article()
                    and self.art is not None
                ):
                    self._close_to(_RANK_APPENDIX_TOP)
                    if c == "|":
                        handled = self._table_row(s)
                if not handled:
                    wh = self.want_heading
                    if wh is not None and stack and stack[-1] is wh and c not in _OPEN_QUOTES:
                        wh.unit.heading = s
                        self.want_heading = None
                    else:
                        if len(s) <= 90 and s[1:2].isupper() and self._signature(s):
                            self._close_to(_RANK_APPENDIX_TOP)
                        if stack and stack[-1].kind is not _TABLE_K:
                            stack[-1].parts.append(s)  # what `_text` does, without the call
                        else:
                            self._text(s)
            if self.opened_article:
                self.opened_article = False
            else:
                self.expect_note = None
            if quoted:
                self._update_quote(s)
            self.last_end = line_end
            self.prev_line = s
        if html_buf is not None:
            self._html_table("\n".join(html_buf), html_start)
        if self._quote_open():
            self._close_quote("the end of the document")
        self.last_end = min(self.last_end, n)
        self._close_to(_RANK_APPENDIX_TOP)
        if not any(u.kind is _DIEU_K for u in self.units) and self.units:
            self.warnings.append(
                ParseWarning(
                    "no_articles", "no article (Điều) found; the text is kept as paragraphs", 0
                )
            )

    def _quotation_takes(self, s: str) -> bool:
        """Inside an open quotation: the line is quoted text of the quotation's owner (True), unless
        it is clearly the amending document's own next item, which closes the quotation (False)."""
        if self._ends_quote(s):
            self._close_quote(f"line {s[:40]!r}")
            return False
        owner = self.q_owner
        if owner is not None and owner in self.stack:
            while self.stack[-1] is not owner:
                self._finish(self.stack.pop())
            owner.parts.append(s)
        else:
            self._text(s)
        self._update_quote(s)
        return True

    def _pipe_line(self, s: str) -> bool:
        if _END_MARK.match(s) and not self._in_code_article() and self.art is not None:
            self._close_to(_RANK_APPENDIX_TOP)
        return self._table_row(s)

    def _footnote(self, s: str) -> bool:
        """A footnote line after the body ends the body; it is text itself."""
        if _FOOTNOTE.match(s) and not self._in_code_article():
            self._close_to(_RANK_APPENDIX_TOP)
        return False

    def _signature(self, s: str) -> bool:
        """An upper-case signature or letterhead line after an article: the body ends here."""
        if len(s) > 90 or not s.isupper():
            return False
        cell = s.split("|", 1)[0].strip() if "|" in s else s
        return (
            _SIGNATURE.fullmatch(cell) is not None
            and not self._in_code_article()
            and self.art is not None
        )

    def _in_code_article(self) -> bool:
        art = self.art
        return art is not None and "." in art.unit.number

    # --- unit kinds ------------------------------------------------------------------------

    def _dieu(self, s: str) -> bool:
        m = _DIEU.match(s)
        if not m:
            return False
        number, rest = m[1], s[m.end() :]
        if rest and rest[0].islower():
            return False  # "Điều 5 được sửa đổi …" is a sentence
        uid = _article_id(number)
        if "." not in number:
            if self.code_doc:
                return False  # in a pháp điển đề mục, "Điều 1." is a form or quoted text
            n = article_int(number)
            key = khoan_key(number)
            if key <= self.last_article_key:
                self.warnings.append(
                    ParseWarning(
                        "article_out_of_order",
                        f"'Điều {number}' after Điều {self.last_article_key[0]}: kept as text",
                        self.cur_start,
                    )
                )
                return False
            self.last_article_key = key
            self.last_article_int = n
        elif uid in self.ids:
            return False
        else:
            self.code_doc = True
        self._close_to(_RANK[_DIEU_K])
        # An appendix at rank -1 was closed only if the article is a new one; close it now.
        if self.n_open_appendix > 0:
            self._close_to(_RANK_APPENDIX_TOP)
        parent = self._find(_TIEU_MUC_K, _MUC_K, _CHUONG_K, _PHAN_K)
        # Pháp điển headings are titles even when long and ending with a full stop.
        heading, text = (rest, "") if "." in number else _heading_or_text(rest)
        fr = self._open(_DIEU_K, uid, self.cur_start, number, heading, parent, text)
        self.expect_note = fr
        self.opened_article = True
        return True

    def _khoan(self, s: str) -> bool:
        m = _KHOAN.match(s)
        if not m or self.n_open_appendix > 0:
            return False
        art = self.art
        if art is None:
            return False
        label = m[1]
        if not next_khoan_ok(art.last_khoan, label):
            return False
        art.last_khoan = label
        uid = f"{art.unit.id}__khoan_{label}"
        self._open(_KHOAN_K, uid, self.cur_start, label, "", art, s[m.end() :])
        return True

    def _diem(self, s: str) -> bool:
        m = _DIEM.match(s)
        if not m or self.n_open_appendix > 0:
            return False
        parent = self.khoan or self.art
        if parent is None:
            return False
        label = m[1]
        # A list announced by "…:" may start past "a)" when the source lost its first points.
        gap = 4 if parent.last_point is None and self.prev_line.endswith(":") else 2
        if not next_point_ok(parent.last_point, label, gap):
            return False
        parent.last_point = label
        uid = f"{parent.unit.id}__diem_{label}"
        body = s[m.end() :]
        self._open(_DIEM_K, uid, self.cur_start, label, "", parent, body)
        if ")" in body and ") " in body:
            # Points run together on one line ("b) …; c) …; d) …"): keep counting them so the
            # next line's "đ)" is still in sequence.
            for im in _INLINE_POINT.finditer(body):
                if next_point_ok(parent.last_point, im.group(1)):
                    parent.last_point = im.group(1)
        return True

    def _tiet(self, s: str) -> bool:
        stack = self.stack
        if not stack or stack[-1].kind not in (_DIEM_K, _TIET_K):
            return False
        m = _TIET.match(s)
        if not m or (s[0] == "-" and s[1:2] == "-"):
            return False
        self._close_to(_RANK[_TIET_K])
        diem = stack[-1]
        diem.n_tiet += 1
        k = str(diem.n_tiet)
        fr = self._open(_TIET_K, f"{diem.unit.id}__tiet_{k}", self.cur_start, k, "", diem)
        fr.parts.append(m.group(1).strip())
        return True

    def _container(self, kind: UnitKind, m: re.Match[str], number: str, uid: str) -> bool:
        rest = m.group(2).strip()
        if not _is_title_rest(rest):
            return False
        self._close_to(_RANK[kind])
        if self.n_open_appendix > 0:
            self._close_to(_RANK_APPENDIX_TOP)
        parent: _Frame | None = None
        if kind is _MUC_K:
            parent = self._find(_CHUONG_K, _PHAN_K)
        elif kind is _TIEU_MUC_K:
            parent = self._find(_MUC_K)
        elif kind is _CHUONG_K:
            parent = self._find(_PHAN_K)
        if parent is not None and kind in (_MUC_K, _TIEU_MUC_K) and parent.kind is not _PHAN_K:
            uid = f"{parent.unit.id}__{uid}"
        fr = self._open(kind, uid, self.cur_start, number=number, heading=rest, parent=parent)
        if not rest:
            self.want_heading = fr
        return True

    def _chuong(self, s: str) -> bool:
        m = _CHUONG.match(s)
        if not m:
            return False
        num = m.group(1).upper()
        if num.isdigit():
            pass
        elif not roman_to_int(num):
            return False
        return self._container(_CHUONG_K, m, num, f"chuong_{num}")

    def _muc(self, s: str) -> bool:
        m = _MUC.match(s)
        if not m:
            return False
        num = m.group(1)
        return self._container(_MUC_K, m, num, f"muc_{num}")

    def _tieu_muc(self, s: str) -> bool:
        m = _TIEU_MUC.match(s)
        if not m:
            return False
        num = m.group(1)
        return self._container(_TIEU_MUC_K, m, num, f"tieu_muc_{num}")

    def _phan_or_phu_luc(self, s: str) -> bool:
        return self._phan(s) or self._phu_luc(s)

    def _phan(self, s: str) -> bool:
        m = _PHAN.match(s)
        if not m:
            return False
        raw = m.group(1)
        word = raw.split()[-1]
        value = ordinal_value(word)
        if not value:
            return False
        return self._container(_PHAN_K, m, str(value), f"phan_{value}")

    def _phu_luc(self, s: str) -> bool:
        m = _PHU_LUC.match(s)
        if not m:
            return False
        rest = m.group(2).strip()
        number = m.group(1) or ""
        if not number and (rest or not s.isupper()):
            return False  # a bare "Phụ lục" heading is upper case and alone on its line
        if not _is_title_rest(rest):
            return False
        if not number:
            self.n_appendix += 1
            number = str(self.n_appendix)
        art = self.art
        if art is not None and "." in art.unit.number:
            self._close_to(_RANK_APPENDIX_IN_ARTICLE)
            fr = self._open(
                _PHU_LUC_K,
                f"{art.unit.id}__phu_luc_{number}",
                self.cur_start,
                rank=_RANK_APPENDIX_IN_ARTICLE,
                number=number,
                heading=rest,
                parent=art,
            )
        else:
            self._close_to(_RANK_APPENDIX_TOP)
            fr = self._open(
                _PHU_LUC_K,
                f"phu_luc_{number}",
                self.cur_start,
                rank=_RANK_APPENDIX_TOP,
                number=number,
                heading=rest,
            )
        if not rest:
            self.want_heading = fr
        return True

    def _paren(self, s: str) -> bool:
        if s.startswith(_RELATED):
            art = self.art
            if art is not None:
                art.unit.related.append(s)
                return True
            return False
        fr = self.expect_note
        if fr is not None and s.endswith(")") and _NOTE.match(s):
            fr.unit.note = s
            self.expect_note = None
            return True
        return False

    # --- tables ----------------------------------------------------------------------------

    def _table_parent(self) -> _Frame | None:
        stack = self.stack
        while stack and stack[-1].kind is _PARAGRAPH_K:
            self._finish(stack.pop())
        return stack[-1] if stack else None

    def _new_table(self, start: int) -> _Frame:
        parent = self._table_parent()
        if parent is not None:
            parent.n_table += 1
            uid = f"{parent.unit.id}__table_{parent.n_table}"
        else:
            self.n_table_top += 1
            uid = f"table_{self.n_table_top}"
        return self._open(_TABLE_K, uid, start, parent=parent)

    def _table_row(self, s: str) -> bool:
        if _TABLE_SEP.fullmatch(s):
            return True
        stack = self.stack
        fr = stack[-1] if stack and stack[-1].kind is _TABLE_K else self._new_table(self.cur_start)
        fr.unit.rows.append(_split_row(s))
        return True

    def _html_table(self, fragment: str, start: int) -> None:
        if self._quote_open() and self.q_owner is not None and self.q_owner in self.stack:
            self.q_owner.parts.append(fragment.strip())
            return
        stack = self.stack
        if stack and stack[-1].kind is _TABLE_K:
            self._finish(stack.pop())
        fr = self._new_table(start)
        fr.unit.rows = html_table_rows(fragment)
        self._finish(stack.pop())


_LineHandler = Callable[[_Parser, str], bool]
_HANDLER_BY_CHAR: dict[str, _LineHandler] = {
    "|": _Parser._pipe_line,
    "Đ": _Parser._dieu,
    "C": _Parser._chuong,
    "M": _Parser._muc,
    "T": _Parser._tieu_muc,
    "P": _Parser._phan_or_phu_luc,
    "(": _Parser._paren,
    "[": _Parser._footnote,
    **dict.fromkeys("-–+•", _Parser._tiet),
}


def _line_handler(c: str) -> _LineHandler | None:
    """What may read a line starting with `c` (not a quotation mark) as structure; None: text."""
    if c in _HANDLER_BY_CHAR:
        return _HANDLER_BY_CHAR[c]
    if c.isdigit():
        return _Parser._khoan
    if c.islower():
        return _Parser._diem
    return None


# `_line_handler` of the first characters of nearly every line (Latin, Vietnamese, punctuation),
# looked up once per line instead of a chain of tests; other characters ask `_line_handler`.
_HANDLERS = {
    c: _line_handler(c)
    for c in map(chr, (*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)))
}


def parse_structure(text: str) -> tuple[list[Unit], list[ParseWarning]]:
    """Units of a cleaned text (see docs/ARCHITECTURE.md for ids, text and span semantics)."""
    p = _Parser(text)
    p.run()
    return p.units, p.warnings
