"""What a provincial TTHC decision is read into: the decision, its procedures, their requirements
and legal bases (:mod:`parsers.procedures` reads them)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from parsers.model import ParseWarning

ACTIONS = ("new", "amended", "abolished", "standardised", "")


@dataclass(slots=True)
class Requirement:
    """One "Yêu cầu, điều kiện thực hiện" item: its text and span; `lead` the line introducing it."""

    text: str
    start: int
    end: int
    lead: str = ""


@dataclass(slots=True)
class LegalBasis:
    """A cited document (normalised number, or type + name when unnumbered) and unit id if given."""

    text: str
    document: str = ""
    doc_type: str = ""
    unit: str = ""
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Procedure:
    """One listed procedure. `code` the national code ("2.000674", "" when none); `action` one of
    :data:`ACTIONS`; `field` the lĩnh vực; `level` "tỉnh" / "huyện" / "xã" / "dùng chung" or ""."""

    code: str
    name: str
    action: str = ""
    field: str = ""
    level: str = ""
    requirements: list[Requirement] = dataclasses.field(default_factory=list)
    legal_bases: list[LegalBasis] = dataclasses.field(default_factory=list)
    start: int = -1


@dataclass(slots=True)
class ProcedureDecision:
    number: str
    province: str = ""
    province_code: str = ""
    signed: date | None = None
    procedures: list[Procedure] = dataclasses.field(default_factory=list)
    warnings: list[ParseWarning] = dataclasses.field(default_factory=list)
