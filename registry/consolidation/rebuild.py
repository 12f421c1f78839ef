"""Consolidation: resolve every effect against the registry and rebuild the status timelines.

Runs after each ingest batch that added anything (and on demand). It is a full, deterministic
recomputation: effects are re-resolved (an effect whose target document or unit is not in the
registry is kept, marked unapplied with the reason), then every current provision and every
condition gets its timeline from :mod:`registry.consolidation.timeline`; conditions are linked to business lines
through the latest list; provincial procedures are numbered by publication; KTCN lines get their
dated validity. One transaction: readers see the old or the new state, never half of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from parsers.business_lines import BusinessLine, BusinessLineIndex, DocumentLines, UnitRef
from registry.consolidation.provision_text import (
    TextVersion,
    documents_with_text_effects,
    split_by_text,
    text_versions,
)
from registry.consolidation.timeline import EffectRef, Interval, relevant_keys, timeline
from registry.store import models as m


def _chunks(rows: Sequence[dict[str, Any]], n: int = 5000) -> list[Sequence[dict[str, Any]]]:
    return [rows[i : i + n] for i in range(0, len(rows), n)]


def _insert_many(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(table), chunk)


def _document_index(conn: Connection) -> tuple[dict[str, list[int]], dict[int, date | None]]:
    d = m.table_of(m.Document)
    by_key: dict[str, list[int]] = defaultdict(list)
    effective: dict[int, date | None] = {}
    for row in conn.execute(select(d.c.id, d.c.number_key, d.c.effective)):
        if row.number_key:
            by_key[row.number_key].append(row.id)
        effective[row.id] = row.effective
    return by_key, effective


def _current_units(conn: Connection) -> dict[int, dict[str, bool]]:
    """document id → {unit id: repealed placeholder?} over the document's current versions."""
    p = m.table_of(m.Provision)
    v = m.table_of(m.DocumentVersion)
    out: dict[int, dict[str, bool]] = defaultdict(dict)
    q = (
        select(p.c.document_id, p.c.unit_id, p.c.repealed)
        .join(v, v.c.id == p.c.document_version_id)
        .where(v.c.current.is_(True))
        .order_by(v.c.id)
    )
    for row in conn.execute(q):
        out[row.document_id][row.unit_id] = bool(row.repealed)
    return out


def _resolve_effects(
    conn: Connection, by_key: dict[str, list[int]], units: dict[int, dict[str, bool]]
) -> dict[int, list[EffectRef]]:
    """Mark each effect applied or not; return the applied ones per target document."""
    e = m.table_of(m.Effect)
    v = m.table_of(m.DocumentVersion)
    from parsers.normalize import number_key

    per_doc: dict[int, list[EffectRef]] = defaultdict(list)
    updates: list[dict[str, Any]] = []
    q = select(
        e.c.id,
        e.c.op,
        e.c.target_document_key,
        e.c.target_unit,
        e.c.by_document,
        e.c.effective,
        e.c.partial,
        v.c.current,
    ).join(v, v.c.id == e.c.document_version_id)
    for row in conn.execute(q):
        targets = by_key.get(row.target_document_key, []) if row.target_document_key else []
        by_ids = by_key.get(number_key(row.by_document), []) if row.by_document else []
        target_id = targets[0] if len(targets) == 1 else None
        reason = ""
        if not row.current:
            reason = "from a superseded file version"
        elif not row.target_document_key:
            reason = "target document not identified in the text"
        elif not targets:
            reason = "target document not in the registry"
        elif len(targets) > 1:
            reason = "target number names several documents (issuer unknown)"
        elif row.target_unit and row.target_unit not in units.get(target_id or -1, {}):
            parent = row.target_unit.rsplit("__", 1)[0] if "__" in row.target_unit else ""
            known = units.get(target_id or -1, {})
            if not (row.op == "insert" and (not parent or parent in known)):
                reason = f"target unit {row.target_unit} not in the registry"
        if not reason and row.effective is None:
            reason = "effective date not stated"
        applied = not reason
        if target_id is not None and row.current and (applied or row.effective is None):
            per_doc[target_id].append(
                EffectRef(row.id, row.op, row.target_unit, row.effective, bool(row.partial))
            )
        updates.append(
            {
                "b_id": row.id,
                "applied": applied,
                "unapplied_reason": reason,
                "target_document_id": target_id,
                "by_document_id": by_ids[0] if len(by_ids) == 1 else None,
            }
        )
    if updates:
        stmt = (
            update(e)
            .where(e.c.id == bindparam("b_id"))
            .values(
                applied=bindparam("applied"),
                unapplied_reason=bindparam("unapplied_reason"),
                target_document_id=bindparam("target_document_id"),
                by_document_id=bindparam("by_document_id"),
            )
        )
        for chunk in _chunks(updates):
            conn.execute(stmt, chunk)
    return per_doc


