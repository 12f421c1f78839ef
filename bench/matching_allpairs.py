"""Benchmark: indexed matching vs scoring all pairs, on a labelled national-scale corpus.

    python bench/matching_allpairs.py [--noise classic|province] [--calibration-seed 1] [--seed 2]
        [--sample 1000] [--workers 2] [--out bench/out/matching]

Runs ``dkkd corpus generate --scale national`` for both seeds into ``--out`` (reused when already
there) and reads the matcher's inputs and truth from its ground truth
(:mod:`corpora.generator.matching_truth`). ``--noise province`` gives the harder restatements
(numbers in words, other comparators, abbreviations the matcher was not taught).

Calibrates the threshold on the calibration seed, then scores the other seed: precision and
recall of the indexed matcher over every requirement, and of the indexed matcher and of the
all-pairs baseline on the same random sample of requirements, with timings. All-pairs time for
the full set is extrapolated from the sample in two ways: the full scorer on every pair, and
rapidfuzz ``process.cdist`` alone (one fuzzy ratio per pair: the cheapest possible all-pairs);
the speed-up is reported against both. CPU seconds are reported beside wall seconds because the
machine may be shared. Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from corpora.generator import generate as corpus_generate
from corpora.generator.matching_truth import SynthSet, load_generated
from corpora.generator.provincial import NOISE_MODELS
from registry.matching.index import ConditionIndex
from registry.matching.matcher import all_pairs_match, calibrate_on, match_index
from registry.matching.model import GapKind, Match, MatchParams, ProvincialRequirement

ROOT = Path(__file__).resolve().parents[1]


def prf(
    matches: Iterable[Match],
    truth: dict[str, set[tuple[str, GapKind]]],
    req_ids: Sequence[str] | None = None,
    kind: GapKind | None = None,
) -> dict[str, float]:
    """Precision and recall of ``matches`` against ``truth`` (restricted to ``req_ids``)."""
    scope = set(req_ids) if req_ids is not None else None
    got = {
        (m.requirement_id, m.condition_id, m.kind)
        for m in matches
        if (kind is None or m.kind == kind) and (scope is None or m.requirement_id in scope)
    }
    want = {
        (r, c, k)
        for r, labels in truth.items()
        if scope is None or r in scope
        for c, k in labels
        if kind is None or k == kind
    }
    tp = len(got & want)
    p = tp / len(got) if got else 1.0
    r = tp / len(want) if want else 1.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "tp": tp,
        "proposed": len(got),
        "truth": len(want),
    }


def _generated(folder: Path, seed: int, noise: str) -> SynthSet:
    """The national corpus of ``seed`` (generated once into ``folder``), as matcher inputs."""
    if not (folder / "ground-truth" / "requirements.jsonl").is_file():
        t0 = time.perf_counter()
        corpus_generate(folder, "national", seed, force=True, noise=noise)
        print(f"generated {folder} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return load_generated(folder)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the machine may be shared, so
    wall time alone says little)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def calibrated_params(
    data: SynthSet, base: MatchParams, workers: int
) -> tuple[MatchParams, dict[str, float]]:
    cal = calibrate_on(data.conditions, data.requirements, data.truth, base, workers=workers)
    return cal.params, {
        "threshold": cal.params.threshold,
        "precision": round(cal.precision, 4),
        "recall": round(cal.recall, 4),
        "f1": round(cal.f1, 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "matching")
    ap.add_argument("--noise", choices=NOISE_MODELS, default="classic")
    ap.add_argument("--calibration-seed", type=int, default=1)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    out: dict[str, object] = {"noise": args.noise}

    def load(seed: int, share: float = 1.0) -> SynthSet:
        name = f"corpus-national-{seed}" + ("" if args.noise == "classic" else f"-{args.noise}")
        data = _generated(args.out / name, seed, args.noise)
        if share < 1.0:
            keep = random.Random(seed).sample(
                data.requirements, int(len(data.requirements) * share)
            )
            ids = {r.id for r in keep}
            data = SynthSet(
                data.conditions, keep, {r: v for r, v in data.truth.items() if r in ids}
            )
        return data

    t0 = time.perf_counter()
    cal_set = load(args.calibration_seed, 1 / 3)
    params, cal_fig = calibrated_params(cal_set, MatchParams(), args.workers)
    out["calibration"] = {
        "seed": args.calibration_seed,
        "requirements": len(cal_set.requirements),
        **cal_fig,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    print(f"calibrated on seed {args.calibration_seed}: {cal_fig}", file=sys.stderr)
    del cal_set

    t0 = time.perf_counter()
    data = load(args.seed)
    out["load_seconds"] = round(time.perf_counter() - t0, 2)
    out["seed"] = args.seed
    out["conditions"] = len(data.conditions)
    out["requirements"] = len(data.requirements)
    out["true_gaps"] = data.positives

    t0 = time.perf_counter()
    index = ConditionIndex(data.conditions, params)
    build = time.perf_counter() - t0
    cpu0 = _cpu()
    t0 = time.perf_counter()
    matches = match_index(index, data.requirements, args.workers)
    full = time.perf_counter() - t0
    out["match_cpu_seconds"] = round(_cpu() - cpu0, 2)
    out["index_build_seconds"] = round(build, 2)
    out["match_seconds"] = round(full, 2)
    out["workers"] = args.workers
    out["indexed"] = {
        "all": prf(matches, data.truth),
        "cut": prf(matches, data.truth, kind=GapKind.CUT),
        "amended": prf(matches, data.truth, kind=GapKind.AMENDED),
    }
    print(f"indexed full: {out['indexed']} in {full:.1f}s", file=sys.stderr)

    rng = random.Random(args.seed)
    sample: list[ProvincialRequirement] = rng.sample(
        data.requirements, min(args.sample, len(data.requirements))
    )
    ids = [r.id for r in sample]
    fresh = ConditionIndex(data.conditions, params)
    t0 = time.perf_counter()
    ap_matches = all_pairs_match(fresh, sample, workers=args.workers)
    ap_time = time.perf_counter() - t0
    fresh = ConditionIndex(data.conditions, params)
    t0 = time.perf_counter()
    ix_matches = match_index(fresh, sample, 1)
    ix_time = time.perf_counter() - t0
    norms = [index.conds[i].old.norm for i in range(len(index))]
    req_norms = [fresh.analyse_requirement(r.text).norm for r in sample]
    t0 = time.perf_counter()
    process.cdist(req_norms, norms, scorer=fuzz.token_set_ratio, workers=args.workers)
    cdist_time = time.perf_counter() - t0
    scale = len(data.requirements) / len(sample)
    est_full = ap_time * scale
    est_cdist = cdist_time * scale
    out["sample"] = {
        "requirements": len(sample),
        "all_pairs": {
            "cut": prf(ap_matches, data.truth, ids, GapKind.CUT),
            "all": prf(ap_matches, data.truth, ids),
            "seconds": round(ap_time, 2),
        },
        "indexed": {
            "cut": prf(ix_matches, data.truth, ids, GapKind.CUT),
            "all": prf(ix_matches, data.truth, ids),
            "seconds": round(ix_time, 3),
        },
        "cdist_token_set_ratio_seconds": round(cdist_time, 3),
    }
    out["all_pairs_estimated_seconds"] = {
        "full_scorer": round(est_full, 1),
        "cdist_only": round(est_cdist, 1),
    }
    out["load_average_1m"] = round(os.getloadavg()[0], 2)
    out["speedup"] = {
        "vs_full_scorer": round(est_full / full, 1),
        "vs_cdist_only": round(est_cdist / full, 1),
    }
    out["peak_rss_mb"] = {
        "main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "largest_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
