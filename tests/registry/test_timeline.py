"""Status timelines: table-driven cases of what an effect proves and what it does not."""

from __future__ import annotations

from datetime import date

import pytest

from registry.consolidation.timeline import EffectRef, Interval, status_on, timeline

D0 = date(2017, 7, 1)
D1 = date(2018, 11, 12)
D2 = date(2020, 1, 1)

E = EffectRef


def _shape(ivs: list[Interval]) -> list[tuple[str, date | None, date | None]]:
    return [(iv.status, iv.valid_from, iv.valid_to) for iv in ivs]


CASES = [
    # (unit, commenced, effects, placeholder, expected)
    # A whole inserted article (105/2017's Điều 31a, by 17/2020): its khoản exist from then only.
    ("dieu_31a__khoan_1", D0, [E(1, "insert", "dieu_31a", D2)], False, [("in_force", D2, None)]),
    # An insert naming an original article (a note's "sửa đổi, bổ sung") creates no khoản.
    ("dieu_4__khoan_1", D0, [E(1, "insert", "dieu_4", D2)], False, [("in_force", D0, None)]),
    ("dieu_5__khoan_2", D0, [], False, [("in_force", D0, None)]),
    ("dieu_5__khoan_2", None, [], False, [("unknown", None, None)]),
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "repeal", "dieu_5__khoan_2", D1)],
        False,
        [("in_force", D0, D1), ("cut", D1, None)],
    ),
    # Repeal of an ancestor, or of the whole document, cuts the child.
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "repeal", "dieu_5", D1)],
        False,
        [("in_force", D0, D1), ("cut", D1, None)],
    ),
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "replace_document", "", D2)],
        False,
        [("in_force", D0, D2), ("cut", D2, None)],
    ),
    # A partial repeal of the article cuts only placeholders below it.
    ("dieu_5__khoan_2", D0, [E(1, "repeal", "dieu_5", D1, True)], False, [("in_force", D0, None)]),
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "repeal", "dieu_5", D1, True)],
        True,
        [("in_force", D0, D1), ("cut", D1, None)],
    ),
    # A placeholder with no dated repeal is unknown, not in force.
    ("dieu_5__khoan_2", D0, [], True, [("unknown", D0, None)]),
    # Amendments: amended from their date; partial amendment of the article leaves children alone.
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "amend", "dieu_5__khoan_2", D1)],
        False,
        [("in_force", D0, D1), ("amended", D1, None)],
    ),
    ("dieu_5__khoan_2", D0, [E(1, "amend", "dieu_5", D1, True)], False, [("in_force", D0, None)]),
    # Inserted units do not exist before their insertion.
    (
        "dieu_5__khoan_2a",
        D0,
        [E(1, "insert", "dieu_5__khoan_2a", D1)],
        False,
        [("in_force", D1, None)],
    ),
    ("dieu_5__khoan_2a", D0, [E(1, "insert", "dieu_5", D1, True)], False, [("in_force", D1, None)]),
    # Undated change: unknown from commencement.
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "repeal", "dieu_5__khoan_2", None)],
        False,
        [("unknown", D0, None)],
    ),
    # Amended, then repealed; a later amendment does not revive a cut unit.
    (
        "dieu_5",
        D0,
        [
            E(2, "repeal", "dieu_5", D2),
            E(1, "amend", "dieu_5", D1),
            E(3, "amend", "dieu_5", date(2021, 1, 1)),
        ],
        False,
        [("in_force", D0, D1), ("amended", D1, D2), ("cut", D2, None)],
    ),
    # Same-day amend and repeal: the repeal wins.
    (
        "dieu_5",
        D0,
        [E(1, "amend", "dieu_5", D1), E(2, "repeal", "dieu_5", D1)],
        False,
        [("in_force", D0, D1), ("cut", D1, None)],
    ),
    # A partial change of the unit itself (not of its article) amends it.
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "amend", "dieu_5__khoan_2", D1, True)],
        False,
        [("in_force", D0, D1), ("amended", D1, None)],
    ),
    # A placeholder partly changed, never cut on a date: still unknown.
    (
        "dieu_5__khoan_2",
        D0,
        [E(1, "repeal", "dieu_5__khoan_2", D1, True)],
        True,
        [("unknown", D0, None)],
    ),
    # A change dated before the unit existed is not applied.
    ("dieu_5", D1, [E(1, "amend", "dieu_5", D0)], False, [("in_force", D1, None)]),
    # A cut on the day the document commences: cut from that day, no empty interval before.
    ("dieu_5", D1, [E(1, "repeal", "dieu_5", D1)], False, [("cut", D1, None)]),
    # Suspension is reported as cut (reason says suspended).
    (
        "dieu_5",
        D0,
        [E(1, "suspend", "dieu_5", D1)],
        False,
        [("in_force", D0, D1), ("cut", D1, None)],
    ),
]


@pytest.mark.parametrize(("unit", "commenced", "effects", "placeholder", "expected"), CASES)
def test_timeline(
    unit: str,
    commenced: date | None,
    effects: list[EffectRef],
    placeholder: bool,
    expected: list[tuple[str, date | None, date | None]],
) -> None:
    assert (
        _shape(timeline(unit, commenced=commenced, effects=effects, placeholder=placeholder))
        == expected
    )


def test_status_on_before_commencement_is_none() -> None:
    ivs = timeline("dieu_1", commenced=D1, effects=[])
    assert status_on(ivs, D0) is None
    got = status_on(ivs, D2)
    assert got is not None and got.status == "in_force"


def test_cut_points_to_its_effect() -> None:
    ivs = timeline("dieu_1", commenced=D0, effects=[E(42, "repeal", "dieu_1", D1)])
    assert ivs[-1].effect_id == 42 and ivs[-1].reason == "repealed"


def test_reasons_and_effects_of_same_day_and_whole_document_changes() -> None:
    whole = timeline("dieu_1", commenced=D0, effects=[E(7, "repeal", "", D1)])
    assert whole[-1].reason == "repealed with the whole document"
    alone = timeline("dieu_1", commenced=D0, effects=[E(8, "repeal", "dieu_1", D1)])
    assert alone[-1].reason == "repealed"
    # Two amendments on one day: the interval cites the last one listed.
    twice = timeline(
        "dieu_1", commenced=D0, effects=[E(1, "amend", "dieu_1", D1), E(2, "amend", "dieu_1", D1)]
    )
    assert [(iv.status, iv.effect_id) for iv in twice] == [("in_force", None), ("amended", 2)]
