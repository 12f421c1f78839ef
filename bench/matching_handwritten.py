"""Benchmark: the matcher on hand-written provincial requirement texts it was not fitted to.

    python bench/matching_handwritten.py [--half report|tune|both] [--db PATH] [--as-of 2025-01-01]

The labels (``tests/labels/handwritten_requirements.jsonl``, see its README) were written before
anyone read the matcher's tables and split 50/50 by a hash of the text before any tuning: tune on
the ``tune`` half, report the ``report`` half. The national side is a registry built from the
bundled sample and the real corpus (``../shared/corpora/real``); ``--db`` keeps it between runs.

Each text is one requirement whose procedure cites the text's ``basis`` documents. Two figures per
half:

* ``gap`` — what a user sees: the matcher's gaps (a text restating a condition cut on the scan
  date, or the old version of an amended one). A reported gap is right if the text's labels name
  that condition (any key of a group) and the registry's status makes it a gap (cut; amended and
  the label says ``old``). Recall is over the labelled groups that are gaps.
* ``identify`` — which condition a text restates, whatever its status: the same matcher over the
  same conditions, each presented as cut (an amended one twice, old and new text). Recall is over
  every labelled group; precision over every condition it names.

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsers.normalize import number_key  # noqa: E402
from registry.matching.index import ConditionIndex  # noqa: E402
from registry.matching.model import (  # noqa: E402
    ConditionStatus,
    LegalBasis,
    MatchParams,
    NationalCondition,
    ProvincialRequirement,
)
from registry.scan.national import load_national  # noqa: E402
from registry.store.db import open_registry  # noqa: E402

LABELS = ROOT / "tests" / "labels" / "handwritten_requirements.jsonl"
REAL = ROOT.parent / "shared" / "corpora" / "real"
SAMPLE = ROOT / "corpora" / "sample"


def log(*a: Any) -> None:
    print(*a, file=sys.stderr, flush=True)


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The labelled texts; checks that each row's half is the one its hash gives (the freeze)."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            h = hashlib.sha256(r["text"].encode()).hexdigest()
            half = "tune" if int(h[:8], 16) % 2 == 0 else "report"
            if r["half"] != half or r["id"] != h[:12]:
                raise ValueError(f"{path}:{n}: half or id does not follow the frozen hash split")
            rows.append(r)
    return rows


def build_registry(db: Path) -> str:
    """A SQLite registry of the sample and the real corpus at ``db`` (built once, then reused)."""
    url = f"sqlite:///{db}"
    if db.exists():
        return url
    if not REAL.is_dir():
        raise SystemExit(f"real corpus not found at {REAL}")
    log(f"ingesting {SAMPLE} and {REAL} into {db} …")
    code = (
        "import sys; from registry.store.db import open_registry; from registry.store.ingest import ingest_paths;"
        "from pathlib import Path; e = open_registry(sys.argv[1]);"
        "[ingest_paths(e, [Path(p)]) for p in sys.argv[2:]]"
    )
    subprocess.run(
        [sys.executable, "-c", code, url, str(SAMPLE), str(REAL)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return url


def condition_key(c: NationalCondition) -> str:
    """The registry's stable key (``Condition.key``) of a matcher condition."""
    return f"{number_key(c.document)}#{c.unit}"


def _pr(tp: int, fp: int, found: int, positives: int) -> dict[str, Any]:
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(found / positives, 4) if positives else None,
        "tp": tp,
        "fp": fp,
        "found": found,
        "positives": positives,
    }


