"""The registry's schema: every table the ingest writes and the queries, scans and API read.

SQLModel classes give typed rows to readers; the hot ingest path writes through each class's
``__table__`` with SQLAlchemy Core ``insert()`` and lists of dicts. The Alembic migrations under
``registry/store/migrations`` create exactly these tables (a test compares them both ways).

Identity and time, in short (DESIGN.md): a document is identified by issuer + normalised number
(+ signing date when the number carries no year); a file's content hash makes ingest idempotent;
every status has a validity interval ``[valid_from, valid_to)`` where ``None`` means "unbounded /
not stated" and each status row points to the effect that caused it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import JSON, Column, Index, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Condition and provision statuses (ARCHITECTURE.md "Time and status").
STATUSES = ("in_force", "cut", "amended", "unknown")
# Review states of a gap (issue 5/6): open → confirmed → notified → fixed | false_positive.
REVIEW_STATES = ("open", "confirmed", "notified", "fixed", "false_positive")


def _text(nullable: bool = False) -> Any:
    return Field(default="", sa_column=Column(Text, nullable=nullable))


# --- files and documents -----------------------------------------------------------------------


class SourceFile(SQLModel, table=True):
    """One content version of an ingested file. The same bytes twice are one row (sha256)."""

    __tablename__ = "source_file"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(index=True)
    sha256: str = Field(unique=True, max_length=64)
    size: int
    format: str = Field(max_length=16)
    # What the importer made of it: legal / phapdien / procedures / business_lines / ktcn / reference.
    kind: str = Field(max_length=32)
    ingested_at: datetime
    # Set when a later content version of the same path arrives; the old rows stay queryable.
    superseded_at: datetime | None = None
    # What the importer learnt of the file as a whole (e.g. a compiled list's snapshot date).
    info: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class Document(SQLModel, table=True):
    """A legal document, independent of the files it was read from."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    # "<issuer>|<number key>[|<signed>]": see registry.store.identity.
    identity: str = Field(unique=True, max_length=200)
    issuer: str = Field(index=True, max_length=64)
    number: str = Field(index=True, max_length=120)
    number_key: str = Field(index=True, max_length=120)
    doc_type: str = Field(default="", max_length=64)
    title: str = _text()
    signed: date | None = None
    effective: date | None = None
    province_code: str = Field(default="", index=True, max_length=8)
    # The ministry answering for it: its issuer code, or the ministry its provisions name most.
    ministry: str = Field(default="", max_length=16)
    created_at: datetime


class DocumentVersion(SQLModel, table=True):
    """What one file version says of one document (a pháp điển chapter yields many)."""

    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "source_file_id", name="uq_document_version_file"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    source_file_id: int = Field(foreign_key="source_file.id", index=True)
    path: str = Field(index=True)
    version_no: int = 1
    # "document" (the text itself), "phapdien" (articles codified in a chapter), "procedures".
    origin: str = Field(default="document", max_length=16)
    effective: date | None = None
    ingested_at: datetime
    current: bool = Field(default=True, index=True)


