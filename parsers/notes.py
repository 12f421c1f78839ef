"""Source notes: where a codified article comes from and what later changed it.

Two kinds of text record amendments after the fact. The Bộ pháp điển puts a note under every article:
"(Điều 14 Nghị định số 54/2017/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/07/2017, có nội dung bị bãi
bỏ bởi Điều 4 Nghị định số 155/2018/NĐ-CP có hiệu lực thi hành kể từ ngày 12/11/2018)". A consolidated
text (VBHN) has footnotes: "[3] Khoản này được sửa đổi theo quy định tại khoản 1 Điều 1 của Nghị
định số 77/2024/NĐ-CP …, có hiệu lực kể từ ngày 01 tháng 7 năm 2024." Both become effects with
source "note"; "có nội dung bị bãi bỏ" (part of the article) is told apart from "bị bãi bỏ" (all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from parsers import wording
from parsers.citations import (
    CHAIN_RE,
    DOCUMENT_RE,
    NUMBER,
    TYPE,
    document_from_match,
    parse_chain,
)
from parsers.dates import parse_date
from parsers.model import Effect, Op
from parsers.normalize import normalize_number

# Operation words of a note, as the notes spell them, to the effect operation.
_FAVOUR, _FORCE = wording.BY_FAVOUR, wording.BY_FORCE
NOTE_OPS: dict[str, Op] = {
    f"{_FAVOUR} {wording.AMEND}": Op.AMEND,
    f"{_FAVOUR} {wording.INSERT}": Op.INSERT,
    f"{_FORCE} {wording.REPEAL}": Op.REPEAL,
    f"{_FAVOUR} {wording.REPEAL}": Op.REPEAL,
    f"{_FORCE} {wording.ANNUL}": Op.REPEAL,
    f"{_FAVOUR} {wording.REPLACE}": Op.AMEND,
    f"{_FORCE} {wording.REPLACE}": Op.AMEND,
    f"{_FORCE} {wording.SUSPEND}": Op.SUSPEND,
}
_NOTE_VERBS = wording.alternation(wording.NOTE_VERBS)
_OP_RE = re.compile(
    rf"(?P<voice>{_FAVOUR}/{_FORCE}|{_FAVOUR}|{_FORCE})[ ](?P<verbs>(?:(?:{_NOTE_VERBS})"
    r"(?:,[ ]|[ ]và[ ])?)+)"
)
_VERB_RE = re.compile(_NOTE_VERBS)
_EFFECTIVE_RE = re.compile(
    r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày[ ]?([\d/.\-]+|\d{1,2} tháng \d{1,2} năm \d{4})"
)
# Head of a pháp điển note: "(Điều 14 Nghị định số 54/2017/NĐ-CP" (also "Khoản 2 Điều 5 …").
_HEAD_RE = re.compile(
    rf"^\((?P<chain>(?:(?:Điểm|Khoản|Điều|điểm|khoản)[ ]\S+[ ])+)(?P<doc>{TYPE}[ ](?:số[ ](?:liên tịch[ ])?)?{NUMBER})"
)
# A pháp điển note on its own line.
NOTE_LINE_RE = re.compile(
    rf"^\((?:(?:Điểm|Khoản|Điều|điểm|khoản)[ ]\S+[ ])+{TYPE}[ ](?:số[ ](?:liên tịch[ ])?)?{NUMBER}[^\n]*\)[ ]*$",
    re.MULTILINE,
)
# A VBHN footnote: "[3] Khoản này được sửa đổi theo quy định tại …".
FOOTNOTE_RE = re.compile(
    r"^\[(?P<n>\d+)\][ ]?(?P<what>Điều|Khoản|Điểm|Tiết|Chương|Mục|Phụ lục|Phần|Cụm từ|Từ)[^\n]{0,40}?"
    r"(?:này)?[ ](?P<ops>(?:được|bị)[ ][^\n]*?)(?:[ ]theo quy định tại|[ ]bởi|[ ]tại)[ ](?P<rest>[^\n]*)$",
    re.MULTILINE,
)


@dataclass(slots=True)
class SourceNote:
    """A parsed source note or footnote."""

    text: str
    start: int = -1
    end: int = -1
    # The provision the note is about: in a pháp điển note, where the article came from.
    source_document: str = ""
    source_doc_type: str = ""
    source_unit: str = ""
    source_article: str = ""
    source_effective: date | None = None
    # Operation phrases in note order, normalised ("được sửa đổi", "bị bãi bỏ").
    operations: list[str] = field(default_factory=list)
    # "có nội dung …": only part of the provision was changed.
    partial: bool = False
    # The document and unit that made the change ("bởi Điều 4 Nghị định số 155/2018/NĐ-CP").
    amended_by: str = ""
    amended_by_type: str = ""
    amended_by_unit: str = ""
    amended_effective: date | None = None
    # Footnotes: the marker number ("[3]") and the kind of unit it annotates ("Khoản").
    footnote: str = ""
    footnote_kind: str = ""


def _first_doc(text: str) -> tuple[str, str, int, int]:
    """(number, type, start, end) of the first document cited by number in `text`."""
    for m in DOCUMENT_RE.finditer(text):
        cited = document_from_match(m)
        if cited and cited.number:
            return cited.number, cited.doc_type, m.start(), m.end()
    return "", "", -1, -1


def _unit_before(text: str) -> str:
    """Unit id of the provision chain that ends `text` ("Điều 4 " -> "dieu_4")."""
    best = ""
    for m in CHAIN_RE.finditer(text):
        if text[m.end() :].strip(" ,") == "" or m.end() >= len(text.rstrip()) - 1:
            paths = parse_chain(m.group())
            if paths:
                best = paths[0].unit_id()
    return best


def _operations(segment: str) -> tuple[list[str], bool]:
    ops: list[str] = []
    partial = False
    for m in _OP_RE.finditer(segment):
        voices = (
            [_FAVOUR, _FORCE] if m.group("voice") == f"{_FAVOUR}/{_FORCE}" else [m.group("voice")]
        )
        for verb in _VERB_RE.findall(m.group("verbs")):
            for voice in voices:
                phrase = f"{voice} {verb}"
                if phrase in NOTE_OPS and phrase not in ops:
                    ops.append(phrase)
                    break
            else:
                phrase = f"{_FORCE if verb in wording.FORCE_VOICE_VERBS else _FAVOUR} {verb}"
                if phrase not in ops:
                    ops.append(phrase)
        prefix = segment[max(0, m.start() - 12) : m.start()]
        if "nội dung" in prefix:
            partial = True
    return ops, partial


def _note_head(text: str) -> tuple[re.Match[str] | None, str]:
    """The head match of a note (None: not a note) and the note's body without parentheses."""
    body = text.strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1].strip()
    return _HEAD_RE.match("(" + body), body


