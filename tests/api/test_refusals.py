"""No silent wrong answers over HTTP (issue 12 item 8): unknown provinces, bad dates, bad pages
and ids are refused — JSON with a Vietnamese ``detail`` under /v1, a Vietnamese error page on the
dashboard — and names people use resolve alike everywhere. Both backends (the `api` fixture)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from registry.store import models as m
from tests.api.conftest import Api

VI_DATE = "không phải là ngày hợp lệ"
VI_PROVINCE = "Không có tỉnh, thành phố"

# path, params, status, a phrase of the Vietnamese detail
API_CASES = [
    ("/v1/gaps", {"province": "Xyz"}, 404, VI_PROVINCE),
    ("/v1/gaps", {"province": "Atlantis"}, 404, VI_PROVINCE),
    ("/v1/gaps", {"province": "99"}, 404, VI_PROVINCE),
    ("/v1/gaps", {"page": "-1"}, 422, "«page» phải ≥ 1"),
    ("/v1/gaps", {"page": "0"}, 422, "«page» phải ≥ 1"),
    ("/v1/gaps", {"page": "abc"}, 422, "«page» phải là số nguyên"),
    ("/v1/gaps", {"per_page": "9999"}, 422, "«per_page» phải ≤ 500"),
    ("/v1/gaps", {"date_from": "31/02/2020"}, 422, VI_DATE),
    ("/v1/gaps", {"date_to": "hôm qua"}, 422, VI_DATE),
    ("/v1/gaps/abc", {}, 422, "«gap_id» phải là số nguyên"),
    ("/v1/gaps/-3", {}, 422, "«gap_id» phải ≥ 1"),
    ("/v1/business-lines/181/rules", {"as_of": "31/02/2020"}, 422, VI_DATE),
    ("/v1/business-lines/181/rules", {"as_of": "2020-13-01"}, 422, VI_DATE),
    ("/v1/business-lines/181/rules", {"province": "Xyz"}, 404, VI_PROVINCE),
    ("/v1/stats", {"as_of": "yesterday"}, 422, VI_DATE),
    ("/v1/conditions", {"as_of": "32/01/2020"}, 422, VI_DATE),
    ("/v1/documents", {"province": "Xyz"}, 404, VI_PROVINCE),
    ("/v1/gaps/feed.atom", {"province": "Xyz"}, 404, VI_PROVINCE),  # not an empty feed
    ("/v1/documents/1/changes", {"from": "31/02/2018"}, 422, VI_DATE),
    ("/v1/documents/1/changes", {"from": "2018-01-01", "to": "5/13/2020"}, 422, VI_DATE),
    ("/v1/no-such-thing", {}, 404, "Không có trang"),
]


@pytest.mark.parametrize(("path", "params", "status", "phrase"), API_CASES)
def test_api_refuses_in_vietnamese_json(
    api: Api, path: str, params: dict[str, str], status: int, phrase: str
) -> None:
    r = api.client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert phrase in r.json()["detail"]


@pytest.mark.parametrize("path", ["/v1/gaps", "/v1/gaps/feed.atom"])
def test_unknown_province_gives_the_closest_names(api: Api, path: str) -> None:
    body = api.client.get(path, params={"province": "Lam Dong x"}).json()
    assert body["suggestions"][0] == "Lâm Đồng" and "Lâm Đồng" in body["detail"]


def test_a_province_feed_reads_names_as_the_listing_does(api: Api) -> None:
    """The feed resolves the province through the same resolver: "Vung Tau" is Bà Rịa - Vũng Tàu."""
    r = api.client.get("/v1/gaps/feed.atom", params={"province": "Vung Tau"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    listed = api.client.get("/v1/gaps", params={"province": "Vung Tau"}).json()["total"]
    assert listed > 0 and r.text.count("<entry>") >= listed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vũng Tàu", "Vung Tau"),
        ("Vũng Tàu", "vũng tàu"),
        ("Sài Gòn", "sai gon"),
        ("Đà Lạt", "Da Lat"),
        ("Hà Tây", "ha tay"),
        ("Bình Thuận", "60"),
    ],
)
def test_names_people_use_resolve_alike(api: Api, a: str, b: str) -> None:
    ra = api.client.get("/v1/gaps", params={"province": a, "per_page": 500})
    rb = api.client.get("/v1/gaps", params={"province": b, "per_page": 500})
    assert ra.status_code == rb.status_code == 200
    assert [g["id"] for g in ra.json()["items"]] == [g["id"] for g in rb.json()["items"]]


@pytest.mark.parametrize(
    ("iso", "vietnamese"), [("2020-01-01", "01/01/2020"), ("2026-03-05", "5/3/2026")]
)
def test_dates_read_as_iso_or_vietnamese(api: Api, iso: str, vietnamese: str) -> None:
    path = "/v1/business-lines/181/rules"
    a = api.client.get(path, params={"as_of": iso, "province": "Lâm Đồng"}).json()
    b = api.client.get(path, params={"as_of": vietnamese, "province": "Lâm Đồng"}).json()
    assert a["as_of"] == b["as_of"] == iso and a == b


def test_lam_dong_is_itself_before_the_merger(api: Api) -> None:
    path = "/v1/business-lines/181/rules"
    then = api.client.get(path, params={"as_of": "2020-01-01", "province": "Lâm Đồng"}).json()
    assert then["procedures"] == []  # not Bình Thuận's
    now = api.client.get(path, params={"as_of": "2026-01-01", "province": "Lâm Đồng"}).json()
    codes = [p["code"] for p in now["procedures"]]
    assert sorted(codes) == ["1.004616", "1.004617", "1.004620"]  # each once
    assert {p["version"] for p in now["procedures"] if p["code"] != "1.004620"} == {2}


# dashboard path, status, a phrase of the page's message
PAGE_CASES = [
    ("/khoang-trong?province=Xyz", 404, VI_PROVINCE),
    ("/khoang-trong?page=-1", 422, "«page» phải ≥ 1"),
    ("/khoang-trong?page=abc", 422, "«page» phải là số nguyên"),
    ("/khoang-trong/abc", 404, "«gap_id»"),
    ("/khoang-trong/-1", 404, "«gap_id»"),
    ("/khoang-trong/999999", 404, "Không có khoảng trống số 999999"),
    ("/kiem-tra?line=181&province=Xyz", 422, VI_PROVINCE),
    ("/kiem-tra?line=181&as_of=31/02/2020", 422, VI_DATE),
    ("/kiem-tra?province=Lam+Dong+x", 422, "Lâm Đồng"),
    ("/bao-cao?province=Lam+Dong+x", 422, "Lâm Đồng"),
    ("/bao-cao?province=Lâm+Đồng&as_of=31/02/2020", 422, "không hợp lệ"),
    ("/ra-soat/99999", 404, "Không có lần rà soát số 99999"),
    ("/trang-khong-co", 404, "Không có trang"),
]


@pytest.mark.parametrize(("path", "status", "phrase"), PAGE_CASES)
def test_dashboard_refuses_with_a_vietnamese_page(
    api: Api, path: str, status: int, phrase: str
) -> None:
    r = api.client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in r.text and phrase in r.text
    assert not r.text.lstrip().startswith("{")


def test_dashboard_error_page_links_the_closest_names(api: Api) -> None:
    r = api.client.get("/khoang-trong", params={"province": "Vungtau", "kind": "cut"})
    assert r.status_code == 404
    links = re.findall(r'<a href="([^"]+)">Vũng Tàu</a>', r.text)
    assert links and "kind=cut" in links[0] and "province=V%C5%A9ng+T%C3%A0u" in links[0]


def test_dashboard_check_reads_a_vietnamese_date(api: Api) -> None:
    r = api.client.get(
        "/kiem-tra", params={"line": "181", "province": "Vung Tau", "as_of": "01/01/2026"}
    )
    assert r.status_code == 200 and "01/01/2026" in r.text and "nay thuộc" in r.text


def _stored(api: Api) -> tuple[int, int]:
    with api.engine.connect() as conn:
        files = conn.execute(select(func.count()).select_from(m.table_of(m.SourceFile)))
        quarantined = conn.execute(select(func.count()).select_from(m.table_of(m.Quarantine)))
        return int(files.scalar_one()), int(quarantined.scalar_one())


@pytest.mark.parametrize(
    "name", ["x.exe", "bang.tsv", "no-extension", "x.md.zip", "x.xlsx", ".CSV", "中.md", "a/-.md"]
)
def test_upload_of_a_type_the_ingest_does_not_read_is_refused_before_storing(
    api: Api, name: str
) -> None:
    before = _stored(api)
    r = api.client.post(
        "/v1/uploads", params={"name": name}, content=b"data", headers=api.auth(api.admin)
    )
    assert r.status_code == 415 and "không được nạp" in r.json()["detail"]
    assert _stored(api) == before


def test_multipart_upload_stores_the_file_not_the_envelope(api: Api) -> None:
    text = (
        "CHÍNH PHỦ\n\nSố: 998/2024/NĐ-CP\n\nNGHỊ ĐỊNH\n\nQuy định thử nghiệm biểu mẫu\n\n"
        "Điều 1. Phạm vi\n\n1. Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2025.\n"
    ).encode()
    r = api.client.post(
        "/v1/uploads",
        params={"name": "nd-998.md"},
        files={"file": ("nd-998.md", text, "text/markdown")},
        headers=api.auth(api.admin),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"].endswith("nd-998.md") and body["outcome"] == "added"
    sf = m.table_of(m.SourceFile)
    with api.engine.connect() as conn:
        row = conn.execute(select(sf.c.size, sf.c.sha256).where(sf.c.path == body["name"])).one()
    import hashlib

    assert (row.size, row.sha256) == (len(text), hashlib.sha256(text).hexdigest())


@pytest.mark.parametrize(
    ("files", "params", "status"),
    [
        ({"file": ("x.md", b"data", "text/plain")}, {"name": "x.exe"}, 415),
        ({"file": ("x.md", b"", "text/plain")}, {"name": "x.md"}, 400),  # an empty file
        ({}, {"name": "x.md"}, 400),  # a form with no file part
    ],
)
def test_multipart_upload_refusals(
    api: Api, files: dict[str, tuple[str, bytes, str]], params: dict[str, str], status: int
) -> None:
    before = _stored(api)
    r = api.client.post("/v1/uploads", files=files, params=params, headers=api.auth(api.admin))
    assert r.status_code == status, r.text
    assert _stored(api) == before


def test_raw_upload_needs_a_name(api: Api) -> None:
    r = api.client.post("/v1/uploads", content=b"x", headers=api.auth(api.admin))
    assert r.status_code == 422 and "«name» là bắt buộc" in r.json()["detail"]
