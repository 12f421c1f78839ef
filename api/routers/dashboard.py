"""The dashboard: server-rendered Vietnamese pages over the same registry queries as /v1.

No external asset: CSS, the SVG logo and charts are served from ``api/static`` or inlined, so
the pages work offline. Jinja2 autoescaping is on for every template (document text is data,
never markup).
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection

from api.charts import hbars, stacked_years
from api.deps import MAX_ID, Conn, RowId, client_key
from api.errors import respond
from api.highlight import evidence_side, highlight
from api.pdf import PdfUnavailable, html_to_pdf
from parsers.citation_text import citation, document_label
from parsers.dates import BadDate, read_date, read_optional_date
from parsers.hs_codes import HsCodeError, format_hs
from parsers.normalize import fold
from parsers.provinces import UnknownProvince, resolve_province
from registry import labels
from registry.queries.business import BusinessLineNotFound, list_business_lines, rules_for
from registry.queries.common import Page
from registry.queries.document_changes import document_changes
from registry.queries.documents import document_id, effective_dates
from registry.queries.gaps import GapFilter, GapNotFound, gap_detail, list_gaps, review_state
from registry.queries.ktcn import lookup_hs
from registry.queries.province_report import ProvinceReport, province_report
from registry.queries.scans import ScanNotFound, diff_scans, list_scans, scan_detail
from registry.queries.scoreboard import scoreboard
from registry.scan.gaps import TRANSITIONS, ReviewError, latest_scan, set_review_state
from registry.store.tokens import verify

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
TEMPLATES.env.autoescape = True

STATUS_VI = {k: labels.cap(v) for k, v in labels.STATUS.items()}
KIND_VI = labels.GAP_KIND
STATE_VI = labels.REVIEW_STATE
TEMPLATES.env.globals.update(
    STATUS_VI=STATUS_VI,
    KIND_VI=KIND_VI,
    STATE_VI=STATE_VI,
    L=labels,
    cite=citation,
    document_label=document_label,
)
TEMPLATES.env.filters.update(
    vn_date=labels.vn_date,
    vn_number=labels.vn_number,
    hs=format_hs,
    status=lambda v: labels.label(labels.STATUS, v),
    op=lambda v: labels.label(labels.EFFECT_OP, v),
    event=lambda v: labels.label(labels.SCAN_EVENT, v),
    reason=labels.reason_label,
    inspection=labels.inspection_label,
    cap=labels.cap,
)

router = APIRouter(include_in_schema=False)
# The dashboard's sign-in cookie: the token itself, HttpOnly and SameSite=Strict (no cross-site
# form can post with it), checked again on every write like a bearer header.
COOKIE = "dkkd_token"


def _page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, ctx)


def _day(value: str) -> date | None:
    """A typed date through the one reader (ISO or dd/mm/yyyy); None when it is no date."""
    try:
        return read_date(value)
    except BadDate:
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
            [(labels.ministry_label(m["ministry"]), m["cut"]) for m in ministries],
            color="#c0392b",
            title="Điều kiện đã cắt giảm theo bộ",
            label_width=280,
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


def _national_note(g: dict[str, Any]) -> str:
    """What the national side is when no condition is: the publication a procedure gap cites."""
    ev = (g.get("evidence") or {}).get("evidence") or {}
    nat = ev.get("national") if isinstance(ev, dict) else None
    if not isinstance(nat, dict) or not nat.get("document"):
        return ""
    action = labels.label(labels.PROCEDURE_ACTION, nat.get("action")) or "công bố lại"
    return (
        f"{labels.cap(document_label(str(nat['document'])))} đã {action} thủ tục này"
        f"{', từ ngày ' + labels.vn_date(g.get('effective')) if g.get('effective') else ''}."
    )


def _gap_page(
    request: Request, conn: Connection, gap_id: int, message: str = "", error: bool = False
) -> Response:
    try:
        g = gap_detail(conn, gap_id)
    except GapNotFound:
        return respond(request, 404, f"Không có khoảng trống số {gap_id}.")
    req = (g["provincial"] or {}).get("requirement") or {}
    cond = (g["national"] or {}).get("condition") or {}
    req_text, req_spans = evidence_side(g["evidence"] or {}, "provincial")
    cond_text, cond_spans = evidence_side(g["evidence"] or {}, "national")
    if not req_text:
        req_text, req_spans = req.get("text", "") or "", []
    if not cond_text:
        cond_text, cond_spans = cond.get("text", "") or "", []
    response = _page(
        request,
        "gap.html",
        g=g,
        req_html=highlight(req_text, req_spans),
        cond_html=highlight(cond_text, cond_spans),
        cond_plain=cond_text,
        national_note=_national_note(g),
        moves=[k for k in labels.REVIEW_STATE if k in TRANSITIONS.get(g["review_state"], ())],
        message=message,
        error=error,
    )
    if error:
        response.status_code = 409
    return response


@router.get("/khoang-trong/{gap_id}", response_class=HTMLResponse)
def gap(request: Request, conn: Conn, gap_id: RowId, done: int = 0) -> Response:
    return _gap_page(request, conn, gap_id, "Đã lưu." if done == 1 else "")


@router.get("/dang-nhap", response_class=HTMLResponse)
def sign_in_form(
    request: Request, next: Annotated[str, Query(max_length=200)] = "/"
) -> HTMLResponse:
    return _page(request, "signin.html", next=_safe_next(next), error="")


@router.post("/dang-nhap", response_model=None)
def sign_in(
    request: Request,
    token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=200)] = "/",
) -> HTMLResponse | RedirectResponse:
    """Check the token once and keep it in an HttpOnly, SameSite=Strict cookie for the forms."""
    limiter = request.app.state.limiter
    key = client_key(request)
    if limiter.retry_after(key):
        r = _page(
            request, "signin.html", next=_safe_next(next), error="Sai quá nhiều lần; thử lại sau."
        )
        r.status_code = 429
        return r
    info = verify(request.app.state.engine, token.strip(), request.app.state.settings.token_secret)
    if info is None:
        limiter.fail(key)
        r = _page(
            request,
            "signin.html",
            next=_safe_next(next),
            error="Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.",
        )
        r.status_code = 401
        return r
    out = RedirectResponse(_safe_next(next), status_code=303)
    out.set_cookie(
        COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=8 * 3600,
    )
    return out


@router.post("/dang-xuat")
def sign_out() -> RedirectResponse:
    out = RedirectResponse("/", status_code=303)
    out.delete_cookie(COOKIE)
    return out


def _safe_next(path: str) -> str:
    """Only a path of this site (no scheme, no other host) is followed after signing in."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


