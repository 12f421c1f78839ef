"""The endpoints that write their JSON straight from the registry's dicts (api.encode) send the
very bytes the validated path sent: the dicts through the response model, then FastAPI's JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from api.encode import shaped
from api.schemas import GapDetail, GapPage, Rules
from registry.queries.business import rules_for
from registry.queries.common import Page
from registry.queries.gaps import GapFilter, gap_detail, list_gaps
from tests.api.conftest import Api


def _validated(model: type[BaseModel], data: dict[str, Any]) -> bytes:
    """What the endpoint sent before: the model's JSON dump, encoded as JSONResponse does."""
    content = model.model_validate(data).model_dump(mode="json", by_alias=True)
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


LISTINGS = [
    ("", GapFilter(), Page(1, 50)),
    ("?sort=id&per_page=500", GapFilter(sort="id"), Page(1, 500)),
    ("?kind=cut&sort=-score&page=2&per_page=5", GapFilter(kind="cut", sort="-score"), Page(2, 5)),
    ("?province=Hà Giang&sort=province", GapFilter(province="Hà Giang", sort="province"), Page()),
    ("?kind=procedure&active=true", GapFilter(kind="procedure", active=True), Page()),
    ("?ministry=BYT", GapFilter(ministry="BYT"), Page()),
]


@pytest.mark.parametrize(("query", "f", "page"), LISTINGS)
def test_gap_listing_bytes(api: Api, query: str, f: GapFilter, page: Page) -> None:
    with api.engine.connect() as conn:
        total, rows = list_gaps(conn, f, page)
    want = _validated(
        GapPage, {"total": total, "page": page.number, "per_page": page.limit, "items": rows}
    )
    got = api.client.get("/v1/gaps" + query).content
    assert got == want
    assert json.loads(got)["items"] or "province" in query


def test_every_gap_detail_bytes(api: Api) -> None:
    with api.engine.connect() as conn:
        _total, rows = list_gaps(conn, GapFilter(sort="id"), None)
        assert rows
        for row in rows:
            want = _validated(GapDetail, gap_detail(conn, row["id"]))
            assert api.client.get(f"/v1/gaps/{row['id']}").content == want, row["id"]


@pytest.mark.parametrize("line", ["38", "181", "id:1", "xăng dầu"])
@pytest.mark.parametrize("province", [None, "Hà Giang", "Lâm Đồng"])
def test_business_check_bytes(api: Api, line: str, province: str | None) -> None:
    day = date(2025, 9, 18)
    with api.engine.connect() as conn:
        want = _validated(Rules, rules_for(conn, line, province=province, as_of=day))
    query = f"?as_of={day.isoformat()}" + (f"&province={province}" if province else "")
    assert api.client.get(f"/v1/business-lines/{line}/rules{query}").content == want


def test_shaped_orders_fills_defaults_and_drops_extras() -> None:
    class Inner(BaseModel):
        b: int
        a: str = "x"

    class Outer(BaseModel):
        items: list[Inner]
        one: Inner | None

    data = {"one": {"b": 1, "extra": 2}, "items": [{"a": "y", "b": 2}]}
    assert list(shaped(Outer, data)) == ["items", "one"]
    assert shaped(Outer, data) == {"items": [{"b": 2, "a": "y"}], "one": {"b": 1, "a": "x"}}
    assert list(shaped(Outer, data)["items"][0]) == ["b", "a"]
    with pytest.raises(KeyError):
        shaped(Inner, {})
