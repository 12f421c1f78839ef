"""/v1/scans: the list of scan runs, one run's counts, the diff of two runs, starting a run."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from api.deps import MAX_ID, Admin, AsOf, Conn, PageDep, RowId, get_engine
from api.schemas import Problem, ScanDetail, ScanDiff, ScanList, ScanStarted
from registry.queries.scans import ScanNotFound, diff_scans, list_scans, scan_detail
from registry.scan.records import ScanError
from registry.scan.run import scan as run_scan

router = APIRouter(prefix="/v1/scans", tags=["scans"])


@router.get("", response_model=ScanList, summary="Scan runs, newest first")
def list_(conn: Conn, page: PageDep) -> ScanList:
    total, items = list_scans(conn, page.limit, page.offset)
    return ScanList.model_validate({"total": total, "items": items})


@router.get(
    "/diff",
    response_model=ScanDiff,
    responses={404: {"model": Problem}},
    summary="Gaps that appeared or went away between scan `a` and scan `b`",
)
def diff(
    conn: Conn, a: Annotated[int, Query(ge=1, le=MAX_ID)], b: Annotated[int, Query(ge=1, le=MAX_ID)]
) -> ScanDiff:
    try:
        return ScanDiff.model_validate(diff_scans(conn, a, b))
    except ScanNotFound as e:
        raise HTTPException(404, f"Không có lần rà soát số {e.args[0]}.") from None


@router.get(
    "/{scan_id}",
    response_model=ScanDetail,
    responses={404: {"model": Problem}},
    summary="One scan run with the counts of the gaps present in it",
)
def detail(conn: Conn, scan_id: RowId) -> ScanDetail:
    try:
        return ScanDetail.model_validate(scan_detail(conn, scan_id))
    except ScanNotFound:
        raise HTTPException(404, f"Không có lần rà soát số {scan_id}.") from None


@router.post(
    "",
    response_model=ScanStarted,
    status_code=201,
    responses={
        401: {"model": Problem},
        403: {"model": Problem},
        409: {"model": Problem},
        429: {"model": Problem},
    },
    summary="Run a compliance scan now (admin)",
)
async def start(
    who: Admin,
    engine: Annotated[Engine, Depends(get_engine)],
    as_of: AsOf = None,
) -> ScanStarted:
    try:
        result = await run_in_threadpool(run_scan, engine, as_of or date.today())
    except ScanError as e:
        raise HTTPException(409, str(e)) from None
    return ScanStarted(scan_id=result.scan_id, result=result.summary)
