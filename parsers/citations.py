"""Citations found in a text: the documents cited (numbers, aliases, "Nghị định này") and the
search that finds every citation of the grammar (:mod:`parsers.citation_grammar`) in one pass.

The fast candidate search (literal scans, then the full pattern only where a citation can start)
is exact: it yields what `REFERENCE_RE.finditer` yields. The grammar's names are re-exported here,
where the other parsers import them from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from parsers import plain
from parsers.citation_grammar import (
    _NAME,
    CHAIN_RE,
    DOC_TYPES,
    DOCUMENT,
    DOCUMENT_RE,
    NUMBER,
    NUMBER_RE,
    REFERENCE_RE,
    SIMPLE_CHAIN_RE,
    STRONG_NUMBER,
    TYPE,
    Path,
    make_path,
    parse_chain,
    simple_chain_match,
    simple_chain_paths,
)
from parsers.literal_scan import SCAN_MIN, GramTable, LiteralScan, gram, scan_bytes
from parsers.normalize import fold, fold_aligned, normalize_number


@dataclass(frozen=True, slots=True)
class DocumentCitation:
    """A cited document: its normalised number, "self" for "Nghị định này", or a typed name."""

    number: str = ""
    doc_type: str = ""
    name: str = ""
    is_self: bool = False


_DOC_GROUPS = ("dtype", "self", "dname", "dnum", "dnumb", "dnameb", "bare")


# Per pattern (by id, the pattern kept so that its id stays its own): the "x" groups that tell a
# second document branch, and (index in _DOC_GROUPS, group name) of the document groups without
# and with the "x" suffix. Not an lru_cache keyed by the pattern: hashing a compiled pattern
# hashes its whole code (~10 µs for REFERENCE_RE), once per call.
_Groups = tuple[tuple[int, str], ...]
_DocSpec = tuple[re.Pattern[str], tuple[str, ...], _Groups, _Groups]
_DOC_SPECS: dict[int, _DocSpec] = {}


def _doc_spec(pattern: re.Pattern[str]) -> _DocSpec:
    spec = _DOC_SPECS.get(id(pattern))
    if spec is None or spec[0] is not pattern:
        if len(_DOC_SPECS) >= 64:
            _DOC_SPECS.clear()
        names = pattern.groupindex
        spec = _DOC_SPECS[id(pattern)] = (
            pattern,
            tuple(k for k in ("dtypex", "barex") if k in names),
            tuple((i, k) for i, k in enumerate(_DOC_GROUPS) if k in names),
            tuple((i, k + "x") for i, k in enumerate(_DOC_GROUPS) if k + "x" in names),
        )
    return spec


def document_from_match(m: re.Match[str]) -> DocumentCitation | None:
    """The document of a DOCUMENT (or REFERENCE) match, None when the match cites none."""
    _pattern, x_flags, plain, suffixed = _doc_spec(m.re)
    groups = suffixed if any(m.group(k) for k in x_flags) else plain
    values: list[str | None] = [None] * len(_DOC_GROUPS)
    for i, name in groups:
        values[i] = m.group(name)
    dtype_raw, is_self, dname, dnum, dnumb, dnameb, bare = values
    dtype = (dtype_raw or "").strip()
    if bare:
        return DocumentCitation(number=normalize_number(bare))
    if not dtype:
        return None
    if is_self:
        return DocumentCitation(doc_type=dtype, is_self=True)
    num = dnum or dnumb
    name = (dname or dnameb or "").strip()
    if num:
        return DocumentCitation(number=normalize_number(num), doc_type=dtype, name=name)
    return DocumentCitation(doc_type=dtype, name=name)


def document_key(doc_type: str, name: str) -> str:
    """Lookup key for a document cited by type and name: "luat dien luc"."""
    return " ".join(fold(f"{doc_type} {name}").split())


_ALIAS_RE = re.compile(
    rf"(?P<t>{TYPE})(?P<n>{_NAME})[ ](?:(?i:số)[ ]?:?[ ]?)(?P<num>{NUMBER})"
    rf"|(?P<t2>{TYPE})[ ](?i:số)[ ]?(?P<num2>{NUMBER})(?P<n2>{_NAME})"
)


def document_aliases(text: str) -> dict[str, str]:
    """Names a text gives to documents it cites by number: "luat dien luc" -> "28/2004/QH11"."""
    out: dict[str, str] = {}
    for m in _ALIAS_RE.finditer(text):
        if m.group("t"):
            t, n, num = m.group("t"), m.group("n"), m.group("num")
        else:
            t, n, num = m.group("t2"), m.group("n2"), m.group("num2")
        key = document_key(t, n)
        out.setdefault(key, normalize_number(num))
    return out


NAMED_DOCUMENT_RE = re.compile(rf"(?P<t>{TYPE})(?P<n>{_NAME})")


def resolve_alias(aliases: dict[str, str], doc_type: str, name: str) -> str:
    """The number of a document cited by type and (possibly shortened) name, "" if unknown."""
    key = document_key(doc_type, name)
    if key in aliases:
        return aliases[key]
    hits = {v for k, v in aliases.items() if k.startswith(key + " ") or key.startswith(k + " ")}
    return hits.pop() if len(hits) == 1 else ""


# --- fast candidate search ----------------------------------------------------------------------

# Every REFERENCE_RE match starts at a provision keyword (possibly preceded by "từ", "các", "tên"),
# at a document type, or at the digits of a number before "/". In the folded text these are ASCII
# literals, and a C-level scan for each literal is an order of magnitude faster than letting the
# case-insensitive alternation of REFERENCE_RE try every position of a multi-megabyte text.
_CHAIN_KEYWORDS = ("dieu", "diem", "khoan", "tiet", "chuong", "muc", "phu luc")
# Document types by a literal inside them, with the words that may precede it in the type.
_TYPE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("luat", ("bo ",)),
    ("lenh", ("phap ",)),
    ("hien phap", ()),
    ("nghi quyet", ()),
    ("nghi dinh", ()),
    ("thong tu", ()),
    ("quyet dinh", ()),
    ("chi thi", ()),
    ("cong dien", ()),
    ("cong van", ()),
    ("van ban hop nhat", ()),
)
# Characters that REFERENCE_RE's case-insensitive keywords match but `fold` does not map to the
# same ASCII letter (dotless i, long s, Kelvin sign): texts holding one take the plain scan.
_CASEFOLD_ODD = ("\u0131", "\u017f", "\u212a")
# Below this length (measured: ~70 characters) the plain scan beats building the candidates.
_SHORT = 80


_KW_ALT = "(?:" + "|".join(_CHAIN_KEYWORDS) + ")"
# Literal scans (a literal prefix lets the regex engine skip ahead in C).
_LITERAL_RES = tuple(
    re.compile(k)
    for k in (*_CHAIN_KEYWORDS, *(kw for kw, _ in _TYPE_KEYWORDS), "bo luat", "phap lenh")
)
# "từ", "các", "tên" start a match only when a provision keyword follows ([từ ][các |tên ][các ]).
_LEAD_RES = (
    re.compile(rf"cac (?=(?:cac )?{_KW_ALT})"),
    re.compile(rf"ten (?=(?:cac )?{_KW_ALT})"),
    re.compile(rf"tu (?=(?:(?:cac|ten) (?:cac )?)?{_KW_ALT})"),
)
_SLASH = re.compile("/")


def _candidates(folded: str) -> list[int]:
    """Offsets where a REFERENCE_RE match may start (a superset, sorted)."""
    out = [m.start() for rx in _LITERAL_RES for m in rx.finditer(folded)]
    out.extend(m.start() for rx in _LEAD_RES for m in rx.finditer(folded))
    # Numbers: \d{1,5}(?:\.\d{1,3})?[ ]?/ — every digit in the run before a slash may start one.
    add = out.append
    for m in _SLASH.finditer(folded):
        p = m.start() - 1
        if p >= 0 and folded[p] == " ":
            p -= 1
        stop = max(-1, p - 9)
        while p > stop:
            c = folded[p]
            if c.isdecimal():
                add(p)
            elif c != ".":
                break
            p -= 1
    out.sort()
    return out


# --- vectorised candidate search (long texts) ------------------------------------------------

# The literal scans above read the whole text once per literal (23 passes). For long texts the
# literals come out of one vectorised pass (parsers.literal_scan, shared with the amendment
# finder), and what the grammar needs right after each is checked at the hits only.

# Literals by what must follow them: a provision keyword needs "[ ]label" (`_KW[ ]_LABEL` opens
# every chain); a document type needs a space or a digit (every branch after TYPE starts so).
# "muc" is three letters: the scan finds it with the space the grammar requires after it.
_SCAN_CHAIN = tuple(k.encode() for k in _CHAIN_KEYWORDS)
_SCAN_TYPES = (
    b"bo luat",
    b"luat",
    b"hien phap",
    b"phap lenh",
    b"lenh",
    b"nghi quyet",
    b"nghi dinh",
    b"thong tu",
    b"quyet dinh",
    b"chi thi",
    b"cong dien",
    b"cong van",
    b"van ban hop nhat",
)
SCAN_LITERALS = (*_SCAN_CHAIN, *_SCAN_TYPES)
_CITATION_TABLE = GramTable(SCAN_LITERALS)
# Byte -> whether it is a Roman numeral letter (folded, lower-case): a table lookup, not np.isin.
_ROMAN = np.zeros(256, dtype=bool)
_ROMAN[np.frombuffer(b"ivxlc", dtype=np.uint8)] = True
_SPACE, _DOT, _SLASH_B, _ZERO, _NINE = (ord(c) for c in " ./09")


def _is_digit(c: np.ndarray) -> np.ndarray:
    return (c >= _ZERO) & (c <= _NINE)


def _is_letter(c: np.ndarray) -> np.ndarray:
    lower = c | 0x20  # ASCII letters of either case
    return (lower >= ord("a")) & (lower <= ord("z"))


def _label_follows(u8: np.ndarray, at: np.ndarray, size: int) -> np.ndarray:
    """The keywords (of `size` bytes) at `at` that may open `_KW[ ]_LABEL`: a space, then a
    digit, a letter not followed by a letter (a, đ, a1), a Roman run (II) or "này"."""
    c1 = u8[at + size + 1]
    c2 = u8[at + size + 2]
    word = _is_letter(c2) | (c2 == ord("_"))  # \w after the letter, digits aside ("a1")
    roman = _ROMAN[c1] & _ROMAN[c2]
    letter = _is_letter(c1) & (~word | roman | ((c1 == ord("n")) & (c2 == ord("a"))))
    return at[(u8[at + size] == _SPACE) & (_is_digit(c1) | letter)]


_CAC, _TEN = gram(b"cac "), gram(b"ten ")


def _window_at(u8: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The 4-byte windows at the offsets `at`, as integers comparable with `_gram`."""
    w = u8[at].astype(np.uint32)
    for j in (1, 2, 3):
        w |= u8[at + j].astype(np.uint32) << np.uint32(8 * j)
    return w


