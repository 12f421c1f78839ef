"""/v1/business-lines: the list of conditional lines, and "what applies to me" for one line."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from api.deps import AsOf, Conn
from api.encode import json_response
from api.schemas import BusinessLineRow, Problem, Rules
from registry.queries.business import BusinessLineNotFound, list_business_lines, rules_for

router = APIRouter(prefix="/v1/business-lines", tags=["business lines"])


@router.get("", response_model=list[BusinessLineRow], summary="Conditional business lines")
def list_(
    conn: Conn,
    as_of: AsOf = None,
    q: Annotated[str, Query(max_length=200)] = "",
    ministry: Annotated[str | None, Query(max_length=16)] = None,
) -> list[BusinessLineRow]:
    rows = list_business_lines(conn, q, ministry=ministry, as_of=as_of)
    return [BusinessLineRow.model_validate(r) for r in rows]


@router.get(
    "/{line}/rules",
    response_model=Rules,
    responses={404: {"model": Problem}},
    summary="What applies to a business line in a province on a date",
    description=(
        "`line` is the line's number (`38`), `id:<row id>`, or its name with or without "
        "diacritics. `conditions.in_force[]`, `conditions.cut[]` and `conditions.unknown[]`, "
        "each with `document`, `unit_id`, `citation`, `text` (in force on `as_of`; for a cut "
        "condition the last text before the cut; `earlier_texts` before it), `status_since` "
        "and, when cut or amended, `effect` (document, provision, date); `procedures[]` with "
        "`province`, `publishing_decision` and `version`; `ktcn[]`, one row per goods line "
        "(`ktcn_summary`: ministry, total)."
    ),
)
def rules(
    conn: Conn,
    line: str,
    as_of: AsOf = None,
    province: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    try:
        return json_response(Rules, rules_for(conn, line, province=province, as_of=as_of))
    except BusinessLineNotFound:
        raise HTTPException(404, f"Không có ngành, nghề “{line}” trong danh mục.") from None
