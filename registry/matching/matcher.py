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
it). :func:`all_pairs_match` scores every pair with the same scorer, as the baseline that shows what the narrowing costs in recall.

Entry points: :func:`match` (conditions or a prebuilt index, requirements, params),
:func:`match_index` (``workers`` processes, split by province), :func:`all_pairs_match`,
:func:`calibrate` / :func:`calibrate_on` (threshold maximising F1 on a labelled set).
Inputs and outputs live in :mod:`registry.matching.model`, the analysed texts in
:mod:`registry.matching.readings`, retrieval in :mod:`registry.matching.retrieval`, scoring in
:mod:`registry.matching.index`; text analysis in :mod:`registry.matching.text`, acronyms derived
from the conditions in :mod:`registry.matching.acronyms`, quantities in
:mod:`registry.matching.quantities`. Labelled test data: :mod:`corpora.generator.matching_truth`
(the generated corpus's ground truth) and ``tests/labels/handwritten_requirements.jsonl``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context

from registry.matching.index import ConditionIndex
from registry.matching.model import (
    _SCORERS,
    Match,
    MatchParams,
    NationalCondition,
    ProvincialRequirement,
)

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
