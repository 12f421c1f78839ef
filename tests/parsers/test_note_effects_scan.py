"""`effects_from_notes._note_effects` reads only the note lines among the verb lines, and asks a unit's note
whether it stands on a note line only when it has "bởi ": the same effects as reading every note
line and every unit's note."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import notes
from parsers.effects import from_notes as effects_from_notes
from parsers.effects import lines as effects_lines
from parsers.effects import units as effects_units
from parsers.model import Document, Effect, Unit, UnitKind
from parsers.pipeline import parse_bytes
from tests.conftest import real_file


def _plain_note_effects(doc: Document) -> list[Effect]:
    found: list[Effect] = []
    seen: set[int] = set()
    for start, line_effects in notes.iter_note_line_effects(doc.text):
        seen.add(start)
        found.extend(line_effects)
    for unit in doc.units:
        if not unit.note:
            continue
        pos = doc.text.find(unit.note.strip(), unit.start, max(unit.end, unit.start + 1))
        if pos in seen:
            continue
        parsed = notes.parse_note(unit.note.strip(), pos)
        if parsed:
            seen.add(pos)
            found.extend(notes.note_effects(parsed))
    return found


_BY = (
    "(Điều 4 Nghị định số 10/2030/NĐ-CP, có nội dung bị bãi bỏ bởi Điều 2 Nghị định số "
    "11/2031/NĐ-CP)"
)
_LINES = [
    _BY,
    "(Khoản 2 Điều 5 Luật số 54/2014/QH13, có nội dung được sửa đổi bởi Điều 1 Luật số 9/2020/QH14)",
    "(Điều 6 Thông tư số 3/2019/TT-BTC, có hiệu lực thi hành kể từ ngày 01/01/2020)",
    "(Điều 7 Thông tư số 3/2019/TT-BTC, được thay thế bởi Điều 3 Thông tư số 4/2021/TT-BTC)",
    "(Điều 8 Thông tư số 3/2019/TT-BTC, có nội dung khác bởi Điều 3 Thông tư số 4/2021/TT-BTC)",
    " (Điều 9 Nghị định số 10/2030/NĐ-CP, bị bãi bỏ bởi Điều 2 Nghị định số 11/2031/NĐ-CP)",
    "Điều 2. Sửa đổi khoản 1 Điều 3",
    "Nội dung khác.",
    "",
]


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    lines = draw(st.lists(st.sampled_from(_LINES), min_size=1, max_size=10))
    text = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    units = []
    for n in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(lines) - 1))
        b = draw(st.integers(a, len(lines) - 1))
        start = starts[a]
        end = starts[b] + len(lines[b])
        span = text[start:end]
        note = draw(
            st.sampled_from(
                [span, lines[b], lines[a] + "\n" + _BY, _BY, _BY.replace(" bởi", ""), "", "  "]
            )
        )
        units.append(Unit(id=f"dieu_{n}", kind=UnitKind.DIEU, start=start, end=end, note=note))
    return Document(source="t.md", format="md", text=text, units=units)


@settings(max_examples=400, deadline=None)
@given(_documents())
def test_note_effects_as_plain(doc: Document) -> None:
    index = effects_units._UnitIndex(doc.units)
    got = effects_from_notes._note_effects(doc, index, effects_lines._verb_lines(doc.text))
    assert got == _plain_note_effects(doc)


@pytest.mark.parametrize(
    "name", ["phapdien-hoa-chat.md", "phapdien-45.11-phong-chong-tac-hai-ruou-bia.md"]
)
def test_note_effects_on_real_text(name: str) -> None:
    doc = parse_bytes(real_file(name).read_bytes(), name)
    index = effects_units._UnitIndex(doc.units)
    assert effects_from_notes._note_effects(
        doc, index, effects_lines._verb_lines(doc.text)
    ) == _plain_note_effects(doc)