def _lead_starts(u8: np.ndarray, keywords: np.ndarray) -> np.ndarray:
    """Where "từ", "các", "tên" open a chain: ``[từ ][(các|tên) [các ]]keyword``."""
    k = keywords[keywords >= 4]
    w = _window_at(u8, k - 4)
    one = k[(w == _CAC) | (w == _TEN)] - 4  # "(các|tên) keyword"
    cac = one[(one >= 4) & (_window_at(u8, one) == _CAC)]
    w = _window_at(u8, cac - 4)
    two = cac[(w == _CAC) | (w == _TEN)] - 4  # "(các|tên) các keyword"
    starts = [one, two]
    for s in (keywords, one, two):
        s = s[s >= 3]
        tu = (u8[s - 3] == ord("t")) & (u8[s - 2] == ord("u")) & (u8[s - 1] == _SPACE)
        starts.append(s[tu] - 3)
    return np.concatenate(starts)


def _number_starts(u8: np.ndarray) -> np.ndarray:
    r"""Digits that may start a STRONG_NUMBER, ``\d{1,5}(?:\.\d{1,3})?[ ]?/`` (every digit of the
    run before a slash, as `_candidates` takes them), where the number may go on after the slash:
    a letter, or a year and another slash (which rules out dates)."""
    s = np.flatnonzero(u8 == _SLASH_B)
    s = s[s >= 1]
    t = s + 1 + (u8[s + 1] == _SPACE)
    year = _is_digit(u8[t]) & _is_digit(u8[t + 1]) & _is_digit(u8[t + 2]) & _is_digit(u8[t + 3])
    t4 = t + 4 + (u8[t + 4] == _SPACE)
    p = s[_is_letter(u8[t]) | (year & (u8[t4] == _SLASH_B))] - 1
    p = p - (u8[p] == _SPACE)
    out: list[np.ndarray] = []
    alive = np.ones(len(p), dtype=bool)
    for _step in range(9):
        alive &= p >= 0
        c = u8[np.maximum(p, 0)]
        digit = _is_digit(c)
        out.append(p[alive & digit])
        alive &= digit | (c == _DOT)
        p = p - 1
    return np.concatenate(out)


