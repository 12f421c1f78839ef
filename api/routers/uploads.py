"""/v1/uploads: ingest one file sent as the request body, or as the file part of a
multipart/form-data form (admin).

The body is refused from its Content-Length when that is too large, and read as a stream that
stops at the limit otherwise, so an oversized upload is never held whole. A type the ingest does
not read (its own rule, :func:`registry.importers.documents.is_supported`) is refused with 415 before
anything is read or stored. A multipart form stores its file part, never the form envelope. The
client's file name never reaches the filesystem: the bytes go straight to the ingest, recorded
under a name made of the content hash and a sanitised base name (whose extension tells the
ingest the format).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from api.deps import Admin, get_engine, get_settings
from api.schemas import IngestResult, Problem
from registry.importers.documents import PLANNERS, is_supported
from registry.settings import Settings
from registry.store.ingest_files import ingest_bytes

router = APIRouter(prefix="/v1/uploads", tags=["uploads"])

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
ALLOWED_SUFFIXES = tuple(sorted(PLANNERS))
# The same rule as a portable (ECMA) pattern for the OpenAPI schema, case-insensitive by classes.
NAME_PATTERN = (
    r"^.*[A-Za-z0-9_]\.("
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
            raise HTTPException(400, "Content-Length không phải là số") from None
        if size > limit:
            raise HTTPException(413, f"tệp {size:,} byte vượt giới hạn {limit:,} byte")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise HTTPException(413, f"tệp vượt giới hạn {limit:,} byte")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_type(name: str) -> None:
    """415 unless the ingest reads the type of the name it will be stored under."""
    if not is_supported(safe_name(name, b"")):
        raise HTTPException(
            415,
            f"loại tệp “{name}” không được nạp; chỉ nhận: {' '.join(ALLOWED_SUFFIXES)}",
        )


async def _file_part(data: bytes, content_type: str) -> bytes:
    """The file of a multipart/form-data body; 400 unless the form holds exactly one file."""
    from starlette.datastructures import Headers, UploadFile
    from starlette.formparsers import MultiPartException, MultiPartParser

    async def body() -> AsyncGenerator[bytes, None]:
        yield data

    try:
        form = await MultiPartParser(Headers({"content-type": content_type}), body()).parse()
    except MultiPartException as e:
        raise HTTPException(400, f"biểu mẫu multipart không hợp lệ: {e.message}") from None
    files = [v for _k, v in form.multi_items() if isinstance(v, UploadFile)]
    try:
        if len(files) != 1:
            raise HTTPException(400, "biểu mẫu multipart phải có đúng một tệp")
        return await files[0].read()
    finally:
        await form.close()


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
                "application/octet-stream": {
                    "schema": {"type": "string", "format": "binary", "minLength": 1}
                },
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary", "minLength": 1}
                        },
                        "required": ["file"],
                    }
                },
            },
        }
    },
    summary="Ingest one file (its bytes as the body, or a multipart form's one file part; "
    "`name` says its type by extension)",
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
    _refuse_type(name)
    content_type = request.headers.get("content-type", "")
    data = await read_capped(request, settings.max_upload_bytes)
    if content_type.lower().startswith("multipart/form-data"):
        data = await _file_part(data, content_type)
    if not data:
        raise HTTPException(400, "tệp rỗng")
    stored = safe_name(name, data)
    result = await run_in_threadpool(ingest_bytes, engine, data, stored)
    if result.outcome in ("added", "new_version"):
        try:
            from registry.consolidation.rebuild import consolidate
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
