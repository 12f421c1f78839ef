"""Provincial decisions publishing administrative procedures (Quyết định công bố TTHC).

A province re-publishes national procedures (codes such as 2.000674) in a decision whose annex
lists them in tables "STT | Mã TTHC | Tên TTHC | … | Căn cứ pháp lý", grouped by rows such as
"A. Thủ tục hành chính cấp tỉnh", "I. Lĩnh vực …" and by section headings "DANH MỤC THỦ TỤC HÀNH
CHÍNH MỚI BAN HÀNH / ĐƯỢC SỬA ĐỔI, BỔ SUNG / BỊ BÃI BỎ / ĐƯỢC CHUẨN HÓA". Where the decision
carries the procedure bodies, each has "Yêu cầu, điều kiện thực hiện" (the requirements the
diff engine compares with national conditions) and "Căn cứ pháp lý" (the cited documents).

Input is cleaned text (Markdown pipe tables or embedded HTML tables, e.g. MinerU OCR) or a parsed
Document. OCR splits syllables ("Qu ả ng Ngãi"), so names are re-joined before the province
lookup; an unnumbered draft ("Số: /QĐ-UBND") gets an empty number and a warning.

Interface: :func:`parse_procedures` (text) and :func:`procedures_of` (Document) →
:class:`ProcedureDecision`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parsers import wording
from parsers.dates import parse_date
from parsers.model import Document, ParseWarning
from parsers.normalize import clean, fold, normalize_number, squash_spaces
from parsers.procedure_bodies import _bodies, _body_lines, _requirements, legal_bases
from parsers.procedure_model import ACTIONS, LegalBasis, Procedure, ProcedureDecision, Requirement
from parsers.table_rows import Table, tables_in_text, tables_of

_CODE = re.compile(r"\b\d\.\d{6}\b")
_NUMBER_LINE = re.compile(r"Số\s*:?\s*(?P<n>[^\s|,]*/[^\s|,]*)", re.IGNORECASE)
_ISSUER = re.compile(
    r"(?:uy ban nhan dan|ubnd)\s+(?:tinh|thanh pho|tp\.?)\s+(?P<name>[a-z][a-z \-]{1,30}?)\s*(?:-{2,}|\||\n|$)"
)
_PLACE_DATE = re.compile(
    r"(?P<place>[^\n|,]{2,40}),\s*ngày\s*(?P<date>\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|\d{1,2}/\d{1,2}/\d{4})?",
    re.IGNORECASE,
)
_STT = re.compile(r"^\d{1,3}\.?$")


def _despace(name: str) -> str:
    """Re-join OCR-split syllables: "Qu ả ng Ngãi" → "Quảng Ngãi"."""
    prev = None
    s = squash_spaces(name)
    while prev != s:
        prev = s
        s = re.sub(r"(?<=\w) (\w) (?=\w)", lambda m: m.group(1) + "\x00", s, count=1)
        s = s.replace("\x00 ", "").replace("\x00", "")
    return s


def _province(text: str, on: date | None) -> tuple[str, str]:
    from parsers.provinces import find_province, lookup

    head = text[:4000]
    m = _PLACE_DATE.search(head)
    if m:
        place = squash_spaces(m.group("place").strip(" |#*"))
        for candidate in (place, _despace(place)):
            p = lookup(candidate, on)
            if p is not None:
                return candidate, p.code
    f = fold(head)
    for im in _ISSUER.finditer(f):
        written = squash_spaces(head[im.start("name") : im.end("name")])
        p = find_province(_despace(written), on)
        if p is not None:
            return written, p.code
    p = find_province(head, on)
    return (p.name, p.code) if p else ("", "")


def _header(text: str, source: str) -> tuple[str, date | None, list[ParseWarning]]:
    warnings: list[ParseWarning] = []
    number = ""
    m = _NUMBER_LINE.search(text[:4000])
    if m:
        raw = m.group("n").strip()
        if raw.startswith("/") or not raw[:1].isdigit():
            warnings.append(
                ParseWarning(
                    "unnumbered",
                    f"{source}: decision has no number ({m.group().strip()!r})",
                    m.start(),
                )
            )
        else:
            number = normalize_number(raw)
    else:
        warnings.append(ParseWarning("no_number", f"{source}: no 'Số:' line", -1))
    signed = None
    pm = _PLACE_DATE.search(text[:4000])
    if pm and pm.group("date"):
        signed = parse_date("ngày " + pm.group("date"))
    return number, signed, warnings


_ABOLISH = wording.folded(wording.ABOLISH_VERBS)
_CHANGE = wording.folded(wording.CHANGE_VERBS)


def _action_of(folded: str) -> str:
    if any(map(folded.__contains__, _ABOLISH)):
        return "abolished"
    if any(map(folded.__contains__, _CHANGE)):
        return "amended"
    if "moi ban hanh" in folded or re.search(r"\bmoi\b", folded):
        return "new"
    if "chuan hoa" in folded:
        return "standardised"
    return ""


def _level_of(folded: str) -> str:
    for key, level in (
        ("dung chung", "dùng chung"),
        ("cap tinh", "tỉnh"),
        ("cap huyen", "huyện"),
        ("cap xa", "xã"),
    ):
        if key in folded:
            return level
    return ""


def _field_of(text: str) -> str:
    f = fold(text)
    i = f.find("linh vuc")
    if i < 0:
        return ""
    name = text[i + len("linh vuc") :].strip(" :.-")
    name = re.sub(r"\s*\(\s*\d+\s*TTHC\s*\)\s*$", "", name, flags=re.IGNORECASE)
    return squash_spaces(name)


@dataclass(slots=True)
class _Cols:
    stt: int = 0
    code: int = -1
    name: int = -1
    basis: int = -1
    header_rows: int = 0


def _columns(rows: list[list[str]]) -> _Cols | None:
    cols = _Cols()
    for i, row in enumerate(rows[:3]):
        found = False
        for j, cell in enumerate(row):
            f = fold(cell).strip()
            if cols.name < 0 and re.search(r"\bten\b.*\b(?:tthc|thu tuc)\b", f):
                cols.name, found = j, True
            elif (
                cols.code < 0
                and re.search(r"\bma\b", f)
                and ("tthc" in f or "thu tuc" in f or "so" in f)
            ):
                cols.code, found = j, True
            elif cols.basis < 0 and ("can cu" in f or "vbqppl" in f or "van ban quy" in f):
                cols.basis, found = j, True
            elif f in ("stt", "tt", "so tt"):
                cols.stt, found = j, True
        if found:
            cols.header_rows = i + 1
    return cols if cols.name >= 0 else None


def _context_before(text: str, start: int, prev_end: int) -> str:
    return fold(text[max(prev_end, start - 600) : start])


def _table_procedures(text: str, tables: list[Table]) -> list[Procedure]:
    out: list[Procedure] = []
    prev_end = 0
    for table in tables:
        cols = _columns(table.rows)
        if cols is None:
            prev_end = table.end
            continue
        section = _context_before(text, table.start, prev_end)
        # The nearest heading before the table names its action.
        action = ""
        for line in reversed(section.split("\n")):
            action = _action_of(line) if ("danh muc" in line or "thu tuc" in line) else ""
            if action:
                break
        level = field_ = ""
        for r, row in enumerate(table.rows[cols.header_rows :], cols.header_rows):
            cells = [squash_spaces(c) for c in row]
            stt = cells[cols.stt] if cols.stt < len(cells) else ""
            name = cells[cols.name] if cols.name < len(cells) else ""
            if _STT.match(stt) and name and name != stt:
                code_cell = cells[cols.code] if 0 <= cols.code < len(cells) else ""
                m = _CODE.search(code_cell) or _CODE.search(" ".join(cells[: cols.name]))
                # Merged header cells shift data columns right: read the basis column onwards.
                basis_text = " ".join(cells[cols.basis :]) if cols.basis >= 0 else ""
                out.append(
                    Procedure(
                        code=m.group() if m else "",
                        name=name,
                        action=action,
                        field=field_,
                        level=level,
                        legal_bases=legal_bases(basis_text),
                        start=table.row_starts[r] if r < len(table.row_starts) else table.start,
                    )
                )
                continue
            # A group row: its text is in the STT cell or the first filled cell.
            group = " ".join(dict.fromkeys(c for c in cells if c))
            g = fold(group)
            if not group or _CODE.search(group):
                continue
            if "linh vuc" in g:
                field_ = _field_of(group)
                level = _level_of(g) or level
            elif _level_of(g):
                level = _level_of(g)
            if ("thu tuc" in g or "danh muc" in g) and _action_of(g):
                action = _action_of(g)
        prev_end = table.end
    return out


def parse_procedures(
    text: str, source: str = "<text>", *, tables: list[Table] | None = None
) -> ProcedureDecision:
    """The decision's number, province, date and procedures (from tables and bodies)."""
    text = clean(text)
    number, signed, warnings = _header(text, source)
    province, code = _province(text, signed)
    found = tables if tables is not None else tables_in_text(text)
    procedures = _table_procedures(text, found)
    _bodies(text, procedures, [(t.start, t.end) for t in found])
    if not procedures:
        warnings.append(
            ParseWarning("no_procedures", f"{source}: no procedure table or body found", -1)
        )
    return ProcedureDecision(number, province, code, signed, procedures, warnings)


