"""The grammar of citations in Vietnamese legal text, as compiled regular expressions, and the
provision paths (:class:`Path`) that chains expand into.

Shared by the reference finder, the amendment-effect finder and the source-note parser: a document
cited by number ("Nghị định số 08/2018/NĐ-CP"), by type and title ("Luật Thương mại ngày 14 tháng 6
năm 2005") or as itself ("Nghị định này"); provisions as chains of levels ("điểm a khoản 2 Điều 5",
"khoản 3 và khoản 4 Điều 4", "các Điều 5, 6 và 7", "từ Điều 5 đến Điều 9") that expand into unit
ids (docs/ARCHITECTURE.md). Regular expressions, not spaCy's Matcher: see
bench/references_regex_vs_matcher.py for the measurement.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from parsers.normalize import fold

# --- documents --------------------------------------------------------------------------------

DOC_TYPES = (
    "Bộ luật",
    "Luật",
    "Hiến pháp",
    "Pháp lệnh",
    "Lệnh",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Thông tư liên tịch",
    "Thông tư",
    "Quyết định",
    "Chỉ thị",
    "Công điện",
    "Công văn",
    "Văn bản hợp nhất",
)
_TYPE_ALT = "|".join(re.escape(t) for t in sorted(DOC_TYPES, key=len, reverse=True))
TYPE = rf"(?i:{_TYPE_ALT})"

# The issuer part of a number: "NĐ-CP", "QH13", "TTLT-BYT-BNNPTNT-BCT", "VBHN-BLĐTBXH", "TT- NHNN".
# A segment is upper-case letters and digits with at most one lower-case letter at its end
# ("TTg"): it stops before a lower-case word glued to it ("72/2015/TT-BTCngày" -> "TT-BTC").
_ISSUER_SEG = r"[A-ZĐ][A-ZĐ0-9]*(?:[a-z](?![^\W\d_]))?"
_ISSUER = rf"{_ISSUER_SEG}(?:[ ]?[-–][ ]?{_ISSUER_SEG}|/{_ISSUER_SEG})*"
# A number as printed after "số": "08/2018/NĐ-CP", "66.17/2026/NQ-CP", "1811/QĐ-UBND", "32 /2026/...".
NUMBER = rf"\d{{1,5}}[a-z]?(?:\.\d{{1,3}})?(?:[ ]?/[ ]?(?:\d{{4}}[ ]?/[ ]?)?|-){_ISSUER}"
# A number that is unmistakably a document number even without a type before it: it has a year
# ("31/2022/TT-BTC") or a hyphenated issuer ("1811/QĐ-UBND").
STRONG_NUMBER = rf"\d{{1,5}}(?:\.\d{{1,3}})?[ ]?/[ ]?(?:\d{{4}}[ ]?/[ ]?{_ISSUER}|[A-ZĐ][A-ZĐ0-9]*[ ]?[-–][ ]?{_ISSUER})"
# A document's name between its type and its number or date: a few words, no digits, no citation
# keywords, no clause punctuation.
_NAME = r"(?:[ ](?!(?i:số|ngày|này|của|tại|và|Điều|khoản|điểm)\b)[^\s\d,;:()“”\"/]+){1,12}?"
_DATE_WORDS = r"ngày[ ]\d{1,2}[ ]tháng[ ]\d{1,2}[ ]năm[ ]\d{4}|ngày[ ]\d{1,2}/\d{1,2}/\d{4}"


def _document(g: str) -> str:
    """The document pattern, its group names suffixed with `g` so it can appear twice."""
    return (
        rf"(?P<dtype{g}>{TYPE})(?:"
        rf"(?P<self{g}>[ ]này)\b"
        rf"|(?P<dname{g}>{_NAME})?[ ](?:(?i:số)[ ]?:?[ ]?(?:liên tịch[ ])?)?(?P<dnum{g}>{NUMBER})"
        rf"|(?:[ ](?i:số)[ ]?)?(?P<dnumb{g}>{NUMBER})"
        rf"|(?P<dnameb{g}>{_NAME})[ ](?P<ddate{g}>{_DATE_WORDS})"
        rf")"
        rf"|(?P<bare{g}>{STRONG_NUMBER})"
    )


DOCUMENT = _document("")

# --- provisions -------------------------------------------------------------------------------

LEVELS = ("phan", "chuong", "muc", "phu_luc", "dieu", "khoan", "diem", "tiet")
# Rank used to attach lower levels to the higher level that follows them.
RANK = {"tiet": 1, "diem": 2, "khoan": 3, "dieu": 4, "phu_luc": 4, "muc": 5, "chuong": 6, "phan": 7}
_KEYWORDS = {
    "dieu": "dieu",
    "khoan": "khoan",
    "diem": "diem",
    "tiet": "tiet",
    "chuong": "chuong",
    "muc": "muc",
    "phu luc": "phu_luc",
}
_LABEL = (
    r"(?:\d+(?:\.\d+)*\.[A-ZĐ]{1,4}(?:\.\d+)+"  # pháp điển article "45.4.NĐ.1.1"
    r"|\d+[a-zđ]?\d*"  # 5, 1a, 8a
    r"|[IVXLC]+(?![\w])"  # Chương VIII, Phụ lục II
    r"|[a-zđ]\d*(?![\w])"  # a, đ, a1
    r"|này(?![\w]))"
)
_KW = r"(?i:điều|khoản|điểm|tiết|chương|mục|phụ[ ]lục)"
_SEP = r"(?:[ ]?,[ ]?|[ ](?:và|hoặc|đến)[ ])"
GROUP = rf"(?:(?i:các|tên)[ ](?:(?i:các)[ ])?)?{_KW}[ ]{_LABEL}(?:{_SEP}{_LABEL}(?![/\w]))*"
CHAIN = rf"(?:(?i:từ)[ ])?{GROUP}(?:(?:{_SEP}|[ ])(?:(?i:từ)[ ])?{GROUP})*"
# A provision chain, optionally followed by the document it belongs to.
REFERENCE = rf"(?P<chain>{CHAIN})(?:[ ](?:(?i:của|tại)[ ])?(?:{_document('')}))?|{_document('x')}"

REFERENCE_RE = re.compile(REFERENCE)
DOCUMENT_RE = re.compile(DOCUMENT)
CHAIN_RE = re.compile(CHAIN)
NUMBER_RE = re.compile(NUMBER)
_TOKEN_RE = re.compile(
    rf"(?P<kw>{_KW})|(?P<sep>,|\bvà\b|\bhoặc\b|\bđến\b|\btừ\b)|(?P<lab>{_LABEL})"
)
_HEADING_RE = re.compile(r"(?i:tên)\b")
_TEN_RE = re.compile(r"(?i:tên)")


@lru_cache(maxsize=256)
def _keyword_level(keyword: str) -> str:
    """The level a provision keyword names, however it is spelt ("ĐIỀU" -> "dieu")."""
    return _KEYWORDS.get(fold(keyword).replace("  ", " "), "")


_VN_LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass(frozen=True, slots=True)
class Path:
    """One cited provision: its level labels ("" when not given) and where its text starts."""

    phan: str = ""
    chuong: str = ""
    muc: str = ""
    phu_luc: str = ""
    dieu: str = ""
    khoan: str = ""
    diem: str = ""
    tiet: str = ""
    # "tên Điều 9": the heading, not the body.
    heading: bool = False
    start: int = 0

    def get(self, level: str) -> str:
        return str(getattr(self, level))

    def top(self) -> int:
        """RANK of the highest level given, 0 when none (spelled out: called in inner loops)."""
        if self.phan:
            return 7
        if self.chuong:
            return 6
        if self.muc:
            return 5
        if self.phu_luc or self.dieu:
            return 4
        if self.khoan:
            return 3
        if self.diem:
            return 2
        return 1 if self.tiet else 0

    def bottom(self) -> str:
        """The lowest level given ("khoan" for "khoản 2 Điều 5")."""
        for lv in reversed(LEVELS):
            if self.get(lv):
                return lv
        return ""

    def relative(self) -> bool:
        return "này" in (
            self.phan,
            self.chuong,
            self.muc,
            self.phu_luc,
            self.dieu,
            self.khoan,
            self.diem,
            self.tiet,
        )

    def unit_id(self) -> str:
        """The unit id (docs/ARCHITECTURE.md): "dieu_5__khoan_2__diem_a", "chuong_III__muc_2"."""
        parts: list[str] = []
        dieu = self.dieu
        if dieu:
            # (fold leaves decimal digits as they are: most articles skip the call)
            parts.append("dieu_" + (dieu if dieu.isdecimal() else fold(dieu)))
        elif self.phu_luc:
            parts.append(f"phu_luc_{self.phu_luc}")
        elif self.chuong or self.muc:
            if self.chuong:
                parts.append(f"chuong_{self.chuong}")
            if self.muc:
                parts.append(f"muc_{self.muc}")
        if self.khoan:
            parts.append(f"khoan_{self.khoan}")
        if self.diem:
            parts.append(f"diem_{self.diem}")
        if self.tiet:
            parts.append(f"tiet_{self.tiet}")
        return "__".join(parts)

    def evolve(self, **changes: Any) -> Path:
        """``dataclasses.replace(self, **changes)``, without its generic machinery (hot path)."""
        fields: dict[str, Any] = {
            "phan": self.phan,
            "chuong": self.chuong,
            "muc": self.muc,
            "phu_luc": self.phu_luc,
            "dieu": self.dieu,
            "khoan": self.khoan,
            "diem": self.diem,
            "tiet": self.tiet,
            "heading": self.heading,
            "start": self.start,
        }
        fields.update(changes)
        return make_path(**fields)

    def within(self, context: Path) -> Path:
        """Fill the levels above this path's top from `context` (the current article, say)."""
        top = self.top()
        changes: dict[str, Any] = {
            lv: context.get(lv)
            for lv in LEVELS
            if not self.get(lv) and context.get(lv) and RANK[lv] > top
        }
        return self.evolve(**changes) if changes else self


