"""The text in force on a date (registry.consolidation.provision_text.text_on): the one function every reader
asks; eve, day and day after of a change, a cut, an amendment whose words are not known."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, select

from registry.consolidation.provision_text import text_on, texts_on
from registry.store import models as m
from registry.store.ingest import ingest_paths
from tests.conftest import real_file

D0, D1, D2 = date(2017, 7, 1), date(2018, 11, 12), date(2020, 1, 1)


def _row(status: str, start: date | None, end: date | None, text: str | None) -> SimpleNamespace:
    return SimpleNamespace(status=status, valid_from=start, valid_to=end, text=text)


AMENDED = [_row("in_force", D0, D1, "50 m²"), _row("amended", D1, None, "30 m²")]
CUT = [_row("in_force", D0, D1, "kho 10 m²"), _row("cut", D1, None, None)]
AMENDED_THEN_CUT = [
    _row("in_force", D0, D1, "18 tháng"),
    _row("amended", D1, D2, "12 tháng"),
    _row("cut", D2, None, None),
]
NO_WORDS = [_row("in_force", D0, D1, None), _row("amended", D1, None, None)]
SAME_WORDS = [_row("in_force", D0, D1, "50 m²"), _row("amended", D1, None, "50 m²")]


@pytest.mark.parametrize(
    ("rows", "on", "text", "cut", "stale", "since"),
    [
        (AMENDED, date(2018, 11, 11), "50 m²", False, False, "2017-07-01"),
        (AMENDED, D1, "30 m²", False, False, "2018-11-12"),
        (AMENDED, date(2018, 11, 13), "30 m²", False, False, "2018-11-12"),
        (AMENDED, date(2016, 1, 1), "50 m²", False, False, "2017-07-01"),
        (CUT, date(2018, 11, 11), "kho 10 m²", False, False, "2017-07-01"),
        (CUT, D1, "kho 10 m²", True, False, "2018-11-12"),
        (AMENDED_THEN_CUT, date(2019, 1, 1), "12 tháng", False, False, "2018-11-12"),
        (AMENDED_THEN_CUT, D2, "12 tháng", True, False, "2020-01-01"),
        (NO_WORDS, date(2019, 1, 1), "stored", False, True, "2018-11-12"),
        (NO_WORDS, date(2018, 1, 1), "stored", False, False, "2017-07-01"),
        (SAME_WORDS, date(2019, 1, 1), "50 m²", False, True, "2018-11-12"),
        ([], date(2019, 1, 1), "stored", False, False, None),
    ],
)
def test_text_on(
    rows: list[SimpleNamespace],
    on: date,
    text: str,
    cut: bool,
    stale: bool,
    since: str | None,
) -> None:
    said = text_on(rows, on, "stored")
    assert (said.text, said.cut, said.stale, said.since) == (text, cut, stale, since)


def test_earlier_texts_are_the_ones_before() -> None:
    said = text_on(AMENDED_THEN_CUT, date(2019, 1, 1), "")
    assert [h["text"] for h in said.earlier()] == ["18 tháng"]
    assert [h["text"] for h in text_on(AMENDED, date(2018, 1, 1), "").earlier()] == []


@pytest.mark.real
@pytest.mark.parametrize(
    ("on", "words", "earlier"),
    [
        (date(2023, 9, 4), "50.000 đồng/01 mẫu.", 0),
        (date(2023, 9, 5), "50.000 đồng/01 mộ thực hiện lấy mẫu.", 1),
        (date(2023, 9, 6), "50.000 đồng/01 mộ thực hiện lấy mẫu.", 1),
    ],
)
def test_real_amendment_reads_its_new_words_from_the_day_it_takes_effect(
    registry_db: Engine, on: date, words: str, earlier: int
) -> None:
    """Decree 55/2023/NĐ-CP rewords điểm c khoản 1 Điều 12 of 75/2021/NĐ-CP from 05/09/2023."""
    files = [
        real_file("nd-75-2021-ND-CP-goc.md"),
        real_file("nd-55-2023-ND-CP-sua-doi-nd-75-2021.md"),
    ]
    ingest_paths(registry_db, files)
    d = m.table_of(m.Document)
    with registry_db.connect() as conn:
        doc = conn.execute(select(d.c.id).where(d.c.number == "75/2021/NĐ-CP")).scalar_one()
        key = (doc, "dieu_12__khoan_1__diem_c")
        said = texts_on(conn, [key], on, {key: "stored"})[key]
    assert said.text.endswith(words) and said.dated and not said.cut
    assert len(said.earlier()) == earlier


def test_cut_condition_without_words_says_so() -> None:
    from types import SimpleNamespace as Row

    from registry.queries.condition_fields import condition_text_fields

    c = Row(document_number="54/2017/NĐ-CP", unit_id="dieu_23__khoan_2")
    said = text_on([_row("in_force", D0, D1, None), _row("cut", D1, None, None)], D2, "")
    fields = condition_text_fields(c, said)
    assert fields["text"] == "" and "không có" in fields["text_note"]
    assert fields["citation"] == "khoản 2 Điều 23 Nghị định số 54/2017/NĐ-CP"
    said = text_on(CUT, D2, "")
    assert condition_text_fields(c, said)["text_note"] == "Nội dung cuối cùng trước khi bị cắt giảm"
