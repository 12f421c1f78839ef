"""The national side of a scan on a date: every condition with its status and the effect behind it,
every effect by target document (for stale legal bases), and the ministries' procedure publications
(re-published or abolished TTHC codes), the national TTHC database's records among them.

Ingest stores a ministry's "công bố TTHC" decision as an ordinary legal text, so its procedure
tables are read back from the stored provisions with :func:`parsers.procedures.parse_procedures`
(the smallest importer the scan needs; the registry has no table for national procedure events).
:func:`national_fingerprint` is the side's cheap content key: when it has not changed since the
last run, only the partitions whose own key changed are matched again."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, case, func, or_, select

from parsers.normalize import fold, normalize_number, number_key
from parsers.procedures import parse_procedures
from registry.interval import holds_sql
from registry.matching.model import ConditionStatus, CuttingEffect, NationalCondition
from registry.scan.partitions import NATIONAL_PARTITION
from registry.store import models as m


@dataclass(frozen=True, slots=True)
class EffectRow:
    """One effect on a document, as a stale-basis check needs it."""

    id: int
    target_unit: str
    by_document: str
    by_unit: str
    effective: date
    evidence: str = ""
    op: str = ""
    partial: bool = False

    @property
    def article(self) -> str:
        """The amending document's article that performs the effect (``dieu_1`` of ``dieu_1__khoan_4``)."""
        return self.by_unit.split("__", 1)[0] if self.by_unit else ""


@dataclass(frozen=True, slots=True)
class ProcedureEvent:
    """A ministry re-publishing (``amended``/``new``/``standardised``) or abolishing a TTHC code."""

    code: str
    action: str
    document: str
    day: date
    ministry: str = ""
    document_id: int | None = None
    # How `day` is known: "" (the decision's own date) or "not_before:<number>" (a national TTHC
    # record cites that document, so its version was published on or after the document's date).
    dated_by: str = ""


@dataclass(frozen=True, slots=True)
class ConditionRef:
    """Registry ids behind one national condition (the matcher only sees its text)."""

    condition_id: int
    effect_id: int | None
    ministry: str


@dataclass(slots=True)
class NationalSide:
    as_of: date
    conditions: list[NationalCondition]
    refs: dict[str, ConditionRef]
    effects_by_doc: dict[str, list[EffectRow]]
    events: dict[str, list[ProcedureEvent]]
    ministry_of_doc: dict[str, str]


def _new_text(old: str, op: str, new_text: str, old_phrase: str) -> str:
    if op == "amend" and new_text:
        return new_text
    if op == "replace_phrase" and old_phrase and old_phrase in old:
        return old.replace(old_phrase, new_text)
    return ""


