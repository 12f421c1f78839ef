"""A scan's report files: JSON (everything), CSV (one row per gap) and one self-contained HTML page.

The HTML page is in Vietnamese, inlines its CSS and has no script, font or image from anywhere:
it opens offline, from a mail attachment or a file share. Provisions are written as legal
citations (``parsers.citation_text``), dates dd/mm/yyyy and statuses in ``registry.labels``'
words. Evidence spans are highlighted with ``<mark>`` on both sides (provincial requirement,
national provision). The CSV has the columns of the API's CSV export (``registry.queries.exports``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from parsers.citation_text import citation, document_label
from registry import labels
from registry.queries.exports import to_csv
from registry.queries.provinces import new_name, old_name

# Rows the HTML page shows (a national scan has tens of thousands; the CSV and JSON have them all).
HTML_ROWS = 5000
KIND_LABEL = labels.GAP_KIND


def write_reports(
    out: Path,
    scan: Mapping[str, Any],
    gaps: Sequence[Mapping[str, Any]],
    table: Sequence[Mapping[str, Any]],
    resolved: Sequence[Mapping[str, Any]] = (),
) -> dict[str, str]:
    """Write ``scan-<id>.json``, ``.csv`` and ``.html`` under ``out``; return their paths.

    ``gaps`` are the scan's open gaps as recorded (with evidence); ``table`` the same gaps as the
    API lists them (``registry.queries.gaps``), and ``resolved`` the gaps this scan found gone."""
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"scan-{scan['scan_id']}"
    paths = {
        "json": stem.with_suffix(".json"),
        "csv": stem.with_suffix(".csv"),
        "html": stem.with_suffix(".html"),
    }
    paths["json"].write_text(
        json.dumps({"scan": scan, "gaps": list(gaps)}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    paths["csv"].write_bytes(to_csv([*table, *resolved]))
    paths["html"].write_text(
        render_html(scan, gaps, resolved=resolved, table=table), encoding="utf-8"
    )
    return {k: str(v) for k, v in paths.items()}


def highlight(text: str, spans: Sequence[Sequence[Any]]) -> str:
    """``text`` HTML-escaped with ``[start, end, …]`` spans wrapped in ``<mark>`` (overlaps merged)."""
    ranges = sorted((int(s[0]), int(s[1])) for s in spans if len(s) >= 2 and s[0] < s[1])
    merged: list[list[int]] = []
    for a, b in ranges:
        a, b = max(0, a), min(len(text), b)
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif a < b:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em;color:#1d2330}
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.6em 0 .5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #d5d9e2;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#f1f3f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #d5d9e2;border-radius:6px;padding:.6em 1em}
.card b{display:block;font-size:1.6em}mark{background:#ffe27a;padding:0 1px}
.kind{font-weight:600;white-space:nowrap}.cut{color:#b4232a}.amended{color:#a15c00}
.basis{color:#2453a6}.procedure{color:#5b3aa6}.muted{color:#667085;font-size:.9em}
details summary{cursor:pointer}.new{color:#b4232a;font-size:.85em}
"""


def _counts_table(title: str, counts: Mapping[str, Any], name: Any = None) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(str(k))} {html.escape(name(str(k)) if name else '')}</td>"
        f"<td class=n>{int(v)}</td></tr>"
        for k, v in sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
    )
    return f"<table><tr><th>{html.escape(title)}</th><th>khoảng trống</th></tr>{rows}</table>"


def _evidence(g: Mapping[str, Any]) -> str:
    ev = g.get("evidence") or {}
    prov = ev.get("provincial") or {}
    nat = ev.get("national") or {}
    left = highlight(str(prov.get("text", "")), prov.get("spans") or [])
    right = highlight(str(nat.get("text", "")), nat.get("spans") or [])
    extra = ""
    said = nat.get("label") or (nat.get("change") or {}).get("label")
    if said:  # what happened to the basis, or which publication superseded the procedure
        extra = f"<div class=muted>{html.escape(str(said))}</div>"
    elif nat.get("action"):
        action = labels.label(labels.PROCEDURE_ACTION, str(nat["action"]))
        doc = document_label(str(nat.get("document", "")))
        extra = f"<div class=muted>{html.escape(labels.cap(doc))}: {html.escape(action)}</div>"
    return (
        "<details><summary>bằng chứng</summary>"
        f"<div><b>Phía tỉnh:</b> {left}</div>"
        f"<div><b>Phía trung ương:</b> {right}</div>{extra}</details>"
    )


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _gap_row(gap: Mapping[str, Any], scan_id: Any, listed: Mapping[str, Any]) -> str:
    kind = str(gap.get("kind", ""))
    national = citation(str(gap.get("unit") or ""), str(gap.get("document") or ""))
    effect = (
        citation(str(gap.get("effect_unit") or ""), str(gap.get("effect_document") or ""))
        if gap.get("effect_document")
        else ""
    )
    if effect and listed.get("effect_op"):
        effect = f"{labels.cap(labels.label(labels.EFFECT_OP, listed['effect_op']))} bởi {effect}"
    elif kind == "procedure" and listed.get("national_action"):
        action = labels.label(labels.PROCEDURE_ACTION, listed["national_action"])
        effect = f"{labels.cap(action)}: {effect}"
    successor = new_name(str(gap.get("successor_code") or ""))
    req = f" · yêu cầu {gap['requirement_index']}" if gap.get("requirement_index") else ""
    new = " <b class=new>mới</b>" if gap.get("first_seen_scan_id") == scan_id else ""
    overdue = gap.get("days_overdue")
    return (
        "<tr>"
        f"<td class='kind {_e(kind)}'>{_e(labels.label(labels.GAP_KIND, kind))}</td>"
        f"<td>{_e(gap.get('province'))}<div class=muted>"
        f"{_e(gap.get('province_code'))} → {_e(gap.get('successor_code'))} {_e(successor)}</div></td>"
        f"<td>{_e(gap.get('provincial_document'))}<div class=muted>"
        f"{_e(labels.vn_date(gap.get('provincial_date')))} · {_e(gap.get('procedure_code'))}{_e(req)}</div></td>"
        f"<td>{_e(labels.cap(national))}</td>"
        f"<td>{_e(effect)}<div class=muted>{_e(labels.vn_date(gap.get('effective')))}</div></td>"
        f"<td class=n>{_e(overdue if overdue is not None else '')}</td>"
        f"<td class=n>{float(gap.get('score') or 0):.1f}</td>"
        f"<td>{_e(labels.label(labels.REVIEW_STATE, str(gap.get('review_state') or '')))}{new}</td>"
        f"<td>{_evidence(gap)}</td>"
        "</tr>"
    )