def score(
    rows: list[dict[str, Any]],
    conditions: list[NationalCondition],
    params: MatchParams | None = None,
) -> dict[str, Any]:
    """Gap and identification precision/recall of the matcher on ``rows``."""
    params = params or MatchParams()
    status = {condition_key(c): ConditionStatus(c.status) for c in conditions}
    reqs = [
        ProvincialRequirement(
            id=r["id"], text=r["text"], legal_bases=tuple(LegalBasis(d) for d in r["basis"])
        )
        for r in rows
    ]
    rows, missing = resolve_keys(rows, set(status))

    def is_gap(group: dict[str, Any]) -> bool:
        # A key the registry lacks has no status: such a group is no gap positive, but it stays
        # in the identify figure, where it counts as a miss.
        return any(
            status.get(k) is ConditionStatus.CUT
            or (status.get(k) is ConditionStatus.AMENDED and group["version"] == "old")
            for k in group["keys"]
        )

    gap_index = ConditionIndex(conditions, params)
    # Every reading a province may restate: an amended condition's old and new texts both count.
    as_cut = [
        replace(c, status=ConditionStatus.CUT, text=t, old_text="", new_text="", effect=None)
        for c in conditions
        for t in dict.fromkeys(x for x in (c.old_text or c.text, c.new_text) if x)
    ]
    id_index = ConditionIndex(as_cut, params)
    out: dict[str, Any] = {"n": len(rows)}
    for name, index, wanted in (
        ("gap", gap_index, is_gap),
        ("identify", id_index, lambda g: True),
    ):
        tp = fp = found = positives = 0
        errors: list[dict[str, Any]] = []
        for r, matches in zip(rows, index.match_many(reqs), strict=True):
            groups = [g for g in r["expected"] if wanted(g)]
            positives += len(groups)
            named = {
                condition_key(index.conds[index_of(index, m.condition_id)].cond) for m in matches
            }
            hit_groups = [g for g in groups if named & set(g["keys"])]
            found += len(hit_groups)
            right = {k for g in groups for k in g["keys"]}
            for k in named:
                if k in right:
                    tp += 1
                else:
                    fp += 1
                    errors.append({"id": r["id"], "fp": k})
            for g in groups:
                if g not in hit_groups:
                    errors.append({"id": r["id"], "fn": g["keys"][0]})
        out[name] = _pr(tp, fp, found, positives) | {"errors": errors}
    out["missing_keys"] = missing
    return out


def resolve_keys(
    rows: list[dict[str, Any]], known: set[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The labels with each key as the registry holds it, and the keys it holds in no form.

    A label names a provision; where the registry splits it finer (a khoản read as its điểm, as
    another reading of the same decree may), any condition under it stands for it. A key with
    nothing under it stays as written and can never be matched: the figure then measures what the
    extractor no longer keeps, and ``missing_keys`` lists them (labels are never edited to fit).
    """
    missing: set[str] = set()
    out = []
    for r in rows:
        groups = []
        for g in r["expected"]:
            keys: list[str] = []
            for k in g["keys"]:
                if k in known:
                    keys.append(k)
                    continue
                under = sorted(x for x in known if x.startswith(k + "__"))
                if not under:
                    missing.add(k)
                keys.extend(under or [k])
            groups.append({**g, "keys": keys})
        out.append({**r, "expected": groups})
    return out, sorted(missing)


def index_of(index: ConditionIndex, condition_id: str) -> int:
    """Position of a condition id in ``index`` (built lazily, cached on the index)."""
    pos = index.__dict__.get("_bench_pos")
    if pos is None:
        pos = {pc.cond.id: i for i, pc in enumerate(index.conds)}
        index.__dict__["_bench_pos"] = pos
    return pos[condition_id]


def run(half: str, db: Path | None, as_of: date, verbose: bool = False) -> dict[str, Any]:
    rows = load_labels()
    with tempfile.TemporaryDirectory() as tmp:
        url = build_registry(db or Path(tmp) / "registry.db")
        engine = open_registry(url)
        with engine.connect() as conn:
            national = load_national(conn, as_of)
        engine.dispose()
    result: dict[str, Any] = {"as_of": as_of.isoformat(), "conditions": len(national.conditions)}
    halves = ("tune", "report") if half == "both" else (half,)
    for h in halves:
        part = [r for r in rows if r["half"] == h]
        s = score(part, national.conditions)
        if not verbose:
            for k in ("gap", "identify"):
                s[k].pop("errors")
            s["missing_keys"] = len(s["missing_keys"])
        result[h] = s
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=("report", "tune", "both"), default="both")
    ap.add_argument("--db", type=Path, help="SQLite file to build once and reuse")
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 1, 1))
    ap.add_argument("--errors", action="store_true", help="list every miss and false match")
    a = ap.parse_args()
    print(json.dumps(run(a.half, a.db, a.as_of, a.errors), ensure_ascii=False))


if __name__ == "__main__":
    main()
