"""Records of the national database of administrative procedures (CSDL quốc gia về TTHC).

The national public service portal publishes each procedure with its code ("1.003176"), name,
level ("Cấp bộ, Cấp tỉnh"), field, the ministry's publishing decision ("1523/QĐ-BCA-C06"), its
requirements ("Yêu cầu, điều kiện thực hiện") and its legal bases ("Căn cứ pháp lý"). Crawlers
export these as JSON, one record per file or one per line (JSONL), with the portal's fields
(``ma_thu_tuc``, ``ten_thu_tuc``, ``so_quyet_dinh``, ``cap_thuc_hien``, ``linh_vuc``,
``yeu_cau_dieu_kien``, ``can_cu_phap_ly``, …) and the portal's table cells run together without a
separator ("Tên văn bản pháp lýMã văn bảnNghị định 56/2023/NĐ-CP56/2023/NĐ-CP…"). The portal's own
Word export ("ChiTietTTHC_<mã>.doc") carries the same fields as labelled paragraphs and tables;
:func:`parse_detail_text` reads the text extracted from it.

Each record becomes a :class:`NationalProcedure`: a national publication of the procedure. Its
requirements are split as a province's are (:func:`parsers.procedures.requirement_items`); its
legal bases are the documents of ``can_cu_phap_ly`` plus the provisions the record cites in that
field or in its requirements ("các Điều 7, 8, 11, 13 Nghị định số 96/2016/NĐ-CP" → four), read
with the shared citation grammar (:mod:`parsers.citations`).

Records carry no publishing date. The cited documents bound it from below: a version citing a
decree of 16/01/2026 was published on or after that day (:func:`published_not_before`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

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
from parsers.model import ParseWarning
from parsers.normalize import clean, fold, normalize_number, squash_spaces
from parsers.procedures import LegalBasis, Requirement, requirement_items

# The portal's fields this module reads.
FIELDS = (
    "ma_thu_tuc",
    "ten_thu_tuc",
    "so_quyet_dinh",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "linh_vuc",
    "yeu_cau_dieu_kien",
    "can_cu_phap_ly",
    "thanh_phan_ho_so",
    "trinh_tu_thuc_hien",
    "co_quan_thuc_hien",
    "doi_tuong_thuc_hien",
)
LEVELS = {"cap bo": "bộ", "cap tinh": "tỉnh", "cap huyen": "huyện", "cap xa": "xã"}
OTHER_LEVEL = "khác"

_CODE = re.compile(r"^\d\.\d{6}$")
_CODE_IN = re.compile(r"\b\d\.\d{6}\b")
# What the portal writes for an empty field, folded, without punctuation.
_NONE = frozenset(
    {
        "",
        "khong",
        "khong co",
        "khong co thong tin",
        "khong quy dinh",
        "khog quy dinh",
        "khong co yeu cau",
        "khong yeu cau",
        "khong co quy dinh",
    }
)


class RecordError(ValueError):
    """A record that cannot be read; the message names the file (and line) and the reason."""


@dataclass(slots=True)
class NationalProcedure:
    """One procedure as the national database publishes it.

    `level` is the portal's text ("Cấp bộ, Cấp tỉnh"), `levels` its parts ("bộ", "tỉnh", "xã",
    "khác"); `publishing_decision` the normalised number of the ministry's decision; `ministry`
    the issuer code in it ("BCA"); `not_before`/`not_before_by`: see :func:`published_not_before`.
    """

    code: str
    name: str
    level: str = ""
    levels: tuple[str, ...] = ()
    field: str = ""
    kind: str = ""
    publishing_decision: str = ""
    ministry: str = ""
    requirements: list[Requirement] = dataclasses.field(default_factory=list)
    legal_bases: list[LegalBasis] = dataclasses.field(default_factory=list)
    not_before: date | None = None
    not_before_by: str = ""
    source: str = ""
    warnings: list[ParseWarning] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form `dkkd parse --json` prints (see the README)."""
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "levels": list(self.levels),
            "field": self.field,
            "kind": self.kind,
            "publishing_decision": self.publishing_decision,
            "ministry": self.ministry,
            "requirements": [r.text for r in self.requirements],
            "legal_bases": [
                {
                    "document": b.document,
                    "doc_type": b.doc_type,
                    **({"unit": b.unit} if b.unit else {}),
                    "text": b.text,
                }
                for b in self.legal_bases
            ],
            "published_not_before": self.not_before.isoformat() if self.not_before else None,
            "published_not_before_by": self.not_before_by,
            "warnings": [w.message for w in self.warnings],
        }


