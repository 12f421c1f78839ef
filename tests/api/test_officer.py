"""What a reform officer reads: Vietnamese words and legal citations on every page, export, feed
and report over the bundled sample; the Excel file's shape; the review flow, scan history, the
province appendix, a document's changes, the KTCN page and the CLI's tables."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from dkkd.cli import app as cli
from parsers.citation_text import citation
from registry import labels
from registry.queries.common import TABLES
from registry.queries.exports import HEADERS
from registry.queries.gaps import GapFilter
from registry.queries.gaps import list_gaps as gap_table
from registry.scan.gaps import list_gaps as scan_gaps
from registry.scan.reports import write_reports
from tests.api.conftest import Api

G = TABLES["gap"]
# A raw provision id, or an English machine word, where a person reads.
RAW_ID = re.compile(r"dieu_\d|__khoan_|__diem_|#dieu|\bkhoan_\d")
ENGLISH = re.compile(
    r"\b(in_force|repealed|amended|cut|unknown|first_seen|replace_phrase|replace_document|"
    r"false_positive|confirmed|notified|fixed|absent|seen|resolved|abolished|complete|"
    r"document commenced|amend|repeal|insert)\b"
)
CITATION = re.compile(
    r"(điểm [a-zđ]+ |khoản \d+ )?Điều \d+ (Nghị định|Thông tư|Luật|Quyết định) số \d+/\d{4}/",
    re.IGNORECASE,
)


class _Text(HTMLParser):
    """The text a person sees: no tags, attributes, styles or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def assert_reads_vietnamese(where: str, text: str) -> None:
    raw = sorted({m.group(0) for m in RAW_ID.finditer(text)})
    eng = sorted({m.group(0) for m in ENGLISH.finditer(text)})
    assert not raw, f"{where}: raw provision ids {raw}"
    assert not eng, f"{where}: English machine words {eng}"


def _gap_ids(api: Api, kind: str | None = None) -> list[int]:
    with api.engine.connect() as conn:
        q = select(G.c.id).order_by(G.c.id)
        if kind:
            q = q.where(G.c.kind == kind)
        return list(conn.execute(q).scalars())


def _pages(api: Api) -> list[str]:
    scans = api.client.get("/v1/scans").json()["items"]
    ids = sorted(s["id"] for s in scans)
    docs = api.client.get("/v1/documents", params={"per_page": 200}).json()["items"]
    return [
        "/",
        "/tinh",
        "/tinh?view=63",
        "/khoang-trong",
        "/khoang-trong?province=60",
        "/ra-soat",
        *(f"/ra-soat/{i}" for i in ids),
        f"/ra-soat/so-sanh?a={ids[0]}&b={ids[-1]}",
        "/kiem-tra?line=181&province=Ngh%E1%BB%87%20An&as_of=2026-12-01",
        "/kiem-tra?line=38&province=H%C3%A0%20Giang",
        "/ktcn?hs=2710",
        "/ktcn?hs=2710.12.21",
        "/bao-cao",
        "/bao-cao?province=60&as_of=2026-12-01",
        "/bao-cao?province=L%C3%A2m%20%C4%90%E1%BB%93ng",
        "/dang-nhap",
        "/van-ban/thay-doi",
        *(f"/van-ban/thay-doi?so={d['number']}&from=01/01/2000" for d in docs),
        *(f"/khoang-trong/{i}" for i in _gap_ids(api)),
    ]


def test_no_page_shows_raw_ids_or_english(api: Api) -> None:
    pages = _pages(api)
    assert len(pages) > 40
    for path in pages:
        r = api.client.get(path)
        assert r.status_code == 200, path
        assert_reads_vietnamese(path, visible(r.text))


def test_gap_pages_show_vietnamese_citations(api: Api) -> None:
    for kind in ("cut", "amended"):
        for gid in _gap_ids(api, kind):
            d = api.client.get(f"/v1/gaps/{gid}").json()
            cond = d["national"]["condition"]
            text = visible(api.client.get(f"/khoang-trong/{gid}").text)
            expected = labels.cap(citation(cond["unit_id"], cond["document"]))
            assert expected in text, (gid, expected)
            assert d["condition_citation"] == citation(cond["unit_id"], cond["document"])
            assert CITATION.search(d["effect_citation"]), d["effect_citation"]
            assert f"bởi {d['effect_citation']}" in text


