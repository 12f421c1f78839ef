"""The generated world: national documents, conditions and their fate, KTCN lists, procedures.

The provincial side is streamed (see :mod:`corpora.generator.provincial`); everything here is small
enough (a few thousand objects at national scale) to hold in memory and is what the ground truth
describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Change:
    """What an amending document does to one condition."""

    kind: str  # "cut" | "amended"
    document: str  # the amending document's number
    unit: str  # the instruction's unit id inside the amending document
    effective: date
    op: str  # "repeal" | "amend" | "replace_phrase"
    new_text: str = ""  # the condition's text after an amendment
    target_unit: str = ""  # the unit the instruction names (a parent when a whole article goes)


@dataclass(slots=True)
class Condition:
    document: str
    unit: str
    ministry: str
    line: str  # stt in the business lines list
    type: str
    text: str
    number: int | None
    article: int
    change: Change | None = None

    @property
    def id(self) -> str:
        return f"{self.document}#{self.unit}"

    def status_on(self, on: date) -> str:
        if self.change is None or on < self.change.effective:
            return "in_force"
        return self.change.kind

    def text_on(self, on: date) -> str:
        """The text a copy made on `on` would restate ("" once cut)."""
        if self.change is None or on < self.change.effective:
            return self.text
        return self.change.new_text if self.change.kind == "amended" else ""


@dataclass(slots=True)
class Khoan:
    number: int
    condition: Condition | None = None  # a khoản that is itself a condition
    intro: str = ""  # a khoản grouping points
    points: list[tuple[str, Condition]] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    number: int
    heading: str
    intro: str = ""
    body: str = ""  # plain text of a non-condition article
    khoans: list[Khoan] = field(default_factory=list)
    chapter: str = ""  # set on the first article of a chapter: "Chương II|HEADING"

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        for k in self.khoans:
            if k.condition is not None:
                out.append(k.condition)
            out.extend(c for _, c in k.points)
        return out


@dataclass(slots=True)
class LegalDoc:
    """A national document: a base decree/circular stating conditions, or an amending one."""

    number: str
    kind: str  # "NĐ" | "TT" | "QĐ"
    ministry: str
    signed: date
    effective: date
    title: str
    fmt: str  # "md" | "vbpl" | "tvpl"
    path: str = ""
    role: str = "conditions"  # conditions | amending | ktcn_list | ktcn_amending | tthc
    lines: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


@dataclass(slots=True)
class Instruction:
    """One numbered item of an amending article."""

    text: str  # the instruction sentence
    quoted: str = ""  # quoted new text, on its own line(s)
    conditions: list[Condition] = field(default_factory=list)


@dataclass(slots=True)
class AmendingArticle:
    target: LegalDoc
    instructions: list[Instruction] = field(default_factory=list)


@dataclass(slots=True)
class AmendingDoc:
    doc: LegalDoc
    targets: list[AmendingArticle] = field(default_factory=list)


@dataclass(slots=True)
class KtcnLine:
    ministry: str
    document: str
    row: int
    hs: str  # 8 digits
    name: str
    inspection: str
    cut_by: str = ""
    cut_on: date | None = None


@dataclass(slots=True)
class KtcnList:
    doc: LegalDoc
    lines: list[KtcnLine]
    amending: LegalDoc | None = None
    kept: list[KtcnLine] = field(default_factory=list)


@dataclass(slots=True)
class Procedure:
    code: str
    name: str
    ministry: str
    line: str
    base: LegalDoc
    conditions: list[Condition]
    republished: list[tuple[str, date]] = field(default_factory=list)
    abolished: tuple[str, date] | None = None

    def exists_on(self, on: date) -> bool:
        return self.abolished is None or on < self.abolished[1]


@dataclass(slots=True)
class TthcDecision:
    """A ministry's decision re-publishing (amended) and abolishing procedure codes."""

    doc: LegalDoc
    republished: list[Procedure]
    abolished: list[Procedure]


@dataclass(slots=True)
class World:
    seed: int
    scale: str
    as_of: date
    lines: list[tuple[str, str, str]]  # (stt, name, ministry code)
    base_docs: list[LegalDoc]
    conditions: list[Condition]
    amending: list[AmendingDoc]
    ktcn: list[KtcnList]
    procedures: list[Procedure]
    tthc: list[TthcDecision]
