"""Quantities stated in business conditions: capital, experience, areas, distances, staff counts.

A condition is often compared by its numbers ("a province still asks for 50 m² where the
amended text says 30 m²"), so each amount is pulled out with its kind, value, unit and span.
Matching runs spaCy `Matcher` patterns over a blank Vietnamese pipeline. spaCy's Vietnamese
tokenizer (without pyvi) splits on blanks only, leaving "đồng," and "30m2" whole, so the text is
tokenised here by one regex and handed to spaCy as a `Doc` of words; each token's NORM is its
folded form, so patterns match text typed without diacritics too. Offsets are into the text
given (use `parsers.normalize.clean` text so they agree with unit offsets).

Vietnamese number formats: "5.000.000.000" (dots group thousands), "1,5" (comma is decimal),
"02" (leading zero), "10 tỷ" / "500 triệu" (multipliers), "02 (hai) năm" (number in words).

Interface: :func:`find_quantities` → list of :class:`Quantity`; :func:`parse_vn_number`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from parsers.normalize import fold


@dataclass(slots=True)
class Quantity:
    """One amount in a text.

    kind: ``capital`` (vốn, ký quỹ, bảo lãnh), ``money`` (other amounts), ``experience``
    (durations of practice or work), ``duration`` (other durations), ``area``, ``distance``,
    ``volume``, ``staff`` (counts of people).
    value: the number with multipliers applied (10 tỷ đồng → 10_000_000_000.0).
    unit: canonical unit: ``VND``, ``USD``, ``year``, ``month``, ``day``, ``hour``, ``m2``,
    ``ha``, ``m``, ``km``, ``m3``, ``l``, ``t``, ``person``.
    bound: ``min`` ("tối thiểu", "ít nhất", "trở lên"), ``max`` ("tối đa", "không quá") or "".
    """

    kind: str
    value: float
    unit: str
    text: str
    start: int
    end: int
    bound: str = ""


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+[\d²³]*|\S")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")

_MULTIPLIERS = {"ty": 1e9, "trieu": 1e6, "nghin": 1e3, "ngan": 1e3}
_NUMBER_WORDS = [
    "mot", "hai", "ba", "bon", "tu", "nam", "sau", "bay", "tam", "chin", "muoi", "lam",
    "tram", "nghin", "ngan", "trieu", "ty", "le", "linh", "ruoi", "phay",
]  # fmt: skip

# Canonical unit for each folded unit token (or token pair joined by a space).
_UNITS: dict[str, tuple[str, str]] = {
    "dong": ("money", "VND"),
    "vnd": ("money", "VND"),
    "vnđ": ("money", "VND"),
    "d": ("money", "VND"),
    "usd": ("money", "USD"),
    "nam": ("duration", "year"),
    "thang": ("duration", "month"),
    "ngay": ("duration", "day"),
    "gio": ("duration", "hour"),
    "m2": ("area", "m2"),
    "m²": ("area", "m2"),
    "ha": ("area", "ha"),
    "hecta": ("area", "ha"),
    "km2": ("area", "km2"),
    "km²": ("area", "km2"),
    "m3": ("volume", "m3"),
    "m³": ("volume", "m3"),
    "lit": ("volume", "l"),
    "tan": ("volume", "t"),
    "m": ("distance", "m"),
    "km": ("distance", "km"),
    "nguoi": ("staff", "person"),
    "lao dong": ("staff", "person"),
    "nhan vien": ("staff", "person"),
    "nhan su": ("staff", "person"),
    "duoc si": ("staff", "person"),
    "bac si": ("staff", "person"),
    "ky thuat vien": ("staff", "person"),
    "can bo": ("staff", "person"),
    "ky su": ("staff", "person"),
    "met vuong": ("area", "m2"),
    "met khoi": ("volume", "m3"),
    "met": ("distance", "m"),
    "ki lo met": ("distance", "km"),
    "kilomet": ("distance", "km"),
}

_CAPITAL_CUES = ("von", "ky quy", "bao lanh", "tien ky", "tai san rieng", "tai chinh")
_EXPERIENCE_CUES = ("kinh nghiem", "thuc hanh", "cong tac", "lam viec", "hanh nghe", "truc tiep")
_MIN_CUES = ("toi thieu", "it nhat", "khong thap hon", "khong duoi", "khong it hon", "tro len")
_MAX_CUES = ("toi da", "khong qua", "khong vuot qua", "khong lon hon", "duoi", "tro xuong")


def parse_vn_number(text: str) -> float:
    """A number as printed in Vietnamese texts: "5.000.000.000", "1,5", "02", "1.5", "1,500,000".

    Dots group thousands and the comma is the decimal mark; a lone dot followed by other than
    three digits, or a string with both marks, is read by its last mark.
    """
    s = text.strip()
    if not s or not _NUMBER.match(s):
        raise ValueError(f"not a number: {text!r}")
    if "." in s and "," in s:
        last = max(s.rfind("."), s.rfind(","))
        whole = re.sub(r"[.,]", "", s[:last])
        return float(f"{whole}.{s[last + 1 :]}")
    for mark in (".", ","):
        if mark in s:
            parts = s.split(mark)
            grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
            if mark == "." and (len(parts) > 2 or grouped):
                return float("".join(parts))
            if mark == "," and len(parts) > 2 and grouped:
                return float("".join(parts))
            if len(parts) == 2:
                return float(f"{parts[0]}.{parts[1]}")
            return float("".join(parts))
    return float(s)


@lru_cache(maxsize=1)
def _nlp() -> Any:
    try:  # reuse the project's pipeline when one exists
        import importlib

        project_nlp = importlib.import_module("parsers.nlp")

        shared = getattr(project_nlp, "nlp", None)
        if shared is not None:
            return shared
    except ImportError:
        pass
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@lru_cache(maxsize=1)
def _matcher() -> Any:
    from spacy.matcher import Matcher

    nlp = _nlp()
    matcher = Matcher(nlp.vocab)
    num = {"TEXT": {"REGEX": r"^\d+(?:[.,]\d+)*$"}}
    words: list[dict[str, Any]] = [
        {"ORTH": "(", "OP": "?"},
        {"NORM": {"IN": _NUMBER_WORDS}, "OP": "*"},
        {"ORTH": ")", "OP": "?"},
    ]
    mult = {"NORM": {"IN": list(_MULTIPLIERS)}, "OP": "?"}
    single = [u for u in _UNITS if " " not in u]
    multi = [u.split() for u in _UNITS if " " in u]
    patterns: list[list[dict[str, Any]]] = [[num, *words, mult, {"NORM": {"IN": single}}]]
    for parts in multi:
        patterns.append([num, *words, mult, *({"NORM": p} for p in parts)])
    matcher.add("QUANTITY", patterns, greedy="LONGEST")
    return matcher


def _doc(text: str) -> Any:
    from spacy.tokens import Doc

    nlp = _nlp()
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = [text[a:b] for a, b in spans]
    spaces = [
        spans[i + 1][0] > spans[i][1] if i + 1 < len(spans) else False for i in range(len(spans))
    ]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    for tok in doc:
        tok.norm_ = fold(tok.text)
    return doc, spans


_DATE_BEFORE = {"ngay", "thang"}
_CLAUSE_END = {".", ";", ":", "\n"}


def _context(norms: list[str], start: int, end: int, before: int = 14, after: int = 6) -> str:
    """Folded words around a match, within its clause (stops at ; . :)."""
    left: list[str] = []
    i = start - 1
    while i >= 0 and len(left) < before and norms[i] not in _CLAUSE_END:
        left.append(norms[i])
        i -= 1
    right: list[str] = []
    j = end
    while j < len(norms) and len(right) < after and norms[j] not in _CLAUSE_END:
        right.append(norms[j])
        j += 1
    return " ".join(reversed(left)) + " | " + " ".join(right)


def find_quantities(text: str) -> list[Quantity]:
    """Every amount with a unit in `text`, in order, without overlaps."""
    if not text or not any(c.isdigit() for c in text):
        return []
    from spacy.util import filter_spans

    doc, spans = _doc(text)
    matcher = _matcher()
    found = filter_spans([doc[s:e] for _id, s, e in matcher(doc)])
    norms = [t.norm_ for t in doc]
    out: list[Quantity] = []
    for span in sorted(found, key=lambda s: s.start):
        s, e = span.start, span.end
        number = doc[s].text
        prev = norms[s - 1] if s > 0 else ""
        unit_words: list[str] = []
        in_paren = False
        for t in doc[s + 1 : e]:
            if t.norm_ in ("(", ")"):
                in_paren = t.norm_ == "("
            elif not in_paren:
                unit_words.append(t.norm_)
        # "02 hai năm": a number spelt out without brackets, before the unit.
        while (
            len(unit_words) > 1
            and unit_words[0] in _NUMBER_WORDS
            and unit_words[0] not in _MULTIPLIERS
        ):
            unit_words.pop(0)
        multiplier = 1.0
        while unit_words and unit_words[0] in _MULTIPLIERS and len(unit_words) > 1:
            multiplier *= _MULTIPLIERS[unit_words.pop(0)]
        key = " ".join(unit_words)
        if key not in _UNITS:
            key = unit_words[-1] if unit_words else ""
        if key not in _UNITS:
            continue
        kind, unit = _UNITS[key]
        # Dates ("ngày 08 tháng 5 năm 2017") are not durations.
        if kind == "duration" and (
            prev in _DATE_BEFORE or (e < len(doc) and _NUMBER.match(doc[e].text))
        ):
            continue
        if (
            kind == "money"
            and unit == "VND"
            and key == "d"
            and multiplier == 1.0
            and len(number) < 4
        ):
            continue  # "5 đ" alone is too ambiguous (điểm đ)
        try:
            value = parse_vn_number(number) * multiplier
        except ValueError:
            continue
        ctx = _context(norms, s, e)
        left = ctx.split(" | ")[0]
        if kind == "money" and any(c in left for c in _CAPITAL_CUES):
            kind = "capital"
        elif kind == "duration" and any(c in ctx for c in _EXPERIENCE_CUES):
            kind = "experience"
        bound = ""
        near_left = " ".join(left.split()[-4:])
        near_right = ctx.split(" | ")[1].split()[:2]
        if any(c in near_left for c in _MIN_CUES) or " ".join(near_right).startswith("tro len"):
            bound = "min"
        elif any(c in near_left for c in _MAX_CUES) or " ".join(near_right).startswith("tro xuong"):
            bound = "max"
        start, end = spans[s][0], spans[e - 1][1]
        out.append(Quantity(kind, value, unit, text[start:end], start, end, bound))
    return out