@router.post("/khoang-trong/{gap_id}/xu-ly", response_model=None)
def review(
    request: Request,
    gap_id: RowId,
    action: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The gap page's review form: the signed-in token's name and role go into the audit trail."""
    engine = request.app.state.engine
    token = request.cookies.get(COOKIE, "")
    info = verify(engine, token, request.app.state.settings.token_secret) if token else None
    if info is None or not info.allows("reviewer"):
        return RedirectResponse(f"/dang-nhap?next=/khoang-trong/{gap_id}", status_code=303)
    try:
        set_review_state(
            engine, gap_id, action, actor=f"{info.name} ({info.role}, token {info.id})", note=note
        )
    except ReviewError as e:
        with engine.connect() as conn:
            return _gap_page(request, conn, gap_id, _review_error(conn, gap_id, action, e), True)
    return RedirectResponse(f"/khoang-trong/{gap_id}?done=1", status_code=303)


def _review_error(conn: Connection, gap_id: int, action: str, e: ReviewError) -> str:
    state = review_state(conn, gap_id)
    if state is None:
        return f"Không có khoảng trống số {gap_id}."
    if action not in labels.REVIEW_STATE:
        return "Trạng thái không hợp lệ."
    allowed = ", ".join(labels.REVIEW_STATE[s] for s in sorted(TRANSITIONS.get(state, ())))
    if e.reason == "concurrent":
        return "Khoảng trống vừa được người khác cập nhật; hãy tải lại trang."
    return (
        f"Không thể chuyển từ “{labels.REVIEW_STATE[state]}” sang “{labels.REVIEW_STATE[action]}”"
        f" (được phép: {allowed or 'không'})."
    )


@router.get("/ra-soat", response_class=HTMLResponse)
def scans(request: Request, conn: Conn) -> HTMLResponse:
    total, runs = list_scans(conn, 200, 0)
    for r in runs:
        # The counts each run recorded when it finished (no recount of every run's gaps).
        st = r.get("stats") or {}
        gaps = st.get("gaps") if isinstance(st.get("gaps"), dict) else None
        r["counts"] = (
            {"gaps": gaps.get("total"), "new": st.get("new"), "resolved": st.get("resolved")}
            if gaps is not None and r["status"] == "complete"
            else None
        )
    return _page(request, "scans.html", total=total, runs=runs)


@router.get("/ra-soat/so-sanh", response_class=HTMLResponse)
def scan_compare(
    request: Request,
    conn: Conn,
    a: Annotated[int, Query(ge=1, le=MAX_ID)],
    b: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> Response:
    try:
        d = diff_scans(conn, a, b)
    except ScanNotFound as e:
        return respond(request, 404, f"Không có lần rà soát số {e.args[0]}.")
    limit = 500
    appeared_ids = tuple(x["id"] for x in d["appeared"][:limit])
    gone_ids = tuple(x["id"] for x in d["gone"][:limit])
    _, appeared = list_gaps(conn, GapFilter(sort="id", ids=appeared_ids))
    _, gone = list_gaps(conn, GapFilter(sort="id", ids=gone_ids))
    _, stayed = list_gaps(conn, GapFilter(scan=a, scan_also=b, sort="id"), Page(1, limit))
    return _page(
        request,
        "scan_diff.html",
        a=scan_detail(conn, a),
        b=scan_detail(conn, b),
        sections=[
            ("appeared", "Xuất hiện mới", len(d["appeared"]), appeared),
            ("resolved", "Đã giải quyết (không còn)", len(d["gone"]), gone),
            ("stayed", "Vẫn còn", d["unchanged"], stayed),
        ],
        limit=limit,
    )


@router.get("/ra-soat/{scan_id}", response_class=HTMLResponse)
def scan_page(request: Request, conn: Conn, scan_id: RowId) -> Response:
    try:
        s = scan_detail(conn, scan_id)
    except ScanNotFound:
        return respond(request, 404, f"Không có lần rà soát số {scan_id}.")
    _, prev = list_scans(conn, 200, 0)
    earlier = [r["id"] for r in prev if r["id"] < scan_id and r["status"] == "complete"]
    return _page(request, "scan.html", s=s, previous=earlier[0] if earlier else None)


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
    status = 200
    try:
        # A date or province that reads as nothing is refused here, not replaced by today/none.
        day = read_optional_date(as_of)
        if province.strip():
            resolve_province(province, day)
        if line.strip():
            result = rules_for(conn, line, province=province or None, as_of=day)
    except BusinessLineNotFound:
        error = f"Không tìm thấy ngành, nghề “{line}”."
    except (BadDate, UnknownProvince) as e:
        error, status = str(e), 422
    response = _page(
        request,
        "check.html",
        lines=list_business_lines(conn),
        line=line,
        province=province,
        as_of=as_of,
        result=result,
        error=error,
    )
    response.status_code = status
    return response


@router.get("/ktcn", response_class=HTMLResponse)
def ktcn(
    request: Request, conn: Conn, hs: Annotated[str, Query(max_length=40)] = ""
) -> HTMLResponse:
    result = None
    error = ""
    rows: list[dict[str, Any]] = []
    if hs.strip():
        try:
            result = lookup_hs(conn, hs)
        except HsCodeError as e:
            error = f"Mã HS không hợp lệ: {e.reason}"
        else:
            rows = ktcn_rows(result["items"], _effective_dates(conn, result["items"]))
    compiled = any(i.get("origin") == "compiled" for i in (result or {}).get("items", []))
    return _page(
        request, "ktcn.html", hs=hs, result=result, rows=rows, compiled=compiled, error=error
    )


def _effective_dates(conn: Connection, items: list[dict[str, Any]]) -> dict[str, str]:
    """List document -> the date it took effect, from the registry's copy of that document (a
    compiled list gives only the date it was compiled, which is not when the list applied)."""
    numbers = {i["list_document"] for i in items if not i.get("valid_from") and i["list_document"]}
    return {n: e.isoformat() for n, e in effective_dates(conn, numbers).items()}


def ktcn_rows(
    items: list[dict[str, Any]], effective: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """One row per requirement: a goods line under one inspection type, however many lists
    carried it (a list that replaces another continues the lines it keeps). ``effective``: list
    document -> date it took effect, for lines whose own date is not known."""
    effective = effective or {}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i in items:
        kind = labels.inspection_label(i.get("inspection_type"))
        groups.setdefault((i["hs"], fold(kind)), []).append({**i, "kind": kind})
    out = []
    for _, lists in sorted(groups.items()):
        lists.sort(
            key=lambda i: (i.get("valid_from") or i.get("listed_on") or "", i["list_document"])
        )
        last = lists[-1]
        ended = last.get("valid_to")
        out.append(
            {
                "hs": last["hs_formatted"],
                "name": next((i["name"] for i in reversed(lists) if i.get("name")), ""),
                "description": next(
                    (i["description"] for i in reversed(lists) if i["description"]), ""
                ),
                "kind": last["kind"],
                "agency": labels.ministry_label(last.get("agency")),
                "list": document_label(last["list_document"]),
                "part": last.get("list_part") or "",
                "valid_from": last.get("valid_from") or effective.get(last["list_document"]),
                "listed_on": last.get("listed_on"),
                "compiled": last.get("origin") == "compiled",
                "earlier": [document_label(i["list_document"]) for i in lists[:-1]],
                "ended": ended,
                "cut_by": document_label(last["cut_by"]) if last.get("cut_by") else "",
                "relation": last.get("relation"),
            }
        )
    return out


def _report(
    request: Request, conn: Connection, province: str, as_of: str
) -> tuple[HTMLResponse, ProvinceReport | None]:
    day = _day(as_of) if as_of else date.today()
    if day is None:
        r = _page(
            request,
            "report_form.html",
            province=province,
            as_of=as_of,
            error=f"Ngày “{as_of}” không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).",
        )
        r.status_code = 422
        return r, None
    if not province.strip():
        return _page(request, "report_form.html", province="", as_of=as_of, error=""), None
    try:
        rep = province_report(conn, province, day)
    except UnknownProvince as e:
        r = _page(request, "report_form.html", province=province, as_of=as_of, error=str(e))
        r.status_code = 422
        return r, None
    return _page(request, "report.html", r=rep, query=province), rep


@router.get("/bao-cao", response_class=HTMLResponse)
def report(
    request: Request,
    conn: Conn,
    province: Annotated[str, Query(max_length=80)] = "",
    as_of: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    """The appendix a reform officer sends a province, printable (A4 landscape)."""
    return _report(request, conn, province, as_of)[0]


@router.get("/bao-cao.pdf", response_model=None)
def report_pdf(
    request: Request,
    conn: Conn,
    province: Annotated[str, Query(max_length=80)],
    as_of: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    page, rep = _report(request, conn, province, as_of)
    if rep is None:
        return page
    try:
        pdf = html_to_pdf(bytes(page.body).decode("utf-8"))
    except PdfUnavailable as e:
        return HTMLResponse(
            f"<!doctype html><meta charset=utf-8><p>Không tạo được PDF: {escape(str(e))}</p>",
            status_code=503,
        )
    name = f"phu-luc-{fold(rep.province).replace(' ', '-')}-{rep.as_of.isoformat()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/van-ban/thay-doi", response_class=HTMLResponse)
def document_changes_page(
    request: Request,
    conn: Conn,
    so: Annotated[str, Query(max_length=120)] = "",
    from_: Annotated[str, Query(alias="from", max_length=10)] = "",
    to: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    """A document's changes between two dates, old and new text side by side."""
    ctx: dict[str, Any] = {"so": so, "from_": from_, "to": to, "result": None, "error": ""}
    if so.strip():
        doc_id = document_id(conn, so)
        start = _day(from_) if from_ else date(1900, 1, 1)
        end = _day(to) if to else date.today()
        if doc_id is None:
            ctx["error"] = f"Không có văn bản số “{so}” trong sổ đăng ký."
        elif start is None or end is None or end < start:
            ctx["error"] = (
                "Khoảng ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd; “từ” trước “đến”)."
            )
        else:
            ctx["result"] = document_changes(conn, doc_id, start, end)
    page = _page(request, "changes.html", **ctx)
    if ctx["error"]:
        page.status_code = 404 if "Không có văn bản" in ctx["error"] else 422
    return page
