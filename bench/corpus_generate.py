"""Generate the national corpus and measure how much of its ground truth the parsers recover.

    python bench/corpus_generate.py [--seed 1] [--out bench/out/corpus-national-1] [--no-parse]

Prints progress, then one JSON object on its last line: generation seconds and peak memory, the
corpus figures, and the parsers' recovery of conditions (document + unit id), requirements
(province + decision + procedure code + index, same text) and effects (target document + unit).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpora.generator import generate  # noqa: E402
from parsers import parse_file  # noqa: E402
from parsers.normalize import clean  # noqa: E402


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def recovery(out: Path) -> dict[str, Any]:
    from parsers.conditions import conditions_of
    from parsers.procedures import procedures_of

    gt = out / "ground-truth"
    documents = _rows(gt / "documents.jsonl")
    started = time.perf_counter()
    truth_conditions = {c["id"] for c in _rows(gt / "conditions.jsonl")}
    found_conditions: set[str] = set()
    truth_effects = {
        (e["target_document"], e["target_unit"], e["by_document"])
        for e in _rows(gt / "effects.jsonl")
    }
    found_effects: set[tuple[str, str, str]] = set()
    for d in documents:
        if d["role"] in ("conditions", "amending", "ktcn_amending"):
            doc = parse_file(out / d["path"])
            if d["role"] == "conditions":
                found_conditions |= {f"{d['number']}#{c.unit_id}" for c in conditions_of(doc)}
            else:
                found_effects |= {
                    (e.target_document, e.target_unit, d["number"]) for e in doc.effects
                }
    truth_requirements = {r["id"]: r["text"] for r in _rows(gt / "requirements.jsonl")}
    got: dict[str, str] = {}
    for d in documents:
        if d["role"] == "provincial":
            decision = procedures_of(parse_file(out / d["path"]))
            for p in decision.procedures:
                for i, r in enumerate(p.requirements, start=1):
                    got[f"{d['province_code']}:{d['number']}:{p.code}:{i}"] = r.text
    same = sum(
        1
        for k, t in truth_requirements.items()
        if clean(got.get(k, "")).strip(" .;") == t.strip(" .;")
    )
    return {
        "parse_seconds": round(time.perf_counter() - started, 1),
        "conditions_recall": round(
            len(truth_conditions & found_conditions) / len(truth_conditions), 4
        ),
        "conditions_extra": len(found_conditions - truth_conditions),
        "requirements_recall": round(same / len(truth_requirements), 4),
        "requirements_extra": len(set(got) - set(truth_requirements)),
        "effects_recall": round(len(truth_effects & found_effects) / len(truth_effects), 4),
        "effects_extra": len(found_effects - truth_effects),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--no-parse", action="store_true")
    args = ap.parse_args()
    out = args.out or ROOT / "bench" / "out" / f"corpus-national-{args.seed}"
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    summary = generate(out, "national", args.seed)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = sum(p.stat().st_size for p in (out / "corpus").rglob("*") if p.is_file()) / 2**20
    print(
        f"generated in {seconds:.1f} s, peak {peak_mb:.0f} MB, corpus {size_mb:.0f} MB at {out}",
        file=sys.stderr,
    )
    result: dict[str, Any] = {
        "benchmark": "corpus_generate",
        "seed": args.seed,
        "generate_seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_mb),
        "corpus_mb": round(size_mb),
        "conditions": summary["conditions"]["total"],
        "conditions_cut": summary["conditions"]["cut"],
        "conditions_amended": summary["conditions"]["amended"],
        "business_lines": summary["business_lines"],
        "ktcn": summary["ktcn"]["total"],
        "ktcn_cut": summary["ktcn"]["cut"],
        "provincial_decisions": summary["provincial"]["decisions"],
        "requirements": summary["provincial"]["requirements"],
        "requirements_restating": summary["provincial"]["restating_a_condition"],
        "gaps": summary["gaps"],
    }
    if not args.no_parse:
        result.update(recovery(out))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
