"""A text as the matcher reads it: folded tokens with their source spans, content terms, clauses,
items and quantities, for a condition once and for a requirement per match; the evidence spans
cut from them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from parsers.normalize import number_key
from registry.matching.acronyms import Acronyms, expand_acronyms, join_dotted
from registry.matching.model import ConditionStatus, GapKind, NationalCondition, Span
from registry.matching.quantities import (
    Quantity,
    extract_quantities,
    spell_numbers,
)
from registry.matching.text import (
    ABBREVIATIONS,
    Token,
    canonical_phrases,
    content_terms,
    expand_abbreviations,
    negation_scope,
    polarity,
    raw_tokens,
    rejoin_fragments,
    split_clauses,
    strip_marker,
)


@dataclass(slots=True)
class _Text:
    """One text as the scorer sees it."""

    tokens: list[Token]
    terms: frozenset[str]
    norm: str
    features: list[str]
    quantities: list[Quantity]
    negated: bool
    # Content terms inside a negation's scope (from the negation to the end of its sentence).
    negated_terms: frozenset[str] = frozenset()


def _analyse(
    text: str,
    vocab: frozenset[str],
    correct: Callable[[str], str] | None = None,
    acronyms: Acronyms | None = None,
) -> _Text:
    tokens = rejoin_fragments(join_dotted(strip_marker(raw_tokens(text), text), text), vocab)
    tokens = expand_abbreviations(tokens, acronyms or ())
    if acronyms is not None:
        # Acronyms of the conditions' own terms ("CHXD", "ANTT"), read after the table's so
        # their neighbours are words.
        tokens = expand_acronyms(tokens, acronyms, vocab, ABBREVIATIONS)
    if correct is not None:
        tokens = [
            Token(correct(t.term), t.start, t.end)
            if t.term.isalpha() and t.term not in vocab
            else t
            for t in tokens
        ]
    # A numeral in words becomes one number token, so it is compared as a quantity, not as words.
    tokens = spell_numbers(canonical_phrases(tokens))
    terms = content_terms(tokens)
    features = list(dict.fromkeys(terms))
    features += list(dict.fromkeys(f"{a}_{b}" for a, b in pairwise(terms)))
    return _Text(
        tokens=tokens,
        terms=frozenset(terms),
        norm=" ".join(terms),
        features=features,
        quantities=extract_quantities(tokens),
        negated=polarity(tokens),
        negated_terms=negation_scope(tokens, text),
    )


@dataclass(slots=True)
class _Cond:
    """A condition prepared for scoring: its old and new readings and its blocking keys."""

    cond: NationalCondition
    status: ConditionStatus
    old: _Text
    new: _Text
    old_quantities: list[Quantity]
    new_quantities: list[Quantity]
    documents: frozenset[str]
    own_document: str
    unit: str
    lines: frozenset[str]
    weight_old: float
    weight_new: float
    parts_old: list[_Part] = field(default_factory=list)
    parts_new: list[_Part] = field(default_factory=list)


@dataclass(slots=True)
class _Part:
    """A run of consecutive clauses of a condition (never all of them), as the scorer sees it."""

    terms: frozenset[str]
    norm: str
    weight: float  # IDF mass of its terms
    share: float  # its share of the whole condition's IDF mass


def _clause_runs(text: str, t: _Text, longest: int = 4) -> list[list[str]]:
    """Content terms of every run of up to ``longest`` consecutive clauses of ``text`` but the
    whole (clauses as :func:`split_clauses` cuts a sentence), in text order."""
    spans = split_clauses(text)
    if not spans:
        return []
    per: list[list[str]] = [[] for _ in spans]
    k = 0
    for tok in t.tokens:
        while k < len(spans) - 1 and tok.start >= spans[k + 1][0]:
            k += 1
        if spans[k][0] <= tok.start < spans[k][1] and tok.term in t.terms:
            per[k].append(tok.term)
    n = len(spans)
    return [
        [term for c in range(a, b + 1) for term in per[c]]
        for a in range(n)
        for b in range(a, min(n, a + longest))
        if (a, b) != (0, n - 1)
    ]


@dataclass(slots=True)
class _ReqCtx:
    """What scoring needs from one requirement, computed once for all its candidates."""

    text: _Text
    fids: np.ndarray  # ids of its features that retrieve (CSR rows)
    weight: float
    documents: dict[str, str]  # number key -> unit cited ("" for the whole document)
    lines: frozenset[str]
    ministry: str


@dataclass(slots=True)
class _Scored:
    index: int
    score: float
    kind: GapKind | None
    reading: str  # "old" or "new"
    features: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Shared:
    terms: frozenset[str]
    bigrams: set[str]


@functools.lru_cache(maxsize=1 << 16)
def _number_key(number: str) -> str:
    return number_key(number)


def _span(text: str, start: int, end: int, offset: int = 0) -> Span:
    return Span(start + offset, end + offset, text[start:end])
