"""/v1/documents: search legal documents by number or title, and one document's versions/effects."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BeforeValidator

from api.deps import Conn, DateParam, PageDep, RowId
from api.schemas import DocumentChanges, DocumentDetail, DocumentPage, Problem
from parsers.dates import read_optional_date
from registry.queries import document_changes as changes_query
from registry.queries.documents import DocumentNotFound, document_detail, search_documents

router = APIRouter(prefix="/v1/documents", tags=["documents"])


@router.get("", response_model=DocumentPage, summary="Search documents (number or title words)")
def search(
    conn: Conn,
    page: PageDep,
    q: Annotated[str, Query(max_length=200)] = "",
    issuer: Annotated[str | None, Query(max_length=64)] = None,
    doc_type: Annotated[str | None, Query(max_length=64)] = None,
    province: Annotated[str | None, Query(max_length=80)] = None,
) -> DocumentPage:
    total, items = search_documents(
        conn, q, issuer=issuer, doc_type=doc_type, province=province, page=page
    )
    return DocumentPage.model_validate(
        {"total": total, "page": page.number, "per_page": page.limit, "items": items}
    )


@router.get(
    "/{document_id}",
    response_model=DocumentDetail,
    responses={404: {"model": Problem}},
    summary="One document: its file versions and the effects it makes and receives",
)
def detail(conn: Conn, document_id: RowId) -> DocumentDetail:
    try:
        return DocumentDetail.model_validate(document_detail(conn, document_id))
    except DocumentNotFound:
        raise HTTPException(404, f"Không có văn bản số {document_id}.") from None


@router.get(
    "/{document_id}/changes",
    response_model=DocumentChanges,
    response_model_by_alias=True,
    responses={404: {"model": Problem}},
    summary="What changed in a document between two dates, provision by provision",
)
def changes(
    conn: Conn,
    document_id: RowId,
    from_: Annotated[
        date,
        BeforeValidator(read_optional_date),
        Query(
            alias="from", description="changes effective after this date (YYYY-MM-DD or dd/mm/yyyy)"
        ),
    ],
    to: Annotated[DateParam, Query(description="up to and including (default today)")] = None,
) -> DocumentChanges:
    end = to or date.today()  # an empty window (to before from) lists no change
    try:
        return DocumentChanges.model_validate(
            changes_query.document_changes(conn, document_id, from_, end)
        )
    except changes_query.DocumentNotFound:
        raise HTTPException(404, f"Không có văn bản số {document_id}.") from None
