"""National TTHC database records: table cases, the real crawl, hand-checked labels, fuzzing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.tthc_records import (
    RecordError,
    is_none,
    parse_detail_text,
    parse_record,
    published_not_before,
    read_records,
    unglue,
)
from tests.conftest import REAL, real_file

RECORD = {
    "ma_thu_tuc": "1.003176",
    "ten_thu_tuc": "Cấp đổi Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
    "so_quyet_dinh": "1523/QĐ-BCA-C06",
    "cap_thuc_hien": "Cấp bộ, Cấp tỉnh",
    "linh_vuc": "Quản lý ngành nghề kinh doanh có điều kiện",
    "yeu_cau_dieu_kien": (
        "Cơ sở phải đảm bảo các điều kiện theo quy định lần lượt tại các Điều 7, 8, 11, 13 "
        "Nghị định số 96/2016/NĐ-CP.\nTrường hợp nộp trực tuyến: văn bản được ký số."
    ),
    "can_cu_phap_ly": (
        "Tên văn bản pháp lýMã văn bảnNghị định 96/2016/NĐ-CP96/2016/NĐ-CP"
        "Nghị định 56/2023/NĐ-CP56/2023/NĐ-CP"
    ),
}


def _bases(rec: dict[str, str]) -> list[str]:
    p = parse_record(rec, "t.json")
    return [b.document + (f"#{b.unit}" if b.unit else "") for b in p.legal_bases]


def test_record_fields_and_provisions() -> None:
    p = parse_record(RECORD, "t.json")
    assert (p.code, p.level, p.levels) == ("1.003176", "Cấp bộ, Cấp tỉnh", ("bộ", "tỉnh"))
    assert (p.publishing_decision, p.ministry) == ("1523/QĐ-BCA-C06", "BCA")
    assert len(p.requirements) == 2
    assert _bases(RECORD) == [
        "96/2016/NĐ-CP",
        "56/2023/NĐ-CP",
        "96/2016/NĐ-CP#dieu_7",
        "96/2016/NĐ-CP#dieu_8",
        "96/2016/NĐ-CP#dieu_11",
        "96/2016/NĐ-CP#dieu_13",
    ]
    assert p.not_before == date(2023, 1, 1) and p.not_before_by == "56/2023/NĐ-CP"


@pytest.mark.parametrize(
    ("cells", "want"),
    [
        # number cell glued to a capitalised title: "…123/2018/NĐ-CPLuật Bảo vệ …"
        (
            "Sửa đổi một số Nghị định123/2018/NĐ-CPLuật Bảo vệ và kiểm dịch thực vật 41/2013/QH13",
            ["123/2018/NĐ-CP", "41/2013/QH13"],
        ),
        # a law's legislature digits glued to the repeated number
        ("Luật 65/2006/QH1165/2006/QH11", ["65/2006/QH11"]),
        # a title naming other documents: only the row's own number is a basis
        (
            "Nghị định số 65/2025/NĐ-CP ngày 12 tháng 3 năm 2025 sửa đổi Nghị định số "
            "40/2016/NĐ-CP ngày 15 tháng 5 năm 2016.65/2025/NĐ-CP",
            ["65/2025/NĐ-CP"],
        ),
        # "Luật Đất đai ngày …;31/2024/QH15": name and number cells, one document
        ("Luật Đất đai ngày 18/01/2024;31/2024/QH15", ["31/2024/QH15"]),
        # a date's year glued to the next number
        ("Luật số 43/2024/QH15 ngày 29/6/202443/2024/QH15", ["43/2024/QH15"]),
        # a lower-case title glued to the number, and a number glued to a lower-case title
        (
            "quy định chi tiết Luật Trồng trọt và bảo vệ thực vậtsố 07/2026/TT-BNNMTsửa đổi các "
            "Nghị định trong lĩnh vực trồng trọtNghị định số 33/2026/NĐ-CP",
            ["07/2026/TT-BNNMT", "33/2026/NĐ-CP"],
        ),
        # a dash before the title; "QĐ-TTg" keeps its lower-case g
        (
            "Nghị định 63/2011/NĐ-CP - Quy định chi tiết63/2011/NĐ-CP"
            "Quyết định 53/2013/QĐ-TTg53/2013/QĐ-TTg",
            ["63/2011/NĐ-CP", "53/2013/QĐ-TTg"],
        ),
        ("Không có thông tin", []),
    ],
)
def test_run_together_cells(cells: str, want: list[str]) -> None:
    assert _bases({**RECORD, "yeu_cau_dieu_kien": "Không", "can_cu_phap_ly": cells}) == want


def test_provision_of_a_law_named_in_the_table() -> None:
    rec = {
        **RECORD,
        "yeu_cau_dieu_kien": "Theo quy định tại khoản 1 Điều 18 Luật Quản lý, sử dụng vũ khí, "
        "vật liệu nổ và công cụ hỗ trợ (Luật số 42/2024/QH15 ngày 29/6/2024); cụ thể:",
        "can_cu_phap_ly": "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ42/2024/QH15",
    }
    assert _bases(rec) == ["42/2024/QH15", "42/2024/QH15#dieu_18__khoan_1"]


@pytest.mark.parametrize(
    ("text", "none"),
    [
        ("Không có thông tin", True),
        ("Không.", True),
        ("không quy định", True),
        ("Không có thông tinTừ khóaKhông có thông tinMô tảKhông có thông tin", True),
        ("Có", False),
        ("Trước ngày 30/11", False),
    ],
)
def test_none_markers(text: str, none: bool) -> None:
    assert is_none(text) is none
    assert bool(parse_record({**RECORD, "yeu_cau_dieu_kien": text}).requirements) is not none


def test_nfd_is_normalised() -> None:
    import unicodedata

    rec = {k: unicodedata.normalize("NFD", v) for k, v in RECORD.items()}
    assert _bases(rec) == _bases(RECORD)
    assert parse_record(rec).name == RECORD["ten_thu_tuc"]


def test_unglue_keeps_a_prime_minister_number() -> None:
    assert "QĐ-TTg" in unglue("Quyết định 12/2019/QĐ-TTg12/2019/QĐ-TTg")


def test_publication_dated_from_below() -> None:
    p = parse_record(
        {**RECORD, "can_cu_phap_ly": "Nghị định số 21/2026/NĐ-CP ngày 16/01/2026 của Chính phủ"}
    )
    assert published_not_before(p.legal_bases) == (date(2026, 1, 16), "21/2026/NĐ-CP")


def test_record_files_are_recognised_wherever_the_code_field_is() -> None:
    from parsers.tthc_records import is_record_file

    late = json.dumps({"raw_text": "x" * 70000, **RECORD}, ensure_ascii=False).encode()
    assert is_record_file(late, "r.json")
    assert is_record_file(b'[{"ma_thu_tuc": "1.0', "r.json")  # damaged: refused as a record
    assert not is_record_file(b'{"co_quan": {}, "note": "ma_thu_tuc"}', "k.json")
    assert not is_record_file(b'{"meta": {"ma_thu_tuc": "1.000001"}}', "k.json")


def test_jsonl_and_list_files() -> None:
    line = json.dumps(RECORD, ensure_ascii=False)
    assert len(read_records(f"{line}\n{line}\n".encode(), "x.jsonl")) == 2
    assert len(read_records(f"[{line},{line}]".encode(), "x.json")) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "x.json: tệp rỗng"),
        (b"{not json", "x.json: không đọc được JSON"),
        (json.dumps(RECORD).encode() + b'\n{"a": ', "x.json: dòng 2 không đọc được JSON"),
        (b"[]", "x.json: danh sách rỗng"),
        (b'{"a": 1}', "x.json: không phải bản ghi thủ tục hành chính"),
        (b"[1]", r"x\.json\[0\]: một bản ghi phải là đối tượng JSON"),
        (b"\xff\xfe{}", "x.json: không phải văn bản UTF-8"),
    ],
)
def test_bad_files_have_a_reason_naming_them(data: bytes, reason: str) -> None:
    with pytest.raises(RecordError, match=f"^{reason}"):
        read_records(data, "x.json")


DETAIL = """CHI TIẾT THỦ TỤC HÀNH CHÍNH
Mã thủ tục: 1.004363
Số quyết định: 1883/QĐ-BNNMT
Tên thủ tục: Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật
Cấp thực hiện: Cấp tỉnh
Lĩnh vực: Bảo vệ thực vật
Trình tự thực hiện:
Bước 1: Nộp hồ sơ.
Căn cứ pháp lý:
| Số ký hiệu | Trích yếu | Ngày ban hành | Cơ quan ban hành |
|---|---|---|---|
| 41/2013/QH13 | Luật Bảo vệ và kiểm dịch thực vật | 25-11-2013 | Quốc Hội |
| 66/2016/NĐ-CP | Quy định điều kiện đầu tư kinh doanh | 01-07-2016 | Chính phủ |
Yêu cầu, điều kiện thực hiện:
- Người trực tiếp bán thuốc phải có trình độ trung cấp trở lên.
- Cửa hàng tách biệt với khu vực chế biến thực phẩm.
"""


def test_chitiettthc_text_layout() -> None:
    p = parse_detail_text(DETAIL, "ChiTietTTHC_1.004363.docx")
    assert (p.code, p.publishing_decision, p.level, p.field) == (
        "1.004363",
        "1883/QĐ-BNNMT",
        "Cấp tỉnh",
        "Bảo vệ thực vật",
    )
    assert [r.text[:20] for r in p.requirements] == ["Người trực tiếp bán ", "Cửa hàng tách biệt v"]
    assert [b.document for b in p.legal_bases] == ["41/2013/QH13", "66/2016/NĐ-CP"]
    with pytest.raises(RecordError, match="không phải tệp ChiTietTTHC"):
        parse_detail_text("Quyết định số 1/QĐ-UBND", "x.txt")


def test_chitiettthc_docx_round_trip(tmp_path: object) -> None:
    """The layout written as a real .docx (paragraphs and a table), read back as text."""
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    rows: list[list[str]] = []
    for line in DETAIL.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not set("".join(cells)) <= set("-"):
                rows.append(cells)
            continue
        if rows:
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    table.cell(i, j).text = c
            rows = []
        doc.add_paragraph(line)
    from pathlib import Path

    path = Path(str(tmp_path)) / "ChiTietTTHC_1.004363.docx"
    doc.save(path)
    read = docx.Document(path)
    # Word → text as a pipe-table text (the formats engineer's reader does the same).
    parts: list[str] = []
    for block in read.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for tr in block.iter():
                if tr.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t"))
                        for tc in tr
                        if tc.tag.endswith("}tc")
                    ]
                    parts.append("| " + " | ".join(cells) + " |")
    p = parse_detail_text("\n".join(parts), path.name)
    assert p.code == "1.004363"
    assert [b.document for b in p.legal_bases] == ["41/2013/QH13", "66/2016/NĐ-CP"]
    assert len(p.requirements) == 2


# --- the real crawl -----------------------------------------------------------------------------


def test_every_real_record_parses() -> None:
    folder = REAL / "tthc-csdl-quocgia"
    if not folder.is_dir():
        pytest.skip(f"real corpus folder {folder} not found")
    files = sorted(folder.rglob("*.json"))
    assert len(files) == 1856
    with_reqs = 0
    for f in files:
        (p,) = read_records(f.read_bytes(), str(f))
        assert p.code and p.code == f.stem, f
        assert p.name, f
        with_reqs += bool(p.requirements)
    # about 30% state requirements (PROVENANCE §8); 547 once "Không", "Không quy định" and
    # "Không có thông tin" run into the next empty fields are none
    assert with_reqs == 547


def test_the_record_of_the_antt_certificate() -> None:
    path = real_file("tthc-csdl-quocgia/bo-cong-an/1.003176.json")
    (p,) = read_records(path.read_bytes(), path.name)
    units = [b.unit for b in p.legal_bases if b.document == "96/2016/NĐ-CP" and b.unit]
    assert units == ["dieu_7", "dieu_8", "dieu_11", "dieu_13"]


def test_hand_checked_sample() -> None:
    """100 records drawn with a fixed seed and labelled by reading them, and 30 held out
    (bench/tthc_labels.py)."""
    if not (REAL / "tthc-csdl-quocgia").is_dir():
        pytest.skip("real corpus not found")
    from bench.tthc_labels import HELD_OUT, LABELS, evaluate

    for labels, n in ((LABELS, 100), (HELD_OUT, 30)):
        r = evaluate(REAL, labels)
        assert r["records"] == n
        assert r["code_accuracy"] == 1.0, r["misses"]
        assert r["requirements_presence_accuracy"] == 1.0, r["misses"]
        assert r["legal_bases"]["precision"] >= 0.97, r["misses"]
        assert r["legal_bases"]["recall"] >= 0.97, r["misses"]


# --- never crash ----------------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789/-.;:() \nabcđĐNQCPTBHLuậtghịđnhốsốĐiềukhoản")),
    max_size=200,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    field=st.sampled_from(sorted(RECORD)),
    value=st.one_of(_TEXT, st.text(max_size=100), st.none(), st.integers(), st.lists(_TEXT)),
)
def test_mutated_records_never_crash(field: str, value: object) -> None:
    p = parse_record({**RECORD, field: value}, "m.json")
    assert isinstance(p.legal_bases, list)


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(min_value=0, max_value=2000), junk=st.binary(max_size=20))
def test_truncated_or_corrupted_files_fail_cleanly(cut: int, junk: bytes) -> None:
    data = json.dumps(RECORD, ensure_ascii=False).encode()
    broken = data[:cut] + junk
    try:
        read_records(broken, "b.json")
    except RecordError as e:
        assert str(e).startswith("b.json")
