"""The grammar of amending instructions: verb, phrase and heading patterns, built from
:mod:`parsers.wording`, and the clause record each instruction is read into."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from parsers import plain, wording
from parsers.citations import (
    Path,
)
from parsers.model import Op

# "Điều 5.", "Điều 8a.", and pháp điển codes "Điều 26.2.LQ.101." (the whole code is the label).
_ARTICLE_HEADING = re.compile(
    r"^(?:\*\*)?Điều[ ]+(?P<n>\d+[a-zđ]?(?:\.[0-9A-Za-zĐđ]+)*)(?:\*\*)?\."
)
# A pháp điển article heading glued to the end of the previous line ("… tại Việt Nam.Điều
# 24.4.LQ.38. Hủy bỏ …"): another article's title, never part of the line's instruction.
_GLUED_CODE_HEADING = re.compile(r"Điều[ ]\d+\.\d+\.[A-ZĐ]{1,4}\.\d")
# Where a line that may be an article heading starts: after its newline, blanks (str.strip's
# whitespace) and "**".
_HEADING_START = re.compile(r"\n[^\S\n]*(?:\*\*)?Điều")
_NON_SPACE = re.compile(r"\S")
# The date an instruction states ("(kể) từ ngày 01/7/2031"): "kể " before it never changes the
# date read, and without it the pattern has a literal prefix the engine skips to.
_FROM_DATE = re.compile(r"từ[ ]ngày[ ]([^,;)]{6,30})")
_VERB_WORDS = wording.INSTRUCTION_WORDS
_VERBS = re.compile("|".join(_VERB_WORDS))


def _has_verb_plain(folded: str) -> bool:
    """Whether `folded` holds an amendment verb: the plain form of `wording.has_instruction_verb`."""
    return _VERBS.search(folded) is not None


# Fast path: one C-level substring test per verb word, no regex engine (the pattern is plain
# words); the plain form under DKKD_PLAIN_PARSERS=1.
_has_verb = plain.choose(wording.has_instruction_verb, _has_verb_plain)
_RELATED = "(Điều này có nội dung liên quan"
# Effect.anchor convention: an insertion that goes *before* its anchor ("Bổ sung Điều 8a vào
# trước Điều 9", "Bổ sung cụm từ “X” vào trước cụm từ “Y”") has the anchor prefixed with this;
# a bare anchor means "after" (the usual "vào sau"). It survives the registry's effect table.
BEFORE = "before:"

_Q = r"[“\"]"
_QE = r"[”\"]"
_PHRASE_REPLACE = re.compile(
    rf"(?i:thay(?:[ ]thế)?)[ ](?:(?i:các)[ ])?(?i:cụm[ ]từ|từ[ ]ngữ|từ|cụm)[ ]?{_Q}(?P<a>[^”\"]*?)(?:{_QE}[ ]?|[ ])"
    rf"(?i:bằng)[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?)?{_Q}(?P<b>[^”\"]*){_QE}"
)
_PHRASE_REMOVE = re.compile(
    rf"(?i:{wording.spaced(wording.REPEAL)}|bỏ)[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?){_Q}(?P<a>[^”\"]*){_QE}"
)
_PHRASE_INSERT = re.compile(
    rf"(?i:{wording.spaced(wording.INSERT)})[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?){_Q}(?P<b>[^”\"]*){_QE}"
    rf"(?:[ ]vào[ ](?P<where>sau|trước)[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?){_Q}(?P<a>[^”\"]*){_QE}"
    rf"|[ ]vào[ ](?P<end>cuối))?"
)
_INTO_END = re.compile(r"^(?:vào[ ])?cuối\b")
_INTO = re.compile(r"\bvào[ ](?P<where>sau|trước|cuối)?[ ]?")
_EXPIRE = re.compile(wording.spaced(wording.EXPIRE))
_REPLACES_DOC = re.compile(rf"\b{wording.spaced(wording.REPLACE)}(?:[ ]cho)?[ ]")


def _verbs_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words`, in any case, each blank a one-space class."""
    return re.compile("(?i:" + wording.alternation(tuple(map(wording.spaced, words))) + ")")


_SUSPEND = _verbs_pattern(wording.SUSPEND_VERBS)
_REPEAL = _verbs_pattern(wording.REPEAL_VERBS)
_INSERT = _verbs_pattern(wording.INSERT_VERBS)
_AMEND = _verbs_pattern(wording.AMEND_VERBS)
_RENAME = re.compile(
    rf"(?i:{wording.spaced(wording.AMEND)})(?:,[ ]{wording.spaced(wording.INSERT)})?[ ]"
    r"(?:(?i:tên)|(?i:tiêu[ ]đề))\b"
)
_SOME = re.compile(r"(?i:một[ ]số|các[ ]quy[ ]định|toàn[ ]bộ[ ]các)")


@dataclass(slots=True)
class _Clause:
    op: Op | None
    paths: list[Path]
    anchor: Path | None = None
    parent: Path | None = None
    old_text: str = ""
    new_text: str = ""
    phrase_anchor: str = ""
    # The insertion goes before `anchor` ("vào trước"), not after it.
    before: bool = False
    documents: list[str] = field(default_factory=list)
    text: str = ""
    start: int = 0
    effective: date | None = None
