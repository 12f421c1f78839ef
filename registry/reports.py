"""A scan's report files: JSON (everything), CSV (one row per gap) and one self-contained HTML page.

The HTML page inlines its CSS and has no script, font or image from anywhere: it opens offline,
from a mail attachment or a file share. Evidence spans are highlighted with ``<mark>`` on both
sides (provincial requirement, national provision).
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

CSV_FIELDS = (
    "id",
    "kind",
    "province",
    "province_code",
    "successor_code",
    "provincial_document",
    "provincial_date",
    "procedure_code",
    "requirement_index",
    "requirement_text",
    "document",
    "unit",
    "condition_id",
    "effect_document",
    "effect_unit",
    "effective",
    "days_overdue",
    "score",
    "review_state",
    "first_seen_scan_id",
    "last_seen_scan_id",
    "key",
)

# Rows the HTML page shows (a national scan has tens of thousands; the CSV and JSON have them all).
HTML_ROWS = 5000

KIND_LABEL = {
    "cut": "Applies a cut condition",
    "amended": "Applies the old version of an amended condition",
    "basis": "Stale legal basis",
    "procedure": "Outdated procedure version",
}


def write_reports(
    out: Path, scan: Mapping[str, Any], gaps: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    """Write ``scan-<id>.json``, ``.csv`` and ``.html`` under ``out``; return their paths."""
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
    with paths["csv"].open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for g in gaps:
            w.writerow({k: "" if g.get(k) is None else g.get(k) for k in CSV_FIELDS})
    paths["html"].write_text(render_html(scan, gaps), encoding="utf-8")
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


def _counts_table(title: str, counts: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(str(k))}</td><td class=n>{int(v)}</td></tr>"
        for k, v in sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
    )
    return f"<table><tr><th>{html.escape(title)}</th><th>gaps</th></tr>{rows}</table>"


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
        extra = f"<div class=muted>{html.escape(str(nat['action']))} by {html.escape(str(nat.get('document', '')))}</div>"
    return (
        "<details><summary>evidence</summary>"
        f"<div><b>Provincial:</b> {left}</div>"
        f"<div><b>National:</b> {right}</div>{extra}</details>"
    )


def render_html(
    scan: Mapping[str, Any], gaps: Sequence[Mapping[str, Any]], limit: int = HTML_ROWS
) -> str:
    """The page: counts, then the gaps (the first ``limit``; the CSV and JSON hold them all)."""
    g = scan.get("gaps", {})
    by_kind = g.get("by_kind", {})
    cards = "".join(
        f"<div class=card><b>{int(by_kind.get(k, 0))}</b>{html.escape(label)}</div>"
        for k, label in KIND_LABEL.items()
    )
    cards += (
        f"<div class=card><b>{int(scan.get('new', 0))}</b>new since the previous scan</div>"
        f"<div class=card><b>{int(scan.get('resolved', 0))}</b>resolved</div>"
    )
    rows = []
    for gap in gaps[:limit]:
        kind = str(gap.get("kind", ""))
        national = f"{gap.get('document', '')} {gap.get('unit', '')}".strip()
        effect = f"{gap.get('effect_document', '')} {gap.get('effect_unit', '')}".strip()
        rows.append(
            "<tr>"
            f"<td class='kind {html.escape(kind)}'>{html.escape(kind)}</td>"
            f"<td>{html.escape(str(gap.get('province', '')))}<div class=muted>"
            f"{html.escape(str(gap.get('province_code', '')))} → {html.escape(str(gap.get('successor_code', '')))}</div></td>"
            f"<td>{html.escape(str(gap.get('provincial_document', '')))}<div class=muted>"
            f"{html.escape(str(gap.get('provincial_date') or ''))} · {html.escape(str(gap.get('procedure_code', '')))}"
            f"{' #' + str(gap['requirement_index']) if gap.get('requirement_index') else ''}</div></td>"
            f"<td>{html.escape(national)}</td>"
            f"<td>{html.escape(effect)}<div class=muted>{html.escape(str(gap.get('effective') or ''))}</div></td>"
            f"<td class=n>{html.escape(str(gap.get('days_overdue') if gap.get('days_overdue') is not None else ''))}</td>"
            f"<td class=n>{float(gap.get('score') or 0):.1f}</td>"
            f"<td>{html.escape(str(gap.get('review_state', '')))}"
            f"{' <b class=new>new</b>' if gap.get('first_seen_scan_id') == scan.get('scan_id') else ''}</td>"
            f"<td>{_evidence(gap)}</td>"
            "</tr>"
        )
    title = f"dkkd scan {scan.get('scan_id')} — gaps as of {scan.get('as_of')}"
    more = (
        f"<p class=muted>First {limit} of {len(gaps)} gaps shown; the CSV and JSON files list all.</p>"
        if len(gaps) > limit
        else ""
    )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p class=muted>{int(g.get('total', 0))} open gaps · finished {html.escape(str(scan.get('finished_at') or ''))}"
        f" · {float(scan.get('seconds') or 0):.2f} s</p>"
        f"<div class=cards>{cards}</div>"
        "<h2>By province (as written) and by ministry</h2><div class=cards>"
        f"<div>{_counts_table('province code', g.get('by_province', {}))}</div>"
        f"<div>{_counts_table('successor today', g.get('by_successor', {}))}</div>"
        f"<div>{_counts_table('ministry', g.get('by_ministry', {}))}</div></div>"
        "<h2>Gaps</h2><table><tr><th>kind</th><th>province</th><th>provincial text</th>"
        "<th>national provision</th><th>cut / changed by</th><th>days overdue</th><th>score</th>"
        f"<th>review</th><th>evidence</th></tr>{''.join(rows)}</table>{more}"
        "</body></html>\n"
    )
