"""The bodies of the procedures a provincial decision carries: their titles and codes, the
"Yêu cầu, điều kiện thực hiện" requirements, and the documents of "Căn cứ pháp lý"
(:func:`legal_bases`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.citations import DOCUMENT_RE, document_from_match
from parsers.normalize import fold, squash_spaces
from parsers.procedure_model import LegalBasis, Procedure, Requirement


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