def _resolved_row(r: Mapping[str, Any]) -> str:
    return (
        "<tr>"
        f"<td>{_e(r.get('id'))}</td><td>{_e(labels.label(labels.GAP_KIND, r.get('kind')))}</td>"
        f"<td>{_e(r.get('province_written') or r.get('province_name'))}</td>"
        f"<td>{_e(r.get('provincial_document'))} · {_e(r.get('procedure_code'))} {_e(r.get('procedure_name'))}</td>"
        f"<td>{_e(labels.cap(r.get('condition_citation') or ''))}</td>"
        "</tr>"
    )


def render_html(
    scan: Mapping[str, Any],
    gaps: Sequence[Mapping[str, Any]],
    limit: int = HTML_ROWS,
    resolved: Sequence[Mapping[str, Any]] = (),
    table: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The page: counts, the gaps (the first ``limit``; the CSV and JSON hold them all), and the
    gaps this scan found resolved."""
    g = scan.get("gaps", {})
    by_kind = g.get("by_kind", {})
    cards = "".join(
        f"<div class=card><b>{int(by_kind.get(k, 0))}</b>{html.escape(label)}</div>"
        for k, label in KIND_LABEL.items()
    )
    cards += (
        f"<div class=card><b>{int(scan.get('new', 0))}</b>mới so với lần trước</div>"
        f"<div class=card><b>{int(scan.get('resolved', 0))}</b>đã giải quyết</div>"
    )
    listed = {r.get("id"): r for r in table}  # the API's rows: effect operations, actions
    rows = [
        _gap_row(gap, scan.get("scan_id"), listed.get(gap.get("id"), {})) for gap in gaps[:limit]
    ]
    title = (
        f"dkkd — lần rà soát {scan.get('scan_id')}: khoảng trống tính đến ngày "
        f"{labels.vn_date(scan.get('as_of'))}"
    )
    more = (
        f"<p class=muted>Hiển thị {limit} trong {len(gaps)} khoảng trống; tệp CSV và JSON có đủ.</p>"
        if len(gaps) > limit
        else ""
    )
    gone = ""
    if resolved:
        gone = (
            f"<h2>Đã giải quyết trong lần rà soát này ({len(resolved)})</h2><table><tr><th>Số</th>"
            "<th>Loại</th><th>Tỉnh</th><th>Văn bản, thủ tục của tỉnh</th><th>Điều kiện</th></tr>"
            + "".join(_resolved_row(r) for r in resolved)
            + "</table>"
        )
    return (
        "<!DOCTYPE html><html lang=vi><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p class=muted>{int(g.get('total', 0))} khoảng trống đang tồn tại · kết thúc "
        f"{_e(labels.vn_date(scan.get('finished_at')))} · {float(scan.get('seconds') or 0):.2f} giây</p>"
        f"<div class=cards>{cards}</div>"
        "<h2>Theo tỉnh (như văn bản ghi), tỉnh hiện nay và bộ quản lý</h2><div class=cards>"
        f"<div>{_counts_table('Tỉnh (mã cũ)', g.get('by_province', {}), old_name)}</div>"
        f"<div>{_counts_table('Tỉnh hiện nay', g.get('by_successor', {}), new_name)}</div>"
        f"<div>{_counts_table('Bộ', g.get('by_ministry', {}))}</div></div>"
        "<h2>Khoảng trống</h2><table><tr><th>Loại</th><th>Tỉnh</th><th>Văn bản của tỉnh</th>"
        "<th>Điều kiện trung ương</th><th>Văn bản thay đổi</th><th>Số ngày chậm</th><th>Điểm khớp</th>"
        f"<th>Rà soát</th><th>Bằng chứng</th></tr>{''.join(rows)}</table>{more}{gone}"
        "</body></html>\n"
    )
