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

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from parsers import wording
from parsers.citations import DOCUMENT_RE, document_from_match
from parsers.dates import parse_date
from parsers.model import Document, ParseWarning
from parsers.normalize import clean, fold, normalize_number, squash_spaces
from parsers.table_rows import Table, tables_in_text, tables_of

ACTIONS = ("new", "amended", "abolished", "standardised", "")


@dataclass(slots=True)
class Requirement:
    """One "Yêu cầu, điều kiện thực hiện" item: its text and span; `lead` the line introducing it."""

    text: str
    start: int
    end: int
    lead: str = ""


@dataclass(slots=True)
class LegalBasis:
    """A cited document (normalised number, or type + name when unnumbered) and unit id if given."""

    text: str
    document: str = ""
    doc_type: str = ""
    unit: str = ""
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Procedure:
    """One listed procedure. `code` the national code ("2.000674", "" when none); `action` one of
    :data:`ACTIONS`; `field` the lĩnh vực; `level` "tỉnh" / "huyện" / "xã" / "dùng chung" or ""."""

    code: str
    name: str
    action: str = ""
    field: str = ""
    level: str = ""
    requirements: list[Requirement] = dataclasses.field(default_factory=list)
    legal_bases: list[LegalBasis] = dataclasses.field(default_factory=list)
    start: int = -1


@dataclass(slots=True)
class ProcedureDecision:
    number: str
    province: str = ""
    province_code: str = ""
    signed: date | None = None
    procedures: list[Procedure] = dataclasses.field(default_factory=list)
    warnings: list[ParseWarning] = dataclasses.field(default_factory=list)


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


def _unit_before(text: str) -> str:
    m = re.search(
        r"(?:(?:điểm|Điểm)\s+(?P<diem>[a-zđ]\d?)\s+)?(?:(?:khoản|Khoản)\s+(?P<khoan>\d+[a-z]?)\s+)?"
        r"(?:Điều|điều)\s+(?P<dieu>\d+[a-z]?)\s*(?:của\s+|tại\s+)?$",
        text,
    )
    if not m:
        return ""
    parts = [f"dieu_{m.group('dieu')}"]
    if m.group("khoan"):
        parts.append(f"khoan_{m.group('khoan')}")
    if m.group("diem"):
        parts.append(f"diem_{m.group('diem')}")
    return "__".join(parts)


def legal_bases(text: str, offset: int = 0) -> list[LegalBasis]:
    """Documents cited in a "Căn cứ pháp lý" text, with the unit named just before each."""
    out: list[LegalBasis] = []
    seen: set[tuple[str, str]] = set()
    for m in DOCUMENT_RE.finditer(text):
        cited = document_from_match(m)
        if cited is None or cited.is_self:
            continue
        unit = _unit_before(text[max(0, m.start() - 60) : m.start()])
        key = (cited.number or fold(cited.doc_type + " " + cited.name), unit)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            LegalBasis(
                text=m.group().strip(),
                document=cited.number,
                doc_type=cited.doc_type,
                unit=unit,
                start=offset + m.start(),
                end=offset + m.end(),
            )
        )
    return out


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


# --- procedure bodies ---------------------------------------------------------------------------
#
# PHẦN II of a decision repeats each procedure with its fields ("Trình tự thực hiện", …, "Yêu cầu,
# điều kiện thực hiện", "Căn cứ pháp lý"). Provinces title a body in many ways: "1. Thủ tục: Cấp
# …", "1. Cấp … (Mã TTHC: 1.004616)", "1. Cấp … . Mã số: 1.004616", "Thủ tục 1: …", the name alone
# with the code on the next line ("Mã thủ tục: 1.004620", "(mã hồ sơ: …)"), or the name as listed in
# the table. So a title is any line that looks like one of these *and* is followed by field labels
# before the next title; the code is read from the title or the lines up to its first field.

