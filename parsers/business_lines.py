"""The Investment Law's list of conditional business lines, and matching texts to it.

Phụ lục IV of Luật Đầu tư is a two-column table "STT | Ngành, nghề". Amending laws insert
letter-suffixed numbers ("29a", "90a") and leave repealed numbers empty rather than renumbering
(there is no item 11), so a line's identity is its number *as printed*, a string.

Readers: :func:`read_csv` (``stt,nganh_nghe``), :func:`from_rows` (any table whose header has
STT and Ngành, nghề, e.g. pipe rows or `Unit.rows`), :func:`from_html` and :func:`from_document`.
Each returns :class:`BusinessLine` objects in list order.

Matching (:class:`BusinessLineIndex`): which line(s) a text such as an article title or a
requirement belongs to. Names and texts are folded, stripped of words every line shares
("kinh doanh", "dịch vụ", "điều kiện"), and compared by IDF-weighted coverage of the line's
distinctive syllables and syllable pairs, blended with rapidfuzz's token-set ratio. An inverted
index narrows candidates so a text is never scored against all 236 lines. A few domain
synonyms map article wording onto list wording ("thuốc" → "dược", but not "thuốc lá",
"thuốc bảo vệ thực vật", "thuốc thú y", "thuốc nổ").
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from parsers.ministries import ministry_named
from parsers.model import Document
from parsers.normalize import clean, fold, squash_spaces
from parsers.table_rows import html_table_rows, tables_of

_NUMBER = re.compile(r"^\s*(\d{1,3}[a-z]?)\s*\.?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class BusinessLine:
    """One conditional business line.

    `number` as printed ("29a"); `name` cleaned text; `folded` for matching; `ministry` a code
    from :data:`parsers.ministries.MINISTRIES` when the list states it (group row or "của Bộ …" in the name), else "".
    `order` is the position in the list (0-based), which survives gaps and inserted numbers.
    """

    number: str
    name: str
    folded: str = ""
    ministry: str = ""
    order: int = 0

    def __post_init__(self) -> None:
        if not self.folded:
            self.folded = fold(self.name)


class BusinessLineError(ValueError):
    """A list that cannot be read; the message names the source and the problem."""


def ministry_of(text: str) -> str:
    """Ministry code named in a text ("… của Bộ Công Thương" → "BCT"), or ""."""
    return ministry_named(text)


def _line(number: str, name: str, order: int, ministry: str) -> BusinessLine:
    name = squash_spaces(clean(name).replace("\n", " "))
    return BusinessLine(
        number=number.lower(), name=name, order=order, ministry=ministry_of(name) or ministry
    )


def read_csv(source: str | Path, *, text: str | None = None) -> list[BusinessLine]:
    """Lines from a ``stt,nganh_nghe`` CSV (path, or `text` with `source` naming it)."""
    name = str(source)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise BusinessLineError(f"{name}: cannot read: {e}") from e
    reader = csv.reader(io.StringIO(clean(text)))
    header = next(reader, None)
    if not header or len(header) < 2:
        raise BusinessLineError(f"{name}: empty or not a two-column CSV")
    rows = [header, *reader]
    lines = from_rows(rows)
    if not lines:
        raise BusinessLineError(f"{name}: no numbered business line rows")
    return lines


def _is_header(row: Sequence[str]) -> bool:
    if _NUMBER.match(row[0]):
        return False
    cells = [fold(c).strip() for c in row]
    return cells[0] in ("stt", "tt", "so tt", "so thu tu") or any(
        "nganh" in c and "nghe" in c and len(c) < 40 for c in cells
    )


def from_rows(rows: Iterable[Sequence[str]], *, require_header: bool = False) -> list[BusinessLine]:
    """Lines from table rows: the number cell, then the name cell.

    Group rows ("I | NGÀNH, NGHỀ THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG AN" or a merged row naming a
    ministry) set the ministry of the lines below them. With `require_header`, rows before a
    "STT | Ngành, nghề" header are ignored and a table without one yields nothing (for scanning
    arbitrary documents).
    """
    lines: list[BusinessLine] = []
    ministry = ""
    seen_header = not require_header
    for row in rows:
        cells = [c.strip() for c in row if c is not None]
        if len(cells) < 2:
            if cells and (named := ministry_of(cells[0])) and seen_header:
                ministry = named
            continue
        if _is_header(cells):
            seen_header = True
            continue
        if not seen_header:
            continue
        m = _NUMBER.match(cells[0])
        name = next((c for c in cells[1:] if c), "")
        if m and name:
            lines.append(_line(m.group(1), name, len(lines), ministry))
        elif (
            not m
            and (g := ministry_of(" ".join(cells)))
            and not any(_NUMBER.match(c) for c in cells)
        ):
            ministry = g
    return lines


def from_html(html: str) -> list[BusinessLine]:
    """Lines from the first HTML table whose header reads STT | Ngành, nghề."""
    for rows in html_table_rows(clean(html)):
        lines = from_rows(rows, require_header=True)
        if lines:
            return lines
    return []


def from_document(doc: Document) -> list[BusinessLine]:
    """Lines from every "STT | Ngành, nghề" table of a parsed document, in order."""
    out: list[BusinessLine] = []
    for table in tables_of(doc):
        for line in from_rows(table.rows, require_header=True):
            line.order = len(out)
            out.append(line)
    return out


# --- matching ----------------------------------------------------------------------------------

# Phrases every line or condition title shares; they say nothing about which line it is.
_STOP_PHRASES = re.compile(
    r"\b(?:kinh doanh|dich vu|san xuat|dieu kien|bao gom ca|bao gom|doi voi|hoat dong|co so|"
    r"quy dinh|chi tiet|linh vuc|nganh, nghe|nganh nghe|phai dap ung|dap ung|yeu cau|mot so|"
    r"quan ly chuyen nganh|thuong nhan|to chuc|ca nhan|doanh nghiep)\b"
)
_STOP = frozenset(
    [
        "cac",
        "loai",
        "va",
        "cua",
        "ve",
        "trong",
        "theo",
        "tai",
        "viec",
        "nhung",
        "khac",
        "nay",
        "de",
        "tren",
        "hoac",
        "ma",
        "thi",
        "co",
        "cho",
    ]
)
_SYLLABLE = re.compile(r"[a-z0-9_]+")
# Article wording → list wording, applied before folding because "thuốc" (medicine) and
# "thuộc" (belongs to) fold alike. "thuốc" alone is medicine ("dược") unless it is tobacco,
# pesticide, veterinary drugs or explosives, which have lines of their own.
_SYNONYMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:nhà|quầy|tủ) thuốc\b"), "dược"),
    (re.compile(r"\bthuốc(?!\s+(?:lá|bảo vệ|thú y|nổ|phóng|diệt))\b"), "dược"),
    (re.compile(r"\brượu bia\b"), "rượu"),
]


def _features(text: str) -> list[str]:
    """Distinctive syllables and syllable pairs of a text (lower-cased NFC or already folded)."""
    low = text.lower()
    for pattern, repl in _SYNONYMS:
        low = pattern.sub(repl, low)
    folded = _STOP_PHRASES.sub(" | ", fold(low))
    feats: list[str] = []
    # Pairs do not cross a removed phrase or punctuation.
    for chunk in re.split(r"[|,;.()/:]", folded):
        sylls = [s for s in _SYLLABLE.findall(chunk) if s not in _STOP]
        feats.extend(sylls)
        feats.extend(f"{a} {b}" for a, b in itertools.pairwise(sylls))
    return feats


@dataclass(slots=True)
class LineMatch:
    line: BusinessLine
    score: float
    # Distinctive features of the line found in the text (for evidence).
    matched: list[str] = field(default_factory=list)


class BusinessLineIndex:
    """Match texts to business lines; see the module docstring for the scoring."""

    def __init__(self, lines: Sequence[BusinessLine]) -> None:
        self.lines = list(lines)
        self._feats: list[set[str]] = [set(_features(line.name)) for line in self.lines]
        df: dict[str, int] = defaultdict(int)
        for feats in self._feats:
            for f in feats:
                df[f] += 1
        n = max(len(self.lines), 1)
        self._idf = {f: math.log(1 + n / d) for f, d in df.items()}
        # The head of a name ("hóa chất" in "Kinh doanh hóa chất, trừ …") says most about it.
        self._heads: list[str] = []
        for line in self.lines:
            ordered = _features(line.name)
            pairs = [f for f in ordered if " " in f]
            self._heads.append(pairs[0] if pairs else (ordered[0] if ordered else ""))
        self._lowered = [line.name.lower() for line in self.lines]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for i, feats in enumerate(self._feats):
            for f in feats:
                self._postings[f].append(i)

    def match(self, text: str, *, limit: int = 3, threshold: float = 0.6) -> list[LineMatch]:
        """Lines that `text` belongs to, best first, score in [0, 1].

        The score rewards covering the line's distinctive words (a title "Điều kiện kinh doanh
        thuốc" covers "Kinh doanh dược") and covering the text's words (a title "… thuốc lá"
        is wholly inside the long tobacco line); rapidfuzz breaks near-ties.
        """
        tfeats = set(_features(clean(text)))
        if not tfeats:
            return []
        candidates: set[int] = set()
        for f in tfeats:
            candidates.update(self._postings.get(f, ()))
        # Words unknown to the list still count against text coverage, at the highest weight.
        default_idf = math.log(1 + max(len(self.lines), 1))
        text_total = sum(self._idf.get(f, default_idf) for f in tfeats)
        lowered = clean(text).lower()
        results: list[LineMatch] = []
        for i in candidates:
            feats = self._feats[i]
            common = feats & tfeats
            weight = sum(self._idf[f] for f in common)
            line_cov = weight / sum(self._idf[f] for f in feats)
            text_cov = weight / text_total
            if len(common) < 2 and line_cov < 1.0:
                text_cov = 0.0  # one shared word is not enough to claim a long line
            # Unfolded comparison separates words that fold alike ("lưu trú" / "lưu trữ").
            ratio = fuzz.token_set_ratio(self._lowered[i], lowered) / 100.0
            head = 0.05 if self._heads[i] in common else 0.0
            score = (
                0.55 * max(line_cov, text_cov)
                + 0.25 * min(line_cov, text_cov)
                + 0.15 * ratio
                + head
            )
            if score >= threshold:
                results.append(LineMatch(self.lines[i], round(score, 4), sorted(common)))
        results.sort(key=lambda m: (-m.score, m.line.order))
        return results[:limit]

    def best(self, text: str, *, threshold: float = 0.6) -> BusinessLine | None:
        found = self.match(text, limit=1, threshold=threshold)
        return found[0].line if found else None