def _effects_for(unit_id: str, index: dict[str, list[EffectRef]]) -> list[EffectRef]:
    out: list[EffectRef] = []
    for key in relevant_keys(unit_id):
        out.extend(index.get(key, ()))
    return out


def _status_rows(intervals: Sequence[Interval], **key: Any) -> list[dict[str, Any]]:
    return [
        {
            **key,
            "status": iv.status,
            "valid_from": iv.valid_from,
            "valid_to": iv.valid_to,
            "effect_id": iv.effect_id,
            "reason": iv.reason[:200],
        }
        for iv in intervals
    ]


def _link_business_lines(conn: Connection) -> None:
    """Link each condition to the lines of the latest list its document's structure says it
    regulates (:class:`~parsers.business_lines.DocumentLines`: lead, heading, section, scope);
    a condition of a document that regulates no listed line stays unlinked."""
    bl = m.table_of(m.BusinessLine)
    sf = m.table_of(m.SourceFile)
    latest = conn.execute(
        select(bl.c.source_file_id)
        .join(sf, sf.c.id == bl.c.source_file_id)
        .where(sf.c.superseded_at.is_(None))
        .order_by(bl.c.valid_from.desc().nulls_last(), bl.c.source_file_id.desc())
        .limit(1)
    ).scalar()
    cbl = m.table_of(m.ConditionBusinessLine)
    conn.execute(delete(cbl))
    if latest is None:
        return
    lines = [
        BusinessLine(
            number=r.number,
            name=r.name,
            folded=r.folded_name,
            ministry=r.ministry,
            order=r.position,
        )
        for r in conn.execute(
            select(bl.c.number, bl.c.name, bl.c.folded_name, bl.c.ministry, bl.c.position)
            .where(bl.c.source_file_id == latest)
            .order_by(bl.c.position)
        )
    ]
    index = BusinessLineIndex(lines)
    ministry_of_line = {ln.number: ln.ministry for ln in lines}
    c = m.table_of(m.Condition)
    conditions = conn.execute(
        select(
            c.c.id, c.c.document_id, c.c.article_id, c.c.heading, c.c.lead, c.c.text, c.c.ministry
        ).order_by(c.c.document_id, c.c.id)
    ).all()
    structures = _document_structures(conn, {r.document_id for r in conditions}, index)
    links: list[dict[str, Any]] = []
    ministry_updates: list[dict[str, Any]] = []
    for row in conditions:
        leads = row.lead.split(" / ") if row.lead else []
        numbers = (
            structures[row.document_id].link(row.article_id, leads, row.heading, row.text).numbers
        )
        links.extend(
            {"condition_id": row.id, "business_line_number": n, "rank": i}
            for i, n in enumerate(numbers)
        )
        line_ministry = next((ministry_of_line[n] for n in numbers if ministry_of_line.get(n)), "")
        if line_ministry and line_ministry != row.ministry:
            ministry_updates.append({"b_id": row.id, "ministry": line_ministry})
    _insert_many(conn, cbl, links)
    if ministry_updates:
        conn.execute(
            update(c).where(c.c.id == bindparam("b_id")).values(ministry=bindparam("ministry")),
            ministry_updates,
        )


def _document_structures(
    conn: Connection, document_ids: set[int], index: BusinessLineIndex
) -> dict[int, DocumentLines]:
    """The link rule's view of each document: title and current provisions (headings, and the
    text of the units that can name lines)."""
    d = m.table_of(m.Document)
    p = m.table_of(m.Provision)
    v = m.table_of(m.DocumentVersion)
    ids = sorted(document_ids)
    titles = {r.id: r.title for r in conn.execute(select(d.c.id, d.c.title).where(d.c.id.in_(ids)))}
    units: dict[int, list[UnitRef]] = defaultdict(list)
    q = (
        select(p.c.document_id, p.c.unit_id, p.c.kind, p.c.parent_unit, p.c.heading, p.c.text)
        .join(v, v.c.id == p.c.document_version_id)
        .where(v.c.current.is_(True), p.c.document_id.in_(ids))
        .order_by(p.c.document_id, v.c.id, p.c.position)
    )
    for r in conn.execute(q):
        units[r.document_id].append(UnitRef(r.unit_id, r.kind, r.parent_unit, r.heading, r.text))
    return {
        doc_id: DocumentLines(units.get(doc_id, []), index, title=titles.get(doc_id, ""))
        for doc_id in document_ids
    }


