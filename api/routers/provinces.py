"""/v1/provinces: the 63 old and 34 new provincial units with their procedure and gap counts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from api.deps import Conn
from api.schemas import ProvinceOut
from registry.queries.provinces import list_provinces

router = APIRouter(prefix="/v1/provinces", tags=["provinces"])


@router.get("", response_model=list[ProvinceOut], summary="Provincial units (63 old, 34 new)")
def list_(conn: Conn, era: Literal["all", "old", "new"] = "all") -> list[ProvinceOut]:
    return [ProvinceOut.model_validate(p) for p in list_provinces(conn, era)]
