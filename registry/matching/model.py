"""What the matcher reads and returns: national conditions with their status on the scan date,
provincial requirements with their cited legal bases, matches with their evidence, and the
parameters (threshold, weights, scorer) a scan passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rapidfuzz import fuzz

from registry.matching.quantities import (
    Quantity,
)


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