def _number_procedures(conn: Connection) -> None:
    """Version = how many times this province has published this code, by signing date."""
    p = m.table_of(m.Procedure)
    v = m.table_of(m.DocumentVersion)
    rows = conn.execute(
        select(p.c.id, p.c.code, p.c.province_code, p.c.signed, p.c.version)
        .join(v, v.c.id == p.c.document_version_id)
        .where(v.c.current.is_(True), p.c.code != "")
        .order_by(p.c.province_code, p.c.code, p.c.signed.asc().nulls_first(), p.c.id)
    ).all()
    updates: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], set[date | None]] = defaultdict(set)
    for r in rows:
        key = (r.province_code, r.code)
        seen[key].add(r.signed)
        n = len(seen[key])
        if n != r.version:
            updates.append({"b_id": r.id, "version": n})
    if updates:
        conn.execute(
            update(p).where(p.c.id == bindparam("b_id")).values(version=bindparam("version")),
            updates,
        )


def _date_ktcn(conn: Connection, doc_effective: dict[str, date | None]) -> None:
    """Validity of KTCN lines: from their list document's commencement when the registry has it;
    compiled lines are also dated by the snapshot of the latest KTCN reference file."""
    k = m.table_of(m.KtcnItem)
    sf = m.table_of(m.SourceFile)
    snapshot: date | None = None
    for info in conn.execute(
        select(sf.c.info)
        .where(sf.c.kind == "ktcn_reference", sf.c.superseded_at.is_(None))
        .order_by(sf.c.id)
    ).scalars():
        if isinstance(info, dict) and info.get("snapshot"):
            try:
                snapshot = date.fromisoformat(str(info["snapshot"]))
            except ValueError:
                continue
    if snapshot is not None:
        conn.execute(update(k).where(k.c.origin == "compiled").values(listed_on=snapshot))
    for number, eff in doc_effective.items():
        if eff is not None:
            conn.execute(
                update(k)
                .where(k.c.list_document == number, k.c.valid_from.is_(None))
                .values(valid_from=eff)
            )


_LIST_CUTTING_OPS = ("amend", "repeal", "replace_document", "expire")


def _cut_ktcn(conn: Connection) -> int:
    """Cut the KTCN lines an amending text no longer lists, from its effective date.

    A text that replaces an appendix ("Thay thế Phụ lục I …") cuts the old appendix's lines that no
    line of its own list covers (:func:`parsers.ktcn.cut_lines`) and continues the others: their
    old listing ends on the same date without a cutting effect, so a goods line is listed once
    on any date. Repealing the appendix or the whole list document cuts all of them. Recomputed
    from scratch each time.
    """
    from parsers.ktcn import KtcnItem as ParsedItem
    from parsers.ktcn import cut_lines

    k = m.table_of(m.KtcnItem)
    e = m.table_of(m.Effect)
    d = m.table_of(m.Document)
    conn.execute(update(k).where(k.c.origin == "text").values(valid_to=None, cut_by_effect_id=None))
    effects = conn.execute(
        select(e.c.id, e.c.op, e.c.target_unit, e.c.effective, e.c.by_document, d.c.number)
        .join(d, d.c.id == e.c.target_document_id)
        .where(e.c.applied.is_(True), e.c.op.in_(_LIST_CUTTING_OPS), e.c.partial.is_(False))
        .order_by(e.c.effective, e.c.id)
    ).all()
    cut_rows: list[dict[str, Any]] = []
    typed: dict[int, str] = {}
    done: set[int] = set()
    for eff in effects:
        unit = eff.target_unit
        if unit and not unit.startswith("phu_luc"):
            continue
        old = [
            r
            for r in conn.execute(
                select(k.c.id, k.c.hs, k.c.inspection_type, k.c.unit_id).where(
                    k.c.origin == "text", k.c.list_document == eff.number
                )
            )
            if r.id not in done
            and (not unit or r.unit_id == unit or r.unit_id.startswith(unit + "__"))
        ]
        if not old:
            continue
        if eff.op == "amend" and unit:
            new_rows = conn.execute(
                select(k.c.id, k.c.hs, k.c.inspection_type).where(
                    k.c.origin == "text", k.c.list_document == eff.by_document
                )
            ).all()
            if not new_rows:
                continue  # the replacing list is not in the registry: prove nothing
            new = [ParsedItem(hs=r.hs, inspection_type=r.inspection_type) for r in new_rows]
            by_id = {r.id: r for r in old}
            parsed = [
                ParsedItem(hs=r.hs, inspection_type=r.inspection_type, unit_id=str(r.id))
                for r in old
            ]
            gone = [by_id[int(it.unit_id)] for it in cut_lines(parsed, new)]
            gone_ids = {r.id for r in gone}
            kept = [r for r in old if r.id not in gone_ids]
            for r in kept:
                # The replacing list continues the line: the old listing ends, not cut.
                done.add(r.id)
                cut_rows.append({"b_id": r.id, "valid_to": eff.effective, "cut_by": None})
                for n in new_rows:
                    if not n.inspection_type and r.hs.startswith(n.hs) and r.inspection_type:
                        typed.setdefault(n.id, r.inspection_type)
        else:
            gone = old
        for r in gone:
            done.add(r.id)
            cut_rows.append({"b_id": r.id, "valid_to": eff.effective, "cut_by": eff.id})
    if typed:
        # A replacing list without a type column: its lines take the type of the lines they
        # continue.
        conn.execute(
            update(k).where(k.c.id == bindparam("b_id")).values(inspection_type=bindparam("t")),
            [{"b_id": i, "t": t} for i, t in typed.items()],
        )
    if cut_rows:
        conn.execute(
            update(k)
            .where(k.c.id == bindparam("b_id"))
            .values(valid_to=bindparam("valid_to"), cut_by_effect_id=bindparam("cut_by")),
            cut_rows,
        )
    return sum(1 for r in cut_rows if r["cut_by"] is not None)


