"""The registry's one interval rule, ``[valid_from, valid_to)``, asked through every real query.

Hypothesis draws status timelines (consecutive dated intervals, the first possibly open to the
past, the last possibly open to the future), stores them as ``condition_status`` rows of a real
SQLite registry, and asks on a drawn day D: the Python predicate, :func:`status_on` over the
stored history, the stats query, the conditions query, the business check and the scan's national
side must all answer the status of the interval containing D — computed here by bisection, not
by the rule under test. Days are drawn on and next to the boundaries, where a ``<`` turned ``<=``
changes the answer.
"""

from __future__ import annotations

import bisect
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert

from registry.interval import holds
from registry.queries.business import rules_for
from registry.queries.common import condition_statuses, status_on
from registry.queries.conditions import conditions_as_of
from registry.queries.stats import stats
from registry.scan.national import load_national
from registry.store import models as m
from registry.store.db import open_registry

STATUSES = ("in_force", "amended", "cut")
DAY0 = date(2015, 1, 1)


@st.composite
def timelines(draw: st.DrawFn) -> tuple[list[date | None], list[str], date | None]:
    """(starts, statuses, end): interval i is ``[starts[i], starts[i+1])``, the last ``[.., end)``."""
    n = draw(st.integers(1, 4))
    offsets = draw(st.lists(st.integers(0, 4000), min_size=n + 1, max_size=n + 1, unique=True))
    bounds = [DAY0 + timedelta(days=o) for o in sorted(offsets)]
    starts: list[date | None] = list(bounds[:n])
    if draw(st.booleans()):
        starts[0] = None  # known since the base text, date unknown
    end = bounds[n] if draw(st.booleans()) else None
    statuses = [draw(st.sampled_from(STATUSES)) for _ in range(n)]
    return starts, statuses, end


def expected(starts: list[date | None], statuses: list[str], end: date | None, d: date) -> str:
    """Status on `d` by bisection over the boundaries (None when no interval contains it)."""
    if end is not None and d >= end:
        return "none"
    dated = [s or date.min for s in starts]
    i = bisect.bisect_right(dated, d) - 1
    return "none" if i < 0 else statuses[i]


def days_near(starts: list[date | None], end: date | None) -> list[date]:
    """Every boundary, its eve and its morrow, and a day far on either side."""
    out = {date(2000, 1, 1), date(2035, 1, 1)}
    for b in [*starts, end]:
        if b is not None:
            out |= {b - timedelta(days=1), b, b + timedelta(days=1)}
    return sorted(out)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as tmp:
        eng = open_registry(f"sqlite:///{Path(tmp) / 'registry.db'}")
        now = datetime.now(UTC)
        with eng.begin() as conn:
            conn.execute(
                insert(m.table_of(m.SourceFile)),
                [{"id": 1, "path": "t", "sha256": "0" * 64, "size": 1, "format": "md",
                  "kind": "legal", "ingested_at": now, "info": {}}],
            )  # fmt: skip
            conn.execute(
                insert(m.table_of(m.Document)),
                [{"id": 1, "identity": "1/2015/NĐ-CP", "issuer": "CP", "number": "1/2015/NĐ-CP",
                  "number_key": "1/2015/nd-cp", "title": "t", "created_at": now}],
            )  # fmt: skip
            conn.execute(
                insert(m.table_of(m.DocumentVersion)),
                [{"id": 1, "document_id": 1, "source_file_id": 1, "path": "t",
                  "ingested_at": now}],
            )  # fmt: skip
            conn.execute(
                insert(m.table_of(m.BusinessLine)),
                [{"id": 1, "number": "99", "name": "Kinh doanh thử", "folded_name": "kinh doanh thu",
                  "source_file_id": 1}],
            )  # fmt: skip
        yield eng
        eng.dispose()


