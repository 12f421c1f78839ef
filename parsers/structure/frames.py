"""The open-unit frame the structure parser keeps on its stack, the shared empty item list,
and the small text helpers (Markdown decoration, table rows, quotation depth)."""

from __future__ import annotations

import re
from typing import Any, NoReturn

from parsers import plain, wording
from parsers.model import Unit, UnitKind
from parsers.normalize import fold
from parsers.structure.patterns import _CELL_SPLIT, _MD_LEAD, _STRUCT_WORD


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

    def __init__(self, unit: Unit, rank: int, parts: list[str]) -> None:
        """(`_ParserState._open_fast` builds frames without this, by slot stores.)"""
        self.unit = unit
        self.kind = unit.kind
        self.rank = rank
        self.parts = parts
        self.last_khoan = None
        self.last_point = None
        self.n_tiet = 0
        self.n_table = 0


# Building an object by `object.__new__` and slot stores (`_ParserState._open_fast`) costs about
# half a class call, which enters a Python `__init__` from C.
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


# FAST PATH (plain form: `_article_id_plain`, chosen by parsers.plain): one replace instead of a
# fold per segment. Saves ~0.02 s of the ~0.35 s structure parse (CPU, real corpus).
def _article_id_fast(number: str) -> str:
    """Id of the article numbered `number` (an `_ART_NUM` match).

    Pháp điển codes fold NĐ/TT to ascii ("45.4.nd.1.1"); ordinary numbers keep "8a". Only the
    upper-case document-type segments are folded, so "52đ" and "52d" stay distinct: the other
    segments are digits with at most a lower-case letter, and of the upper-case letters only "Đ"
    does not fold to its lower case.
    """
    if "Đ" in number:
        number = number.replace("Đ", "D")
    return "dieu_" + number.lower()


def _article_id_plain(number: str) -> str:
    return "dieu_" + ".".join(fold(p) if p.isupper() else p.lower() for p in number.split("."))


_article_id = plain.choose(_article_id_fast, _article_id_plain)


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


# FAST PATH (plain form: `_strip_markdown_plain`, chosen by parsers.plain): the leading marks cut
# by a match, and one-character tests before the two-character ones. Saves under 0.01 s of the
# ~0.35 s structure parse (CPU, real corpus): within the noise.
def _strip_markdown_fast(s: str) -> str:
    """`s` without Markdown decoration: leading "#" and ">" marks, bold and underline marks, and
    the "*" or "_" around the whole line."""
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


def _strip_markdown_plain(s: str) -> str:
    if s[0] in "#>":
        s = _MD_LEAD.sub("", s, count=1)
    if "**" in s:
        s = s.replace("**", "")
    if "__" in s:
        s = s.replace("__", "")
    if len(s) > 2 and s[0] in "*_" and s[-1] == s[0]:
        s = s[1:-1]
    return s.strip()


_strip_markdown = plain.choose(_strip_markdown_fast, _strip_markdown_plain)


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


# FAST PATH (plain form: `_split_row_plain`, chosen by parsers.plain): without an escaped pipe,
# str.split (~3× the regex's speed per row). Saves under 0.01 s of the ~0.35 s structure parse
# (CPU, real corpus): the corpus has few pipe rows.
def _split_row_fast(s: str) -> list[str]:
    """The cells of a pipe row, stripped; an escaped pipe ("\\|") is a pipe inside a cell."""
    inner = s.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    if "\\" not in inner:  # no escaped pipe: every "|" splits
        return [c.strip() for c in inner.split("|")]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(inner)]


def _split_row_plain(s: str) -> list[str]:
    inner = s.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(inner)]


_split_row = plain.choose(_split_row_fast, _split_row_plain)


def _quote_delta(s: str) -> tuple[int, bool]:
    """Net curly-quote depth change of a line, and whether it has an odd number of '"'."""
    d = 0
    if "“" in s or "”" in s:
        d = s.count("“") - s.count("”")
    return d, (s.count('"') % 2 == 1) if '"' in s else False


_INSTRUCTION_END = re.compile(r"nhu sau\s*:?\s*$|:\s*$")