def _vector_candidates(scan: LiteralScan) -> list[int]:
    """Offsets where a REFERENCE_RE match may start (a superset, sorted, distinct)."""
    u8 = scan.u8
    found: list[np.ndarray] = [_number_starts(u8)]
    keywords: list[np.ndarray] = []
    for literal in _SCAN_CHAIN:
        hits = _label_follows(u8, scan.starts(literal), len(literal))
        keywords.append(hits)
        found.append(hits)
    for literal in _SCAN_TYPES:
        hits = scan.starts(literal)
        after = u8[hits + len(literal)]
        found.append(hits[(after == _SPACE) | _is_digit(after)])
    found.append(_lead_starts(u8, np.concatenate(keywords)))
    starts = np.sort(np.concatenate(found))
    return starts[np.diff(starts, prepend=-1) != 0].tolist()


# Folded first letters of document types that start no provision keyword, lead word ("từ",
# "các", "tên") or number: a match there is a document cited by type ("luật", "quyết định").
_TYPE_ONLY = frozenset("lbhnqv")
# What ends the words a document's name may have (`_NAME`): whitespace other than a space, a
# digit (the number or date that ends the citation) or clause punctuation.
_CLAUSE_END = re.compile(r"[^\S ]|[\d,;()“”\"/]")


def _may_open_document(text: str, at: int) -> bool:
    """False when no document cited by type can start at `at`: every such citation is "TYPE
    này" or reaches a digit (its number or date) before its words end. A C-level search that
    rejects the many "luật chuyên ngành", "quyết định thu hồi" before the full grammar is tried.
    """
    stop = _CLAUSE_END.search(text, at)
    if stop is None:
        return text.find(" này", at) >= 0
    end = stop.start()
    return text[end].isdecimal() or text.find(" này", at, end) >= 0