def parse_note(text: str, start: int = -1) -> SourceNote | None:
    """Parse a pháp điển source note (with or without its parentheses); None if it is not one."""
    return _parse_note(text, start, _NoteParts())


def _parse_note(text: str, start: int, parts: _NoteParts) -> SourceNote | None:
    head, body = _note_head(text)
    if not head:
        return None
    note = SourceNote(text=text, start=start, end=start + len(text) if start >= 0 else -1)
    note.source_unit, note.source_article = parts.get(_chain_source, head.group("chain").strip())
    note.source_document, note.source_doc_type = parts.get(_document_of, head.group("doc"))
    rest = body[head.end() - 1 :]
    by = rest.find("bởi ")
    effective, operations, note.partial = parts.get(_source_part, rest if by < 0 else rest[:by])
    note.source_effective, note.operations = effective, list(operations)
    if by >= 0:
        amendment = parts.get(_amendment, rest[by + 4 :])
        note.amended_by, note.amended_by_type, note.amended_by_unit = amendment[:3]
        note.amended_effective = amendment[3]
    return note


_T = TypeVar("_T")


class _NoteParts:
    """Parses of the parts of notes that repeat across one text's notes, each done once: a
    code's notes cite a few documents, and most changes are "bởi" the same few articles."""

    def __init__(self) -> None:
        self._done: dict[tuple[Callable[[str], Any], str], Any] = {}

    def get(self, parse: Callable[[str], _T], part: str) -> _T:
        """``parse(part)`` (a pure function of the part's text)."""
        key = (parse, part)
        if key not in self._done:
            self._done[key] = parse(part)
        return cast(_T, self._done[key])


def _source_part(before: str) -> tuple[date | None, tuple[str, ...], bool]:
    """Effective date, operations and partiality a note states before "bởi" (", có hiệu lực …,
    có nội dung được sửa đổi"): the same in the notes of every article of one source text."""
    m = _EFFECTIVE_RE.search(before)
    operations, partial = _operations(before)
    return (parse_date(m.group(1)) if m else None), tuple(operations), partial


def _chain_source(chain: str) -> tuple[str, str]:
    """Unit id and article of the provision chain of a note's head."""
    paths = parse_chain(chain)
    return (paths[0].unit_id(), paths[0].dieu) if paths else ("", "")


def _document_of(doc: str) -> tuple[str, str]:
    """Number and type of the document of a note's head."""
    number, dtype, _s, _e = _first_doc(doc)
    return number, dtype


def _amendment(after: str) -> tuple[str, str, str, date | None]:
    """Number, type, unit and effective date of the change a note's "bởi <after>" names."""
    number, dtype, s, e = _first_doc(after)
    unit = ""
    effective = None
    if s >= 0:
        unit = _unit_before(after[:s])
        m = _EFFECTIVE_RE.search(after, e)
        if m:
            effective = parse_date(m.group(1))
    return number, dtype, unit, effective


