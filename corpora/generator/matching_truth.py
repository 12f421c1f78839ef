"""Matcher inputs and truth from a corpus written by ``dkkd corpus generate``.

The benchmark and tests of the matcher need national conditions and provincial requirements in
the shape :mod:`registry.matching.matcher` takes, at national scale, before the scan that will extract them
from the parsed corpus exists. This reads them from the generator's ``ground-truth/`` folder,
taking only what a scan would know from the registry (texts, statuses on the scan date and the
effects behind them, cited legal bases, the national procedure's business line and ministry),
and keeps what the generator knows about each requirement (``restates``) apart, as the truth.

Truth for matching, for EVERY requirement (counted in the scan or superseded by a newer decision:
version logic is the scan's business, not the matcher's): a requirement that restates a condition
cut on the scan date is a ``cut`` match; one that restates the old text of an amended condition is
an ``amended`` match; nothing else is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from registry.matching.model import (
    ConditionStatus,
    CuttingEffect,
    GapKind,
    LegalBasis,
    NationalCondition,
    ProvincialRequirement,
)


@dataclass(slots=True)
class SynthSet:
    """Conditions, requirements and the truth: requirement id -> {(condition id, kind)}."""

    conditions: list[NationalCondition]
    requirements: list[ProvincialRequirement]
    truth: dict[str, set[tuple[str, GapKind]]] = field(default_factory=dict)

    @property
    def positives(self) -> int:
        return sum(len(v) for v in self.truth.values())


class CorpusError(Exception):
    """The folder is not a generated corpus's ground truth."""


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise CorpusError(f"{path}: missing (is this the output of `dkkd corpus generate`?)")
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{n}: not JSON ({e.msg})") from e


def _condition(row: dict[str, Any]) -> NationalCondition:
    history = row.get("history") or []
    last = history[-1] if history else {}
    effect = None
    amenders: list[str] = []
    for h in history:
        eff = h.get("effect")
        if eff and eff.get("document"):
            amenders.append(eff["document"])
    eff = last.get("effect")
    if eff:
        effect = CuttingEffect(
            eff["document"], eff.get("unit", ""), date.fromisoformat(last["from"])
        )
    status = ConditionStatus(row["status"])
    old_text = new_text = ""
    if status is ConditionStatus.AMENDED:
        old_text = row["text"]
        new_text = last.get("text") or row["text"]
    return NationalCondition(
        id=row["id"],
        text=row["text"],
        status=status,
        business_lines=(str(row["business_line"]),) if row.get("business_line") else (),
        ministry=row.get("ministry", ""),
        document=row["document"],
        unit=row["unit"],
        effect=effect,
        old_text=old_text,
        new_text=new_text,
        amending_documents=tuple(dict.fromkeys(amenders)),
    )


def load_generated(out: Path) -> SynthSet:
    """Conditions, requirements and matching truth of the corpus generated into ``out``."""
    gt = out / "ground-truth"
    conditions = [_condition(r) for r in _rows(gt / "conditions.jsonl")]
    status = {c.id: c.status for c in conditions}
    procs = {p["code"]: p for p in _rows(gt / "procedures.jsonl")}
    bases: dict[tuple[str, str, str], list[LegalBasis]] = {}
    published: dict[tuple[str, str], date] = {}
    for b in _rows(gt / "bases.jsonl"):
        key = (b["province_code"], b["provincial_document"], b["procedure_code"])
        bases.setdefault(key, []).append(LegalBasis(b["document"], b.get("unit", "")))
        published[key[:2]] = date.fromisoformat(b["provincial_date"])
    requirements: list[ProvincialRequirement] = []
    truth: dict[str, set[tuple[str, GapKind]]] = {}
    for r in _rows(gt / "requirements.jsonl"):
        key = (r["province_code"], r["provincial_document"], r["procedure_code"])
        proc = procs.get(r["procedure_code"], {})
        requirements.append(
            ProvincialRequirement(
                id=r["id"],
                text=r["text"],
                province_code=r["province_code"],
                procedure_code=r["procedure_code"],
                legal_bases=tuple(bases.get(key, ())),
                business_lines=(str(proc["business_line"]),) if proc.get("business_line") else (),
                published=published.get(key[:2]),
                ministry=proc.get("ministry", ""),
            )
        )
        restated = r.get("restates")
        if not restated:
            continue
        st = status.get(restated)
        if st is ConditionStatus.CUT:
            truth[r["id"]] = {(restated, GapKind.CUT)}
        elif st is ConditionStatus.AMENDED and r.get("restated_version") == "old":
            truth[r["id"]] = {(restated, GapKind.AMENDED)}
    return SynthSet(conditions, requirements, truth)