# FAST PATH (plain form: `_iter_references_plain`, chosen by parsers.plain): the candidate
# search above. Saves ~6 s: the whole parse of the real corpus takes ~2.4 s CPU with it, ~9 s
# without.
def _iter_references_fast(
    text: str, folded: str | None = None, scan: LiteralScan | None = None
) -> Iterator[re.Match[str]]:
    """Exactly the matches of ``REFERENCE_RE.finditer(text)``, found via literal candidates.

    `folded` is ``fold_aligned(text)`` when the caller has it, and `scan` a `LiteralScan` of it
    whose table holds `SCAN_LITERALS`. Texts that hold characters the fold does not equate as
    the regex does get the plain scan, so the result never differs.
    """
    if len(text) < _SHORT or (folded is not None and len(folded) != len(text)):
        yield from REFERENCE_RE.finditer(text)  # a clause: the setup would cost more
        return
    if folded is None:
        folded = fold_aligned(text)
    if any(c in text for c in _CASEFOLD_ODD):
        yield from REFERENCE_RE.finditer(text)
        return
    if scan is None and len(text) >= SCAN_MIN:
        u8 = scan_bytes(folded)
        if u8 is not None:
            scan = LiteralScan(u8, _CITATION_TABLE)
    starts = _vector_candidates(scan) if scan is not None else None
    match = REFERENCE_RE.match
    pos = 0
    last = -1
    for p in _candidates(folded) if starts is None else starts:
        if p < pos or p == last:
            continue
        last = p
        if folded[p] in _TYPE_ONLY and not _may_open_document(text, p):
            continue
        m = match(text, p)
        if m is not None:
            yield m
            pos = m.end()


