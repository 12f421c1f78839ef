"""/v1/conditions: folded search over national business conditions, and one condition's history."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from api.deps import AsOf, Conn, PageDep
from api.schemas import ConditionDetail, ConditionPage, Problem
from parsers.normalize import number_key
from registry.queries.conditions import ConditionNotFound, condition_detail, search_conditions

router = APIRouter(prefix="/v1/conditions", tags=["conditions"])


@router.get("", response_model=ConditionPage, summary="Search conditions (diacritics-insensitive)")
def search(
    conn: Conn,
    page: PageDep,
    as_of: AsOf = None,
    q: Annotated[str, Query(max_length=200)] = "",
    ministry: Annotated[str | None, Query(max_length=16)] = None,
    type: Annotated[str | None, Query(max_length=24)] = None,
    business_line: Annotated[str | None, Query(max_length=16)] = None,
    status: Literal["in_force", "cut", "amended", "unknown"] | None = None,
) -> ConditionPage:
    total, items = search_conditions(
        conn,
        q,
        ministry=ministry,
        type_=type,
        business_line=business_line,
        status=status,
        as_of=as_of,
        page=page,
    )
    return ConditionPage.model_validate(
        {"total": total, "page": page.number, "per_page": page.limit, "items": items}
    )


def condition_key(text: str) -> str:
    """A key as people write it ("54/2017/NĐ-CP#Dieu_4__Khoan_3", any case or diacritics) as
    stored: the number's lookup key, "#", the unit id in lower case."""
    number, sep, unit = text.strip().partition("#")
    return f"{number_key(number)}{sep}{unit.strip().lower()}" if sep else text.strip()


@router.get(
    "/{condition:path}",
    response_model=ConditionDetail,
    responses={404: {"model": Problem}},
    summary="One condition (id, or key such as `54/2017/NĐ-CP#dieu_4__khoan_3` in any letter case) with dated versions",
)
def detail(conn: Conn, condition: str, as_of: AsOf = None) -> ConditionDetail:
    ident: int | str = (
        int(condition) if condition.isdigit() and len(condition) < 12 else condition_key(condition)
    )
    try:
        return ConditionDetail.model_validate(condition_detail(conn, ident, as_of))
    except ConditionNotFound:
        raise HTTPException(404, f"Không có điều kiện “{condition}”.") from None
