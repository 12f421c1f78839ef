"""Text analysis for condition matching: folded tokens that remember where they came from.

A provincial requirement restates a national condition with different words, abbreviations, no
diacritics, decomposed Unicode, OCR-split syllables ("Qu ả ng") and typos. Everything here turns a
raw string into a list of :class:`Token` whose ``term`` is comparable across those variations and
whose ``start``/``end`` still point into the ORIGINAL string, so evidence spans can be shown to a
reviewer on the text as published.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from parsers.normalize import fold

# Superscripts and a few look-alikes folded to ASCII without changing the length (m² -> m2).
_EXTRA = str.maketrans({"²": "2", "³": "3", "¹": "1", "’": "'", "‘": "'"})

# Letters (optionally followed by digits: "m2", "h5n1", "iso9001") or a number with thousands or
# decimal separators ("1.000.000", "2,5"). Digits glued to letters ("30m2") split in two.
_TOKEN = re.compile(r"[a-z]+[0-9]*|[0-9]+(?:[.,][0-9]+)*")

# A well-formed Vietnamese syllable, folded: onset, vowel nucleus, coda.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)

# Function words that carry no meaning for "is this the same condition". Folding merges many
# short words ("lá" in "thuốc lá" folds to "la", "về" in "bảo vệ" to "ve", "cơ" in "cơ sở" to "co"),
# so only words whose folded form is unambiguous are dropped; IDF weighting handles the rest.
# Negations and comparators are NOT here: they change the meaning.
STOPWORDS = frozenset({"va", "hoac", "cua", "cac", "nhung", "phai", "nay", "theo"})

# Short words that may sit between two matched phrases without breaking the evidence span.
_GLUE_TEXT = """
    la thi de voi tai trong cho duoc co do ve mot cung nhu sau cu the bao gom day tung moi khi
    neu o boi ma nao ra vao len tu den dap ung yeu cau doi
