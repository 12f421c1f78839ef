"""Inline SVG charts for the dashboard (no JavaScript, no external library; text is escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from registry.labels import STATUS, cap, vn_date

COLORS = {"in_force": "#2f7d4f", "cut": "#c0392b", "unknown": "#9aa0a6", "gaps": "#d35400"}


def hbars(
    rows: Sequence[tuple[str, int]],
    *,
    color: str = COLORS["gaps"],
    title: str = "",
    label_width: int = 190,
) -> Markup:
    """Horizontal bars, one per (label, value); zero rows are drawn as an empty track.
    `label_width` leaves room for long labels (a ministry's full name)."""
    height = 20 * len(rows) + 30
    width = 640 + max(0, label_width - 190)
    label_w = label_width
    top = max((v for _, v in rows), default=0) or 1
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}"'
        f' width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = 10 + i * 20
        w = int((width - label_w - 60) * value / top)
        out.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{width - label_w - 60}" height="14" fill="#f0f0f0"/>'
            f'<rect class="bar" x="{label_w}" y="{y + 2}" width="{w}" height="14" fill="{color}">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{label_w + w + 4}" y="{y + 13}" font-size="12">{value}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def stacked_years(series: Sequence[dict[str, Any]], *, title: str = "") -> Markup:
    """Stacked columns of in force / cut / unknown per snapshot date."""
    n = max(len(series), 1)
    width, height, pad = 640, 240, 30
    col = (width - 2 * pad) / n
    top = (
        max((sum(int(s.get(k, 0)) for k in COLORS if k != "gaps") for s in series), default=0) or 1
    )
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height + 40}"'
        f' width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, s in enumerate(series):
        x = pad + i * col
        y = float(height)
        for key in ("in_force", "cut", "unknown"):
            v = int(s.get(key, 0))
            h = (height - 20) * v / top
            y -= h
            out.append(
                f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(col - 4, 1):.1f}" height="{h:.1f}"'
                f' fill="{COLORS[key]}"><title>{escape(vn_date(s.get("date")))} — {STATUS[key]}: {v}</title></rect>'
            )
        label = str(s.get("date", ""))[:4]
        out.append(
            f'<text x="{x + col / 2:.1f}" y="{height + 16}" font-size="11" text-anchor="middle">{escape(label)}</text>'
        )
    for j, key in enumerate(("in_force", "cut", "unknown")):
        text = cap(STATUS[key])
        out.append(
            f'<rect x="{pad + j * 150}" y="{height + 24}" width="12" height="12" fill="{COLORS[key]}"/>'
            f'<text x="{pad + j * 150 + 16}" y="{height + 34}" font-size="12">{text}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