def load_national(conn: Connection, as_of: date) -> NationalSide:
    """Every condition with its status on ``as_of``, the effects by document, procedure events."""
    c, cs, e, d = (
        m.table_of(m.Condition),
        m.table_of(m.ConditionStatus),
        m.table_of(m.Effect),
        m.table_of(m.Document),
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for row in conn.execute(
        select(m.table_of(m.ConditionBusinessLine)).order_by("condition_id", "rank")
    ):
        lines[row.condition_id].append(row.business_line_number)
    amending: dict[int, set[str]] = defaultdict(set)
    for row in conn.execute(
        select(e.c.target_document_id, e.c.by_document).where(
            e.c.target_document_id.is_not(None), e.c.by_document != ""
        )
    ):
        amending[row.target_document_id].add(row.by_document)
    q = (
        select(
            c.c.id,
            c.c.key,
            c.c.document_id,
            c.c.document_number,
            c.c.unit_id,
            c.c.text,
            c.c.ministry,
            c.c.last_version_id,
            cs.c.status,
            cs.c.effect_id,
            e.c.op,
            e.c.by_document,
            e.c.by_unit,
            e.c.effective,
            e.c.new_text,
            e.c.old_text,
        )
        .select_from(c)
        .join(
            cs, and_(cs.c.condition_id == c.c.id, holds_sql(cs.c.valid_from, cs.c.valid_to, as_of))
        )
        .outerjoin(e, e.c.id == cs.c.effect_id)
        .order_by(c.c.id)
    )
    ministry_of_doc = {
        r.number_key: r.ministry
        for r in conn.execute(select(d.c.number_key, d.c.ministry).where(d.c.province_code == ""))
        if r.number_key and r.ministry
    }
    conditions: list[NationalCondition] = []
    refs: dict[str, ConditionRef] = {}
    for r in conn.execute(q):
        key = f"{r.document_number}#{r.unit_id}"
        if key in refs:
            continue
        effect = (
            CuttingEffect(r.by_document, r.by_unit, r.effective)
            if r.effect_id is not None and r.status in ("cut", "amended")
            else None
        )
        status = r.status if r.status in tuple(ConditionStatus) else ConditionStatus.UNKNOWN
        # The ministry answering for it: the registry's, else the one whose decree cut or
        # amended it (a Government decree names no ministry in its number).
        ministry = r.ministry or ministry_of_doc.get(number_key(r.by_document or ""), "")
        new = (
            _new_text(r.text, r.op or "", r.new_text or "", r.old_text or "")
            if r.status == "amended"
            else ""
        )
        conditions.append(
            NationalCondition(
                id=key,
                text=r.text,
                status=status,
                business_lines=tuple(lines.get(r.id, ())),
                ministry=ministry,
                document=r.document_number,
                unit=r.unit_id,
                effect=effect,
                old_text=r.text if r.status == "amended" else "",
                new_text=new,
                amending_documents=tuple(sorted(amending.get(r.document_id, ()))),
            )
        )
        refs[key] = ConditionRef(r.id, r.effect_id, ministry)
    effects_by_doc: dict[str, list[EffectRow]] = defaultdict(list)
    for er in conn.execute(
        select(
            e.c.id,
            e.c.target_document_key,
            e.c.target_unit,
            e.c.by_document,
            e.c.by_unit,
            e.c.effective,
            e.c.evidence,
            e.c.op,
            e.c.partial,
        )
        .where(e.c.effective.is_not(None), e.c.effective <= as_of, e.c.target_document_key != "")
        .order_by(e.c.id)
    ):
        effects_by_doc[er.target_document_key].append(
            EffectRow(
                er.id,
                er.target_unit,
                er.by_document,
                er.by_unit,
                er.effective,
                er.evidence,
                er.op,
                bool(er.partial),
            )
        )
    for rows in effects_by_doc.values():
        rows.sort(key=lambda x: (x.effective, x.by_document, x.article, x.id))
    for cond in conditions:  # a decree's ministry: the one answering for its conditions
        if cond.ministry:
            ministry_of_doc.setdefault(number_key(cond.document), cond.ministry)
    events = load_procedure_events(conn)
    return NationalSide(as_of, conditions, refs, dict(effects_by_doc), events, ministry_of_doc)


_TTHC_TABLE = re.compile(r"ma\s*(?:so\s*)?tthc|ma\s+thu\s+tuc", re.IGNORECASE)


def _table_lines(text: str) -> list[str]:
    """A stored table (rows of ``cell | cell``) back as Markdown pipe rows with a header rule."""
    rows = [r for r in text.split("\n") if r.strip()]
    if not rows:
        return []
    out = [f"| {rows[0]} |"]
    width = rows[0].count("|") + 1
    out.append("|" + "---|" * width)
    out.extend(f"| {r} |" for r in rows[1:])
    return out


def document_text(provisions: Iterable[tuple[str, str, str]]) -> str:
    """The text of a document rebuilt from its stored provisions (kind, heading, text) in order."""
    lines: list[str] = []
    for kind, heading, text in provisions:
        if heading:
            lines.append(heading)
        if kind == "table":
            lines.extend(_table_lines(text))
        elif text:
            lines.append(text)
    return "\n".join(lines)


def load_procedure_events(conn: Connection) -> dict[str, list[ProcedureEvent]]:
    """Codes each ministry re-published or abolished, read from its stored "công bố TTHC" decisions."""
    d, v, p = m.table_of(m.Document), m.table_of(m.DocumentVersion), m.table_of(m.Provision)
    candidates = conn.execute(
        select(
            d.c.id,
            d.c.number,
            d.c.signed,
            d.c.effective,
            d.c.ministry,
            d.c.issuer,
            v.c.id.label("vid"),
        )
        .join(v, and_(v.c.document_id == d.c.id, v.c.current.is_(True)))
        .where(d.c.province_code == "", v.c.origin == "document")
        .where(
            select(p.c.id)
            .where(p.c.document_version_id == v.c.id, p.c.kind == "table")
            .where(or_(p.c.text.like("%TTHC%"), p.c.text.like("%thủ tục%")))
            .exists()
        )
    ).all()
    events: dict[str, list[ProcedureEvent]] = defaultdict(list)
    for doc in candidates:
        if not doc.number or "UBND" in doc.number:
            continue
        rows = conn.execute(
            select(p.c.kind, p.c.heading, p.c.text)
            .where(p.c.document_version_id == doc.vid)
            .order_by(p.c.position)
        ).all()
        if not any(r.kind == "table" and _TTHC_TABLE.search(fold(r.text)) for r in rows):
            continue
        decision = parse_procedures(
            document_text((r.kind, r.heading, r.text) for r in rows), doc.number
        )
        day = doc.effective or doc.signed or decision.signed
        if day is None:
            continue
        for proc in decision.procedures:
            if proc.code and proc.action in ("amended", "abolished", "new", "standardised"):
                events[proc.code].append(
                    ProcedureEvent(
                        proc.code,
                        proc.action,
                        normalize_number(doc.number),
                        day,
                        doc.ministry or doc.issuer,
                        doc.id,
                    )
                )
    for ev in national_record_events(conn):
        events[ev.code].append(ev)
    for evs in events.values():
        evs.sort(key=lambda x: (x.day, x.document))
    return dict(events)


def national_record_events(conn: Connection) -> list[ProcedureEvent]:
    """The national database's current version of each procedure as a "published" event.

    A record carries no date: its day is the publishing decision's date when the registry holds
    that decision dated, else the latest date among the documents the record cites (as written
    after the number, else as the registry knows it, else 1 January of the number's year), a
    lower bound on its publication (:func:`parsers.tthc_records.published_not_before`). A record
    with neither gives no event: no date, no claim.
    """
    from parsers.dates import iter_dates
    from parsers.procedures import LegalBasis as CitedBasis
    from parsers.tthc_records import basis_date

    pt, v, d = m.table_of(m.Procedure), m.table_of(m.DocumentVersion), m.table_of(m.Document)
    lb = m.table_of(m.ProcedureLegalBasis)
    procs = conn.execute(
        select(pt.c.id, pt.c.code, pt.c.decision_number, d.c.ministry, d.c.issuer)
        .join(v, and_(v.c.id == pt.c.document_version_id, v.c.current.is_(True)))
        .join(d, d.c.id == pt.c.decision_document_id)
        .where(pt.c.successor_code == NATIONAL_PARTITION, pt.c.code != "")
        .order_by(pt.c.id)
    ).all()
    if not procs:
        return []
    dated: dict[str, date] = {}
    for r in conn.execute(
        select(d.c.number_key, d.c.signed, d.c.effective).where(
            d.c.province_code == "", or_(d.c.signed.is_not(None), d.c.effective.is_not(None))
        )
    ):
        day = r.signed or r.effective
        if r.number_key and day is not None:
            dated.setdefault(r.number_key, day)
    bases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ids = [p.id for p in procs]
    for chunk in (ids[i : i + 5000] for i in range(0, len(ids), 5000)):
        for r in conn.execute(
            select(lb.c.procedure_id, lb.c.document, lb.c.text).where(
                lb.c.procedure_id.in_(chunk), lb.c.document != ""
            )
        ):
            bases[r.procedure_id].append((r.document, r.text))
    out: list[ProcedureEvent] = []
    for p in procs:
        number = normalize_number(p.decision_number) if p.decision_number else ""
        day = dated.get(number_key(number)) if number else None
        dated_by = ""
        if day is None:
            for document, text in bases.get(p.id, ()):
                # the date written after the number, else the registry's, else 1 January
                written = next((w for w, _s, _e in iter_dates(text)), None)
                when = (
                    written
                    or dated.get(number_key(document))
                    or basis_date(CitedBasis(text, document))
                )
                if when is not None and (day is None or when > day):
                    day, dated_by = when, f"not_before:{normalize_number(document)}"
        if day is None:
            continue
        out.append(
            ProcedureEvent(p.code, "published", number, day, p.ministry or p.issuer, None, dated_by)
        )
    return out


def national_fingerprint(conn: Connection, as_of: date) -> str:
    """A key of everything national a scan on ``as_of`` reads, from aggregates (cheap).

    Conditions (their last version), their statuses valid on ``as_of`` and the effects behind
    them, every effect in force by ``as_of`` (stale bases) and the ministries' procedure
    decisions in force by then. When it and a partition's key are unchanged, so are the
    partition's gaps.
    """
    c, cs, e = m.table_of(m.Condition), m.table_of(m.ConditionStatus), m.table_of(m.Effect)
    d, v = m.table_of(m.Document), m.table_of(m.DocumentVersion)
    parts: list[str] = []
    queries = [
        select(
            func.count(), func.sum(c.c.id), func.sum(c.c.last_version_id), func.sum(c.c.document_id)
        ),
        select(
            func.count(),
            func.sum(cs.c.id),
            func.sum(func.coalesce(cs.c.effect_id, 0)),
            func.max(cs.c.valid_from),
        ).where(holds_sql(cs.c.valid_from, cs.c.valid_to, as_of)),
        select(
            func.count(),
            func.sum(e.c.id),
            func.sum(e.c.id * e.c.id % 1000003),
            func.max(e.c.effective),
        ).where(e.c.effective.is_not(None), e.c.effective <= as_of),
        # national documents (the ministries' procedure decisions among them), and how many
        # of them are dated by ``as_of``
        select(
            func.count(),
            func.sum(v.c.id),
            func.sum(case((func.coalesce(d.c.effective, d.c.signed) <= as_of, 1), else_=0)),
        )
        .select_from(d.join(v, and_(v.c.document_id == d.c.id, v.c.current.is_(True))))
        .where(d.c.province_code == ""),
        select(func.count(), func.sum(m.table_of(m.ConditionBusinessLine).c.condition_id)),
    ]
    for q in queries:
        parts.append("|".join(str(x) for x in conn.execute(q).one()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
