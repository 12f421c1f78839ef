"""Helpers the scan's tests and benchmark share: compare gaps with an expected list, readably.

The bundled sample's ``expected-gaps.json`` and the generator's ``ground-truth/gaps.jsonl`` use
one shape (corpora/sample/README.md); :func:`identity` picks the fields that identify a gap in it
and :func:`compare` reports what is missing and what is extra, one line per gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from parsers.normalize import number_key

# The identifying fields (corpora/sample/README.md), in the order a diff line shows them.
IDENTITY = (
    "kind",
    "province_code",
    "successor_code",
    "provincial_document",
    "procedure_code",
    "requirement_index",
    "document",
    "unit",
    "effect_document",
    "effect_unit",
    "effective",
)


def identity(g: Mapping[str, Any]) -> tuple[str, ...]:
    """A gap's identifying fields as strings (numbers by their lookup key, None as "")."""
    out = []
    for k in IDENTITY:
        v = g.get(k)
        if v is None:
            out.append("")
        elif k in ("provincial_document", "document", "effect_document"):
            out.append(number_key(str(v)) if v else "")
        else:
            out.append(str(v))
    return tuple(out)


@dataclass(slots=True)
class Comparison:
    missing: list[Mapping[str, Any]] = field(default_factory=list)
    extra: list[Mapping[str, Any]] = field(default_factory=list)
    matched: int = 0

    @property
    def equal(self) -> bool:
        return not self.missing and not self.extra

    def describe(self) -> str:
        def line(g: Mapping[str, Any]) -> str:
            where = (
                f"{g.get('province', '')} ({g.get('province_code')}) {g.get('provincial_document')}"
            )
            what = f"{g.get('procedure_code')}"
            if g.get("requirement_index"):
                what += f" #{g['requirement_index']}"
            nat = f"{g.get('document')} {g.get('unit') or ''}".strip()
            eff = f"{g.get('effect_document')} {g.get('effect_unit') or ''} {g.get('effective') or ''}"
            text = f"  “{str(g['requirement_text'])[:80]}”" if g.get("requirement_text") else ""
            return f"  {g.get('kind'):9} {where} {what} → {nat} by {eff.strip()}{text}"

        parts = [f"{self.matched} matched, {len(self.missing)} missing, {len(self.extra)} extra"]
        if self.missing:
            parts.append("missing (expected, not found):")
            parts.extend(line(g) for g in self.missing)
        if self.extra:
            parts.append("extra (found, not expected):")
            parts.extend(line(g) for g in self.extra)
        return "\n".join(parts)


def compare(
    found: Iterable[Mapping[str, Any]], expected: Iterable[Mapping[str, Any]]
) -> Comparison:
    f = {identity(g): g for g in found}
    e = {identity(g): g for g in expected}
    return Comparison(
        missing=[e[k] for k in sorted(e.keys() - f.keys())],
        extra=[f[k] for k in sorted(f.keys() - e.keys())],
        matched=len(e.keys() & f.keys()),
    )


def precision_recall(
    found: Iterable[Mapping[str, Any]], expected: Iterable[Mapping[str, Any]], kind: str
) -> dict[str, float | int]:
    f = {identity(g) for g in found if g.get("kind") == kind}
    e = {identity(g) for g in expected if g.get("kind") == kind}
    tp = len(f & e)
    return {
        "found": len(f),
        "expected": len(e),
        "true_positives": tp,
        "precision": round(tp / len(f), 5) if f else 1.0,
        "recall": round(tp / len(e), 5) if e else 1.0,
    }


def reset_scans(engine: Any) -> None:
    """Forget every scan (runs, gaps, reviews): the registry's inputs stay as ingested."""
    from sqlalchemy import delete

    from registry.store import models as m

    with engine.begin() as conn:
        conn.execute(delete(m.table_of(m.ReviewEvent)))
        conn.execute(delete(m.table_of(m.Gap)))
        conn.execute(delete(m.table_of(m.ScanRun)))


def explain_misses(
    engine: Any, as_of: Any, missing: Iterable[Mapping[str, Any]], threshold: float | None = None
) -> list[str]:
    """Why each expected cut/amended gap was not found, stage by stage: the requirement not in the
    registry (parser/ingest), the condition unknown or not cut/amended on ``as_of`` (ingest or
    consolidation), or the matcher scoring the pair under the threshold (matching)."""
    from dataclasses import replace

    from sqlalchemy import select

    from registry.matching.index import ConditionIndex
    from registry.matching.model import MatchParams, ProvincialRequirement
    from registry.scan.national import load_national
    from registry.store import models as m

    out: list[str] = []
    params = MatchParams() if threshold is None else replace(MatchParams(), threshold=threshold)
    with engine.connect() as conn:
        national = load_national(conn, as_of)
        pt, rq = m.table_of(m.Procedure), m.table_of(m.ProcedureRequirement)
        reqs = {
            (r.province_code, number_key(r.decision_number), r.code, r.position + 1): r.text
            for r in conn.execute(
                select(
                    pt.c.province_code, pt.c.decision_number, pt.c.code, rq.c.position, rq.c.text
                ).join(rq, rq.c.procedure_id == pt.c.id)
            )
        }
    conds = {c.id: c for c in national.conditions}
    index = ConditionIndex(national.conditions, replace(params, threshold=0.0))
    for g in missing:
        label = f"{g.get('id', '')} {g['kind']} {g['province_code']} {g['provincial_document']} {g['procedure_code']}"
        if g["kind"] not in ("cut", "amended"):
            out.append(f"{label}: {g['kind']} gap (not a matching question)")
            continue
        label += f" #{g['requirement_index']} → {g['condition_id']}"
        text = reqs.get(
            (
                g["province_code"],
                number_key(g["provincial_document"]),
                g["procedure_code"],
                g["requirement_index"],
            )
        )
        if text is None:
            out.append(f"{label}: requirement not in the registry (procedure parser / ingest)")
            continue
        c = conds.get(g["condition_id"])
        if c is None:
            out.append(f"{label}: condition not in the registry (document number or unit not read)")
            continue
        if str(c.status) != g["kind"]:
            out.append(
                f"{label}: condition is {c.status} on {as_of}, expected {g['kind']} (effects/consolidation)"
            )
            continue
        req = ProvincialRequirement(id="probe", text=text, province_code=g["province_code"])
        hits = [mt for mt in index.match_one(req) if mt.condition_id == c.id]
        if not hits:
            out.append(
                f"{label}: matcher did not propose the condition (retrieval) for “{text[:70]}”"
            )
        elif hits[0].score < params.threshold:
            out.append(
                f"{label}: matcher score {hits[0].score:.1f} < threshold {params.threshold} for “{text[:70]}”"
            )
        else:
            out.append(f"{label}: matcher scores {hits[0].score:.1f} but another reading won")
    return out
