"""Provinces over time in the business check: the bundled sample plus decisions the test writes.

Rule (issue 12 item 4): before 1 Jul 2025 a province is itself; from then its successor answers
for it, and each former territory keeps the procedures its own authority published until a later
decision of the successor replaces them. One current publication per code and territory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.queries.business import rules_for
from registry.scan.gaps import list_gaps
from registry.scan.run import scan
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from tests.registry.conftest import BACKENDS, database_url

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def decision(
    province: str, number: str, day: date, procedures: list[tuple[str, str]], after: bool
) -> str:
    """A provincial "công bố TTHC" decision in the sample's Markdown layout."""
    scope = (
        "áp dụng trên toàn địa bàn tỉnh sau sắp xếp"
        if after
        else f"thuộc phạm vi chức năng quản lý của Sở Y tế tỉnh {province}"
    )
    rows = "\n".join(
        f"| {i} | {code} | {name} | Dược phẩm | Sở Y tế | Nghị định số 54/2017/NĐ-CP |"
        for i, (code, name) in enumerate(procedures, 1)
    )
    bodies = "\n\n".join(
        f"{i}. Thủ tục {name} - Mã TTHC: {code}\n\n"
        "a) Trình tự thực hiện: Cơ sở nộp hồ sơ tại Sở Y tế.\n\n"
        f"b) Cơ quan thực hiện thủ tục hành chính: Sở Y tế tỉnh {province}.\n\n"
        "c) Yêu cầu, điều kiện thực hiện thủ tục hành chính:\n\n"
        "- Người phụ trách chuyên môn có bằng tốt nghiệp trung cấp chuyên ngành dược trở lên.\n\n"
        "d) Căn cứ pháp lý của thủ tục hành chính:\n\n"
        "- Nghị định số 54/2017/NĐ-CP ngày 08/5/2017 của Chính phủ;\n\n"
        "- Nghị định số 155/2018/NĐ-CP ngày 12/11/2018 của Chính phủ."
        for i, (code, name) in enumerate(procedures, 1)
    )
    upper = province.upper()
    return f"""| ỦY BAN NHÂN DÂN TỈNH {upper} -------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |
|---|---|
| Số: {number} | {province}, ngày {day.day} tháng {day.month} năm {day.year} |

QUYẾT ĐỊNH

VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH LĨNH VỰC DƯỢC PHẨM THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ Y TẾ TỈNH {upper}

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {upper}

Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;

Theo đề nghị của Giám đốc Sở Y tế.

QUYẾT ĐỊNH:

Điều 1. Công bố kèm theo Quyết định này {len(procedures):02d} thủ tục hành chính lĩnh vực dược phẩm {scope}.

Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH

| STT | Mã TTHC | Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện | Căn cứ pháp lý |
|---|---|---|---|---|---|
{rows}

PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH

{bodies}
"""


