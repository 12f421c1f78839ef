"""Mark the matched evidence inside a text for the gap page, escaping everything else.

Spans come from the diff engine's evidence (``{"start", "end", "text"}`` or ``[start, end]``)
and index into the text they were computed on; when the stored text differs (a re-ingest), a
span's own ``text`` is searched for instead, and a span that fits neither is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from markupsafe import Markup


def _spans(text: str, raw: Iterable[Any]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sp in raw or ():
        if isinstance(sp, dict):
            start, end, said = sp.get("start"), sp.get("end"), sp.get("text")
        elif isinstance(sp, (list, tuple)) and len(sp) >= 2:
            start, end = sp[0], sp[1]
            said = sp[2] if len(sp) > 2 else None
        else:
            continue
        fits = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        if fits and (not said or text[start:end] == said):
            out.append((start, end))  # type: ignore[arg-type]
            continue
        if isinstance(said, str) and said:
            at = text.find(said)
            if at >= 0:
                out.append((at, at + len(said)))
    out.sort()
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, spans: Iterable[Any]) -> Markup:
    parts: list[str] = []
    pos = 0
    for s, e in _spans(text, spans):
        parts.append(escape(text[pos:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    parts.append(escape(text[pos:]))
    return Markup("".join(parts))


def evidence_side(payload: dict[str, Any], side: str) -> tuple[str, list[Any]]:
    """The text and spans of one side ("provincial" or "national") of a gap's evidence.

    The diff engine stores ``{"evidence": {side: {"text", "spans": [[start, end, text]]}},
    "quantities": [{side: [start, end, text]}]}`` inside the gap's payload; the quantities'
    spans are highlighted too."""
    inner = payload.get("evidence")
    ev: dict[str, Any] = inner if isinstance(inner, dict) else payload
    raw = ev.get(side)
    part: dict[str, Any] = raw if isinstance(raw, dict) else {}
    text = part.get("text")
    spans = list(part["spans"]) if isinstance(part.get("spans"), list) else []
    for q in ev.get("quantities") or []:
        if isinstance(q, dict) and isinstance(q.get(side), (list, dict)):
            spans.append(q[side])
    return (text if isinstance(text, str) else ""), spans
