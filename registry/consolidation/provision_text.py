"""Dated text versions of provisions, for consolidation: the registry's side of apply_effects.

A status timeline says *that* a provision was amended on a date; this says *what it said* in each
interval. For every document that has applied effects carrying words (new text, or the words a
phrase edit removes or replaces), the document's current provisions and those effects are handed
to :func:`registry.consolidation.apply_effects.apply`, and each unit's dated versions come back: the original
text, then the text after each amendment. :func:`split_by_text` cuts a status interval where the
text changes, so a ``provision_status`` row carries the text in force during it.

Effects without words (a note's "có nội dung được sửa đổi") change statuses only: the text they
produced is not in the data, so no text is claimed for it.

Readers ask :func:`texts_on` for "the text in force on a date": every answer that shows a
provision's or a condition's words (business check, condition search and detail, gap pages) goes
through it, so an amended condition never shows its old words as current, and a cut one shows
the last words it had before the cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection, select, true

from parsers.model import Document, Effect, Metadata, Op, Unit, UnitKind
from registry.consolidation.apply_effects import apply
from registry.consolidation.timeline import Interval
from registry.consolidation.versions import VersionState
from registry.queries.common import iso, status_on
from registry.store import models as m

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


# --- the text in force on a date ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextOnDate:
    """What a provision said on a date.

    `text`: the words in force on the date; for a cut provision the last words it had before the
    cut (`cut` True); `since`/`until`: the interval those words held (ISO dates, None = open);
    `dated`: whether the registry holds dated words for it (False: only the stored text is known,
    and it is given as is); `stale`: the provision was amended on or before the date but the
    amending words are not in the registry, so `text` may be the words before the amendment;
    `history`: every dated text, oldest first (``valid_from``, ``valid_to``, ``status``, ``text``;
    text None while cut).
    """

    text: str
    since: str | None = None
    until: str | None = None
    cut: bool = False
    dated: bool = False
    stale: bool = False
    history: tuple[dict[str, Any], ...] = ()

    def earlier(self) -> list[dict[str, Any]]:
        """The texts that held before the one in force (history entries with words)."""
        return [
            h
            for h in self.history
            if h["text"] is not None
            and h["text"] != self.text
            and (self.since is None or (h["valid_to"] or "9999") <= self.since)
        ]


def _merge(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Status rows (oldest first) as text intervals: consecutive rows with the same words are one."""
    out: list[dict[str, Any]] = []
    for r in rows:
        vf, vt = iso(r.valid_from), iso(r.valid_to)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev["text"] == r.text
            and prev["status"] == r.status
            and prev["valid_to"] == vf
        ):
            prev["valid_to"] = vt
            continue
        out.append({"valid_from": vf, "valid_to": vt, "status": r.status, "text": r.text})
    return out


def text_on(rows: Sequence[Any], on: date, fallback: str) -> TextOnDate:
    """The text in force on `on` from one unit's ``provision_status`` rows (oldest first).

    Pure (rows need ``status``, ``valid_from``, ``valid_to``, ``text``); `fallback` is the stored
    text, answered when the rows carry no words. The interval holding `on` is chosen by
    :func:`registry.queries.common.status_on`, the registry's one interval rule.
    """
    history = _merge(rows)
    if not any(h["text"] is not None for h in history):
        iv = status_on(history, on) if history else None
        return TextOnDate(
            fallback,
            iv["valid_from"] if iv else None,
            iv["valid_to"] if iv else None,
            cut=bool(iv and iv["status"] == "cut"),
            stale=bool(iv and iv["status"] == "amended"),
        )
    iv = status_on(history, on)
    if iv is None:
        # Before the unit existed, or after its last dated state: the nearest words.
        first = history[0]
        later = first["valid_from"] is not None and on.isoformat() < first["valid_from"]
        iv = first if later else history[-1]
    idx = history.index(iv)
    cut = iv["text"] is None
    if cut:
        before = [h for h in history[:idx] if h["text"] is not None]
        if not before:
            return TextOnDate(
                fallback, iv["valid_from"], iv["valid_to"], True, True, False, tuple(history)
            )
        words = before[-1]
    else:
        words = iv
    # Amended with no new words in the data: the words shown may be the old ones.
    stale = (
        not cut and iv["status"] == "amended" and idx > 0 and history[idx - 1]["text"] == iv["text"]
    )
    return TextOnDate(
        words["text"] or fallback,
        iv["valid_from"] if cut else words["valid_from"],
        iv["valid_to"] if cut else words["valid_to"],
        cut=cut,
        dated=True,
        stale=stale,
        history=tuple(history),
    )


def texts_on(
    conn: Connection,
    units: Iterable[tuple[int, str]],
    on: date,
    fallback: Mapping[tuple[int, str], str],
) -> dict[tuple[int, str], TextOnDate]:
    """``(document id, unit id)`` → :class:`TextOnDate` on `on`; `fallback` holds the stored texts."""
    wanted = set(units)
    by_unit: dict[tuple[int, str], list[Any]] = {k: [] for k in wanted}
    docs = sorted({d for d, _u in wanted})
    # Only the asked units' rows (a superset when several documents are asked: every asked unit
    # id in every asked document; the loop below keeps the asked pairs). Without it every status
    # of every unit of each document was read, texts included, to keep a few: a gap page's 50
    # rows read ~1,500 rows through ix_provision_status_key instead of just theirs.
    unit_ids = sorted({u for _d, u in wanted})
    ps = m.table_of(m.ProvisionStatus)
    for i in range(0, len(docs), 500):
        q = (
            select(
                ps.c.document_id,
                ps.c.unit_id,
                ps.c.status,
                ps.c.valid_from,
                ps.c.valid_to,
                ps.c.text,
            )
            .where(ps.c.document_id.in_(docs[i : i + 500]))
            .where(ps.c.unit_id.in_(unit_ids) if len(unit_ids) <= 500 else true())
            .order_by(
                ps.c.document_id,
                ps.c.unit_id,
                ps.c.valid_from.is_not(None),
                ps.c.valid_from,
                ps.c.id,
            )
        )
        for r in conn.execute(q):
            rows = by_unit.get((r.document_id, r.unit_id))
            if rows is not None:
                rows.append(r)
    return {k: text_on(rows, on, fallback.get(k, "")) for k, rows in by_unit.items()}


__all__ = [
    "TextOnDate",
    "TextVersion",
    "documents_with_text_effects",
    "split_by_text",
    "text_on",
    "text_versions",
    "texts_on",
]
