"""Effects from source notes (pháp điển notes, VBHN footnotes): each note, read by
:mod:`parsers.notes`, becomes effects on the unit it is attached to."""

from __future__ import annotations

from parsers import notes as notes_mod
from parsers.effects.lines import _verb_lines
from parsers.effects.units import _UnitIndex
from parsers.model import Document, Effect, Unit


def note_effects(doc: Document) -> list[Effect]:
    """Effects recorded by pháp điển source notes and VBHN footnotes in `doc`."""
    return _note_effects(doc, _UnitIndex(doc.units), _verb_lines(doc.text))


def _note_effects(doc: Document, index: _UnitIndex, verb_lines: set[int]) -> list[Effect]:
    """The effects of the note lines, then of the units' notes found elsewhere, then of the
    footnotes.

    A note records a change only with an operation (notes.NOTE_OPS), whose words are amendment
    verbs: of the note lines only those among `verb_lines` are read. A unit's note standing on a
    note line is not read again. A unit's note without "bởi " records nothing, and parsed it
    would only hide a later note at the same place: it is not even found in the text unless a
    later note with "bởi " outside the note lines read asks where the earlier ones are.
    """
    text = doc.text
    effects: list[Effect] = []
    seen: set[int] = set()  # note lines read, and units' notes parsed
    for start, found in notes_mod.iter_note_line_effects(text, sorted(verb_lines)):
        seen.add(start)
        effects.extend(found)
    unplaced: list[tuple[Unit, str]] = []  # units' notes without "bởi ", not yet found
    quiet: dict[int, list[str]] = {}  # and where those found are
    for unit in doc.units:
        if not unit.note:
            continue
        note = unit.note.strip()
        if "bởi " not in note:
            unplaced.append((unit, note))
            continue
        pos = _note_at(text, unit, note)
        if pos in seen:
            continue
        for earlier, quiet_note in unplaced:
            quiet.setdefault(_note_at(text, earlier, quiet_note), []).append(quiet_note)
        unplaced.clear()
        if notes_mod.is_note_line(text, pos) or any(
            notes_mod.parse_note(q) is not None for q in quiet.get(pos, ())
        ):
            seen.add(pos)
            continue
        parsed = notes_mod.parse_note(note, pos)
        if parsed:
            seen.add(pos)
            effects.extend(notes_mod.note_effects(parsed))
    base = ""
    for fn in notes_mod.iter_footnotes(doc.text):
        base = base or notes_mod.consolidated_base(doc.text) or doc.metadata.number
        target = _footnote_target(doc, index, fn)
        effects.extend(notes_mod.note_effects(fn, target_document=base, target_unit=target or "?"))
    return effects


def _note_at(text: str, unit: Unit, note: str) -> int:
    """Where a unit's (stripped) note is in the text, -1 if not within the unit."""
    return text.find(note, unit.start, max(unit.end, unit.start + 1))


_KIND_OF = {
    "Điều": "dieu",
    "Khoản": "khoan",
    "Điểm": "diem",
    "Tiết": "tiet",
    "Chương": "chuong",
    "Mục": "muc",
    "Phụ lục": "phu_luc",
    "Phần": "phan",
}


def _footnote_target(doc: Document, index: _UnitIndex, fn: notes_mod.SourceNote) -> str:
    """Id of the unit that carries the footnote's marker ("1.[3] …" -> that khoản)."""
    marker = f"[{fn.footnote}]"
    pos = doc.text.find(marker)
    while pos >= 0 and pos == fn.start:
        pos = doc.text.find(marker, pos + 1)
    if pos < 0 or pos >= fn.start:
        pos = doc.text.rfind(marker, 0, fn.start)
    if pos < 0:
        return ""
    unit = index.at(pos)
    wanted = _KIND_OF.get(fn.footnote_kind, "")
    while unit is not None and wanted and unit.kind.value != wanted and unit.parent:
        unit = next((u for u in doc.units if u.id == unit.parent), None)
    return unit.id if unit else ""
