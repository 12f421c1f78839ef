"""KTCN lookup at 2-, 4-, 6- and 8-digit codes, through the registry query.

Two sources: a circular this test writes, whose list names a chapter, a heading, a subheading and
an 8-digit line (a list entry shorter than 8 digits covers every line under it, Điều 2 of such
circulars); and the real compiled list `ktcn-hs-codes-by-chapter.jsonl`, whose expected rows per
code were counted by hand from the file (tests/labels/ktcn_lookup_real.md says how).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.queries.ktcn import ktcn_line_counts, lookup_hs
from registry.store.ingest import ingest_paths
from registry.store.ingest_files import IngestReport

CIRCULAR = """| BỘ CÔNG THƯƠNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 31/2019/TT-BCT | Hà Nội, ngày 02 tháng 5 năm 2019 |

THÔNG TƯ

BAN HÀNH DANH MỤC SẢN PHẨM, HÀNG HÓA PHẢI KIỂM TRA CHUYÊN NGÀNH KHI NHẬP KHẨU

Điều 1. Danh mục sản phẩm, hàng hóa

Ban hành kèm theo Thông tư này Danh mục sản phẩm, hàng hóa phải kiểm tra chuyên ngành (Phụ lục I).

Điều 2. Nguyên tắc áp dụng mã HS

Trường hợp Danh mục chỉ nêu mã HS 2 số, 4 số hoặc 6 số thì áp dụng đối với toàn bộ các mã HS 8 số thuộc chương, nhóm hoặc phân nhóm đó.

Điều 3. Hiệu lực thi hành

Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2019.

Phụ lục I

DANH MỤC SẢN PHẨM, HÀNG HÓA PHẢI KIỂM TRA CHUYÊN NGÀNH KHI NHẬP KHẨU

| STT | Tên sản phẩm, hàng hóa | Mã HS | Hình thức kiểm tra |
|---|---|---|---|
| 1 | Nhiên liệu khoáng, dầu khoáng (cả chương) | 27 | Kiểm tra chất lượng |
| 2 | Dầu có nguồn gốc từ khoáng bi-tum | 2710 | Kiểm tra chất lượng |
| 3 | Dầu nhẹ và các chế phẩm | 2710.12 | Kiểm tra chất lượng |
| 4 | Xăng không pha chì dùng cho động cơ | 2710.12.21 | Kiểm tra chất lượng |
| 5 | Khí dầu mỏ hóa lỏng (LPG) | 2711.12.00 | Kiểm tra chất lượng |
| 6 | Bếp dùng nhiên liệu khí | 7321.11.00 | Kiểm tra chất lượng |
"""


@pytest.fixture
def written(registry_db: Engine, tmp_path: Path) -> Engine:
    path = tmp_path / "tt-31-2019-TT-BCT-danh-muc.md"
    path.write_text(CIRCULAR, encoding="utf-8")
    ingest_paths(registry_db, [path])
    return registry_db


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # an 8-digit line: the line itself and every list entry that covers it
        ("2710.12.21", {("27", "covers"), ("2710", "covers"), ("271012", "covers"),
                        ("27101221", "exact")}),
        ("27111200", {("27", "covers"), ("27111200", "exact")}),
        # a 6-digit subheading: what covers it and the lines under it
        ("271012", {("27", "covers"), ("2710", "covers"), ("271012", "exact"),
                    ("27101221", "under")}),
        # a 4-digit heading
        ("2710", {("27", "covers"), ("2710", "exact"), ("271012", "under"),
                  ("27101221", "under")}),
        # a 2-digit chapter: everything in it
        ("27", {("27", "exact"), ("2710", "under"), ("271012", "under"), ("27101221", "under"),
                ("27111200", "under")}),
        # a line under no entry of the list
        ("84101100", set()),
        ("7321.11.00", {("73211100", "exact")}),
    ],
)  # fmt: skip
def test_prefix_entries_cover_the_lines_under_them(
    written: Engine, code: str, expected: set[tuple[str, str]]
) -> None:
    with written.connect() as conn:
        got = lookup_hs(conn, code)
    assert {(i["hs"], i["relation"]) for i in got["items"]} == expected
    assert got["level"] == len(got["hs"])
    if expected:
        (span,) = got["timeline"]
        assert span["list_document"] == "31/2019/TT-BCT" and span["items"] == len(expected)
        assert span["from"] == "2019-07-01"


def test_lines_count_in_force_from_the_commencement_day(written: Engine) -> None:
    """The circular commences 01/07/2019: on the eve its six lines are not yet in force."""
    with written.connect() as conn:
        eve = ktcn_line_counts(conn, date(2019, 6, 30))
        day = ktcn_line_counts(conn, date(2019, 7, 1))
        morrow = ktcn_line_counts(conn, date(2019, 7, 2))
    assert (eve["total"], eve["in_force"], eve["not_yet"]) == (6, 0, 6)
    assert (day["in_force"], day["not_yet"]) == (6, 0)
    assert morrow == day


# --- the real compiled list ----------------------------------------------------------------------

# code → {list document: rows}, counted by hand in ktcn-hs-codes-by-chapter.jsonl (every line whose
# HS code starts with the query, one row per requirement in its "ktcn" array).
REAL = {
    "27101221": {"23/2019/QĐ-TTg": 1, "41/2019/TT-BCT": 1, "2711/QĐ-BKHCN": 1},
    "271012": {"41/2019/TT-BCT": 16, "23/2019/QĐ-TTg": 11, "2711/QĐ-BKHCN": 6},
    "010121": {"01/2024/TT-BNNPTNT": 2},
    "0101": {"01/2024/TT-BNNPTNT": 7, "17/2023/TT-BNNPTNT": 2},
    "2710": {"41/2019/TT-BCT": 24, "23/2019/QĐ-TTg": 11, "2711/QĐ-BKHCN": 10,
             "15/2024/TT-BYT": 1, "113/2017/NĐ-CP": 1},
    "27": {"41/2019/TT-BCT": 28, "42/2019/TT-BCT": 21, "2711/QĐ-BKHCN": 14, "34/2025/TT-BCT": 13,
           "23/2019/QĐ-TTg": 11, "33/2025/TT-BCT": 8, "113/2017/NĐ-CP": 8, "15/2024/TT-BYT": 2,
           "09/2024/TT-BYT": 1},
}  # fmt: skip


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.parametrize("code", list(REAL))
def test_real_compiled_list_lookup(real_registry: tuple[Engine, IngestReport], code: str) -> None:
    engine, _ = real_registry
    with engine.connect() as conn:
        got = lookup_hs(conn, code)
    by_list = Counter(i["list_document"] for i in got["items"])
    assert dict(by_list) == REAL[code]
    want = "exact" if len(code) == 8 else "under"
    assert {i["relation"] for i in got["items"]} == {want}


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="issue 12 item 5: the OCR table of 69/2018/NĐ-CP splits 'Chương 39 | 3915' across "
    "columns and the importer stores chapter 39 with '3915' as its description",
)
def test_real_heading_written_after_its_chapter(
    real_registry: tuple[Engine, IngestReport],
) -> None:
    """Phụ lục VI of 69/2018/NĐ-CP lists heading 3915 under "Chương 39": an exact 4-digit entry."""
    engine, _ = real_registry
    with engine.connect() as conn:
        got = lookup_hs(conn, "3915")
    assert ("3915", "exact", "69/2018/NĐ-CP") in {
        (i["hs"], i["relation"], i["list_document"]) for i in got["items"]
    }
