"""What the parsers find in a legal text.

Parsers are pure functions of text to these dataclasses; the registry persists them and the CLI
prints them. Everything is JSON-serialisable through :func:`to_dict` so `dkkd parse --json` and the
golden files share one shape.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any


class UnitKind(StrEnum):
    """Structural levels of a Vietnamese legal text (DOMAIN.md §4.3), outermost first."""

    PHAN = "phan"
    CHUONG = "chuong"
    MUC = "muc"
    TIEU_MUC = "tieu_muc"
    DIEU = "dieu"
    KHOAN = "khoan"
    DIEM = "diem"
    TIET = "tiet"
    PHU_LUC = "phu_luc"
    TABLE = "table"
    PARAGRAPH = "paragraph"


class Role(StrEnum):
    """Why a text cites another (căn cứ is a reference, never an effect)."""

    CAN_CU = "can_cu"
    SUA_DOI = "sua_doi"
    BAI_BO = "bai_bo"
    THAY_THE = "thay_the"
    DAN_CHIEU = "dan_chieu"


class Op(StrEnum):
    """Amendment operations (legislation.gov.uk's effect types, adapted)."""

    REPEAL = "repeal"
    AMEND = "amend"
    INSERT = "insert"
    REPLACE_PHRASE = "replace_phrase"
    RENAME = "rename"
    REPLACE_DOCUMENT = "replace_document"
    SUSPEND = "suspend"
    EXPIRE = "expire"


@dataclass(slots=True)
class Unit:
    """One structural unit. `id` is the path of its numbered ancestors (`dieu_5__khoan_2__diem_a`)."""

    id: str
    kind: UnitKind
    number: str = ""
    heading: str = ""
    text: str = ""
    parent: str | None = None
    start: int = 0
    end: int = 0
    # True for placeholders such as "1. (được bãi bỏ)" that keep a repealed unit's number.
    repealed: bool = False
    # Source note under a pháp điển article, verbatim.
    note: str = ""
    # Rows of a table unit (cells as plain text); empty for other kinds.
    rows: list[list[str]] = field(default_factory=list)
    # Pháp điển cross-reference lines "(Điều này có nội dung liên quan đến …)", verbatim; not text.
    related: list[str] = field(default_factory=list)
    # (The structure parser gives the units that cannot hold rows or related lines one shared
    # empty list that refuses changes in place: assign a new list to change them.)


def units_by_start(units: list[Unit]) -> list[Unit]:
    """Units by start, the longer first where starts tie: the order a sort on (start, -end) gives.

    The structure parser's units come that way already (distinct starts, ascending): checked by
    C-level list operations, they are not sorted again.
    """
    starts = [u.start for u in units]
    if len(set(starts)) == len(starts) and starts == sorted(starts):
        return list(units)
    by_end = sorted(units, key=attrgetter("end"), reverse=True)  # two stable sorts, no key tuples
    return sorted(by_end, key=attrgetter("start"))


@dataclass(slots=True)
class Reference:
    """A citation of a document or provision, with its span in the normalised text."""

    text: str
    start: int
    end: int
    role: Role
    # Normalised number of the cited document, "self" for "Nghị định này", "" if not resolvable.
    document: str = ""
    # Unit id inside that document ("dieu_5__khoan_2"), "" for a whole document.
    unit: str = ""
    # Document type as written when cited without a number ("Luật Thương mại").
    doc_type: str = ""
    # The unit of the citing document the reference sits in.
    in_unit: str = ""


@dataclass(slots=True)
class Effect:
    """One amendment operation performed by an amending text (or recorded by a source note)."""

    op: Op
    target_document: str
    target_unit: str = ""
    by_document: str = ""
    by_unit: str = ""
    effective: date | None = None
    new_text: str = ""
    old_text: str = ""
    evidence: str = ""
    evidence_start: int = -1
    evidence_end: int = -1
    # Where the effect came from: "instruction" (amending text) or "note" (pháp điển / VBHN).
    source: str = "instruction"
    # Where an insertion goes: for an inserted unit, the id of the unit it follows ("dieu_8" for
    # "Bổ sung Điều 8a vào sau Điều 8"; "" = appended at the end of its parent); for a phrase
    # insertion (replace_phrase with empty old_text), the phrase it follows ("" = end of the unit).
    # Prefixed "before:" (parsers.effects.BEFORE) when it goes before the anchor ("vào trước").
    anchor: str = ""
    # Only part of the target unit is changed ("có nội dung bị bãi bỏ", a phrase in a heading).
    partial: bool = False


@dataclass(slots=True)
class Metadata:
    number: str = ""
    type: str = ""
    issuer: str = ""
    # Province code (DOMAIN.md §5) when the issuer is a provincial body; "" for national bodies.
    province_code: str = ""
    title: str = ""
    signed: date | None = None
    effective: list[date] = field(default_factory=list)
    place: str = ""


@dataclass(slots=True)
class ParseWarning:
    code: str
    message: str
    start: int = -1


@dataclass(slots=True, frozen=True)
class Anchor:
    """Where the text from `start` on came from in a Word or PDF file (parsers.formats).

    `page` is 1-based (0 when the format records no pages), `paragraph` counts the file's
    paragraphs and tables in reading order (1-based); `ocr` marks text read by OCR.
    """

    start: int
    page: int
    paragraph: int
    ocr: bool = False


@dataclass(slots=True)
class Document:
    source: str
    format: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    units: list[Unit] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # For text extracted from Word or PDF files: one anchor per line, by start (else empty).
    anchors: list[Anchor] = field(default_factory=list)

    def unit(self, unit_id: str) -> Unit | None:
        for u in self.units:
            if u.id == unit_id:
                return u
        return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_dict(doc: Document, *, include_text: bool = False) -> dict[str, Any]:
    """The `dkkd parse --json` shape; the full normalised text only on request (it is large)."""
    out = _jsonable(doc)
    if not include_text:
        out.pop("text", None)
    if not doc.anchors:
        out.pop("anchors", None)  # text formats have none: their JSON keeps its shape
    return out
