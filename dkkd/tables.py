"""The CLI's tables, in Vietnamese and readable in an 80-column terminal.

A narrow table keeps the columns an officer scans first (number, province, procedure, the
condition's citation, date) and wraps long cells instead of cutting them; ``--wide`` adds the
kind, the amending provision, the score and the review state. Words come from
``registry.labels`` and citations from ``parsers.citation_text``, as on the dashboard.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table

from parsers.citation_text import citation
from registry import labels
from registry.queries.provinces import new_name, old_name


def _table(*headers: str) -> Table:
    t = Table(show_lines=True, expand=False, pad_edge=False)
    for h in headers:
        t.add_column(h, overflow="fold")
    return t


def gap_table(rows: Sequence[Mapping[str, Any]], *, wide: bool = False) -> Table:
    """Gaps as ``registry.scan.gaps.gap_dict`` writes them."""
    headers = ["Số", "Tỉnh", "Thủ tục của tỉnh", "Điều kiện trung ương", "Hiệu lực"]
    if wide:
        headers[1:1] = ["Loại"]
        headers += ["Văn bản thay đổi", "Điểm", "Rà soát"]
    t = _table(*headers)
    for g in rows:
        successor = new_name(str(g.get("successor_code") or ""))
        province = str(g.get("province") or g.get("province_code") or "")
        if successor and successor != province:
            province += f" → {successor}"
        national = citation(str(g.get("unit") or ""), str(g.get("document") or ""))
        if not wide:
            national = f"{labels.label(labels.GAP_KIND_SHORT, g.get('kind'))}: {national}"
        cells = [
            str(g["id"]),
            province,
            f"{g.get('provincial_document') or ''} {g.get('procedure_code') or ''}".strip(),
            labels.cap(national),
            labels.vn_date(g.get("effective")),
        ]
        if wide:
            cells[1:1] = [labels.label(labels.GAP_KIND_SHORT, g.get("kind"))]
            effect = (
                citation(str(g.get("effect_unit") or ""), str(g.get("effect_document") or ""))
                if g.get("effect_document")
                else ""
            )
            cells += [
                effect,
                f"{float(g.get('score') or 0):.1f}",
                labels.label(labels.REVIEW_STATE, g.get("review_state")),
            ]
        t.add_row(*cells)
    for col in t.columns:
        if col.header in ("Hiệu lực", "Số", "Điểm"):
            col.no_wrap = True
    return t


def count_table(title: str, counts: Mapping[str, int], *, names: str = "", top: int = 0) -> Table:
    """One column of labels and one of counts, largest first. ``names``: "kind" writes gap kinds
    in words, "province" adds the province's name to its code."""
    t = _table(title, "Khoảng trống")
    items = sorted(counts.items(), key=lambda kv: (-int(kv[1]), kv[0]))
    for k, v in items[:top] if top else items:
        if names == "kind":
            label = labels.label(labels.GAP_KIND, k)
        elif names == "province":
            label = f"{k} {old_name(k) or new_name(k)}".strip()
        else:
            label = k
        t.add_row(label, str(v))
    return t


def ministry_table(by_ministry: Mapping[str, Mapping[str, int]]) -> Table:
    t = _table("Bộ", "Tổng", "Còn hiệu lực", "Đã cắt giảm", "Chưa rõ")
    for name, v in by_ministry.items():
        # The JSON key stays the code ("(unknown)" when the registry holds none); people read names.
        label = labels.ministry_label(name)
        t.add_row(label, str(v["total"]), str(v["in_force"]), str(v["cut"]), str(v["unknown"]))
    return t