"""
GLUE = STOPWORDS | frozenset(_GLUE_TEXT.split())

# What flips the polarity of a requirement: "không yêu cầu", "không bắt buộc", "bãi bỏ", "được
# miễn" (rewritten to one term by PHRASES). A bare "không" is NOT one: conditions say "không
# thuộc trường hợp bị cấm", and a typo in "không dưới" must not turn a restatement into a
# negation. Folding makes single words ambiguous too ("chưa" = "chữa", "cấm" = "cam" in "cam kết").
NEGATIONS = frozenset({"khongyeucau", "baibo"})

# Abbreviations seen in procedure texts, folded, and their folded expansion. Context-dependent
# ones (ĐKKD after GCN means đăng ký kinh doanh) are handled in :func:`expand_abbreviations`.
ABBREVIATIONS: Mapping[str, str] = {
    "gcn": "giay chung nhan",
    "gcndkkd": "giay chung nhan dang ky kinh doanh",
    "gcndkdn": "giay chung nhan dang ky doanh nghiep",
    "dkkd": "dieu kien kinh doanh",
    "dkdn": "dang ky doanh nghiep",
    "pccc": "phong chay chua chay",
    "cncc": "cuu nan cuu ho",
    "cchn": "chung chi hanh nghe",
    "gp": "giay phep",
    "gpkd": "giay phep kinh doanh",
    "gpxd": "giay phep xay dung",
    "atvstp": "an toan ve sinh thuc pham",
    "vsattp": "ve sinh an toan thuc pham",
    "attp": "an toan thuc pham",
    "vstp": "ve sinh thuc pham",
    "bvmt": "bao ve moi truong",
    "dtm": "danh gia tac dong moi truong",
    "antt": "an ninh trat tu",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "cmnd": "chung minh nhan dan",
    "cccd": "can cuoc cong dan",
    "tthc": "thu tuc hanh chinh",
    "sxkd": "san xuat kinh doanh",
    "sx": "san xuat",
    "kd": "kinh doanh",
    "dn": "doanh nghiep",
    "hkd": "ho kinh doanh",
    "nd": "nghi dinh",
    "tt": "thong tu",
    "qd": "quyet dinh",
    "tp": "thuc pham",
    "ds": "duoc si",
    "qc": "quy chuan",
    "qcvn": "quy chuan viet nam",
    "tcvn": "tieu chuan viet nam",
    "vnd": "dong",
    "dt": "dien tich",
    "ptn": "phong thi nghiem",
    "ccdc": "cong cu dung cu",
    "xd": "xay dung",
    "ld": "lao dong",
    "ptcm": "phu trach chuyen mon",
    "dh": "dai hoc",
    "cd": "cao dang",
    "hd": "hop dong",
    "nhtm": "ngan hang thuong mai",
    "ttb": "trang thiet bi",
    "cq": "co quan",
    "cs": "co so",
    "csdl": "co so du lieu",
    "cbcc": "can bo cong chuc",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "gdp": "thuc hanh tot phan phoi thuoc",
    "gpp": "thuc hanh tot co so ban le thuoc",
    "gsp": "thuc hanh tot bao quan thuoc",
    "gmp": "thuc hanh tot san xuat thuoc",
    # Offices and papers provincial texts abbreviate.
    "gxn": "giay xac nhan",
    "syt": "so y te",
    "sct": "so cong thuong",
    "snn": "so nong nghiep",
    "skhdt": "so ke hoach va dau tu",
    "stc": "so tai chinh",
    "byt": "bo y te",
    "bct": "bo cong thuong",
    "bca": "bo cong an",
    # Seen in the tune half of the hand-written labels (tests/labels/handwritten_README.md).
    "cb": "can bo",
    "ch": "cua hang",
    "tc": "trung cap",
    "cm": "chuyen mon",
    "pkn": "phong kiem nghiem",
    "cl": "chat luong",
    "sp": "san pham",
    "nv": "nhan vien",
    "nx": "nha xuong",
    "hc": "hoa chat",
    "athc": "an toan hoa chat",
    "cskd": "co so kinh doanh",
    "nld": "nguoi lao dong",
    "mmtb": "may moc thiet bi",
    "pl": "phap luat",
    "tg": "thoi gian",
    "vb": "van ban",
    "dk": "dieu kien",
    "gd": "giam doc",
    "pgd": "pho giam doc",
    "ptvt": "phuong tien van tai",
    "tpbvsk": "thuc pham bao ve suc khoe",
    "cntp": "cong nghe thuc pham",
    "pccn": "phong chong chay no",
    "bdcl": "bao dam chat luong",
    "nt": "nha thuoc",
}

# Multi-word phrases with one meaning, folded, mapped to one canonical term. Applied before
# negation is detected, so "không dưới" (at least) is not mistaken for a negation.
PHRASES: Mapping[tuple[str, ...], str] = {
    ("toi", "thieu"): "toithieu",
    ("it", "nhat"): "toithieu",
    ("khong", "duoi"): "toithieu",
    ("khong", "it", "hon"): "toithieu",
    ("tu", "tro", "len"): "toithieu",
    ("tro", "len"): "toithieu",
    ("toi", "da"): "toida",
    ("khong", "qua"): "toida",
    ("khong", "vuot", "qua"): "toida",
    ("khong", "lon", "hon"): "toida",
    ("khong", "nhieu", "hon"): "toida",
    ("khong", "thap", "hon"): "toithieu",
    ("khong", "nho", "hon"): "toithieu",
    ("met", "vuong"): "m2",
    ("met", "khoi"): "m3",
    ("khong", "yeu", "cau"): "khongyeucau",
    ("khong", "bat", "buoc"): "khongyeucau",
    ("khong", "can"): "khongyeucau",
    ("khong", "ap", "dung"): "khongyeucau",
    ("khong", "con", "ap", "dung"): "khongyeucau",
    ("khong", "phai"): "khongyeucau",
    ("duoc", "mien"): "khongyeucau",
    ("bai", "bo"): "baibo",
    ("hoac", "cao", "hon"): "toithieu",
    ("khong", "gian"): "khonggian",
    ("khong", "khi"): "khongkhi",
    ("hang", "khong"): "hangkhong",
    ("trang", "thiet", "bi"): "thiet bi",
}
_PHRASE_MAX = max(len(k) for k in PHRASES)
# Every word the phrase and abbreviation tables read: a requirement word that one of them will
# rewrite is no typo, so the typo repair must leave it alone ("vuông" of "mét vuông" is not a
# slip for "đường" because the conditions happen to write "m²").
TABLE_WORDS = frozenset(w for k in PHRASES for w in k) | frozenset(
    w for v in ABBREVIATIONS.values() for w in v.split()
)
_PHRASE_HEADS = frozenset(k[0] for k in PHRASES)

# Syllables common in administrative Vietnamese, folded, so OCR-split fragments can be rejoined
# even before an index over national conditions supplies its own vocabulary.
_BASE_SYLLABLES_TEXT = """
    dieu kien kinh doanh giay chung nhan chi hanh nghe duoc si dai hoc dien tich kho toi thieu
    phong chay chua von phap dinh dong trieu ty nguoi quan ly chuyen mon co so vat chat thiet
    bi trang an toan thuc pham moi truong bao ve quang nam ngai binh tinh thanh pho ha noi ho
    chuyen nganh nghiep vu truong trung cap cao dang kinh nghiem thoi gian cua hang dia diem
    ban buon le xang dau khi tieu chuan quy dat phuong tien van tai xe giao thong y te benh
    vien tham dich dao tao boi duong huong dan chien luoc dang ky thu tuc hanh xac nhan ket
    qua kiem tra dam bao yeu cau nhan vien lao dong hop dong thuong mai hang hoa dich vu cong
    nghe khoa hoc trinh do bang cap thiet ke xay dung cong trinh ve sinh nuoc thai chat thai
    ran nguy hai la thi de voi tai trong cho co do ve mot cung nhu sau cu the bao gom day tung
    moi khi neu o boi ma nao ra vao len tu den dap ung yeu cau doi va hoac cua cac nhung nay
    theo khong duoc phai nhat dinh it hon duoi qua vuot lon nhieu tro len bai bo mien gian
    thap bat buoc can ap dung con
