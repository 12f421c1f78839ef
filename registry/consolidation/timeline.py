"""The status timeline of one provision or condition, from its document's commencement and effects.

Pure: given the unit id, whether its text is a repealed placeholder, the date its document took
effect and the effects aimed at it (or at an ancestor, or at the whole document), return dated
intervals ``[valid_from, valid_to)``. Rules, each one a thing the data proves:

- the document's commencement puts the unit ``in_force`` (no commencement date: ``unknown``);
- a unit inserted later (an insert effect on it or on its letter-suffixed ancestor, such as
  the khoản of an inserted Điều 31a, or a letter-suffixed unit under a partial insertion) does
  not exist before the insertion, and is ``in_force`` from it;
- a repeal (of the unit, an ancestor, or the whole document; "replaced" or "expired" documents
  too) makes it ``cut``; a *partial* repeal of an ancestor cuts only repealed placeholders
  ("1. (được bãi bỏ)") below it; a suspension is ``cut`` with the reason saying so;
- an amendment of the unit or an ancestor (or a partial change of the unit itself) makes it
  ``amended`` (still in force, reworded);
- a repealed placeholder with no dated repeal, and any change without a date, make the status
  ``unknown`` from the commencement: something happened, the data does not say when.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from registry.interval import holds

# Priority when several events fall on one date: the strongest wins.
_RANK = {"cut": 3, "amended": 2, "in_force": 1, "unknown": 0}
_INSERTED_ID = re.compile(r"(?:_\d+[a-zđ]+|diem_[a-zđ]\d+)$")


@dataclass(frozen=True, slots=True)
class EffectRef:
    """What the timeline needs of an effect row."""

    id: int
    op: str
    target_unit: str
    effective: date | None
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Interval:
    status: str
    valid_from: date | None
    valid_to: date | None
    effect_id: int | None = None
    reason: str = ""


def ancestors(unit_id: str) -> list[str]:
    """`dieu_5__khoan_2__diem_a` → [`dieu_5__khoan_2`, `dieu_5`] (nearest first)."""
    parts = unit_id.split("__")
    return ["__".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def relevant_keys(unit_id: str) -> list[str]:
    """Target units whose effects reach `unit_id`: itself, its ancestors, the whole document."""
    return [unit_id, *ancestors(unit_id), ""]


def timeline(
    unit_id: str,
    *,
    commenced: date | None,
    effects: Sequence[EffectRef],
    placeholder: bool = False,
) -> list[Interval]:
    """Intervals in date order; an empty list never happens (at worst one `unknown`)."""
    events: list[tuple[date, str, int | None, str]] = []
    start: tuple[date | None, str, int | None, str] = (
        (commenced, "in_force", None, "document commenced")
        if commenced is not None
        else (None, "unknown", None, "commencement date not known")
    )
    dated_cut_of_placeholder = False
    undated: list[EffectRef] = []
    for e in effects:
        on_self = e.target_unit == unit_id
        whole = e.target_unit == ""
        op = e.op
        if op == "insert":
            inserted = (
                (on_self and not e.partial)
                # a whole new article ("Điều 31a … được bổ sung"): its khoản are new too
                or (not e.partial and not whole and _INSERTED_ID.search(e.target_unit) is not None)
                or (e.partial and not on_self and _INSERTED_ID.search(unit_id) is not None)
            )
            if inserted:
                if e.effective is None:
                    undated.append(e)
                else:
                    start = (e.effective, "in_force", e.id, f"inserted ({op})")
            elif on_self and e.effective is not None:
                events.append((e.effective, "amended", e.id, "partly supplemented"))
            continue
        if op in ("repeal", "replace_document", "expire", "suspend"):
            if e.partial and not on_self:
                if not placeholder:
                    continue
                status, reason = "cut", "repealed (partial repeal of an enclosing unit)"
            elif e.partial:
                status, reason = "amended", "partly repealed"
            else:
                status = "cut"
                reason = {
                    "suspend": "suspended",
                    "replace_document": "document replaced",
                    "expire": "document expired",
                }.get(op, "repealed" + (" with the whole document" if whole else ""))
            if e.effective is None:
                undated.append(e)
                continue
            if placeholder and status == "cut":
                dated_cut_of_placeholder = True
            events.append((e.effective, status, e.id, reason))
            continue
        # amend, replace_phrase, rename
        if e.partial and not on_self:
            continue
        if e.effective is None:
            undated.append(e)
            continue
        events.append((e.effective, "amended", e.id, op.replace("_", " ")))

    start_date, start_status, start_effect, start_reason = start
    if placeholder and not dated_cut_of_placeholder:
        return [
            Interval(
                "unknown",
                start_date,
                None,
                undated[0].id if undated else None,
                "repealed placeholder; the repeal's date is not stated",
            )
        ]
    if undated and not events:
        e = undated[0]
        return [Interval("unknown", start_date, None, e.id, f"{e.op} at an unstated date")]
    events.sort(key=lambda ev: (ev[0], -_RANK[ev[1]]))
    out: list[Interval] = []
    cur_from, cur_status, cur_effect, cur_reason = (
        start_date,
        start_status,
        start_effect,
        start_reason,
    )
    for when, status, eid, reason in events:
        if start_date is not None and when < start_date:
            # A change dated before the unit existed: the later start stands.
            continue
        if cur_status == "cut":  # nothing dated revives a cut unit (events are cut or amended)
            continue
        if cur_from is not None and when == cur_from:
            if _RANK[status] >= _RANK[cur_status]:
                cur_status, cur_effect, cur_reason = status, eid, reason
            continue
        out.append(Interval(cur_status, cur_from, when, cur_effect, cur_reason))
        cur_from, cur_status, cur_effect, cur_reason = when, status, eid, reason
    out.append(Interval(cur_status, cur_from, None, cur_effect, cur_reason))
    return out


def status_on(intervals: Sequence[Interval], on: date) -> Interval | None:
    """The interval holding date `on`, or None (the unit did not exist yet)."""
    for iv in intervals:
        if holds(iv.valid_from, iv.valid_to, on):
            return iv
    return None