def _expand_range(first: str, last: str) -> list[str]:
    if first.isdigit() and last.isdigit():
        a, b = int(first), int(last)
        if a <= b and b - a <= 200:
            return [str(i) for i in range(a, b + 1)]
    if first in _VN_LETTERS and last in _VN_LETTERS:
        i, j = _VN_LETTERS.index(first), _VN_LETTERS.index(last)
        if i <= j:
            return list(_VN_LETTERS[i : j + 1])
    return [first, last]


def _path_setters() -> tuple[Any, ...]:
    """The slot setters of Path's fields, in field order."""
    return tuple(Path.__dict__[name].__set__ for name in Path.__dataclass_fields__)


_SET = _path_setters()
_new_object = object.__new__


def make_path(
    phan: str,
    chuong: str,
    muc: str,
    phu_luc: str,
    dieu: str,
    khoan: str,
    diem: str,
    tiet: str,
    heading: bool,
    start: int,
) -> Path:
    """``Path(...)`` with every field given positionally, built through the slots directly: the
    frozen dataclass's ``__init__`` sets each field via ``object.__setattr__``, twice as slow,
    and chains are parsed by the thousand."""
    p = _new_object(Path)
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = _SET
    s0(p, phan)
    s1(p, chuong)
    s2(p, muc)
    s3(p, phu_luc)
    s4(p, dieu)
    s5(p, khoan)
    s6(p, diem)
    s7(p, tiet)
    s8(p, heading)
    s9(p, start)
    return p