"""
BASE_SYLLABLES = frozenset(_BASE_SYLLABLES_TEXT.split())


class Token(NamedTuple):
    """A comparable term and the span of the original text it stands for.

    A named tuple: texts make hundreds of thousands of these, and tuples are cheap to build.
    """

    term: str
    start: int
    end: int


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` and map every folded character back to its offset in ``text``.

    `fold` maps each character to one character or to nothing (combining marks), so the folded
    text is at most as long as the original. On NFC input nothing vanishes and the map is the
    identity (returned as ``None`` to save the list).
    """
    folded = fold(text).translate(_EXTRA)
    if len(folded) == len(text):
        return folded, None
    # Only combining marks (U+0300-U+036F) fold to nothing.
    offsets = [i for i, ch in enumerate(text) if not "\u0300" <= ch <= "\u036f"]
    if len(offsets) != len(folded):  # the fold table dropped something else: ask it per char
        offsets = [i for i, ch in enumerate(text) if fold(ch)]
    return folded, offsets


def raw_tokens(text: str) -> list[Token]:
    """Folded word and number tokens with spans into ``text`` (no joining or expansion yet)."""
    folded, offsets = fold_with_offsets(text)
    out: list[Token] = []
    if offsets is None:
        for m in _TOKEN.finditer(folded):
            out.append(Token(m.group(), m.start(), m.end()))
    else:
        # A token ends where the next kept character starts, so trailing combining marks
        # (vanished from the folded text) stay inside its span.
        offsets.append(len(text))
        for m in _TOKEN.finditer(folded):
            out.append(Token(m.group(), offsets[m.start()], offsets[m.end()]))
    return out


def is_syllable(term: str) -> bool:
    return _SYLLABLE.fullmatch(term) is not None


def _is_fragment(term: str, vocab: frozenset[str] | set[str]) -> bool:
    """A piece that is unlikely to stand alone: one letter, or not a syllable we know."""
    if term.isdigit() or not term.isalpha():
        return False
    return len(term) == 1 or term not in vocab


