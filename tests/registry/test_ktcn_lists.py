"""KTCN lists over time (issue 12, item 5): a text that replaces an appendix continues the lines it
keeps, even when its table has no inspection-type column and writes the HS code across three
columns; the managing body comes from the issuer when no column names it. The documents are
written here, unlike the sample's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from registry.queries.ktcn import lookup_hs
from registry.queries.stats import stats
from registry.store import models as m
from registry.store.ingest import ingest_paths
from tests.conftest import real_file

LIST = """| BỘ CÔNG THƯƠNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 31/2016/TT-BCT | Hà Nội, ngày 02 tháng 3 năm 2016 |

THÔNG TƯ

BAN HÀNH DANH MỤC HÀNG HÓA NHÓM 2 PHẢI KIỂM TRA CHUYÊN NGÀNH KHI NHẬP KHẨU

Điều 1. Danh mục

Ban hành kèm theo Thông tư này Danh mục hàng hóa nhóm 2 (Phụ lục I).

Điều 2. Hiệu lực thi hành

Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 5 năm 2016.

Phụ lục I

DANH MỤC HÀNG HÓA NHÓM 2

| STT | Tên hàng hóa | Mã HS | Hình thức kiểm tra |
|---|---|---|---|
| 1 | Xăng động cơ không pha chì | 2710.12.21 | Kiểm tra chất lượng |
| 2 | Nhiên liệu điêzen | 2710.19.71 | Kiểm tra chất lượng |
| 3 | Bếp ga | 7321.11.00 | Kiểm tra chất lượng |
"""

# No inspection-type column, the code over three columns, the type only in the appendix title.
REPLACING = """BỘ CÔNG THƯƠNG

Số: 44/2018/TT-BCT

Hà Nội, ngày 10 tháng 5 năm 2018

THÔNG TƯ

SỬA ĐỔI DANH MỤC HÀNG HÓA BAN HÀNH KÈM THEO THÔNG TƯ SỐ 31/2016/TT-BCT

Điều 1. Sửa đổi Danh mục

Thay thế Phụ lục I ban hành kèm theo Thông tư số 31/2016/TT-BCT bằng Phụ lục ban hành kèm theo Thông tư này.

Điều 2. Hiệu lực thi hành

Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2018.

PHỤ LỤC

DANH MỤC HÀNG HÓA PHẢI KIỂM TRA CHẤT LƯỢNG KHI NHẬP KHẨU

| STT | Tên hàng hóa | Nhóm | Phân nhóm | Mã hàng |
|---|---|---|---|---|
| 1 | Xăng động cơ không pha chì | 2710 | 12 | 21 |
| 2 | Nhiên liệu điêzen | 2710 | 19 | 71 |
"""


def _ingest(engine: Engine, tmp_path: Path, replacing: str) -> None:
    (tmp_path / "tt-31-2016-TT-BCT.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "tt-44-2018-TT-BCT.md").write_text(replacing, encoding="utf-8")
    report = ingest_paths(engine, [tmp_path])
    assert report.counts()["added"] == 2, report.to_dict()


@pytest.mark.parametrize(
    "replacing",
    [
        REPLACING,
        # A title naming no inspection: the type comes from the list it replaces.
        REPLACING.replace(
            "DANH MỤC HÀNG HÓA PHẢI KIỂM TRA CHẤT LƯỢNG KHI NHẬP KHẨU", "DANH MỤC HÀNG HÓA NHÓM 2"
        ),
    ],
    ids=["type-from-title", "type-from-replaced-list"],
)
def test_replacing_list_continues_the_lines_it_keeps(
    registry_db: Engine, tmp_path: Path, replacing: str
) -> None:
    _ingest(registry_db, tmp_path, replacing)
    k = m.table_of(m.KtcnItem)
    with registry_db.connect() as conn:
        rows = {
            (r.list_document, r.hs): r for r in conn.execute(select(k).where(k.c.origin == "text"))
        }
        new = {hs: r for (doc, hs), r in rows.items() if doc == "44/2018/TT-BCT"}
        assert sorted(new) == ["27101221", "27101971"]
        # The type its title names; the managing body its issuer.
        assert {r.inspection_type for r in new.values()} == {"Kiểm tra chất lượng"}
        assert {r.agency for r in rows.values()} == {"BCT"}
        kept = rows[("31/2016/TT-BCT", "27101221")]
        assert kept.valid_to == date(2018, 7, 1) and kept.cut_by_effect_id is None
        dropped = rows[("31/2016/TT-BCT", "73211100")]
        assert dropped.valid_to == date(2018, 7, 1) and dropped.cut_by_effect_id is not None

        for day, lines in [(date(2018, 6, 30), 3), (date(2018, 7, 1), 2), (date(2020, 1, 1), 2)]:
            s = stats(conn, day)["ktcn"]
            assert s["in_force"] == lines, (day, s)
            assert s["cut"] == (1 if day >= date(2018, 7, 1) else 0)
            assert "(unknown)" not in s["by_agency"]

        # The HS lookup says where a continued line went.
        found = lookup_hs(conn, "2710.12.21")
        old = [i for i in found["items"] if i["list_document"] == "31/2016/TT-BCT"]
        assert old[0]["continued_in"] == "44/2018/TT-BCT" and old[0]["cut_by"] is None


@pytest.mark.real
@pytest.mark.slow
def test_compiled_list_lines_are_not_called_not_yet_before_its_date(registry_db: Engine) -> None:
    """The compiled KTCN list (real) is dated by its reference's snapshot: from then its lines
    are in force; before it nothing says they were not listed, so they are unknown."""
    files = [real_file("ktcn-reference.json"), real_file("ktcn-hs-codes-by-chapter.jsonl")]
    ingest_paths(registry_db, files, max_bytes=20 * 1024 * 1024)
    k = m.table_of(m.KtcnItem)
    with registry_db.connect() as conn:
        snapshot = conn.execute(select(k.c.listed_on).where(k.c.origin == "compiled")).scalar()
        assert snapshot is not None
        before = stats(conn, date.fromordinal(snapshot.toordinal() - 1))["ktcn"]
        after = stats(conn, snapshot)["ktcn"]
    assert before["not_yet"] == 0 and before["in_force"] + before["unknown"] == before["total"]
    assert after["in_force"] == after["total"] > 10000
    with registry_db.connect() as conn:
        named = lookup_hs(conn, "0101.21.00")["items"]
    assert named and {i["name"] for i in named} == {"Loại thuần chủng để nhân giống"}


def test_a_line_continued_by_another_issuers_list_is_one_line(
    registry_db: Engine, tmp_path: Path
) -> None:
    other = REPLACING.replace("44/2018/TT-BCT", "44/2018/TT-BKHCN").replace(
        "BỘ CÔNG THƯƠNG", "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    )
    (tmp_path / "tt-31-2016-TT-BCT.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "tt-44-2018-TT-BKHCN.md").write_text(other, encoding="utf-8")
    assert ingest_paths(registry_db, [tmp_path]).counts()["added"] == 2
    with registry_db.connect() as conn:
        for day, in_force, cut in [(date(2018, 6, 30), 3, 0), (date(2018, 7, 1), 2, 1)]:
            s = stats(conn, day)["ktcn"]
            assert (s["total"], s["in_force"], s["cut"], s["not_yet"]) == (3, in_force, cut, 0)
