"""Goods subject to specialised inspection (kiểm tra chuyên ngành, KTCN), by HS code.

Two sources:

- legal texts: the appendix tables of circulars and decisions that list goods ("Mã HS | Mô tả
  hàng hóa | Hình thức kiểm tra | Cơ quan kiểm tra"). Columns are found by header names, and the
  HS column also by content (the column whose cells read as HS codes), because headers vary and
  OCR mangles them. A code split over three columns ("7204 | 10 | 00") is joined; merged group
  rows whose code is a chapter or heading ("02 | Thịt và phụ phẩm") become prefix items that
  cover every line below them; rows without a code inherit nothing and are skipped.
- the compiled list `ktcn-hs-codes-by-chapter.jsonl` and its `ktcn-reference.json`
  (:func:`read_compiled`, :func:`read_reference`).

:func:`cut_lines` answers what an amending text that replaces or trims a list cuts: the old
lines that no line of the new list covers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parsers.hs_codes import HsCodeError, join_columns, parse_hs
from parsers.model import Document
from parsers.normalize import clean, fold, squash_spaces
from parsers.table_rows import Table, tables_of


@dataclass(slots=True)
class KtcnItem:
    """One line of a KTCN list.

    `hs`: 8 digits, or a 2/4/6-digit prefix covering the lines below; `partial`: marked "ex";
    `name`: the goods as the list names them (a table's goods column, the compiled list's `ten`);
    `description`: what the list says of the line (the compiled list's requirement, else the name);
    `inspection_type`: as written in the list (or the compiled list's code, e.g.
    ``kiem_dich_dong_vat``); `agency`: the managing body as written or its code ("BNNPTNT");
    `list_document`: normalised number of the document that lists it; `list_part`: which list
    within that document ("M1", "PL2"); `unit_id`: the table unit it was read from.
    """

    hs: str
    description: str = ""
    name: str = ""
    inspection_type: str = ""
    agency: str = ""
    list_document: str = ""
    list_part: str = ""
    unit_id: str = ""
    partial: bool = False


class KtcnError(ValueError):
    """A list that cannot be read; the message names the source and the problem."""


_HS_HEADER = re.compile(
    r"\b(?:ma\s*(?:so\s*)?hs|hs\s*code|ma\s*hang(?:\s*hoa)?|ma\s*so\s*hang\s*hoa)\b|^hs$"
)
_DESC_HEADER = re.compile(
    r"\b(?:mo ta|ten hang|ten san pham|ten hang hoa|hang hoa|san pham|ten goi|ten)\b"
)
_TYPE_HEADER = re.compile(
    r"\b(?:hinh thuc|loai kiem tra|bien phap|phuong thuc|bien phap quan ly|yeu cau quan ly|quy chuan|kiem tra)\b"
)
_AGENCY_HEADER = re.compile(r"\b(?:co quan|don vi|bo quan ly|bo nganh)\b")
_SUBCODE_HEADER = re.compile(r"^(?:nhom|phan nhom|chuong|ma nhom|ma phan nhom)$")


@dataclass(slots=True)
class _Columns:
    hs: list[int] = field(default_factory=list)
    description: int = -1
    inspection_type: int = -1
    agency: int = -1
    header_rows: int = 0


def _looks_like_code(cell: str) -> bool:
    s = cell.strip()
    if not s or len(s) > 16:
        return False
    try:
        parse_hs(s)
    except HsCodeError:
        return False
    return True


def _pair(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{2}", cell.strip()))


def find_columns(rows: Sequence[Sequence[str]]) -> _Columns | None:
    """Which columns hold the code (one or three), description, type and agency; None if no HS column."""
    cols = _Columns()
    width = max((len(r) for r in rows), default=0)
    # Header: the first rows that contain no code.
    for i, row in enumerate(rows[:4]):
        folded = [fold(c).strip() for c in row]
        if any(_looks_like_code(c) for c in row[:4]) and i > 0:
            break
        named = False
        for j, f in enumerate(folded):
            if not f:
                continue
            if _HS_HEADER.search(f) or _SUBCODE_HEADER.match(f):
                if j not in cols.hs:
                    cols.hs.append(j)
                named = True
            elif cols.agency < 0 and _AGENCY_HEADER.search(f):
                cols.agency, named = j, True
            elif cols.inspection_type < 0 and _TYPE_HEADER.search(f):
                cols.inspection_type, named = j, True
            elif cols.description < 0 and _DESC_HEADER.search(f):
                cols.description, named = j, True
        if named:
            cols.header_rows = i + 1
    body = rows[cols.header_rows :]
    if not cols.hs:
        # By content: the column with most cells reading as HS codes.
        scores = [
            sum(1 for r in body if j < len(r) and _looks_like_code(r[j])) for j in range(width)
        ]
        if not scores or max(scores) < max(1, len(body) // 3):
            return None
        cols.hs = [scores.index(max(scores))]
    cols.hs.sort()
    # A code split over columns: the named (merged) header spans a 4-digit cell and two pairs.
    first = cols.hs[0]
    if len(cols.hs) == 1 and first + 2 < width:
        split = sum(
            1
            for r in body
            if len(r) > first + 2
            and re.fullmatch(r"\d{4}", r[first].strip())
            and _pair(r[first + 1])
        )
        if split and split >= len(body) // 2:
            cols.hs = [first, first + 1, first + 2]
    if cols.description < 0:
        # The widest text column that is not a code column.
        lengths = [
            sum(len(r[j]) for r in body if j < len(r)) if j not in cols.hs else -1
            for j in range(width)
        ]
        lengths = [
            n if j not in (cols.inspection_type, cols.agency) else -1 for j, n in enumerate(lengths)
        ]
        if lengths and max(lengths) > 0:
            cols.description = lengths.index(max(lengths))
    return cols


def _cell(row: Sequence[str], j: int) -> str:
    return squash_spaces(row[j]) if 0 <= j < len(row) else ""


def items_from_rows(
    rows: Sequence[Sequence[str]],
    *,
    list_document: str = "",
    unit_id: str = "",
    agency: str = "",
    inspection_type: str = "",
) -> list[KtcnItem]:
    """Items of one table. `agency`/`inspection_type` apply where the table has no such column."""
    cols = find_columns(rows)
    if cols is None:
        return []
    out: list[KtcnItem] = []
    for row in rows[cols.header_rows :]:
        cells = [_cell(row, j) for j in cols.hs]
        raw = " ".join(cells).strip()
        if not raw:
            continue
        try:
            if len(cells) > 1:
                code = parse_hs(join_columns(cells))
                partial = bool(re.match(r"(?i)\s*ex\b", cells[0]))
            else:
                code = parse_hs(cells[0])
                partial = code.partial
        except HsCodeError:
            continue  # group titles, notes, totals
        goods = _cell(row, cols.description)
        out.append(
            KtcnItem(
                hs=code.digits,
                description=goods,
                name=goods,
                inspection_type=_cell(row, cols.inspection_type) or inspection_type,
                agency=_cell(row, cols.agency) or agency,
                list_document=list_document,
                unit_id=unit_id,
                partial=partial,
            )
        )
    return out


# A list's title names its inspection: "… phải kiểm tra (nhà nước về) chất lượng khi nhập khẩu".
_TITLE_TYPES = {
    "chat luong": "Kiểm tra chất lượng",
    "an toan thuc pham": "Kiểm tra an toàn thực phẩm",
    "hieu suat nang luong": "Kiểm tra hiệu suất năng lượng",
    "kiem dich dong vat": "Kiểm dịch động vật",
    "kiem dich thuc vat": "Kiểm dịch thực vật",
    "kiem dich thuy san": "Kiểm dịch thủy sản",
}
_TITLE_TYPE = re.compile(
    r"phai (?:duoc )?(?:(?:kiem tra )?(?:nha nuoc )?(?:ve )?)"
    r"(chat luong|an toan thuc pham|hieu suat nang luong|kiem dich (?:dong vat|thuc vat|thuy san))"
)


def inspection_type_of(title: str) -> str:
    """The inspection a list's title names ("… phải kiểm tra chất lượng khi nhập khẩu" →
    "Kiểm tra chất lượng"), the last one named; "" when it names none (or only "chuyên ngành")."""
    found = _TITLE_TYPE.findall(" ".join(fold(title).split()))
    return _TITLE_TYPES[found[-1]] if found else ""


def items_of(
    doc: Document, *, list_document: str | None = None, agency: str = ""
) -> list[KtcnItem]:
    """Items of every HS table of a parsed document (numbered by its metadata unless given).

    `agency` is the managing body of tables without an agency column (the issuer's ministry); a
    table without an inspection-type column takes the type its title names (the heading just
    above it, else the document's title), else none (the list it replaces may tell).
    """
    number = doc.metadata.number if list_document is None else list_document
    out: list[KtcnItem] = []
    for table in tables_of(doc):
        above = doc.text[max(0, table.start - 800) : table.start] if table.start > 0 else ""
        kind = inspection_type_of(above) or inspection_type_of(doc.metadata.title)
        out.extend(_items_of_table(table, number, agency, kind))
    return out


def _items_of_table(table: Table, number: str, agency: str, kind: str = "") -> list[KtcnItem]:
    return items_from_rows(
        table.rows, list_document=number, unit_id=table.unit_id, agency=agency, inspection_type=kind
    )


def _key(item: KtcnItem) -> tuple[str, str]:
    return item.hs, fold(item.inspection_type).strip()


def cut_lines(old: Sequence[KtcnItem], new: Sequence[KtcnItem]) -> list[KtcnItem]:
    """Lines of `old` that `new` (the replacing or trimmed list) no longer lists.

    A line stays if some new line covers its code (equal, or a shorter prefix) with the same
    inspection type, or with no type stated on either side.
    """
    by_type: dict[str, list[str]] = {}
    for item in new:
        by_type.setdefault(fold(item.inspection_type).strip(), []).append(item.hs)
    untyped = by_type.get("", [])
    cut: list[KtcnItem] = []
    for item in old:
        kind = fold(item.inspection_type).strip()
        candidates = by_type.get(kind, []) + (
            untyped if kind else [c for v in by_type.values() for c in v]
        )
        if not any(item.hs.startswith(c) for c in candidates):
            cut.append(item)
    return cut


# --- the compiled list -------------------------------------------------------------------------


def read_compiled(path: str | Path) -> Iterator[KtcnItem]:
    """One item per (HS line × requirement) of the compiled `ktcn-hs-codes-by-chapter.jsonl`.

    Fields (PROVENANCE.md §5): `hs`, `ten` (line name), `ktcn[]` with `mo_ta`, `van_ban`,
    `danh_muc`, `co_quan`, `loai`, `don_vi`. The name is `ten` without the tariff's level dashes
    ("- - Loại khác" → "Loại khác"); the description is the requirement's `mo_ta`, else the name. Raises :class:`KtcnError` naming the file and line on malformed input.
    """
    p = Path(path)
    try:
        handle = p.open(encoding="utf-8")
    except OSError as e:
        raise KtcnError(f"{p}: không đọc được tệp: {e.strerror or e}") from e
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                hs = parse_hs(str(record["hs"]))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise KtcnError(f"{p}:{n}: dòng không đúng dạng danh mục KTCN: {e}") from e
            except HsCodeError as e:
                raise KtcnError(f"{p}:{n}: {e}") from e
            name = clean(str(record.get("ten") or "")).lstrip("- ").strip()
            for req in record.get("ktcn") or []:
                van_ban = clean(str(req.get("van_ban") or "")).strip()
                number, _, part = van_ban.partition(" ")
                yield KtcnItem(
                    hs=hs.digits,
                    description=clean(str(req.get("mo_ta") or "")) or name,
                    name=name,
                    inspection_type=str(req.get("loai") or ""),
                    agency=str(req.get("co_quan") or ""),
                    list_document=_normalize_doc(number),
                    list_part=str(req.get("danh_muc") or part or ""),
                    partial=hs.partial,
                )


def _normalize_doc(number: str) -> str:
    from parsers.normalize import normalize_number

    return normalize_number(number) if "/" in number else number


@dataclass(slots=True)
class KtcnReference:
    """`ktcn-reference.json`: agencies (code → name, units), inspection types (code → name,
    agency, legal bases by tier), and list documents (number → agency, part → type)."""

    agencies: dict[str, str] = field(default_factory=dict)
    types: dict[str, dict[str, object]] = field(default_factory=dict)
    documents: dict[str, dict[str, object]] = field(default_factory=dict)

    def type_name(self, code: str) -> str:
        return str(self.types.get(code, {}).get("ten", ""))


def read_reference(path: str | Path) -> KtcnReference:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise KtcnError(f"{p}: không đọc được tệp JSON: {e}") from e
    if not isinstance(data, dict) or "co_quan" not in data:
        raise KtcnError(f"{p}: không phải tệp tham chiếu KTCN (không có mục 'co_quan')")
    return KtcnReference(
        agencies={k: str(v.get("ten", "")) for k, v in data.get("co_quan", {}).items()},
        types=dict(data.get("loai_ktcn", {})),
        documents={_normalize_doc(k): v for k, v in data.get("van_ban_mapping", {}).items()},
    )
