"""National TTHC records in the registry: ingest (idempotent, bad files quarantined) and the scan
(an outdated provincial listing; a national record restating a cut condition)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from registry.scan.partitions import NATIONAL_PARTITION, partition_for
from registry.scan.run import scan, scan_gaps_now
from registry.store import models as m
from registry.store.ingest import ingest_paths
from tests.registry.texts import AMENDING, DECREE

CUT = "Có phòng thử nghiệm diện tích tối thiểu 30 m2."

PROVINCIAL = """| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 501/QĐ-UBND | Hà Giang, ngày 10 tháng 6 năm 2020 |

QUYẾT ĐỊNH

VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG TRONG LĨNH VỰC THỬ NGHIỆM

Điều 1. Công bố kèm theo Quyết định này thủ tục hành chính được sửa đổi, bổ sung.

Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

PHỤ LỤC

PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH

| STT | Mã TTHC | Tên TTHC | Căn cứ pháp lý |
|---|---|---|---|
| 1 | 1.000001 | Cấp Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thử nghiệm | Nghị định số 12/2019/NĐ-CP |

PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH

1. Thủ tục: Cấp Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thử nghiệm (Mã TTHC: 1.000001)

a) Trình tự thực hiện: Nộp hồ sơ tại Sở Khoa học và Công nghệ.

b) Yêu cầu, điều kiện thực hiện:

- Có ít nhất 02 thử nghiệm viên có trình độ đại học.

- Có phòng thử nghiệm diện tích tối thiểu 30 m2.

