"""Fidelity on the real corpus: are the extracted conditions conditions, and are they linked to
the business lines the law says they regulate? Figures against labels committed by hand.

    python bench/fidelity.py [--db sqlite:///path/registry.store.db] [--list-unlabelled]

Without ``--db`` the real corpus (``../shared/corpora/real``) is ingested into a fresh temporary
SQLite registry (≈40 s). Then:

- conditions: two draws of 200 extracted conditions (every non-placeholder condition; the 200
  whose SHA-256 of "seed:key" ranks lowest), seed 20261207 (the draw the extractor was improved
  on) and seed 7 (the check, labelled after the last change to the extractor); precision = labelled conditions / labelled items, against
  ``tests/labels/conditions_real.tsv`` (key, 1 or 0, one-line reason);
- links: for each line of ``tests/labels/business_lines_real.toml`` (the documents and articles
  that regulate it, written from the decrees' scope articles), the truth is every extracted
  condition in those articles and the prediction is the registry's links; precision and recall
  are pooled over (condition, line) pairs of the labelled lines.

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, select  # noqa: E402

from registry.store import models as m  # noqa: E402
from registry.store.db import open_registry  # noqa: E402
from registry.store.ingest import ingest_paths  # noqa: E402

REAL = ROOT.parent / "shared" / "corpora" / "real"
LABELS = ROOT / "tests" / "labels"
CONDITION_LABELS = LABELS / "conditions_real.tsv"
LINE_LABELS = LABELS / "business_lines_real.toml"
DEV_SEED, CHECK_SEED, DRAW = 20261207, 7, 200


@dataclass(slots=True)
class Extracted:
    key: str
    document: str
    unit_id: str
    article_id: str
    heading: str
    lead: str
    text: str
    lines: list[str] = field(default_factory=list)


def build_registry(directory: Path) -> Engine:
    engine = open_registry(f"sqlite:///{directory / 'registry.db'}")
    ingest_paths(engine, [REAL], max_bytes=20 * 1024 * 1024)
    return engine


def extracted(engine: Engine) -> list[Extracted]:
    c = m.table_of(m.Condition)
    cbl = m.table_of(m.ConditionBusinessLine)
    lines: dict[int, list[str]] = defaultdict(list)
    with engine.connect() as conn:
        for r in conn.execute(select(cbl).order_by(cbl.c.condition_id, cbl.c.rank)):
            lines[r.condition_id].append(r.business_line_number)
        rows = conn.execute(
            select(
                c.c.id,
                c.c.document_number,
                c.c.unit_id,
                c.c.article_id,
                c.c.heading,
                c.c.lead,
                c.c.text,
            ).where(c.c.repealed.is_(False), c.c.text != "")
        ).all()
    out = [
        Extracted(
            f"{r.document_number}#{r.unit_id}",
            r.document_number,
            r.unit_id,
            r.article_id,
            r.heading,
            r.lead,
            r.text,
            lines.get(r.id, []),
        )
        for r in rows
    ]
    return sorted(out, key=lambda x: x.key)


def draw(population: list[Extracted], seed: int, n: int = DRAW) -> list[Extracted]:
    """The `n` items whose seeded hash of the key ranks lowest: a uniform random draw that keeps
    its members when the extractor adds or drops other items (a ``random.sample`` of the sorted
    population would redraw everything after any change)."""

    def rank(x: Extracted) -> str:
        return hashlib.sha256(f"{seed}:{x.key}".encode()).hexdigest()

    return sorted(population, key=rank)[:n]


def read_condition_labels(path: Path = CONDITION_LABELS) -> dict[str, tuple[bool, str]]:
    out: dict[str, tuple[bool, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["is_condition"] not in ("0", "1"):
                raise ValueError(f"{path}: {row['key']}: is_condition must be 0 or 1")
            out[row["key"]] = (row["is_condition"] == "1", row["reason"])
    return out


def condition_precision(
    sample: list[Extracted], labels: dict[str, tuple[bool, str]]
) -> dict[str, Any]:
    labelled = [x for x in sample if x.key in labels]
    good = [x for x in labelled if labels[x.key][0]]
    return {
        "drawn": len(sample),
        "labelled": len(labelled),
        "unlabelled": [x.key for x in sample if x.key not in labels],
        "conditions": len(good),
        "precision": round(len(good) / len(labelled), 4) if labelled else None,
        "not_conditions": [x.key for x in labelled if not labels[x.key][0]],
    }


def read_line_labels(path: Path = LINE_LABELS) -> dict[str, dict[str, list[str] | None]]:
    """line number → {document number: [unit ids: articles or khoản] or None for all of it}."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, list[str] | None]] = {}
    for line in data["line"]:
        regulated: dict[str, list[str] | None] = {}
        for doc in line["regulated_by"]:
            units = doc.get("units")
            regulated[doc["document"]] = list(units) if units else None
        out[str(line["number"])] = regulated
    return out


def _within(unit_id: str, units: list[str] | None) -> bool:
    return units is None or any(unit_id == u or unit_id.startswith(u + "__") for u in units)


def link_scores(
    population: list[Extracted], labels: dict[str, dict[str, list[str] | None]]
) -> dict[str, Any]:
    tp = fp = fn = 0
    per_line: dict[str, dict[str, int]] = {}
    for number, regulated in labels.items():
        truth = {
            x.key
            for x in population
            if x.document in regulated and _within(x.unit_id, regulated[x.document])
        }
        linked = {x.key for x in population if number in x.lines}
        t, p, n = len(truth & linked), len(linked - truth), len(truth - linked)
        per_line[number] = {"truth": len(truth), "linked": len(linked), "tp": t, "fp": p, "fn": n}
        tp, fp, fn = tp + t, fp + p, fn + n
    return {
        "lines": len(labels),
        "pairs_true": tp + fn,
        "pairs_linked": tp + fp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "per_line": per_line,
    }


def measure(engine: Engine) -> dict[str, Any]:
    population = extracted(engine)
    labels = read_condition_labels()
    return {
        "extracted": len(population),
        "conditions_dev": condition_precision(draw(population, DEV_SEED), labels),
        "conditions_check": condition_precision(draw(population, CHECK_SEED), labels),
        "links": link_scores(population, read_line_labels()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="an existing registry built from the real corpus")
    ap.add_argument(
        "--list-unlabelled",
        action="store_true",
        help="print the drawn conditions that have no label yet (key, heading, lead, text)",
    )
    args = ap.parse_args()
    if not REAL.is_dir():
        sys.exit(f"real corpus not found at {REAL}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_registry(args.db) if args.db else build_registry(Path(tmp))
        result = measure(engine)
        if args.list_unlabelled:
            population = {x.key: x for x in extracted(engine)}
            for part in ("conditions_dev", "conditions_check"):
                for key in result[part]["unlabelled"]:
                    x = population[key]
                    print(f"{key}\t{x.heading[:70]}\t{x.lead[-90:]}\t{x.text[:220]}")
        engine.dispose()
    for part in ("conditions_dev", "conditions_check"):
        result[part]["unlabelled"] = len(result[part]["unlabelled"])
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
