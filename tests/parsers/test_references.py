"""Reference finder: table-driven citations, the pinned tokenizer, and property tests."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_text
from parsers.citations import parse_chain
from parsers.dates import parse_date
from parsers.metadata import parse_metadata
from parsers.nlp import get_nlp, make_doc
from parsers.provinces import NEW_PROVINCES, OLD_PROVINCES, find_province, lookup

CHAINS = [
    ("điểm a khoản 2 Điều 5", ["dieu_5__khoan_2__diem_a"]),
    ("Điều 16, Điều 17", ["dieu_16", "dieu_17"]),
    ("khoản 3 và khoản 4 Điều 4", ["dieu_4__khoan_3", "dieu_4__khoan_4"]),
    ("các Điều 5, 6 và 7", ["dieu_5", "dieu_6", "dieu_7"]),
    ("từ Điều 5 đến Điều 9", ["dieu_5", "dieu_6", "dieu_7", "dieu_8", "dieu_9"]),
    ("điểm b khoản 1 và điểm a khoản 2 Điều 45", ["dieu_45__khoan_1__diem_b", "dieu_45__khoan_2__diem_a"]),
    ("các khoản 1, 2, 3 và 7 Điều 57", ["dieu_57__khoan_1", "dieu_57__khoan_2", "dieu_57__khoan_3", "dieu_57__khoan_7"]),
    ("tên Chương VIII", ["chuong_VIII"]),
    ("Điều 45.4.NĐ.1.1", ["dieu_45.4.nd.1.1"]),
    ("từ điểm a đến điểm đ khoản 1 Điều 3", ["dieu_3__khoan_1__diem_a", "dieu_3__khoan_1__diem_b", "dieu_3__khoan_1__diem_c", "dieu_3__khoan_1__diem_d", "dieu_3__khoan_1__diem_đ"]),
    ("Phụ lục II", ["phu_luc_II"]),
]  # fmt: skip


@pytest.mark.parametrize(("chain", "ids"), CHAINS)
def test_chains(chain: str, ids: list[str]) -> None:
    assert [p.unit_id() for p in parse_chain(chain)] == ids


DOC = """CHÍNH PHỦ
Số: 12/2024/NĐ-CP
Hà Nội, ngày 05 tháng 02 năm 2024
NGHỊ ĐỊNH
SỬA ĐỔI MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 08/2018/NĐ-CP
Căn cứ Luật Thương mại ngày 14 tháng 6 năm 2005;
Căn cứ Luật số 105/2016/QH13;
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 08/2018/NĐ-CP
1. Bãi bỏ khoản 2 Điều 7.
2. Thay thế cụm từ “giấy phép” bằng cụm từ “giấy chứng nhận” tại khoản 2 Điều 5.
3. Bổ sung điểm đ vào khoản 1 Điều 7 như sau:
“đ) Có kho chứa theo quy định tại khoản 1 Điều này.”
Điều 2. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 4 năm 2024.
2. Điều 1 có hiệu lực từ ngày 01/7/2024. Thông tư 31/2022/TT-BTC vẫn áp dụng theo khoản 1 Điều này.
"""


def test_references_in_a_small_decree() -> None:
    doc = parse_text(DOC, "nd.txt")
    refs = {(r.text, r.role.value, r.document, r.unit) for r in doc.references}
    assert ("Luật Thương mại ngày 14 tháng 6 năm 2005", "can_cu", "", "") in refs
    assert ("Luật số 105/2016/QH13", "can_cu", "105/2016/QH13", "") in refs
    assert ("khoản 2 Điều 7", "bai_bo", "", "dieu_7__khoan_2") in refs
    assert ("khoản 2 Điều 5", "thay_the", "", "dieu_5__khoan_2") in refs
    assert ("Thông tư 31/2022/TT-BTC", "dan_chieu", "31/2022/TT-BTC", "") in refs
    assert ("Nghị định này", "dan_chieu", "self", "") in refs
    for r in doc.references:
        assert doc.text[r.start : r.end] == r.text


def test_metadata_of_a_small_decree() -> None:
    doc = parse_text(DOC, "nd.txt")
    m = doc.metadata
    assert (m.number, m.type, m.issuer, m.place) == (
        "12/2024/NĐ-CP",
        "Nghị định",
        "CHÍNH PHỦ",
        "Hà Nội",
    )
    assert m.signed == date(2024, 2, 5)
    assert m.effective == [date(2024, 4, 1), date(2024, 7, 1)]
    ops = [(e.op.value, e.target_document, e.target_unit) for e in doc.effects]
    assert ops == [
        ("repeal", "08/2018/NĐ-CP", "dieu_7__khoan_2"),
        ("replace_phrase", "08/2018/NĐ-CP", "dieu_5__khoan_2"),
        ("insert", "08/2018/NĐ-CP", "dieu_7__khoan_1__diem_đ"),
    ]


def test_provincial_issuer_and_signing_day() -> None:
    text = "| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG ------- | CỘNG HÒA |\n| Số: 378/QĐ-UBND | Hà Giang, ngày 18 tháng 3 năm 2022 |\nQUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ\nQuyết định này có hiệu lực kể từ ngày ký.\n"
    m = parse_metadata(text, [])
    assert (m.number, m.type, m.province_code) == ("378/QĐ-UBND", "Quyết định", "02")
    assert m.effective == [date(2022, 3, 18)]


def test_provinces_table() -> None:
    assert len(OLD_PROVINCES) == 63 and len(NEW_PROVINCES) == 34
    assert lookup("Thành phố Hồ Chí Minh").code == "79"  # type: ignore[union-attr]
    assert lookup("Lào Cai").code == "10"  # type: ignore[union-attr]
    assert lookup("Lào Cai", date(2025, 8, 1)).code == "15"  # type: ignore[union-attr]
    assert find_province("UBND TỈNH THỪA THIÊN HUẾ").code == "46"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "day"),
    [("ngày 12 tháng 11 năm 2018", date(2018, 11, 12)), ("12/11/2018", date(2018, 11, 12)),
     ("01-7-2017", date(2017, 7, 1)), ("31/02/2020", None)],
)  # fmt: skip
def test_dates(text: str, day: date | None) -> None:
    assert parse_date(text) == day


def test_tokenizer_is_pinned_and_matches_make_doc() -> None:
    nlp = get_nlp()
    assert nlp.tokenizer.use_pyvi is False  # type: ignore[attr-defined]
    text = "điểm a  khoản 2 Điều 5 Nghị định số 08/2018/NĐ-CP"
    assert [t.text_with_ws for t in make_doc(nlp, text)] == [
        t.text_with_ws for t in nlp.make_doc(text)
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list('Điều khoản điểm 1a2đ,;.“”"/-:\nsố Nghị định này bãi bỏ sửa đổi')
        ),
        max_size=400,
    )
)
def test_never_crashes_and_is_bounded(text: str) -> None:
    t0 = time.perf_counter()
    doc = parse_text(text, "x.txt")
    for r in doc.references:
        assert 0 <= r.start <= r.end <= len(doc.text)
    assert time.perf_counter() - t0 < 2.0
