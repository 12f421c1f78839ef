"""The diff's rules on hand-made inputs: supersession, stale bases, procedure versions, review."""

from __future__ import annotations

from datetime import date

import pytest

from registry.matching.model import LegalBasis
from registry.scan.diff import GapRecord, basis_gaps, procedure_gaps
from registry.scan.gaps import TRANSITIONS
from registry.scan.national import EffectRow, NationalSide, ProcedureEvent
from registry.scan.partitions import partition_for, partition_of, territory
from registry.scan.provincial import ProvincialProcedure, counted

D = date.fromisoformat


def proc(
    pid: int,
    province: str,
    signed: str,
    code: str = "1.000001",
    bases: tuple[tuple[str, str], ...] = (),
    action: str = "",
) -> ProvincialProcedure:
    part = partition_of(province, "", D(signed))
    return ProvincialProcedure(
        id=pid,
        code=code,
        name="Cấp giấy phép",
        province_code=province,
        province_written=province,
        successor_code=part,
        decision_document_id=pid,
        decision_number=f"{pid}/QĐ-UBND",
        signed=D(signed),
        action=action,
        partition=part,
        bases=[LegalBasis(d, u) for d, u in bases],
        base_texts=[f"Nghị định số {d}" for d, _ in bases],
    )


def national(
    effects: dict[str, list[EffectRow]] | None = None,
    events: dict[str, list[ProcedureEvent]] | None = None,
    as_of: str = "2026-01-01",
) -> NationalSide:
    return NationalSide(D(as_of), [], {}, effects or {}, events or {}, {})


@pytest.mark.parametrize(
    ("procs", "expected"),
    [
        # the later decision of the same province replaces the earlier one
        ([("60", "2016-03-03"), ("60", "2019-01-01")], [False, True]),
        # another old province's decision does not
        ([("60", "2016-03-03"), ("68", "2019-01-01")], [True, True]),
        # a post-merger unit's decision covers the old provinces merged into it
        ([("60", "2016-03-03"), ("68", "2025-08-25")], [False, True]),
        # … but only them
        ([("02", "2019-06-12"), ("68", "2025-08-25")], [True, True]),
        # and it counts only if it is the latest on every territory it covers
        ([("68", "2025-08-25"), ("60", "2025-09-01")], [False, True]),
    ],
)
def test_supersession(procs: list[tuple[str, str]], expected: list[bool]) -> None:
    ps = [proc(i, p, d) for i, (p, d) in enumerate(procs, start=1)]
    live = {p.id for p in counted(ps)}
    assert [p.id in live for p in ps] == expected


def test_abolished_listing_is_not_a_procedure() -> None:
    ps = [proc(1, "40", "2019-01-01"), proc(2, "40", "2020-01-01", action="abolished")]
    assert counted(ps) == []


def test_territory_and_partition() -> None:
    assert territory("68", D("2025-08-25")) == ("60", "67", "68")
    assert territory("68", D("2020-01-01")) == ("68",)
    assert partition_of("77", "") == "79"
    assert partition_of("79", "79") == "79"
    assert partition_for("Bình Thuận") == "68"
    assert partition_for("60") == "68"
    assert partition_for("Thành phố Hồ Chí Minh") == "79"
    with pytest.raises(ValueError):
        partition_for("Atlantis")


def _eff(eid: int, unit: str, by: str, by_unit: str, day: str) -> EffectRow:
    return EffectRow(eid, unit, by, by_unit, D(day), "Bãi bỏ …")