def consolidate(engine: Engine) -> dict[str, int]:
    """Recompute effects' application, provision and condition timelines; return counts."""
    with engine.begin() as conn:
        by_key, effective = _document_index(conn)
        units = _current_units(conn)
        per_doc = _resolve_effects(conn, by_key, units)
        index: dict[int, dict[str, list[EffectRef]]] = {}
        for doc_id, refs in per_doc.items():
            idx: dict[str, list[EffectRef]] = defaultdict(list)
            for ref in refs:
                idx[ref.target_unit].append(ref)
            index[doc_id] = idx

        ps = m.table_of(m.ProvisionStatus)
        conn.execute(delete(ps))
        # Documents whose applied effects carry words get dated text versions per provision.
        texts: dict[int, dict[str, list[TextVersion]]] = {}
        if per_doc:
            d = m.table_of(m.Document)
            number_of = {
                r.id: r.number
                for r in conn.execute(select(d.c.id, d.c.number).where(d.c.id.in_(list(per_doc))))
            }
            for doc_id in sorted(documents_with_text_effects(conn, per_doc)):
                texts[doc_id] = text_versions(
                    conn, doc_id, effective.get(doc_id), number_of.get(doc_id, "")
                )
        prov_rows: list[dict[str, Any]] = []
        for doc_id, doc_units in units.items():
            idx = index.get(doc_id, {})
            doc_texts = texts.get(doc_id, {})
            # Units the effects inserted are provisions too, from their insertion.
            unit_ids = list(doc_units) + [u for u in doc_texts if u not in doc_units]
            for unit_id in unit_ids:
                ivs = timeline(
                    unit_id,
                    commenced=effective.get(doc_id),
                    effects=_effects_for(unit_id, idx),
                    placeholder=doc_units.get(unit_id, False),
                )
                if unit_id in doc_texts:
                    prov_rows.extend(
                        {"document_id": doc_id, "unit_id": unit_id, **row}
                        for row in split_by_text(ivs, doc_texts[unit_id])
                    )
                else:
                    prov_rows.extend(
                        _status_rows(ivs, document_id=doc_id, unit_id=unit_id, text=None)
                    )
        _insert_many(conn, ps, prov_rows)

        c = m.table_of(m.Condition)
        cs = m.table_of(m.ConditionStatus)
        conn.execute(delete(cs))
        cond_rows: list[dict[str, Any]] = []
        for row in conn.execute(select(c.c.id, c.c.document_id, c.c.unit_id, c.c.repealed)):
            placeholder = bool(row.repealed) or units.get(row.document_id, {}).get(
                row.unit_id, False
            )
            ivs = timeline(
                row.unit_id,
                commenced=effective.get(row.document_id),
                effects=_effects_for(row.unit_id, index.get(row.document_id, {})),
                placeholder=placeholder,
            )
            cond_rows.extend(_status_rows(ivs, condition_id=row.id))
        _insert_many(conn, cs, cond_rows)

        _link_business_lines(conn)
        _number_procedures(conn)
        d = m.table_of(m.Document)
        numbers = {
            r.number: r.effective
            for r in conn.execute(select(d.c.number, d.c.effective))
            if r.number
        }
        _date_ktcn(conn, numbers)
        ktcn_cut = _cut_ktcn(conn)
        return {
            "ktcn_cut": ktcn_cut,
            "provision_statuses": len(prov_rows),
            "condition_statuses": len(cond_rows),
            "documents_with_effects": len(per_doc),
        }
