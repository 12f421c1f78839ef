"""Decree 155/2018/NĐ-CP on Decree 54/2017/NĐ-CP, checked against Pháp điển's own notes.

`phapdien-amendment-notes.tsv` holds one note per article of 54/2017 that 155/2018 changed ("có
nội dung bị bãi bỏ", "có nội dung được sửa đổi", …, effective 12/11/2018). The notes name whole
articles; the consolidated text marks each repealed piece "(được bãi bỏ)". The registry cuts a
condition when it is such a repealed piece inside an article the notes say was partly repealed.

`REPEAL_NOTES` accounts for every one of the 43 repeal notes, read article by article in the
Pháp điển page (headings and repealed placeholders), with the number of conditions it must cut:

- ``cond``: the article's repealed pieces are conditions (facilities, staff, the requirements
  on an exam organiser); each placeholder is one cut;
- ``not_cond``: the repealed pieces are dossier items, procedure steps, duties of an office,
  the criteria for a permit to import or export a consignment (Điều 58–85) or requirements on
  drug-information and advertising dossiers (Điều 111, 124) — not business conditions by
  FIDELITY.md's definition, so the extractor holds none and there is nothing to cut;
- ``no_mark``: the consolidated text marks no piece "(được bãi bỏ)" (the repealed words were
  just dropped), so the article's text is today's and no condition can say which part went;
- ``misplaced``: the page prints this note under Điều 5 of Thông tư 48/2018/TT-BYT and gives
  Điều 68 itself only as a one-line summary, so no provision, effect or condition exists for it.

That is 43 notes, 42 repeal effects (all but the misplaced one) and 21 cuts.

The 49 amend effects: each amend note also names a whole article ("có nội dung được sửa đổi")
without saying which khoản or điểm changed, and the page already gives the amended text. The
timeline therefore does not spread a partial change of an article onto each of its conditions
(that would call unchanged ones "amended"): they stay ``in_force`` from 01/07/2017, with
today's text. This is why no condition of 54/2017 is "amended" — by design, not by a lost
effect; the text shown for a date before 12/11/2018 is then the amended one (issue 12 item 1).
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from typing import Literal

import pytest
from sqlalchemy import Engine, select

from registry.queries.conditions import conditions_as_of
from registry.store import models as m
from registry.store.ingest_files import IngestReport
from tests.conftest import real_file

pytestmark = [pytest.mark.real, pytest.mark.slow]

Why = Literal["cond", "not_cond", "no_mark", "misplaced"]

# article of 54/2017 → (conditions the repeal cuts, why), one row per repeal note of 155/2018.
REPEAL_NOTES: dict[str, tuple[int, Why]] = {
    "4": (0, "not_cond"),  # hồ sơ cấp lại Chứng chỉ hành nghề: a dossier item
    "14": (0, "not_cond"),  # trách nhiệm của cơ sở đào tạo: duties of a school
    "19": (0, "not_cond"),  # cơ sở thực hành chuyên môn: where pharmacists train
    "23": (1, "cond"),  # yêu cầu đối với cơ sở tổ chức thi: requirements on the organiser
    "28": (0, "not_cond"),  # tổ chức thi: how the exam runs
    "32": (0, "not_cond"),  # hồ sơ cấp Giấy chứng nhận: dossier
    "38": (1, "cond"),  # điều kiện bán lẻ thuốc lưu động
    "40": (0, "not_cond"),  # thủ tục thông báo: procedure
    "43": (11, "cond"),  # cơ sở vật chất (thuốc phải kiểm soát đặc biệt): 11 points repealed
    "44": (8, "cond"),  # nhân sự (thuốc phải kiểm soát đặc biệt): 8 pieces repealed
    "49": (0, "not_cond"),  # hồ sơ đề nghị cho phép kinh doanh: dossier
    "53": (0, "not_cond"),  # hồ sơ đề nghị mua thuốc: dossier
    "58": (0, "not_cond"),  # tiêu chí cấp phép xuất khẩu: approval of a consignment
    "60": (0, "not_cond"),  # cấp phép xuất khẩu: the licensing procedure
    "62": (0, "not_cond"),  # tiêu chí xuất khẩu thuốc kiểm soát đặc biệt: a consignment
    "65": (0, "not_cond"),  # tiêu chí nhập khẩu: approval of a consignment
    "66": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "68": (0, "misplaced"),
    "69": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "70": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "71": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "73": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "74": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "75": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "76": (0, "not_cond"),  # giấy tờ trong hồ sơ: dossier papers
    "78": (0, "not_cond"),  # quản lý hoạt động nhập khẩu: duties after import
    "82": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "84": (0, "not_cond"),  # hồ sơ nhập khẩu dược chất: dossier
    "85": (0, "not_cond"),  # tiêu chí, hồ sơ cấp phép nhập khẩu: a consignment
    "86": (0, "not_cond"),  # hồ sơ nhập khẩu tá dược: dossier
    "93": (0, "not_cond"),  # đăng ký lưu hành dược liệu: product registration
    "98": (0, "not_cond"),  # hồ sơ đánh giá thực hành tốt: dossier
    "100": (0, "not_cond"),  # trách nhiệm của cơ sở đăng ký thuốc: duties
    "104": (0, "no_mark"),  # xử lý nguyên liệu bị thu hồi: no "(được bãi bỏ)" in the text
    "107": (0, "not_cond"),  # trường hợp cấp giấy xác nhận thông tin thuốc: procedure
    "108": (0, "not_cond"),  # hồ sơ: dossier
    "111": (0, "not_cond"),  # yêu cầu đối với tài liệu thông tin thuốc: dossier papers
    "121": (0, "not_cond"),  # hồ sơ quảng cáo: dossier
    "124": (0, "not_cond"),  # yêu cầu đối với hồ sơ quảng cáo: advertising dossier
    "130": (0, "not_cond"),  # hồ sơ kê khai giá: dossier
    "131": (0, "not_cond"),  # trình tự kê khai giá: procedure
    "134": (0, "not_cond"),  # nguyên tắc rà soát giá: an office's rule
    "141": (0, "no_mark"),  # lộ trình thực hành tốt: no "(được bãi bỏ)" in the text
}

EVE, DAY, MORROW = date(2018, 11, 11), date(2018, 11, 12), date(2018, 11, 13)


def _notes(operation: str) -> list[dict[str, str]]:
    with real_file("phapdien-amendment-notes.tsv").open(encoding="utf-8", newline="") as f:
        return [
            r
            for r in csv.DictReader(f, delimiter="\t")
            if "155/2018/NĐ-CP" in r["amended_by"]
            and r["source_doc_no"] == "54/2017/NĐ-CP"
            and operation in r["operations"]
        ]


def _article(unit_id: str) -> str:
    return unit_id.split("__", 1)[0].removeprefix("dieu_")


def test_every_repeal_note_is_accounted_for(real_registry: tuple[Engine, IngestReport]) -> None:
    notes = _notes("bị bãi bỏ")
    assert len(notes) == 43
    assert sorted(r["source_article"] for r in notes) == sorted(REPEAL_NOTES)
    for r in notes:
        assert "12/11/2018" in r["note"], r["source_article"]

    engine, _ = real_registry
    e = m.table_of(m.Effect)
    p = m.table_of(m.Provision)
    d = m.table_of(m.Document)
    with engine.connect() as conn:
        doc_id = conn.execute(select(d.c.id).where(d.c.number == "54/2017/NĐ-CP")).scalar_one()
        repeals = {
            r.target_unit: r
            for r in conn.execute(
                select(e).where(
                    e.c.by_document == "155/2018/NĐ-CP",
                    e.c.target_document == "54/2017/NĐ-CP",
                    e.c.op == "repeal",
                )
            )
        }
        placeholders = Counter(
            _article(u)
            for u in conn.execute(
                select(p.c.unit_id).where(p.c.document_id == doc_id, p.c.repealed)
            ).scalars()
        )
        articles = {
            _article(u)
            for u in conn.execute(select(p.c.unit_id).where(p.c.document_id == doc_id)).scalars()
        }
        eve = {c.key: c for c in conditions_as_of(conn, EVE, document="54/2017/NĐ-CP")}
        day = {c.key: c for c in conditions_as_of(conn, DAY, document="54/2017/NĐ-CP")}
        morrow = {c.key: c for c in conditions_as_of(conn, MORROW, document="54/2017/NĐ-CP")}
    by_155 = {r.id for r in repeals.values()}

    # One dated repeal effect per note, except the misplaced one.
    for art, (_n, why) in REPEAL_NOTES.items():
        eff = repeals.get(f"dieu_{art}")
        if why == "misplaced":
            assert eff is None and art not in articles, art
            continue
        assert eff is not None and eff.effective == DAY and eff.partial, art
        if why == "no_mark":
            assert placeholders[art] == 0, art
        else:
            assert placeholders[art] > 0, art
    assert len(repeals) == 42

    # The cuts: exactly the table's, all dated 12/11/2018, in force on the eve.
    cut = {k: c for k, c in day.items() if c.status == "cut" and c.effect_id in by_155}
    per_article = Counter(_article(c.unit_id) for c in cut.values())
    expected = {a: n for a, (n, _why) in REPEAL_NOTES.items() if n}
    assert dict(per_article) == expected
    assert sum(expected.values()) == len(cut) == 21
    for k, c in cut.items():
        assert c.valid_from == DAY, k
        assert eve[k].status == "in_force", k
        assert morrow[k].status == "cut", k
    # And nothing else of 54/2017 changed status that day.
    changed = {k for k in day if day[k].status != eve[k].status}
    assert changed == set(cut)


def test_amend_notes_leave_conditions_in_force(real_registry: tuple[Engine, IngestReport]) -> None:
    notes = _notes("được sửa đổi")
    amended_articles = {r["source_article"] for r in notes}
    assert len(notes) == 50 and "68" in amended_articles  # 68: the misplaced note again
    engine, _ = real_registry
    e = m.table_of(m.Effect)
    with engine.connect() as conn:
        amends = conn.execute(
            select(e.c.target_unit, e.c.partial, e.c.effective).where(
                e.c.by_document == "155/2018/NĐ-CP",
                e.c.target_document == "54/2017/NĐ-CP",
                e.c.op == "amend",
            )
        ).all()
        day = conditions_as_of(conn, DAY, document="54/2017/NĐ-CP")
    assert len(amends) == 49
    assert {_article(a.target_unit) for a in amends} == amended_articles - {"68"}
    assert all(a.partial and a.effective == DAY and "__" not in a.target_unit for a in amends)
    under = [c for c in day if _article(c.unit_id) in amended_articles]
    # Of the amended articles only Điều 31 and 42 hold business conditions; the others are
    # dossiers, consignment permits and advertising (see REPEAL_NOTES).
    assert Counter(_article(c.unit_id) for c in under) == {"31": 10, "42": 4}
    for c in under:
        if c.status == "cut":
            continue  # a repealed placeholder of an article both cut and amended
        assert c.status == "in_force", c.key
        assert c.valid_from is None or c.valid_from < DAY, c.key
