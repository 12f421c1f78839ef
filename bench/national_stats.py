"""Generate the national corpus, ingest it, and check `dkkd stats` against the reform's figures.

    python bench/national_stats.py [--seed 1] [--out bench/out/national-stats] [--reuse]

Issue 4's promise: exactly 6,191 conditions with 3,451 cut, and 9,926 KTCN lines with 6,776 cut,
on the dates the generator states. Prints one JSON object on its last line (`ok` true when every
figure equals the ground truth).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date
from pathlib import Path

from corpora.generator import generate
from registry.queries.stats import stats
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "national-stats")
    ap.add_argument("--reuse", action="store_true", help="keep a corpus already generated there")
    args = ap.parse_args()
    corpus = args.out / f"seed-{args.seed}"
    t0 = time.perf_counter()
    if not (args.reuse and (corpus / "ground-truth" / "summary.json").is_file()):
        generate(corpus, "national", args.seed, force=True)
    generated = time.perf_counter() - t0
    truth = json.loads((corpus / "ground-truth" / "summary.json").read_text(encoding="utf-8"))
    db = args.out / f"seed-{args.seed}.db"
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    engine = open_registry(f"sqlite:///{db}")
    t1 = time.perf_counter()
    report = ingest_paths(engine, [corpus / "corpus"], max_bytes=10**9)
    ingested = time.perf_counter() - t1
    with engine.connect() as conn:
        got = stats(conn, date.fromisoformat(truth["as_of"]))
    engine.dispose()
    c, k = got["conditions"], got["ktcn"]
    figures = {
        "conditions_total": (c["total"], truth["conditions"]["total"]),
        "conditions_cut": (c["cut"], truth["conditions"]["cut"]),
        "conditions_amended": (c["amended"], truth["conditions"]["amended"]),
        "conditions_unknown": (c["unknown"], 0),
        "ktcn_total": (k["total"], truth["ktcn"]["total"]),
        "ktcn_cut": (k["cut"], truth["ktcn"]["cut"]),
        "ktcn_in_force": (k["in_force"], truth["ktcn"]["in_force"]),
    }
    for name, (ours, want) in figures.items():
        print(f"{name:20} {ours:>8} {want:>8} {'ok' if ours == want else 'DIFFERENT'}")
    print(
        json.dumps(
            {
                "bench": "national_stats",
                "seed": args.seed,
                "as_of": truth["as_of"],
                "files": len(report.files),
                "quarantined": report.counts()["quarantined"],
                "generate_seconds": round(generated, 1),
                "ingest_seconds": round(ingested, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "figures": {name: ours for name, (ours, _want) in figures.items()},
                "ok": all(ours == want for ours, want in figures.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