# --- fields -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A field's value as cleaned text (NFC, plain spaces); lists joined by lines."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value).strip()
    if isinstance(value, (list, tuple)):
        return "\n".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, (int, float)):
        return str(value)
    return clean(json.dumps(value, ensure_ascii=False))


# Labels of the page's next fields that the crawler sometimes ran into a field's text.
_BLEED = re.compile(r"Từ khóa|Mô tả|Chọn cơ quan thực hiện")


def is_none(text: str) -> bool:
    """Whether a field's text is the portal's "nothing here" ("Không có thông tin", "Không."),
    also when the crawler ran the next fields' empty values into it."""
    return all(re.sub(r"[^\w ]+", "", fold(part)).strip() in _NONE for part in _BLEED.split(text))


def levels_of(level: str) -> tuple[str, ...]:
    """("bộ", "tỉnh") of "Cấp bộ, Cấp tỉnh"; "Cơ quan khác" is "khác"."""
    f = fold(level)
    out = [v for k, v in LEVELS.items() if k in f]
    if "co quan khac" in f or (f.strip() and not out):
        out.append(OTHER_LEVEL)
    return tuple(out)


_DECISION_ISSUER = re.compile(r"Q[ĐD]-?(?P<issuer>[A-ZĐ]+)")


def ministry_of_decision(number: str) -> str:
    """The issuer code of a publishing decision: "1523/QĐ-BCA-C06" → "BCA"."""
    m = _DECISION_ISSUER.search(number.upper())
    return m.group("issuer") if m else ""


# --- the crawler's run-together table cells ---------------------------------------------------

# A number's issuer glued to the next cell: "NĐ-CP56/2023/…" (a number), "QH1341/2013/…",
# "NĐ-CPLuật …", "TT-BCAThông tư …", "QĐ-TTgThông …" (a capitalised word), "29/6/202443/2024/QH15"
# (a date's year, then a number).
_GLUE_NUMBER = re.compile(
    r"(?<=[A-ZĐ])(?<!QH)(?=\d{1,5}[a-z]?[ ]?/[ ]?(?:(?:19|20)\d\d(?:[ ]?/|(?!\d))|[A-ZĐ]))"
    r"|(?<=QH\d\d)(?=\d{1,5}[a-z]?/)"
    r"|(?<=\b(?:19|20)\d\d)(?=\d{1,3}/(?:19|20)\d\d/QH)"
    r"|(?<=TTg)(?=[A-ZĐ0-9])"
    r"|(?<=\b\d/\d/\d{4})(?=\d)|(?<=\b\d\d/\d/\d{4})(?=\d)"
    r"|(?<=\b\d/\d\d/\d{4})(?=\d)|(?<=\b\d\d/\d\d/\d{4})(?=\d)"
)
_GLUE_WORD = re.compile(r"(?<=[A-ZĐ0-9])(?=[A-ZĐ](?:[^\W\d_A-ZĐ]{2}|[^\W\d_A-ZĐ](?=[ ,.;])))")
# A title glued to the next cell's document: "… thực vậtNghị định số 33/2026/NĐ-CP",
# "… thực vậtsố 07/2026/TT-BNNMT"; a number glued to the next title: "QH15quy định …".
_GLUE_LOWER = re.compile(
    r"(?:(?<=[^\W\d_A-ZĐ])|(?<=[.;]))"
    r"(?=(?:Nghị định|Nghị quyết|Thông tư|Quyết định|Luật|Bộ luật|Pháp lệnh|số[ ]?\d)\b)"
    r"|(?<=[^\W\d_A-ZĐ])(?=\d{1,5}(?:\.\d{1,3})?[a-z]?/(?:(?:19|20)\d\d/)?[A-ZĐ]{1,8}[-\d])"
    r"|(?<=\b(?:19|20)\d\d[.;])(?=\d{1,5}[a-z]?/)|(?<=\d/\d{4};)(?=[ ]?\S)"
)
_GLUE_TAIL = re.compile(r"(?<=[A-ZĐ0-9])(?=[^\W\d_A-ZĐ]{2})")
# "NĐ-CP - Quy định …": a title after a dash, not an issuer segment.
_GLUE_DASH = re.compile(r"(?<=[A-ZĐ0-9])[ ]?[-–][ ]?(?=[A-ZĐ][^\W\d_A-ZĐ])")
# A document type in capitals glued to a number: "15/2018/NĐ-CPNGHỊ ĐỊNH 155/2018/NĐ-CP".
_GLUE_TYPE = re.compile(
    r"(?<=[A-ZĐ0-9])(?=(?:NGHỊ ĐỊNH|NGHỊ QUYẾT|THÔNG TƯ|QUYẾT ĐỊNH|BỘ LUẬT|LUẬT|PHÁP LỆNH|QUY ĐỊNH|SỬA ĐỔI|HƯỚNG DẪN|BAN HÀNH|VỀ)\b)"
)
_HEADER = re.compile(r"Tên văn bản pháp lý\s*(?:Mã văn bản)?|Mã văn bản", re.IGNORECASE)
# Two-consonant onsets a Vietnamese word may start with ("Thông", "Nghị", "Quy", "Trồng").
_ONSETS = frozenset({"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"})
_VOWELS = frozenset("aeiouy")


