"""The answers users read are the law on the date asked (issue 12): the business check and the
condition pages over the bundled sample, where 155/2018/NĐ-CP amends and cuts 54/2017/NĐ-CP on
12/11/2018 (30 m² instead of 50 m², 12 tháng instead of 18 tháng)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

from tests.api.conftest import Api

AMENDED = {
    # unit of 54/2017/NĐ-CP: (words before 12/11/2018, words from 12/11/2018)
    "dieu_3__khoan_1": ("tối thiểu 50 m²", "tối thiểu 30 m²"),
    "dieu_4__khoan_2": ("tối thiểu 18 tháng", "tối thiểu 12 tháng"),
}


def _rules(api: Api, as_of: str, province: str = "Nghệ An") -> dict[str, Any]:
    r = api.client.get(
        "/v1/business-lines/181/rules", params={"province": province, "as_of": as_of}
    )
    assert r.status_code == 200, r.text
    return r.json()


def _by_unit(body: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {c["unit_id"]: (b, c) for b, items in body["conditions"].items() for c in items}


@pytest.mark.parametrize(
    ("as_of", "new"),
    [("2018-11-11", False), ("2018-11-12", True), ("2018-11-13", True), ("2026-12-01", True)],
)
def test_business_check_shows_the_words_in_force(api: Api, as_of: str, new: bool) -> None:
    units = _by_unit(_rules(api, as_of))
    for unit, (old_words, new_words) in AMENDED.items():
        bucket, c = units[unit]
        assert bucket == "in_force"
        assert (new_words if new else old_words) in c["text"]
        assert (old_words if new else new_words) not in c["text"]
        if new:
            assert c["status"] == "amended" and c["status_since"] == "2018-11-12"
            assert c["effect"]["document"] == "155/2018/NĐ-CP"
            assert c["effect"]["date"] == "2018-11-12"
            assert c["effect"]["citation"].endswith("Nghị định số 155/2018/NĐ-CP")
            assert [old_words in e["text"] for e in c["earlier_texts"]] == [True]
        else:
            assert c["effect"] is None and c["earlier_texts"] == []


def test_business_check_interface(api: Api) -> None:
    body = _rules(api, "2026-12-01")
    assert set(body["conditions"]) == {"in_force", "cut", "unknown"}
    for items in body["conditions"].values():
        for c in items:
            assert c["document"] == "54/2017/NĐ-CP" and c["unit_id"]
            assert c["citation"].endswith("Nghị định số 54/2017/NĐ-CP")
            assert c["text"] and "status_since" in c
    cut = {c["unit_id"]: c for c in body["conditions"]["cut"]}
    # A cut condition shows the last words it had, and what cut it.
    assert "tối thiểu 10 m²" in cut["dieu_3__khoan_2"]["text"]
    assert cut["dieu_3__khoan_2"]["citation"] == "khoản 2 Điều 3 Nghị định số 54/2017/NĐ-CP"
    assert cut["dieu_3__khoan_2"]["effect"] == {
        "op": "repeal",
        "document": "155/2018/NĐ-CP",
        "provision": "dieu_1__khoan_2",
        "citation": "khoản 2 Điều 1 Nghị định số 155/2018/NĐ-CP",
        "date": "2018-11-12",
    }
    assert cut["dieu_3__khoan_2"]["text_note"]
    assert body["procedures"]
    for p in body["procedures"]:
        assert p["province"] == "Nghệ An"
        assert p["publishing_decision"] == "2310/QĐ-UBND"
        assert p["version"] >= 1
    assert isinstance(body["ktcn"], list)


def test_condition_detail_and_search_show_the_words_in_force(api: Api) -> None:
    key = quote("54/2017/nd-cp#dieu_3__khoan_1", safe="")
    now = api.client.get(f"/v1/conditions/{key}", params={"as_of": "2026-12-01"}).json()
    then = api.client.get(f"/v1/conditions/{key}", params={"as_of": "2018-01-01"}).json()
    assert "30 m²" in now["text"] and "50 m²" not in now["text"]
    assert "50 m²" in then["text"]
    assert [q["value"] for q in now["quantities"]] == [30.0]
    assert [q["value"] for q in then["quantities"]] == [50.0]
    assert ["50 m²" in h["text"] for h in now["earlier_texts"]] == [True]
    # Each status interval carries the words it held.
    assert [("50 m²" in h["text"], "30 m²" in h["text"]) for h in now["history"]] == [
        (True, False),
        (False, True),
    ]
    found = api.client.get(
        "/v1/conditions", params={"q": "thực hành chuyên môn", "as_of": "2026-12-01"}
    ).json()["items"]
    texts = {c["unit_id"]: c["text"] for c in found if c["document"] == "54/2017/NĐ-CP"}
    assert "tối thiểu 12 tháng" in texts["dieu_4__khoan_2"]


def test_dashboard_check_shows_the_words_in_force(api: Api) -> None:
    page = api.client.get(
        "/kiem-tra", params={"line": "181", "province": "Nghệ An", "as_of": "2026-12-01"}
    ).text
    assert "tối thiểu 30 m²" in page and "tối thiểu 12 tháng" in page
    assert "tối thiểu 50 m²" not in page and "tối thiểu 18 tháng" not in page


@pytest.mark.parametrize(
    ("as_of", "lines", "lists"),
    [
        ("2019-05-31", 12, {"14/2017/TT-BCT"}),
        ("2019-06-01", 5, {"09/2019/TT-BCT"}),
        ("2025-09-18", 5, {"09/2019/TT-BCT"}),
    ],
)
def test_business_check_lists_each_goods_line_once(
    api: Api, as_of: str, lines: int, lists: set[str]
) -> None:
    body = api.client.get("/v1/business-lines/38/rules", params={"as_of": as_of}).json()
    rows = body["ktcn"]
    assert len(rows) == len({(r["hs"], r["inspection_type"]) for r in rows}) == lines
    assert body["ktcn_summary"] == {"ministry": "BCT", "total": lines, "note": ""}
    assert {r["document"] for r in rows} == lists
    # A line 09/2019 keeps has been listed since 14/2017 commenced.
    assert all(r["listed_since"] == "2017-09-15" for r in rows)
    assert {r["agency"] for r in rows} == {"BCT"}


def test_every_gap_has_the_ministry_its_documents_name(api: Api) -> None:
    gaps = api.client.get("/v1/gaps", params={"per_page": 500}).json()["items"]
    assert gaps and all(g["ministry"] in ("BYT", "BCT") for g in gaps)
    total = len(gaps)
    byt = api.client.get("/v1/gaps", params={"ministry": "BYT", "per_page": 500}).json()
    bct = api.client.get("/v1/gaps", params={"ministry": "bct", "per_page": 500}).json()
    assert byt["total"] + bct["total"] == total
    assert {g["ministry"] for g in byt["items"]} == {"BYT"}
    # 54/2017/NĐ-CP names no ministry in its number: its proposing minister does.
    assert any(g["condition_document"] == "54/2017/NĐ-CP" for g in byt["items"])
    cond = api.client.get("/v1/conditions", params={"q": "nhà thuốc"}).json()["items"]
    assert cond and {c["ministry"] for c in cond if c["document"] == "54/2017/NĐ-CP"} == {"BYT"}


def test_basis_and_procedure_gaps_say_what_happened(api: Api) -> None:
    gaps = api.client.get("/v1/gaps", params={"per_page": 500}).json()["items"]
    basis = [g for g in gaps if g["kind"] == "basis"]
    procedure = [g for g in gaps if g["kind"] == "procedure"]
    assert basis and procedure
    for g in basis:
        change = api.client.get(f"/v1/gaps/{g['id']}").json()["evidence"]["evidence"]["national"]
        change = change["change"]
        # 54/2017, 67/2013 and 83/2014 were amended and partly repealed, never repealed whole.
        assert change["kind"] in ("amended", "partly_repealed"), change
        assert "hết hiệu lực" not in change["label"] and change["provisions"]
        assert all(
            p["citation"].startswith(("khoản", "điểm", "Điều")) for p in change["provisions"]
        )
        page = api.client.get(f"/khoang-trong/{g['id']}").text
        assert change["label"] in page and "hết hiệu lực" not in page
    for g in procedure:
        pub = api.client.get(f"/v1/gaps/{g['id']}").json()["national"]["publication"]
        assert pub["document"] in ("7868/QĐ-BYT", "1523/QĐ-BCT")
        assert pub["title"] and pub["effective"] and pub["ministry"] in ("BYT", "BCT")
        assert pub["label"] in api.client.get(f"/khoang-trong/{g['id']}").text


def test_home_and_gap_list_show_the_same_latest_scan(api: Api) -> None:
    home = api.client.get("/").text
    listing = api.client.get("/khoang-trong").text
    latest = api.client.get("/v1/scans").json()["items"][0]["id"]
    assert re.search(rf"lần rà soát gần nhất (?:<a [^>]*>)?#{latest}\b", home)
    assert f'<span id="last-scan">#{latest}</span>' in listing