@pytest.mark.parametrize(
    ("cited_unit", "signed", "expected"),
    [
        ("", "2016-03-03", ("08/2018/NĐ-CP", "dieu_1", "2018-01-15")),  # whole document
        ("dieu_9", "2016-03-03", ("08/2018/NĐ-CP", "dieu_1", "2018-01-15")),  # effect under it
        ("dieu_8", "2016-03-03", ("20/2020/NĐ-CP", "dieu_3", "2020-05-01")),  # first one on it
        ("dieu_7", "2016-03-03", None),  # nothing touched Điều 7
        ("", "2020-06-01", None),  # changed before the provincial text: no gap
        ("", "2019-06-01", ("20/2020/NĐ-CP", "dieu_3", "2020-05-01")),
        # signed the day a change took effect: the decision already follows it
        ("", "2018-01-15", ("20/2020/NĐ-CP", "dieu_3", "2020-05-01")),
        ("", "2018-01-14", ("08/2018/NĐ-CP", "dieu_1", "2018-01-15")),  # the eve: it does not
    ],
)
def test_stale_basis(cited_unit: str, signed: str, expected: tuple[str, str, str] | None) -> None:
    effects = {
        "83/2014/nd-cp": [
            _eff(1, "dieu_9__khoan_1", "08/2018/NĐ-CP", "dieu_1__khoan_4", "2018-01-15"),
            _eff(2, "dieu_8__khoan_2", "20/2020/NĐ-CP", "dieu_3__khoan_1", "2020-05-01"),
            _eff(3, "dieu_8", "30/2027/NĐ-CP", "dieu_1", "2027-01-01"),  # after the scan date
        ]
    }
    p = proc(1, "60", signed, bases=(("83/2014/NĐ-CP", cited_unit),))
    gaps = basis_gaps([p], national(effects))
    got = [
        (g.effect_document, g.effect_unit, g.effective.isoformat() if g.effective else "")
        for g in gaps
    ]
    assert got == ([expected] if expected else [])
    for g in gaps:
        assert (g.kind, g.document, g.unit) == ("basis", "83/2014/NĐ-CP", cited_unit)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-04-30", None),  # the eve of the change: nothing yet
        ("2020-05-01", "20/2020/NĐ-CP"),  # the scan on the day it takes effect sees it
    ],
)
def test_stale_basis_on_the_scan_date(as_of: str, expected: str | None) -> None:
    effects = {"83/2014/nd-cp": [_eff(2, "dieu_8", "20/2020/NĐ-CP", "dieu_3", "2020-05-01")]}
    p = proc(1, "60", "2019-06-01", bases=(("83/2014/NĐ-CP", ""),))
    gaps = basis_gaps([p], national(effects, as_of=as_of))
    assert [g.effect_document for g in gaps] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("signed", "events", "expected"),
    [
        ("2016-03-03", [("amended", "1523/QĐ-BCT", "2018-03-20")], "1523/QĐ-BCT"),
        ("2019-01-01", [("amended", "1523/QĐ-BCT", "2018-03-20")], None),  # listed the new one
        ("2020-07-14", [("abolished", "7868/QĐ-BYT", "2018-12-10")], "7868/QĐ-BYT"),  # any listing
        (
            "2016-03-03",
            [("amended", "1/QĐ-BCT", "2017-01-01"), ("amended", "2/QĐ-BCT", "2018-01-01")],
            "1/QĐ-BCT",
        ),
        ("2016-03-03", [("abolished", "9/QĐ-BCT", "2027-01-01")], None),  # after the scan date
        ("2016-03-03", [("abolished", "9/QĐ-BCT", "2026-01-01")], "9/QĐ-BCT"),  # on the scan date
        ("2018-03-20", [("amended", "1523/QĐ-BCT", "2018-03-20")], None),  # same day: follows it
        ("2018-03-19", [("amended", "1523/QĐ-BCT", "2018-03-20")], "1523/QĐ-BCT"),  # the eve
    ],
)
def test_outdated_procedure(
    signed: str, events: list[tuple[str, str, str]], expected: str | None
) -> None:
    evs = {"2.000645": [ProcedureEvent("2.000645", a, d, D(day), "BCT") for a, d, day in events]}
    gaps = procedure_gaps([proc(1, "60", signed, code="2.000645")], national(events=evs))
    assert [g.document for g in gaps] == ([expected] if expected else [])


def test_fingerprint_ignores_score_and_evidence() -> None:
    a = GapRecord(
        "cut",
        "68",
        "Bình Thuận",
        "60",
        "68",
        "512/QĐ-UBND",
        D("2016-03-03"),
        "2.000645",
        requirement_index=1,
        condition_key="83/2014/NĐ-CP#dieu_9__khoan_1",
        score=91.0,
    )
    b = GapRecord.from_payload({**a.to_payload(), "score": 99.0, "evidence": {"x": 1}})
    assert a.key == b.key
    c = GapRecord.from_payload({**a.to_payload(), "requirement_index": 2})
    assert c.key != a.key


def test_review_workflow_shape() -> None:
    assert "confirmed" in TRANSITIONS["open"] and "false_positive" in TRANSITIONS["open"]
    assert TRANSITIONS["confirmed"] >= {"notified"} and TRANSITIONS["notified"] >= {"fixed"}
    assert "fixed" not in TRANSITIONS["open"]  # a gap is confirmed and notified before it is fixed