_LABELS = (
    "trinh tu thuc hien", "cach thuc thuc hien", "thanh phan", "so luong ho so", "thoi han giai quyet",
    "doi tuong thuc hien", "co quan thuc hien", "co quan giai quyet", "ket qua thuc hien", "ket qua",
    "phi", "le phi", "ten mau don", "mau don", "dia diem thuc hien", "can cu phap ly", "co so phap ly",
    "yeu cau, dieu kien", "yeu cau dieu kien", "yeu cau hoac dieu kien", "dieu kien thuc hien",
)  # fmt: skip
_REQUIREMENTS_LABELS = ("yeu cau, dieu kien", "yeu cau dieu kien", "yeu cau hoac dieu kien", "dieu kien thuc hien")  # fmt: skip
_BASIS_LABELS = ("can cu phap ly", "co so phap ly")
_ANCHOR_LABELS = _REQUIREMENTS_LABELS + _BASIS_LABELS
# Leading decoration and list marker of a line ("## ", "**", "- ", "+ ", "a) ", "1. ", "Bước 1:").
_MARKER = re.compile(
    r"^[ \t>#*_]*(?P<m>[-+•–—*](?=\s)|[a-zđ]\)|[a-zđ]\.(?=\s)|\d{1,3}(?:\.\d{1,3})*[.)](?!\d)"
    r"|[ivxlc]{1,6}\.(?=\s))?[ \t*_]*"
)
_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(re.escape(x) for x in sorted(_LABELS, key=len, reverse=True)) + r")\b"
)
# A field label is followed by its colon soon ("Thành phần, số lượng hồ sơ:", "Phí, lệ phí (nếu có):").
_LABEL_COLON = re.compile(r"^[^:;\n]{0,45}:")
# The two fields read here take longer qualifiers ("… đối với tổ chức, cá nhân (nếu có):").
_ANCHOR_COLON = re.compile(r"^[^:;\n]{0,110}:")
# "Mã TTHC: 1.004616", "Mã số: …", "Mã thủ tục: …", "(mã hồ sơ …)", "Mã số TTHC …" (folded text).
_CODE_MARK = re.compile(r"\bma\b[^\n\d]{0,25}?(?P<code>\d\.\d{6})\b")
_CODE_PAREN = re.compile(r"\(\s*(?P<code>\d\.\d{6})(?:\.[0-9a-z]+)*\s*\)")
_THU_TUC = re.compile(r"^thu tuc\b(?:\s*(?:so\s*)?\d{1,3})?\s*[:.\-–]?\s*")
# Lines that end a body whatever follows: the next part of the annex, a form, the signature
# block, and group headings ("A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH", "II. LĨNH VỰC DƯỢC").
_HARD_END = re.compile(r"^(?:phan\s+(?:[ivxl]+|thu)\b|phu luc\b|noi nhan\b|mau so\b)")
_GROUP = re.compile(r"^(?:linh vuc|thu tuc hanh chinh (?:cap|thuoc|dung chung|lien thong))\b")
_NOTHING = re.compile(r"^khong(?: co)?(?: quy dinh)?(?: yeu cau(?:,? dieu kien)?)?(?: gi)?$")


def _marker_kind(marker: str | None) -> str:
    if not marker:
        return ""
    if marker[0].isdigit():
        return "number"
    if marker[0] in "-•–—":
        return "dash"
    if marker[0] in "+*":
        return "plus"
    return "roman" if marker[0] in "ivxlc" and len(marker) > 2 else "letter"


@dataclass(slots=True)
class _Line:
    """A line of the body part: offsets into the text, its folded content after the marker."""

    start: int
    end: int
    raw: str
    marker: str  # kind of list marker ("dash", "plus", "number", "letter", "roman", "")
    content: int  # offset of the content (after marker and decoration) in the text
    folded: str  # folded content, markup stripped
    label: str = ""  # field label the line starts with
    strong: bool = False  # label followed by its colon (or alone on the line)
    ends: bool = False  # ends any body (next part of the annex, group heading)


def _body_lines(text: str, table_spans: list[tuple[int, int]]) -> list[_Line]:
    spans = sorted(table_spans)
    out: list[_Line] = []
    pos = 0
    si = 0
    # One fold of the whole text; it keeps offsets on clean text, else each line is folded.
    folded_text = fold(text)
    aligned = len(folded_text) == len(text)
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        while si < len(spans) and spans[si][1] < start:
            si += 1
        if si < len(spans) and spans[si][0] <= start <= spans[si][1]:
            continue
        if not raw.strip():
            continue
        f = folded_text[start : start + len(raw)] if aligned else fold(raw)
        m = _MARKER.match(f)
        # The marker's offset holds in `raw` only when the fold kept the line's length.
        cut = m.end() if m and len(f) == len(raw) else 0
        marker = _marker_kind(m.group("m") if m and cut else None)
        folded = f[cut:] if cut or len(f) == len(raw) else fold(raw)
        if "**" in folded or "__" in folded:
            folded = folded.replace("**", "").replace("__", "")
        folded = squash_spaces(folded) if "  " in folded or "\t" in folded else folded.strip()
        line = _Line(start, start + len(raw), raw, marker, start + cut, folded)
        line.ends = bool(_HARD_END.match(folded)) or (
            len(folded) < 150
            and bool(_GROUP.match(folded))
            and (marker in ("letter", "roman") or raw.upper() == raw)
        )
        lm = _LABEL_RE.match(folded)
        if lm:
            rest = folded[lm.end() :]
            line.label = lm.group("label")
            anchor = line.label in _ANCHOR_LABELS
            line.strong = bool((_ANCHOR_COLON if anchor else _LABEL_COLON).match(rest)) or (
                not rest.strip(" .:")
            )
            # Without a colon, only a short phrase ("Căn cứ pháp lý của thủ tục hành chính")
            # reads as a field; a longer sentence is an item that starts with a field word.
            too_long = len(rest) > (120 if anchor else 60)
            if not line.strong and (too_long or rest.rstrip().endswith((";", ","))):
                line.label = ""
        out.append(line)
    return out


