"""Every public read endpoint over the real ingest + scan of the bundled sample."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.queries.common import TABLES
from registry.store import models as m
from tests.api.conftest import Api

G = TABLES["gap"]


def _count(api: Api, *where: object) -> int:
    with api.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(G).where(*where)).scalar_one())  # type: ignore[arg-type]


def test_gap_listing_counts_match_the_registry(api: Api) -> None:
    r = api.client.get("/v1/gaps", params={"per_page": 500})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == _count(api) > 0
    assert len(body["items"]) == body["total"]
    assert {g["kind"] for g in body["items"]} <= {"cut", "amended", "basis", "procedure"}


@pytest.mark.parametrize(
    "province",
    [
        "60",
        "Bình Thuận",
        "binh thuan",
        "BINH THUAN",
        "tỉnh Bình Thuận",
        "68",
        "Lâm Đồng",
        "lam dong",
    ],
)
def test_province_filter_accepts_codes_and_names(api: Api, province: str) -> None:
    """Bình Thuận (old 60) merged into Lâm Đồng (new 68): every form finds its gaps."""
    body = api.client.get("/v1/gaps", params={"province": province, "per_page": 500}).json()
    expected = _count(api, (G.c.province_code == "60") | (G.c.successor_code == "68"))
    if province in ("60", "Bình Thuận", "binh thuan", "BINH THUAN", "tỉnh Bình Thuận"):
        expected = _count(api, G.c.province_code == "60")
    assert body["total"] == expected > 0
    assert all(g["province_code"] == "60" or g["successor_code"] == "68" for g in body["items"])


def test_unknown_province_is_refused_not_zero(api: Api) -> None:
    r = api.client.get("/v1/gaps", params={"province": "Atlantis"})
    assert r.status_code == 404
    assert "Atlantis" in r.json()["detail"] and r.json()["suggestions"]


@pytest.mark.parametrize("kind", ["cut", "amended", "basis", "procedure"])
def test_kind_filter(api: Api, kind: str) -> None:
    body = api.client.get("/v1/gaps", params={"kind": kind, "per_page": 500}).json()
    assert body["total"] == _count(api, G.c.kind == kind)
    assert all(g["kind"] == kind for g in body["items"])


def test_ministry_business_line_state_and_date_filters(api: Api) -> None:
    all_items = api.client.get("/v1/gaps", params={"per_page": 500}).json()["items"]
    bct = api.client.get("/v1/gaps", params={"ministry": "bct", "per_page": 500}).json()
    assert bct["total"] == sum(1 for g in all_items if g["ministry"] == "BCT") > 0
    states = api.client.get("/v1/gaps", params={"state": "open", "per_page": 500}).json()
    assert states["total"] == _count(api, G.c.review_state == "open")
    dated = [g for g in all_items if g["effective"]]
    pivot = sorted(g["effective"] for g in dated)[len(dated) // 2]
    later = api.client.get("/v1/gaps", params={"date_from": pivot, "per_page": 500}).json()
    assert later["total"] == sum(1 for g in dated if g["effective"] >= pivot)
    earlier = api.client.get("/v1/gaps", params={"date_to": pivot, "per_page": 500}).json()
    assert earlier["total"] == sum(1 for g in dated if g["effective"] <= pivot)
    xd = api.client.get("/v1/gaps", params={"business_line": "38", "per_page": 500}).json()
    xd_name = api.client.get(
        "/v1/gaps", params={"business_line": "kinh doanh xang dau", "per_page": 500}
    ).json()
    assert xd["total"] == xd_name["total"]


def test_sort_and_pagination(api: Api) -> None:
    full = api.client.get("/v1/gaps", params={"sort": "id", "per_page": 500}).json()["items"]
    ids = [g["id"] for g in full]
    assert ids == sorted(ids)
    paged: list[int] = []
    page = 1
    while True:
        body = api.client.get("/v1/gaps", params={"sort": "id", "per_page": 4, "page": page}).json()
        if not body["items"]:
            break
        assert body["page"] == page and body["per_page"] == 4
        paged += [g["id"] for g in body["items"]]
        page += 1
    assert paged == ids
    scores = [
        g["score"] for g in api.client.get("/v1/gaps", params={"sort": "-score"}).json()["items"]
    ]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"per_page": 0},
        {"per_page": 501},
        {"page": 0},
        {"kind": "nonsense"},
        {"date_from": "2020-13-01"},
        {"sort": "x"},
    ],
)
def test_bad_parameters_are_422(api: Api, params: dict[str, object]) -> None:
    assert api.client.get("/v1/gaps", params=params).status_code == 422


def test_csv_and_xlsx_exports_parse(api: Api) -> None:
    total = api.client.get("/v1/gaps", params={"province": "60"}).json()["total"]
    r = api.client.get("/v1/gaps", params={"province": "60", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == total and all(row["Mã tỉnh (cũ)"] == "60" for row in rows)
    x = api.client.get("/v1/gaps", params={"province": "60", "format": "xlsx"})
    assert x.status_code == 200
    ws = load_workbook(io.BytesIO(x.content), read_only=True).active
    values = list(ws.iter_rows(values_only=True))
    # One Vietnamese header row, then one row per gap (the CSV's columns).
    assert list(values[0]) == list(rows[0].keys())
    assert len(values) - 1 == total
    assert {v[3] for v in values[1:]} == {"60"}


def test_gap_detail_has_both_sides_history_effect_and_scans(api: Api) -> None:
    with api.engine.connect() as conn:
        gid = (
            conn.execute(select(G.c.id).where(G.c.kind == "cut").order_by(G.c.id)).scalars().first()
        )
    assert gid is not None
    d = api.client.get(f"/v1/gaps/{gid}").json()
    assert d["kind"] == "cut"
    assert d["provincial"]["procedure"]["decision_number"]
    assert d["provincial"]["requirement"]["text"]
    cond = d["national"]["condition"]
    assert cond["key"] and any(h["status"] == "cut" for h in cond["history"])
    assert d["national"]["effect"]["by_document"] == d["effect_document"]
    ev = d["evidence"]["evidence"]
    assert ev["provincial"]["spans"] and ev["national"]["spans"]
    assert [s["event"] for s in d["scans"]][:1] == ["first_seen"] and len(d["scans"]) >= 2
    assert api.client.get("/v1/gaps/999999").status_code == 404


def test_feed_is_atom(api: Api) -> None:
    from xml.etree import ElementTree as ET

    r = api.client.get("/v1/gaps/feed.atom", params={"limit": 5})
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == min(5, _count(api))
    assert all(
        e.find("a:id", ns) is not None and e.find("a:updated", ns) is not None for e in entries
    )


def test_scans_list_detail_and_diff(api: Api) -> None:
    body = api.client.get("/v1/scans").json()
    assert body["total"] >= 2
    first, second = sorted(s["id"] for s in body["items"])[:2]
    d = api.client.get(f"/v1/scans/{first}").json()
    assert d["counts"]["gaps"] == d["counts"]["new"] == sum(d["counts"]["by_kind"].values()) > 0
    d2 = api.client.get(f"/v1/scans/{second}").json()
    assert d2["counts"]["new"] == 0 and d2["counts"]["gaps"] == d["counts"]["gaps"]
    diff = api.client.get("/v1/scans/diff", params={"a": first, "b": second}).json()
    assert (
        diff["appeared"] == [] and diff["gone"] == [] and diff["unchanged"] == d["counts"]["gaps"]
    )
    assert api.client.get("/v1/scans/99999").status_code == 404
    assert api.client.get("/v1/scans/diff", params={"a": first, "b": 99999}).status_code == 404


def test_condition_search_is_diacritics_insensitive(api: Api) -> None:
    a = api.client.get("/v1/conditions", params={"q": "quầy thuốc"}).json()
    b = api.client.get("/v1/conditions", params={"q": "QUAY THUOC"}).json()
    assert a["total"] == b["total"] > 0
    assert [c["id"] for c in a["items"]] == [c["id"] for c in b["items"]]
    cut = api.client.get("/v1/conditions", params={"status": "cut", "as_of": "2025-09-18"}).json()
    before = api.client.get(
        "/v1/conditions", params={"status": "cut", "as_of": "2010-01-01"}
    ).json()
    assert cut["total"] > 0 and before["total"] < cut["total"]


def test_condition_detail_by_id_and_key(api: Api) -> None:
    with api.engine.connect() as conn:
        row = conn.execute(select(TABLES["condition"].c.id, TABLES["condition"].c.key)).first()
    assert row is not None
    by_id = api.client.get(f"/v1/conditions/{row.id}").json()
    by_key = api.client.get("/v1/conditions/" + quote(row.key, safe="/")).json()
    assert by_id["key"] == by_key["key"] == row.key
    assert by_id["history"] and by_id["versions"]
    assert api.client.get("/v1/conditions/no-such-key").status_code == 404


def test_documents_search_and_detail(api: Api) -> None:
    found = api.client.get("/v1/documents", params={"q": "83/2014/NĐ-CP"}).json()
    assert found["total"] == 1
    doc = found["items"][0]
    assert doc["number"] == "83/2014/NĐ-CP"
    folded = api.client.get("/v1/documents", params={"q": "83/2014/nd-cp"}).json()
    assert [d["id"] for d in folded["items"]] == [doc["id"]]
    words = api.client.get("/v1/documents", params={"q": "xang dau"}).json()
    assert doc["id"] in [d["id"] for d in words["items"]]
    detail = api.client.get(f"/v1/documents/{doc['id']}").json()
    assert detail["versions"] and detail["provisions"] > 0 and detail["conditions"] > 0
    assert any(e["by_document"] == "08/2018/NĐ-CP" for e in detail["effects_received"])
    amending = api.client.get("/v1/documents", params={"q": "08/2018/NĐ-CP"}).json()["items"][0]
    made = api.client.get(f"/v1/documents/{amending['id']}").json()["effects_made"]
    assert any(e["target_document"] == "83/2014/NĐ-CP" for e in made)
    assert api.client.get("/v1/documents/999999").status_code == 404


@pytest.mark.parametrize("line", ["38", "kinh doanh xăng dầu", "Kinh doanh xang dau", "xang dau"])
def test_business_line_rules_by_number_or_name(api: Api, line: str) -> None:
    r = api.client.get(f"/v1/business-lines/{line}/rules", params={"as_of": "2025-01-01"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["business_line"]["number"] == "38"
    conds = body["conditions"]
    assert sum(body["counts"].values()) == sum(len(v) for v in conds.values()) > 0
    for c in conds["cut"]:
        assert c["status"] == "cut" and c["cut_by"]["by_document"]
    for c in conds["in_force"]:
        assert c["status"] in ("in_force", "amended") and c["source"]["document"]
    for c in conds["unknown"]:
        assert c["status"] == "unknown"


def test_business_rules_province_and_date(api: Api) -> None:
    now = api.client.get("/v1/business-lines/38/rules", params={"as_of": "2025-09-18"}).json()
    then = api.client.get("/v1/business-lines/38/rules", params={"as_of": "2015-01-01"}).json()
    assert now["counts"]["cut"] > then["counts"]["cut"] == 0
    assert all(c["cut_by"]["effective"] <= "2025-09-18" for c in now["conditions"]["cut"])
    hg = api.client.get(
        "/v1/business-lines/38/rules", params={"province": "Hà Giang", "as_of": "2025-09-18"}
    ).json()
    assert [t["code"] for t in hg["province"]["territories"]] == ["02"]
    assert hg["procedures"] and all(p["province_code"] == "02" for p in hg["procedures"])
    assert all(p["source"]["document"] and p["cites"] for p in hg["procedures"])
    tq = api.client.get(
        "/v1/business-lines/38/rules", params={"province": "Tuyên Quang", "as_of": "2025-09-18"}
    ).json()
    assert {p["id"] for p in hg["procedures"]} <= {p["id"] for p in tq["procedures"]}
    assert now["ktcn_summary"]["ministry"] == "BCT" and now["ktcn_summary"]["total"] > 0
    assert api.client.get("/v1/business-lines/nonexistent-line-xyz/rules").status_code == 404


def test_business_lines_list(api: Api) -> None:
    rows = api.client.get("/v1/business-lines").json()
    assert {"38", "181"} <= {r["number"] for r in rows}
    assert api.client.get("/v1/business-lines", params={"q": "duoc"}).json()[0]["number"] == "181"


@pytest.mark.parametrize("code", ["2710.12.21", "27101221", "2710 12 21", "271012", "2710"])
def test_ktcn_code_forms(api: Api, code: str) -> None:
    r = api.client.get(f"/v1/ktcn/{code}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["hs"] == "".join(ch for ch in code if ch.isdigit())
    assert body["items"] and body["timeline"]
    assert all(
        i["hs"].startswith(body["hs"]) or body["hs"].startswith(i["hs"]) for i in body["items"]
    )


@pytest.mark.parametrize(
    ("code", "status"),
    [("abc", 422), ("02x1", 422), ("7700", 404), ("999999999", 404), ("0200", 404)],
)
def test_ktcn_bad_codes(api: Api, code: str, status: int) -> None:
    assert api.client.get(f"/v1/ktcn/{code}").status_code == status


def test_provinces(api: Api) -> None:
    rows = api.client.get("/v1/provinces").json()
    assert sum(1 for r in rows if r["era"] == "old") == 63
    assert sum(1 for r in rows if r["era"] == "new") == 34
    bt = next(r for r in rows if r["era"] == "old" and r["code"] == "60")
    assert bt["gaps"] == _count(api, G.c.province_code == "60") and bt["successor_code"] == "68"
    assert len(api.client.get("/v1/provinces", params={"era": "new"}).json()) == 34


def test_stats_headline_is_computed_from_data(api: Api) -> None:
    s = api.client.get("/v1/stats").json()
    h = s["headline"]
    with api.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(TABLES["condition"])).scalar_one()
    assert h["conditions"] == n == h["in_force"] + h["cut"] + h["unknown"]
    active = _count(api, G.c.resolved_scan_id.is_(None))
    assert h["gaps_active"] == active
    assert sum(p["gaps"] for p in s["gaps_by_province_63"]) == active
    assert sum(p["gaps"] for p in s["gaps_by_province_34"]) == active
    assert len(s["gaps_by_province_63"]) == 63 and len(s["gaps_by_province_34"]) == 34
    assert s["conditions_over_time"][-1]["cut"] == h["cut"]
    assert {x["ministry"] for x in s["conditions_by_ministry"]} >= {"BYT", "BCT"}


def test_openapi_lists_every_resource(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in (
        "/v1/gaps",
        "/v1/gaps/{gap_id}",
        "/v1/gaps/{gap_id}/review",
        "/v1/gaps/feed.atom",
        "/v1/scans",
        "/v1/scans/{scan_id}",
        "/v1/scans/diff",
        "/v1/conditions",
        "/v1/conditions/{condition}",
        "/v1/documents",
        "/v1/documents/{document_id}",
        "/v1/business-lines",
        "/v1/business-lines/{line}/rules",
        "/v1/ktcn/{hs_code}",
        "/v1/provinces",
        "/v1/stats",
        "/v1/uploads",
    ):
        assert p in paths
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "security" in spec["paths"]["/v1/gaps/{gap_id}/review"]["post"]
    assert "security" not in spec["paths"]["/v1/gaps"]["get"]


def test_models_are_the_registry_schema() -> None:
    assert m.Gap.__tablename__ == "gap"
