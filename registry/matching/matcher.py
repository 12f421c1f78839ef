"""Match provincial requirements to national conditions: which provinces still ask for what the
central level has cut (or for the old version of what it amended).

A pure library. The scan feeds it rows and stores what it returns:

* :class:`NationalCondition` — one condition with its status on the scan date;
* :class:`ProvincialRequirement` — one requirement text of a provincial procedure;
* :class:`Match` — a requirement that restates a ``cut`` condition, or the OLD version of an
  ``amended`` one, with a 0-100 score and the evidence (character spans on both sides, matched
  quantities, the cited legal basis that matched).

How: a :class:`ConditionIndex` is built once over all conditions (picklable; a scan can ship it to
worker processes). For each requirement it retrieves a few candidates through an IDF-weighted
inverted index of folded terms and term bigrams, boosted by cited legal basis (the procedure cites
decree X: conditions of X and of the decrees that amended it), business line and ministry; only
those candidates are scored with rapidfuzz plus IDF coverage, quantity agreement and polarity.
Each requirement is matched on its own (retrieval is batched for speed, with the same result),
so work can be split by province over processes or machines. A requirement listing several items
("a) …; b) …") is matched item by item as well as whole; each clause of a sentence also
retrieves candidates of its own (a sentence restating two conditions), and a condition of the
cited law is scored against runs of its clauses as well as whole (a requirement restating part of
it). :func:`all_pairs_match` scores every
pair with the same scorer, as the baseline that shows what the narrowing costs in recall.

Entry points: :func:`match` (conditions or a prebuilt index, requirements, params),
:func:`match_index` (``workers`` processes, split by province), :func:`all_pairs_match`,
:func:`calibrate` / :func:`calibrate_on` (threshold maximising F1 on a labelled set).
Text analysis lives in :mod:`registry.matching.text`, acronyms derived from the conditions in
:mod:`registry.matching.acronyms`, quantities in :mod:`registry.matching.quantities`; labelled test data in :mod:`corpora.generator.matching_synth` and
:mod:`corpora.generator.matching_truth` (the generated corpus's ground truth).
"""

from __future__ import annotations

import functools
import gc
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from itertools import pairwise
from multiprocessing import get_context

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from parsers.normalize import number_key
from registry.matching.acronyms import Acronyms, expand_acronyms, join_dotted
from registry.matching.quantities import (
    NUMBER_WORDS,
    Quantity,
    compare,
    extract_quantities,
    spell_numbers,
)
from registry.matching.text import (
    ABBREVIATIONS,
    BASE_SYLLABLES,
    GLUE,
    STOPWORDS,
    TABLE_WORDS,
    Token,
    canonical_phrases,
    content_terms,
    expand_abbreviations,
    negation_scope,
    polarity,
    raw_tokens,
    rejoin_fragments,
    split_clauses,
    split_items,
    strip_marker,
)

# --- inputs -------------------------------------------------------------------------------------


class ConditionStatus(StrEnum):
    """A condition's status on the scan date (ARCHITECTURE.md, "Time and status")."""

    IN_FORCE = "in_force"
    CUT = "cut"
    AMENDED = "amended"
    UNKNOWN = "unknown"


class GapKind(StrEnum):
    CUT = "cut"  # restates a condition cut on the scan date
    AMENDED = "amended"  # restates the old version of an amended condition


@dataclass(frozen=True, slots=True)
class CuttingEffect:
    """The effect that cut or amended a condition: amending document, its unit, effective date."""

    document: str
    unit: str = ""
    effective: date | None = None


@dataclass(frozen=True, slots=True)
class NationalCondition:
    """One national business condition as the registry knows it on the scan date.

    ``text`` is the condition as the national document states (or stated) it. For an ``amended``
    condition, ``old_text``/``new_text`` are the versions before and after the amendment (each
    defaults to ``text``) and ``old_quantities``/``new_quantities`` may give the amended amounts
    directly (otherwise they are read from the texts). ``document``/``unit`` locate the provision
    that states it; ``effect`` is what cut or amended it; ``amending_documents`` lists every other
    document that amended the source document (a procedure citing any of them is citing this
    condition's law).
    """

    id: str
    text: str
    status: ConditionStatus | str = ConditionStatus.UNKNOWN
    business_lines: tuple[str, ...] = ()
    ministry: str = ""
    document: str = ""
    unit: str = ""
    effect: CuttingEffect | None = None
    old_text: str = ""
    new_text: str = ""
    old_quantities: tuple[Quantity, ...] = ()
    new_quantities: tuple[Quantity, ...] = ()
    amending_documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """A document (and optionally a unit id) a provincial procedure cites as its legal basis."""

    document: str
    unit: str = ""


@dataclass(frozen=True, slots=True)
class ProvincialRequirement:
    """One requirement ("Yêu cầu, điều kiện thực hiện") of a provincial procedure.

    ``legal_bases`` are what the procedure cites ("Căn cứ pháp lý"); ``business_lines`` are ids of
    conditional business lines the procedure is about, when known; ``ministry`` is the managing
    ministry when known. ``province_code`` is as written (pre- or post-merger code).
    """

    id: str
    text: str
    province_code: str = ""
    procedure_code: str = ""
    legal_bases: tuple[LegalBasis, ...] = ()
    business_lines: tuple[str, ...] = ()
    published: date | None = None
    ministry: str = ""


# --- outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of an original input text, and those characters."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuantityEvidence:
    """A quantity both sides state (value in ``unit``), with where each side states it."""

    value: float
    unit: str
    requirement: Span
    condition: Span


