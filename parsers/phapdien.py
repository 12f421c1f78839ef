"""Split a Bộ pháp điển chapter back into the documents its articles come from.

A pháp điển đề mục codifies articles of many documents under new numbers ("Điều 45.4.NĐ.1.14.")
and records under each its source: "(Điều 14 Nghị định số 54/2017/NĐ-CP, có hiệu lực thi hành kể
từ ngày 01/07/2017, có nội dung bị bãi bỏ bởi Điều 4 Nghị định số 155/2018/NĐ-CP …)". Conditions,
effects and provincial citations all speak of the *original* provision (khoản 2 Điều 14 of
54/2017), so this module re-roots every codified article and its children onto the original ids
(`dieu_45.4.nd.1.14__khoan_2` → `dieu_14__khoan_2` of 54/2017/NĐ-CP), keeping repealed
placeholders, and turns the notes into effects (via :mod:`parsers.notes`, the one note parser).

Interface: :func:`split_sources` → list of :class:`SourceDocument` (in order of first appearance)
plus warnings for articles whose note is missing or unreadable.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from parsers.model import Document, Effect, Op, ParseWarning, Unit, UnitKind
from parsers.notes import NOTE_OPS, SourceNote, note_effects, parse_note


@dataclass(slots=True)
class SourceArticle:
    """One codified article traced to its source: `codified_id` in the chapter, `original_id` in
    the source document, the parsed note, and the documents that amended it per the note."""

    codified_id: str
    original_id: str
    heading: str
    note: SourceNote
    amended_by: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SourceDocument:
    """The part of one source document that a chapter codifies.

    `units` are copies of the chapter's units with ids, parents and numbers re-rooted onto the
    original document (`dieu_14`, `dieu_14__khoan_2__diem_a`); offsets still point into the
    chapter's text. `effects` are the note effects targeting this document.
    """

    number: str
    doc_type: str = ""
    effective: date | None = None
    units: list[Unit] = field(default_factory=list)
    articles: list[SourceArticle] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    def unit(self, unit_id: str) -> Unit | None:
        for u in self.units:
            if u.id == unit_id:
                return u
        return None

    def codified_id(self, original_id: str) -> str:
        for a in self.articles:
            if original_id == a.original_id or original_id.startswith(a.original_id + "__"):
                return a.codified_id + original_id[len(a.original_id) :]
        return ""


def _descendants(units: list[Unit], index: int) -> list[Unit]:
    """Units after `units[index]` that descend from it (document order keeps them contiguous)."""
    root = units[index].id
    prefix = root + "__"
    out: list[Unit] = []
    ids = {root}
    for u in units[index + 1 :]:
        if u.parent in ids or u.id.startswith(prefix):
            out.append(u)
            ids.add(u.id)
        elif u.kind in (
            UnitKind.DIEU,
            UnitKind.CHUONG,
            UnitKind.MUC,
            UnitKind.PHAN,
            UnitKind.TIEU_MUC,
        ):
            break
    return out


_PIECES = (UnitKind.KHOAN, UnitKind.DIEM, UnitKind.TIET)


def _mark_emptied(units: list[Unit]) -> list[Unit]:
    """Under a partly repealed article, a khoản or điểm left with no body and no children is the
    repealed piece: some pages print "1. " where others print "1. (được bãi bỏ)"."""
    parents = {u.parent for u in units}
    return [
        dataclasses.replace(u, repealed=True)
        if u.kind in _PIECES and not u.text.strip() and not u.rows and u.id not in parents
        else u
        for u in units
    ]


def _reroot(unit: Unit, old_root: str, new_root: str) -> Unit:
    def move(uid: str | None) -> str | None:
        if uid is None:
            return None
        if uid == old_root:
            return new_root
        if uid.startswith(old_root + "__"):
            return new_root + uid[len(old_root) :]
        return uid

    new = dataclasses.replace(unit, id=move(unit.id) or unit.id, parent=move(unit.parent))
    if unit.id == old_root:
        new.parent = None
        new.number = new_root.rsplit("__", 1)[-1].split("_", 1)[-1]
    return new


def split_sources(doc: Document) -> tuple[list[SourceDocument], list[ParseWarning]]:
    """Source documents of a pháp điển chapter, with their articles on original ids."""
    sources: dict[str, SourceDocument] = {}
    warnings: list[ParseWarning] = []
    units = doc.units
    for i, art in enumerate(units):
        if art.kind != UnitKind.DIEU:
            continue
        if not art.note:
            warnings.append(
                ParseWarning(
                    "phapdien_no_note", f"{doc.source}: {art.id} has no source note", art.start
                )
            )
            continue
        note = parse_note(art.note.strip())
        if note is None or not note.source_document or not note.source_unit:
            warnings.append(
                ParseWarning(
                    "phapdien_bad_note",
                    f"{doc.source}: {art.id}: unreadable note {art.note[:80]!r}",
                    art.start,
                )
            )
            continue
        src = sources.get(note.source_document)
        if src is None:
            src = sources[note.source_document] = SourceDocument(
                number=note.source_document,
                doc_type=note.source_doc_type,
                effective=note.source_effective,
            )
        elif src.effective is None:
            src.effective = note.source_effective
        original = note.source_unit
        if any(a.original_id == original for a in src.articles):
            warnings.append(
                ParseWarning(
                    "phapdien_duplicate",
                    f"{doc.source}: {art.id} repeats {original} of {src.number}; first kept",
                    art.start,
                )
            )
            continue
        src.articles.append(
            SourceArticle(
                codified_id=art.id,
                original_id=original,
                heading=art.heading,
                note=note,
                amended_by=[note.amended_by] if note.amended_by else [],
            )
        )
        children = _descendants(units, i)
        if note.partial and any(NOTE_OPS.get(op) is Op.REPEAL for op in note.operations):
            children = _mark_emptied(children)
        src.units.append(_reroot(art, art.id, original))
        src.units.extend(_reroot(u, art.id, original) for u in children)
        src.effects.extend(note_effects(note, target_document=src.number, target_unit=original))
    return list(sources.values()), warnings


def source_document(doc: Document, number: str) -> SourceDocument | None:
    """One source document of a chapter by its normalised number."""
    for src in split_sources(doc)[0]:
        if src.number == number:
            return src
    return None
