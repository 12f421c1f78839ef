"""The quoted new text of an amendment, read as units: it starts with the unit's own label ("4. …",
"c) …", "Điều 3. …") and is parsed with :mod:`parsers.structure`, so its khoản and điểm become
sub-units of the unit it replaces."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from parsers.model import Unit, UnitKind
from parsers.structure import parse_structure

_LABEL = {
    UnitKind.DIEU: re.compile(r"(?:\*\*)?Điều[ ]+(?P<n>\d+[a-zđ]?)(?:\.|:|[ ]|$)[ ]*"),
    UnitKind.KHOAN: re.compile(r"(?P<n>\d{1,3}[a-zđ]?)\.(?:[ ]+|$)"),
    UnitKind.DIEM: re.compile(r"(?P<n>[a-zđ]\d{0,2})\)[ ]*"),
    UnitKind.PHU_LUC: re.compile(
        r"(?:Phụ lục|PHỤ LỤC|Phụ Lục)(?:[ ]+(?:số|SỐ))?(?:[ ]+(?P<n>[IVXLC]+|\d+[a-zA-Z]?))?(?![\wĐđ])"
    ),
    UnitKind.CHUONG: re.compile(r"(?:Chương|CHƯƠNG)[ ]+(?P<n>[IVXLCDM]+|\d+)(?![\wĐđ])"),
}


# Wrappers that make a lone khoản or điểm parse as the first of its kind.
_WRAP = {
    UnitKind.KHOAN: ("Điều 1.\n1. ", "dieu_1__khoan_1"),
    UnitKind.DIEM: ("Điều 1.\na) ", "dieu_1__diem_a"),
    UnitKind.TIET: ("Điều 1.\na) x\n- ", "dieu_1__diem_a__tiet_1"),
}


_TERMINAL = ".;:!?"


@dataclass(slots=True)
class _Fragment:
    """Parsed new text: the root unit (id = the target) and its descendants, in order."""

    units: list[Unit]
    has_label: bool
    # Units the fragment holds beyond the target's subtree (a quote that ran on).
    stray: list[str] = field(default_factory=list)


def _kind_of(unit_id: str) -> UnitKind | None:
    last = unit_id.rsplit("__", 1)[-1]
    prefix = last.split("_", 1)[0]
    return {
        "dieu": UnitKind.DIEU,
        "khoan": UnitKind.KHOAN,
        "diem": UnitKind.DIEM,
        "tiet": UnitKind.TIET,
        "chuong": UnitKind.CHUONG,
        "muc": UnitKind.MUC,
        "phan": UnitKind.PHAN,
        "phu": UnitKind.PHU_LUC,
        "table": UnitKind.TABLE,
        "p": UnitKind.PARAGRAPH,
        "tieu": UnitKind.TIEU_MUC,
    }.get(prefix)


def _number_of(unit_id: str) -> str:
    last = unit_id.rsplit("__", 1)[-1]
    for prefix in ("phu_luc_", "tieu_muc_"):
        if last.startswith(prefix):
            return last[len(prefix) :]
    return last.split("_", 1)[1] if "_" in last else ""


def parse_fragment(new_text: str, target_id: str, kind: UnitKind) -> _Fragment:
    """The units of a quoted new text for unit `target_id` (ids re-rooted on `target_id`)."""
    text = new_text.strip()
    label = _LABEL.get(kind)
    m = label.match(text) if label else None
    has_label = m is not None
    wrapped_root = ""
    if kind in _WRAP:
        prefix, wrapped_root = _WRAP[kind]
        body = text[m.end() :] if m else text
        source = prefix + body
    elif kind is UnitKind.DIEU:
        source = text if m else "Điều 1.\n" + text
    elif kind is UnitKind.PHU_LUC:
        source = text if m and m.group("n") else "PHỤ LỤC\n" + (text[m.end() :] if m else text)
    elif kind is UnitKind.CHUONG:
        source = text if m else "Chương I\n" + text
    else:
        # Paragraphs, tables and other units: the new text is the unit's text as is.
        rows = _table_rows(text) if kind is UnitKind.TABLE else []
        unit = Unit(id=target_id, kind=kind, number=_number_of(target_id), text=text, rows=rows)
        return _Fragment([unit], has_label=True)
    units, _warnings = parse_structure(source)
    if wrapped_root:
        root_id = wrapped_root
    else:
        first = next((u for u in units if u.kind is kind), None)
        root_id = first.id if first else ""
    root = next((u for u in units if u.id == root_id), None)
    if root is None:
        unit = Unit(id=target_id, kind=kind, number=_number_of(target_id), text=text)
        return _Fragment([unit], has_label=has_label)
    keep: set[str] = {root_id}
    out: list[Unit] = []
    stray: list[str] = []
    started = False
    for u in units:
        if u.id == root_id:
            started = True
        elif not started:
            continue
        elif u.parent not in keep:
            stray.append(u.id)
            continue
        keep.add(u.id)
        out.append(u)
    rerooted = [_reroot(u, root_id, target_id) for u in out]
    rerooted[0].number = (m.group("n") or "") if m and kind is not UnitKind.PHU_LUC else ""
    if not rerooted[0].number:
        rerooted[0].number = _number_of(target_id)
    rerooted[0].parent = None
    return _Fragment(rerooted, has_label=has_label, stray=stray)


def _reroot(u: Unit, old: str, new: str) -> Unit:
    def move(uid: str | None) -> str | None:
        if uid is None:
            return None
        if uid == old:
            return new
        if uid.startswith(old + "__"):
            return new + uid[len(old) :]
        return uid

    return replace(u, id=move(u.id) or u.id, parent=move(u.parent))


def _table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()]
