"""Importers of lists: the business lines of the Investment Law's Appendix IV, compiled KTCN lists
(HS codes by managing body) and the reference file of KTCN lists."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, update

from parsers.business_lines import BusinessLine, BusinessLineError, read_csv
from parsers.decode import DecodeError, decode
from parsers.ktcn import KtcnError, KtcnItem, read_compiled
from parsers.normalize import fold
from registry.importers.plan import ImportError_, Plan
from registry.store import models as m

# When the Investment Law lists took effect (DOMAIN.md §3).
LIST_EFFECTIVE = {"61/2020/QH14": date(2021, 1, 1), "143/2025/QH15": date(2026, 7, 1)}


def _insert_business_lines(
    conn: Connection, file_id: int, lines: Sequence[BusinessLine], list_document: str
) -> int:
    rows = [
        {
            "number": line.number,
            "name": line.name,
            "folded_name": line.folded,
            "ministry": line.ministry,
            "position": line.order,
            "list_document": list_document,
            "source_file_id": file_id,
            "valid_from": LIST_EFFECTIVE.get(list_document),
            "valid_to": None,
        }
        for line in {ln.number: ln for ln in lines}.values()
    ]
    if rows:
        conn.execute(insert(m.table_of(m.BusinessLine)), rows)
    return len(rows)


def _list_document_of(name: str, text: str) -> str:
    """Which law a list file belongs to: a number in its name or first lines, else the 2020 law."""
    stem = fold(Path(name).stem)
    for number in LIST_EFFECTIVE:
        y = number.split("/")[1]
        if f"{number.split('/')[0]}/{y}" in fold(text[:2000]) or f"dau-tu-{y}" in stem:
            return number
    return "61/2020/QH14"


def plan_business_lines(data: bytes, name: str) -> Plan:
    try:
        text, _enc = decode(data, name)
        lines = read_csv(name, text=text)
    except DecodeError as e:
        raise ImportError_(str(e), "unreadable") from e
    except BusinessLineError as e:
        raise ImportError_(str(e), "not_a_list") from e
    list_doc = _list_document_of(name, text)
    return Plan(
        "business_lines", "csv", partial(_write_business_lines, lines=lines, list_doc=list_doc)
    )


def _write_business_lines(
    conn: Connection,
    file_id: int,
    path: str,
    now: datetime,
    lines: Sequence[BusinessLine],
    list_doc: str,
) -> tuple[int, list[str]]:
    return _insert_business_lines(conn, file_id, lines, list_doc), [list_doc]


def _insert_ktcn(
    conn: Connection,
    file_id: int,
    items: Sequence[KtcnItem],
    origin: str,
    valid_from: date | None,
) -> int:
    rows = [
        {
            "hs": it.hs,
            "description": it.description,
            "name": it.name,
            "inspection_type": it.inspection_type[:200],
            "agency": it.agency[:200],
            "list_document": it.list_document,
            "list_part": it.list_part[:32],
            "unit_id": it.unit_id,
            "partial": it.partial,
            "origin": origin,
            "source_file_id": file_id,
            "valid_from": valid_from,
            "valid_to": None,
        }
        for it in items
    ]
    if rows:
        conn.execute(insert(m.table_of(m.KtcnItem)), rows)
    return len(rows)


def plan_ktcn_compiled(data: bytes, name: str) -> Plan:
    try:
        if Path(name).is_file():
            items = list(read_compiled(name))
        else:
            with tempfile.NamedTemporaryFile(suffix=".jsonl") as tmp:
                tmp.write(data)
                tmp.flush()
                items = list(read_compiled(tmp.name))
    except KtcnError as e:
        raise ImportError_(f"{name}: {e}", "not_a_list") from e
    except UnicodeDecodeError as e:
        raise ImportError_(
            f"{name}: không phải văn bản UTF-8 (byte {e.start}), không đọc được danh mục KTCN",
            "unreadable",
        ) from e
    if not items:
        raise ImportError_(f"{name}: không có dòng hàng nào của danh mục KTCN", "not_a_list")

    return Plan("ktcn", "jsonl", partial(_write_ktcn_compiled, items=items))


def _write_ktcn_compiled(
    conn: Connection, file_id: int, path: str, now: datetime, items: Sequence[KtcnItem]
) -> tuple[int, list[str]]:
    return _insert_ktcn(conn, file_id, items, "compiled", None), sorted(
        {i.list_document for i in items if i.list_document}
    )


def plan_reference(data: bytes, name: str) -> Plan:
    try:
        text, _enc = decode(data, name)
        obj = json.loads(text)
    except DecodeError as e:
        raise ImportError_(str(e), "unreadable") from e
    except json.JSONDecodeError as e:
        raise ImportError_(
            f"{name}: không đọc được JSON (lỗi cú pháp ở dòng {e.lineno}, cột {e.colno})",
            "bad_json",
        ) from e
    info: dict[str, Any] = {}
    kind = "reference"
    if isinstance(obj, dict) and "co_quan" in obj:
        kind = "ktcn_reference"
        meta = obj.get("meta") or {}
        if isinstance(meta, dict) and meta.get("created_at"):
            info["snapshot"] = str(meta["created_at"])[:10]
        info["documents"] = sorted(str(k) for k in (obj.get("van_ban_mapping") or {}))

    return Plan(kind, "json", partial(_write_reference_info, info=info))


def _write_reference_info(
    conn: Connection, file_id: int, path: str, now: datetime, info: dict[str, Any]
) -> tuple[int, list[str]]:
    sf = m.table_of(m.SourceFile)
    conn.execute(update(sf).where(sf.c.id == file_id).values(info=info))
    return 0, []
