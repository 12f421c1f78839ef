"""Dated text versions of provisions, for consolidation: the registry's side of apply_effects.

A status timeline says *that* a provision was amended on a date; this says *what it said* in each
interval. For every document that has applied effects carrying words (new text, or the words a
phrase edit removes or replaces), the document's current provisions and those effects are handed
to :func:`registry.apply_effects.apply`, and each unit's dated versions come back: the original
text, then the text after each amendment. :func:`split_by_text` cuts a status interval where the
text changes, so a ``provision_status`` row carries the text in force during it.

Effects without words (a note's "có nội dung được sửa đổi") change statuses only: the text they
produced is not in the data, so no text is claimed for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection, select

from parsers.model import Document, Effect, Metadata, Op, Unit, UnitKind
from registry import models as m
from registry.apply_effects import VersionState, apply
from registry.timeline import Interval

# Consolidate "as of" the end of time: every dated effect is applied, none is pending.
_FOREVER = date(9999, 12, 31)
_KINDS = {k.value: k for k in UnitKind}


@dataclass(frozen=True, slots=True)
class TextVersion:
    """A unit's text over ``[valid_from, valid_to)``; None bounds are open; text None = no text
    (repealed, ended)."""

    valid_from: date | None
    valid_to: date | None
    text: str | None
    effect_id: int | None = None


def documents_with_text_effects(conn: Connection, doc_ids: Iterable[int]) -> set[int]:
    """Target documents (among `doc_ids`) of at least one applied effect that carries words."""
    e = m.table_of(m.Effect)
    wanted = set(doc_ids)
    if not wanted:
        return set()
    q = (
        select(e.c.target_document_id)
        .where(
            e.c.applied.is_(True),
            e.c.effective.is_not(None),
            (e.c.new_text != "") | (e.c.old_text != ""),
        )
        .distinct()
    )
    return {r for r in conn.execute(q).scalars() if r in wanted}


def _base(conn: Connection, doc_id: int, commenced: date | None, number: str) -> Document:
    p = m.table_of(m.Provision)
    v = m.table_of(m.DocumentVersion)
    rows = conn.execute(
        select(
            p.c.unit_id, p.c.parent_unit, p.c.kind, p.c.number, p.c.heading, p.c.text, p.c.repealed
        )
        .join(v, v.c.id == p.c.document_version_id)
        .where(p.c.document_id == doc_id, v.c.current.is_(True))
        .order_by(p.c.position, p.c.id)
    ).all()
    units = [
        Unit(
            id=r.unit_id,
            kind=_KINDS.get(r.kind, UnitKind.PARAGRAPH),
            number=r.number,
            heading=r.heading,
            text=r.text,
            parent=r.parent_unit,
            repealed=bool(r.repealed),
        )
        for r in rows
    ]
    meta = Metadata(number=number, effective=[commenced] if commenced else [])
    return Document(
        source=f"document {doc_id}", format="registry", text="", metadata=meta, units=units
    )


def _effects(conn: Connection, doc_id: int, number: str) -> list[tuple[int, Effect]]:
    e = m.table_of(m.Effect)
    rows = conn.execute(
        select(
            e.c.id,
            e.c.op,
            e.c.target_unit,
            e.c.by_document,
            e.c.by_unit,
            e.c.effective,
            e.c.new_text,
            e.c.old_text,
            e.c.anchor,
            e.c.partial,
            e.c.source,
        )
        .where(e.c.target_document_id == doc_id, e.c.applied.is_(True))
        .order_by(e.c.effective, e.c.id)
    ).all()
    out: list[tuple[int, Effect]] = []
    for r in rows:
        try:
            op = Op(r.op)
        except ValueError:
            continue
        out.append(
            (
                r.id,
                Effect(
                    op=op,
                    target_document=number,
                    target_unit=r.target_unit,
                    by_document=r.by_document,
                    by_unit=r.by_unit,
                    effective=r.effective,
                    new_text=r.new_text,
                    old_text=r.old_text,
                    anchor=r.anchor,
                    partial=bool(r.partial),
                    source=r.source,
                ),
            )
        )
    return out


def text_versions(
    conn: Connection, doc_id: int, commenced: date | None, number: str
) -> dict[str, list[TextVersion]]:
    """unit id → its dated texts, for one document (units inserted by effects included)."""
    base = _base(conn, doc_id, commenced, number)
    pairs = _effects(conn, doc_id, number)
    ids = {id(e): eid for eid, e in pairs}
    consolidated = apply(base, [e for _eid, e in pairs], _FOREVER, document=number)
    out: dict[str, list[TextVersion]] = {}
    for unit in consolidated.walk():
        out[unit.id] = [
            TextVersion(
                v.valid_from,
                v.valid_to,
                v.text if v.state in (VersionState.TEXT, VersionState.SUSPENDED) else None,
                ids.get(id(v.effect)) if v.effect is not None else None,
            )
            for v in unit.versions
        ]
    return out


def _covers(v: TextVersion, start: date | None) -> bool:
    """Whether version `v` is in force at the start of a piece (None = since the beginning)."""
    if start is None:
        return v.valid_from is None
    return (v.valid_from is None or v.valid_from <= start) and (
        v.valid_to is None or start < v.valid_to
    )


def _before(a: date | None, b: date | None) -> bool:
    """a < b where None is minus infinity for a start."""
    if a is None:
        return b is not None
    return b is not None and a < b


def split_by_text(
    intervals: Sequence[Interval], versions: Sequence[TextVersion]
) -> list[dict[str, Any]]:
    """Status intervals cut where the text changes, each piece with the text in force in it.

    A piece outside every text version (before the unit existed) keeps its status with no text.
    """
    rows: list[dict[str, Any]] = []
    for iv in intervals:
        cuts = sorted(
            {
                d
                for v in versions
                for d in (v.valid_from, v.valid_to)
                if d is not None
                and _before(iv.valid_from, d)
                and (iv.valid_to is None or d < iv.valid_to)
            }
        )
        bounds: list[date | None] = [iv.valid_from, *cuts, iv.valid_to]
        for start, end in pairwise(bounds):
            text = None
            for v in versions:
                if _covers(v, start):
                    text = v.text
            rows.append(
                {
                    "status": iv.status,
                    "valid_from": start,
                    "valid_to": end,
                    "effect_id": iv.effect_id,
                    "reason": iv.reason[:200],
                    "text": text,
                }
            )
    return rows


__all__ = ["TextVersion", "documents_with_text_effects", "split_by_text", "text_versions"]