def procedures_of(doc: Document) -> ProcedureDecision:
    tables = tables_of(doc)
    # Table units carry no row offsets; text tables do, so prefer them when they exist.
    text_tables = tables_in_text(doc.text)
    return parse_procedures(doc.text, doc.source, tables=text_tables or tables)


def requirement_items(section: str, offset: int = 0) -> list[Requirement]:
    """The items of one "Yêu cầu, điều kiện thực hiện" section's content, split as in a decision's
    procedure bodies (one item a line, wrapped lines re-joined, lead lines ending in ":" kept as
    each item's `lead`, "Không"/"Không quy định" meaning none). Offsets are into `section` plus
    `offset`. National TTHC records use it so that their items read like a province's."""
    label = "Yêu cầu, điều kiện thực hiện:\n"
    text = label + section
    lines = _body_lines(text, [])
    if not lines:
        return []
    # The whole section belongs to the label line: no later line ends it.
    items = _requirements(text, lines, 0, len(lines))
    for r in items:
        r.start += offset - len(label)
        r.end += offset - len(label)
    return items


__all__ = [
    "ACTIONS",
    "LegalBasis",
    "Procedure",
    "ProcedureDecision",
    "Requirement",
    "legal_bases",
    "parse_procedures",
    "procedures_of",
    "requirement_items",
]
