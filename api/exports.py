"""Gap listings as CSV and Excel files (the columns reform officers read, Vietnamese headers)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "Mã"),
    ("kind", "Loại"),
    ("province_code", "Mã tỉnh (ghi)"),
    ("province_name", "Tỉnh"),
    ("successor_code", "Mã tỉnh mới"),
    ("successor_name", "Tỉnh mới"),
    ("provincial_document", "Quyết định của tỉnh"),
    ("provincial_signed", "Ngày ký"),
    ("procedure_code", "Mã TTHC"),
    ("procedure_name", "Tên TTHC"),
    ("condition_key", "Điều kiện"),
    ("ministry", "Bộ"),
    ("effect_document", "Văn bản cắt giảm"),
    ("effect_unit", "Điều khoản cắt giảm"),
    ("effective", "Hiệu lực"),
    ("days_overdue", "Số ngày chậm"),
    ("score", "Điểm khớp"),
    ("review_state", "Trạng thái rà soát"),
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Plain values; text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([k for k, _ in COLUMNS])
    for r in rows:
        w.writerow([_cell(r.get(k)) for k, _ in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[dict[str, Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("khoang_trong")
    ws.append([label for _, label in COLUMNS])
    ws.append([k for k, _ in COLUMNS])
    for r in rows:
        ws.append([_cell(r.get(k)) for k, _ in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