# The chains most citations are: up to three "keyword label" groups of one label each, joined by
# single spaces ("Điều 5", "khoản 2 Điều 5", "điểm a khoản 2 Điều 5"). Matched as a whole, their
# groups are exactly the tokens `_TOKEN_RE` finds in them, and none is a heading.
SIMPLE_CHAIN_RE = re.compile(
    rf"(?:({_KW})[ ]({_LABEL})[ ])?(?:({_KW})[ ]({_LABEL})[ ])?({_KW})[ ]({_LABEL})"
)
_LEVEL_INDEX = {lv: i for i, lv in enumerate(LEVELS)}


def simple_chain_match(text: str, start: int = 0, end: int = sys.maxsize) -> re.Match[str] | None:
    """``SIMPLE_CHAIN_RE.fullmatch(text, start, end)``. A simple chain has at most eight spaces
    (three "keyword label" groups, two joining blanks, "phụ lục" one more per group), no comma
    and no slash: C-level counts that rule out most other texts cost far less than a failing
    fullmatch."""
    if (
        text.count(" ", start, end) > 8
        or text.find(",", start, end) >= 0
        or text.find("/", start, end) >= 0
    ):
        return None
    return SIMPLE_CHAIN_RE.fullmatch(text, start, end)


def _level_label(keyword: str, label: str) -> tuple[int, int]:
    """(index in LEVELS, rank) of a simple group, (-1, 0) when parse_chain would drop it or
    has no level for it (a numbered điểm, a keyword spelt with odd case-folding letters)."""
    lv = _keyword_level(keyword)
    if not lv or (lv == "diem" and not label[0].isalpha() and label != "này"):
        return -1, 0
    return _LEVEL_INDEX[lv], RANK[lv]


