"""The legal bases of a TTHC record: the documents its "Căn cứ pháp lý" cells cite, numbered or
named, with their dates, and the earliest day a record can have been published
(:func:`published_not_before`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from parsers.citations import (
    NAMED_DOCUMENT_RE,
    REFERENCE_RE,
    STRONG_NUMBER,
    DocumentCitation,
    document_from_match,
    iter_references,
    parse_chain,
)
from parsers.dates import iter_dates, make_date
from parsers.normalize import fold, normalize_number, squash_spaces
from parsers.procedures import LegalBasis
from parsers.tthc_glued import unglue

# --- legal bases --------------------------------------------------------------------------------

_DATE_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:ngày\s+){1,2}(?:\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
# A document named without its number, then its number in parentheses or the next cell:
# "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ (Luật số 42/2024/QH15 …)".
_NUMBER_SOON = re.compile(r"^[^.;:\n]{0,160}?(?:\(|\n|;)\s*(?:[^\W\d_]+\s){0,3}(?:số\s*)?$")


def _dated(text: str, end: int) -> str:
    """The date written right after a citation ending at `end` ("ngày 16/01/2026"), or ""."""
    m = _DATE_AFTER.match(text, end)
    return m.group().strip(" ,") if m else ""


_CELL_NUMBER = re.compile(STRONG_NUMBER)
_NAME_TAIL = re.compile(
    r"[\s,;:(]*(?:số\s*)?$|\s*(?:ngày\s+)+[\d/ ]+(?:tháng[\d ]+năm[\d ]+)?[;,]?$", re.I
)


def _names(cells: str) -> dict[str, str]:
    """Names of the listed documents → their numbers: in the portal's table a document's name
    (or title) cell is followed by its number cell, so the text before each number on its line,
    or the line above when the number stands alone, names it."""
    out: dict[str, str] = {}
    lines = cells.split("\n")
    for i, line in enumerate(lines):
        for m in _CELL_NUMBER.finditer(line):
            before = _NAME_TAIL.sub("", line[: m.start()]).strip()
            if not before and m.start() == 0 and i > 0 and not _CELL_NUMBER.search(lines[i - 1]):
                before = lines[i - 1].strip()
            key = _name_key(before)
            if key and len(key) > 4:
                out.setdefault(key, normalize_number(m.group()))
    return out


def _name_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", fold(text)).split())


def _resolve(name: str, names: Mapping[str, str]) -> str:
    key = _name_key(name)
    if not key:
        return ""
    if key in names:
        return names[key]
    hits = {v for k, v in names.items() if k.startswith(key + " ") or key.startswith(k + " ")}
    return hits.pop() if len(hits) == 1 else ""


def _following_number(text: str, end: int) -> tuple[str, int]:
    """A number that closes a citation by name: "(Luật số 42/2024/QH15", or the next cell."""
    window = text[end : end + 220]
    for m in REFERENCE_RE.finditer(window):
        if not _NUMBER_SOON.match(window[: m.start()]):
            break
        cited = document_from_match(m)
        if cited is not None and cited.number and not m.group("chain"):
            return cited.number, end + m.end()
        break
    return "", end


_NAMED_AFTER = re.compile(
    rf"[ ](?:(?:của|tại)[ ])?{NAMED_DOCUMENT_RE.pattern}(?:,[^.;:()\n]{{0,120}}?(?=[ ]?\())?"
)


def _basis_key(b: LegalBasis) -> tuple[str, str]:
    return (b.document or _name_key(f"{b.doc_type} {b.text}"), b.unit)


def bases_in(
    text: str,
    *,
    documents: bool,
    names: Mapping[str, str] | None = None,
    dedupe: bool = True,
) -> list[LegalBasis]:
    """Legal bases cited in `text`: provisions (with the document they belong to) and, when
    `documents`, every document; numbers found for documents cited by name alone."""
    out: list[LegalBasis] = []
    seen: set[tuple[str, str]] = set()
    names = names or {}

    def add(b: LegalBasis) -> None:
        key = _basis_key(b)
        if dedupe and key in seen:
            return
        seen.add(key)
        out.append(b)

    skip_to = -1
    for m in iter_references(text):
        if m.start() < skip_to:
            continue
        cited = document_from_match(m)
        chain = m.group("chain")
        end = m.end()
        if cited is None and chain:
            # "khoản 1 Điều 18 Luật Quản lý, sử dụng vũ khí, … (Luật số 42/2024/QH15 …)": a name
            # the grammar stops at its first comma, the number later or in the listed cells.
            named = _NAMED_AFTER.match(text, end)
            if named is not None:
                cited = DocumentCitation(doc_type=named.group("t"), name=named.group("n").strip())
                end = named.end()
        if cited is None or cited.is_self:
            continue
        number = cited.number
        if not number:
            number, end = _following_number(text, end)
            if number:
                skip_to = end
            else:
                number = _resolve(f"{cited.doc_type} {cited.name}", names)
        if number and not _plausible(number):
            continue
        written = squash_spaces(text[m.start() : end])
        date_text = _dated(text, end)
        if date_text:
            written = f"{written} {date_text}"
        if chain:
            for path in parse_chain(chain):
                unit = path.unit_id()
                if unit and not path.relative() and number:
                    add(LegalBasis(written, number, cited.doc_type, unit, m.start(), end))
            continue
        if documents:
            add(LegalBasis(written, number, cited.doc_type, "", m.start(), end))
    return out


_PLAUSIBLE = re.compile(r"^\d{1,5}[a-z]?(?:\.\d{1,3})?/(?:(?:19|20)\d\d/)?[A-ZĐ][A-ZĐa-z0-9-]*$")


def _plausible(number: str) -> bool:
    """A number as documents print it (not the tail of a date or a form number)."""
    return bool(_PLAUSIBLE.match(number)) and not number.split("/")[-1][:1].isdigit()


def _merge_unnumbered(bases: list[LegalBasis]) -> list[LegalBasis]:
    """A document cited by name in one cell and by number in the next is one document."""
    numbered = [b for b in bases if b.document]
    out: list[LegalBasis] = []
    for b in bases:
        if not b.document and any(0 <= n.start - b.end <= 3 for n in numbered):
            continue
        out.append(b)
    return out


def _rows(text: str, bases: list[LegalBasis]) -> list[LegalBasis]:
    """The documents the table's rows list. A row is a name (or title) cell and a number cell:
    its document is the first cited in the row and the number that ends it; other documents a
    title names ("… sửa đổi Nghị định số 40/2016/NĐ-CP …") are mentions, not bases."""
    kept: list[LegalBasis] = []
    line_start = 0
    by_line: dict[int, list[LegalBasis]] = {}
    for b in bases:
        line_start = text.rfind("\n", 0, b.start) + 1
        by_line.setdefault(line_start, []).append(b)
    for start, found in by_line.items():
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        first = found[0]
        titled = bool(text[start : first.start].strip(" .;,:-()"))
        rest = text[found[-1].end : end]
        dated = _DATE_AFTER.match(rest)
        rest = rest[dated.end() :] if dated else rest
        closing = found[-1] if not rest.strip(" .;,:)") else None
        if closing is not None and (
            (titled and dated is not None)
            or (not titled and text[closing.start - 1 : closing.start].isspace())
        ):
            # "Nghị định số X … sửa đổi Nghị định số Y ngày …": the row is X's, Y a mention (a
            # number cell is glued to the name cell, and never followed by a date)
            closing = None
        if titled:
            # the row's name cell is a title: its own document is the number closing it; with
            # none, the number cell is on the next line and the title names only mentions
            if closing is None:
                continue
            first = closing
        if (
            closing is not None
            and closing is not first
            and first.document
            and closing.document.split("/")[:2] == first.document.split("/")[:2]
        ):
            first = closing  # "Nghị quyết số 190/2025/QH15 …" then "190/2025/NQ-QH15": one
        for b in found:
            if b.start == first.start or (closing is not None and b.start == closing.start):
                kept.append(b)
    return kept


def legal_bases_of(basis_field: str, requirements_field: str = "") -> list[LegalBasis]:
    """The record's legal bases: documents listed in `basis_field` (cells run together or not)
    and the provisions cited there or in `requirements_field`."""
    text = unglue(basis_field)
    listed = _rows(text, _merge_unnumbered(_all_citations(text)))
    # A name cell's number and the code cell after it spelt two ways ("190/2025/QH15" then
    # "190/2025/NQ-QH15") are one document: the code cell's spelling is kept.
    listed = [
        b
        for i, b in enumerate(listed)
        if not (
            i + 1 < len(listed)
            and b.document
            and b.document != listed[i + 1].document
            and "/" in b.document
            and b.document.split("/")[:2] == listed[i + 1].document.split("/")[:2]
            and b.document.count("/") == 2
        )
    ]
    names = _names(text)
    seen: set[tuple[str, str]] = set()
    out: list[LegalBasis] = []
    for b in listed:
        if _basis_key(b) not in seen:
            seen.add(_basis_key(b))
            out.append(b)
    for b in bases_in(requirements_field, documents=False, names=names):
        b.start = b.end = -1  # offsets of another field
        if _basis_key(b) not in seen:
            seen.add(_basis_key(b))
            out.append(b)
    return out


def _all_citations(text: str) -> list[LegalBasis]:
    """Every citation of `text` in order, repeats kept (a row repeats its number)."""
    return bases_in(text, documents=True, dedupe=False)


def basis_date(basis: LegalBasis) -> date | None:
    """The earliest day a cited document can bear: its date where written, else 1 January of
    the year in its number, else None."""
    for d, _s, _e in iter_dates(basis.text):
        return d
    m = re.search(r"/((?:19|20)\d\d)/", basis.document)
    return make_date(1, 1, int(m.group(1))) if m else None


def published_not_before(bases: Iterable[LegalBasis]) -> tuple[date | None, str]:
    """(day, document): the latest date among the cited documents, a lower bound on when this
    version of the procedure was published (it cannot cite what did not exist yet)."""
    best: tuple[date | None, str] = (None, "")
    for b in bases:
        d = basis_date(b)
        if d is not None and (best[0] is None or d > best[0]):
            best = (d, b.document)
    return best