def _iter_references_plain(
    text: str, folded: str | None = None, scan: LiteralScan | None = None
) -> Iterator[re.Match[str]]:
    return REFERENCE_RE.finditer(text)


iter_references = plain.choose(_iter_references_fast, _iter_references_plain)

_TYPE_LITERALS = tuple(kw for kw, _leads in _TYPE_KEYWORDS)


def may_cite_type(text: str) -> bool:
    """False only when no document type (TYPE, case-insensitive) can match anywhere in `text`:
    a cheap test before a scan with a pattern that starts with TYPE."""
    folded = fold_aligned(text)
    return any(kw in folded for kw in _TYPE_LITERALS) or any(c in text for c in _CASEFOLD_ODD)


_CHAIN_LITERAL_RES = tuple(re.compile(k) for k in _CHAIN_KEYWORDS)


# FAST PATH (plain form: `_iter_chains_plain`, chosen by parsers.plain): literal scans for the
# starts. Saves ~0.08 s of the ~2.4 s whole parse (CPU, real corpus).
def _iter_chains_fast(text: str) -> Iterator[re.Match[str]]:
    """Exactly the matches of ``CHAIN_RE.finditer(text)``, tried only where a provision keyword
    (or "từ", "các", "tên" before one) starts, as :func:`iter_references` does."""
    if len(text) < _SHORT or any(c in text for c in _CASEFOLD_ODD):
        yield from CHAIN_RE.finditer(text)
        return
    folded = fold_aligned(text)
    starts = [m.start() for rx in _CHAIN_LITERAL_RES for m in rx.finditer(folded)]
    starts.extend(m.start() for rx in _LEAD_RES for m in rx.finditer(folded))
    starts.sort()
    match = CHAIN_RE.match
    pos = 0
    last = -1
    for p in starts:
        if p < pos or p == last:
            continue
        last = p
        m = match(text, p)
        if m is not None:
            yield m
            pos = m.end()


def _iter_chains_plain(text: str) -> Iterator[re.Match[str]]:
    return CHAIN_RE.finditer(text)


iter_chains = plain.choose(_iter_chains_fast, _iter_chains_plain)


# Public names; the grammar's are re-exported (the other parsers import them from here).
__all__ = [
    "CHAIN_RE",
    "DOCUMENT",
    "DOCUMENT_RE",
    "DOC_TYPES",
    "NAMED_DOCUMENT_RE",
    "NUMBER",
    "NUMBER_RE",
    "REFERENCE_RE",
    "SCAN_LITERALS",
    "SIMPLE_CHAIN_RE",
    "STRONG_NUMBER",
    "TYPE",
    "DocumentCitation",
    "Path",
    "document_aliases",
    "document_from_match",
    "document_key",
    "iter_chains",
    "iter_references",
    "make_path",
    "may_cite_type",
    "parse_chain",
    "resolve_alias",
    "simple_chain_match",
    "simple_chain_paths",
]