def rejoin_fragments(tokens: list[Token], vocab: frozenset[str] | set[str]) -> list[Token]:
    """Glue OCR-split syllables back together: ``qu a ng`` -> ``quang``, ``ki e n`` -> ``kien``.

    Joins 2-4 adjacent alphabetic tokens when the join is a known syllable and at least one piece
    is a fragment (a single letter or unknown). Greedy, longest join first; known whole words are
    never merged with each other.
    """
    # Most tokens are known syllables: settle those without a call.
    frag = [(len(t.term) == 1 or t.term not in vocab) and t.term.isalpha() for t in tokens]
    if not any(frag):
        return tokens
    alpha = [t.term.isalpha() for t in tokens]
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        joined = None
        for width in (4, 3, 2):
            if i + width > n or not any(frag[i : i + width]) or not all(alpha[i : i + width]):
                continue
            parts = tokens[i : i + width]
            cand = "".join(p.term for p in parts)
            if cand in vocab and is_syllable(cand):
                joined = Token(cand, parts[0].start, parts[-1].end)
                i += width
                break
        if joined is None:
            out.append(tokens[i])
            i += 1
        else:
            out.append(joined)
    return out


_VOWELS = frozenset("aeiouy")
_ABBREV_KEYS = sorted(k for k in ABBREVIATIONS if len(k) >= 4)


@functools.lru_cache(maxsize=4096)
def _abbreviation_typo(term: str) -> str | None:
    """The expansion of an abbreviation typed with one slip ("CHCN" for "CCHN"), if any.

    Only for all-consonant tokens, which cannot be Vietnamese syllables; one edit or one swap of
    two neighbours (optimal string alignment distance 1).
    """
    found = process.extractOne(term, _ABBREV_KEYS, scorer=OSA.distance, score_cutoff=1)
    return ABBREVIATIONS[found[0]] if found is not None else None


def expand_abbreviations(tokens: list[Token], exact: Container[str] = ()) -> list[Token]:
    """Replace abbreviations with their words; each word keeps the abbreviation's span.

    Terms in ``exact`` (acronyms with a reading of their own) are not repaired as typos.
    """
    out: list[Token] = []
    for k, t in enumerate(tokens):
        exp = ABBREVIATIONS.get(t.term)
        if (
            exp is None
            and 4 <= len(t.term) <= 6
            and _VOWELS.isdisjoint(t.term)
            and t.term not in exact
        ):
            exp = _abbreviation_typo(t.term)
        if exp is None:
            out.append(t)
            continue
        if t.term == "dkkd" and k > 0 and tokens[k - 1].term in {"gcn", "nhan", "giay"}:
            exp = "dang ky kinh doanh"
        out.extend(Token(w, t.start, t.end) for w in exp.split())
    return out


def canonical_phrases(tokens: list[Token]) -> list[Token]:
    """Map synonymous multi-word phrases to one term ("ít nhất", "không dưới" -> "toithieu")."""
    if not any(t.term in _PHRASE_HEADS for t in tokens):
        return tokens
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].term not in _PHRASE_HEADS:
            out.append(tokens[i])
            i += 1
            continue
        for width in range(min(_PHRASE_MAX, n - i), 1, -1):
            key = tuple(t.term for t in tokens[i : i + width])
            canon = PHRASES.get(key)
            if canon is not None:
                out.extend(
                    Token(w, tokens[i].start, tokens[i + width - 1].end) for w in canon.split()
                )
                i += width
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


# A list marker at the start of a line: "- ", "+ ", "a) ", "1. ", "(2) ", "IV. ".
_MARKER = re.compile(r"\s*(?:[-+•*–]|\(?(?:[0-9]{1,3}|[a-zA-ZđĐ]|[IVXivx]{1,4})[.)])\s+")


def strip_marker(tokens: list[Token], text: str) -> list[Token]:
    """Drop the tokens of a leading list marker ("1.", "b)") so they are not read as numbers."""
    m = _MARKER.match(text)
    if m is None:
        return tokens
    return [t for t in tokens if t.start >= m.end()]


