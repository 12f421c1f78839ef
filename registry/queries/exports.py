"""Gap listings as CSV and Excel files: the columns reform officers read, under Vietnamese headers.

One column list serves both files and the scan's CSV report (``registry.scan.reports``): a header row
in Vietnamese, provisions as legal citations (``parsers.citation_text``), statuses and kinds in
the words of ``registry.labels``. The Excel file types its cells (dates are dates, counts are
numbers), filters and freezes its header row and sizes its columns; the CSV writes dates as
dd/mm/yyyy, as a Vietnamese spreadsheet reads them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from registry import labels


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[Mapping[str, Any]], Any]
    kind: str = "text"  # text | date | int | float | long (wrapped text)
    width: int = 14


def _get(key: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda r: r.get(key)


def _province(r: Mapping[str, Any]) -> str:
    return str(r.get("province_written") or r.get("province_name") or r.get("province_code") or "")


def _change(r: Mapping[str, Any]) -> str:
    if r.get("effect_op"):
        return labels.label(labels.EFFECT_OP, r.get("effect_op"))
    return labels.label(labels.PROCEDURE_ACTION, r.get("national_action"))


def _changed_by(r: Mapping[str, Any]) -> str:
    if r.get("effect_citation"):
        return labels.cap(str(r["effect_citation"]))
    return labels.cap(str(r.get("national_citation") or "")) if r.get("kind") == "procedure" else ""


COLUMNS: tuple[Column, ...] = (
    Column("Số", _get("id"), "int", 7),
    Column("Loại khoảng trống", lambda r: labels.label(labels.GAP_KIND, r.get("kind")), width=26),
    Column("Tỉnh (như văn bản ghi)", _province, width=16),
    Column("Mã tỉnh (cũ)", _get("province_code"), width=8),
    Column("Tỉnh hiện nay", _get("successor_name"), width=16),
    Column("Mã tỉnh hiện nay", _get("successor_code"), width=8),
    Column("Quyết định của tỉnh", _get("provincial_document"), width=16),
    Column("Ngày ký", _get("provincial_signed"), "date", 11),
    Column("Mã TTHC", _get("procedure_code"), width=11),
    Column("Tên thủ tục", _get("procedure_name"), "long", 36),
    Column("Yêu cầu trong thủ tục của tỉnh", _get("requirement_text"), "long", 48),
    Column(
        "Quy định trung ương",
        lambda r: labels.cap(r.get("national_citation") or r.get("condition_citation") or ""),
        "long",
        34,
    ),
    Column("Nội dung điều kiện hiện hành", _get("condition_text"), "long", 48),
    Column("Bộ quản lý", lambda r: labels.ministry_label(r.get("ministry")), width=24),
    Column("Thay đổi", lambda r: _change(r), width=14),
    Column("Văn bản thay đổi", lambda r: _changed_by(r), "long", 34),
    Column("Ngày hiệu lực của thay đổi", _get("effective"), "date", 12),
    Column("Số ngày chậm", _get("days_overdue"), "int", 9),
    Column("Điểm khớp", _get("score"), "float", 9),
    Column(
        "Trạng thái rà soát",
        lambda r: labels.label(labels.REVIEW_STATE, r.get("review_state")),
        width=14,
    ),
    Column("Đã giải quyết ở lần rà soát", _get("resolved_scan_id"), "int", 10),
    Column("Khóa (máy đọc)", _get("key"), width=12),
)
HEADERS = tuple(c.header for c in COLUMNS)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _typed(col: Column, r: Mapping[str, Any]) -> Any:
    v = col.value(r)
    if v is None or v == "":
        return None
    if col.kind == "date":
        if isinstance(v, date):
            return v
        try:
            return date.fromisoformat(str(v)[:10])
        except ValueError:
            return _safe(str(v))
    if col.kind == "int":
        return int(v)
    if col.kind == "float":
        return float(v)
    return _safe(str(v))


def csv_rows(rows: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """The header and each row as text: dates dd/mm/yyyy, numbers as written."""
    out = [list(HEADERS)]
    for r in rows:
        line = []
        for col in COLUMNS:
            v = _typed(col, r)
            if v is None:
                line.append("")
            elif isinstance(v, date):
                line.append(labels.vn_date(v))
            else:
                line.append(str(v))
        out.append(line)
    return out


def to_csv(rows: Sequence[Mapping[str, Any]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(csv_rows(rows))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[Mapping[str, Any]], sheet: str = "Khoảng trống") -> bytes:
    """Write-only (streamed) so that an export of the whole registry stays small in memory."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for j, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = col.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    head_align = Alignment(wrap_text=True, vertical="center")
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font, cell.fill, cell.alignment = head_font, head_fill, head_align
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    formats = {"date": "dd/mm/yyyy", "int": "0", "float": "0.0"}
    for r in rows:
        line = []
        for col in COLUMNS:
            cell = WriteOnlyCell(ws, value=_typed(col, r))
            if col.kind in formats:
                cell.number_format = formats[col.kind]
            elif col.kind == "long":
                cell.alignment = wrap
            line.append(cell)
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