def unglue(text: str) -> str:
    """The crawler's run-together cells with a line break between them."""
    text = _HEADER.sub("\n", text)
    text = _GLUE_NUMBER.sub("\n", text)
    text = _GLUE_TYPE.sub("\n", text)
    text = _GLUE_DASH.sub("\n", text)
    text = _GLUE_LOWER.sub("\n", text)

    def word(m: re.Match[str]) -> str:
        # Only after an issuer code (upper-case letters, digits, "-"), never inside a word, and
        # only where a Vietnamese word can start ("BNNMTsửa" is "BNNMT" + "sửa", not "Tsửa").
        start = m.start()
        k = start
        while k > 0 and (text[k - 1].isupper() or text[k - 1].isdigit() or text[k - 1] == "-"):
            k -= 1
        token = text[k:start]
        if text.startswith("Tg", start):  # the Prime Minister's "QĐ-TTg"
            return ""
        pair = fold(text[start : start + 2])
        onset = pair[1:] in _VOWELS or pair in _ONSETS
        return "\n" if onset and ("-" in token or token.startswith("QH")) else ""

    text = _GLUE_WORD.sub(word, text)

    def tail(m: re.Match[str]) -> str:
        # "QH15quy định", "TT-BNNMTsửa đổi": a title glued after a number, unless the last
        # capital starts the word ("NĐ-CPLuật" was split before "L" above).
        start = m.start()
        k = start
        while k > 0 and (text[k - 1].isupper() or text[k - 1].isdigit() or text[k - 1] == "-"):
            k -= 1
        token = text[k:start]
        if not ("-" in token or token.startswith("QH")) or "/" not in text[max(0, k - 6) : k]:
            return ""
        if fold(text[start : start + 4]) == "ngay":  # "TT-BCAngày 01/7/2025": the same cell
            return ""
        if text[start - 1].isdigit():
            return "\n"
        pair = fold(text[start - 1 : start + 1])
        return "" if pair[1:] in _VOWELS or pair in _ONSETS else "\n"

    return _GLUE_TAIL.sub(tail, text)


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


# --- records ------------------------------------------------------------------------------------


def looks_like_record(obj: Any) -> bool:
    """Whether a JSON value is a national TTHC record (has a code and a name field)."""
    return isinstance(obj, Mapping) and "ma_thu_tuc" in obj and "ten_thu_tuc" in obj


def parse_record(obj: Mapping[str, Any], source: str = "<record>") -> NationalProcedure:
    """One record (the portal's fields) → a national procedure publication.

    Raises :class:`RecordError` only when the value is not a record at all; a record with odd
    fields parses with warnings."""
    if not isinstance(obj, Mapping):
        raise RecordError(
            f"{source}: một bản ghi phải là đối tượng JSON, không phải {type(obj).__name__}"
        )
    if not looks_like_record(obj):
        raise RecordError(
            f"{source}: không phải bản ghi thủ tục hành chính (không có trường 'ma_thu_tuc' và 'ten_thu_tuc')"
        )
    f = {k: _text(obj.get(k)) for k in FIELDS}
    return procedure_of_fields(f, source)


