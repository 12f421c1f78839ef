"""The consolidated text as of a date, printed the way a văn bản hợp nhất prints it: repealed units
stay as placeholders."""

from __future__ import annotations

from datetime import date

from parsers import wording
from parsers.model import UnitKind
from registry.consolidation.apply_effects import _ENDED
from registry.consolidation.versions import (
    ConsolidatedDocument,
    ConsolidatedUnit,
    UnitVersion,
    VersionState,
)


def _label(u: ConsolidatedUnit) -> str:
    n = u.number
    match u.kind:
        case UnitKind.DIEU:
            return f"Điều {n}."
        case UnitKind.KHOAN:
            return f"{n}."
        case UnitKind.DIEM:
            return f"{n})"
        case UnitKind.TIET:
            return "-"
        case UnitKind.CHUONG:
            return f"Chương {n}"
        case UnitKind.MUC:
            return f"Mục {n}."
        case UnitKind.TIEU_MUC:
            return f"Tiểu mục {n}."
        case UnitKind.PHAN:
            return f"Phần thứ {n}"
        case UnitKind.PHU_LUC:
            return f"PHỤ LỤC {n}"
    return ""


def render_unit(u: ConsolidatedUnit, v: UnitVersion) -> str:
    """One unit's own lines (label, heading, text), without its sub-units."""
    if u.kind is UnitKind.TABLE:
        return "\n".join("| " + " | ".join(r) + " |" for r in v.rows) if v.rows else v.text
    label = _label(u)
    if v.state is VersionState.REPEALED:
        return f"{label} {wording.PRINTED_PLACEHOLDER}".strip()
    lines: list[str] = []
    text_lines = v.text.split("\n") if v.text else []
    if u.kind in (UnitKind.CHUONG, UnitKind.PHU_LUC, UnitKind.PHAN):
        lines.append(label)
        if v.heading:
            lines.append(v.heading)
    elif u.kind in (UnitKind.DIEU, UnitKind.MUC, UnitKind.TIEU_MUC):
        lines.append(f"{label} {v.heading}".strip())
    elif label:
        first = text_lines.pop(0) if text_lines else ""
        lines.append(f"{label} {first}".strip())
    lines.extend(text_lines)
    return "\n".join(lines)


def render(doc: ConsolidatedDocument, as_of: date | None = None, *, repealed: bool = True) -> str:
    """The consolidated text on `as_of` (default: the consolidation date), units in document order.

    Repealed units appear as placeholders ("2. (được bãi bỏ)") unless `repealed` is False; a
    repealed, replaced or expired document has no text any more (""); a suspended one keeps it.
    """
    when = as_of or doc.as_of
    if doc.state(when) in _ENDED:
        return ""
    blocks: list[str] = []

    def visit(ids: list[str]) -> None:
        for uid in ids:
            u = doc.units[uid]
            v = u.at(when)
            if v is None or v.state in (VersionState.EXPIRED, VersionState.REPLACED):
                continue
            if v.state is VersionState.REPEALED:
                if repealed:
                    blocks.append(render_unit(u, v))
                continue
            blocks.append(render_unit(u, v))
            visit(u.children)

    visit(doc.roots)
    return "\n\n".join(b for b in blocks if b) + "\n"
