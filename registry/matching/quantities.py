"""Numbers with units in condition texts, read from matching tokens.

A local extractor, working on the folded tokens of :mod:`registry.matching.text` so that its spans
are the evidence spans. It understands what conditions quantify: areas ("30 m2", "30m²"), money
("10 tỷ đồng" = 10 000 000 000 đồng), durations ("03 năm"), distances and head-counts ("02 dược sĩ"
counts dược sĩ). When ``parsers/quantities.py`` lands this module should delegate value parsing to
it and keep only the token-level glue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from registry.matching.text import STOPWORDS, Token

# Multi-token units first (folded terms), with their canonical unit and multiplier.
_UNITS: dict[tuple[str, ...], tuple[str, float]] = {
    ("trieu", "usd"): ("usd", 1e6),
    ("ty", "usd"): ("usd", 1e9),
    ("ty", "dong"): ("dong", 1e9),
    ("trieu", "dong"): ("dong", 1e6),
    ("nghin", "dong"): ("dong", 1e3),
    ("ngan", "dong"): ("dong", 1e3),
    ("met", "vuong"): ("m2", 1.0),
    ("met", "khoi"): ("m3", 1.0),
    ("ty",): ("dong", 1e9),
    ("trieu",): ("dong", 1e6),
    ("dong",): ("dong", 1.0),
    ("usd",): ("usd", 1.0),
    # Written out or shortened as in the tune half of the hand-written labels.
    ("do", "la", "my"): ("usd", 1.0),
    ("do", "la"): ("usd", 1.0),
    ("tr", "d"): ("dong", 1e6),
    ("m2",): ("m2", 1.0),
    ("m3",): ("m3", 1.0),
    ("ha",): ("m2", 1e4),
    ("km2",): ("m2", 1e6),
    ("m",): ("m", 1.0),
    ("met",): ("m", 1.0),
    ("km",): ("m", 1e3),
    ("cm",): ("m", 1e-2),
    ("mm",): ("m", 1e-3),
    ("kg",): ("kg", 1.0),
    ("tan",): ("kg", 1e3),
    ("lit",): ("l", 1.0),
    ("nam",): ("nam", 1.0),
    ("thang",): ("thang", 1.0),
    ("ngay",): ("ngay", 1.0),
    ("gio",): ("gio", 1.0),
    ("phut",): ("phut", 1.0),
    ("kw",): ("kw", 1.0),
    ("kva",): ("kva", 1.0),
    ("mw",): ("kw", 1e3),
    ("phan", "tram"): ("%", 1.0),
}
_UNIT_MAX = max(len(k) for k in _UNITS)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value in a canonical unit, with the span of the original text it was read from.

    ``unit`` is a measurement unit ("m2", "dong", "nam") or, for head-counts, the folded noun
    counted ("duoc si", "nguoi"). ``start``/``end`` are -1 when the quantity was given directly.
    """

    value: float
    unit: str
    start: int = -1
    end: int = -1


def parse_number(term: str) -> float | None:
    """Vietnamese number formats: ``1.000.000`` (dots group thousands), ``2,5`` (comma decimal)."""
    if not term or not term[0].isdigit():
        return None
    if "." in term and "," in term:
        term = term.replace(".", "").replace(",", ".")
    elif "." in term:
        groups = term.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            term = term.replace(".", "")
    elif "," in term:
        groups = term.split(",")
        term = term.replace(",", "") if len(groups) > 2 else term.replace(",", ".")
    try:
        return float(term)
    except ValueError:
        return None


# Vietnamese numerals written in words, folded ("ba mươi" = 30, "một nghìn" = 1 000, "hai mươi
# tư" = 24, "một trăm linh năm" = 105). Folding makes several of them ambiguous ("năm" is five and
# year, "trăm" station, "ngàn" a drawer, "tâm" centre, "muối" salt), so a run of them counts only
# when it is well formed and a unit follows it, or, for a noun counted, when it holds a multiplier.
_DIGIT_WORDS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9,
}  # fmt: skip
# Only after "mươi": "mốt" (1), "tư" (4), "lăm"/"nhăm" (5).
_AFTER_TENS = {"mot": 1, "mon": 1, "tu": 4, "lam": 5, "nham": 5}
_MULTIPLIERS = {"tram": 100, "nghin": 1000, "ngan": 1000, "trieu": 10**6, "ty": 10**9}
# Every word a numeral is written with: the typo corrector must take them as words, not typos.
NUMBER_WORDS = frozenset(
    set(_DIGIT_WORDS) | set(_AFTER_TENS) | set(_MULTIPLIERS) | {"muoi", "linh", "le"}
)


