"""The dashboard: server-rendered Vietnamese pages over the same registry queries as /v1.

No external asset: CSS, the SVG logo and charts are served from ``api/static`` or inlined, so
the pages work offline. Jinja2 autoescaping is on for every template (document text is data,
never markup).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.charts import hbars, stacked_years
from api.deps import Conn, RowId
from api.highlight import evidence_side, highlight
from parsers.hs_codes import HsCodeError
from registry.gaps import latest_scan
from registry.query_business import BusinessLineNotFound, list_business_lines, rules_for
from registry.query_common import Page
from registry.query_gaps import GapFilter, GapNotFound, gap_detail, list_gaps
from registry.query_ktcn import lookup_hs
from registry.query_stats import scoreboard

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
TEMPLATES.env.autoescape = True

STATUS_VI = {
    "in_force": "Còn hiệu lực",
    "cut": "Đã cắt giảm",
    "amended": "Đã sửa đổi",
    "unknown": "Không rõ",
}
KIND_VI = {
    "cut": "Áp dụng điều kiện đã cắt giảm",
    "amended": "Áp dụng điều kiện cũ (đã sửa đổi)",
    "basis": "Căn cứ pháp lý đã thay đổi",
    "procedure": "Thủ tục chưa cập nhật phiên bản",
}
STATE_VI = {
    "open": "Mới",
    "confirmed": "Đã xác nhận",
    "notified": "Đã thông báo",
    "fixed": "Đã khắc phục",
    "false_positive": "Phát hiện sai",
}
TEMPLATES.env.globals.update(STATUS_VI=STATUS_VI, KIND_VI=KIND_VI, STATE_VI=STATE_VI)

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, ctx)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: Conn) -> HTMLResponse:
    s = scoreboard(conn)
    ministries = [
        {"ministry": x["ministry"], **x["series"][-1]}
        for x in s["conditions_by_ministry"]
        if x["series"]
    ]
    return _page(
        request,
        "home.html",
        s=s,
        ministries=ministries,
        chart_time=stacked_years(
            s["conditions_over_time"], title="Điều kiện kinh doanh theo thời gian"
        ),
        chart_ministry=hbars(
            [(m["ministry"], m["cut"]) for m in ministries],
            color="#c0392b",
            title="Điều kiện đã cắt giảm theo bộ",
        ),
    )


@router.get("/tinh", response_class=HTMLResponse)
def provinces(request: Request, conn: Conn, view: str = "34") -> HTMLResponse:
    s = scoreboard(conn)
    rows = s["gaps_by_province_63"] if view == "63" else s["gaps_by_province_34"]
    rows = sorted(rows, key=lambda r: (-r["gaps"], r["name"]))
    return _page(
        request,
        "provinces.html",
        view="63" if view == "63" else "34",
        rows=rows,
        chart=hbars(
            [(f"{r['code']} {r['name']}", r["gaps"]) for r in rows],
            title="Khoảng trống theo tỉnh",
        ),
    )


@router.get("/khoang-trong", response_class=HTMLResponse)
def gaps(
    request: Request,
    conn: Conn,
    province: Annotated[str, Query(max_length=80)] = "",
    kind: Annotated[str, Query(max_length=16)] = "",
    state: Annotated[str, Query(max_length=16)] = "",
    ministry: Annotated[str, Query(max_length=16)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    f = GapFilter(
        province=province or None,
        kind=kind if kind in KIND_VI else None,
        state=state if state in STATE_VI else None,
        ministry=ministry or None,
    )
    pg = Page(page, 50)
    total, rows = list_gaps(conn, f, pg)
    query = {
        k: v
        for k, v in {
            "province": province,
            "kind": kind,
            "state": state,
            "ministry": ministry,
        }.items()
        if v
    }
    return _page(
        request,
        "gaps.html",
        total=total,
        rows=rows,
        last_scan=latest_scan(conn),
        page=page,
        pages=max(1, -(-total // pg.limit)),
        query=query,
        province=province,
        kind=kind,
        state=state,
        ministry=ministry,
    )


@router.get("/khoang-trong/{gap_id}", response_class=HTMLResponse)
def gap(request: Request, conn: Conn, gap_id: RowId) -> HTMLResponse:
    try:
        g = gap_detail(conn, gap_id)
    except GapNotFound:
        return _page(request, "notfound.html", what=f"khoảng trống số {gap_id}")
    req = (g["provincial"] or {}).get("requirement") or {}
    cond = (g["national"] or {}).get("condition") or {}
    req_text, req_spans = evidence_side(g["evidence"] or {}, "provincial")
    cond_text, cond_spans = evidence_side(g["evidence"] or {}, "national")
    if not req_text:
        req_text, req_spans = req.get("text", "") or "", []
    if not cond_text:
        cond_text, cond_spans = cond.get("text", "") or "", []
    return _page(
        request,
        "gap.html",
        g=g,
        req_html=highlight(req_text, req_spans),
        cond_html=highlight(cond_text, cond_spans),
    )


@router.get("/kiem-tra", response_class=HTMLResponse)
def check(
    request: Request,
    conn: Conn,
    line: Annotated[str, Query(max_length=200)] = "",
    province: Annotated[str, Query(max_length=80)] = "",
    as_of: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    result = None
    error = ""
    if line.strip():
        try:
            result = rules_for(conn, line, province=province or None, as_of=_date(as_of))
        except BusinessLineNotFound:
            error = f"Không tìm thấy ngành, nghề “{line}”."
    return _page(
        request,
        "check.html",
        lines=list_business_lines(conn),
        line=line,
        province=province,
        as_of=as_of,
        result=result,
        error=error,
    )


@router.get("/ktcn", response_class=HTMLResponse)
def ktcn(
    request: Request, conn: Conn, hs: Annotated[str, Query(max_length=40)] = ""
) -> HTMLResponse:
    result = None
    error = ""
    if hs.strip():
        try:
            result = lookup_hs(conn, hs)
        except HsCodeError as e:
            error = f"Mã HS không hợp lệ: {e.reason}"
    return _page(request, "ktcn.html", hs=hs, result=result, error=error)