# Where one listed item ends and the next begins: a line break, a semicolon, a list marker
# ("a)", "2.", "-") after a colon or full stop, or "và có" joining two conditions in one sentence
# ("có bằng trung cấp dược và có 12 tháng thực hành").
_ITEM_BREAK = re.compile(
    r"\n+|;\s*|(?<=[:.])\s+(?=(?:[a-zđA-ZĐ]|[0-9]{1,2})[.)]\s)|(?<=[:.;])\s*(?=[-+•]\s)"
)
_WORDY = re.compile(r"\w{2,}")
_ITEM_HINTS = ("\n", ";", ")", "- ", "+ ", "• ")


def split_items(text: str) -> list[tuple[int, int]]:
    """Spans of the items of a requirement that lists several, or [] for a single one.

    Items with fewer than three words (headings such as "Điều kiện:") are dropped.
    """
    if not any(mark in text for mark in _ITEM_HINTS):
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _ITEM_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    items = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if len(_WORDY.findall(text[s:e])) >= 3:
            items.append((s, e))
    return items if len(items) >= 2 else []


# Where one sentence may join two requirements: a comma, semicolon, colon or full stop before a
# space, or "và" ("có bằng trung cấp dược và có 12 tháng thực hành").
_CLAUSE_BREAK = re.compile(r"[,;:.](?=\s)|\s(?:và|va|Và)\s|\n")


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of one sentence, or [] when it has one; for retrieval only.

    A requirement restating two conditions in one sentence shares most of its words with the
    first; the second is retrieved from its own clause (then scored on the whole text as usual).
    Clauses with fewer than three words are dropped.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    items = [(s, e) for s, e in spans if len(_WORDY.findall(text[s:e])) >= 3]
    return items if len(items) >= 2 else []


def analyse(
    text: str,
    vocab: frozenset[str] | set[str] = BASE_SYLLABLES,
    corrections: Mapping[str, str] | None = None,
) -> list[Token]:
    """The full token pipeline: fold, rejoin fragments, expand abbreviations, canonical phrases.

    ``corrections`` maps misspelt terms to known ones (typo repair computed by the caller against
    the national vocabulary).
    """
    tokens = rejoin_fragments(strip_marker(raw_tokens(text), text), vocab)
    tokens = expand_abbreviations(tokens)
    if corrections:
        tokens = [
            Token(corrections[t.term], t.start, t.end) if t.term in corrections else t
            for t in tokens
        ]
    return canonical_phrases(tokens)


def content_terms(tokens: Iterable[Token]) -> list[str]:
    """Terms that carry meaning: no stopwords, no bare numbers (quantities are compared apart)."""
    return [t.term for t in tokens if t.term not in STOPWORDS and not t.term[0].isdigit()]


def polarity(tokens: Iterable[Token]) -> bool:
    """True when the text negates ("không yêu cầu", "miễn", "bãi bỏ")."""
    return any(t.term in NEGATIONS for t in tokens)


# The end of the sentence a negation reaches to: "." or ";" before a space or the end (not the
# dot of "1.000"), or a line break. Not ":": "Bãi bỏ yêu cầu: …" negates what follows the colon.
_SCOPE_END = re.compile(r"[.;](?=\s|$)|\n")


def negation_scope(tokens: Sequence[Token], text: str) -> frozenset[str]:
    """Content terms from each negation to the end of its sentence ("" when none negates).

    What a text denies is what follows its "không yêu cầu"/"bãi bỏ", up to the sentence's end;
    the rest of the text still affirms.
    """
    if not any(t.term in NEGATIONS for t in tokens):
        return frozenset()
    ends = [m.start() for m in _SCOPE_END.finditer(text)]
    inside: set[str] = set()
    limit = -1
    for t in tokens:
        if t.term in NEGATIONS:
            limit = next((e for e in ends if e >= t.end), len(text))
        elif t.start < limit and t.term not in STOPWORDS and not t.term[0].isdigit():
            inside.add(t.term)
    return frozenset(inside)
