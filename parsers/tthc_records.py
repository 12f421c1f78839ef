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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from parsers.model import ParseWarning
from parsers.normalize import clean, fold, normalize_number, squash_spaces
from parsers.procedures import LegalBasis, Requirement, requirement_items
from parsers.tthc_glued import unglue
from parsers.tthc_legal_bases import basis_date, legal_bases_of, published_not_before

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
