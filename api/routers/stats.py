"""/v1/stats: the scoreboard, computed from the registry on each call."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AsOf, Conn
from api.schemas import Stats
from registry.queries.scoreboard import scoreboard

router = APIRouter(prefix="/v1/stats", tags=["stats"])


@router.get("", response_model=Stats, summary="Scoreboard: conditions and gaps, headline figures")
def stats(conn: Conn, as_of: AsOf = None) -> Stats:
    return Stats.model_validate(scoreboard(conn, as_of))
