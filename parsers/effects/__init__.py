"""Amendment effects: what an amending text does to other texts, one effect per operation.

The finder reads the cleaned text line by line. Quoted blocks (the new text of an amended unit,
“…”) are set aside first: they belong to the instruction before them and never contain
instructions of their own. Each remaining line with an amendment verb is split into clauses at
";" (outside quotes), and each clause yields one effect per cited provision: "Bổ sung khoản 1a vào
sau khoản 1; sửa đổi, bổ sung khoản 3 và khoản 4 Điều 4" gives an insert and two amends, the article
named at the end applying to every clause. Lines that only announce a group ("Sửa đổi, bổ sung một
số điểm, khoản của Điều 12 như sau:") set the context for the instructions under them; lines that
name a document ("Sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP") set the target
document until another such line, which is how omnibus texts switch target.

Source notes (pháp điển, VBHN footnotes) are parsed in :mod:`parsers.notes` and added here.

The package reads in steps (as eregs' amdpar does): `lines` finds the lines that may hold an
instruction; `clauses` reads each clause into an operation and the provisions it names, with
`documents` (the document named) and `units` (quoted new text, target units); `instructions`
turns the clauses into effects; `from_notes` adds the effects of source notes. `patterns` holds
the instruction grammar, built from :mod:`parsers.wording`.
"""

from __future__ import annotations

from parsers.effects.from_notes import _note_effects, note_effects
from parsers.effects.instructions import _instruction_effects, instruction_effects
from parsers.effects.lines import VERB_LITERALS, _verb_lines
from parsers.effects.patterns import BEFORE
from parsers.effects.units import _UnitIndex
from parsers.model import Document, Effect
from parsers.quoted_blocks import OPEN_QUOTES, quoted_blocks


def find_effects(doc: Document) -> list[Effect]:
    """Every effect in `doc`: its amending instructions, then its source notes."""
    index = _UnitIndex(doc.units)
    verb_lines = _verb_lines(doc.text)
    return _instruction_effects(doc, index, verb_lines) + _note_effects(doc, index, verb_lines)


__all__ = [
    "BEFORE",
    "OPEN_QUOTES",
    "VERB_LITERALS",
    "find_effects",
    "instruction_effects",
    "note_effects",
    "quoted_blocks",
]