class Provision(SQLModel, table=True):
    """One unit (Điều, khoản, điểm, table …) of one document version, with its own text."""

    __tablename__ = "provision"
    __table_args__ = (
        UniqueConstraint("document_version_id", "unit_id", name="uq_provision_version_unit"),
        Index("ix_provision_document_unit", "document_id", "unit_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    document_version_id: int = Field(foreign_key="document_version.id", index=True)
    unit_id: str = Field(max_length=200)
    parent_unit: str | None = Field(default=None, max_length=200)
    kind: str = Field(max_length=16)
    number: str = Field(default="", max_length=32)
    heading: str = _text()
    text: str = _text()
    note: str = _text()
    repealed: bool = False
    position: int = 0
    # Where the unit starts in a Word or PDF source (page 1-based, paragraph in reading order);
    # None for text formats, which have neither.
    page: int | None = None
    paragraph: int | None = None


class ProvisionStatus(SQLModel, table=True):
    """Dated status of a provision, computed by consolidation from the effects."""

    __tablename__ = "provision_status"
    __table_args__ = (Index("ix_provision_status_key", "document_id", "unit_id", "valid_from"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    unit_id: str = Field(max_length=200)
    status: str = Field(max_length=16)
    valid_from: date | None = None
    valid_to: date | None = None
    effect_id: int | None = Field(default=None, foreign_key="effect.id")
    # The text in force in this interval when an effect supplies it (amend with new text).
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str = Field(default="", max_length=200)


class Effect(SQLModel, table=True):
    """One amendment operation (parsers.model.Effect) plus what consolidation made of it."""

    __tablename__ = "effect"
    __table_args__ = (
        Index("ix_effect_target", "target_document_key", "target_unit"),
        Index("ix_effect_target_document_id", "target_document_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_version_id: int = Field(foreign_key="document_version.id", index=True)
    op: str = Field(max_length=24)
    target_document: str = Field(max_length=120)
    target_document_key: str = Field(max_length=120)
    target_unit: str = Field(default="", max_length=200)
    by_document: str = Field(default="", max_length=120)
    by_unit: str = Field(default="", max_length=200)
    effective: date | None = Field(default=None, index=True)
    new_text: str = _text()
    old_text: str = _text()
    evidence: str = _text()
    evidence_start: int = -1
    evidence_end: int = -1
    source: str = Field(default="instruction", max_length=16)
    anchor: str = Field(default="", max_length=200)
    partial: bool = False
    # Consolidation: whether the target was found and the effect applied, and why not.
    applied: bool = Field(default=False, index=True)
    unapplied_reason: str = Field(default="", max_length=200)
    target_document_id: int | None = Field(default=None, foreign_key="document.id")
    by_document_id: int | None = Field(default=None, foreign_key="document.id")


# --- business lines and conditions ---------------------------------------------------------------


class BusinessLine(SQLModel, table=True):
    """One line of the Investment Law's list of conditional business lines, in one list version."""

    __tablename__ = "business_line"
    __table_args__ = (
        UniqueConstraint("list_document", "source_file_id", "number", name="uq_business_line"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(index=True, max_length=16)
    name: str = _text()
    folded_name: str = _text()
    ministry: str = Field(default="", index=True, max_length=16)
    position: int = 0
    list_document: str = Field(default="", max_length=120)
    source_file_id: int = Field(foreign_key="source_file.id", index=True)
    valid_from: date | None = None
    valid_to: date | None = None


class Condition(SQLModel, table=True):
    """A business condition; `key` (document number # original unit id) is its id for life."""

    __tablename__ = "condition"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=340)
    document_id: int = Field(foreign_key="document.id", index=True)
    document_number: str = Field(max_length=120)
    unit_id: str = Field(max_length=200)
    article_id: str = Field(default="", max_length=200)
    heading: str = _text()
    lead: str = _text()
    text: str = _text()
    type: str = Field(default="other", index=True, max_length=24)
    quantities: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    ministry: str = Field(default="", index=True, max_length=16)
    basis: str = Field(default="title", max_length=16)
    repealed: bool = False
    first_version_id: int = Field(foreign_key="document_version.id")
    last_version_id: int = Field(foreign_key="document_version.id")


class ConditionBusinessLine(SQLModel, table=True):
    """Which business line(s) a condition belongs to (by number, best match first)."""

    __tablename__ = "condition_business_line"

    condition_id: int = Field(foreign_key="condition.id", primary_key=True)
    business_line_number: str = Field(primary_key=True, max_length=16)
    rank: int = 0


class ConditionStatus(SQLModel, table=True):
    """Dated status of a condition, each pointing to the effect that caused it (if any)."""

    __tablename__ = "condition_status"
    __table_args__ = (Index("ix_condition_status_key", "condition_id", "valid_from"),)

    id: int | None = Field(default=None, primary_key=True)
    condition_id: int = Field(foreign_key="condition.id")
    status: str = Field(max_length=16, index=True)
    valid_from: date | None = None
    valid_to: date | None = None
    effect_id: int | None = Field(default=None, foreign_key="effect.id")
    reason: str = Field(default="", max_length=200)


# --- KTCN ---------------------------------------------------------------------------------------


class KtcnItem(SQLModel, table=True):
    """One line of a specialised-inspection list: HS code (8 digits or prefix) × list × type."""

    __tablename__ = "ktcn_item"
    __table_args__ = (Index("ix_ktcn_item_list", "list_document", "hs"),)

    id: int | None = Field(default=None, primary_key=True)
    hs: str = Field(index=True, max_length=8)
    description: str = _text()
    # The goods as the list names them (a table's goods column, the compiled list's `ten`).
    name: str = _text()
    inspection_type: str = Field(default="", max_length=200)
    agency: str = Field(default="", index=True, max_length=200)
    list_document: str = Field(default="", max_length=120)
    list_part: str = Field(default="", max_length=32)
    unit_id: str = Field(default="", max_length=200)
    partial: bool = False
    # "text" (an appendix table of a legal text) or "compiled" (the compiled jsonl list).
    origin: str = Field(default="text", max_length=16)
    source_file_id: int = Field(foreign_key="source_file.id", index=True)
    valid_from: date | None = None
    valid_to: date | None = None
    # Date of the compiled list that showed the line (a dated source when valid_from is unknown).
    listed_on: date | None = None
    cut_by_effect_id: int | None = Field(default=None, foreign_key="effect.id")


# --- provinces ----------------------------------------------------------------------------------


class Province(SQLModel, table=True):
    """A provincial-level unit with its code's validity (codes changed meaning on 1 Jul 2025)."""

    __tablename__ = "province"
    __table_args__ = (UniqueConstraint("code", "valid_from", name="uq_province_code_from"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, max_length=8)
    name: str = Field(max_length=80)
    folded_name: str = Field(index=True, max_length=80)
    kind: str = Field(max_length=16)
    valid_from: date | None = None
    valid_to: date | None = None
    successor_code: str = Field(default="", max_length=8)
    formed_from: str = Field(default="", max_length=64)


class ProvinceAlias(SQLModel, table=True):
    """Another name a unit answers to (Hà Tây, Đà Lạt, Vũng Tàu, TP.HCM …), folded for lookup."""

    __tablename__ = "province_alias"

    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    alias: str = Field(max_length=80)
    folded: str = Field(index=True, max_length=80)


# --- provincial procedures ----------------------------------------------------------------------


class Procedure(SQLModel, table=True):
    """One procedure as a provincial decision lists it (one row per publication)."""

    __tablename__ = "procedure"
    __table_args__ = (Index("ix_procedure_code_province", "code", "province_code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(default="", max_length=16)
    name: str = _text()
    folded_name: str = _text()
    province_code: str = Field(default="", index=True, max_length=8)
    province_written: str = Field(default="", max_length=80)
    successor_code: str = Field(default="", max_length=8)
    decision_document_id: int = Field(foreign_key="document.id", index=True)
    document_version_id: int = Field(foreign_key="document_version.id", index=True)
    decision_number: str = Field(default="", max_length=120)
    signed: date | None = None
    # 1, 2, … : the how-many-th publication of this code by this province (by signing date).
    version: int = 1
    action: str = Field(default="", max_length=16)
    field: str = Field(default="", max_length=200)
    level: str = Field(default="", max_length=16)
    position: int = 0


class ProcedureRequirement(SQLModel, table=True):
    __tablename__ = "procedure_requirement"

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: int = Field(foreign_key="procedure.id", index=True)
    text: str = _text()
    lead: str = _text()
    position: int = 0
    start: int = -1
    end: int = -1
    # Where it was read in a Word or PDF decision (None for text formats), and whether OCR read
    # it: matches against OCR text carry lower trust (registry.scan.diff.OCR_TRUST).
    page: int | None = None
    paragraph: int | None = None
    ocr: bool = False


class ProcedureLegalBasis(SQLModel, table=True):
    __tablename__ = "procedure_legal_basis"

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: int = Field(foreign_key="procedure.id", index=True)
    text: str = _text()
    document: str = Field(default="", index=True, max_length=120)
    doc_type: str = Field(default="", max_length=64)
    unit: str = Field(default="", max_length=200)


# --- quarantine ---------------------------------------------------------------------------------


class Quarantine(SQLModel, table=True):
    """Input the ingest could not read, with the reason; the batch went on without it."""

    __tablename__ = "quarantine"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(index=True)
    sha256: str = Field(default="", index=True, max_length=64)
    size: int = 0
    reason: str = _text()
    # Which problem, for machines (registry.importers.plan.QUARANTINE_CODES); the reason says it in words.
    code: str = Field(default="", max_length=32)
    at: datetime


class ConsolidationPending(SQLModel, table=True):
    """A committed file whose consolidation has not committed yet.

    Written in the file's own transaction and deleted once a consolidation that saw it has
    committed, so an ingest killed between its last file and its consolidation is finished by the
    next ingest, even one that finds every file unchanged.
    """

    __tablename__ = "consolidation_pending"

    id: int | None = Field(default=None, primary_key=True)
    source_file_id: int


# --- reserved for the diff engine, scans and review (issues 5-6) --------------------------------


class ScanRun(SQLModel, table=True):
    __tablename__ = "scan_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime
    finished_at: datetime | None = None
    as_of: date
    status: str = Field(default="running", max_length=16)
    stats: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class Gap(SQLModel, table=True):
    """A compliance gap: a province still applying what the centre cut or changed."""

    __tablename__ = "gap"
    __table_args__ = (Index("ix_gap_province_state", "province_code", "review_state"),)

    id: int | None = Field(default=None, primary_key=True)
    # Stable across scans: the same finding in the next scan has the same key.
    key: str = Field(unique=True, max_length=300)
    kind: str = Field(max_length=32)
    province_code: str = Field(default="", max_length=8)
    successor_code: str = Field(default="", max_length=8)
    procedure_id: int | None = Field(default=None, foreign_key="procedure.id")
    requirement_id: int | None = Field(default=None, foreign_key="procedure_requirement.id")
    condition_id: int | None = Field(default=None, foreign_key="condition.id")
    effect_id: int | None = Field(default=None, foreign_key="effect.id")
    effective: date | None = None
    score: float = 0.0
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    first_seen_scan_id: int | None = Field(default=None, foreign_key="scan_run.id")
    last_seen_scan_id: int | None = Field(default=None, foreign_key="scan_run.id", index=True)
    resolved_scan_id: int | None = Field(default=None, foreign_key="scan_run.id")
    review_state: str = Field(default="open", max_length=16)


class ReviewEvent(SQLModel, table=True):
    """Audit trail of a gap's review state."""

    __tablename__ = "review_event"

    id: int | None = Field(default=None, primary_key=True)
    gap_id: int = Field(foreign_key="gap.id", index=True)
    from_state: str = Field(max_length=16)
    to_state: str = Field(max_length=16)
    actor: str = Field(default="", max_length=120)
    note: str = _text()
    at: datetime


class ApiToken(SQLModel, table=True):
    """A bearer token of the write endpoints (registry.store.tokens): only its keyed digest is stored.

    Part of the schema (not created by the API on first use) so that migrations and autogenerate
    see every table the application writes.
    """

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    role: str = Field(max_length=16)
    digest: str = Field(unique=True, max_length=64)
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


# The API's gap listing pages by effective date (its default sort) and filters by kind: with these
# the page's ids come from a covering index instead of a scan of the wide gap rows (migration 0004).
Index("ix_gap_effective", Gap.__table__.c.effective)  # type: ignore[attr-defined]
Index("ix_gap_kind_effective", Gap.__table__.c.kind, Gap.__table__.c.effective)  # type: ignore[attr-defined]
# Every column the listing's filters and sorts read (migration 0008): counts and filtered pages
# read these index entries instead of the wide gap rows.
Index(
    "ix_gap_filter",
    *(
        Gap.__table__.c[name]  # type: ignore[attr-defined]
        for name in (
            "province_code",
            "kind",
            "review_state",
            "effective",
            "score",
            "procedure_id",
            "condition_id",
            "successor_code",
            "first_seen_scan_id",
            "last_seen_scan_id",
            "resolved_scan_id",
        )
    ),
)

metadata = SQLModel.metadata


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model, for bulk inserts and Core queries (typed for mypy)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]
