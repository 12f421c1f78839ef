"""Provision text versions in the registry: consolidation fills ``provision_status.text``.

On the bundled sample, NĐ 155/2018 (in force 2018-11-12) rewrites khoản 1 Điều 3 of NĐ 54/2017:
the minimum display area goes from 50 m² to 30 m². The registry must give the old text up to
2018-11-11 and the new one from 2018-11-12, every row of a re-consolidation identical.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from registry.consolidation.provision_text import TextVersion, split_by_text
from registry.consolidation.rebuild import consolidate
from registry.consolidation.timeline import Interval
from registry.store import models as m
from registry.store.ingest import ingest_paths

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample" / "national"
FILES = [
    SAMPLE / "nd-54-2017-ND-CP-kinh-doanh-duoc.html",
    SAMPLE / "nd-155-2018-ND-CP-sua-doi-dieu-kien-kinh-doanh-y-te.md",
]


def _rows(engine: Engine, number: str, unit_id: str) -> list[tuple[object, ...]]:
    ps = m.table_of(m.ProvisionStatus)
    d = m.table_of(m.Document)
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(ps.c.status, ps.c.valid_from, ps.c.valid_to, ps.c.text, ps.c.effect_id)
                .join(d, d.c.id == ps.c.document_id)
                .where(d.c.number == number, ps.c.unit_id == unit_id)
                .order_by(ps.c.valid_from)
            )
        ]


def _text_on(rows: list[tuple[object, ...]], on: date) -> str | None:
    for _status, start, end, text, _eid in rows:
        if (start is None or start <= on) and (end is None or on < end):  # type: ignore[operator]
            return text  # type: ignore[return-value]
    return None


def test_sample_provision_text_before_and_after_the_amendment(registry_db: Engine) -> None:
    ingest_paths(registry_db, FILES, max_bytes=10_000_000)
    rows = _rows(registry_db, "54/2017/NĐ-CP", "dieu_3__khoan_1")
    before = _text_on(rows, date(2018, 11, 11))
    after = _text_on(rows, date(2018, 11, 12))
    assert before is not None and "tối thiểu 50 m²" in before
    assert after is not None and "tối thiểu 30 m²" in after and "50 m²" not in after
    # The amended interval points to the effect; the original one to none.
    assert rows[-1][0] == "amended" and rows[-1][4] is not None
    # Provisions no effect touched still carry their original text.
    untouched = _rows(registry_db, "54/2017/NĐ-CP", "dieu_1")
    assert untouched and all(r[3] is not None for r in untouched)
    # Idempotent: consolidating again leaves the same rows.
    consolidate(registry_db)
    again = _rows(registry_db, "54/2017/NĐ-CP", "dieu_3__khoan_1")
    # Effect ids are stable across consolidations (effects are not re-inserted).
    assert again == rows


D1, D2, D3 = date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1)


def test_split_by_text_cuts_intervals_where_the_text_changes() -> None:
    intervals = [Interval("in_force", D1, D3, None, "commenced"), Interval("cut", D3, None, 9, "x")]
    versions = [
        TextVersion(D1, D2, "old"),
        TextVersion(D2, D3, "new", 7),
        TextVersion(D3, None, None, 9),
    ]
    rows = split_by_text(intervals, versions)
    assert [(r["status"], r["valid_from"], r["valid_to"], r["text"]) for r in rows] == [
        ("in_force", D1, D2, "old"),
        ("in_force", D2, D3, "new"),
        ("cut", D3, None, None),
    ]


def test_split_by_text_before_the_unit_existed_has_no_text() -> None:
    rows = split_by_text([Interval("in_force", D2, None)], [TextVersion(D2, None, "inserted")])
    assert [(r["valid_from"], r["text"]) for r in rows] == [(D2, "inserted")]
    rows = split_by_text([Interval("unknown", None, None)], [TextVersion(D2, None, "x")])
    assert [(r["valid_from"], r["valid_to"], r["text"]) for r in rows] == [
        (None, D2, None),
        (D2, None, "x"),
    ]
