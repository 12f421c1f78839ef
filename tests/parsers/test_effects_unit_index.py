"""`_UnitIndex` orders units by start, the longer first, as a sort on (start, -end) does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from parsers.effects import units as effects_units
from parsers.model import units_by_start


@dataclass
class _U:
    start: int
    end: int
    n: int


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=15))
def test_unit_order(spans: list[tuple[int, int]]) -> None:
    units = [_U(a, b, i) for i, (a, b) in enumerate(spans)]
    index = effects_units._UnitIndex(cast(Any, units))
    index.at(0)
    expected = sorted(units, key=lambda u: (u.start, -u.end))
    assert [u.n for u in cast(list[_U], index.units)] == [u.n for u in expected]


@given(
    st.one_of(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=15),
        # distinct ascending starts: the structure parser's order, returned without sorting
        st.lists(st.integers(0, 9), max_size=15, unique=True).map(
            lambda ends: [(i, e) for i, e in enumerate(ends)]
        ),
    )
)
def test_units_by_start(spans: list[tuple[int, int]]) -> None:
    units = [_U(a, b, i) for i, (a, b) in enumerate(spans)]
    expected = sorted(units, key=lambda u: (u.start, -u.end))
    got = cast(list[_U], units_by_start(cast(Any, units)))
    assert [u.n for u in got] == [u.n for u in expected]
    assert got is not units