def parse_footnote(text: str, start: int = -1) -> SourceNote | None:
    """Parse a VBHN footnote ("[3] Khoản này được sửa đổi theo quy định tại …")."""
    m = FOOTNOTE_RE.match(text.strip())
    if not m:
        return None
    note = SourceNote(
        text=text,
        start=start,
        end=start + len(text) if start >= 0 else -1,
        footnote=m.group("n"),
        footnote_kind=m.group("what"),
    )
    ops_text = m.group("ops")
    note.operations, note.partial = _operations(ops_text)
    if not note.operations:
        return None
    rest = m.group("rest")
    number, dtype, s, e = _first_doc(rest)
    note.amended_by, note.amended_by_type = number, dtype
    if s >= 0:
        note.amended_by_unit = _unit_before(re.sub(r"[ ]của[ ]?$", " ", rest[:s]))
        d = _EFFECTIVE_RE.search(rest, e)
        if d:
            note.amended_effective = parse_date(d.group(1))
    return note


def _line_matches(rx: re.Pattern[str], text: str, opener: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a MULTILINE pattern that starts with ``^`` + `opener` and never
    crosses a line: only lines starting with `opener` are tried, instead of the regex engine
    testing every position of the text. The opener is found by a single-character search (a
    memchr in C, several times faster than a search for newline + opener) and kept where a
    newline precedes it."""
    pos = text.find(opener)
    while pos >= 0:
        if pos == 0 or text[pos - 1] == "\n":
            m = rx.match(text, pos)
            if m is not None:
                yield m
                pos = text.find(opener, max(m.end(), pos + 1))
                continue
        pos = text.find(opener, pos + 1)


def iter_note_lines(text: str) -> Iterator[SourceNote]:
    """Every pháp điển note standing on its own line in `text`, with its span."""
    for m in _line_matches(NOTE_LINE_RE, text, "("):
        note = parse_note(m.group().rstrip(), m.start())
        if note:
            yield note


def _note_line_at(text: str, start: int) -> re.Match[str] | None:
    """The NOTE_LINE_RE match of the line starting at `start` (None: not a note line)."""
    if start < 0 or not text.startswith("(", start) or (start and text[start - 1] != "\n"):
        return None
    return NOTE_LINE_RE.match(text, start)


def is_note_line(text: str, start: int) -> bool:
    """Whether a note line (one that :func:`iter_note_lines` yields) starts at `start`."""
    return _note_line_at(text, start) is not None


def iter_note_line_effects(
    text: str, starts: Iterable[int] | None = None
) -> Iterator[tuple[int, list[Effect]]]:
    """(start, effects) of every note :func:`iter_note_lines` yields, the effects being
    ``note_effects(note)``; with `starts` (ascending line starts), of those among them only.

    Most pháp điển notes only say where an article came from: without "bởi …" a note records no
    change, and nothing is parsed: all :func:`parse_note` needs to accept a note is its head
    (_HEAD_RE), which every NOTE_LINE_RE line has (the same pattern up to the number, which ends
    in a letter or digit, so the trimmed head text still holds it). The parts that repeat across
    the text's notes are parsed once.
    """
    parts = _NoteParts()
    if starts is None:
        matches: Iterable[re.Match[str] | None] = _line_matches(NOTE_LINE_RE, text, "(")
    else:
        matches = (_note_line_at(text, p) for p in starts)
    for m in matches:
        if m is None:
            continue
        note_text = m.group().rstrip()
        if "bởi " not in note_text:
            yield m.start(), []
            continue
        note = _parse_note(note_text, m.start(), parts)
        if note:
            yield note.start, note_effects(note)


def iter_footnotes(text: str) -> Iterator[SourceNote]:
    for m in _line_matches(FOOTNOTE_RE, text, "["):
        note = parse_footnote(m.group(), m.start())
        if note:
            yield note


def note_effects(
    note: SourceNote,
    *,
    target_document: str = "",
    target_unit: str = "",
    by_unit_fallback: str = "",
) -> list[Effect]:
    """One effect per operation the note records (a note without "bởi …" records none)."""
    if not note.operations or not note.amended_by:
        return []
    effects: list[Effect] = []
    for phrase in note.operations:
        op = NOTE_OPS.get(phrase)
        if op is None:
            continue
        effects.append(
            Effect(
                op=op,
                target_document=target_document or note.source_document,
                target_unit=target_unit or note.source_unit,
                by_document=note.amended_by,
                by_unit=note.amended_by_unit or by_unit_fallback,
                effective=note.amended_effective,
                evidence=note.text.strip(),
                evidence_start=note.start,
                evidence_end=note.end,
                source="note",
                partial=note.partial,
            )
        )
    return effects


_VBHN_BASE_RE = re.compile(
    rf"^(?P<doc>{TYPE}[ ]số[ ]{NUMBER})[^\n]*?được sửa đổi, bổ sung(?: bởi)?", re.MULTILINE
)


def consolidated_base(text: str) -> str:
    """The document a VBHN consolidates ("Nghị định số 75/2021/NĐ-CP …, được sửa đổi, bổ sung bởi:")."""
    m = _VBHN_BASE_RE.search(text, 0, 20000)
    if not m:
        return ""
    number, _t, _s, _e = _first_doc(m.group("doc"))
    return number


def number_of(text: str) -> str:
    number, _t, _s, _e = _first_doc(text)
    return number or normalize_number(text)