def _store(eng: Engine, tls: list[tuple[list[date | None], list[str], date | None]]) -> None:
    c, cs = m.table_of(m.Condition), m.table_of(m.ConditionStatus)
    cbl = m.table_of(m.ConditionBusinessLine)
    with eng.begin() as conn:
        for t in (cs, cbl, c):
            conn.execute(delete(t))
        for i, (starts, statuses, end) in enumerate(tls, start=1):
            conn.execute(
                insert(c),
                [{"id": i, "key": f"1/2015/NĐ-CP#dieu_{i}", "document_id": 1,
                  "document_number": "1/2015/NĐ-CP", "unit_id": f"dieu_{i}",
                  "text": f"Điều kiện {i}", "heading": "", "lead": "", "quantities": [],
                  "first_version_id": 1, "last_version_id": 1}],
            )  # fmt: skip
            conn.execute(insert(cbl), [{"condition_id": i, "business_line_number": "99"}])
            ends = [*starts[1:], end]
            conn.execute(
                insert(cs),
                [
                    {"condition_id": i, "status": s, "valid_from": a, "valid_to": b}
                    for a, b, s in zip(starts, ends, statuses, strict=True)
                ],
            )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(timelines(), min_size=1, max_size=3), st.data())
def test_every_query_answers_the_interval_containing_the_day(
    engine: Engine,
    tls: list[tuple[list[date | None], list[str], date | None]],
    data: st.DataObject,
) -> None:
    _store(engine, tls)
    candidates = sorted({d for s, _, e in tls for d in days_near(s, e)})
    days = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=6, unique=True))
    with engine.connect() as conn:
        history = condition_statuses(conn, range(1, len(tls) + 1))
        for d in days:
            want = {i: expected(*tl, d) for i, tl in enumerate(tls, start=1)}
            # the Python predicate, interval by interval
            for i, (starts, statuses, end) in enumerate(tls, start=1):
                ends = [*starts[1:], end]
                hits = [s for a, b, s in zip(starts, ends, statuses, strict=True) if holds(a, b, d)]
                assert hits == ([] if want[i] == "none" else [want[i]]), (i, d)
            # status_on over the stored history
            got = {i: (iv["status"] if (iv := status_on(history[i], d)) else "none") for i in want}
            assert got == want, d
            # the conditions query (stats and lists)
            views = {v.id: v.status for v in conditions_as_of(conn, d)}
            assert views == {i: s for i, s in want.items() if s != "none"}, d
            # stats
            counts = stats(conn, d)["conditions"]
            present = [s for s in want.values() if s != "none"]
            assert counts["total"] == len(present), d
            assert counts["cut"] == present.count("cut"), d
            assert counts["in_force"] == len(present) - present.count("cut"), d
            # the business check
            rules = rules_for(conn, "99", as_of=d)["conditions"]
            by_bucket = {it["id"]: b for b, items in rules.items() for it in items}
            assert by_bucket == {
                i: ("cut" if s == "cut" else "in_force") for i, s in want.items() if s != "none"
            }, d
            # the scan's national side
            national = {
                int(nc.id.rsplit("_", 1)[1]): str(nc.status)
                for nc in load_national(conn, d).conditions
            }
            assert national == {i: s for i, s in want.items() if s != "none"}, d


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "on", "inside"),
    [
        (date(2018, 1, 15), None, date(2018, 1, 14), False),  # the eve: not yet
        (date(2018, 1, 15), None, date(2018, 1, 15), True),  # the effective day belongs to it
        (None, date(2018, 11, 12), date(2018, 11, 11), True),  # the eve of a cut: still in force
        (None, date(2018, 11, 12), date(2018, 11, 12), False),  # the day of the cut: ended
        (date(2025, 7, 1), date(2025, 7, 2), date(2025, 7, 1), True),  # one-day interval
        (date(2025, 7, 1), date(2025, 7, 1), date(2025, 7, 1), False),  # empty interval
        (None, None, date(1900, 1, 1), True),
    ],
)
def test_holds_at_the_edges(
    valid_from: date | None, valid_to: date | None, on: date, inside: bool
) -> None:
    assert holds(valid_from, valid_to, on) is inside