@dataclass(frozen=True, slots=True)
class Match:
    """A requirement that restates a cut condition, or the old version of an amended one.

    ``requirement_spans`` index into the requirement's ``text``; ``condition_spans`` and the
    condition side of ``quantities`` index into the condition's field named by
    ``condition_field`` (``"text"`` for cut, ``"old_text"`` for amended when it was given,
    else ``"text"``). ``basis`` is the cited document that is this condition's law, if any.
    ``features`` are the score's components (what :func:`calibrate` re-weighs).
    """

    requirement_id: str
    condition_id: str
    score: float
    kind: GapKind
    requirement_spans: tuple[Span, ...]
    condition_spans: tuple[Span, ...]
    condition_field: str = "text"
    quantities: tuple[QuantityEvidence, ...] = ()
    basis: str = ""
    features: tuple[tuple[str, float], ...] = ()


# --- parameters ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchParams:
    """Threshold and weights of the scorer, and the knobs of candidate retrieval.

    The score is ``(w_fuzz·fuzz + w_cover·cover + w_precision·precision) / Σw`` (each 0-100) plus
    bonuses for agreeing legal basis, business line and quantities, minus penalties for a
    quantity mismatch or opposite polarity, clipped to 0-100. Against a condition of the cited
    law, the three parts may instead be computed on a run of its clauses (``partial_penalty``). Weights were chosen on the labelled
    sets of ``bench/matching_allpairs.py``; :func:`calibrate` re-picks the threshold (the default
    suits the noisier synthetic set; the generated corpus calibrates higher, around 90-95).
    """

    threshold: float = 80.0
    # The rapidfuzz scorer of the fuzzy part (a name in _SCORERS); token_set_ratio measured best
    # (bench/matching_allpairs.py --scorer …).
    fuzz_scorer: str = "token_set_ratio"
    w_fuzz: float = 0.35
    w_cover: float = 0.45
    w_precision: float = 0.20
    basis_bonus: float = 6.0
    basis_unit_bonus: float = 3.0
    line_bonus: float = 4.0
    # The requirement names its business lines and this condition belongs to none of them.
    line_mismatch_penalty: float = 8.0
    ministry_bonus: float = 1.0
    quantity_bonus: float = 4.0
    quantity_penalty: float = 40.0
    negation_penalty: float = 60.0
    # An amended condition is restated in its old version only if the old text scores this much
    # above the new one.
    amended_margin: float = 2.0
    # A gap is reported only if it beats every in-force reading of the requirement by this much.
    competitor_margin: float = 0.0
    max_candidates: int = 10
    # Candidates retrieving less than this share of the best candidate's mass are not scored.
    candidate_ratio: float = 0.85
    # Terms in more than this share of conditions do not retrieve (they still score).
    max_df: float = 0.25
    max_df_terms: float = 0.05
    # Retrieval boosts, in IDF units, for candidates sharing the cited law or business line.
    retrieval_basis_boost: float = 3.0
    retrieval_line_boost: float = 2.0
    retrieval_ministry_boost: float = 1.0
    # Only conditions of the requirement's business lines are candidates (when it names any).
    block_by_line: bool = False
    max_matches_per_requirement: int = 1
    typo_max_distance: int = 1
    # A requirement restating a part of a condition (a run of its clauses) is scored against that
    # part, less this many points times the share of the condition it leaves out.
    # Chosen on the tune half of the hand-written labels (10: more false matches, 20: fewer
    # restatements found). Only for conditions of the law the procedure cites: a part is weaker
    # evidence than the whole, and a short clause ("có địa điểm kinh doanh cố định") recurs
    # across laws.
    partial_penalty: float = 15.0
    partial_needs_basis: bool = True


_SCORERS: dict[str, Callable[[str, str], float]] = {
    "token_set_ratio": fuzz.token_set_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "WRatio": fuzz.WRatio,
    "partial_token_sort_ratio": fuzz.partial_token_sort_ratio,
    "ratio": fuzz.ratio,
}

# --- analysis -----------------------------------------------------------------------------------


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


