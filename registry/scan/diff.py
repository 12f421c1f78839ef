"""The diff engine: provincial procedures against the national side on a scan date → gap records.

Pure (no database): :mod:`registry.scan.national` and :mod:`registry.scan.provincial` load the inputs, :mod:`registry.scan.run` stores the
output. Four kinds of gap (issue 5):

* ``cut`` / ``amended``: a requirement restates a condition cut on the scan date, or the old version
  of an amended one (found by :mod:`registry.matching.matcher`, which narrows candidates before scoring);
* ``basis``: a procedure cites a document (or a provision: any unit under it) that an effect changed
  after the provincial decision and on or before the scan date; the first such effect is reported;
* ``procedure``: a listed code its ministry abolished (any listing), or re-published after the
  provincial decision (by a ministry's decision, or as the national TTHC database's current
  version, dated from below by what it cites: evidence ``dated_by``).

The national database's own procedures form the partition ``TW``: a national record whose
requirement restates a cut (or the old version of an amended) condition is a ``cut``
(``amended``) gap like a province's, with no province and the ministry answering for it.

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

from parsers.citation_text import citation, document_label, provision_label
from parsers.normalize import number_key
from registry.matching.index import ConditionIndex
from registry.matching.matcher import match_index
from registry.matching.model import Match, ProvincialRequirement
from registry.scan.national import EffectRow, NationalSide
from registry.scan.provincial import ProvincialProcedure, Requirement, counted

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


def basis_change(effects: Sequence[EffectRow], document: str, cited: str = "") -> dict[str, Any]:
    """What happened to a cited basis, from the effects on it after the provincial decision:
    ``kind`` replaced / repealed / expired / suspended (the whole document, or the cited
    provision `cited`), partly_repealed (some provisions repealed) or amended (reworded or
    supplemented, perhaps some provisions repealed too), never "expired" for an amendment; the provisions
    each effect changed (unit ids and citations) and a Vietnamese sentence saying so."""
    by_docs = sorted({e.by_document for e in effects if e.by_document})
    whole = [e for e in effects if not e.partial and (not e.target_unit or e.target_unit == cited)]
    kind = "amended"
    for op, name in (
        ("replace_document", "replaced"),
        ("repeal", "repealed"),
        ("expire", "expired"),
        ("suspend", "suspended"),
    ):
        if any(e.op == op for e in whole):
            kind = name
            break
    else:
        changes = [e for e in effects if e.op not in ("repeal", "suspend", "expire")]
        if not changes:
            kind = "partly_repealed"
    provisions = [
        {
            "unit": e.target_unit,
            "citation": provision_label(e.target_unit) if e.target_unit else "",
            "op": e.op,
            "by_document": e.by_document,
            "by_citation": citation(e.by_unit, e.by_document) if e.by_document else "",
            "effective": e.effective.isoformat(),
        }
        for e in effects
    ]
    return {
        "kind": kind,
        "by_documents": by_docs,
        "provisions": provisions,
        "label": _change_label(kind, effects, by_docs, citation(cited, document)),
    }


_WHOLE_LABEL = {
    "replaced": "đã bị thay thế",
    "repealed": "đã bị bãi bỏ",
    "expired": "đã hết hiệu lực",
    "suspended": "đã bị đình chỉ thi hành",
}


def _units(effects: Iterable[EffectRow], ops: tuple[str, ...]) -> str:
    seen: list[str] = []
    for e in effects:
        if e.op in ops and e.target_unit:
            label = provision_label(e.target_unit)
            if label and label not in seen:
                seen.append(label)
    return ", ".join(seen)


def _change_label(
    kind: str, effects: Sequence[EffectRow], by_docs: Sequence[str], cited: str
) -> str:
    by = ", ".join(document_label(d) for d in by_docs)
    tail = f" bởi {by}" if by else ""
    if kind in _WHOLE_LABEL:
        return f"{cited} {_WHOLE_LABEL[kind]}{tail}"
    amended = _units(effects, ("amend", "replace_phrase", "rename", "insert"))
    repealed = _units(effects, ("repeal", "suspend", "expire", "replace_document"))
    if repealed and not amended:
        return f"{cited} đã bị bãi bỏ một phần ({repealed}){tail}"
    what = f"đã được sửa đổi, bổ sung ({amended})" if amended else "đã được sửa đổi, bổ sung"
    if repealed:
        what += f" và bị bãi bỏ một phần ({repealed})"
    return f"{cited} {what}{tail}"


def basis_gaps(procs: Sequence[ProvincialProcedure], national: NationalSide) -> list[GapRecord]:
    """Cited documents/provisions changed after the provincial decision, up to the scan date.

    One gap per cited basis: its effect is the first change; its evidence says what every change
    since the decision did (:func:`basis_change`)."""
    out: list[GapRecord] = []
    for p in procs:
        if p.signed is None:
            continue
        for base, text in zip(p.bases, p.base_texts, strict=True):
            signed = p.signed
            effects = [
                e
                for e in national.effects_by_doc.get(number_key(base.document), ())
                if signed < e.effective <= national.as_of
                and (
                    not base.unit
                    or not e.target_unit
                    or e.target_unit == base.unit
                    or e.target_unit.startswith(base.unit + "__")
                )
            ]
            if not effects:
                continue
            e = effects[0]
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
                            "change": basis_change(effects, base.document, base.unit),
                        },
                    },
                )
            )
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
                    "national": {
                        "action": chosen.action,
                        "document": chosen.document,
                        "document_id": chosen.document_id,
                        "effective": chosen.day.isoformat(),
                        "ministry": chosen.ministry,
                        "label": _publication_label(
                            chosen.action, chosen.document, chosen.day, chosen.dated_by
                        ),
                        **({"dated_by": chosen.dated_by} if chosen.dated_by else {}),
                    },
                },
            )
        )
    return out


_ACTION_LABEL = {
    "abolished": "bãi bỏ",
    "amended": "sửa đổi, bổ sung",
    "new": "công bố mới",
    "standardised": "chuẩn hóa",
    "published": "công bố",
}


def _publication_label(action: str, document: str, day: date, dated_by: str = "") -> str:
    """ "Thủ tục đã được sửa đổi, bổ sung theo Quyết định số 1523/QĐ-BCT (hiệu lực 01/06/2018)";
    a date known only as a lower bound (`dated_by`) is said to be one."""
    verb = _ACTION_LABEL.get(action, action)
    when = day.strftime("%d/%m/%Y")
    return f"Thủ tục đã được {verb} theo {document_label(document)}" + (
        f" (không sớm hơn {when})" if dated_by else f" (hiệu lực {when})"
    )


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