def test_listing_json_has_citations_beside_machine_keys(api: Api) -> None:
    items = api.client.get("/v1/gaps", params={"kind": "cut"}).json()["items"]
    assert items
    for g in items:
        assert g["condition_key"] and "#dieu_" in g["condition_key"]  # machine field kept
        assert CITATION.search(g["condition_citation"]), g["condition_citation"]
        assert not RAW_ID.search(g["condition_citation"] + g["effect_citation"])
        assert g["national_citation"] == g["condition_citation"]
    # Gaps without a condition still name the national side: the changed provision of a cited
    # basis, the publication that superseded a procedure.
    for kind, pattern in (
        ("basis", CITATION),
        ("procedure", re.compile(r"^Quyết định số \S+/QĐ-")),
    ):
        rows = api.client.get("/v1/gaps", params={"kind": kind}).json()["items"]
        assert rows and all(pattern.search(g["national_citation"]) for g in rows), kind


@pytest.mark.parametrize(
    "spelling",
    [
        "54/2017/NĐ-CP#dieu_4__khoan_3",
        "54/2017/nd-cp#dieu_4__khoan_3",
        "54/2017/ND-CP#DIEU_4__KHOAN_3",
        " 54/2017/Nđ-Cp#Dieu_4__Khoan_3 ",
    ],
)
def test_condition_key_in_any_letter_case(api: Api, spelling: str) -> None:
    r = api.client.get("/v1/conditions/" + spelling.replace("#", "%23"))
    assert r.status_code == 200, r.text
    assert r.json()["key"] == "54/2017/nd-cp#dieu_4__khoan_3"
    assert api.client.get("/v1/conditions/54%2F2017%2FND-CP%23dieu_99").status_code == 404


def test_xlsx_one_header_typed_dates_filter_frozen(api: Api) -> None:
    total = api.client.get("/v1/gaps").json()["total"]
    r = api.client.get("/v1/gaps", params={"format": "xlsx"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS and len(rows) == total + 1  # one header row, one row per gap
    assert all(isinstance(v, int) for v in (row[0] for row in rows[1:]))  # ids are numbers
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(HEADERS)).column_letter}{total + 1}"
    signed = HEADERS.index("Ngày ký") + 1
    effective = HEADERS.index("Ngày hiệu lực của thay đổi") + 1
    cells = [ws.cell(i, c) for i in range(2, total + 2) for c in (signed, effective)]
    dated = [c for c in cells if c.value is not None]
    assert dated and all(isinstance(c.value, datetime) for c in dated)
    assert all(c.number_format == "dd/mm/yyyy" for c in dated)
    assert ws.column_dimensions["K"].width and ws.column_dimensions["K"].width >= 30
    for row in rows[1:]:
        text = " ".join(str(v) for v in row[:-1] if isinstance(v, str))  # last: machine key
        assert_reads_vietnamese(f"xlsx row {row[0]}", text)
    amended = [row for row in rows[1:] if row[1] == labels.GAP_KIND["amended"]]
    current = HEADERS.index("Nội dung điều kiện hiện hành")
    assert any("30 m²" in (row[current] or "") for row in amended)  # text in force, not 50 m²


