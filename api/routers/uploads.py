"""/v1/uploads: ingest one file sent as the request body (admin).

The body is refused from its Content-Length when that is too large, and read as a stream that
stops at the limit otherwise, so an oversized upload is never held whole. The client's file name
never reaches the filesystem: the bytes go straight to the ingest, recorded under a name made of
the content hash and a sanitised base name (whose extension tells the ingest the format).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from api.deps import Admin, get_engine, get_settings
from api.schemas import IngestResult, Problem
from dkkd.settings import Settings
from registry.ingest import ingest_bytes

router = APIRouter(prefix="/v1/uploads", tags=["uploads"])

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
ALLOWED_SUFFIXES = (".md", ".txt", ".html", ".htm", ".csv", ".tsv", ".json", ".jsonl")
# The same rule as a portable (ECMA) pattern for the OpenAPI schema, case-insensitive by classes.
NAME_PATTERN = (
    r"^.*\.("
    + "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in sfx[1:]) for sfx in ALLOWED_SUFFIXES)
    + ")$"
)


def safe_name(raw: str, content: bytes) -> str:
    """``upload/<sha256[:12]>-<ascii base name>``: no directories, no dot-files, bounded length."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = (
        unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    base = _UNSAFE.sub("-", base).strip(".-") or "file"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix.lower()[:8]
    stem = stem[:80] or "file"
    sha = hashlib.sha256(content).hexdigest()[:12]
    return f"upload/{sha}-{stem}" + (f".{suffix}" if suffix else "")


async def read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise HTTPException(400, "Content-Length is not a number") from None
        if size > limit:
            raise HTTPException(413, f"upload of {size:,} bytes is over the {limit:,}-byte limit")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise HTTPException(413, f"upload is over the {limit:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    responses={
        400: {"model": Problem},
        401: {"model": Problem},
        403: {"model": Problem},
        413: {"model": Problem},
        415: {"model": Problem},
        429: {"model": Problem},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
    summary="Ingest one file (its bytes as the body; `name` says its type by extension)",
)
async def upload(
    request: Request,
    who: Admin,
    engine: Annotated[Engine, Depends(get_engine)],
    settings: Annotated[Settings, Depends(get_settings)],
    name: Annotated[
        str,
        Query(
            min_length=1,
            max_length=255,
            description="original file name; its extension says the format (else 415)",
            json_schema_extra={"pattern": NAME_PATTERN},
        ),
    ],
) -> IngestResult:
    lowered = name.lower()
    if not lowered.endswith(ALLOWED_SUFFIXES):
        raise HTTPException(415, f"file type not accepted; one of {' '.join(ALLOWED_SUFFIXES)}")
    data = await read_capped(request, settings.max_upload_bytes)
    if not data:
        raise HTTPException(400, "empty upload")
    stored = safe_name(name, data)
    result = await run_in_threadpool(ingest_bytes, engine, data, stored)
    if result.outcome in ("added", "new_version"):
        try:
            from registry.consolidation import consolidate
        except ImportError:  # pragma: no cover - consolidation ships with the registry
            pass
        else:
            await run_in_threadpool(consolidate, engine)
    return IngestResult(
        name=stored,
        outcome=result.outcome,
        kind=result.kind,
        rows=result.rows,
        reason=result.reason,
        documents=list(result.documents),
    )
