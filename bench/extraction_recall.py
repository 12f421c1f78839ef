"""How much of a generated corpus's ground truth the extraction parsers recover.

    dkkd corpus generate --scale national --seed 1 /tmp/nat
    python bench/extraction_recall.py /tmp/nat [--misses 20]

Runs :func:`parsers.conditions.conditions_of` over the condition-stating documents and
:func:`parsers.procedures.procedures_of` over the provincial decisions of `OUT/corpus`, and compares
with `OUT/ground-truth`: a condition counts when its id `<document>#<unit id>` is found; a
requirement when its id `<province code>:<decision number>:<procedure code>:<index>` is found with
the same text (after `clean`, ignoring final punctuation). Extras are ids the parsers report that the
truth does not hold (conditions also over the amending decrees, which state none of their own).
Prints one JSON line; `--misses N` first lists up to N missed requirement ids on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsers import parse_file  # noqa: E402
from parsers.conditions import conditions_of  # noqa: E402
from parsers.normalize import clean  # noqa: E402
from parsers.procedures import procedures_of  # noqa: E402


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _same(got: str, truth: str) -> bool:
    return clean(got).strip(" .;") == truth.strip(" .;")


def recall(out: Path, misses: int = 0) -> dict[str, Any]:
    gt = out / "ground-truth"
    documents = list(_rows(gt / "documents.jsonl"))
    started = time.perf_counter()

    truth_conditions = {c["id"] for c in _rows(gt / "conditions.jsonl")}
    found_conditions: set[str] = set()
    amending_conditions = 0
    for d in documents:
        if d["role"] in ("conditions", "amending"):
            found = {
                f"{d['number']}#{c.unit_id}" for c in conditions_of(parse_file(out / d["path"]))
            }
            if d["role"] == "conditions":
                found_conditions |= found
            else:
                amending_conditions += len(found)
    condition_seconds = time.perf_counter() - started

    started = time.perf_counter()
    got: dict[str, str] = {}
    decisions = empty_codes = 0
    for d in documents:
        if d["role"] != "provincial":
            continue
        decisions += 1
        decision = procedures_of(parse_file(out / d["path"]))
        for p in decision.procedures:
            empty_codes += not p.code
            for i, r in enumerate(p.requirements, start=1):
                got[f"{d['province_code']}:{d['number']}:{p.code}:{i}"] = r.text
    truth_requirements = {r["id"]: r["text"] for r in _rows(gt / "requirements.jsonl")}
    right = [k for k, t in truth_requirements.items() if _same(got.get(k, ""), t)]
    if misses:
        shown = 0
        for k, t in truth_requirements.items():
            if shown >= misses:
                break
            if not _same(got.get(k, ""), t):
                print(f"missed {k}: {t!r} got {got.get(k)!r}", file=sys.stderr)
                shown += 1
    return {
        "benchmark": "extraction_recall",
        "corpus": str(out),
        "conditions": len(truth_conditions),
        "conditions_found": len(truth_conditions & found_conditions),
        "conditions_recall": round(
            len(truth_conditions & found_conditions) / len(truth_conditions), 4
        ),
        "conditions_extra": len(found_conditions - truth_conditions),
        "conditions_in_amending_decrees": amending_conditions,
        "conditions_seconds": round(condition_seconds, 1),
        "provincial_decisions": decisions,
        "requirements": len(truth_requirements),
        "requirements_found": len(right),
        "requirements_recall": round(len(right) / len(truth_requirements), 4),
        "requirements_extra": len(set(got) - set(truth_requirements)),
        "procedures_without_code": empty_codes,
        "requirements_seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="a `dkkd corpus generate` output folder")
    ap.add_argument("--misses", type=int, default=0, help="list up to N missed requirements")
    args = ap.parse_args()
    if not (args.out / "ground-truth" / "documents.jsonl").is_file():
        sys.exit(f"{args.out}: no ground-truth/documents.jsonl (run `dkkd corpus generate` first)")
    print(json.dumps(recall(args.out, args.misses), ensure_ascii=False))


if __name__ == "__main__":
    main()
