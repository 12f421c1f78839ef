"""/v1/gaps: the listing (JSON, CSV, Excel), the Atom feed of new gaps, one gap, its review."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Engine

from api.deps import MAX_ID, Conn, DateParam, PageDep, Reviewer, RowId, get_engine
from api.encode import json_response
from api.schemas import GapDetail, GapPage, Problem, ReviewIn, ReviewOut
from registry import labels
from registry.queries.exports import to_csv, to_xlsx
from registry.queries.gaps import (
    GapFilter,
    GapNotFound,
    gap_detail,
    list_gaps,
    new_gaps,
    review_trail,
)
from registry.scan.gaps import ReviewError, set_review_state

router = APIRouter(prefix="/v1/gaps", tags=["gaps"])

Kind = Literal["cut", "amended", "basis", "procedure"]
State = Literal["open", "confirmed", "notified", "fixed", "false_positive"]
Sort = Literal["effective", "-effective", "score", "-score", "province", "-province", "id", "-id"]
EXPORT_LIMIT = 100_000


def gap_filter(
    province: Annotated[
        str | None, Query(max_length=80, description="old or new code, or name (any diacritics)")
    ] = None,
    kind: Kind | None = None,
    ministry: Annotated[str | None, Query(max_length=16)] = None,
    business_line: Annotated[
        str | None, Query(max_length=200, description="line number or name")
    ] = None,
    state: State | None = None,
    date_from: Annotated[DateParam, Query(description="effective on or after")] = None,
    date_to: Annotated[DateParam, Query(description="effective on or before")] = None,
    scan: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="gaps present in this scan")
    ] = None,
    active: Annotated[bool | None, Query(description="unresolved (true) or resolved")] = None,
    sort: Sort = "-effective",
) -> GapFilter:
    return GapFilter(
        province=province,
        kind=kind,
        ministry=ministry,
        business_line=business_line,
        state=state,
        date_from=date_from,
        date_to=date_to,
        scan=scan,
        active=active,
        sort=sort,
    )


Filter = Annotated[GapFilter, Depends(gap_filter)]

_FILES = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


@router.get(
    "",
    response_model=GapPage,
    summary="List gaps (filter, sort, page; export CSV or Excel)",
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                _FILES["xlsx"][0]: {"schema": {"type": "string", "format": "binary"}},
            }
        }
    },
)
def list_(
    conn: Conn,
    f: Filter,
    page: PageDep,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> GapPage | Response:
    if format != "json":
        total, rows = list_gaps(conn, f, None)
        media, render = _FILES[format]
        stamp = date.today().isoformat()
        return Response(
            render(rows[:EXPORT_LIMIT]),
            media_type=media,
            headers={
                "Content-Disposition": f'attachment; filename="khoang-trong-{stamp}.{format}"',
                "X-Total-Count": str(total),
            },
        )
    total, rows = list_gaps(conn, f, page)
    # Rows straight to JSON in GapPage's shape (api.encode): no second validation of the page.
    return json_response(
        GapPage, {"total": total, "page": page.number, "per_page": page.limit, "items": rows}
    )


@router.get(
    "/feed.atom",
    summary="Atom feed of the gaps most recently found and resolved (optionally one province's)",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
)
def feed(
    conn: Conn,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    province: Annotated[
        str | None,
        Query(max_length=80, description="only this province (old or new, code or name)"),
    ] = None,
) -> Response:
    f = GapFilter(province=province)
    found = [("new", r) for r in new_gaps(conn, limit, f)]
    gone = [("resolved", r) for r in new_gaps(conn, limit, f, resolved=True)]
    items = sorted(found + gone, key=lambda x: x[1]["found_at"] or "", reverse=True)[:limit]
    base = str(request.base_url).rstrip("/")
    updated = (
        max((r["found_at"] for _, r in items if r["found_at"]), default=None)
        or datetime.now(UTC).isoformat()
    )
    self_url = f"{base}/v1/gaps/feed.atom" + (f"?province={quote(province)}" if province else "")
    entries = [_entry(base, event, r, updated) for event, r in items]
    where = f" — {province}" if province else ""
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{escape(self_url)}</id>"
        f"<title>{escape('dkkd — khoảng trống mới và đã giải quyết' + where)}</title>"
        f"<updated>{escape(_rfc3339(updated))}</updated>"
        f'<link rel="self" href="{escape(self_url)}"/>'
        "<author><name>dkkd</name></author>" + "".join(entries) + "</feed>"
    )
    return Response(xml, media_type="application/atom+xml")


def _entry(base: str, event: str, r: dict[str, Any], updated: str) -> str:
    """One entry; its title names what tells gaps apart: province, procedure, kind, provision."""
    province = r["province_written"] or r["province_name"] or r["province_code"]
    what = r["condition_citation"] or r["effect_citation"]
    head = "Đã giải quyết" if event == "resolved" else "Mới"
    title = (
        f"[{head}] {province}: {r['procedure_code']} {r['procedure_name']}".rstrip()
        + f" — {labels.label(labels.GAP_KIND, r['kind'])}"
        + (f" — {what}" if what else "")
        + f" (#{r['id']})"
    )
    parts = [f"Quyết định số {r['provincial_document']}" if r["provincial_document"] else ""]
    if r["provincial_signed"]:
        parts[0] += f" ngày {labels.vn_date(r['provincial_signed'])}"
    if r["condition_citation"]:
        parts.append(f"điều kiện: {r['condition_citation']}")
    if r["effect_citation"]:
        parts.append(f"{labels.label(labels.EFFECT_OP, r['effect_op'])} bởi {r['effect_citation']}")
    parts.append(f"hiệu lực {labels.vn_date(r['effective']) or 'chưa rõ'}")
    if r["successor_name"] and r["successor_name"] != r["province_name"]:
        parts.append(f"nay thuộc {r['successor_name']}")
    summary = " — ".join(p for p in parts if p)
    # A gap's "found" and "resolved" entries are different entries of the feed.
    ident = f"{base}/v1/gaps/{r['id']}" + ("#resolved" if event == "resolved" else "")
    return (
        "<entry>"
        f"<id>{escape(ident)}</id>"
        f"<title>{escape(title)}</title>"
        f"<updated>{escape(_rfc3339(r['found_at'] or updated))}</updated>"
        f'<link rel="alternate" href="{escape(base)}/khoang-trong/{r["id"]}"/>'
        f"<summary>{escape(summary)}</summary>"
        f'<category term="{escape(r["kind"])}" label="{escape(labels.label(labels.GAP_KIND, r["kind"]))}"/>'
        f'<category term="{event}" label="{head}"/>'
        "</entry>"
    )


def _rfc3339(stamp: str) -> str:
    try:
        dt = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.now(UTC).isoformat()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.isoformat()


@router.get(
    "/{gap_id}",
    response_model=GapDetail,
    responses={404: {"model": Problem}},
    summary="One gap: evidence on both sides, the condition's history, the cutting effect, scans",
)
def detail(conn: Conn, gap_id: RowId) -> Response:
    try:
        return json_response(GapDetail, gap_detail(conn, gap_id))
    except GapNotFound:
        raise HTTPException(404, f"Không có khoảng trống số {gap_id}.") from None


@router.post(
    "/{gap_id}/review",
    response_model=ReviewOut,
    status_code=201,
    responses={
        401: {"model": Problem},
        403: {"model": Problem},
        404: {"model": Problem},
        409: {"model": Problem},
        429: {"model": Problem},
    },
    summary="Review a gap (confirm, false positive, notified, fixed, re-open) with a note",
)
async def review(
    gap_id: RowId,
    body: ReviewIn,
    who: Reviewer,
    engine: Annotated[Engine, Depends(get_engine)],
) -> ReviewOut:
    actor = f"{who.name} ({who.role}, token {who.id})"
    try:
        await run_in_threadpool(
            set_review_state, engine, gap_id, body.action, actor=actor, note=body.note
        )
    except ReviewError as e:
        if e.reason == "missing":
            raise HTTPException(404, f"Không có khoảng trống số {gap_id}.") from None
        raise HTTPException(409, str(e)) from None
    with engine.connect() as conn:
        last = review_trail(conn, gap_id)[-1]
    return ReviewOut.model_validate({**last, "gap_id": gap_id})