NHA_THUOC = ("1.004616", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược đối với nhà thuốc")
BOI_DUONG = ("1.004620", "Xác nhận hoàn thành lớp bồi dưỡng kiến thức quản lý quầy thuốc")

# Written by the test: old Lâm Đồng (68) before the merger, and new Lâm Đồng in 2026 replacing
# the 1.004620 that Bình Thuận published in 2017 (and Lâm Đồng's 2025 decision did not list).
WRITTEN = {
    "qd-77-2019-LamDong.md": ("Lâm Đồng", "77/QĐ-UBND", date(2019, 4, 2), [NHA_THUOC], False),
    "qd-450-2026-LamDong.md": ("Lâm Đồng", "450/QĐ-UBND", date(2026, 3, 10), [BOI_DUONG], True),
}


@pytest.fixture(scope="module", params=BACKENDS)
def registry_with_history(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    tmp = tmp_path_factory.mktemp(f"provinces-{request.param}")
    gen = database_url(request.param, tmp)
    url = next(gen)
    folder = tmp / "written"
    folder.mkdir()
    for name, (prov, number, day, procs, after) in WRITTEN.items():
        (folder / name).write_text(decision(prov, number, day, procs, after), encoding="utf-8")
    engine = open_registry(url)
    report = ingest_paths(engine, [SAMPLE / "national", SAMPLE / "provincial", folder])
    assert report.counts()["quarantined"] == 0, report.to_dict()["quarantine"]
    yield engine
    engine.dispose()
    gen.close()


def _procedures(engine: Engine, province: str, on: str) -> list[tuple[str, str, int, str]]:
    with engine.connect() as conn:
        r = rules_for(conn, "181", province=province, as_of=date.fromisoformat(on))
    return sorted(
        (
            p["code"],
            p["publishing_decision"],
            p["version"],
            " ".join(t["code"] for t in p["territories"]),
        )
        for p in r["procedures"]
    )


BT_2017 = "2150/QĐ-UBND"
LD_2025 = "1890/QĐ-UBND"
BINH_THUAN_2026 = [
    ("1.004616", LD_2025, 2, "60"),
    ("1.004617", LD_2025, 2, "60"),
    ("1.004620", BT_2017, 1, "60"),
]
CASES = [
    # Before the merger Lâm Đồng is itself: its own 2019 text, never Bình Thuận's.
    ("Lâm Đồng", "2020-01-01", [("1.004616", "77/QĐ-UBND", 1, "68")]),
    ("Đà Lạt", "2020-01-01", [("1.004616", "77/QĐ-UBND", 1, "68")]),
    ("68", "2020-01-01", [("1.004616", "77/QĐ-UBND", 1, "68")]),
    (
        "Bình Thuận",
        "2020-01-01",
        [(c, BT_2017, 1, "60") for c in ("1.004616", "1.004617", "1.004620")],
    ),
    # After it the new Lâm Đồng covers 60, 67, 68; its 2025 text replaces the older ones of the
    # codes it lists, Bình Thuận's 1.004620 stays current in Bình Thuận's area.
    (
        "Lâm Đồng",
        "2026-01-01",
        [
            ("1.004616", LD_2025, 2, "60 67 68"),
            ("1.004617", LD_2025, 2, "60 67 68"),
            ("1.004620", BT_2017, 1, "60"),
        ],
    ),
    ("Bình Thuận", "2026-01-01", BINH_THUAN_2026),
    ("binh thuan", "2026-01-01", BINH_THUAN_2026),
    ("Phan Thiết", "2026-01-01", BINH_THUAN_2026),
    ("60", "2026-01-01", BINH_THUAN_2026),
    # Until a later decision of the successor replaces it: 450/QĐ-UBND of 10/03/2026.
    (
        "Bình Thuận",
        "2026-06-01",
        [
            ("1.004616", LD_2025, 2, "60"),
            ("1.004617", LD_2025, 2, "60"),
            ("1.004620", "450/QĐ-UBND", 2, "60"),
        ],
    ),
    ("Đắk Nông", "2026-01-01", [("1.004616", LD_2025, 1, "67"), ("1.004617", LD_2025, 1, "67")]),
    ("Đắk Nông", "2020-01-01", []),
    # Vũng Tàu is Bà Rịa - Vũng Tàu's area, answered for by Hồ Chí Minh City from 1 Jul 2025.
    ("Vũng Tàu", "2022-01-01", [("1.004616", "1675/QĐ-UBND", 1, "77")]),
    ("Vung Tau", "2026-01-01", [("1.004616", "1675/QĐ-UBND", 1, "77")]),
    ("Bà Rịa - Vũng Tàu", "2020-01-01", []),
]


@pytest.mark.parametrize(("province", "on", "expected"), CASES)
def test_procedures_per_territory_on_a_date(
    registry_with_history: Engine, province: str, on: str, expected: list[tuple[str, str, int, str]]
) -> None:
    assert _procedures(registry_with_history, province, on) == sorted(expected)


def test_one_current_publication_per_code_and_territory(registry_with_history: Engine) -> None:
    with registry_with_history.connect() as conn:
        r = rules_for(conn, "181", as_of=date(2026, 6, 1))
    pairs = [(p["code"], t["code"]) for p in r["procedures"] for t in p["territories"]]
    assert len(pairs) == len(set(pairs)) and pairs
    nha_thuoc = next(
        p
        for p in r["procedures"]
        if p["code"] == "1.004616" and p["publishing_decision"] == LD_2025
    )
    # Its history: Bình Thuận 2017 (territory 60) and old Lâm Đồng 2019 (territory 68).
    assert {h["publishing_decision"] for h in nha_thuoc["history"]} == {BT_2017, "77/QĐ-UBND"}
    assert {h["province"] for h in nha_thuoc["history"]} == {"Bình Thuận", "Lâm Đồng"}


def test_province_answer_says_who_answers(registry_with_history: Engine) -> None:
    with registry_with_history.connect() as conn:
        r = rules_for(conn, "181", province="Bình Thuận", as_of=date(2026, 1, 1))
    p = r["province"]
    assert (p["code"], p["name"], p["named"]) == ("68", "Lâm Đồng", "Bình Thuận")
    assert [t["code"] for t in p["territories"]] == ["60"]
    assert "nay thuộc tỉnh Lâm Đồng" in p["label"]


@pytest.mark.parametrize(
    ("province", "codes"),
    [
        # Today the new Lâm Đồng answers for Bình Thuận's gaps; its 2026 decision (code 68, still
        # listing the abolished 1.004620) covers all three old provinces, Đắk Nông included.
        ("Lâm Đồng", {"60", "68"}),
        ("Bình Thuận", {"60", "68"}),
        ("Đắk Nông", {"68"}),
        ("Vũng Tàu", {"77", "79"}),  # Bà Rịa - Vũng Tàu's own, and HCMC's 2025 decision's
        ("Vung Tau", {"77", "79"}),
        ("Sài Gòn", {"79"}),
        ("Hà Giang", {"02"}),
        ("Tuyên Quang", {"02"}),
    ],
)
def test_gap_filter_by_territory(
    registry_with_history: Engine, province: str, codes: set[str]
) -> None:
    with registry_with_history.connect() as conn:
        if list_gaps(conn)[0] is None:
            scan(registry_with_history, date(2026, 6, 1), workers=1)
    with registry_with_history.connect() as conn:
        _scan, rows = list_gaps(conn, province=province)
    assert {g["province_code"] for g in rows} == codes