def _title_code(folded: str) -> str:
    m = _CODE_MARK.search(folded) or _CODE_PAREN.search(folded)
    return m.group("code") if m else ""


def _title_name(raw: str) -> str:
    """The procedure name in a title line: without number, "Thủ tục:" prefix and code part."""
    s = squash_spaces(raw.replace("**", "").replace("__", "")).strip(" #*>\t")
    s = re.sub(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|[ivxlcIVXLC]{1,6}\.)\s*", "", s)
    f = fold(s)
    t = _THU_TUC.match(f)
    if t and len(fold(s[: t.end()])) == t.end():
        s = s[t.end() :]
        f = f[t.end() :]
    # the code, with the suffix of its online-service form ("1.004616.000.00.00.H34")
    m = re.search(
        r"[\s.,;:\-–(\[]*\bma\b[^\n\d]{0,25}?\d\.\d{6}(?:\.[0-9a-z]+)*\b[\s)\].]*", f
    ) or re.search(r"\s*\(\s*\d\.\d{6}(?:\.[0-9a-z]+)*\s*\)\s*", f)
    if m:
        s = s[: m.start()] + s[m.end() :]
    return squash_spaces(s).strip(" .:-–")


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9đ]+", " ", fold(name)).strip()


def _code_only(ln: _Line) -> bool:
    """A line that only gives a code ("Mã thủ tục: 1.004620", "(mã hồ sơ: 1.004616)")."""
    return bool(_title_code(ln.folded)) and not _name_key(_title_name(ln.raw))


def _titles(lines: list[_Line], names: set[str]) -> list[int]:
    """Indexes of the lines that title a procedure body."""

    def eligible(ln: _Line) -> bool:
        return not ln.label and not ln.ends and ln.marker not in ("dash", "plus", "letter")

    candidates: list[int] = []
    for i, ln in enumerate(lines):
        if not eligible(ln) or len(ln.folded) > 600:
            continue
        if _code_only(ln):
            # The name is on the line above, the code under it.
            if i > 0 and eligible(lines[i - 1]) and (not candidates or candidates[-1] != i - 1):
                candidates.append(i - 1)
            continue
        nxt = i + 2 if i + 1 < len(lines) and _code_only(lines[i + 1]) else i + 1
        if (
            _title_code(ln.folded)
            or _THU_TUC.match(ln.folded)
            or (names and _name_key(_title_name(ln.raw)) in names)
            # a name (numbered or not) right before the first field of a body
            or (
                ln.marker in ("number", "roman", "")
                and nxt < len(lines)
                and lines[nxt].label == "trinh tu thuc hien"
            )
        ) and _name_key(_title_name(ln.raw)):
            candidates.append(i)
    # A title owns the field labels after it; one with none before the next title heads nothing.
    kept: list[int] = []
    for k, i in enumerate(candidates):
        nxt = candidates[k + 1] if k + 1 < len(candidates) else len(lines)
        if any(lines[j].label for j in range(i + 1, nxt)):
            kept.append(i)
    return kept


def _section_end(lines: list[_Line], i: int, stop: int) -> int:
    """Index of the line after the field section that starts at line `i` (a label line)."""
    item_marker: str | None = None
    for j in range(i + 1, stop):
        ln = lines[j]
        if ln.ends:
            return j
        if ln.label:
            # An item that happens to start with a field word ("Phí …") stays an item when it is
            # marked like the items before it and reads as a sentence, not a field.
            same = item_marker is not None and ln.marker == item_marker
            anchor = ln.label in _ANCHOR_LABELS
            if not same or anchor or ln.strong:
                return j
        if item_marker is None:
            item_marker = ln.marker
    return stop


