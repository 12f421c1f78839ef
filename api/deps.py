"""Every dependency the routers share, in one place: the engine, a read connection, paging,
dates, and the bearer-token guard of the write endpoints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator
from sqlalchemy import Connection, Engine

from api.ratelimit import FailureLimiter
from parsers.dates import read_optional_date
from registry.queries.common import Page
from registry.settings import Settings
from registry.store.tokens import TokenInfo, verify

# Row ids fit a 32-bit signed integer column on every backend.
MAX_ID = 2_147_483_647
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]

bearer = HTTPBearer(auto_error=False, description="A token made with `dkkd token create`.")


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_conn(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Connection]:
    """One read connection per request (a consistent snapshot on PostgreSQL and SQLite WAL)."""
    with engine.connect() as conn, conn.begin():
        yield conn


Conn = Annotated[Connection, Depends(get_conn)]


def page_params(
    page: Annotated[int, Query(ge=1, le=100_000, description="1-based page number")] = 1,
    per_page: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
) -> Page:
    return Page(page, per_page)


PageDep = Annotated[Page, Depends(page_params)]
# Dates people type: ISO or dd/mm/yyyy, read by the one reader (parsers.dates.read_date); a bad
# one is a 422 with a Vietnamese message, never today in its place.
AsOf = Annotated[
    date | None,
    BeforeValidator(read_optional_date),
    Query(description="the date the answer is for (YYYY-MM-DD or dd/mm/yyyy; default today)"),
]
DateParam = Annotated[date | None, BeforeValidator(read_optional_date)]


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def require(role: str) -> Callable[..., TokenInfo]:
    """A dependency that lets the request through only with a live token granting `role`.

    401 without a token or with an unknown/expired/revoked one, 403 when the role is wrong,
    429 after too many failures from the same client.
    """

    def guard(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> TokenInfo:
        limiter: FailureLimiter = request.app.state.limiter
        key = client_key(request)
        wait = limiter.retry_after(key)
        if wait:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "too many failed authentications; try again later",
                headers={"Retry-After": str(wait)},
            )
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, "a bearer token is required", challenge
            )
        settings: Settings = request.app.state.settings
        info = verify(request.app.state.engine, credentials.credentials, settings.token_secret)
        if info is None:
            limiter.fail(key)
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, "invalid, expired or revoked token", challenge
            )
        if not info.allows(role):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"this token's role cannot act as {role}"
            )
        return info

    return guard


Reviewer = Annotated[TokenInfo, Depends(require("reviewer"))]
Admin = Annotated[TokenInfo, Depends(require("admin"))]
