"""/v1/ktcn/{hs_code}: specialised-inspection lists naming an HS code, with their timeline."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path

from api.deps import Conn
from api.schemas import KtcnLookup, Problem
from parsers.hs_codes import HsCodeError
from registry.queries.ktcn import lookup_hs

router = APIRouter(prefix="/v1/ktcn", tags=["ktcn"])


@router.get(
    "/{hs_code}",
    response_model=KtcnLookup,
    responses={404: {"model": Problem}},
    summary="KTCN lookup by HS code (0201.10.00, 02011000, 0201, 020110 …)",
)
def lookup(
    conn: Conn,
    hs_code: str = Path(
        max_length=20,
        pattern=r"^[0-9][0-9 .]*$",
        description="digits, optionally grouped by dots or spaces",
    ),
) -> KtcnLookup:
    try:
        return KtcnLookup.model_validate(lookup_hs(conn, hs_code))
    except HsCodeError as e:
        # Shaped like a code but naming no chapter/heading of the tariff: no such resource.
        raise HTTPException(404, str(e)) from None