def test_csv_has_the_xlsx_columns_and_vietnamese_dates(api: Api) -> None:
    r = api.client.get("/v1/gaps", params={"format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    dates = [row[HEADERS.index("Ngày ký")] for row in rows[1:]]
    assert dates and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", d) for d in dates if d)
    for row in rows[1:]:
        assert_reads_vietnamese("csv", " ".join(row[:-1]))


def test_atom_titles_tell_gaps_apart_and_read_vietnamese(api: Api) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ElementTree.fromstring(api.client.get("/v1/gaps/feed.atom").content)
    entries = root.findall("a:entry", ns)
    titles = [e.findtext("a:title", "", ns) for e in entries]
    assert titles and len(set(titles)) == len(titles)
    for e in entries:
        text = e.findtext("a:title", "", ns) + " " + e.findtext("a:summary", "", ns)
        assert_reads_vietnamese("atom", text)
    one = ElementTree.fromstring(
        api.client.get("/v1/gaps/feed.atom", params={"province": "Nghệ An"}).content
    )
    mine = one.findall("a:entry", ns)
    assert mine and len(mine) < len(entries)
    assert all("Nghệ An" in (e.findtext("a:title", "", ns) or "") for e in mine)


def test_scan_reports_read_vietnamese(api: Api, tmp_path: Path) -> None:
    with api.engine.connect() as conn:
        scan, gaps = scan_gaps(conn)
        assert scan is not None
        _, table = gap_table(conn, GapFilter(scan=scan["scan_id"], active=True, sort="id"))
    paths = write_reports(tmp_path, {**scan, "gaps": {"total": len(gaps)}}, gaps, table)
    page = Path(paths["html"]).read_text(encoding="utf-8")
    assert_reads_vietnamese("report html", visible(page))
    assert CITATION.search(visible(page))
    rows = list(csv.reader(io.StringIO(Path(paths["csv"]).read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS and len(rows) == len(gaps) + 1
    data = json.loads(Path(paths["json"]).read_text(encoding="utf-8"))
    assert data["gaps"][0]["kind"] in labels.GAP_KIND  # JSON keeps machine values


def test_review_flow_on_the_dashboard(api: Api) -> None:
    c = api.client
    gid = _gap_ids(api, "basis")[-1]
    c.cookies.clear()
    # Not signed in: the form sends the officer to sign in first.
    r = c.post(f"/khoang-trong/{gid}/xu-ly", data={"action": "confirmed"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/dang-nhap")
    bad = c.post("/dang-nhap", data={"token": "dkkd_wrong", "next": "/"})
    assert bad.status_code == 401 and "Mã truy cập không đúng" in bad.text
    ok = c.post(
        "/dang-nhap",
        data={"token": api.reviewer, "next": f"/khoang-trong/{gid}"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"] == f"/khoang-trong/{gid}"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    # Off-site "next" is not followed.
    evil = c.post("/dang-nhap", data={"token": api.reviewer, "next": "//evil.example/"})
    assert evil.url.path == "/"
    try:
        r = c.post(
            f"/khoang-trong/{gid}/xu-ly",
            data={"action": "confirmed", "note": "đã gửi công văn số 12/UBND"},
        )
        assert r.status_code == 200 and "Đã lưu." in r.text
        text = visible(r.text)
        assert "Đã xác nhận" in text and "đã gửi công văn số 12/UBND" in text
        assert "test reviewer" in text
        # A move the workflow does not allow is refused, in Vietnamese.
        r = c.post(f"/khoang-trong/{gid}/xu-ly", data={"action": "fixed"})
        assert r.status_code == 409
        assert "Không thể chuyển từ “Đã xác nhận” sang “Đã khắc phục”" in r.text
    finally:
        c.post(f"/khoang-trong/{gid}/xu-ly", data={"action": "open", "note": "trả lại"})
        c.post("/dang-xuat")
        c.cookies.clear()
    assert api.client.get(f"/v1/gaps/{gid}").json()["review_state"] == "open"


def test_scan_diff_page_lists_appeared_resolved_stayed(api: Api) -> None:
    ids = sorted(s["id"] for s in api.client.get("/v1/scans").json()["items"])
    a, b = ids[0], ids[-1]
    d = api.client.get("/v1/scans/diff", params={"a": a, "b": b}).json()
    page = api.client.get(f"/ra-soat/so-sanh?a={a}&b={b}").text
    for key, n in (
        ("appeared", len(d["appeared"])),
        ("resolved", len(d["gone"])),
        ("stayed", d["unchanged"]),
    ):
        assert f'id="count-{key}">{n}<' in page
    assert page.count('href="/khoang-trong/') >= d["unchanged"]
    assert api.client.get("/ra-soat/so-sanh?a=1&b=99999").status_code == 404  # not-found page
    assert "lần rà soát số 99999" in api.client.get("/ra-soat/so-sanh?a=1&b=99999").text


def test_province_appendix(api: Api) -> None:
    r = api.client.get("/bao-cao", params={"province": "Bình Thuận", "as_of": "01/12/2026"})
    assert r.status_code == 200
    text = visible(r.text)
    assert "Phụ lục" in text and "Bình Thuận" in text and "01/12/2026" in text
    assert "nay thuộc Lâm Đồng" in text
    assert CITATION.search(text) and "Bãi bỏ bởi" in text
    open_gaps = api.client.get("/v1/gaps", params={"province": "60", "active": True}).json()
    assert text.count("Áp dụng điều kiện đã cắt giảm") == sum(
        1 for g in open_gaps["items"] if g["kind"] == "cut"
    )
    # Before the cuts took effect there is nothing to send.
    early = visible(api.client.get("/bao-cao?province=60&as_of=2017-01-01").text)
    assert "Không có thủ tục nào cần cập nhật" in early
    bad = api.client.get("/bao-cao", params={"province": "Xyz"})
    assert bad.status_code == 422 and "Không có tỉnh, thành phố nào" in bad.text
    assert api.client.get("/bao-cao?province=60&as_of=31/02/2026").status_code == 422


def test_document_changes_between_two_dates(api: Api) -> None:
    docs = api.client.get("/v1/documents", params={"q": "54/2017"}).json()["items"]
    doc_id = next(d["id"] for d in docs if d["number"] == "54/2017/NĐ-CP")
    r = api.client.get(
        f"/v1/documents/{doc_id}/changes", params={"from": "2018-01-01", "to": "2019-01-01"}
    )
    assert r.status_code == 200
    by_unit = {c["unit_id"]: c for c in r.json()["changes"]}
    cut = by_unit["dieu_4__khoan_3"]
    assert cut["change"] == "repealed" and cut["new_text"] is None and cut["old_text"]
    assert cut["citation"] == "Khoản 3 Điều 4 Nghị định số 54/2017/NĐ-CP"
    assert cut["effects"][0]["effective"] == "2018-11-12"
    assert cut["effects"][0]["citation"].endswith("Nghị định số 155/2018/NĐ-CP")
    amended = by_unit["dieu_3__khoan_1"]
    assert amended["change"] == "amended" and "30 m²" in amended["new_text"]
    assert amended["old_text"] != amended["new_text"]
    none = api.client.get(
        f"/v1/documents/{doc_id}/changes", params={"from": "2019-01-01", "to": "2020-01-01"}
    )
    assert none.json()["changes"] == []
    assert api.client.get(f"/v1/documents/{doc_id}/changes").status_code == 422
    empty = {"from": "2020-01-01", "to": "2019-01-01"}  # nothing takes effect in no time
    assert api.client.get(f"/v1/documents/{doc_id}/changes", params=empty).json()["changes"] == []
    assert api.client.get("/v1/documents/999999/changes?from=2018-01-01").status_code == 404
    page = visible(api.client.get("/van-ban/thay-doi?so=54/2017/ND-CP&from=01/01/2018").text)
    assert "Khoản 3 Điều 4 Nghị định số 54/2017/NĐ-CP — bãi bỏ" in page
    assert "(đã bãi bỏ)" in page and "12/11/2018" in page


def test_ktcn_page_one_row_per_requirement(api: Api) -> None:
    page = api.client.get("/ktcn", params={"hs": "2710"}).text
    body = page[
        page.index('id="ktcn-items"') : page.index("</table>", page.index('id="ktcn-items"'))
    ]
    rows = re.findall(r"<tr><td>([\d.]+)</td>", body)
    assert rows and len(rows) == len(set(rows))  # a kept line is one row, not one per list
    text = visible(body)
    assert "Thông tư số 09/2019/TT-BCT" in text and "trước đó: Thông tư số 14/2017/TT-BCT" in text
    assert "Đã cắt giảm từ 01/06/2019" in text and "Kiểm tra chất lượng" in text
    # A circular's table names its goods: that column is the product's name.
    assert "Xăng không pha chì dùng cho động cơ" in text
    named = api.client.get("/v1/ktcn/2710.12.21").json()["items"]
    assert named and {i["name"] for i in named} == {"Xăng không pha chì dùng cho động cơ"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-11-12", "12/11/2018"),
        (date(2025, 7, 1), "01/07/2025"),
        ("2026-12-07T21:06:04.863125+00:00", "08/12/2026 04:06"),  # shown in UTC+7
        ("2026-12-07T10:00:00", "07/12/2026 10:00"),  # no zone: as written
        (None, ""),
        ("", ""),
        ("không rõ", "không rõ"),
    ],
)
def test_vn_date(value: object, expected: str) -> None:
    assert labels.vn_date(value) == expected


def test_every_value_in_the_registry_has_a_word(api: Api) -> None:
    """Statuses, effect operations, reasons and gap kinds the sample holds are all translated."""
    with api.engine.connect() as conn:
        ops = set(conn.execute(select(TABLES["effect"].c.op).distinct()).scalars())
        cs = TABLES["condition_status"]
        statuses = set(conn.execute(select(cs.c.status).distinct()).scalars())
        reasons = set(conn.execute(select(cs.c.reason).distinct()).scalars())
    assert ops <= set(labels.EFFECT_OP)
    assert statuses <= set(labels.STATUS)
    assert {r for r in reasons if r} <= set(labels.REASON)
    assert labels.label(labels.STATUS, "something_new") == "chưa rõ"  # never the English code


def test_cli_tables_fit_80_columns(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    if api.backend != "sqlite":
        pytest.skip("the CLI is checked once, on SQLite")
    url = api.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("COLUMNS", "80")
    runner = CliRunner()
    res = runner.invoke(cli, ["gaps", "--database-url", url], terminal_width=80)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Điều kiện trung" in res.output and "Tỉnh" in res.output  # CLI header
    assert_reads_vietnamese("dkkd gaps", res.output)
    assert "Nghị định số" in res.output
    monkeypatch.setenv("COLUMNS", "200")
    wide = runner.invoke(cli, ["gaps", "--wide", "--database-url", url])
    assert wide.exit_code == 0 and "Văn bản thay đổi" in wide.output
    assert CITATION.search(wide.output)
    monkeypatch.setenv("COLUMNS", "80")
    as_json = runner.invoke(cli, ["gaps", "--json", "--database-url", url])
    assert json.loads(as_json.output)["gaps"][0]["kind"] in labels.GAP_KIND
    stats = runner.invoke(cli, ["stats", "--database-url", url], terminal_width=80)
    assert stats.exit_code == 0 and "Còn hiệu lực" in stats.output
    assert max(len(line) for line in stats.output.splitlines()) <= 80
    for cmd in ("gaps", "scan", "ingest", "stats"):
        help_text = runner.invoke(cli, [cmd, "--help"], terminal_width=80).output
        assert "Exit codes:" in help_text and "  0  done" in help_text, cmd
        assert "<bool>" not in help_text, cmd  # --json and friends read as plain flags


def test_ktcn_compiled_list_is_flagged_and_dated_from_its_document(tmp_path: Path) -> None:
    """A compiled list: one row per (line, requirement), types and ministries in words, a note
    that the source is unofficial, and no compilation date passed off as the date in force."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.routers.dashboard import ktcn_rows
    from registry.settings import Settings
    from registry.store.db import open_registry
    from registry.store.ingest import ingest_paths

    line = {
        "hs": "01012100",
        "ten": "- - Loại thuần chủng để nhân giống",
        "ktcn": [
            {"mo_ta": "Động vật phải kiểm dịch", "van_ban": "01/2024/TT-BNNPTNT M1",
             "danh_muc": "M1", "co_quan": "BNNPTNT", "loai": "kiem_dich_dong_vat"},
            {"mo_ta": "Giống vật nuôi cần bảo tồn", "van_ban": "01/2024/TT-BNNPTNT M4",
             "danh_muc": "M4", "co_quan": "BNNPTNT", "loai": "giong_vat_nuoi"},
        ],
    }  # fmt: skip
    src = tmp_path / "in"
    src.mkdir()
    (src / "ktcn-hs-codes.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n")
    engine = open_registry(f"sqlite:///{tmp_path / 'k.db'}")
    ingest_paths(engine, [src])
    client = TestClient(create_app(Settings(database_url="sqlite://"), engine))
    page = client.get("/ktcn", params={"hs": "0101"}).text
    text = visible(page)
    assert 'id="ktcn-compiled-note"' in page and "không phải văn bản chính thức" in text
    assert "Kiểm dịch động vật" in text and "Giống vật nuôi cần bảo tồn" in text
    # The product's name (the list's `ten`, without the tariff's dashes) beside its requirement.
    body = page[page.index('id="ktcn-items"') :]
    assert visible(body).count("Loại thuần chủng để nhân giống") == 2
    assert "Yêu cầu: Động vật phải kiểm dịch" in text and "- - Loại" not in text
    api_items = client.get("/v1/ktcn/0101.21.00").json()["items"]
    assert {i["name"] for i in api_items} == {"Loại thuần chủng để nhân giống"}
    assert {i["description"] for i in api_items} == {
        "Động vật phải kiểm dịch",
        "Giống vật nuôi cần bảo tồn",
    }
    assert "kiem_dich" not in text and "giong_vat" not in text
    assert "Bộ Nông nghiệp và Phát triển nông thôn" in text
    assert "Thông tư số 01/2024/TT-BNNPTNT" in text
    assert len(re.findall(r"<tr><td>0101\.21\.00</td>", body)) == 2  # two requirements
    assert "chưa rõ" in text  # the list document is not in this registry: no date claimed
    engine.dispose()
    # With the list document's date known, that date is shown.
    with_date = ktcn_rows(
        [{"hs": "01012100", "hs_formatted": "0101.21.00", "description": "x",
          "inspection_type": "kiem_dich_dong_vat", "agency": "BNNPTNT",
          "list_document": "01/2024/TT-BNNPTNT", "list_part": "M1", "origin": "compiled",
          "valid_from": None, "valid_to": None, "listed_on": "2026-04-06", "cut_by": None}],
        {"01/2024/TT-BNNPTNT": "2024-03-01"},
    )  # fmt: skip
    assert with_date[0]["valid_from"] == "2024-03-01" and with_date[0]["compiled"]


def test_walkthrough_wording(api: Api) -> None:
    """What a reform officer saw wrong on the sample: the ministry chart's raw codes, a gap's
    old text unlabelled, dot decimals, the business check's raw HS digits and list numbers, an
    empty KTCN panel, and a tobacco licence under the petrol line."""
    raw = api.client.get("/").text
    home = visible(raw)
    assert ">Bộ Công Thương</text>" in raw and ">BCT</text>" not in raw  # the chart's labels
    assert re.search(r"\(\d+,\d%\)", home) and not re.search(r"\(\d+\.\d%\)", home)
    for gid in _gap_ids(api, "cut"):
        page = visible(api.client.get(f"/khoang-trong/{gid}").text)
        assert "Nội dung đã bị cắt giảm" in page and not re.search(r"Điểm khớp \d+\.\d", page)
        assert not re.search(r"· (BYT|BCT|BCA)\b", page)
    amended = [visible(api.client.get(f"/khoang-trong/{g}").text) for g in _gap_ids(api, "amended")]
    assert any("Nội dung cũ mà tỉnh còn áp dụng" in p for p in amended)
    petrol = api.client.get("/kiem-tra", params={"line": "38"}).text
    text = visible(petrol)
    assert "2710.12.21" in text and "27101221" not in text
    assert "Thông tư số 09/2019/TT-BCT" in text and "danh mục của Bộ Công Thương" in text
    assert "Quyết định số 1108/QĐ-UBND" in text
    # 08/2018/NĐ-CP amends the petrol and the tobacco decrees: citing it alone names no line.
    rules = api.client.get("/v1/business-lines/38/rules").json()
    assert rules["procedures"] and all("thuốc lá" not in p["name"] for p in rules["procedures"]), [
        p["name"] for p in rules["procedures"]
    ]
    assert "08/2018/NĐ-CP" in rules["amending_documents"]
    pharmacy = visible(api.client.get("/kiem-tra", params={"line": "181"}).text)
    assert "chưa có danh mục KTCN" in pharmacy  # said, not an empty panel


def test_appendix_asks_to_abolish_an_abolished_procedure(api: Api) -> None:
    text = visible(api.client.get("/bao-cao", params={"province": "Nghệ An"}).text)
    assert "Bãi bỏ thủ tục này (đã bị bãi bỏ ở trung ương)" in text


def test_xlsx_reads_ministry_names_and_capitalised_citations(api: Api) -> None:
    sheet = load_workbook(io.BytesIO(api.client.get("/v1/gaps?format=xlsx").content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    ministries = {r[col["Bộ quản lý"]] for r in rows[1:]}
    assert ministries and ministries <= {"Bộ Y tế", "Bộ Công Thương", "Bộ Công an"}, ministries
    changed = [r[col["Văn bản thay đổi"]] for r in rows[1:] if r[col["Văn bản thay đổi"]]]
    assert changed and all(str(c)[0].isupper() for c in changed), changed
