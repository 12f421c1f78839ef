"""`_UnitIndex` orders units by start, the longer first, as a sort on (start, -end) does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from parsers import effects


@dataclass
class _U:
    start: int
    end: int
    n: int


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=15))
def test_unit_order(spans: list[tuple[int, int]]) -> None:
    units = [_U(a, b, i) for i, (a, b) in enumerate(spans)]
    index = effects._UnitIndex(cast(Any, units))
    index.at(0)
    expected = sorted(units, key=lambda u: (u.start, -u.end))
    assert [u.n for u in cast(list[_U], index.units)] == [u.n for u in expected]
