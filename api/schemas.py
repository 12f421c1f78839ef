"""Response and request models: what /openapi.json promises, and what responses are checked against.

Nested details that mirror registry rows closely are typed as ``dict[str, Any]`` where their
shape depends on the data (gap evidence comes from the diff engine as recorded)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

ReviewAction = Literal["confirmed", "false_positive", "notified", "fixed", "open"]


class Problem(BaseModel):
    detail: str


class GapRow(BaseModel):
    id: int
    key: str
    kind: str
    province_code: str
    province_name: str
    province_written: str
    successor_code: str
    successor_name: str
    effective: str | None
    days_overdue: int | None
    score: float
    review_state: str
    procedure_code: str
    procedure_name: str
    provincial_document: str
    provincial_signed: str | None
    condition_key: str
    condition_document: str
    condition_unit: str = ""
    condition_citation: str = Field(
        "", description="the condition as a Vietnamese legal citation (machine key: condition_key)"
    )
    condition_text: str = Field("", description="the condition's text in force (or before its cut)")
    requirement_text: str = ""
    ministry: str
    effect_op: str = ""
    effect_document: str
    effect_unit: str
    effect_citation: str = Field("", description="the amending provision as a citation")
    national_citation: str = Field(
        "",
        description="the national side as a citation: the condition, the changed provision of a"
        " cited basis, or the publication that superseded a procedure",
    )
    national_action: str = Field(
        "",
        description="procedure gaps: what that publication did (new, amended, replaced, abolished)",
    )
    first_seen_scan_id: int | None
    last_seen_scan_id: int | None
    resolved_scan_id: int | None


class GapPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[GapRow]


class ReviewEventOut(BaseModel):
    id: int
    from_state: str
    to_state: str
    actor: str
    note: str
    at: str | None


class ScanEntry(BaseModel):
    scan_id: int
    started_at: str | None
    as_of: str | None
    status: str
    lookback: bool = False
    present: bool
    event: str = Field(description="first_seen, seen, resolved, reopened, absent, or lookback")


class GapDetail(GapRow):
    evidence: dict[str, Any]
    provincial: dict[str, Any]
    national: dict[str, Any]
    scans: list[ScanEntry]
    reviews: list[ReviewEventOut]


class ReviewIn(BaseModel):
    action: ReviewAction = Field(description="the new review state")
    note: str = Field(default="", max_length=4000)


class ReviewOut(ReviewEventOut):
    gap_id: int


class Scan(BaseModel):
    id: int
    started_at: str | None
    finished_at: str | None
    as_of: str | None
    status: str
    lookback: bool = Field(
        default=False,
        description="Dated before the latest run: answers for its date, changes no gap",
    )
    stats: dict[str, Any]


class ScanList(BaseModel):
    total: int
    items: list[Scan]


class ScanCounts(BaseModel):
    gaps: int
    new: int
    resolved: int
    by_kind: dict[str, int]
    by_province: dict[str, int]
    by_successor: dict[str, int]


class ScanDetail(Scan):
    counts: ScanCounts


class DiffGap(BaseModel):
    id: int | None = Field(description="None for a look back's finding no gap row holds")
    key: str
    kind: str
    province_code: str


class ScanDiff(BaseModel):
    from_scan: int
    to_scan: int
    appeared: list[DiffGap]
    gone: list[DiffGap]
    unchanged: int


class ScanStarted(BaseModel):
    scan_id: int | None
    result: dict[str, Any]


class ConditionSummary(BaseModel):
    id: int
    key: str
    document: str
    unit_id: str
    citation: str
    heading: str
    text: str = Field(
        description="In force on `as_of`; for a cut condition the last text before the cut"
    )
    text_since: str | None = None
    text_until: str | None = None
    text_note: str = ""
    earlier_texts: list[dict[str, Any]] = []
    type: str
    ministry: str
    repealed: bool
    status: str
    status_since: str | None = None
    effect: dict[str, Any] | None = None
    as_of: str


class ConditionPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[ConditionSummary]


class StatusInterval(BaseModel):
    status: str
    valid_from: str | None
    valid_to: str | None
    reason: str
    effect: dict[str, Any] | None
    text: str | None = None


class ConditionDetail(ConditionSummary):
    lead: str
    article_id: str
    basis: str
    quantities: list[dict[str, Any]]
    document_title: str
    document_signed: str | None
    document_effective: str | None
    business_lines: list[str]
    history: list[StatusInterval]
    versions: list[dict[str, Any]]


class DocumentSummary(BaseModel):
    id: int
    number: str
    issuer: str
    doc_type: str
    title: str
    signed: str | None
    effective: str | None
    province_code: str
    ministry: str


class DocumentPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[DocumentSummary]


class DocumentDetail(DocumentSummary):
    versions: list[dict[str, Any]]
    provisions: int
    conditions: int
    effects_made: list[dict[str, Any]]
    effects_received: list[dict[str, Any]]


class BusinessLineOut(BaseModel):
    id: int
    number: str
    name: str
    ministry: str
    list_document: str
    valid_from: str | None
    valid_to: str | None


class BusinessLineRow(BusinessLineOut):
    conditions: int


class Rules(BaseModel):
    business_line: BusinessLineOut
    as_of: str
    province: dict[str, Any] | None
    conditions: dict[str, list[dict[str, Any]]]
    counts: dict[str, int]
    ktcn: list[dict[str, Any]] = Field(description="One row per goods line in force on `as_of`")
    ktcn_summary: dict[str, Any]
    procedures: list[dict[str, Any]]
    documents: list[str]
    amending_documents: list[str]


class KtcnItemOut(BaseModel):
    hs: str
    hs_formatted: str
    relation: str
    name: str = Field(
        default="", description="The goods as the list names them (empty if it names none)"
    )
    description: str = Field(description="What the list says of the line (its requirement)")
    inspection_type: str
    agency: str
    list_document: str
    list_part: str
    partial: bool
    origin: str
    valid_from: str | None
    valid_to: str | None
    listed_on: str | None
    cut_by: str | None
    continued_in: str | None = None


class KtcnLookup(BaseModel):
    query: str
    hs: str
    hs_formatted: str
    level: int
    items: list[KtcnItemOut]
    timeline: list[dict[str, Any]]


class ProvinceOut(BaseModel):
    code: str
    name: str
    kind: str
    era: Literal["old", "new"]
    valid_from: str | None
    valid_to: str | None
    successor_code: str
    formed_from: list[str]
    aliases: list[str]
    procedures: int
    gaps: int


class Stats(BaseModel):
    as_of: str
    headline: dict[str, Any]
    conditions_over_time: list[dict[str, Any]]
    conditions_by_ministry: list[dict[str, Any]]
    conditions_by_business_line: list[dict[str, Any]]
    gaps_by_province_63: list[dict[str, Any]]
    gaps_by_province_34: list[dict[str, Any]]


class IngestResult(BaseModel):
    name: str
    outcome: str
    kind: str
    rows: int
    reason: str
    documents: list[str]


class ChangeEffect(BaseModel):
    id: int
    op: str
    op_label: str
    by_document: str
    by_unit: str
    citation: str = Field(description="the amending provision as a Vietnamese citation")
    effective: str | None
    evidence: str


class ProvisionChange(BaseModel):
    unit_id: str = Field(description='machine id of the provision ("" for the whole document)')
    citation: str
    change: Literal["amended", "inserted", "repealed"]
    change_label: str
    old_text: str | None = Field(description="text as of `from` (null: not yet in the document)")
    new_text: str | None = Field(description="text as of `to` (null: repealed)")
    effects: list[ChangeEffect]


class DocumentChanges(BaseModel):
    document_id: int
    document: str
    document_label: str
    title: str
    from_: str = Field(alias="from")
    to: str
    changes: list[ProvisionChange]
    undated_effects: int = Field(description="effects on this document whose date is not known")

    model_config = {"populate_by_name": True}
