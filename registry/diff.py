"""The diff engine: provincial procedures against the national side on a scan date → gap records.

Pure (no database): :mod:`registry.scan_inputs` loads the inputs, :mod:`registry.scan` stores the
output. Four kinds of gap (issue 5):

* ``cut`` / ``amended``: a requirement restates a condition cut on the scan date, or the old version
  of an amended one (found by :mod:`registry.matching`, which narrows candidates before scoring);
* ``basis``: a procedure cites a document (or a provision: any unit under it) that an effect changed
  after the provincial decision and on or before the scan date; the first such effect is reported;
* ``procedure``: a listed code its ministry abolished (any listing), or re-published after the
  provincial decision.

Only *counted* procedures yield gaps: for each procedure code, the latest decision (by signing
date) listing it on a territory replaces the earlier ones there; a post-merger unit's decision
covers every old province merged into it, and counts only if it is the latest on all of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import lru_cache
from typing import Any

from parsers.normalize import number_key
from registry.matching import ConditionIndex, Match, ProvincialRequirement, match_index
from registry.scan_inputs import NationalSide, ProvincialProcedure, Requirement, territory

KINDS = ("cut", "amended", "basis", "procedure")


@lru_cache(maxsize=65536)
def _nkey(number: str) -> str:
    return number_key(number) if number else ""


@dataclass(slots=True)
class GapRecord:
    """One gap as a scan finds it; :attr:`key` is its identity across scans."""

    kind: str
    partition: str
    province: str
    province_code: str
    successor_code: str
    provincial_document: str
    provincial_date: date | None
    procedure_code: str
    procedure_name: str = ""
    requirement_index: int | None = None
    requirement_text: str | None = None
    document: str = ""
    unit: str = ""
    condition_key: str | None = None
    effect_document: str = ""
    effect_unit: str = ""
    effective: date | None = None
    score: float = 100.0
    ministry: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    procedure_id: int | None = None
    requirement_id: int | None = None
    condition_id: int | None = None
    effect_id: int | None = None

    @property
    def requirement_key(self) -> str | None:
        if self.requirement_index is None:
            return None
        return f"{self.province_code}:{self.provincial_document}:{self.procedure_code}:{self.requirement_index}"

    @property
    def key(self) -> str:
        """Fingerprint: what was found where, never when or how well (so scans can compare)."""
        parts = [
            self.kind,
            self.province_code,
            _nkey(self.provincial_document),
            self.provincial_date.isoformat() if self.provincial_date else "",
            self.procedure_code,
            str(self.requirement_index or ""),
            self.condition_key or f"{_nkey(self.document)}#{self.unit}",
        ]
        if self.kind in ("basis", "procedure"):
            parts.append(_nkey(self.effect_document))
        return hashlib.sha1("|".join(parts).encode()).hexdigest()

    def days_overdue(self, as_of: date) -> int | None:
        return (as_of - self.effective).days if self.effective else None

    def to_payload(self) -> dict[str, Any]:
        """A JSON-ready dict of every field (shallow: ``evidence`` is already JSON data)."""
        d = {f: getattr(self, f) for f in _FIELDS}
        for k in ("provincial_date", "effective"):
            d[k] = d[k].isoformat() if d[k] else None
        return d

    @classmethod
    def from_payload(cls, d: dict[str, Any]) -> GapRecord:
        d = dict(d)
        for k in ("provincial_date", "effective"):
            d[k] = date.fromisoformat(d[k]) if d.get(k) else None
        return cls(**d)


_FIELDS = tuple(f.name for f in fields(GapRecord))


# --- supersession ------------------------------------------------------------------------------


def counted(procedures: Iterable[ProvincialProcedure]) -> list[ProvincialProcedure]:
    """The procedures still in force: the latest listing of their code on every territory covered."""
    procs = list(procedures)
    latest: dict[tuple[str, str], date] = {}
    for p in procs:
        day = p.signed or date.min
        for t in territory(p.province_code, p.signed):
            if latest.get((t, p.code), date.min) < day:
                latest[(t, p.code)] = day
    out = []
    for p in procs:
        day = p.signed or date.min
        if not p.code:
            out.append(p)  # an uncoded procedure cannot be superseded by code
            continue
        if all(
            latest.get((t, p.code), date.min) <= day for t in territory(p.province_code, p.signed)
        ):
            out.append(p)
    return [p for p in out if p.action != "abolished"]


# --- the four kinds --------------------------------------------------------------------------------


def _base(p: ProvincialProcedure, kind: str, **kw: Any) -> GapRecord:
    return GapRecord(
        kind=kind,
        partition=p.partition,
        province=p.province_written,
        province_code=p.province_code,
        successor_code=p.successor_code,
        provincial_document=p.decision_number,
        provincial_date=p.signed,
        procedure_code=p.code,
        procedure_name=p.name,
        procedure_id=p.id,
        **kw,
    )


def basis_gaps(procs: Sequence[ProvincialProcedure], national: NationalSide) -> list[GapRecord]:
    """Cited documents/provisions changed after the provincial decision, up to the scan date."""
    out: list[GapRecord] = []
    for p in procs:
        if p.signed is None:
            continue
        for base, text in zip(p.bases, p.base_texts, strict=True):
            effects = national.effects_by_doc.get(number_key(base.document), ())
            for e in effects:
                if not (p.signed < e.effective <= national.as_of):
                    continue
                if (
                    base.unit
                    and e.target_unit
                    and not (
                        e.target_unit == base.unit or e.target_unit.startswith(base.unit + "__")
                    )
                ):
                    continue
                out.append(
                    _base(
                        p,
                        "basis",
                        document=base.document,
                        unit=base.unit,
                        effect_document=e.by_document,
                        effect_unit=e.article,
                        effective=e.effective,
                        ministry=national.ministry_of_doc.get(number_key(base.document), ""),
                        effect_id=e.id,
                        evidence={
                            "provincial": {"text": text, "field": "legal_basis"},
                            "national": {
                                "text": e.evidence,
                                "target_unit": e.target_unit,
                                "by_unit": e.by_unit,
                            },
                        },
                    )
                )
                break
    return out


def procedure_gaps(procs: Sequence[ProvincialProcedure], national: NationalSide) -> list[GapRecord]:
    """Codes abolished by their ministry (any listing) or re-published after the provincial text."""
    out: list[GapRecord] = []
    for p in procs:
        events = [e for e in national.events.get(p.code, ()) if e.day <= national.as_of]
        abolished = [e for e in events if e.action == "abolished"]
        chosen = abolished[0] if abolished else None
        if chosen is None and p.signed is not None:
            chosen = next((e for e in events if e.action != "abolished" and p.signed < e.day), None)
        if chosen is None:
            continue
        out.append(
            _base(
                p,
                "procedure",
                document=chosen.document,
                effect_document=chosen.document,
                effective=chosen.day,
                ministry=chosen.ministry,
                evidence={
                    "provincial": {"text": f"{p.code} {p.name}", "field": "procedure"},
                    "national": {"action": chosen.action, "document": chosen.document},
                },
            )
        )
    return out


def requirements_of(procs: Sequence[ProvincialProcedure]) -> list[ProvincialRequirement]:
    return [
        ProvincialRequirement(
            id=str(r.id),
            text=r.text,
            province_code=p.province_code,
            procedure_code=p.code,
            legal_bases=tuple(p.bases),
            published=p.signed,
        )
        for p in procs
        for r in p.requirements
    ]


# A match against text read by OCR is worth this share of its score: recognition errors can make
# a requirement look like a condition it is not (or hide the words that tell them apart).
OCR_TRUST = 0.8


def _source_location(r: Requirement) -> dict[str, Any]:
    """Page/paragraph of a requirement read from a Word or PDF decision, and the OCR mark."""
    out: dict[str, Any] = {}
    if r.page:
        out["page"] = r.page
    if r.paragraph:
        out["paragraph"] = r.paragraph
    if r.ocr:
        out["ocr"] = True
    return out


def condition_gaps(
    procs: Sequence[ProvincialProcedure],
    matches: Iterable[Match],
    national: NationalSide,
) -> list[GapRecord]:
    """Gap records of the matcher's findings (cut, or old version of an amended condition)."""
    by_req = {str(r.id): (p, r) for p in procs for r in p.requirements}
    conds = {c.id: c for c in national.conditions}
    out: list[GapRecord] = []
    for mt in matches:
        p, r = by_req[mt.requirement_id]
        c = conds[mt.condition_id]
        ref = national.refs[c.id]
        eff = c.effect
        cond_text = getattr(c, mt.condition_field) or c.text
        out.append(
            _base(
                p,
                str(mt.kind),
                requirement_index=r.index,
                requirement_text=r.text,
                document=c.document,
                unit=c.unit,
                condition_key=c.id,
                effect_document=eff.document if eff else "",
                effect_unit=eff.unit if eff else "",
                effective=eff.effective if eff else None,
                score=round(float(mt.score) * (OCR_TRUST if r.ocr else 1.0), 2),
                ministry=ref.ministry,
                requirement_id=r.id,
                condition_id=ref.condition_id,
                effect_id=ref.effect_id,
                evidence={
                    "provincial": {
                        "text": r.text,
                        "spans": [[s.start, s.end, s.text] for s in mt.requirement_spans],
                        **_source_location(r),
                    },
                    "national": {
                        "text": cond_text,
                        "field": mt.condition_field,
                        "spans": [[s.start, s.end, s.text] for s in mt.condition_spans],
                    },
                    "quantities": [
                        {
                            "value": q.value,
                            "unit": q.unit,
                            "provincial": [
                                q.requirement.start,
                                q.requirement.end,
                                q.requirement.text,
                            ],
                            "national": [q.condition.start, q.condition.end, q.condition.text],
                        }
                        for q in mt.quantities
                    ],
                    "basis": mt.basis,
                },
            )
        )
    return out