def procedure_of_fields(f: Mapping[str, str], source: str) -> NationalProcedure:
    """The procedure of a record's fields as cleaned text (shared by JSON and the Word layout)."""
    warnings: list[ParseWarning] = []
    raw_code = f.get("ma_thu_tuc", "")
    code = raw_code if _CODE.match(raw_code) else ""
    if not code:
        found = _CODE_IN.search(raw_code)
        code = found.group() if found else ""
        warnings.append(
            ParseWarning("bad_code", f"{source}: procedure code {raw_code!r} is not d.dddddd", -1)
        )
    decision_raw = squash_spaces(f.get("so_quyet_dinh", ""))
    decision = normalize_number(decision_raw) if decision_raw else ""
    if not decision or "/" not in decision:
        warnings.append(
            ParseWarning(
                "bad_decision",
                f"{source}: publishing decision {decision_raw!r} is not a document number",
                -1,
            )
        )
    req_text = f.get("yeu_cau_dieu_kien", "")
    requirements = [] if is_none(req_text) else requirement_items(req_text)
    requirements = [r for r in requirements if not is_none(r.text)]
    bases = legal_bases_of(f.get("can_cu_phap_ly", ""), "" if is_none(req_text) else req_text)
    not_before, by = published_not_before(bases)
    level = squash_spaces(f.get("cap_thuc_hien", ""))
    name = squash_spaces(f.get("ten_thu_tuc", ""))
    if not name:
        warnings.append(ParseWarning("no_name", f"{source}: procedure has no name", -1))
    return NationalProcedure(
        code=code,
        name=name,
        level=level,
        levels=levels_of(level),
        field=squash_spaces(f.get("linh_vuc", "")),
        kind=squash_spaces(f.get("loai_thu_tuc", "")),
        publishing_decision=decision,
        ministry=ministry_of_decision(decision),
        requirements=requirements,
        legal_bases=bases,
        not_before=not_before,
        not_before_by=by,
        source=source,
        warnings=warnings,
    )


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RecordError(
            f"{name}: không phải văn bản UTF-8 (byte {e.start}), không phải bản ghi JSON"
        ) from e


def read_records(data: bytes | str, name: str) -> list[NationalProcedure]:
    """Every record of a file: one JSON record, a JSON list of records, or JSONL (one a line).

    Raises :class:`RecordError` naming the file (and line) for text that is not JSON or JSON
    that is not a record; an empty file or list is an error too (nothing to ingest)."""
    text = _decode(data, name)
    if not text.strip():
        raise RecordError(f"{name}: tệp rỗng, không có nội dung")
    try:
        whole: Any = json.loads(text)
    except json.JSONDecodeError as e:
        whole = None
        lines = [(i, ln) for i, ln in enumerate(text.splitlines(), 1) if ln.strip()]
        if len(lines) < 2:
            raise RecordError(
                f"{name}: không đọc được JSON (lỗi cú pháp ở dòng {e.lineno}, cột {e.colno})"
            ) from e
        out = []
        for i, line in lines:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as le:
                raise RecordError(
                    f"{name}: dòng {i} không đọc được JSON (lỗi cú pháp ở cột {le.colno})"
                ) from le
            out.append(parse_record(obj, f"{name}:{i}"))
        return out
    if isinstance(whole, list):
        if not whole:
            raise RecordError(f"{name}: danh sách rỗng, không có bản ghi nào")
        return [parse_record(obj, f"{name}[{i}]") for i, obj in enumerate(whole)]
    return [parse_record(whole, name)]


def is_record_file(data: bytes, name: str) -> bool:
    """Whether a .json/.jsonl file holds TTHC records: its first value is an object with the
    record's code field (wherever the crawler put it), or, for text that is not valid JSON, an
    object that names that field (so a damaged record file is refused as a record, with the
    record reader's reason)."""
    if b'"ma_thu_tuc"' not in data:
        return False
    text = data.decode("utf-8-sig", errors="ignore")
    first: Any = None
    try:
        first = json.loads(text)
    except json.JSONDecodeError:
        line = next((ln for ln in text.splitlines() if ln.strip()), "")
        try:
            first = json.loads(line)
        except json.JSONDecodeError:
            head = text.lstrip().lstrip("[").lstrip()
            return head.startswith("{")
    if isinstance(first, list):
        first = first[0] if first else None
    return isinstance(first, Mapping) and "ma_thu_tuc" in first


# --- the portal's Word layout (ChiTietTTHC_<mã>.doc) --------------------------------------------

