"""Benchmark: the nightly scan over the generated national corpus, against its ground truth.

    python bench/scan_national.py [--calibration-seed 1] [--seeds 2 3] [--as-of 2026-01-01]
        [--out bench/out/scan-national] [--workers 2] [--sample 600] [--reuse]
        [--noise classic|province]

For each seed: ``dkkd corpus generate --scale national`` (ground truth beside it), ingest into a
fresh SQLite registry (a subprocess; reused with ``--reuse``). The calibration seed picks the
match threshold (F1-best on its labelled requirements; never scored). Each scored seed is then
scanned in a fresh subprocess (wall and CPU seconds, peak RSS of the scan and its workers),
scanned again with nothing changed, and its gaps compared with ``ground-truth/gaps.jsonl``:
precision/recall per kind. The all-pairs baseline (the same scorer on every requirement ×
condition pair, no candidate narrowing) is timed on a random sample of distinct counted
requirements in the same run and extrapolated to the full scan; its recall on the sample is
compared with the indexed matcher's on the same sample. Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpora.scoring import identity, precision_recall, reset_scans  # noqa: E402
from registry.matching.index import ConditionIndex  # noqa: E402
from registry.matching.matcher import all_pairs_match, calibrate_on, match_index  # noqa: E402
from registry.matching.model import MatchParams  # noqa: E402
from registry.scan.diff import requirements_of  # noqa: E402
from registry.scan.national import load_national  # noqa: E402
from registry.scan.partitions import partition_keys  # noqa: E402
from registry.scan.provincial import counted, load_partitions  # noqa: E402
from registry.scan.run import scan, scan_gaps_now  # noqa: E402
from registry.store.db import open_registry  # noqa: E402


def log(*a: Any) -> None:
    print(*a, file=sys.stderr, flush=True)


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prepare(seed: int, out: Path, reuse: bool, noise: str = "classic") -> tuple[Path, str]:
    """Generate the corpus of ``seed`` and ingest it; the registry URL."""
    base = out / f"seed-{seed}"
    db = base / "registry.db"
    if not (reuse and (base / "ground-truth" / "gaps.jsonl").is_file()):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dkkd.cli", "corpus", "generate", "--scale", "national",
             "--seed", str(seed), "--noise", noise, "--force", str(base)],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        log(f"seed {seed}: generated in {time.perf_counter() - t:.1f} s")
        db.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    if not (reuse and db.is_file()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        t = time.perf_counter()
        code = (
            "import sys; from registry.store.db import open_registry; from registry.store.ingest import ingest_paths;"
            "r = ingest_paths(open_registry(sys.argv[1]), [sys.argv[2]], max_bytes=10**9);"
            "print(r.counts())"
        )
        res = subprocess.run(
            [sys.executable, "-c", code, url, str(base / "corpus")],
            check=True, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        log(f"seed {seed}: ingested in {time.perf_counter() - t:.1f} s {res.stdout.strip()}")
    return db, url


def _truth_map(
    gt: Path,
) -> tuple[list[dict[str, Any]], dict[tuple[str, str, str, int], set[tuple[str, str]]]]:
    gaps = _rows(gt / "gaps.jsonl")
    by_req: dict[tuple[str, str, str, int], set[tuple[str, str]]] = {}
    for g in gaps:
        if g["kind"] in ("cut", "amended"):
            k = (
                g["province_code"],
                g["provincial_document"],
                g["procedure_code"],
                g["requirement_index"],
            )
            by_req.setdefault(k, set()).add((g["condition_id"], g["kind"]))
    return gaps, by_req


def _inputs(url: str, as_of: date) -> tuple[Any, list[Any]]:
    engine = open_registry(url)
    with engine.connect() as conn:
        national = load_national(conn, as_of)
        procs = load_partitions(conn, list(partition_keys(conn)))
    engine.dispose()
    return national, procs


def _labelled(
    procs: list[Any], by_req: dict[Any, set[tuple[str, str]]]
) -> tuple[list[Any], dict[str, set[tuple[str, str]]]]:
    """Counted requirements and, by requirement id, the (condition, kind) gaps each really has."""
    reqs = requirements_of(counted(procs))
    where = {
        str(r.id): (p.province_code, p.decision_number, p.code, r.index)
        for p in procs
        for r in p.requirements
    }
    truth = {rq.id: by_req[where[rq.id]] for rq in reqs if where[rq.id] in by_req}
    return reqs, truth


def calibrate(url: str, gt: Path, as_of: date, workers: int, sample: int) -> dict[str, Any]:
    national, procs = _inputs(url, as_of)
    _, by_req = _truth_map(gt)
    reqs, truth = _labelled(procs, by_req)
    rng = random.Random(7)
    chosen = rng.sample(reqs, min(sample, len(reqs)))
    index = ConditionIndex(national.conditions, MatchParams())
    t = time.perf_counter()
    cal = calibrate_on(
        index, chosen, {r.id: truth.get(r.id, set()) for r in chosen}, workers=workers
    )
    return {
        "threshold": cal.params.threshold,
        "precision": round(cal.precision, 4),
        "recall": round(cal.recall, 4),
        "f1": round(cal.f1, 4),
        "requirements": len(chosen),
        "seconds": round(time.perf_counter() - t, 1),
    }


def scan_once(url: str, as_of: str, threshold: float, workers: int, force: bool) -> dict[str, Any]:
    """Run one scan in THIS process and report its cost (called in a fresh subprocess)."""
    engine = open_registry(url)
    t, c0 = time.perf_counter(), time.process_time()
    r = scan(
        engine,
        date.fromisoformat(as_of),
        params=replace(MatchParams(), threshold=threshold),
        workers=workers,
        force=force,
    )
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(time.process_time() - c0 + kids.ru_utime + kids.ru_stime, 2),
        "peak_rss_mb": round(me.ru_maxrss / 1024, 1),
        "peak_worker_rss_mb": round(kids.ru_maxrss / 1024, 1),
        "summary": {k: v for k, v in r.summary.items() if k != "gaps"}
        | {"gaps": r.summary["gaps"]["by_kind"]},
    }


def _scan_subprocess(
    url: str, as_of: date, threshold: float, workers: int, force: bool = False
) -> dict[str, Any]:
    res = subprocess.run(
        [sys.executable, __file__, "--scan-only", url, "--as-of", as_of.isoformat(),
         "--threshold", str(threshold), "--workers", str(workers)] + (["--force"] if force else []),
        check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(res.stdout.strip().splitlines()[-1])


def score(url: str, gt: Path) -> dict[str, Any]:
    engine = open_registry(url)
    found = [g.to_payload() for g in scan_gaps_now(engine)]
    engine.dispose()
    truth = _rows(gt / "gaps.jsonl")
    out = {k: precision_recall(found, truth, k) for k in ("cut", "amended", "basis", "procedure")}
    both = {identity(g) for g in found} & {identity(g) for g in truth}
    out["all"] = {"found": len(found), "expected": len(truth), "true_positives": len(both)}
    return out


def allpairs(
    url: str, gt: Path, as_of: date, threshold: float, sample: int, full_requirements: int
) -> dict[str, Any]:
    """Indexed vs all-pairs on the same random sample of distinct counted requirements."""
    national, procs = _inputs(url, as_of)
    _, by_req = _truth_map(gt)
    reqs, truth = _labelled(procs, by_req)
    seen: set[tuple[Any, ...]] = set()
    distinct = []
    for r in reqs:
        k = (r.text, r.legal_bases)
        if k not in seen:
            seen.add(k)
            distinct.append(r)
    rng = random.Random(11)
    chosen = rng.sample(distinct, min(sample, len(distinct)))
    params = replace(MatchParams(), threshold=threshold)
    index = ConditionIndex(national.conditions, params)

    def recall(matches: list[Any]) -> tuple[float, int, int]:
        want = {(r.id, c, k) for r in chosen for c, k in truth.get(r.id, ())}
        got = {(m.requirement_id, m.condition_id, str(m.kind)) for m in matches}
        return (len(want & got) / len(want) if want else 1.0), len(want & got), len(want)

    c0 = time.process_time()
    indexed = match_index(index, chosen, 1)
    indexed_cpu = time.process_time() - c0
    c0 = time.process_time()
    baseline = all_pairs_match(index, chosen, workers=1)
    allpairs_cpu = time.process_time() - c0
    r_idx, tp_idx, pos = recall(indexed)
    r_all, tp_all, _ = recall(baseline)
    per_req = allpairs_cpu / len(chosen)
    return {
        "sample_requirements": len(chosen),
        "sample_positives": pos,
        "conditions": len(national.conditions),
        "indexed_cpu_seconds": round(indexed_cpu, 2),
        "allpairs_cpu_seconds": round(allpairs_cpu, 2),
        "allpairs_cpu_per_requirement_ms": round(per_req * 1000, 2),
        # Scoring every counted requirement (no narrowing, no de-duplication) on 2 cores.
        "allpairs_estimated_seconds": round(per_req * full_requirements / 2, 1),
        "recall_indexed": round(r_idx, 4),
        "recall_allpairs": round(r_all, 4),
        "recall_gap_points": round((r_all - r_idx) * 100, 2),
        "true_positives": {"indexed": tp_idx, "allpairs": tp_all},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calibration-seed", type=int, default=1)
    ap.add_argument("--seeds", type=int, nargs="+", default=[2, 3])
    ap.add_argument("--as-of", default="2026-01-01")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scan-national")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--sample", type=int, default=600, help="all-pairs sample (distinct requirements)"
    )
    ap.add_argument("--calibration-sample", type=int, default=20000)
    ap.add_argument("--reuse", action="store_true", help="reuse generated corpora and registries")
    ap.add_argument("--scan-only", metavar="URL", help=argparse.SUPPRESS)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument(
        "--noise",
        default="classic",
        help="noise model of the generated provinces: classic or province (corpora/generator)",
    )
    a = ap.parse_args()
    if a.scan_only:
        print(json.dumps(scan_once(a.scan_only, a.as_of, a.threshold, a.workers, a.force)))
        return
    as_of = date.fromisoformat(a.as_of)
    a.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _, cal_url = prepare(a.calibration_seed, a.out, a.reuse, a.noise)
    cal = calibrate(
        cal_url,
        a.out / f"seed-{a.calibration_seed}" / "ground-truth",
        as_of,
        a.workers,
        a.calibration_sample,
    )
    log(f"calibration (seed {a.calibration_seed}): {cal}")
    threshold = a.threshold if a.threshold is not None else cal["threshold"]
    seeds: dict[str, Any] = {}
    for seed in a.seeds:
        _db, url = prepare(seed, a.out, a.reuse, a.noise)
        gt = a.out / f"seed-{seed}" / "ground-truth"

        engine = open_registry(url)  # every scored run starts with no scans at all
        reset_scans(engine)
        engine.dispose()
        full = _scan_subprocess(url, as_of, threshold, a.workers)
        log(f"seed {seed}: full scan {full}")
        again = _scan_subprocess(url, as_of, threshold, a.workers)
        log(f"seed {seed}: no-change re-scan {again['seconds']} s")
        quality = score(url, gt)
        log(f"seed {seed}: {quality}")
        baseline = allpairs(
            url, gt, as_of, threshold, a.sample, full["summary"]["requirements_matched"]
        )
        log(f"seed {seed}: all-pairs {baseline}")
        seeds[str(seed)] = {
            "full_scan_seconds": full["seconds"],
            "full_scan_cpu_seconds": full["cpu_seconds"],
            "peak_rss_mb": full["peak_rss_mb"],
            "peak_worker_rss_mb": full["peak_worker_rss_mb"],
            "requirements_matched": full["summary"]["requirements_matched"],
            "gaps": full["summary"]["gaps"],
            "rescan_seconds": again["seconds"],
            "rescan_share_of_full": round(again["seconds"] / full["seconds"], 4),
            "rescan_rematched_partitions": again["summary"]["rematched_partitions"],
            "quality": quality,
            "allpairs": baseline,
            "speedup_vs_allpairs": round(
                baseline["allpairs_estimated_seconds"] / full["seconds"], 1
            ),
        }
    cut = [s["quality"]["cut"] for s in seeds.values()]
    basis = [s["quality"]["basis"] for s in seeds.values()]
    result = {
        "benchmark": "scan_national",
        "noise": a.noise,
        "as_of": a.as_of,
        "calibration_seed": a.calibration_seed,
        "calibration": cal,
        "threshold": threshold,
        "workers": a.workers,
        "seeds": seeds,
        "targets": {
            "cut_precision_ge_0.98": all(c["precision"] >= 0.98 for c in cut),
            "cut_recall_ge_0.97": all(c["recall"] >= 0.97 for c in cut),
            "basis_all_found_none_false": all(
                b["true_positives"] == b["expected"] == b["found"] for b in basis
            ),
            "full_scan_le_60s": all(s["full_scan_seconds"] <= 60 for s in seeds.values()),
            "peak_memory_lt_2gb": all(
                s["peak_rss_mb"] + s["peak_worker_rss_mb"] < 2048 for s in seeds.values()
            ),
            "speedup_ge_50x": all(s["speedup_vs_allpairs"] >= 50 for s in seeds.values()),
            "recall_within_0.5_points_of_allpairs": all(
                s["allpairs"]["recall_gap_points"] <= 0.5 for s in seeds.values()
            ),
            "rescan_le_5pct": all(s["rescan_share_of_full"] <= 0.05 for s in seeds.values()),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