def match_unique(
    index: ConditionIndex,
    reqs: Sequence[ProvincialRequirement],
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    chunks: int = 8,
) -> list[Match]:
    """Match each distinct requirement once and give its matches to every copy of it.

    Provinces restate the same national text word for word far more often than not (in the
    generated national corpus 103k counted requirements hold 61k distinct readings); a match
    depends only on the text and what the requirement cites, never on which province wrote it.
    ``progress(done, total)`` is called after each of ``chunks`` slices (counted in requirements).
    """
    first: dict[tuple[object, ...], int] = {}
    unique: list[ProvincialRequirement] = []
    copies: list[list[str]] = []
    for r in reqs:
        k = (r.text, r.legal_bases, r.business_lines, r.ministry)
        i = first.get(k)
        if i is None:
            first[k] = len(unique)
            unique.append(r)
            copies.append([r.id])
        else:
            copies[i].append(r.id)
    pos = {r.id: i for i, r in enumerate(unique)}
    out: list[Match] = []
    step = max(2000, -(-len(unique) // max(1, chunks)))
    done = 0
    for start in range(0, len(unique), step):
        part = unique[start : start + step]
        for mt in match_index(index, part, workers):
            for rid in copies[pos[mt.requirement_id]]:
                out.append(mt if rid == mt.requirement_id else replace(mt, requirement_id=rid))
        done += sum(len(copies[pos[r.id]]) for r in part)
        if progress is not None:
            progress(done, len(reqs))
    return out


def diff(
    procedures: Sequence[ProvincialProcedure],
    national: NationalSide,
    index: ConditionIndex,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[GapRecord]:
    """Every gap of ``procedures`` (whole partitions) against ``national`` on its date."""
    live = counted(procedures)
    reqs = requirements_of(live)
    matches = match_unique(index, reqs, workers, progress)
    gaps = condition_gaps(live, matches, national)
    gaps += basis_gaps(live, national)
    gaps += procedure_gaps(live, national)
    gaps.sort(key=sort_key)
    return gaps


def sort_key(g: GapRecord) -> tuple[Any, ...]:
    return (
        g.partition,
        g.province_code,
        g.provincial_date or date.min,
        g.provincial_document,
        g.procedure_code,
        KINDS.index(g.kind) if g.kind in KINDS else 9,
        g.requirement_index or 0,
        g.document,
        g.unit,
    )