def simple_chain_paths(m: re.Match[str], offset: int = 0) -> list[Path] | None:
    """What :func:`parse_chain` gives for a `SIMPLE_CHAIN_RE` fullmatch, built without its
    general machinery; None when a group needs it (see `_level_label`)."""
    k1, l1, k2, l2, k3, l3 = m.groups()
    if k1 is None and k2 is None:  # one group: the overwhelmingly common "Điều 5"
        i, _rank = _level_label(k3, l3)
        if i < 0:
            return None
        values: list[Any] = ["", "", "", "", "", "", "", "", False, offset + m.start(5)]
        values[i] = l3
        return [make_path(*values)]
    rows: list[list[Any]] = []  # per path: the 8 level labels, heading, start, top rank
    for g, keyword, label in ((1, k1, l1), (3, k2, l2), (5, k3, l3)):
        if keyword is None:
            continue
        i, rank = _level_label(keyword, label)
        if i < 0:
            return None
        # As in parse_chain: complete the paths below this level when the latest is one of
        # them, else start a new path.
        if rows and rows[-1][10] < rank:
            for row in rows:
                if row[10] < rank:
                    row[i] = label
                    row[10] = rank
            continue
        row = ["", "", "", "", "", "", "", "", False, offset + m.start(g), rank]
        row[i] = label
        rows.append(row)
    return [make_path(*r[:10]) for r in rows]


def parse_chain(chain: str, offset: int = 0) -> list[Path]:
    """Expand a provision chain into paths, lower levels attached to the higher level after them.

    "điểm b khoản 1 và điểm a khoản 2 Điều 45" -> (45, 1, b), (45, 2, a);
    "từ Điều 5 đến Điều 9" -> 5, 6, 7, 8, 9; "khoản 3 và khoản 4 Điều 4" -> (4, 3), (4, 4).
    """
    m = simple_chain_match(chain)
    if m is not None:
        paths = simple_chain_paths(m, offset)
        if paths is not None:
            return paths
    return _parse_chain(chain, offset)


def _parse_chain(chain: str, offset: int = 0) -> list[Path]:
    """:func:`parse_chain` for any chain."""
    # Groups: (level, [(label, start)], heading flag, range flag)
    groups: list[tuple[str, list[tuple[str, int]], bool, bool]] = []
    level = ""
    heading = False
    pending_range = False
    kw_start = 0
    may_head = _TEN_RE.search(chain) is not None  # "tên" nowhere: no heading anywhere
    for m in _TOKEN_RE.finditer(chain):
        if m.lastgroup == "kw":
            level = _keyword_level(m.group())
            kw_start = m.start()
            heading = may_head and bool(_HEADING_RE.search(chain, max(0, kw_start - 9), kw_start))
            if pending_range and groups and groups[-1][0] == level:
                continue
            groups.append((level, [], heading, False))
        elif m.lastgroup == "sep":
            if m.group() == "đến":
                pending_range = True
        elif m.lastgroup == "lab" and groups:
            label = m.group()
            lv, labels, head, _ = groups[-1]
            if lv == "diem" and not label[0].isalpha() and label != "này":
                continue
            if pending_range and labels:
                expanded = _expand_range(labels[-1][0], label)[1:]
                labels.extend((x, offset + m.start()) for x in expanded)
                pending_range = False
                continue
            pending_range = False
            start = kw_start if not labels else m.start()
            labels.append((label, offset + start))
    paths: list[Path] = []
    for lv, labels, head, _ in groups:
        if not labels or not lv:
            continue
        rank = RANK[lv]
        # A higher level completes the paths below it, provided it continues the latest one
        # ("điểm b khoản 1 và điểm a khoản 2 Điều 45"); otherwise it starts new sibling paths.
        targets = [i for i, p in enumerate(paths) if p.top() < rank]
        if targets and targets[-1] == len(paths) - 1:
            base = [paths[i] for i in targets]
            index = _LEVEL_INDEX[lv]
            for n, (label, _start) in enumerate(labels):
                filled = [_with_level(b, index, label) for b in base]
                if n == 0:
                    for i, f in zip(targets, filled, strict=True):
                        paths[i] = f
                else:
                    paths.extend(filled)
            continue
        values: list[Any] = ["", "", "", "", "", "", "", "", head, 0]
        index = _LEVEL_INDEX[lv]
        for label, start in labels:
            values[index] = label
            values[9] = start
            paths.append(make_path(*values))
    return paths


def _with_level(path: Path, index: int, label: str) -> Path:
    """`path` with the level LEVELS[index] set to `label` (``evolve`` without its dict)."""
    values: list[Any] = [
        path.phan,
        path.chuong,
        path.muc,
        path.phu_luc,
        path.dieu,
        path.khoan,
        path.diem,
        path.tiet,
        path.heading,
        path.start,
    ]
    values[index] = label
    return make_path(*values)