c) Căn cứ pháp lý: Nghị định số 12/2019/NĐ-CP.
"""


def record(code: str = "1.000001", **fields: str) -> dict[str, str]:
    return {
        "ma_thu_tuc": code,
        "ten_thu_tuc": "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ thử nghiệm",
        "so_quyet_dinh": "777/QĐ-BKHCN",
        "cap_thuc_hien": "Cấp tỉnh",
        "linh_vuc": "Hoạt động thử nghiệm",
        "yeu_cau_dieu_kien": f"- Có ít nhất 02 thử nghiệm viên có trình độ đại học.\n- {CUT}",
        "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnNghị định 12/2019/NĐ-CP12/2019/NĐ-CP"
        "Nghị định số 30/2021/NĐ-CP ngày 10/02/2021 của Chính phủ30/2021/NĐ-CP",
        **fields,
    }


def _write(path: Path, obj: Any) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def _count(engine: Engine, model: Any, *where: Any) -> int:
    t = m.table_of(model)
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t).where(*where)).scalar_one())


def test_records_are_national_procedures_and_reingest_is_idempotent(
    registry_db: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "tthc"
    folder.mkdir()
    _write(folder / "1.000001.json", record())
    lines = [record(f"1.00000{i}") for i in (2, 3, 4)]
    (folder / "many.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in lines), encoding="utf-8"
    )
    report = ingest_paths(registry_db, [folder], max_bytes=10**7)
    assert report.counts()["added"] == 2
    assert {f.kind for f in report.files} == {"tthc_records"}
    pt = m.table_of(m.Procedure)
    assert _count(registry_db, m.Procedure, pt.c.successor_code == NATIONAL_PARTITION) == 4
    with registry_db.connect() as conn:
        row = conn.execute(select(pt).where(pt.c.code == "1.000001")).one()
    assert (row.province_code, row.action, row.level, row.decision_number) == (
        "",
        "published",
        "tỉnh",
        "777/QĐ-BKHCN",
    )
    lb = m.table_of(m.ProcedureLegalBasis)
    with registry_db.connect() as conn:
        docs = conn.execute(select(lb.c.document).where(lb.c.procedure_id == row.id)).scalars()
        assert sorted(docs) == ["12/2019/NĐ-CP", "30/2021/NĐ-CP"]
    again = ingest_paths(registry_db, [folder], max_bytes=10**7)
    assert again.counts()["unchanged"] == 2
    assert _count(registry_db, m.Procedure) == 4


def test_bad_record_files_are_quarantined_with_a_reason(
    registry_db: Engine, tmp_path: Path
) -> None:
    bad = tmp_path / "1.000009.json"
    bad.write_text('{"ma_thu_tuc": "1.000009", "ten_thu_tuc": ', encoding="utf-8")
    lines = tmp_path / "two.jsonl"
    lines.write_text(
        json.dumps(record(), ensure_ascii=False) + '\n{"ma_thu_tuc": "1.0', encoding="utf-8"
    )
    report = ingest_paths(registry_db, [bad, lines], max_bytes=10**7)
    reasons = {Path(f.path).name: f.reason for f in report.files}
    assert report.counts()["quarantined"] == 2
    assert reasons["1.000009.json"].startswith(f"{bad}: không đọc được JSON")
    assert reasons["two.jsonl"].startswith(f"{lines}: dòng 2 không đọc được JSON")
    assert {f.code for f in report.files} == {"bad_json"}


def test_scan_outdated_listing_and_national_restatement(
    registry_db: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nd-12-2019-ND-CP.md").write_text(DECREE, encoding="utf-8")
    (folder / "nd-30-2021-ND-CP.md").write_text(AMENDING, encoding="utf-8")
    (folder / "qd-501-2020-QD-UBND-HaGiang.md").write_text(PROVINCIAL, encoding="utf-8")
    _write(folder / "1.000001.json", record())
    report = ingest_paths(registry_db, [folder], max_bytes=10**7)
    assert report.counts()["quarantined"] == 0, report.to_dict()["quarantine"]
    scan(registry_db, date(2026, 6, 1), workers=1)
    gaps = scan_gaps_now(registry_db)
    # The province listed 1.000001 on 10/06/2020; the national version cites 30/2021/NĐ-CP of
    # 10/02/2021, so it was re-published after: the province's listing is outdated.
    outdated = [g for g in gaps if g.kind == "procedure" and g.province_code == "02"]
    assert len(outdated) == 1
    assert outdated[0].effective == date(2021, 2, 10)
    assert outdated[0].evidence["national"]["dated_by"] == "not_before:30/2021/NĐ-CP"
    assert outdated[0].effect_document == "777/QĐ-BKHCN"
    # The national record still restates the condition 30/2021/NĐ-CP cut: a `cut` gap of the
    # national partition, with no province.
    national = [g for g in gaps if g.partition == NATIONAL_PARTITION]
    assert [(g.kind, g.requirement_text, g.province_code) for g in national] == [("cut", CUT, "")]
    assert national[0].province == "Trung ương"
    assert national[0].provincial_document == "777/QĐ-BKHCN"
    # ... and the province restates it too, as before.
    assert any(g.kind == "cut" and g.province_code == "02" for g in gaps)
    # The API and dashboard name the national partition.
    from registry.queries.gaps import GapFilter, list_gaps

    with registry_db.connect() as conn:
        _total, rows = list_gaps(conn, GapFilter(kind="cut"))
    assert {r["successor_name"] for r in rows if r["province_code"] == ""} == {"Trung ương"}
    from registry.scan.gaps import list_gaps as cli_gaps

    with registry_db.connect() as conn:
        _scan, tw = cli_gaps(conn, province="trung ương")
    assert [(g["kind"], g["successor_code"]) for g in tw] == [("cut", NATIONAL_PARTITION)]


def test_national_partition_by_name() -> None:
    for name in ("TW", "trung ương", "national"):
        assert partition_for(name) == NATIONAL_PARTITION


def test_the_real_crawl_is_stored_as_national_procedures(tmp_path: Path) -> None:
    """`dkkd ingest …/tthc-csdl-quocgia`: every record a national procedure, nothing quarantined,
    a second run adds nothing (SQLite only: the write path is the same on PostgreSQL)."""
    from registry.store.db import open_registry
    from tests.conftest import REAL

    folder = REAL / "tthc-csdl-quocgia"
    if not folder.is_dir():
        import pytest

        pytest.skip(f"real corpus folder {folder} not found")
    engine = open_registry(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        report = ingest_paths(engine, [folder], max_bytes=10**7, consolidate=False)
        assert report.counts() == {
            "added": 1856,
            "new_version": 0,
            "unchanged": 0,
            "quarantined": 0,
        }
        pt = m.table_of(m.Procedure)
        assert _count(engine, m.Procedure, pt.c.successor_code == NATIONAL_PARTITION) == 1856
        with engine.connect() as conn:
            codes = conn.execute(select(func.count(func.distinct(pt.c.code)))).scalar_one()
        assert codes == 1856
        again = ingest_paths(engine, [folder], max_bytes=10**7, consolidate=False)
        assert again.counts()["unchanged"] == 1856
    finally:
        engine.dispose()


def test_chitiettthc_text_is_a_national_procedure(registry_db: Engine, tmp_path: Path) -> None:
    from tests.parsers.test_tthc_records import DETAIL

    path = tmp_path / "ChiTietTTHC_1.004363.txt"
    path.write_text(DETAIL, encoding="utf-8")
    report = ingest_paths(registry_db, [path], max_bytes=10**7, consolidate=False)
    assert [(f.outcome, f.kind) for f in report.files] == [("added", "tthc_records")]
    pt = m.table_of(m.Procedure)
    with registry_db.connect() as conn:
        row = conn.execute(select(pt.c.code, pt.c.successor_code, pt.c.level)).one()
    assert tuple(row) == ("1.004363", NATIONAL_PARTITION, "tỉnh")


@settings(max_examples=150, deadline=None)
@given(
    cut=st.integers(min_value=0, max_value=600),
    junk=st.binary(max_size=12),
    jsonl=st.booleans(),
)
def test_dispatch_of_broken_record_files_names_the_file(cut: int, junk: bytes, jsonl: bool) -> None:
    """Any damage to a record file gives a plan or an ImportError_ whose reason names the file."""
    from registry.importers.documents import dispatch
    from registry.importers.plan import ImportError_

    name = "d.jsonl" if jsonl else "d.json"
    data = (json.dumps(record(), ensure_ascii=False).encode() + b"\n") * (2 if jsonl else 1)
    try:
        plan = dispatch(data[:cut] + junk, name)
    except ImportError_ as e:
        assert str(e).startswith(name), e
    else:
        assert plan.kind in ("tthc_records", "reference", "ktcn")


def test_cli_parse_prints_procedures(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dkkd.cli import app

    path = _write(tmp_path / "1.000001.json", record())
    res = CliRunner().invoke(app, ["parse", str(path), "--json"])
    assert res.exit_code == 0, res.output
    (proc,) = json.loads(res.stdout)["procedures"]
    assert {k: proc[k] for k in ("code", "level", "field", "publishing_decision")} == {
        "code": "1.000001",
        "level": "Cấp tỉnh",
        "field": "Hoạt động thử nghiệm",
        "publishing_decision": "777/QĐ-BKHCN",
    }
    assert proc["requirements"][1] == CUT
    assert [b["document"] for b in proc["legal_bases"]] == ["12/2019/NĐ-CP", "30/2021/NĐ-CP"]
    human = CliRunner().invoke(app, ["parse", str(path)])
    assert "Nghị định số 30/2021/NĐ-CP" in human.stdout and "Quyết định công bố" in human.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"ma_thu_tuc": "1.0', encoding="utf-8")
    res = CliRunner().invoke(app, ["parse", str(bad), "--json"])
    assert res.exit_code == 2
    assert f"lỗi: {bad}: không đọc được JSON" in res.output
