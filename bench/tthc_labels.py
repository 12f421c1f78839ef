"""Fidelity of the national TTHC record parser against 100 hand-checked records.

    python -m bench.tthc_labels [REAL_DIR] [--speed]

Labels: ``tests/labels/tthc_records_100.jsonl`` (drawn with ``random.Random(13).sample`` from
the sorted file list of ``tthc-csdl-quocgia/``; written by reading each record's raw fields).
Per record: the code, whether the record states requirements, the documents its "Căn cứ pháp lý"
table lists (one per row, by number; documents a row's title merely names are not rows) and the
provisions it cites (in that table or its requirements) whose document it identifies. Prints
one JSON object: code accuracy, requirement-presence accuracy, legal-basis precision and recall
(documents and provisions pooled, compared by normalised number and unit id), and every miss;
``held_out`` the same for 30 records labelled after the parser was written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from parsers.normalize import normalize_number, number_key
from parsers.tthc_records import read_records

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "labels" / "tthc_records_100.jsonl"
# 30 more, drawn after the parser was written (``random.Random(29)`` over the files not in the
# 100), labelled the same way: a check that its rules were not fitted to the first sample.
HELD_OUT = ROOT / "tests" / "labels" / "tthc_records_heldout_30.jsonl"
REAL = ROOT.parent / "shared" / "corpora" / "real"


def _key(document: str, unit: str = "") -> str:
    return f"{number_key(normalize_number(document))}#{unit}"


def evaluate(real: Path = REAL, labels: Path = LABELS) -> dict[str, Any]:
    """Scores of the parser on the labelled records (see the module docstring)."""
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line]
    code_ok = req_ok = tp = fp = fn = 0
    misses: list[dict[str, Any]] = []
    for row in rows:
        path = real / "tthc-csdl-quocgia" / row["file"]
        (proc,) = read_records(path.read_bytes(), row["file"])
        code_ok += proc.code == row["code"]
        has = bool(proc.requirements)
        req_ok += has == row["requirements"]
        want = {_key(d) for d in row["documents"]}
        want |= {_key(p["document"], p["unit"]) for p in row["provisions"]}
        got = {_key(b.document, b.unit) for b in proc.legal_bases if b.document}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        if proc.code != row["code"] or has != row["requirements"] or want != got:
            misses.append(
                {
                    "file": row["file"],
                    **({"code": proc.code} if proc.code != row["code"] else {}),
                    **({"requirements": has} if has != row["requirements"] else {}),
                    "extra": sorted(got - want),
                    "missing": sorted(want - got),
                }
            )
    n = len(rows)
    return {
        "records": n,
        "code_accuracy": round(code_ok / n, 4),
        "requirements_presence_accuracy": round(req_ok / n, 4),
        "legal_bases": {
            "labelled": tp + fn,
            "found": tp + fp,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        },
        "misses": misses,
    }


def speed(real: Path = REAL) -> dict[str, Any]:
    """Records per second over the whole crawl: the parser against the bare ``json.loads`` of
    the same bytes (read once beforehand), as a ratio measured in the same run."""
    import time

    blobs = [p.read_bytes() for p in sorted((real / "tthc-csdl-quocgia").rglob("*.json"))]
    t0 = time.perf_counter()
    for b in blobs:
        json.loads(b)
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    for b in blobs:
        read_records(b, "r.json")
    parsed = time.perf_counter() - t0
    return {
        "records": len(blobs),
        "records_per_s": round(len(blobs) / parsed),
        "json_loads_per_s": round(len(blobs) / bare),
        "ratio_to_json_loads": round(parsed / bare, 1),
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    real = Path(args[0]) if args else REAL
    out = evaluate(real)
    out["held_out"] = evaluate(real, HELD_OUT)
    if "--speed" in sys.argv:
        out["speed"] = speed(real)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