def _number_words(tokens: Sequence[Token], i: int) -> tuple[float, int, bool] | None:
    """The value of the numeral in words starting at ``tokens[i]``, the index after it, and
    whether it holds a multiplier; None if no well-formed numeral starts there."""
    n = len(tokens)
    total = 0  # completed groups (thousands, millions, ...)
    group = 0  # value below the current big multiplier
    digit: int | None = None  # a digit word waiting for what follows it
    tens_seen = False
    multiplier = False
    j = i
    while j < n:
        w = tokens[j].term
        if digit is None and tens_seen and w in _AFTER_TENS:
            group += _AFTER_TENS[w]
            tens_seen = False
            j += 1
            continue
        if w in _DIGIT_WORDS and digit is None:
            digit = _DIGIT_WORDS[w]
            tens_seen = False
        elif w == "muoi":  # "mười" alone is 10, "ba mươi" 30
            group += (digit if digit is not None else 1) * 10
            digit = None
            tens_seen = True
        elif w in ("linh", "le") and j > i and group % 100 == 0 and digit is None:
            pass
        elif w == "tram" and digit is not None:
            group += digit * 100
            digit = None
            multiplier = True
        elif w in _MULTIPLIERS and w != "tram" and (digit is not None or group):
            group += digit or 0
            total += group * _MULTIPLIERS[w]
            group, digit = 0, None
            multiplier = True
            tens_seen = False
        else:
            break
        j += 1
    if j == i:
        return None
    value = total + group + (digit or 0)
    if tokens[j - 1].term in ("linh", "le"):
        return None
    if j - i == 1 and tokens[i].term == "muoi" and not _unit_at(tokens, j):
        return None
    return float(value), j, multiplier or j - i > 1


def _unit_at(tokens: Sequence[Token], j: int) -> tuple[tuple[str, float], int] | None:
    """The measurement unit starting at ``tokens[j]`` and its width in tokens, if any."""
    for w in range(min(_UNIT_MAX, len(tokens) - j), 0, -1):
        key = tuple(t.term for t in tokens[j : j + w])
        if key in _UNITS:
            return _UNITS[key], w
    return None


_STARTS = frozenset(_DIGIT_WORDS) | {"muoi"}


def spell_numbers(tokens: Sequence[Token]) -> list[Token]:
    """Tokens with each numeral written in words replaced by one token holding its digits."""
    if _STARTS.isdisjoint(t.term for t in tokens):
        return list(tokens)
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        found = _number_words(tokens, i) if tokens[i].term in _STARTS else None
        if found is not None:
            value, j, counted = found
            follows = tokens[j].term if j < n else ""
            unit = _unit_at(tokens, j)
            # One digit word before "đồng" is the name of the currency ("Việt Nam đồng").
            if (unit is not None and (counted or unit[0][0] != "dong")) or (
                counted and unit is None and follows.isalpha() and follows not in STOPWORDS
            ):
                out.append(Token(f"{value:.0f}", tokens[i].start, tokens[j - 1].end))
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return out


def extract_quantities(tokens: Sequence[Token]) -> list[Quantity]:
    """Every number (in digits or in words) followed by a unit (or by the noun it counts)."""
    out: list[Quantity] = []
    tokens = spell_numbers(tokens)
    n = len(tokens)
    for i, tok in enumerate(tokens):
        value = parse_number(tok.term)
        if value is None:
            continue
        j = i + 1
        unit: tuple[str, float] | None = None
        width = 0
        for w in range(min(_UNIT_MAX, n - j), 0, -1):
            key = tuple(t.term for t in tokens[j : j + w])
            if key in _UNITS:
                unit, width = _UNITS[key], w
                break
        # "30 m 2" / "30m ²": a square or cubic metre split by OCR or a detached superscript.
        if (
            unit == ("m", 1.0)
            and j + 1 < n
            and tokens[j + 1].term in ("2", "3")
            and tokens[j + 1].start - tokens[j].end <= 1
        ):
            unit, width = ("m" + tokens[j + 1].term, 1.0), 2
        if unit is not None:
            out.append(Quantity(value * unit[1], unit[0], tok.start, tokens[j + width - 1].end))
            continue
        # A head-count: the word after the number names what is counted, with the next word
        # when it follows after a single space ("02 dược sĩ"; not "4 bộ, có …").
        if j < n and tokens[j].term.isalpha() and tokens[j].term not in STOPWORDS:
            nouns = [tokens[j]]
            nxt = tokens[j + 1] if j + 1 < n else None
            if (
                nxt is not None
                and nxt.term.isalpha()
                and nxt.term not in STOPWORDS
                and nxt.start - tokens[j].end == 1
            ):
                nouns.append(nxt)
            noun = " ".join(t.term for t in nouns)
            out.append(Quantity(value, noun, tok.start, nouns[-1].end))
    return out


def compare(required: Sequence[Quantity], stated: Sequence[Quantity]) -> int:
    """+1 when the requirement states a value of the condition, -1 when it states another value
    in the same unit, 0 when the two say nothing comparable.

    A mismatch in any unit outweighs a match in another: "30 m2 and 03 dược sĩ" restated as
    "30 m2 and 02 dược sĩ" is a different condition. Within one unit, it is a mismatch only when
    BOTH sides state a value the other lacks: a requirement restating one of the condition's two
    areas ("khu đất 4.000 m2" of "khu đất 4.000 m2, trong đó kho 1.000 m2") is a split
    restatement, and one restating two conditions at once carries a value of each; both agree.
    (Saves split and merged restatements that the one-sided rule scored 44 points down.)
    """
    if not required or not stated:
        return 0
    verdict = 0
    for unit in {q.unit for q in stated} & {r.unit for r in required}:
        mine = [q.value for q in stated if q.unit == unit]
        theirs = [r.value for r in required if r.unit == unit]
        req_extra = any(not any(_close(r, q) for q in mine) for r in theirs)
        cond_extra = any(not any(_close(r, q) for r in theirs) for q in mine)
        if req_extra and cond_extra:
            return -1
        verdict = 1
    return verdict


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
