"""The interval rule's SQL form against its Python form, and status_on's choice between dated and
undated intervals — on an in-memory table, fast enough to run for every mutant."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, Table, create_engine, insert, select

from registry.interval import holds, holds_sql
from registry.queries.common import status_on

EDGE = date(2018, 11, 12)
BOUNDS: list[date | None] = [None, EDGE - timedelta(days=1), EDGE, EDGE + timedelta(days=1)]


def test_sql_and_python_agree_on_every_edge() -> None:
    engine = create_engine("sqlite://")
    meta = MetaData()
    t = Table("t", meta, Column("id", Integer, primary_key=True), Column("a", Date),
              Column("b", Date))  # fmt: skip
    meta.create_all(engine)
    rows = [{"a": a, "b": b} for a in BOUNDS for b in BOUNDS]
    with engine.begin() as conn:
        conn.execute(insert(t), rows)
        for on in (EDGE - timedelta(days=1), EDGE, EDGE + timedelta(days=1)):
            got = set(conn.execute(select(t.c.id).where(holds_sql(t.c.a, t.c.b, on))).scalars())
            want = {i for i, r in enumerate(rows, start=1) if holds(r["a"], r["b"], on)}
            assert got == want, on
    # The Python form itself at the edges: the start belongs to the interval, the end does not.
    assert holds(EDGE, None, EDGE) and not holds(EDGE, None, EDGE - timedelta(days=1))
    assert not holds(None, EDGE, EDGE) and holds(None, EDGE, EDGE - timedelta(days=1))


def _iv(status: str, start: date | None, end: date | None) -> dict[str, Any]:
    return {
        "status": status,
        "valid_from": start.isoformat() if start else None,
        "valid_to": end.isoformat() if end else None,
    }


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (EDGE - timedelta(days=1), "in_force"),  # the eve: the undated start still holds
        (EDGE, "cut"),  # the day: the dated interval is proof, and wins
        (EDGE + timedelta(days=1), "cut"),
    ],
)
def test_status_on_prefers_a_dated_interval(on: date, expected: str) -> None:
    history = [_iv("in_force", None, EDGE), _iv("cut", EDGE, None)]
    got = status_on(history, on)
    assert got is not None and got["status"] == expected


def test_status_on_undated_only_when_nothing_dated_holds() -> None:
    history = [_iv("unknown", None, None), _iv("in_force", EDGE, None)]
    assert status_on(history, EDGE - timedelta(days=1))["status"] == "unknown"  # type: ignore[index]
    assert status_on(history, EDGE)["status"] == "in_force"  # type: ignore[index]
    assert (
        status_on([_iv("in_force", EDGE, EDGE + timedelta(days=1))], EDGE - timedelta(days=1))
        is None
    )
    assert (
        status_on([_iv("in_force", EDGE, EDGE + timedelta(days=1))], EDGE + timedelta(days=1))
        is None
    )