class ConditionIndex:
    """Everything about the national conditions that matching needs, built once.

    Picklable (plain dicts, lists and numpy arrays) and independent of any requirement, so one
    build serves every province partition.
    """

    def __init__(self, conditions: Iterable[NationalCondition], params: MatchParams) -> None:
        if params.fuzz_scorer not in _SCORERS:
            raise ValueError(
                f"unknown fuzz_scorer {params.fuzz_scorer!r}: use one of {', '.join(_SCORERS)}"
            )
        self.params = params
        conds = list(conditions)
        vocab: set[str] = set(BASE_SYLLABLES) | STOPWORDS | NUMBER_WORDS | TABLE_WORDS
        for c in conds:
            for t in (c.text, c.old_text, c.new_text):
                vocab.update(tok.term for tok in raw_tokens(t) if tok.term.isalpha())
        self.vocab = frozenset(vocab)
        self._vocab_list = sorted(w for w in self.vocab if len(w) >= 3)
        self._corrections: dict[str, str] = {}
        self._text_cache: dict[str, _Text] = {}
        self._fids_cache: dict[str, np.ndarray] = {}
        self._result_cache: dict[tuple[object, ...], list[Match]] = {}
        self._boost_cache: dict[
            tuple[tuple[str, ...], frozenset[str], str], tuple[np.ndarray, np.ndarray] | None
        ] = {}

        prepared: list[_Cond] = []
        for c in conds:
            status = ConditionStatus(c.status)
            old = _analyse(c.old_text or c.text, self.vocab)
            new = _analyse(c.new_text or c.text, self.vocab) if c.new_text else old
            docs = {number_key(c.document)} if c.document else set()
            if c.effect is not None and c.effect.document:
                docs.add(number_key(c.effect.document))
            docs.update(number_key(d) for d in c.amending_documents if d)
            prepared.append(
                _Cond(
                    cond=c,
                    status=status,
                    old=old,
                    new=new,
                    old_quantities=list(c.old_quantities) or old.quantities,
                    new_quantities=list(c.new_quantities) or new.quantities,
                    documents=frozenset(docs),
                    own_document=number_key(c.document) if c.document else "",
                    unit=c.unit,
                    lines=frozenset(c.business_lines),
                    weight_old=0.0,
                    weight_new=0.0,
                )
            )
        self.conds = prepared
        n = len(prepared)
        df: dict[str, int] = {}
        for pc in prepared:
            for f in set(pc.old.features) | set(pc.new.features):
                df[f] = df.get(f, 0) + 1
        self.idf = {f: math.log((n + 1) / (d + 1)) + 1.0 for f, d in df.items()}
        self._default_idf = math.log(n + 1) + 1.0
        self.acronyms = Acronyms(
            [tok.term for tok in t.tokens]
            for pc in prepared
            for t in ((pc.old,) if pc.new is pc.old else (pc.old, pc.new))
        )
        for pc in prepared:
            pc.weight_old = sum(self.idf[t] for t in pc.old.terms)
            pc.weight_new = sum(self.idf[t] for t in pc.new.terms)
            pc.parts_old = self._parts(pc.cond.old_text or pc.cond.text, pc.old, pc.weight_old)
            pc.parts_new = (
                self._parts(pc.cond.new_text, pc.new, pc.weight_new)
                if pc.new is not pc.old
                else pc.parts_old
            )

        # Small indexes (tests, one ministry) retrieve on every term.
        # Term pairs retrieve up to max_df; single terms only when rarer (max_df_terms): a pair
        # says more than its two syllables, and short postings keep retrieval cheap.
        limit = max(50, int(params.max_df * n))
        limit_terms = max(50, int(params.max_df_terms * n))
        postings: dict[str, list[int]] = {}
        for i, pc in enumerate(prepared):
            for f in set(pc.old.features) | set(pc.new.features):
                if df[f] <= (limit if "_" in f else limit_terms):
                    postings.setdefault(f, []).append(i)
        self.postings = {f: np.asarray(v, dtype=np.int32) for f, v in postings.items()}
        # The same postings as one CSR structure, so one requirement's lists are gathered with a
        # handful of numpy calls instead of a Python loop over its terms.
        names = sorted(self.postings)
        self.feature_id = {f: k for k, f in enumerate(names)}
        lengths = np.asarray([len(self.postings[f]) for f in names], dtype=np.int64)
        self._indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        self._indices = (
            np.concatenate([self.postings[f] for f in names]) if names else np.zeros(0, np.int32)
        )
        self._fweight = np.asarray([self.idf[f] for f in names], dtype=np.float64)
        by_doc: dict[str, list[int]] = {}
        by_line: dict[str, list[int]] = {}
        for i, pc in enumerate(prepared):
            for d in pc.documents:
                by_doc.setdefault(d, []).append(i)
            for line in pc.lines:
                by_line.setdefault(line, []).append(i)
        self.by_document = {k: np.asarray(v, dtype=np.int32) for k, v in by_doc.items()}
        self.by_line = {k: np.asarray(v, dtype=np.int32) for k, v in by_line.items()}
        by_ministry: dict[str, list[int]] = {}
        for i, pc in enumerate(prepared):
            if pc.cond.ministry:
                by_ministry.setdefault(pc.cond.ministry, []).append(i)
        self.by_ministry = {k: np.asarray(v, dtype=np.int32) for k, v in by_ministry.items()}

    def __len__(self) -> int:
        return len(self.conds)

    def _parts(self, text: str, t: _Text, whole: float) -> list[_Part]:
        """The clause runs of one condition reading, weighed (see :class:`_Part`)."""
        out: list[_Part] = []
        seen: set[frozenset[str]] = set()
        for run in _clause_runs(text, t):
            terms = frozenset(run)
            weight = sum(self.idf[x] for x in terms)
            if terms in seen or weight <= 0 or whole <= 0:
                continue
            seen.add(terms)
            out.append(_Part(terms, " ".join(run), weight, min(1.0, weight / whole)))
        return out

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_text_cache"] = {}
        state["_fids_cache"] = {}
        state["_result_cache"] = {}
        state["_boost_cache"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    # -- requirement side --

    def _correct(self, term: str) -> str:
        """Repair a misspelt term against the national vocabulary (one edit), cached."""
        hit = self._corrections.get(term)
        if hit is not None:
            return hit
        best = term
        if len(term) >= 4 and self.params.typo_max_distance > 0:
            found = process.extractOne(
                term,
                self._vocab_list,
                scorer=Levenshtein.distance,
                score_cutoff=self.params.typo_max_distance,
            )
            if found is not None:
                best = found[0]
        self._corrections[term] = best
        return best

    def analyse_requirement(self, text: str) -> _Text:
        hit = self._text_cache.get(text)
        if hit is None:
            hit = _analyse(text, self.vocab, self._correct, self.acronyms)
            if len(self._text_cache) > 100_000:
                self._text_cache.clear()
                self._fids_cache.clear()
            self._text_cache[text] = hit
        return hit

    # -- retrieval --

    def context(self, req: ProvincialRequirement, text: str | None = None) -> _ReqCtx:
        """Everything about ``req`` the scorer needs; ``text`` is one of its items if given."""
        rt = self.analyse_requirement(req.text if text is None else text)
        docs: dict[str, str] = {}
        for b in req.legal_bases:
            if b.document:
                key = _number_key(b.document)
                if not docs.get(key):
                    docs[key] = b.unit
        fids = self._fids_cache.get(rt.norm)
        if fids is None:
            fid = self.feature_id
            fids = np.asarray([fid[f] for f in rt.features if f in fid], dtype=np.int64)
            self._fids_cache[rt.norm] = fids
        return _ReqCtx(
            text=rt,
            fids=fids,
            weight=sum(self.idf.get(t, self._default_idf) for t in rt.terms),
            documents=docs,
            lines=frozenset(req.business_lines),
            ministry=req.ministry,
        )

    def candidates(self, ctx: _ReqCtx) -> list[int]:
        """Indices of the conditions worth scoring, best first (deterministic).

        Scores every condition by the IDF mass of the terms and term pairs it shares with the
        requirement (a ``bincount`` over the postings), boosts those of the cited law, business
        line and ministry, and keeps at most ``max_candidates`` within ``candidate_ratio`` of the
        best. See :meth:`candidates_batch`, which does this for many requirements at once.
        """
        return self.candidates_batch([ctx])[0]

    # -- scoring --

    def _coverage(self, a: frozenset[str], b: frozenset[str], weight_a: float) -> float:
        if weight_a <= 0:
            return 0.0
        idf = self.idf
        default = self._default_idf
        shared = sum([idf.get(t, default) for t in a & b])
        return min(1.0, shared / weight_a)

    def score_reading(
        self, ctx: _ReqCtx, pc: _Cond, reading: str
    ) -> tuple[float, dict[str, float]]:
        """Score a requirement against the old or new reading of a condition, and its parts.

        Not clipped: bonuses can push several candidates past 100 and ranking them must still see
        which matched the text best. Reported scores are clipped to 0-100.
        """
        p = self.params
        rt = ctx.text
        if reading == "old":
            ct, cweight, quantities, parts = pc.old, pc.weight_old, pc.old_quantities, pc.parts_old
        else:
            ct, cweight, quantities, parts = pc.new, pc.weight_new, pc.new_quantities, pc.parts_new
        scorer = _SCORERS[p.fuzz_scorer]
        fz = scorer(rt.norm, ct.norm)
        cover = self._coverage(ct.terms, rt.terms, cweight)
        prec = self._coverage(rt.terms, ct.terms, ctx.weight)
        wsum = p.w_fuzz + p.w_cover + p.w_precision
        base = (p.w_fuzz * fz + p.w_cover * 100 * cover + p.w_precision * 100 * prec) / wsum
        part_share = 1.0
        cited = bool(ctx.documents) and not pc.documents.isdisjoint(ctx.documents)
        if parts and ctx.weight > 0 and (cited or not p.partial_needs_basis):
            # A restatement of some clauses of a long condition ("khu vực trưng bày … tối thiểu
            # 50 m²" of "Có địa điểm cố định, diện tích khu vực trưng bày … 50 m², tách biệt
            # …"): score it against that run, less a penalty for what it leaves out. The
            # fuzzy part is computed only when the run could beat the score so far.
            idf, default = self.idf, self._default_idf
            for part in parts:
                shared = sum([idf.get(x, default) for x in rt.terms & part.terms])
                if shared <= 0:
                    continue
                p_cover = min(1.0, shared / part.weight)
                p_prec = min(1.0, shared / ctx.weight)
                rest = (p.w_cover * 100 * p_cover + p.w_precision * 100 * p_prec) / wsum
                rest -= p.partial_penalty * (1.0 - part.share)
                if rest + p.w_fuzz * 100 / wsum <= base:
                    continue
                p_fz = scorer(rt.norm, part.norm)
                cand = rest + p.w_fuzz * p_fz / wsum
                if cand > base:
                    base, fz, cover, prec, part_share = cand, p_fz, p_cover, p_prec, part.share
        basis = unit_hit = 0.0
        if cited:
            basis = 1.0
            for key in pc.documents.intersection(ctx.documents):
                u = ctx.documents[key]
                if u and pc.unit and (pc.unit == u or pc.unit.startswith(u + "__")):
                    unit_hit = 1.0
        line = 0.0
        if pc.lines and ctx.lines:
            line = 1.0 if not pc.lines.isdisjoint(ctx.lines) else -1.0
        ministry = 1.0 if ctx.ministry and ctx.ministry == pc.cond.ministry else 0.0
        qty = float(compare(rt.quantities, quantities))
        neg = 0.0
        if rt.negated != ct.negated:
            neg = 1.0 if self._negation_applies(*((rt, ct) if rt.negated else (ct, rt))) else 0.0
        score = (
            base
            + p.basis_bonus * basis
            + p.basis_unit_bonus * unit_hit
            + (p.line_bonus if line > 0 else -p.line_mismatch_penalty if line < 0 else 0.0)
            + p.ministry_bonus * ministry
            + (p.quantity_bonus if qty > 0 else -p.quantity_penalty if qty < 0 else 0.0)
            - p.negation_penalty * neg
        )
        feats = {
            "fuzz": float(fz),
            "cover": cover,
            "precision": prec,
            "basis": basis,
            "basis_unit": unit_hit,
            "line": line,
            "ministry": ministry,
            "quantity": qty,
            "negation": neg,
            "part": part_share,
        }
        return score, feats

    def _negation_applies(self, negated: _Text, other: _Text) -> bool:
        """Whether ``other`` restates what ``negated`` negates, rather than what it affirms.

        A condition that adds an exception in a second clause ("... từ cao đẳng trở lên và
        không phải là người ... đã bị thu hồi", "..., không yêu cầu diện tích kho") is not a
        negation of its first clause; a text restating that clause shares more with the
        affirmed part than with the negated one. (Saves restatements of such conditions that
        the whole-text polarity test pushed 60 points down.)
        """
        idf, default = self.idf, self._default_idf
        shared = other.terms & negated.terms
        inside = sum(idf.get(t, default) for t in shared & negated.negated_terms)
        outside = sum(idf.get(t, default) for t in shared - negated.negated_terms)
        return inside >= outside

    def judge(self, ctx: _ReqCtx, indices: Iterable[int]) -> list[_Scored]:
        """Score candidates and keep the gaps that beat every in-force reading, best first."""
        p = self.params
        gaps: list[_Scored] = []
        best_other = -1.0
        for i in indices:
            pc = self.conds[i]
            if pc.status is ConditionStatus.CUT:
                s, f = self.score_reading(ctx, pc, "old")
                gaps.append(_Scored(i, s, GapKind.CUT, "old", f))
            elif pc.status is ConditionStatus.AMENDED:
                s_old, f_old = self.score_reading(ctx, pc, "old")
                if pc.new is pc.old and pc.new_quantities == pc.old_quantities:
                    s_new = s_old
                else:
                    s_new, _ = self.score_reading(ctx, pc, "new")
                if s_old > s_new + p.amended_margin:
                    gaps.append(_Scored(i, s_old, GapKind.AMENDED, "old", f_old))
                else:
                    best_other = max(best_other, s_new, s_old)
            else:
                s, _ = self.score_reading(ctx, pc, "new")
                best_other = max(best_other, s)
        kept = [
            g for g in gaps if g.score >= p.threshold and g.score > best_other + p.competitor_margin
        ]
        kept.sort(key=lambda g: (-g.score, self.conds[g.index].cond.id))
        return kept[: p.max_matches_per_requirement]

    def match_one(
        self, req: ProvincialRequirement, indices: Iterable[int] | None = None
    ) -> list[Match]:
        """Gaps for one requirement; ``indices`` overrides retrieval (all-pairs passes all).

        A requirement that lists several items ("a) …; b) …", one per line) is matched item by
        item, so a cut condition hidden in a list is found next to in-force ones. The whole text
        is matched too, for conditions whose restatement runs over several items.
        """
        return self.match_many([req], None if indices is None else list(indices))[0]

    def match_many(
        self, reqs: Sequence[ProvincialRequirement], indices: list[int] | None = None
    ) -> list[list[Match]]:
        """:meth:`match_one` for each requirement, with retrieval batched (same results)."""
        units: list[tuple[int, str, int, bool]] = []  # (requirement, text, offset, is an item)
        item_spans: list[list[tuple[int, int]]] = []
        for k, r in enumerate(reqs):
            units.append((k, r.text, 0, False))
            items = split_items(r.text)
            item_spans.append(items)
            units.extend((k, r.text[s:e], s, True) for s, e in items)
        ctxs = [self.context(reqs[k], text) for k, text, _, _ in units]
        # Provinces copy the same texts under the same legal bases: a unit whose text, offset,
        # bases, lines and ministry were matched before gets the same matches (only the
        # requirement id differs), without retrieval or scoring.
        keys = [
            (text, offset, tuple(ctx.documents.items()), ctx.lines, ctx.ministry)
            for (_, text, offset, _), ctx in zip(units, ctxs, strict=True)
        ]
        cache = self._result_cache if indices is None else {}
        todo = [u for u, key in enumerate(keys) if key not in cache]
        cands: dict[int, list[int]] = {}
        if indices is not None:
            cands = dict.fromkeys(todo, indices)
        else:
            for b in range(0, len(todo), _BATCH):
                chunk = todo[b : b + _BATCH]
                for u, cand in zip(
                    chunk, self.candidates_batch([ctxs[u] for u in chunk]), strict=True
                ):
                    cands[u] = cand
            self._add_clause_candidates(reqs, units, todo, cands)
        if len(cache) > 100_000:
            cache.clear()
        whole: list[list[Match]] = [[] for _ in reqs]
        parts: list[list[Match]] = [[] for _ in reqs]
        for u, ((k, text, offset, is_item), ctx) in enumerate(zip(units, ctxs, strict=True)):
            key = keys[u]
            cached = cache.get(key)
            if cached is None:
                cached = [
                    self._to_match(reqs[k], text, offset, ctx.text, g)
                    for g in self.judge(ctx, cands[u])
                ]
                cache[key] = cached
            found = [
                m if m.requirement_id == reqs[k].id else replace(m, requirement_id=reqs[k].id)
                for m in cached
            ]
            (parts[k] if is_item else whole[k]).extend(found)
        return [
            _combine(whole[k], parts[k], item_spans[k]) if item_spans[k] else whole[k]
            for k in range(len(reqs))
        ]

    def _add_clause_candidates(
        self,
        reqs: Sequence[ProvincialRequirement],
        units: Sequence[tuple[int, str, int, bool]],
        todo: Sequence[int],
        cands: dict[int, list[int]],
    ) -> None:
        """Add to each unit's candidates those its clauses retrieve on their own.

        A sentence restating two conditions retrieves the one it shares most words with; the
        other falls under ``candidate_ratio`` of the first. Retrieving clause by clause finds
        both; they are still scored against the whole unit. In-force conditions are not added:
        one retrieved from another clause restates other words of the sentence, not a competing
        reading of the same ones, and would suppress the gap (:meth:`judge` keeps a gap only if
        it beats every in-force reading).
        """
        extra: list[tuple[int, _ReqCtx]] = []
        for u in todo:
            k, text, _, _ = units[u]
            extra.extend((u, self.context(reqs[k], text[s:e])) for s, e in split_clauses(text))
        for b in range(0, len(extra), _BATCH):
            chunk = extra[b : b + _BATCH]
            for (u, _), cand in zip(
                chunk, self.candidates_batch([c for _, c in chunk]), strict=True
            ):
                have = cands[u]
                have.extend(
                    i
                    for i in cand
                    if i not in have and self.conds[i].status is not ConditionStatus.IN_FORCE
                )

    def candidates_batch(self, ctxs: Sequence[_ReqCtx]) -> list[list[int]]:
        """:meth:`candidates` for many requirements at once (one ``bincount`` for all).

        Same candidates as one by one: each row sums the same postings in the same order.
        """
        p = self.params
        n = len(self.conds)
        rows = len(ctxs)
        if rows == 0 or n == 0:
            return [[] for _ in ctxs]
        lens_f = np.asarray([len(c.fids) for c in ctxs], dtype=np.int64)
        if int(lens_f.sum()) == 0:
            return [[] for _ in ctxs]
        fids = np.concatenate([c.fids for c in ctxs])
        row_of_fid = np.repeat(np.arange(rows, dtype=np.int64), lens_f)
        starts = self._indptr[fids]
        lengths = self._indptr[fids + 1] - starts
        total = int(lengths.sum())
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        idx = self._indices[np.arange(total) + offsets].astype(np.int64)
        key = np.repeat(row_of_fid, lengths) * n + idx
        w = np.repeat(self._fweight[fids], lengths)
        scores = np.bincount(key, weights=w, minlength=rows * n).reshape(rows, n)
        for r, ctx in enumerate(ctxs):
            boost = self._boosts(ctx)
            if boost is not None:
                row = scores[r]
                ix, val = boost
                row[ix] += np.where(row[ix] > 0, val, 0.0)
        if p.block_by_line:
            for r, ctx in enumerate(ctxs):
                if ctx.lines:
                    mask = np.zeros(n, dtype=bool)
                    for x in ctx.lines:
                        if x in self.by_line:
                            mask[self.by_line[x]] = True
                    scores[r, ~mask] = 0.0
        best = scores.max(axis=1)
        best[best <= 0] = np.inf  # a row sharing nothing keeps nothing
        keep_r, keep_c = np.nonzero(scores >= (p.candidate_ratio * best)[:, None])
        out: list[list[int]] = [[] for _ in ctxs]
        for r, c in zip(keep_r.tolist(), keep_c.tolist(), strict=True):
            out[r].append(c)
        for r, found in enumerate(out):
            if found:
                row = scores[r]
                found.sort(key=lambda i: (-row[i], i))
                del found[p.max_candidates :]
        return out

    def _boosts(self, ctx: _ReqCtx) -> tuple[np.ndarray, np.ndarray] | None:
        """Retrieval boosts for the cited law, business lines and ministry, as (indices, values),
        cached per combination (a procedure's requirements all share one)."""
        key = (tuple(ctx.documents), ctx.lines, ctx.ministry)
        hit = self._boost_cache.get(key)
        if hit is not None or key in self._boost_cache:
            return hit
        p = self.params
        acc: dict[int, float] = {}
        parts: list[tuple[np.ndarray | None, float]] = [
            (self.by_document.get(d), p.retrieval_basis_boost) for d in ctx.documents
        ]
        parts += [(self.by_line.get(x), p.retrieval_line_boost) for x in sorted(ctx.lines)]
        if ctx.ministry:
            parts.append((self.by_ministry.get(ctx.ministry), p.retrieval_ministry_boost))
        for post, value in parts:
            if post is not None:
                for i in post.tolist():
                    acc[i] = acc.get(i, 0.0) + value
        result = None
        if acc:
            ix = np.fromiter(sorted(acc), dtype=np.int64, count=len(acc))
            result = (ix, np.asarray([acc[i] for i in ix.tolist()], dtype=np.float64))
        if len(self._boost_cache) > 50_000:
            self._boost_cache.clear()
        self._boost_cache[key] = result
        return result

    # -- evidence --

    def _evidence_terms(self, rt: _Text, ct: _Text) -> _Shared:
        """What counts as matched: terms in a bigram both sides share, or shared rare terms.

        Syllables are not words: "kinh" in "kinh nghiệm" must not light up "kinh" in
        "kinh doanh", but "kho" shared on its own is evidence.
        """
        rare_idf = math.log(1 / 0.02) + 1.0 if len(self.conds) > 50 else 0.0
        common = rt.terms & ct.terms
        pairs = {f for f in rt.features if "_" in f} & {f for f in ct.features if "_" in f}
        return _Shared(
            frozenset(t for t in common if self.idf.get(t, self._default_idf) >= rare_idf), pairs
        )

    def _to_match(
        self, req: ProvincialRequirement, text: str, offset: int, rt: _Text, g: _Scored
    ) -> Match:
        """The match with its evidence; requirement spans are shifted by ``offset`` (the item's
        start), so they index into the requirement's whole text."""
        pc = self.conds[g.index]
        c = pc.cond
        ct = pc.old if g.reading == "old" else pc.new
        if g.reading == "old" and c.old_text:
            field_name, ctext = "old_text", c.old_text
        else:
            field_name, ctext = "text", c.text
        shared = self._evidence_terms(rt, ct)
        quantities = pc.old_quantities if g.reading == "old" else pc.new_quantities
        qev: list[QuantityEvidence] = []
        for q in quantities:
            for r in rt.quantities:
                if r.unit == q.unit and abs(r.value - q.value) <= 1e-9 * max(abs(q.value), 1.0):
                    qev.append(
                        QuantityEvidence(
                            value=q.value,
                            unit=q.unit,
                            requirement=_span(text, r.start, r.end, offset),
                            condition=_span(ctext, q.start, q.end)
                            if q.start >= 0
                            else Span(-1, -1, ""),
                        )
                    )
                    break
        r_extra = [(e.requirement.start - offset, e.requirement.end - offset) for e in qev]
        c_extra = [(e.condition.start, e.condition.end) for e in qev if e.condition.start >= 0]
        basis = ""
        for b in req.legal_bases:
            if b.document and _number_key(b.document) in pc.documents:
                basis = b.document
                break
        return Match(
            requirement_id=req.id,
            condition_id=c.id,
            score=round(max(0.0, min(100.0, g.score)), 2),
            kind=g.kind or GapKind.CUT,
            requirement_spans=_evidence(text, rt.tokens, shared, r_extra, offset),
            condition_spans=_evidence(ctext, ct.tokens, shared, c_extra),
            condition_field=field_name,
            quantities=tuple(qev),
            basis=basis,
            features=tuple(sorted((k, round(v, 4)) for k, v in g.features.items())),
        )


@dataclass(frozen=True, slots=True)
class _Shared:
    terms: frozenset[str]
    bigrams: set[str]


def _combine(whole: list[Match], items: list[Match], spans: list[tuple[int, int]]) -> list[Match]:
    """Gaps of a listed requirement: each item's, plus whole-text gaps whose evidence runs over
    two or more items (a condition restated across the list); one per condition, best first."""
    found: dict[str, Match] = {}
    for m in items:
        if m.condition_id not in found or m.score > found[m.condition_id].score:
            found[m.condition_id] = m
    for m in whole:
        touched = {
            k for k, (s, e) in enumerate(spans) for sp in m.requirement_spans if s <= sp.start < e
        }
        if m.condition_id not in found and len(touched) >= 2:
            found[m.condition_id] = m
    return sorted(found.values(), key=lambda m: (-m.score, m.condition_id))


# Requirements per retrieval batch: a (batch x conditions) score matrix of a few megabytes.
_BATCH = 256


@functools.lru_cache(maxsize=1 << 16)
def _number_key(number: str) -> str:
    return number_key(number)


def _span(text: str, start: int, end: int, offset: int = 0) -> Span:
    return Span(start + offset, end + offset, text[start:end])


def _evidence(
    text: str,
    tokens: Sequence[Token],
    shared: _Shared,
    extra: Sequence[tuple[int, int]],
    offset: int = 0,
) -> tuple[Span, ...]:
    """Spans of the tokens the other side shares, merged into phrases.

    Two matched tokens join one span when only short function words (GLUE) lie between them.
    """
    n = len(tokens)
    hit = [False] * n
    content = [
        i for i, t in enumerate(tokens) if t.term not in STOPWORDS and not t.term[0].isdigit()
    ]
    for k, i in enumerate(content):
        term = tokens[i].term
        if (
            term in shared.terms
            or (k > 0 and f"{tokens[content[k - 1]].term}_{term}" in shared.bigrams)
            or (k + 1 < len(content) and f"{term}_{tokens[content[k + 1]].term}" in shared.bigrams)
        ):
            hit[i] = True
    for s, e in extra:
        if s >= 0:
            for i, t in enumerate(tokens):
                if t.start >= s and t.end <= e:
                    hit[i] = True
    spans: list[list[int]] = []
    joinable = False
    for i, t in enumerate(tokens):
        if hit[i]:
            if joinable and spans:
                spans[-1][1] = max(spans[-1][1], t.end)
            else:
                spans.append([t.start, t.end])
            joinable = True
        elif t.term not in GLUE:
            joinable = False
    return tuple(_span(text, s, e, offset) for s, e in spans)


# --- entry points -------------------------------------------------------------------------------

# Set in the parent before the pool forks, so workers inherit the index and the requirements
# instead of receiving them pickled.
_WORKER_INDEX: ConditionIndex | None = None
_WORKER_REQS: Sequence[ProvincialRequirement] = ()


def _init_worker(index: ConditionIndex, reqs: Sequence[ProvincialRequirement]) -> None:
    global _WORKER_INDEX, _WORKER_REQS
    _WORKER_INDEX, _WORKER_REQS = index, reqs


def _match_positions(positions: Sequence[int], all_pairs: bool) -> list[list[Match]]:
    assert _WORKER_INDEX is not None
    return _match_many(_WORKER_INDEX, [_WORKER_REQS[i] for i in positions], all_pairs)


def _match_many(
    index: ConditionIndex, reqs: Sequence[ProvincialRequirement], all_pairs: bool = False
) -> list[list[Match]]:
    """Match requirements one by one with the cyclic garbage collector paused.

    Matching allocates millions of small acyclic objects; the collector's repeated passes over
    a heap holding the whole corpus would cost more than the matching itself.
    """
    every = list(range(len(index))) if all_pairs else None
    enabled = gc.isenabled()
    gc.disable()
    try:
        out: list[list[Match]] = []
        step = 4096
        for b in range(0, len(reqs), step):
            out.extend(index.match_many(reqs[b : b + step], every))
        return out
    finally:
        if enabled:
            gc.enable()


def partition_by_province(
    requirements: Sequence[ProvincialRequirement], parts: int
) -> list[list[int]]:
    """Split requirement positions into ``parts`` groups of whole provinces, balanced by size."""
    by_prov: dict[str, list[int]] = {}
    for i, r in enumerate(requirements):
        by_prov.setdefault(r.province_code, []).append(i)
    groups: list[list[int]] = [[] for _ in range(max(1, parts))]
    for _, members in sorted(by_prov.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        min(groups, key=len).extend(members)
    return [g for g in groups if g]


def match_index(
    index: ConditionIndex,
    requirements: Sequence[ProvincialRequirement],
    workers: int = 1,
    *,
    all_pairs: bool = False,
) -> list[Match]:
    """Match with a prebuilt index; ``workers > 1`` splits by province over processes.

    ``all_pairs`` skips retrieval and scores every condition (the baseline).
    """
    reqs = list(requirements)
    per_req: list[list[Match]] = [[] for _ in reqs]
    if workers <= 1 or len(reqs) < (50 if all_pairs else 2000) or "fork" not in _start_methods():
        per_req = _match_many(index, reqs, all_pairs)
    else:
        groups = partition_by_province(reqs, workers * 4)
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("fork"),
            initializer=_init_worker,
            initargs=(index, reqs),
        ) as pool:
            futures = [(g, pool.submit(_match_positions, g, all_pairs)) for g in groups]
            for g, fut in futures:
                for i, ms in zip(g, fut.result(), strict=True):
                    per_req[i] = ms
    return [m for ms in per_req for m in ms]


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def match(
    conditions: Iterable[NationalCondition] | ConditionIndex,
    requirements: Sequence[ProvincialRequirement],
    params: MatchParams | None = None,
    *,
    workers: int = 1,
) -> list[Match]:
    """Every gap among ``requirements``: matches in requirement order, best first within one.

    ``conditions`` may be a prebuilt :class:`ConditionIndex` (then ``params`` defaults to its own).
    """
    if isinstance(conditions, ConditionIndex):
        index = conditions
        if params is not None and params != index.params:
            index = _with_params(index, params)
    else:
        index = ConditionIndex(conditions, params or MatchParams())
    return match_index(index, requirements, workers)


def _with_params(index: ConditionIndex, params: MatchParams) -> ConditionIndex:
    """The same index scored with other parameters (retrieval structures are kept as built)."""
    if params.fuzz_scorer not in _SCORERS:
        raise ValueError(f"unknown fuzz_scorer {params.fuzz_scorer!r}")
    clone = object.__new__(ConditionIndex)
    clone.__dict__.update(index.__dict__)
    clone.params = params
    clone._text_cache = {}
    clone._fids_cache = {}
    clone._result_cache = {}
    clone._boost_cache = {}
    return clone


def all_pairs_match(
    conditions: Iterable[NationalCondition] | ConditionIndex,
    requirements: Sequence[ProvincialRequirement],
    params: MatchParams | None = None,
    *,
    workers: int = 1,
) -> list[Match]:
    """The baseline: the same scorer over EVERY (requirement, condition) pair, no narrowing."""
    if isinstance(conditions, ConditionIndex):
        index = conditions if params is None else _with_params(conditions, params)
    else:
        index = ConditionIndex(conditions, params or MatchParams())
    return match_index(index, requirements, workers, all_pairs=True)


# --- calibration --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Calibration:
    params: MatchParams
    precision: float
    recall: float
    f1: float
    curve: tuple[tuple[float, float, float, float], ...] = field(default=())


def calibrate(
    examples: Iterable[tuple[float, bool]],
    params: MatchParams | None = None,
    *,
    positives: int | None = None,
    tolerance: float = 0.0005,
) -> Calibration:
    """Pick the threshold that maximises F1 on labelled match scores.

    ``examples`` are (score, is_true_gap) for every match proposed at a low threshold;
    ``positives`` is the number of true gaps in the labelled set (default: the true examples),
    so that gaps never proposed count as misses.

    F1 is often flat near its best: every threshold between the weakest accepted true gap and
    the strongest rejected false one gives the same counts, and either edge fits THIS set too
    tightly. The threshold is the middle of the range of thresholds whose F1 is within
    ``tolerance`` of the best, which leaves margin on both sides for another set.
    """
    base = params or MatchParams()
    pairs = sorted(((float(s), bool(ok)) for s, ok in examples), key=lambda x: -x[0])
    total_pos = positives if positives is not None else sum(ok for _, ok in pairs)
    best = (0.0, 0.0, 0.0, base.threshold)
    curve: list[tuple[float, float, float, float]] = []
    tp = fp = 0
    i = 0
    while i < len(pairs):
        s = pairs[i][0]
        while i < len(pairs) and pairs[i][0] == s:
            tp += pairs[i][1]
            fp += not pairs[i][1]
            i += 1
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / total_pos if total_pos else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        curve.append((s, prec, rec, f1))
        if f1 > best[2]:
            best = (prec, rec, f1, s)
    if not curve or best[2] <= 0:
        return Calibration(base, best[0], best[1], best[2], tuple(curve))
    top = next(k for k, c in enumerate(curve) if c[3] == best[2])
    lo = hi = top
    while hi > 0 and curve[hi - 1][3] >= best[2] - tolerance:
        hi -= 1
    while lo + 1 < len(curve) and curve[lo + 1][3] >= best[2] - tolerance:
        lo += 1
    # Thresholds from just above the next lower score up to the run's top score accept the same
    # sets as the run's points.
    below = curve[lo + 1][0] if lo + 1 < len(curve) else curve[lo][0]
    threshold = (curve[hi][0] + below) / 2
    # What the chosen threshold accepts: every score at or above it.
    chosen = next(c for c in reversed(curve) if c[0] >= threshold)
    return Calibration(
        params=replace(base, threshold=threshold),
        precision=chosen[1],
        recall=chosen[2],
        f1=chosen[3],
        curve=tuple(curve),
    )


def calibrate_on(
    conditions: Iterable[NationalCondition] | ConditionIndex,
    requirements: Sequence[ProvincialRequirement],
    truth: Mapping[str, Iterable[tuple[str, str]]],
    params: MatchParams | None = None,
    *,
    workers: int = 1,
) -> Calibration:
    """Calibrate the threshold on a labelled set: ``truth`` maps a requirement id to the
    (condition id, kind) gaps it really has. Matches at threshold 0, labels every proposal."""
    base = params or (
        conditions.params if isinstance(conditions, ConditionIndex) else MatchParams()
    )
    low = replace(base, threshold=0.0)
    proposals = match(conditions, requirements, low, workers=workers)
    wanted = {r: {(c, str(k)) for c, k in gaps} for r, gaps in truth.items()}
    examples = [
        (m.score, (m.condition_id, str(m.kind)) in wanted.get(m.requirement_id, ()))
        for m in proposals
    ]
    return calibrate(examples, base, positives=sum(len(v) for v in wanted.values()))


def default_workers() -> int:
    """Processes to use by default: the cores there are, at most two (the target machine)."""
    return max(1, min(2, os.cpu_count() or 1))