def _section_items(
    text: str, lines: list[_Line], i: int, end: int
) -> list[tuple[int, int, str, str]]:
    """(start, end, text, marker kind) of a field's content: the rest of its label line (after
    the colon), then each of its lines without list marker and emphasis."""
    out: list[tuple[int, int, str, str]] = []
    head = lines[i]
    colon = head.raw.find(":", head.content - head.start)
    if colon >= 0:
        s = head.start + colon + 1
        inline = text[s : head.end].strip(" \t*_")
        if inline:
            s = text.index(inline, s)
            out.append((s, s + len(inline), inline, head.marker))
    for ln in lines[i + 1 : end]:
        content = text[ln.content : ln.end].rstrip().rstrip("*_").rstrip()
        if content:
            s = text.index(content, ln.content)
            out.append((s, s + len(content), content, ln.marker))
    return out


def _requirements(text: str, lines: list[_Line], i: int, end: int) -> list[Requirement]:
    out: list[Requirement] = []
    lead = ""
    items = _section_items(text, lines, i, end)
    marked = any(ln.marker for ln in lines[i + 1 : end])
    for k, (s, e, content, marker) in enumerate(items):
        if content[:1] in "Kk" and _NOTHING.match(fold(content).strip(" .;:")):
            continue
        if content.endswith(":"):
            lead = content
            continue
        # A line without a list marker that continues an item cut mid-sentence (a hard wrap).
        if out and k and marked and not marker and not out[-1].text.endswith((".", ";", ":")):
            prev = out[-1]
            out[-1] = Requirement(f"{prev.text} {content}", prev.start, e, prev.lead)
            continue
        out.append(Requirement(content, s, e, lead))
    return out


def _bodies(text: str, procedures: list[Procedure], table_spans: list[tuple[int, int]]) -> None:
    """Attach "Yêu cầu, điều kiện" and "Căn cứ pháp lý" sections to their procedures."""
    lines = _body_lines(text, table_spans)
    if not any(ln.label for ln in lines):
        return
    by_name: dict[str, Procedure] = {}
    for p in procedures:
        by_name.setdefault(_name_key(p.name), p)
    titles = _titles(lines, set(by_name) - {""})
    bounds = [*titles, len(lines)]
    attached: set[int] = set()
    for k, t in enumerate(titles):
        stop = bounds[k + 1]
        first_label = next((j for j in range(t + 1, stop) if lines[j].label), stop)
        code = ""
        for ln in lines[t:first_label]:
            code = _title_code(ln.folded)
            if code:
                break
        name = _title_name(lines[t].raw)
        proc = _match(procedures, by_name, code, name, attached)
        if proc is None:
            proc = Procedure(code=code, name=name or code, start=lines[t].start)
            procedures.append(proc)
        elif code and not proc.code:
            proc.code = code
        attached.add(id(proc))
        j = first_label
        while j < stop:
            ln = lines[j]
            if ln.ends:
                break
            if not ln.label:
                j += 1
                continue
            end = _section_end(lines, j, stop)
            if ln.label in _REQUIREMENTS_LABELS:
                proc.requirements.extend(_requirements(text, lines, j, end))
            elif ln.label in _BASIS_LABELS:
                # The table's basis column often cites the same documents: keep each once.
                seen = {(b.document or fold(b.text), b.unit) for b in proc.legal_bases}
                for s, _e, content, _m in _section_items(text, lines, j, end):
                    for basis in legal_bases(content, s):
                        key = (basis.document or fold(basis.text), basis.unit)
                        if key not in seen:
                            seen.add(key)
                            proc.legal_bases.append(basis)
            j = max(end, j + 1)


def _match(
    procedures: list[Procedure],
    by_name: dict[str, Procedure],
    code: str,
    name: str,
    attached: set[int],
) -> Procedure | None:
    """The listed procedure a body belongs to: by code (first one without a body), then by name."""
    if code:
        same = [p for p in procedures if p.code == code]
        if same:
            return next((p for p in same if id(p) not in attached), same[0])
    key = _name_key(name)
    if not key:
        return None
    if key in by_name:
        return by_name[key]
    for k, p in by_name.items():
        if (
            k
            and len(k) >= 12
            and (k in key or key in k)
            and not (code and p.code and p.code != code)
        ):
            return p
    return None


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