# Labels of the portal's detail page and Word export, folded, → record field.
_DETAIL_LABELS: tuple[tuple[str, str], ...] = (
    ("ten thu tuc", "ten_thu_tuc"),
    ("ma thu tuc", "ma_thu_tuc"),
    ("ma tthc", "ma_thu_tuc"),
    ("so quyet dinh", "so_quyet_dinh"),
    ("cap thuc hien", "cap_thuc_hien"),
    ("loai thu tuc", "loai_thu_tuc"),
    ("linh vuc", "linh_vuc"),
    ("trinh tu thuc hien", "trinh_tu_thuc_hien"),
    ("cach thuc thuc hien", "cach_thuc_thuc_hien"),
    ("thanh phan ho so", "thanh_phan_ho_so"),
    ("doi tuong thuc hien", "doi_tuong_thuc_hien"),
    ("co quan thuc hien", "co_quan_thuc_hien"),
    ("co quan co tham quyen", "co_quan_co_tham_quyen"),
    ("dia chi tiep nhan", "dia_chi_tiep_nhan"),
    ("co quan duoc uy quyen", "co_quan_duoc_uy_quyen"),
    ("co quan phoi hop", "co_quan_phoi_hop"),
    ("ket qua thuc hien", "ket_qua_xu_ly"),
    ("can cu phap ly", "can_cu_phap_ly"),
    ("yeu cau, dieu kien thuc hien", "yeu_cau_dieu_kien"),
    ("yeu cau dieu kien thuc hien", "yeu_cau_dieu_kien"),
    ("yeu cau, dieu kien", "yeu_cau_dieu_kien"),
    ("thu tuc hanh chinh lien quan", "thu_tuc_lien_quan"),
    ("tu khoa", "tu_khoa"),
    ("mo ta", "mo_ta"),
)
_DETAIL_RE = re.compile(
    r"^[\s|*#>_-]*(?P<label>"
    + "|".join(re.escape(k) for k, _v in sorted(_DETAIL_LABELS, key=lambda kv: -len(kv[0])))
    + r")\b[^:|\n]{0,25}?(?:\s*[:|]|\s*$)",
)
_DETAIL_FIELD = dict(_DETAIL_LABELS)


def detail_fields(text: str) -> dict[str, str]:
    """The fields of a ChiTietTTHC text: each known label at a line's start ("Mã thủ tục:",
    "| Căn cứ pháp lý | …", or alone on its line) opens a field that runs to the next label."""
    text = clean(text)
    folded = fold(text)
    out: dict[str, list[str]] = {}
    current = ""
    pos = 0
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        line_f = folded[start : start + len(raw)] if len(folded) == len(text) else fold(raw)
        m = _DETAIL_RE.match(line_f)
        if m and len(fold(raw)) == len(raw):
            current = _DETAIL_FIELD[m.group("label")]
            out.setdefault(current, [])
            rest = raw[m.end() :].strip(" |*\t")
            if rest:
                out[current].append(rest)
            continue
        if current:
            line = raw.strip()
            if line.startswith("|"):
                # A table row: its cells, as the crawler would have run them together.
                cells = [c.strip() for c in line.strip("|").split("|")]
                if all(set(c) <= set("-: ") for c in cells):
                    continue
                line = " ; ".join(c for c in cells if c)
            if line:
                out[current].append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def parse_detail_text(text: str, source: str = "<ChiTietTTHC>") -> NationalProcedure:
    """A procedure from the text of the portal's ChiTietTTHC Word export (see :func:`detail_fields`).

    Raises :class:`RecordError` when the text has no procedure code and name."""
    fields = detail_fields(text)
    if not fields.get("ma_thu_tuc") and not fields.get("ten_thu_tuc"):
        raise RecordError(
            f"{source}: không có mục 'Mã thủ tục' hay 'Tên thủ tục': không phải tệp ChiTietTTHC"
        )
    code = _CODE_IN.search(fields.get("ma_thu_tuc", ""))
    if code:
        fields["ma_thu_tuc"] = code.group()
    return procedure_of_fields(fields, source)


_SO_LINE = re.compile(r"^[\s|*#]*Số\s*:", re.MULTILINE)


def looks_like_detail_text(text: str) -> bool:
    """Whether a text reads as a ChiTietTTHC export: labelled fields up front (a code under "Mã
    thủ tục", a name, a publishing decision, a level) and no decision header ("Số: …/QĐ-UBND"),
    so that a provincial decision whose tables say "Mã thủ tục | Tên thủ tục" is not taken."""
    head = text[:6000]
    f = fold(head)
    if "ma thu tuc" not in f or "so quyet dinh" not in f or _SO_LINE.search(clean(head)):
        return False
    fields = detail_fields(head)
    return (
        bool(_CODE_IN.search(fields.get("ma_thu_tuc", "")[:40]))
        and bool(fields.get("ten_thu_tuc"))
        and bool(fields.get("so_quyet_dinh"))
        and "cap_thuc_hien" in fields
    )


__all__ = [
    "FIELDS",
    "NationalProcedure",
    "RecordError",
    "basis_date",
    "detail_fields",
    "is_record_file",
    "legal_bases_of",
    "looks_like_detail_text",
    "looks_like_record",
    "parse_detail_text",
    "parse_record",
    "published_not_before",
    "read_records",
    "unglue",
]
